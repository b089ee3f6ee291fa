//! How a data folder stands before it is opened: not set up (perhaps holding a plain
//! database from before encryption) or locked behind its key file.

use std::fs;
use std::path::Path;

use serde::Serialize;

use crate::VaultError;
use crate::key_file::{key_file_path, read_key_file};
use bonafide_base::DataDir;

/// The store's `application_id` ("BFID", `bonafide_store::APPLICATION_ID`), as SQLite
/// writes it into the file header.
const APPLICATION_ID: [u8; 4] = *b"BFID";

/// How a folder stands before it is opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum FolderState {
    /// No key yet. `existing_data` when the folder holds unencrypted data from a version
    /// before encryption, which setting up encrypts.
    NotSetUp {
        /// Whether there is a database to encrypt.
        existing_data: bool,
    },
    /// Set up: the key must be unlocked to open it.
    Locked {
        /// The key's identifier.
        key_id: String,
        /// Whether a passphrase can unlock it.
        passphrase: bool,
    },
}
/// The first 100 bytes of a plain SQLite file: its header.
fn plain_header(dir: &Path) -> Option<[u8; 100]> {
    use std::io::Read;
    let mut head = [0u8; 100];
    fs::File::open(DataDir::new(dir).database())
        .and_then(|mut f| f.read_exact(&mut head))
        .ok()?;
    head.starts_with(b"SQLite format 3\0").then_some(head)
}

/// Whether `dir` holds a database from before encryption (a plain SQLite file).
pub fn has_plain_database(dir: &Path) -> bool {
    plain_header(dir).is_some()
}

/// Refuses a plain database that is not ours before a key is made for it. The header is
/// enough: SQLite keeps `PRAGMA application_id` there (bytes 68–71, big-endian), so this
/// needs no database library, and the store repeats the full check when it encrypts.
pub(crate) fn check_plain_database(dir: &Path) -> Result<(), VaultError> {
    let Some(head) = plain_header(dir) else {
        return Ok(());
    };
    if head[68..72] == APPLICATION_ID {
        return Ok(());
    }
    Err(VaultError::NotOurs {
        detail: format!(
            "{} is not a Bona Fide database: it is a plain SQLite file, but not Bona Fide's",
            DataDir::new(dir).database().display()
        ),
    })
}

/// How `dir` stands: not set up (with or without data to encrypt) or locked.
pub fn state(dir: &Path) -> Result<FolderState, VaultError> {
    match read_key_file(dir)? {
        Some(k) => Ok(FolderState::Locked {
            key_id: k.key_id,
            passphrase: k.passphrase.is_some(),
        }),
        None => {
            let db = DataDir::new(dir).database();
            if db.exists() && !has_plain_database(dir) {
                // An encrypted (or unreadable) database without its key file: setting up a
                // new key would orphan it. Say so instead.
                return Err(VaultError::KeyFile {
                    path: key_file_path(dir),
                    detail: "it is missing, but the database is encrypted or unreadable".into(),
                });
            }
            Ok(FolderState::NotSetUp {
                existing_data: db.exists(),
            })
        }
    }
}
