//! Sign-in findings for one case: networks, countries, travel and hours, from the rows of
//! the case's own work accounts.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, NetworkClass};
use crate::findings::{Assessment, Finding, FindingKind, ITEM_ACCESS, Weight, cite};
use crate::networks::{Network, NetworkTable};
use crate::signins::{SignIn, SignInLog};

/// Working hours in the claimed time zone, Monday to Friday: 07:00 to 20:00.
pub const WORK_HOURS: (i8, i8) = (7, 20);
/// The out-of-hours share that raises a concern, with enough sign-ins to judge by.
pub const OUT_OF_HOURS_SHARE: f64 = 0.5;
/// Fewest sign-ins the out-of-hours share is judged on.
pub const OUT_OF_HOURS_MIN_ROWS: usize = 10;
/// Faster than an airliner over the ground, km/h.
pub const MAX_TRAVEL_KMH: f64 = 1000.0;
/// Closer than this is within the error of IP geolocation, km.
pub const MIN_TRAVEL_KM: f64 = 500.0;

/// What a case claims, that sign-ins are compared with.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    /// Work accounts, lower-cased.
    pub accounts: Vec<String>,
    /// Claimed country, ISO 3166-1 alpha-2, or empty.
    pub country: String,
    /// Claimed IANA time zone, or empty.
    pub time_zone: String,
    /// The business's own networks: sign-ins from them are not judged by network, country
    /// or shared address (a company VPN in a cloud would otherwise flag everyone).
    pub company_networks: Vec<ipnet::IpNet>,
}

/// One address a case's accounts signed in from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AddressUse {
    /// The address.
    pub ip: String,
    /// Its first row in the file.
    pub first_line: u64,
    /// Sign-ins from it.
    pub count: u64,
    /// First and last sign-in, seconds since 1970 UTC.
    pub first_at: i64,
    /// Last sign-in.
    pub last_at: i64,
    /// Its network's class, if classified. Shared hosting and VPN exits are not a sign of a
    /// shared household, so the cross-case check leaves them out.
    pub class: Option<NetworkClass>,
}

/// Everything one sign-in import tells about a case.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SignInReport {
    /// Findings and what was not assessed.
    pub assessment: Assessment,
    /// Rows of the case's accounts.
    pub matched: u64,
    /// Rows of other accounts, left out.
    pub other_accounts: u64,
    /// Failed sign-ins among the matched rows (counted, not judged).
    pub failed: u64,
    /// The addresses used.
    pub addresses: Vec<AddressUse>,
    /// `(mfa device, account)` pairs seen anywhere in the log.
    pub mfa_devices: Vec<(String, String)>,
    /// Share of sign-ins outside working hours, when assessed.
    pub out_of_hours_share: Option<f64>,
}

/// A network's class, operator and source keys, when the shipped lists classify it.
type Classified = Option<(NetworkClass, String, Vec<String>)>;

struct Looked<'a> {
    row: &'a SignIn,
    net: Network,
    class: Classified,
}

/// Reads the case's rows of `log` against the tables.
pub fn analyse_signins(
    log: &SignInLog,
    subject: &Subject,
    table: &NetworkTable,
    catalog: &Catalog,
) -> SignInReport {
    let mut report = SignInReport::default();
    let mut rows: Vec<Looked> = Vec::new();
    let mut lookups: HashMap<IpAddr, (Network, Classified)> = HashMap::new();
    for row in &log.rows {
        if !subject.accounts.iter().any(|a| **a == *row.account) {
            report.other_accounts += 1;
            continue;
        }
        report.matched += 1;
        if row.success == Some(false) {
            report.failed += 1;
            continue;
        }
        if subject.company_networks.iter().any(|n| n.contains(&row.ip)) {
            let company = Some((NetworkClass::Company, "your company".to_owned(), Vec::new()));
            rows.push(Looked {
                row,
                net: table.lookup(row.ip),
                class: company,
            });
            continue;
        }
        let (net, class) = lookups
            .entry(row.ip)
            .or_insert_with(|| {
                let net = table.lookup(row.ip);
                let class = net
                    .asn
                    .and_then(|a| catalog.network(a))
                    .map(|e| (e.class, e.operator.clone(), e.sources.clone()));
                (net, class)
            })
            .clone();
        rows.push(Looked { row, net, class });
    }
    report.mfa_devices = mfa_pairs(log);
    report.addresses = addresses(&rows);
    if rows.is_empty() {
        report.assessment.note(format!(
            "No successful sign-in in this file belongs to the case's work accounts ({}); nothing about them was assessed.",
            if subject.accounts.is_empty() { "none recorded".to_owned() } else { subject.accounts.join(", ") }
        ));
        return report;
    }
    let a = &mut report.assessment;
    let company = rows
        .iter()
        .filter(|l| {
            l.class
                .as_ref()
                .is_some_and(|c| c.0 == NetworkClass::Company)
        })
        .count();
    if company > 0 {
        a.note(format!(
            "{company} sign-in(s) came from your company's own networks and were not judged by network, country or shared address."
        ));
    }
    networks(a, &rows, catalog, table);
    countries(a, &rows, subject, table);
    travel(a, &rows);
    report.out_of_hours_share = hours(a, &rows, subject);
    report
}

fn describe(l: &Looked) -> String {
    let when = jiff::Timestamp::from_second(l.row.at)
        .map_or_else(|_| l.row.at.to_string(), |t| t.to_string());
    let net = match (&l.net.asn, &l.net.organisation) {
        (Some(a), Some(o)) => format!("AS{a} {o}"),
        (Some(a), None) => format!("AS{a}"),
        _ => "network unknown".to_owned(),
    };
    let country = l
        .net
        .country
        .as_deref()
        .map(|c| format!(", {c}"))
        .unwrap_or_default();
    format!(
        "{when}  {}  from {} ({net}{country})",
        l.row.account, l.row.ip
    )
}

fn networks(a: &mut Assessment, rows: &[Looked], catalog: &Catalog, table: &NetworkTable) {
    for (class, kind) in [
        (NetworkClass::Vpn, FindingKind::VpnNetwork),
        (NetworkClass::Hosting, FindingKind::HostingNetwork),
    ] {
        let hits: Vec<&Looked> = rows
            .iter()
            .filter(|l| l.class.as_ref().is_some_and(|c| c.0 == class))
            .collect();
        if hits.is_empty() {
            continue;
        }
        let mut operators: BTreeMap<&str, u64> = BTreeMap::new();
        let mut keys: Vec<String> = Vec::new();
        for h in &hits {
            let (_, op, src) = h.class.as_ref().expect("filtered on a class");
            *operators.entry(op.as_str()).or_default() += 1;
            keys.extend(src.iter().cloned());
        }
        keys.sort();
        keys.dedup();
        let (cited, n) = cite(hits.iter().map(|h| (h.row.line, describe(h))));
        let ops: Vec<String> = operators
            .iter()
            .map(|(o, c)| format!("{o} ({c})"))
            .collect();
        let mut sources = catalog.cite(&keys);
        sources.extend(table_sources(table, true));
        a.findings.push(Finding {
            kind,
            weight: Weight::Concern,
            item_id: ITEM_ACCESS.into(),
            summary: format!(
                "{n} sign-in{} came from {}: {}. A person working from home signs in from a home or mobile network; ask why, and compare with the claimed location.",
                if n == 1 { "" } else { "s" },
                class.label(),
                ops.join(", ")
            ),
            rows: cited,
            row_count: n,
            sources,
            other_cases: Vec::new(),
        });
    }
}

fn countries(a: &mut Assessment, rows: &[Looked], subject: &Subject, table: &NetworkTable) {
    if subject.country.is_empty() {
        a.note("The country of sign-ins was not compared: the case records no claimed country.");
        return;
    }
    // Hosting and VPN networks have findings of their own, and their registration country
    // says where the company is registered, not where the person is.
    let judged: Vec<&Looked> = rows.iter().filter(|l| l.class.is_none()).collect();
    let unknown = judged.iter().filter(|l| l.net.country.is_none()).count();
    if unknown > 0 {
        a.note(format!("{unknown} sign-in address(es) have no registration country in the network table and were not compared."));
    }
    let other: Vec<&&Looked> = judged
        .iter()
        .filter(|l| {
            l.net
                .country
                .as_deref()
                .is_some_and(|c| c != subject.country)
        })
        .collect();
    if other.is_empty() {
        return;
    }
    let mut by_country: BTreeMap<&str, u64> = BTreeMap::new();
    for l in &other {
        *by_country
            .entry(l.net.country.as_deref().unwrap_or(""))
            .or_default() += 1;
    }
    let list: Vec<String> = by_country
        .iter()
        .map(|(c, n)| format!("{c} ({n})"))
        .collect();
    let (cited, n) = cite(other.iter().map(|l| (l.row.line, describe(l))));
    a.findings.push(Finding {
        kind: FindingKind::OtherCountry,
        weight: Weight::Concern,
        item_id: ITEM_ACCESS.into(),
        summary: format!(
            "{n} sign-in{} came from networks registered outside the claimed country {}: {}. Registration countries are approximate; travel or a corporate network can explain some.",
            if n == 1 { "" } else { "s" },
            subject.country,
            list.join(", ")
        ),
        rows: cited,
        row_count: n,
        sources: table_sources(table, false),
        other_cases: Vec::new(),
    });
}

/// The network table's sources for AS numbers (`asn`) or for countries, one line per
/// release rather than per address family.
pub(crate) fn table_sources(table: &NetworkTable, asn: bool) -> Vec<String> {
    use crate::networks::TableKind;
    let mut lines: Vec<String> = table
        .parts()
        .into_iter()
        .filter(|p| matches!(p.kind, TableKind::AsnV4 | TableKind::AsnV6) == asn)
        .filter_map(|p| p.source)
        .map(|s| {
            let package = s.name.split(':').next().unwrap_or(&s.name).to_owned();
            format!(
                "{package} {} ({}, {}): {}",
                s.version, s.licence, s.published, s.attribution
            )
        })
        .collect();
    lines.dedup();
    lines
}

/// Great-circle distance in km.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

fn travel(a: &mut Assessment, rows: &[Looked]) {
    let located: Vec<&Looked> = rows.iter().filter(|l| l.row.location.is_some()).collect();
    if located.is_empty() {
        a.note("Impossible travel was not assessed: this log gives no location for its sign-ins.");
        return;
    }
    let mut by_account: BTreeMap<&str, Vec<&Looked>> = BTreeMap::new();
    for l in located {
        by_account.entry(&l.row.account).or_default().push(l);
    }
    let mut pairs = Vec::new();
    for list in by_account.values_mut() {
        list.sort_by_key(|l| (l.row.at, l.row.line));
        for w in list.windows(2) {
            let (p, q) = (w[0], w[1]);
            let km = distance_km(
                p.row.location.unwrap_or_default(),
                q.row.location.unwrap_or_default(),
            );
            let hours = ((q.row.at - p.row.at) as f64 / 3600.0).max(1.0 / 60.0);
            if km >= MIN_TRAVEL_KM && km / hours > MAX_TRAVEL_KMH {
                pairs.push((p, q, km, hours));
            }
        }
    }
    if pairs.is_empty() {
        return;
    }
    let rows_cited = pairs.iter().flat_map(|(p, q, km, h)| {
        let note = format!("  [{km:.0} km in {:.1} h]", h);
        [
            (p.row.line, describe(p)),
            (q.row.line, format!("{}{note}", describe(q))),
        ]
    });
    let (cited, _) = cite(rows_cited);
    let n = pairs.len() as u64;
    a.findings.push(Finding {
        kind: FindingKind::ImpossibleTravel,
        weight: Weight::Concern,
        item_id: ITEM_ACCESS.into(),
        summary: format!(
            "{n} pair{} of consecutive sign-ins of one account were too far apart for the time between them (over {MAX_TRAVEL_KMH:.0} km/h and {MIN_TRAVEL_KM:.0} km), using the log's own locations. A VPN switching exits looks the same, which is itself worth asking about.",
            if n == 1 { "" } else { "s" }
        ),
        rows: cited,
        row_count: n,
        sources: vec!["Locations as given by the identity provider's log".into()],
        other_cases: Vec::new(),
    });
}

fn hours(a: &mut Assessment, rows: &[Looked], subject: &Subject) -> Option<f64> {
    if subject.time_zone.is_empty() {
        a.note("Working hours were not assessed: the case records no time zone.");
        return None;
    }
    let Ok(tz) = jiff::tz::TimeZone::get(&subject.time_zone) else {
        a.note(format!(
            "Working hours were not assessed: {:?} is not a known time zone.",
            subject.time_zone
        ));
        return None;
    };
    let outside: Vec<(&Looked, String)> = rows
        .iter()
        .filter_map(|l| {
            let t = jiff::Timestamp::from_second(l.row.at)
                .ok()?
                .to_zoned(tz.clone());
            let weekend = t.weekday().to_monday_one_offset() > 5;
            let off = weekend || t.hour() < WORK_HOURS.0 || t.hour() >= WORK_HOURS.1;
            off.then(|| (l, t.strftime("%a %H:%M").to_string()))
        })
        .collect();
    let share = outside.len() as f64 / rows.len() as f64;
    if rows.len() < OUT_OF_HOURS_MIN_ROWS {
        a.note(format!(
            "Working hours were not judged: {} sign-in(s) are too few (at least {OUT_OF_HOURS_MIN_ROWS} are needed).",
            rows.len()
        ));
        return Some(share);
    }
    if share >= OUT_OF_HOURS_SHARE {
        let (cited, n) = cite(
            outside
                .iter()
                .map(|(l, local)| (l.row.line, format!("{}  [{local} local]", describe(l)))),
        );
        a.findings.push(Finding {
            kind: FindingKind::OutOfHours,
            weight: Weight::Concern,
            item_id: ITEM_ACCESS.into(),
            summary: format!(
                "{:.0}% of {} sign-ins ({n}) were outside {:02}:00–{:02}:00 on weekdays in {}, the claimed time zone. Working hours that fit another time zone are a pattern in reported cases.",
                share * 100.0,
                rows.len(),
                WORK_HOURS.0,
                WORK_HOURS.1,
                subject.time_zone
            ),
            rows: cited,
            row_count: n,
            sources: vec!["IANA time zone database (bundled)".into()],
            other_cases: Vec::new(),
        });
    }
    Some(share)
}

fn addresses(rows: &[Looked]) -> Vec<AddressUse> {
    let mut by_ip: BTreeMap<IpAddr, AddressUse> = BTreeMap::new();
    for l in rows {
        let e = by_ip.entry(l.row.ip).or_insert_with(|| AddressUse {
            ip: l.row.ip.to_string(),
            first_line: l.row.line,
            count: 0,
            first_at: l.row.at,
            last_at: l.row.at,
            class: l.class.as_ref().map(|c| c.0),
        });
        e.count += 1;
        e.first_at = e.first_at.min(l.row.at);
        e.last_at = e.last_at.max(l.row.at);
    }
    by_ip.into_values().collect()
}

fn mfa_pairs(log: &SignInLog) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = log
        .rows
        .iter()
        .filter(|r| !r.mfa_device.is_empty() && !r.account.is_empty())
        .map(|r| (r.mfa_device.to_string(), r.account.to_string()))
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs
}
