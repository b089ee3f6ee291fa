//! The shipped network table is exactly what `examples/build-networks.rs` makes of the
//! pinned ip-location-db release, so its contents are traceable to a public, named source.
//! `./x test` downloads that release (checksum-pinned) and points `BONAFIDE_IP_DATA` at it.

use std::path::PathBuf;

use bonafide_monitor::NetworkTable;
use bonafide_monitor::networks::from_packages;

#[test]
fn the_shipped_table_is_rebuilt_byte_for_byte_from_its_named_release() {
    let shipped = NetworkTable::shipped();
    let version = shipped.sources()[0].version.clone();
    let dir = std::env::var_os("BONAFIDE_IP_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var("HOME").unwrap())
                .join(".cache/bonafide/ip-data")
                .join(&version)
        });
    assert!(
        dir.join("asn/package.json").is_file(),
        "the ip-location-db {version} release is not at {}; `./x test` downloads it",
        dir.display()
    );
    let rebuilt = from_packages(&dir.join("asn"), &dir.join("geo-whois-asn-country")).unwrap();
    assert!(
        rebuilt == shipped,
        "data/networks.bin differs from what the release gives; rebuild it with the example"
    );
    let bytes =
        std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/networks.bin")).unwrap();
    assert_eq!(rebuilt.to_bytes(), bytes);
}
