//! The built-in watchlist of publicly reported DPRK IT-worker fronts.
//!
//! Shipped as data (`data/watchlist.json`) so it can be reviewed and updated without
//! touching code. A hit on it is a red flag from public reporting and is always labelled
//! so; it is never presented as a sanctions match.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::entry::{EntryKind, IdentifierKind, ListEntry, NameType, Standing};

const DATA: &str = include_str!("../data/watchlist.json");

#[derive(Deserialize)]
struct File {
    name: String,
    version: String,
    sources: BTreeMap<String, String>,
    entries: Vec<RawEntry>,
}

#[derive(Deserialize)]
struct RawEntry {
    id: String,
    kind: EntryKind,
    names: Vec<String>,
    domains: Vec<String>,
    note: String,
    sources: Vec<String>,
    standing: Standing,
}

/// The watchlist as loaded.
pub struct Watchlist {
    /// Its title.
    pub name: String,
    /// Its version (the date of the latest reporting it includes).
    pub version: String,
    /// SHA-256 of the shipped data.
    pub sha256: String,
    /// Entries, each with its sources written out.
    pub entries: Vec<ListEntry>,
}

/// The shipped watchlist.
pub fn watchlist() -> &'static Watchlist {
    static LIST: OnceLock<Watchlist> = OnceLock::new();
    LIST.get_or_init(|| {
        let file: File = serde_json::from_str(DATA)
            .expect("data/watchlist.json is valid (a unit test checks it)");
        let entries = file
            .entries
            .into_iter()
            .map(|raw| {
                let mut e = ListEntry::new(raw.id, raw.kind, raw.names[0].clone());
                for n in &raw.names[1..] {
                    let t = if n.is_ascii() {
                        NameType::Aka
                    } else {
                        NameType::OriginalScript
                    };
                    e.add_name(n, t);
                }
                for d in &raw.domains {
                    e.add_identifier(IdentifierKind::Website, "Reported domain", d);
                }
                e.remarks = raw.note;
                e.standing = Some(raw.standing);
                e.sources = raw
                    .sources
                    .iter()
                    .map(|s| file.sources.get(s).cloned().unwrap_or_else(|| s.clone()))
                    .collect();
                e
            })
            .collect();
        Watchlist {
            name: file.name,
            version: file.version,
            sha256: hex::encode(Sha256::digest(DATA.as_bytes())),
            entries,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_a_name_and_a_known_source() {
        let file: File = serde_json::from_str(DATA).unwrap();
        for e in &file.entries {
            assert!(!e.names.is_empty(), "{}", e.id);
            assert!(!e.sources.is_empty(), "{}", e.id);
            for s in &e.sources {
                assert!(file.sources.contains_key(s), "{}: unknown source {s}", e.id);
            }
        }
        assert_eq!(watchlist().entries.len(), file.entries.len());
        // Charging is about people; a front company is reported or designated.
        for e in &file.entries {
            assert!(
                !(e.standing == Standing::Charged && e.kind != EntryKind::Individual),
                "{} is a company marked charged",
                e.id
            );
        }
    }
}
