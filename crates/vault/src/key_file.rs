//! `key.json`: its format, the checks a file must pass before anything in it is used, and
//! reading and writing it.
//!
//! A key file comes from disk or from a backup archive, so it is treated as hostile until
//! checked: size, format, version, well-formed identifiers, and Argon2 costs within bounds
//! so that unlocking cannot be made to allocate without limit.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::VaultError;
use bonafide_base::DataDir;
use bonafide_base::files::replace_file;

/// The key file's name inside a data folder.
pub const KEY_FILE: &str = DataDir::KEY_FILE;
/// `format` of every key file.
pub(crate) const FORMAT: &str = "bonafide-key";
/// The key file version this build writes and the highest it reads.
pub(crate) const VERSION: u32 = 1;
/// A key file larger than this is not ours and is refused unread.
const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;
/// Largest Argon2 costs read from a key file (256 MiB, 10 passes), so a hostile file cannot make
/// an unlock allocate without bound.
const ARGON2_MAX_M_KIB: u32 = 256 * 1024;
const ARGON2_MAX_T: u32 = 10;

/// Whether the folder is encrypted throughout or still holds data from before encryption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Progress {
    /// Existing unencrypted data is being encrypted; opening the folder finishes it.
    Encrypting,
    /// Everything is encrypted.
    Encrypted,
}

/// `key.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KeyFile {
    pub(crate) format: String,
    pub(crate) version: u32,
    pub(crate) key_id: String,
    pub(crate) created_at: String,
    /// Hex of a value derived from the key, to tell a wrong key from a damaged database.
    pub(crate) check: String,
    pub(crate) progress: Progress,
    pub(crate) recovery: Wrapped,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) passphrase: Option<PassphraseWrap>,
    /// Present while the folder moves from an older key to this one: the data still under
    /// the older key is re-encrypted at the next open, which then removes this. A build
    /// that does not know the field refuses the file, so it never opens half-moved data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) rotation: Option<Rotation>,
}

/// The key a folder is moving away from, wrapped under a key derived from the new one, so
/// whoever unlocks the new key (and only they) can finish moving the data.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rotation {
    /// The older key's identifier.
    pub(crate) previous_id: String,
    /// The older key's check value.
    pub(crate) previous_check: String,
    /// The older key wrapped under the new one.
    pub(crate) previous: Wrapped,
    /// When the rotation began.
    pub(crate) started_at: String,
    /// Who rotated the key, for the event that records it once the data has moved.
    pub(crate) by: String,
}

/// The data key encrypted under another key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Wrapped {
    /// Hex, 24 bytes.
    pub(crate) nonce: String,
    /// Hex, 32 bytes of key and a 16-byte tag.
    pub(crate) ciphertext: String,
}

/// The data key wrapped under a passphrase, with the Argon2id costs and salt that turn
/// the passphrase into the wrapping key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PassphraseWrap {
    /// Always `argon2id`.
    pub(crate) kdf: String,
    pub(crate) m_kib: u32,
    pub(crate) t: u32,
    pub(crate) p: u32,
    /// Hex, 16 bytes.
    pub(crate) salt: String,
    pub(crate) wrapped: Wrapped,
}
/// The path of a folder's key file.
pub fn key_file_path(dir: &Path) -> PathBuf {
    DataDir::new(dir).key_file()
}

/// Reads and checks `key.json`; `Ok(None)` when there is none.
pub(crate) fn read_key_file(dir: &Path) -> Result<Option<KeyFile>, VaultError> {
    let path = key_file_path(dir);
    let bad = |detail: String| VaultError::KeyFile {
        path: path.clone(),
        detail,
    };
    let meta = match fs::metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(bad(e.to_string())),
    };
    if !meta.is_file() || meta.len() > MAX_KEY_FILE_BYTES {
        return Err(bad("it is not a key file".into()));
    }
    let bytes = fs::read(&path).map_err(|e| bad(e.to_string()))?;
    parse_key_file(&bytes).map(Some).map_err(bad)
}

/// Parses a key file's bytes: ours, a version this build reads, well-formed.
pub(crate) fn parse_key_file(bytes: &[u8]) -> Result<KeyFile, String> {
    let k: KeyFile = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if k.format != FORMAT {
        return Err(format!("its format is \"{}\"", k.format));
    }
    if k.version == 0 || k.version > VERSION {
        return Err(format!(
            "it is version {}; this version of Bona Fide reads up to {VERSION}",
            k.version
        ));
    }
    if k.key_id.is_empty() || k.key_id.len() > 64 || k.check.len() != 64 {
        return Err("its key identifier or check value is malformed".into());
    }
    if let Some(r) = &k.rotation
        && (r.previous_id.is_empty()
            || r.previous_id.len() > 64
            || r.previous_check.len() != 64
            || r.by.len() > 1024)
    {
        return Err("its key rotation record is malformed".into());
    }
    if let Some(p) = &k.passphrase
        && (p.kdf != "argon2id"
            || p.m_kib > ARGON2_MAX_M_KIB
            || p.t > ARGON2_MAX_T
            || p.p == 0
            || p.p > 16)
    {
        return Err("its passphrase parameters are outside what this version accepts".into());
    }
    Ok(k)
}

/// Writes `key.json`, replacing the old one in a single step so a crash leaves one or the
/// other, never half of each.
pub(crate) fn write_key_file(dir: &Path, k: &KeyFile) -> Result<(), VaultError> {
    let path = key_file_path(dir);
    let bytes = serde_json::to_vec_pretty(k).expect("a key file always serializes");
    replace_file(&path, &bytes).map_err(|source| VaultError::Write { path, source })
}
