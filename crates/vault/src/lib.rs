//! The data folder's encryption key.
//!
//! Everything the app stores is encrypted under one random 256-bit *data key*: the database
//! page by page through SQLCipher, evidence files with XChaCha20-Poly1305 (the evidence crate).
//! Each use gets its own key derived from the data key with HKDF-SHA256, so the same bytes
//! never serve two ciphers.
//!
//! The data key never touches the disk in the clear. `key.json` in the data folder holds it
//! *wrapped* (encrypted with XChaCha20-Poly1305) under:
//!
//! - the **recovery code**, 256 random bits shown once when the folder is set up, always
//!   present: it opens the folder when everything else is lost;
//! - a **passphrase**, stretched with Argon2id, when the user chose one. Where no keychain
//!   exists a passphrase is required.
//!
//! The operating system's keychain ([`Keychain`]) keeps the data key itself, so on a desktop
//! with a keychain nobody types anything. `key.json` also holds a check value derived from
//! the data key, so a wrong key is named as such before SQLCipher sees it.
//!
//! Losing `key.json` loses the data: backups carry it (see the backup crate).

#![deny(missing_docs)]

mod keychain;

pub use keychain::Keychain;

use std::fs;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use bonafide_base::DataDir;
use bonafide_base::files::replace_file;

/// The key file's name inside a data folder.
pub const KEY_FILE: &str = DataDir::KEY_FILE;
/// `format` of every key file.
const FORMAT: &str = "bonafide-key";
/// The key file version this build writes and the highest it reads.
const VERSION: u32 = 1;
/// The store's `application_id` ("BFID", `bonafide_store::APPLICATION_ID`), as SQLite
/// writes it into the file header.
const APPLICATION_ID: [u8; 4] = *b"BFID";
/// A key file larger than this is not ours and is refused unread.
const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;
/// Shortest passphrase accepted: long enough that Argon2id makes guessing slow.
pub const MIN_PASSPHRASE_CHARS: usize = 10;
/// Longest passphrase accepted (characters).
pub const MAX_PASSPHRASE_CHARS: usize = 1024;

/// Argon2id cost for new passphrases: 64 MiB, 3 passes, 1 lane (the second recommended
/// option of RFC 9106); about a quarter of a second on a laptop, once per unlock.
const ARGON2_M_KIB: u32 = 64 * 1024;
const ARGON2_T: u32 = 3;
const ARGON2_P: u32 = 1;
/// Largest Argon2 costs read from a key file (256 MiB, 10 passes), so a hostile file cannot make
/// an unlock allocate without bound.
const ARGON2_MAX_M_KIB: u32 = 256 * 1024;
const ARGON2_MAX_T: u32 = 10;

/// Why a data folder could not be unlocked or its key changed. The data itself is never
/// touched by any of these.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// The folder has no key file yet.
    #[error("the data folder {path} is not set up for encryption yet")]
    NotSetUp {
        /// The data folder.
        path: PathBuf,
    },
    /// Setting up a folder that already has a key.
    #[error("the data folder {path} already has a key; unlock it instead of setting it up again")]
    AlreadySetUp {
        /// The data folder.
        path: PathBuf,
    },
    /// The folder holds a plain database that is not ours (or too new): no key is made for
    /// it, and it is left as it is.
    #[error("{detail}; no key was set up and the file was left as it is")]
    NotOurs {
        /// What the store found.
        detail: String,
    },
    /// The key file is missing while the database is encrypted, or is unreadable.
    #[error(
        "the key file {path} is unusable ({detail}); restore the data folder from a backup, \
         which carries its key file"
    )]
    KeyFile {
        /// The key file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The passphrase did not unlock the key.
    #[error("the passphrase is wrong; try again, or use the recovery code")]
    WrongPassphrase,
    /// The recovery code did not unlock the key.
    #[error("the recovery code is wrong; check it against the copy written down at set-up")]
    WrongRecoveryCode,
    /// A key (from the keychain or held by the app) that does not belong to this folder.
    #[error(
        "the key offered does not belong to the data folder {path}; unlock it with its \
         passphrase or recovery code"
    )]
    WrongKey {
        /// The data folder.
        path: PathBuf,
    },
    /// No keychain and no passphrase.
    #[error(
        "this data folder is locked and no keychain holds its key; give its passphrase \
         (or recovery code)"
    )]
    Locked,
    /// A folder without a keychain must have a passphrase.
    #[error(
        "no keychain is available on this computer, so the data folder needs a passphrase \
         of at least {MIN_PASSPHRASE_CHARS} characters"
    )]
    PassphraseRequired,
    /// Removing the only way in besides the recovery code.
    #[error("the passphrase cannot be removed while no keychain holds the key")]
    PassphraseNeeded,
    /// A passphrase outside the allowed length.
    #[error("a passphrase must have {MIN_PASSPHRASE_CHARS} to {MAX_PASSPHRASE_CHARS} characters")]
    BadPassphrase,
    /// The keychain failed.
    #[error("the keychain could not be used: {0}")]
    Keychain(String),
    /// The system's random number generator failed.
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    /// The key file could not be written.
    #[error("cannot write the key file {path}: {source}")]
    Write {
        /// The key file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// The key everything in one data folder is encrypted under.
pub struct DataKey {
    id: String,
    bytes: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the bytes: a key must not end up in a log line.
        write!(f, "DataKey({})", self.id)
    }
}

impl Clone for DataKey {
    fn clone(&self) -> Self {
        DataKey {
            id: self.id.clone(),
            bytes: Zeroizing::new(*self.bytes),
        }
    }
}

impl DataKey {
    /// The key's identifier (also the name of its keychain entry); not secret.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn from_parts(id: &str, bytes: &[u8]) -> Option<DataKey> {
        let bytes: [u8; 32] = bytes.try_into().ok()?;
        Some(DataKey {
            id: id.to_string(),
            bytes: Zeroizing::new(bytes),
        })
    }

    /// A key derived for one purpose; `purpose` names it and is never reused for another.
    fn derive(&self, purpose: &str) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        hkdf::Hkdf::<sha2::Sha256>::new(None, self.bytes.as_slice())
            .expand(purpose.as_bytes(), out.as_mut_slice())
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        out
    }

    /// SQLCipher's raw key, as the literal `PRAGMA key` takes it: `x'<64 hex digits>'`.
    /// Public so the database can be opened with the `sqlcipher` shell for inspection or
    /// repair (`PRAGMA key = "x'…'";`); treat it like the data itself.
    pub fn database_key(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "x'{}'",
            hex::encode(self.derive("bonafide database v1"))
        ))
    }

    /// The key evidence files are encrypted under.
    pub fn evidence_key(&self) -> Zeroizing<[u8; 32]> {
        self.derive("bonafide evidence v1")
    }

    /// A value that identifies the key without revealing it.
    fn check_value(&self) -> String {
        hex::encode(self.derive("bonafide key check v1"))
    }
}

/// The recovery code: 256 random bits as 13 groups of four base32 characters.
pub struct RecoveryCode(Zeroizing<String>);

impl RecoveryCode {
    fn from_bytes(bytes: &[u8; 32]) -> RecoveryCode {
        let plain = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(bytes));
        let grouped = plain
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("-");
        RecoveryCode(Zeroizing::new(grouped))
    }

    /// Reads a code as typed: case, spaces and dashes do not matter.
    fn parse(typed: &str) -> Option<Zeroizing<[u8; 32]>> {
        let cleaned: Zeroizing<String> = Zeroizing::new(
            typed
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        );
        let decoded = Zeroizing::new(
            data_encoding::BASE32_NOPAD
                .decode(cleaned.as_bytes())
                .ok()?,
        );
        let bytes: [u8; 32] = decoded.as_slice().try_into().ok()?;
        Some(Zeroizing::new(bytes))
    }

    /// The code to show the user, e.g. `ABCD-EFGH-…`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

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

/// One way to unlock a folder's key.
pub enum Unlock<'a> {
    /// A key already in hand (the one the app holds, or a test's).
    Key(&'a DataKey),
    /// The operating system's keychain.
    Keychain(&'a Keychain),
    /// The passphrase.
    Passphrase(&'a str),
    /// The recovery code.
    RecoveryCode(&'a str),
}

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
    format: String,
    version: u32,
    key_id: String,
    created_at: String,
    /// Hex of a value derived from the key, to tell a wrong key from a damaged database.
    check: String,
    pub(crate) progress: Progress,
    recovery: Wrapped,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    passphrase: Option<PassphraseWrap>,
}

/// The data key encrypted under another key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wrapped {
    /// Hex, 24 bytes.
    nonce: String,
    /// Hex, 32 bytes of key and a 16-byte tag.
    ciphertext: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PassphraseWrap {
    /// Always `argon2id`.
    kdf: String,
    m_kib: u32,
    t: u32,
    p: u32,
    /// Hex, 16 bytes.
    salt: String,
    wrapped: Wrapped,
}

fn random<const N: usize>() -> Result<Zeroizing<[u8; N]>, VaultError> {
    let mut out = Zeroizing::new([0u8; N]);
    getrandom::fill(out.as_mut_slice()).map_err(|e| VaultError::Random(e.to_string()))?;
    Ok(out)
}

/// Encrypts the data key under `kek`, bound to the key's identifier.
fn wrap(kek: &[u8; 32], key: &DataKey) -> Result<Wrapped, VaultError> {
    let nonce = random::<24>()?;
    let cipher = XChaCha20Poly1305::new(kek.into());
    let ciphertext = cipher
        .encrypt(
            &XNonce::from(*nonce),
            Payload {
                msg: key.bytes.as_slice(),
                aad: key.id.as_bytes(),
            },
        )
        .map_err(|_| VaultError::Random("encryption failed".into()))?;
    Ok(Wrapped {
        nonce: hex::encode(nonce.as_slice()),
        ciphertext: hex::encode(ciphertext),
    })
}

/// Decrypts a wrapped key; `None` when `kek` is not the key it was wrapped under (or the
/// file was altered).
fn unwrap(kek: &[u8; 32], key_id: &str, w: &Wrapped) -> Option<DataKey> {
    let nonce: [u8; 24] = hex::decode(&w.nonce).ok()?.try_into().ok()?;
    let ciphertext = hex::decode(&w.ciphertext).ok()?;
    let plain = Zeroizing::new(
        XChaCha20Poly1305::new(kek.into())
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &ciphertext,
                    aad: key_id.as_bytes(),
                },
            )
            .ok()?,
    );
    DataKey::from_parts(key_id, &plain)
}

fn recovery_kek(code: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    hkdf::Hkdf::<sha2::Sha256>::new(None, code)
        .expand(b"bonafide recovery wrap v1", out.as_mut_slice())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    out
}

/// Checks a passphrase's length and returns it in Unicode NFC, so the same passphrase typed
/// on another keyboard or system derives the same key.
fn normalized_passphrase(p: &str) -> Result<Zeroizing<String>, VaultError> {
    use unicode_normalization::UnicodeNormalization;
    let n = Zeroizing::new(p.nfc().collect::<String>());
    let chars = n.chars().count();
    if !(MIN_PASSPHRASE_CHARS..=MAX_PASSPHRASE_CHARS).contains(&chars) {
        return Err(VaultError::BadPassphrase);
    }
    Ok(n)
}

fn passphrase_kek(
    passphrase: &str,
    salt: &[u8],
    m_kib: u32,
    t: u32,
    p: u32,
) -> Option<Zeroizing<[u8; 32]>> {
    let params = argon2::Params::new(m_kib, t, p, Some(32)).ok()?;
    let mut out = Zeroizing::new([0u8; 32]);
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut_slice())
        .ok()?;
    Some(out)
}

fn passphrase_wrap(passphrase: &str, key: &DataKey) -> Result<PassphraseWrap, VaultError> {
    let passphrase = normalized_passphrase(passphrase)?;
    let salt = random::<16>()?;
    let kek = passphrase_kek(
        &passphrase,
        salt.as_slice(),
        ARGON2_M_KIB,
        ARGON2_T,
        ARGON2_P,
    )
    .ok_or_else(|| VaultError::Random("Argon2id failed".into()))?;
    Ok(PassphraseWrap {
        kdf: "argon2id".into(),
        m_kib: ARGON2_M_KIB,
        t: ARGON2_T,
        p: ARGON2_P,
        salt: hex::encode(salt.as_slice()),
        wrapped: wrap(&kek, key)?,
    })
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

fn write_key_file(dir: &Path, k: &KeyFile) -> Result<(), VaultError> {
    let path = key_file_path(dir);
    let bytes = serde_json::to_vec_pretty(k).expect("a key file always serializes");
    replace_file(&path, &bytes).map_err(|source| VaultError::Write { path, source })
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
fn check_plain_database(dir: &Path) -> Result<(), VaultError> {
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

/// Creates the data key of a folder that has none: writes `key.json` with the key wrapped
/// under a new recovery code and, if given, a passphrase. Returns the key and the code,
/// which is shown to the user once and never stored in the clear.
///
/// This does not consult the keychain; [`set_up`] is the whole first-run step.
pub fn create_key(
    dir: &Path,
    passphrase: Option<&str>,
) -> Result<(DataKey, RecoveryCode), VaultError> {
    if let FolderState::Locked { .. } = state(dir)? {
        return Err(VaultError::AlreadySetUp {
            path: dir.to_path_buf(),
        });
    }
    fs::create_dir_all(dir).map_err(|source| VaultError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let existing_data = has_plain_database(dir);
    check_plain_database(dir)?;
    let key = DataKey {
        id: uuid::Uuid::now_v7().to_string(),
        bytes: random::<32>()?,
    };
    let code = random::<32>()?;
    let passphrase = passphrase.map(|p| passphrase_wrap(p, &key)).transpose()?;
    let file = KeyFile {
        format: FORMAT.into(),
        version: VERSION,
        key_id: key.id.clone(),
        created_at: bonafide_base::clock::now(),
        check: key.check_value(),
        progress: if existing_data {
            Progress::Encrypting
        } else {
            Progress::Encrypted
        },
        recovery: wrap(&recovery_kek(&code), &key)?,
        passphrase,
    };
    write_key_file(dir, &file)?;
    Ok((key, RecoveryCode::from_bytes(&code)))
}

/// What first-run set-up produced.
#[derive(Debug)]
pub struct SetUp {
    /// The new data key.
    pub key: DataKey,
    /// The recovery code to show once.
    pub recovery_code: RecoveryCode,
    /// Whether the keychain now holds the key.
    pub in_keychain: bool,
}

/// First run: creates the folder's key and keeps it in the keychain when there is one.
/// Without a keychain a passphrase is required; with one it is optional.
pub fn set_up(
    dir: &Path,
    keychain: &Keychain,
    passphrase: Option<&str>,
) -> Result<SetUp, VaultError> {
    let passphrase = passphrase.filter(|p| !p.is_empty());
    if let Some(p) = passphrase {
        normalized_passphrase(p)?;
    }
    let keychain_ok = keychain.is_available();
    if !keychain_ok && passphrase.is_none() {
        return Err(VaultError::PassphraseRequired);
    }
    let (key, recovery_code) = create_key(dir, passphrase)?;
    // A keychain that refuses the key is not fatal when a passphrase was set.
    let in_keychain = keychain.keep(&key);
    if !in_keychain && passphrase.is_none() {
        let _ = fs::remove_file(key_file_path(dir));
        return Err(VaultError::PassphraseRequired);
    }
    Ok(SetUp {
        key,
        recovery_code,
        in_keychain,
    })
}

/// Unlocks the key of `dir`. A key already in hand is checked against the folder's.
pub fn unlock(dir: &Path, how: &Unlock<'_>) -> Result<DataKey, VaultError> {
    let file = read_key_file(dir)?.ok_or_else(|| VaultError::NotSetUp {
        path: dir.to_path_buf(),
    })?;
    unlock_file(dir, &file, how)
}

pub(crate) fn unlock_file(
    dir: &Path,
    file: &KeyFile,
    how: &Unlock<'_>,
) -> Result<DataKey, VaultError> {
    let wrong_key = || VaultError::WrongKey {
        path: dir.to_path_buf(),
    };
    let key = match how {
        Unlock::Key(k) => (*k).clone(),
        Unlock::Keychain(chain) => chain.load(&file.key_id)?.ok_or(VaultError::Locked)?,
        Unlock::Passphrase(p) => {
            let w = file.passphrase.as_ref().ok_or(VaultError::Locked)?;
            let p = normalized_passphrase(p).map_err(|_| VaultError::WrongPassphrase)?;
            let salt = hex::decode(&w.salt).map_err(|_| VaultError::WrongPassphrase)?;
            let kek =
                passphrase_kek(&p, &salt, w.m_kib, w.t, w.p).ok_or(VaultError::WrongPassphrase)?;
            unwrap(&kek, &file.key_id, &w.wrapped).ok_or(VaultError::WrongPassphrase)?
        }
        Unlock::RecoveryCode(c) => {
            let code = RecoveryCode::parse(c).ok_or(VaultError::WrongRecoveryCode)?;
            unwrap(&recovery_kek(&code), &file.key_id, &file.recovery)
                .ok_or(VaultError::WrongRecoveryCode)?
        }
    };
    if key.id != file.key_id || key.check_value() != file.check {
        return Err(wrong_key());
    }
    Ok(key)
}

/// The way back in when the passphrase is forgotten: unlocks with the recovery code, keeps
/// the key in the keychain where there is one, and sets `new_passphrase`, which is required
/// where there is no keychain (the folder would otherwise need the code at every start).
/// Returns the key and whether the keychain now holds it.
pub fn recover(
    dir: &Path,
    code: &str,
    new_passphrase: Option<&str>,
    keychain: &Keychain,
) -> Result<(DataKey, bool), VaultError> {
    let new_passphrase = new_passphrase.filter(|p| !p.is_empty());
    if new_passphrase.is_none() && !keychain.is_available() {
        return Err(VaultError::PassphraseRequired);
    }
    let key = unlock(dir, &Unlock::RecoveryCode(code))?;
    if let Some(p) = new_passphrase {
        set_passphrase(dir, &key, Some(p), keychain)?;
    }
    let kept = keychain.keep(&key);
    Ok((key, kept))
}

/// Sets, changes or (with `None`) removes the passphrase. Removing it is refused unless the
/// keychain holds the key, so the folder always opens without the recovery code.
pub fn set_passphrase(
    dir: &Path,
    key: &DataKey,
    passphrase: Option<&str>,
    keychain: &Keychain,
) -> Result<(), VaultError> {
    let mut file = read_key_file(dir)?.ok_or_else(|| VaultError::NotSetUp {
        path: dir.to_path_buf(),
    })?;
    unlock_file(dir, &file, &Unlock::Key(key))?;
    file.passphrase = match passphrase {
        Some(p) => Some(passphrase_wrap(p, key)?),
        None => {
            if !matches!(keychain.load(&file.key_id), Ok(Some(_))) {
                return Err(VaultError::PassphraseNeeded);
            }
            None
        }
    };
    write_key_file(dir, &file)
}

/// Replaces the recovery code (after the old one may have been seen by someone else).
/// The old code stops working at once.
pub fn new_recovery_code(dir: &Path, key: &DataKey) -> Result<RecoveryCode, VaultError> {
    let mut file = read_key_file(dir)?.ok_or_else(|| VaultError::NotSetUp {
        path: dir.to_path_buf(),
    })?;
    unlock_file(dir, &file, &Unlock::Key(key))?;
    let code = random::<32>()?;
    file.recovery = wrap(&recovery_kek(&code), key)?;
    write_key_file(dir, &file)?;
    Ok(RecoveryCode::from_bytes(&code))
}

/// Whether the folder still holds data from before encryption that must be encrypted
/// before it is opened (an interrupted first open leaves this true, so it finishes next
/// time).
pub fn needs_encrypting(dir: &Path) -> Result<bool, VaultError> {
    Ok(read_key_file(dir)?.is_some_and(|k| k.progress == Progress::Encrypting))
}

/// Marks the folder as encrypted throughout once its older data has been encrypted.
pub fn mark_encrypted(dir: &Path, key: &DataKey) -> Result<(), VaultError> {
    let mut file = read_key_file(dir)?.ok_or_else(|| VaultError::NotSetUp {
        path: dir.to_path_buf(),
    })?;
    unlock_file(dir, &file, &Unlock::Key(key))?;
    file.progress = Progress::Encrypted;
    write_key_file(dir, &file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_opens_by_recovery_code_and_passphrase_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let (key, code) = create_key(dir.path(), Some("correct horse battery")).unwrap();
        assert_eq!(
            state(dir.path()).unwrap(),
            FolderState::Locked {
                key_id: key.id().into(),
                passphrase: true
            }
        );
        let by_code = unlock(dir.path(), &Unlock::RecoveryCode(code.as_str())).unwrap();
        assert_eq!(*by_code.bytes, *key.bytes);
        // Typed sloppily: lower case, spaces instead of dashes.
        let sloppy = code.as_str().to_lowercase().replace('-', " ");
        assert!(unlock(dir.path(), &Unlock::RecoveryCode(&sloppy)).is_ok());
        let by_pass = unlock(dir.path(), &Unlock::Passphrase("correct horse battery")).unwrap();
        assert_eq!(*by_pass.bytes, *key.bytes);

        assert!(matches!(
            unlock(dir.path(), &Unlock::Passphrase("correct horse battery!")),
            Err(VaultError::WrongPassphrase)
        ));
        let mut other = code.as_str().to_string();
        other.replace_range(0..1, if other.starts_with('A') { "B" } else { "A" });
        assert!(matches!(
            unlock(dir.path(), &Unlock::RecoveryCode(&other)),
            Err(VaultError::WrongRecoveryCode)
        ));
        assert!(matches!(
            unlock(dir.path(), &Unlock::RecoveryCode("not a code")),
            Err(VaultError::WrongRecoveryCode)
        ));
        // Another folder's key is named as such.
        let elsewhere = tempfile::tempdir().unwrap();
        let (foreign, _) = create_key(elsewhere.path(), None).unwrap();
        assert!(matches!(
            unlock(dir.path(), &Unlock::Key(&foreign)),
            Err(VaultError::WrongKey { .. })
        ));
        // The key file holds nothing of the key in the clear.
        let text = fs::read_to_string(key_file_path(dir.path())).unwrap();
        assert!(!text.contains(&hex::encode(*key.bytes)));
        assert!(!format!("{key:?}").contains(&hex::encode(*key.bytes)));
    }

    #[test]
    fn passphrases_and_codes_can_be_changed() {
        let dir = tempfile::tempdir().unwrap();
        let (key, code) = create_key(dir.path(), None).unwrap();
        assert!(matches!(
            unlock(dir.path(), &Unlock::Passphrase("anything at all")),
            Err(VaultError::Locked)
        ));
        assert!(matches!(
            set_passphrase(dir.path(), &key, Some("short"), &Keychain::Off),
            Err(VaultError::BadPassphrase)
        ));
        set_passphrase(dir.path(), &key, Some("a much longer one"), &Keychain::Off).unwrap();
        assert!(unlock(dir.path(), &Unlock::Passphrase("a much longer one")).is_ok());
        // Without a keychain the passphrase is the everyday way in: it stays.
        assert!(matches!(
            set_passphrase(dir.path(), &key, None, &Keychain::Off),
            Err(VaultError::PassphraseNeeded)
        ));
        let fresh = new_recovery_code(dir.path(), &key).unwrap();
        assert!(unlock(dir.path(), &Unlock::RecoveryCode(fresh.as_str())).is_ok());
        assert!(matches!(
            unlock(dir.path(), &Unlock::RecoveryCode(code.as_str())),
            Err(VaultError::WrongRecoveryCode)
        ));
        assert!(matches!(
            create_key(dir.path(), None),
            Err(VaultError::AlreadySetUp { .. })
        ));
    }

    #[test]
    fn the_recovery_code_replaces_a_forgotten_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let (key, code) = create_key(dir.path(), Some("forgotten passphrase")).unwrap();
        // Without a keychain the folder must not be left needing the code at every start.
        assert!(matches!(
            recover(dir.path(), code.as_str(), None, &Keychain::Off),
            Err(VaultError::PassphraseRequired)
        ));
        let (back, kept) = recover(
            dir.path(),
            code.as_str(),
            Some("remembered this time"),
            &Keychain::Off,
        )
        .unwrap();
        assert_eq!(*back.bytes, *key.bytes);
        assert!(!kept);
        assert!(unlock(dir.path(), &Unlock::Passphrase("remembered this time")).is_ok());
        assert!(matches!(
            unlock(dir.path(), &Unlock::Passphrase("forgotten passphrase")),
            Err(VaultError::WrongPassphrase)
        ));
    }

    #[test]
    fn set_up_without_a_keychain_needs_a_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            set_up(dir.path(), &Keychain::Off, None),
            Err(VaultError::PassphraseRequired)
        ));
        assert_eq!(
            state(dir.path()).unwrap(),
            FolderState::NotSetUp {
                existing_data: false
            }
        );
        let s = set_up(dir.path(), &Keychain::Off, Some("long enough words")).unwrap();
        assert!(!s.in_keychain);
        assert!(unlock(dir.path(), &Unlock::Passphrase("long enough words")).is_ok());
    }

    #[test]
    fn hostile_key_files_are_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let (_key, _) = create_key(dir.path(), Some("correct horse battery")).unwrap();
        let good: serde_json::Value =
            serde_json::from_slice(&fs::read(key_file_path(dir.path())).unwrap()).unwrap();
        let mut huge_memory = good.clone();
        huge_memory["passphrase"]["m_kib"] = serde_json::json!(u32::MAX);
        let mut future = good.clone();
        future["version"] = serde_json::json!(99);
        let mut extra = good.clone();
        extra["surprise"] = serde_json::json!(true);
        for bad in [
            serde_json::to_vec(&huge_memory).unwrap(),
            serde_json::to_vec(&future).unwrap(),
            serde_json::to_vec(&extra).unwrap(),
            b"{not json".to_vec(),
            Vec::new(),
        ] {
            fs::write(key_file_path(dir.path()), &bad).unwrap();
            assert!(
                matches!(state(dir.path()), Err(VaultError::KeyFile { .. })),
                "{}",
                String::from_utf8_lossy(&bad)
            );
        }
    }
}
