//! The index over the 2024-05 OFAC SDN set with its 2025 aliases and the watchlist, built
//! once per test binary: the quality tests screen against the full real list.

use std::path::PathBuf;
use std::sync::OnceLock;

use bonafide::screening::index::Index;
use bonafide::screening::lists::{InputFile, parse_files};
use bonafide::screening::screen::WATCHLIST;
use bonafide::screening::watchlist::watchlist;

/// A file of the shared data beside the checkout.
pub fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(path)
}

/// The index, built on first use.
pub fn sdn_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let files = ["sdn.csv", "alt-2025.csv", "add-2025.csv"]
            .iter()
            .map(|n| InputFile {
                name: n.to_string(),
                bytes: std::fs::read(shared(&format!("ofac/2024-05/{n}"))).unwrap(),
                modified: None,
            })
            .collect();
        let list = parse_files(files).unwrap().remove(0);
        Index::build(vec![
            ("ofac_sdn".into(), list.entries),
            (WATCHLIST.into(), watchlist().entries.clone()),
        ])
    })
}
