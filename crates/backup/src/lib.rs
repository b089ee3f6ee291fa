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

mod hashing;
mod manifest;
mod unpack;
mod write;

pub use manifest::{EntryKind, Manifest, ManifestFile, entry_kind, parse_manifest};
pub use unpack::unpack_verified;
pub use write::write_archive;

use std::io;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use bonafide_base::DataDir;

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
    /// Stored files in the backup: each content once, however often it is attached
    /// (`audit verify` and deleting a case count attachments).
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
    /// Stored files restored: each content once, however often it is attached.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub evidence_files: u64,
    /// Where the data that was replaced now is (kept until you delete it), if there was any.
    pub previous_data: Option<String>,
    /// Set when the restore is done but could not be written into the restored folder's
    /// history: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_recorded: Option<String>,
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

/// The name offered for a new archive: `bonafide-backup-YYYY-MM-DD.tar`.
pub fn default_file_name() -> String {
    let now = bonafide_base::clock::now();
    format!("bonafide-backup-{}.tar", now.get(..10).unwrap_or(&now))
}

/// The archive path of an evidence file.
pub fn evidence_entry(sha256: &str) -> String {
    DataDir::evidence_entry(sha256)
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
