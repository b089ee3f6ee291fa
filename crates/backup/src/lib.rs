//! Backup archives and restoring from them.
//!
//! # The archive
//!
//! One uncompressed tar file (evidence is mostly scans and PDFs, which do not compress):
//!
//! | entry | what |
//! | --- | --- |
//! | `bonafide.sqlite3` | a snapshot of the database made with SQLite's online backup API, consistent while the app runs, encrypted under the folder's key like the database itself |
//! | `key.json` | the folder's key file ([`bonafide_vault`]): the data key wrapped under the recovery code and the passphrase as they were when the backup was made |
//! | `evidence/<aa>/<sha256>` | every evidence file the snapshot references, encrypted as stored, named by the SHA-256 of its content as in the data folder |
//! | `manifest.json` | last: format, version, creation time, app and schema version, case count, and the size and SHA-256 of every other entry as stored in the archive |
//!
//! An archive is as confidential as the data folder: nothing in it is readable without the
//! folder's key, which its passphrase or recovery code unlocks. Version 1 archives (from
//! before encryption at rest, never released) are refused.
//!
//! # Restoring
//!
//! Everything is unpacked into a staging folder beside the data folder and checked before
//! anything is replaced: every entry must be one the format allows, listed in the manifest
//! with the same size and SHA-256, and every listed entry present; then the archive's key
//! is unlocked, every evidence file must decrypt to content matching its name, and the
//! database must open, be ours, and pass `PRAGMA integrity_check`. Only
//! then is the data folder renamed aside (kept, never deleted) and the staging folder
//! renamed into its place. Any failure before that leaves the data folder as it was.

#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use bonafide_base::DataDir;
use bonafide_base::files::folder_of;

/// `format` of every manifest.
pub const FORMAT: &str = "bonafide-backup";
/// The manifest version this build writes and the highest it reads.
pub const FORMAT_VERSION: u32 = 2;
/// The oldest manifest version this build reads: version 1 held plain data.
pub const OLDEST_FORMAT_VERSION: u32 = 2;
/// Name of the manifest entry.
pub const MANIFEST_ENTRY: &str = "manifest.json";
/// Name of the database entry.
pub const DATABASE_ENTRY: &str = DataDir::DATABASE;
/// Name of the key file entry.
pub const KEY_FILE_ENTRY: &str = DataDir::KEY_FILE;
/// A manifest larger than this is refused unread: 5,000 evidence files take about 700 KB.
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

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

/// What a backup produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupReport {
    /// Where the archive was written.
    pub path: String,
    /// Its size in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    /// SHA-256 of the whole archive, to note down beside it.
    pub sha256: String,
    /// Cases in the backup.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub cases: u64,
    /// Evidence files in the backup.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub evidence_files: u64,
    /// Evidence files whose content no longer matched their hash when copied: they are
    /// in the archive as found, and `audit verify` names them.
    pub altered_evidence: Vec<String>,
    /// When it was made.
    pub created_at: String,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RestoreReport {
    /// The archive restored from.
    pub archive: String,
    /// When that backup was made.
    pub created_at: String,
    /// Cases restored.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub cases: u64,
    /// Evidence files restored.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub evidence_files: u64,
    /// Where the data that was replaced now is (kept until you delete it), if there was any.
    pub previous_data: Option<String>,
}

/// Why a backup or restore did not happen. Every restore error leaves the data folder as
/// it was.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The archive could not be written.
    #[error("cannot write the backup {path}: {source}")]
    Write {
        /// The archive or a temporary file beside it.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// An evidence file the database references could not be read for the backup.
    #[error(
        "cannot read the evidence file {sha256} for the backup ({source}); run `bonafide audit verify` to see which case it belongs to"
    )]
    Evidence {
        /// Its hash.
        sha256: String,
        /// The operating system's error.
        source: io::Error,
    },
    /// The archive could not be opened.
    #[error("cannot read the backup {path}: {source}")]
    Read {
        /// The archive.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// The archive is cut short or its structure is broken.
    #[error("{path} is damaged or incomplete ({detail}); nothing was restored")]
    Damaged {
        /// The archive.
        path: PathBuf,
        /// What was wrong.
        detail: String,
    },
    /// The archive is not one of ours, or from a newer version.
    #[error(
        "{path} is not a Bona Fide backup this version can read ({detail}); nothing was restored"
    )]
    NotABackup {
        /// The archive.
        path: PathBuf,
        /// What was wrong.
        detail: String,
    },
    /// An entry does not match the manifest.
    #[error(
        "the backup {path} does not match its manifest: {entry} {detail}; nothing was restored"
    )]
    Mismatch {
        /// The archive.
        path: PathBuf,
        /// The entry.
        entry: String,
        /// How.
        detail: String,
    },
    /// The database inside does not open or fails its integrity check.
    #[error("the database inside {path} is unusable ({detail}); nothing was restored")]
    Unsound {
        /// The archive.
        path: PathBuf,
        /// What SQLite or the store reported.
        detail: String,
    },
    /// The staging folder could not be prepared or the folders could not be swapped.
    #[error("cannot put the restored data in place at {path} ({source}); your data is unchanged")]
    Swap {
        /// The folder concerned.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
}

/// Counts and hashes what passes through.
struct Hashing<T> {
    inner: T,
    hasher: Sha256,
    bytes: u64,
}

impl<T> Hashing<T> {
    fn new(inner: T) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    fn finish(self) -> (T, String, u64) {
        (self.inner, hex::encode(self.hasher.finalize()), self.bytes)
    }
}

impl<T: Write> Write for Hashing<T> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<T: Read> Read for Hashing<T> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// The name offered for a new archive: `bonafide-backup-YYYY-MM-DD.tar`.
pub fn default_file_name() -> String {
    let now = bonafide_base::clock::now();
    format!("bonafide-backup-{}.tar", now.get(..10).unwrap_or(&now))
}

/// The archive path of an evidence file.
pub fn evidence_entry(sha256: &str) -> String {
    DataDir::evidence_entry(sha256)
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
    let mut seen = std::collections::BTreeSet::new();
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

/// What a database snapshot holds, as the manifest records it.
#[derive(Debug, Clone, Copy)]
pub struct Contents<'a> {
    /// Number of cases.
    pub cases: u64,
    /// SHA-256 of every evidence file the snapshot references, each once.
    pub evidence: &'a [String],
    /// The snapshot's schema version.
    pub schema_version: i64,
}

/// Writes an archive of the snapshot at `db`, the key file `key_file` and the evidence
/// files the snapshot references (by hash, read from `blobs`) to `out`, through a temporary
/// file renamed into place at the end.
pub fn write_archive(
    out: &Path,
    db: &Path,
    key_file: &[u8],
    snapshot: &Contents<'_>,
    blobs: &bonafide_evidence::BlobStore,
    created_at: &str,
) -> Result<BackupReport, BackupError> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BackupError::Write { path, source }
    };
    let dir = folder_of(out);
    let tmp = tempfile::NamedTempFile::new_in(&dir).map_err(write_err(&dir))?;
    let file = tmp.as_file().try_clone().map_err(write_err(tmp.path()))?;
    let mut builder = tar::Builder::new(Hashing::new(io::BufWriter::new(file)));
    let mut files = Vec::new();
    let mut altered = Vec::new();

    let add = |builder: &mut tar::Builder<_>, name: &str, source: &mut dyn Read, size: u64| {
        let mut header = tar::Header::new_gnu();
        header.set_size(size);
        header.set_mode(0o600);
        header.set_mtime(0);
        header.set_entry_type(tar::EntryType::Regular);
        let mut reader = Hashing::new(source.take(size));
        builder
            .append_data(&mut header, name, &mut reader)
            .map_err(write_err(out))?;
        let (_, sha256, bytes) = reader.finish();
        if bytes != size {
            return Err(BackupError::Write {
                path: out.to_path_buf(),
                source: io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("{name} shrank while it was copied"),
                ),
            });
        }
        Ok(ManifestFile {
            path: name.to_string(),
            size,
            sha256,
        })
    };

    let mut db_file = File::open(db).map_err(write_err(db))?;
    let db_size = db_file.metadata().map_err(write_err(db))?.len();
    files.push(add(&mut builder, DATABASE_ENTRY, &mut db_file, db_size)?);
    files.push(add(
        &mut builder,
        KEY_FILE_ENTRY,
        &mut &key_file[..],
        key_file.len() as u64,
    )?);
    for sha in snapshot.evidence {
        let path = blobs.path_of(sha);
        let evidence_err = |source| BackupError::Evidence {
            sha256: sha.clone(),
            source,
        };
        let mut f = File::open(&path).map_err(evidence_err)?;
        let size = f.metadata().map_err(evidence_err)?.len();
        files.push(add(&mut builder, &evidence_entry(sha), &mut f, size)?);
        if !blobs.check(sha).unwrap_or(false) {
            // Kept under its recorded name so the restored folder shows the same problem
            // `audit verify` shows now, instead of hiding it.
            altered.push(sha.clone());
        }
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        version: FORMAT_VERSION,
        created_at: created_at.to_string(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        schema_version: snapshot.schema_version,
        cases: snapshot.cases,
        files,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| BackupError::Write {
        path: out.to_path_buf(),
        source: io::Error::other(e),
    })?;
    add(
        &mut builder,
        MANIFEST_ENTRY,
        &mut json.as_slice(),
        json.len() as u64,
    )?;
    let hashing = builder.into_inner().map_err(write_err(out))?;
    let (buffered, sha256, bytes) = hashing.finish();
    let file = buffered.into_inner().map_err(|e| BackupError::Write {
        path: out.to_path_buf(),
        source: e.into_error(),
    })?;
    file.sync_all().map_err(write_err(out))?;
    tmp.persist(out).map_err(|e| BackupError::Write {
        path: out.to_path_buf(),
        source: e.error,
    })?;
    Ok(BackupReport {
        path: out.display().to_string(),
        bytes,
        sha256,
        cases: snapshot.cases,
        evidence_files: snapshot.evidence.len() as u64,
        altered_evidence: altered,
        created_at: created_at.to_string(),
    })
}

/// Unpacks `archive` into the empty folder `staging` and checks every entry against the
/// manifest. On success `staging` holds `bonafide.sqlite3` and `evidence/`, exactly as
/// listed; the database itself is checked by the caller.
pub fn unpack_verified(archive: &Path, staging: &Path) -> Result<Manifest, BackupError> {
    let file = File::open(archive).map_err(|source| BackupError::Read {
        path: archive.to_path_buf(),
        source,
    })?;
    let damaged = |detail: String| BackupError::Damaged {
        path: archive.to_path_buf(),
        detail,
    };
    let mismatch = |entry: &str, detail: &str| BackupError::Mismatch {
        path: archive.to_path_buf(),
        entry: entry.to_string(),
        detail: detail.to_string(),
    };
    let not_ours = |detail: String| BackupError::NotABackup {
        path: archive.to_path_buf(),
        detail,
    };
    let mut tar = tar::Archive::new(io::BufReader::new(file));
    let mut found: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut manifest_bytes: Option<Vec<u8>> = None;
    let entries = tar.entries().map_err(|e| damaged(e.to_string()))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| damaged(e.to_string()))?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(not_ours(format!(
                "it holds {name}, which is not a plain file"
            )));
        }
        let kind = entry_kind(&name).ok_or_else(|| {
            not_ours(format!("it holds a file the format does not allow: {name}"))
        })?;
        if found.contains_key(&name) || (kind == EntryKind::Manifest && manifest_bytes.is_some()) {
            return Err(not_ours(format!("it holds {name} twice")));
        }
        let size = entry.size();
        match kind {
            EntryKind::Manifest => {
                if size > MAX_MANIFEST_BYTES {
                    return Err(not_ours(format!("its manifest is {size} bytes")));
                }
                let mut bytes = Vec::with_capacity(size as usize);
                entry
                    .read_to_end(&mut bytes)
                    .map_err(|e| damaged(format!("{name}: {e}")))?;
                manifest_bytes = Some(bytes);
            }
            EntryKind::Database | EntryKind::KeyFile | EntryKind::Evidence(_) => {
                let dest = staging.join(&name);
                if let Some(parent) = dest.parent() {
                    fs::create_dir_all(parent).map_err(|source| BackupError::Swap {
                        path: parent.to_path_buf(),
                        source,
                    })?;
                }
                let out = File::create(&dest).map_err(|source| BackupError::Swap {
                    path: dest.clone(),
                    source,
                })?;
                let mut writer = Hashing::new(io::BufWriter::new(out));
                io::copy(&mut entry, &mut writer).map_err(|e| damaged(format!("{name}: {e}")))?;
                let (buffered, sha, bytes) = writer.finish();
                let out = buffered
                    .into_inner()
                    .map_err(|e| damaged(format!("{name}: {}", e.error())))?;
                out.sync_all().map_err(|source| BackupError::Swap {
                    path: dest.clone(),
                    source,
                })?;
                if bytes != size {
                    return Err(damaged(format!("{name} is cut short")));
                }
                found.insert(name, (bytes, sha));
            }
        }
    }
    let manifest_bytes =
        manifest_bytes.ok_or_else(|| damaged("it has no manifest; it may be cut short".into()))?;
    let manifest = parse_manifest(&manifest_bytes).map_err(not_ours)?;
    for f in &manifest.files {
        match found.remove(&f.path) {
            None => return Err(mismatch(&f.path, "is listed but missing")),
            Some((size, _)) if size != f.size => {
                return Err(mismatch(
                    &f.path,
                    &format!("is {size} bytes but the manifest says {}", f.size),
                ));
            }
            Some((_, sha)) if sha != f.sha256 => {
                return Err(mismatch(
                    &f.path,
                    "has content whose SHA-256 differs from the manifest",
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = found.keys().next() {
        return Err(mismatch(extra, "is not listed in the manifest"));
    }
    Ok(manifest)
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
