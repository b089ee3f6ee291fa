//! Rebuilds `data/networks.bin`, the network table shipped with the app, from the
//! ip-location-db npm packages:
//!
//! ```text
//! cargo run -p bonafide-monitor --example build-networks -- ASN_PACKAGE_DIR COUNTRY_PACKAGE_DIR OUT
//! ```
//!
//! `./x` downloads the two packages at the pinned version into `~/.cache/bonafide/ip-data`,
//! and a test checks that the shipped file is exactly what this makes of them.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [asn, country, out] = args.as_slice() else {
        return Err("usage: build-networks ASN_PACKAGE_DIR COUNTRY_PACKAGE_DIR OUT".into());
    };
    let table = bonafide_monitor::networks::from_packages(Path::new(asn), Path::new(country))?;
    std::fs::write(out, table.to_bytes())?;
    for p in table.parts() {
        println!("{}: {} ranges", p.kind.label(), p.ranges);
    }
    Ok(())
}
