//! The shipped reference lists: classified networks, remote-access tools, VPN clients and
//! IP-KVM devices, each entry with the sources that support it (`data/catalog.json`).
//!
//! Only what a source says is listed. A network not in the list is "not classified", never
//! "residential": no open source here classifies residential networks.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::inventory::{Software, UsbDevice};

/// A publication an entry relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Citation {
    /// Title.
    pub title: String,
    /// Publisher (and licence, for data).
    pub publisher: String,
    /// Date, as precise as known.
    pub date: String,
    /// Where to read it.
    pub url: String,
}

impl Citation {
    /// "Title, Publisher, date".
    pub fn line(&self) -> String {
        format!("{}, {}, {}", self.title, self.publisher, self.date)
    }
}

/// What kind of network an AS is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NetworkClass {
    /// Cloud, hosting or data centre.
    Hosting,
    /// A VPN or anonymising proxy operator.
    Vpn,
    /// One of the business's own networks (office, company VPN egress), as its settings
    /// name them; never judged.
    Company,
}

impl NetworkClass {
    /// For sentences.
    pub fn label(self) -> &'static str {
        match self {
            NetworkClass::Hosting => "a hosting or cloud network",
            NetworkClass::Vpn => "a VPN or proxy network",
            NetworkClass::Company => "one of your company's networks",
        }
    }
}

/// One classified network.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NetworkEntry {
    /// AS number.
    pub asn: u32,
    /// Its class.
    pub class: NetworkClass,
    /// Who operates it.
    pub operator: String,
    /// Source keys.
    pub sources: Vec<String>,
}

/// A program family found by name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Tool {
    /// Its name.
    pub name: String,
    /// Lower-case text that, found in a program, package, bundle id, process or path name,
    /// identifies it.
    #[serde(rename = "match")]
    pub patterns: Vec<String>,
    /// Source keys.
    pub sources: Vec<String>,
}

/// An IP-KVM or USB keyboard-and-mouse emulator.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct KvmDevice {
    /// What it is.
    pub name: String,
    /// USB vendor id, lower-case hex.
    pub vendor_id: String,
    /// USB product id, lower-case hex.
    pub product_id: String,
    /// Lower-case manufacturer or product text that names this device among others with the
    /// same ids; empty when the ids alone identify it.
    pub strings: Vec<String>,
    /// Source keys.
    pub sources: Vec<String>,
}

/// The lists.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Catalog {
    /// The lists' edition date.
    pub edition: String,
    /// Every source, by key.
    pub sources: BTreeMap<String, Citation>,
    networks: Vec<NetworkEntry>,
    remote_tools: Vec<Tool>,
    vpn_clients: Vec<Tool>,
    kvm_devices: Vec<KvmDevice>,
    #[serde(skip)]
    by_asn: HashMap<u32, usize>,
}

impl Catalog {
    /// The lists shipped with the app.
    pub fn shipped() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            // Checked by a test: the shipped file parses and every source key resolves.
            let mut c: Catalog = serde_json::from_str(include_str!("../data/catalog.json"))
                .expect("the shipped catalog parses");
            c.by_asn = c
                .networks
                .iter()
                .enumerate()
                .map(|(i, n)| (n.asn, i))
                .collect();
            c
        })
    }

    /// The classification of an AS, if a source gives one.
    pub fn network(&self, asn: u32) -> Option<&NetworkEntry> {
        self.by_asn.get(&asn).map(|i| &self.networks[*i])
    }

    /// The remote-access tools `software` is, if any.
    pub fn remote_tool(&self, software: &Software) -> Option<&Tool> {
        find_tool(&self.remote_tools, software)
    }

    /// The VPN client `software` is, if any.
    pub fn vpn_client(&self, software: &Software) -> Option<&Tool> {
        find_tool(&self.vpn_clients, software)
    }

    /// The IP-KVM `usb` is, if any: a named device when its strings match, else the
    /// entry for its ids that names no strings.
    pub fn kvm(&self, usb: &UsbDevice) -> Option<&KvmDevice> {
        let text = format!("{} {}", usb.vendor, usb.model).to_lowercase();
        let same_ids =
            |k: &&KvmDevice| k.vendor_id == usb.vendor_id && k.product_id == usb.product_id;
        let named = self
            .kvm_devices
            .iter()
            .filter(same_ids)
            .find(|k| k.strings.iter().any(|s| text.contains(s.as_str())));
        named.or_else(|| {
            self.kvm_devices
                .iter()
                .filter(same_ids)
                .find(|k| k.strings.is_empty())
        })
    }

    /// The citations behind `keys`, as lines.
    pub fn cite(&self, keys: &[String]) -> Vec<String> {
        keys.iter()
            .filter_map(|k| self.sources.get(k))
            .map(Citation::line)
            .collect()
    }

    /// Every source key an entry names that the source list lacks (a test keeps this
    /// empty).
    pub fn unknown_source_keys(&self) -> Vec<String> {
        let keys = self
            .networks
            .iter()
            .flat_map(|n| &n.sources)
            .chain(
                self.remote_tools
                    .iter()
                    .chain(&self.vpn_clients)
                    .flat_map(|t| &t.sources),
            )
            .chain(self.kvm_devices.iter().flat_map(|k| &k.sources));
        keys.filter(|k| !self.sources.contains_key(*k))
            .cloned()
            .collect()
    }
}

fn find_tool<'a>(tools: &'a [Tool], s: &Software) -> Option<&'a Tool> {
    let text = format!("{} {}", s.name, s.identifier).to_lowercase();
    tools
        .iter()
        .find(|t| t.patterns.iter().any(|p| text.contains(p.as_str())))
}
