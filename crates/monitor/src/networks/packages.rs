//! The ip-location-db releases this table is made from, and what their licences ask.

use std::fs::File;
use std::path::Path;

use super::{DataSource, NetworkTable, TableKind, read_table_csv};
use crate::MonitorError;

impl DataSource {
    /// The source of one part taken from an ip-location-db release. `version` is the
    /// package version (`2.3.2026061719`); its last part starts with the release date.
    pub fn ip_location_db(kind: TableKind, version: &str) -> DataSource {
        let (package, licence, attribution) = match kind {
            TableKind::AsnV4 | TableKind::AsnV6 => (
                "@ip-location-db/asn",
                "CC BY 4.0",
                "AS numbers from RouteViews (routeviews.org), the NRO (nro.net) and DB-IP (db-ip.com), via ip-location-db",
            ),
            TableKind::CountryV4 | TableKind::CountryV6 => (
                "@ip-location-db/geo-whois-asn-country",
                "CC0 1.0",
                "Registration countries from RIR whois data, via ip-location-db",
            ),
        };
        DataSource {
            name: format!("{package}: {}", kind.label()),
            licence: licence.into(),
            attribution: attribution.into(),
            version: version.into(),
            published: release_date(version).unwrap_or_default(),
        }
    }
}

/// `2.3.2026061719` → `2026-06-17`.
fn release_date(version: &str) -> Option<String> {
    let stamp = version.rsplit('.').next()?;
    let digits = stamp
        .get(..8)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
    Some(format!(
        "{}-{}-{}",
        &digits[..4],
        &digits[4..6],
        &digits[6..8]
    ))
}

fn package_version(dir: &Path) -> Result<String, MonitorError> {
    let path = dir.join("package.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| MonitorError::BadTable(format!("{} cannot be read ({e})", path.display())))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| MonitorError::BadTable(format!("{} is not JSON ({e})", path.display())))?;
    json["version"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| MonitorError::BadTable(format!("{} names no version", path.display())))
}

/// The whole table from the two unpacked npm packages.
pub fn from_packages(asn_dir: &Path, country_dir: &Path) -> Result<NetworkTable, MonitorError> {
    let files = [
        (asn_dir, "asn-ipv4.csv", TableKind::AsnV4),
        (asn_dir, "asn-ipv6.csv", TableKind::AsnV6),
        (
            country_dir,
            "geo-whois-asn-country-ipv4.csv",
            TableKind::CountryV4,
        ),
        (
            country_dir,
            "geo-whois-asn-country-ipv6.csv",
            TableKind::CountryV6,
        ),
    ];
    let mut table = NetworkTable::default();
    for (dir, name, kind) in files {
        let source = DataSource::ip_location_db(kind, &package_version(dir)?);
        let path = dir.join(name);
        let file = File::open(&path).map_err(|e| {
            MonitorError::BadTable(format!("{} cannot be opened ({e})", path.display()))
        })?;
        let part = read_table_csv(std::io::BufReader::new(file), source)?;
        if part.kind() != kind {
            return Err(MonitorError::BadTable(format!(
                "{} holds {}, not {}",
                path.display(),
                part.kind().label(),
                kind.label()
            )));
        }
        table = table.with(part);
    }
    Ok(table)
}

/// Reads one ip-location-db CSV file of release `version`, whichever part it holds.
pub fn read_ip_location_db(
    input: impl std::io::Read,
    version: &str,
) -> Result<super::TableFile, MonitorError> {
    let placeholder = DataSource::ip_location_db(TableKind::AsnV4, version);
    let mut file = read_table_csv(input, placeholder)?;
    let source = Some(DataSource::ip_location_db(file.kind(), version));
    match &mut file {
        super::TableFile::AsnV4(p, _) => p.source = source,
        super::TableFile::AsnV6(p, _) => p.source = source,
        super::TableFile::CountryV4(p) => p.source = source,
        super::TableFile::CountryV6(p) => p.source = source,
    }
    Ok(file)
}
