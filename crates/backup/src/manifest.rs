//! The manifest at the end of every archive, and the entry names the format allows.
//!
//! Restoring trusts nothing in an archive until it is checked against these: an entry
//! with any other name is refused, and the manifest itself is parsed and checked before
//! any entry is compared with it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::{
    DATABASE_ENTRY, FORMAT, FORMAT_VERSION, KEY_FILE_ENTRY, MANIFEST_ENTRY, OLDEST_FORMAT_VERSION,
};
use bonafide_base::DataDir;

/// The list of contents at the end of every archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written.
    pub version: u32,
    /// When the backup was made, RFC 3339 UTC.
    pub created_at: String,
    /// Version of the app that made it.
    pub app_version: String,
    /// Schema version of the database inside.
    pub schema_version: i64,
    /// Cases in the database.
    pub cases: u64,
    /// Every other entry of the archive.
    pub files: Vec<ManifestFile>,
}

/// One entry of the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Path inside the archive.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
}

/// What an archive entry may be: the database, an evidence file (with its hash), or the
/// manifest. Anything else (other names, `..`, absolute paths, upper-case hex) is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// `bonafide.sqlite3`.
    Database,
    /// `key.json`.
    KeyFile,
    /// `evidence/<aa>/<sha256>`.
    Evidence(String),
    /// `manifest.json`.
    Manifest,
}

/// Classifies an entry name; `None` for a name the format does not allow.
pub fn entry_kind(path: &str) -> Option<EntryKind> {
    match path {
        DATABASE_ENTRY => Some(EntryKind::Database),
        KEY_FILE_ENTRY => Some(EntryKind::KeyFile),
        MANIFEST_ENTRY => Some(EntryKind::Manifest),
        _ => DataDir::evidence_of_entry(path).map(|sha| EntryKind::Evidence(sha.to_string())),
    }
}

/// Parses and checks a manifest: our format, a version this build reads, entries the
/// format allows, each once, with well-formed hashes.
pub fn parse_manifest(bytes: &[u8]) -> Result<Manifest, String> {
    let m: Manifest = serde_json::from_slice(bytes).map_err(|e| format!("manifest: {e}"))?;
    if m.format != FORMAT {
        return Err(format!("its manifest says format \"{}\"", m.format));
    }
    if m.version < OLDEST_FORMAT_VERSION || m.version > FORMAT_VERSION {
        return Err(format!(
            "it is format version {}; this version reads version {FORMAT_VERSION}",
            m.version
        ));
    }
    let mut seen = BTreeSet::new();
    let mut database = false;
    let mut key_file = false;
    for f in &m.files {
        match entry_kind(&f.path) {
            Some(EntryKind::Manifest) | None => {
                return Err(format!(
                    "its manifest lists a file it may not hold: {}",
                    f.path
                ));
            }
            Some(EntryKind::Database) => database = true,
            Some(EntryKind::KeyFile) => key_file = true,
            // Stored encrypted: the manifest hashes the stored bytes, the name the content.
            Some(EntryKind::Evidence(_)) => {}
        }
        if f.sha256.len() != 64 || !f.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("its manifest gives {} a malformed hash", f.path));
        }
        if !seen.insert(f.path.as_str()) {
            return Err(format!("its manifest lists {} twice", f.path));
        }
    }
    if !database {
        return Err("its manifest lists no database".into());
    }
    if !key_file {
        return Err("its manifest lists no key file".into());
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "ab00000000000000000000000000000000000000000000000000000000000000";

    #[test]
    fn only_the_formats_own_entry_names_are_allowed() {
        assert_eq!(entry_kind("bonafide.sqlite3"), Some(EntryKind::Database));
        assert_eq!(entry_kind("manifest.json"), Some(EntryKind::Manifest));
        assert_eq!(entry_kind("key.json"), Some(EntryKind::KeyFile));
        assert_eq!(
            entry_kind(&format!("evidence/ab/{SHA}")),
            Some(EntryKind::Evidence(SHA.into()))
        );
        for bad in [
            format!("evidence/cd/{SHA}"),
            format!("evidence/ab/{}", SHA.to_uppercase()),
            format!("evidence/ab/../{SHA}"),
            format!("/evidence/ab/{SHA}"),
            "evidence/ab/short".into(),
            "../bonafide.sqlite3".into(),
            "./manifest.json".into(),
            "settings.json".into(),
            String::new(),
        ] {
            assert_eq!(entry_kind(&bad), None, "{bad}");
        }
    }

    fn manifest(files: serde_json::Value) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "format": FORMAT, "version": 2, "created_at": "2026-11-24T10:00:00.000Z",
            "app_version": "0.1.0", "schema_version": 4, "cases": 1, "files": files,
        }))
        .unwrap()
    }

    #[test]
    fn manifests_are_checked_before_anything_is_trusted() {
        let db = serde_json::json!({"path": "bonafide.sqlite3", "size": 10, "sha256": SHA});
        let key = serde_json::json!({"path": "key.json", "size": 10, "sha256": SHA});
        let ev =
            serde_json::json!({"path": format!("evidence/ab/{SHA}"), "size": 3, "sha256": SHA});
        assert!(parse_manifest(&manifest(serde_json::json!([db, key, ev]))).is_ok());
        let cases = [
            (manifest(serde_json::json!([key, ev])), "no database"),
            (manifest(serde_json::json!([db, ev])), "no key file"),
            (manifest(serde_json::json!([db, key, db])), "twice"),
            (
                manifest(serde_json::json!([db, key, {"path": "../x", "size": 1, "sha256": SHA}])),
                "may not hold",
            ),
            (
                manifest(
                    serde_json::json!([{"path": "bonafide.sqlite3", "size": 1, "sha256": "xyz"}]),
                ),
                "malformed hash",
            ),
            (b"{\"format\": \"zip\"}".to_vec(), "manifest:"),
            (b"not json".to_vec(), "manifest:"),
        ];
        for (bytes, expect) in cases {
            let err = parse_manifest(&bytes).unwrap_err();
            assert!(err.contains(expect), "{err} should contain {expect}");
        }
        for other in ["1", "3"] {
            let v = String::from_utf8(manifest(serde_json::json!([db, key])))
                .unwrap()
                .replace("\"version\":2", &format!("\"version\":{other}"));
            let err = parse_manifest(v.as_bytes()).unwrap_err();
            assert!(err.contains(&format!("version {other}")), "{err}");
        }
    }
}
