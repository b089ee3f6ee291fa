//! IP address → network: the AS number, the organisation that announces it and the country
//! its registration names. Read from the open ip-location-db tables, kept in a compact file
//! of our own, and answered by binary search over sorted range starts.
//!
//! Whois countries are weak evidence for hosting networks: a cloud provider's range is often
//! registered where the company is, not where the machine is. Findings say so.

mod build;
mod codec;
mod packages;

use std::collections::HashMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

pub use build::{TableFile, TableKind, read_table_csv};
pub use codec::MAX_TABLE_BYTES;
pub use packages::{from_packages, read_ip_location_db};

/// The network table shipped with the app, made from the ip-location-db npm packages named
/// in its sources (`cargo run -p bonafide-monitor --example build-networks` rebuilds it).
const SHIPPED: &[u8] = include_bytes!("../../data/networks.bin");

/// Where one part of the table came from. Shown wherever a finding relies on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DataSource {
    /// What the data is, e.g. "ip-location-db asn (IPv4)".
    pub name: String,
    /// The licence, e.g. "CC BY 4.0".
    pub licence: String,
    /// The credit the licence asks for.
    pub attribution: String,
    /// The release it was taken from.
    pub version: String,
    /// The release date, `YYYY-MM-DD`.
    pub published: String,
}

/// What the table knows about one address. Every field may be unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Network {
    /// The announcing autonomous system.
    pub asn: Option<u32>,
    /// Its organisation name.
    pub organisation: Option<String>,
    /// ISO 3166-1 alpha-2 country of the range's registration.
    pub country: Option<String>,
}

/// Sorted, non-overlapping ranges: `starts[i]..starts[i+1]` has `values[i]`. A gap between
/// two source rows is a range of its own holding `V::default()` ("unknown").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranges<K, V> {
    pub(crate) starts: Vec<K>,
    pub(crate) values: Vec<V>,
}

impl<K, V> Default for Ranges<K, V> {
    fn default() -> Self {
        Ranges {
            starts: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<K: Ord + Copy, V: Copy + Default + PartialEq> Ranges<K, V> {
    fn get(&self, key: K) -> Option<V> {
        let i = self.starts.partition_point(|s| *s <= key);
        let v = *self.values.get(i.checked_sub(1)?)?;
        (v != V::default()).then_some(v)
    }

    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }
}

/// One of the four parts of the table, with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<K, V> {
    pub(crate) source: Option<DataSource>,
    pub(crate) ranges: Ranges<K, V>,
}

impl<K, V> Default for Part<K, V> {
    fn default() -> Self {
        Part {
            source: None,
            ranges: Ranges::default(),
        }
    }
}

/// The whole table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkTable {
    pub(crate) asn_v4: Part<u32, u32>,
    pub(crate) asn_v6: Part<u128, u32>,
    pub(crate) country_v4: Part<u32, [u8; 2]>,
    pub(crate) country_v6: Part<u128, [u8; 2]>,
    pub(crate) organisations: HashMap<u32, String>,
}

/// How large each part of a table is, for status screens and import summaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TablePart {
    /// Which part.
    pub kind: TableKind,
    /// Its source, if the part is loaded.
    pub source: Option<DataSource>,
    /// Ranges held.
    pub ranges: u32,
}

impl NetworkTable {
    /// The table shipped with the app.
    pub fn shipped() -> NetworkTable {
        // Checked by a test on every build: the shipped bytes decode.
        codec::decode(SHIPPED).expect("the shipped network table decodes")
    }

    /// What the network of `ip` is, as far as the table knows.
    pub fn lookup(&self, ip: IpAddr) -> Network {
        let (asn, country) = match ip.to_canonical() {
            IpAddr::V4(v4) => {
                let k = u32::from(v4);
                (self.asn_v4.ranges.get(k), self.country_v4.ranges.get(k))
            }
            IpAddr::V6(v6) => {
                let k = u128::from(v6);
                (self.asn_v6.ranges.get(k), self.country_v6.ranges.get(k))
            }
        };
        Network {
            asn,
            organisation: asn.and_then(|a| self.organisations.get(&a).cloned()),
            country: country.map(|c| String::from_utf8_lossy(&c).into_owned()),
        }
    }

    /// The sources of the parts that are loaded, in a fixed order.
    pub fn sources(&self) -> Vec<DataSource> {
        self.parts().into_iter().filter_map(|p| p.source).collect()
    }

    /// Each part with its size.
    pub fn parts(&self) -> Vec<TablePart> {
        let part = |kind, source: &Option<DataSource>, n: usize| TablePart {
            kind,
            source: source.clone(),
            ranges: u32::try_from(n).unwrap_or(u32::MAX),
        };
        vec![
            part(
                TableKind::AsnV4,
                &self.asn_v4.source,
                self.asn_v4.ranges.len(),
            ),
            part(
                TableKind::AsnV6,
                &self.asn_v6.source,
                self.asn_v6.ranges.len(),
            ),
            part(
                TableKind::CountryV4,
                &self.country_v4.source,
                self.country_v4.ranges.len(),
            ),
            part(
                TableKind::CountryV6,
                &self.country_v6.source,
                self.country_v6.ranges.len(),
            ),
        ]
    }

    /// This table with the parts `file` brings replacing its own: a newer import of one
    /// file keeps the other three parts as they were.
    pub fn with(mut self, file: TableFile) -> NetworkTable {
        match file {
            TableFile::AsnV4(part, orgs) => {
                self.asn_v4 = part;
                self.organisations.extend(orgs);
            }
            TableFile::AsnV6(part, orgs) => {
                self.asn_v6 = part;
                self.organisations.extend(orgs);
            }
            TableFile::CountryV4(part) => self.country_v4 = part,
            TableFile::CountryV6(part) => self.country_v6 = part,
        }
        self
    }

    /// The table in its compact file form.
    pub fn to_bytes(&self) -> Vec<u8> {
        codec::encode(self)
    }

    /// A table from its compact file form, refusing anything damaged or oversized.
    pub fn from_bytes(bytes: &[u8]) -> Result<NetworkTable, crate::MonitorError> {
        codec::decode(bytes)
    }
}

#[cfg(test)]
mod tests;
