//! Reading one ip-location-db CSV file (`asn-ipv4.csv`, `asn-ipv6.csv`,
//! `geo-whois-asn-country-ipv4.csv`, `geo-whois-asn-country-ipv6.csv`) into one part of the
//! table. The files have no header: `range_start,range_end,asn,organisation` or
//! `range_start,range_end,country`, sorted by start, ranges not overlapping.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::{DataSource, Part, Ranges};
use crate::MonitorError;

/// Which part of the table a file fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// IPv4 ranges → AS number and organisation.
    AsnV4,
    /// IPv6 ranges → AS number and organisation.
    AsnV6,
    /// IPv4 ranges → country.
    CountryV4,
    /// IPv6 ranges → country.
    CountryV6,
}

impl TableKind {
    /// The part's name in messages and source lists.
    pub fn label(self) -> &'static str {
        match self {
            TableKind::AsnV4 => "IPv4 networks (AS number and organisation)",
            TableKind::AsnV6 => "IPv6 networks (AS number and organisation)",
            TableKind::CountryV4 => "IPv4 registration countries",
            TableKind::CountryV6 => "IPv6 registration countries",
        }
    }
}

/// One file's worth of table, ready to replace the matching part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableFile {
    #[allow(missing_docs)]
    AsnV4(Part<u32, u32>, HashMap<u32, String>),
    #[allow(missing_docs)]
    AsnV6(Part<u128, u32>, HashMap<u32, String>),
    #[allow(missing_docs)]
    CountryV4(Part<u32, [u8; 2]>),
    #[allow(missing_docs)]
    CountryV6(Part<u128, [u8; 2]>),
}

impl TableFile {
    /// Which part this file fills.
    pub fn kind(&self) -> TableKind {
        match self {
            TableFile::AsnV4(..) => TableKind::AsnV4,
            TableFile::AsnV6(..) => TableKind::AsnV6,
            TableFile::CountryV4(_) => TableKind::CountryV4,
            TableFile::CountryV6(_) => TableKind::CountryV6,
        }
    }
}

/// Collects rows, then lays them over each other. The published files are not quite flat:
/// a few ranges sit inside larger ones (a more specific registration within a block) or
/// overlap at an edge. The smaller range wins where two overlap, and of two of the same
/// size the later row, as a routing table would prefer the more specific prefix.
struct Collect<V> {
    rows: Vec<(u128, u128, V)>,
}

impl<V: Copy + Default + PartialEq> Collect<V> {
    fn new() -> Self {
        Collect { rows: Vec::new() }
    }

    fn push(&mut self, start: u128, end: u128, value: V) {
        self.rows.push((start, end, value));
    }

    fn finish<K: TryFrom<u128>>(mut self) -> Ranges<K, V> {
        // Largest first, so that smaller ranges are painted over them; the sort is stable,
        // so equal sizes keep file order.
        self.rows.sort_by_key(|(s, e, _)| std::cmp::Reverse(e - s));
        let mut paint: BTreeMap<u128, V> = BTreeMap::new();
        for (start, end, value) in self.rows {
            let next = end.checked_add(1);
            let after = next.map(|n| {
                paint
                    .range(..=n)
                    .next_back()
                    .map_or(V::default(), |(_, v)| *v)
            });
            let covered: Vec<u128> = match next {
                Some(n) => paint.range(start..n).map(|(k, _)| *k).collect(),
                None => paint.range(start..).map(|(k, _)| *k).collect(),
            };
            for k in covered {
                paint.remove(&k);
            }
            paint.insert(start, value);
            if let (Some(n), Some(a)) = (next, after) {
                paint.entry(n).or_insert(a);
            }
        }
        let mut ranges = Ranges::default();
        for (start, value) in paint {
            if ranges.values.last() == Some(&value)
                || (ranges.starts.is_empty() && value == V::default())
            {
                continue;
            }
            // Every start came from an address of the file's family (or one past its end,
            // which is still in range unless the row ended at the last address).
            let Ok(k) = K::try_from(start) else { continue };
            ranges.starts.push(k);
            ranges.values.push(value);
        }
        ranges
    }
}

/// Reads one ip-location-db CSV file. Its kind is told by its rows: four fields are AS
/// numbers, three are countries; dotted addresses are IPv4, colon ones IPv6.
pub fn read_table_csv(input: impl Read, source: DataSource) -> Result<TableFile, MonitorError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input.take(super::MAX_TABLE_BYTES));
    let mut asns = Collect::<u32>::new();
    let mut countries = Collect::<[u8; 2]>::new();
    let mut orgs = HashMap::new();
    let mut kind: Option<TableKind> = None;
    crate::csv_rows::each_row(
        &mut reader,
        |record, line| {
            let row = Row::parse(record, line)?;
            let this = row.kind();
            if *kind.get_or_insert(this) != this {
                return Err(MonitorError::table(
                    line,
                    &format!(
                        "this row is of {}, the file began with {}",
                        this.label(),
                        kind.map_or("", TableKind::label)
                    ),
                ));
            }
            match row {
                Row::Asn(start, end, asn, org) => {
                    orgs.entry(asn).or_insert(org);
                    asns.push(wide(start), wide(end), asn);
                }
                Row::Country(start, end, cc) => countries.push(wide(start), wide(end), cc),
            }
            Ok(())
        },
        |line, m| MonitorError::table(line, &m),
    )?;
    fn part<K, V>(source: &DataSource, ranges: Ranges<K, V>) -> Part<K, V> {
        Part {
            source: Some(source.clone()),
            ranges,
        }
    }
    let s = &source;
    Ok(match kind {
        None => return Err(MonitorError::table(1, "the file has no rows")),
        Some(TableKind::AsnV4) => TableFile::AsnV4(part(s, asns.finish()), orgs),
        Some(TableKind::AsnV6) => TableFile::AsnV6(part(s, asns.finish()), orgs),
        Some(TableKind::CountryV4) => TableFile::CountryV4(part(s, countries.finish())),
        Some(TableKind::CountryV6) => TableFile::CountryV6(part(s, countries.finish())),
    })
}

fn wide(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

enum Row {
    Asn(IpAddr, IpAddr, u32, String),
    Country(IpAddr, IpAddr, [u8; 2]),
}

impl Row {
    fn parse(r: &csv::StringRecord, line: u64) -> Result<Row, MonitorError> {
        let bad = |what: &str| MonitorError::table(line, what);
        let addr = |i: usize| -> Result<IpAddr, MonitorError> {
            let text = r.get(i).unwrap_or("").trim();
            text.parse().map_err(|_| {
                bad(&format!(
                    "{text:?} is not an IP address (use the file with dotted or colon addresses, not the -num one)"
                ))
            })
        };
        let (start, end) = (addr(0)?, addr(1)?);
        if start.is_ipv4() != end.is_ipv4() {
            return Err(bad(
                "the range starts and ends in different address families",
            ));
        }
        if start > end {
            return Err(bad("the range ends before it starts"));
        }
        match r.len() {
            4 => {
                let asn = r[2].trim().parse::<u32>().ok().filter(|a| *a != 0);
                let asn = asn.ok_or_else(|| bad(&format!("{:?} is not an AS number", &r[2])))?;
                let org = bonafide_model::clean_text(&r[3], bonafide_model::MAX_SHORT_TEXT, false)
                    .map_err(|m| bad(&format!("the organisation name {m}")))?;
                Ok(Row::Asn(start, end, asn, org))
            }
            3 => {
                let cc = r[2].trim().as_bytes();
                match cc {
                    [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => {
                        Ok(Row::Country(start, end, [*a, *b]))
                    }
                    _ => Err(bad(&format!(
                        "{:?} is not a two-letter country code",
                        &r[2]
                    ))),
                }
            }
            n => Err(bad(&format!(
                "the row has {n} fields; expected 4 (start,end,asn,organisation) or 3 (start,end,country)"
            ))),
        }
    }

    fn kind(&self) -> TableKind {
        match self {
            Row::Asn(s, ..) if s.is_ipv4() => TableKind::AsnV4,
            Row::Asn(..) => TableKind::AsnV6,
            Row::Country(s, ..) if s.is_ipv4() => TableKind::CountryV4,
            Row::Country(..) => TableKind::CountryV6,
        }
    }
}
