//! Rotating the data key: a new key for the folder, so that whoever held the old key, its
//! passphrase or its recovery code cannot open anything written from now on.
//!
//! Changing the passphrase or the recovery code only re-wraps the same key: someone who
//! copied `key.json` and knew the old passphrase still holds the key. Rotation makes a new
//! key, wrapped under a new recovery code and a new passphrase, and re-encrypts the data.
//!
//! It is done in two steps so that a crash at any moment loses nothing:
//!
//! 1. [`begin_rotation`] writes a key file for the new key that also carries the old key,
//!    wrapped under a key derived from the new one. From this moment only the new secrets
//!    open the folder; the old ones open nothing.
//! 2. The app, while opening the folder, finds the old key with [`rotation_in_progress`],
//!    re-encrypts the database and each evidence file (each one replaced whole, so it is
//!    under one key or the other), and then calls [`finish_rotation`], which drops the old
//!    key from the key file. An interrupted second step simply runs again
//!    at the next open.
//!
//! Backups made before keep their own key file, so they restore with their own secrets.

use std::path::Path;

use crate::data_key::random;
use crate::key_file::{KeyFile, Progress, Rotation, read_key_file, write_key_file};
use crate::unlock::unlock_file;
use crate::wrapping::{normalized_passphrase, passphrase_wrap, recovery_kek, unwrap, wrap};
use crate::{DataKey, Keychain, RecoveryCode, Unlock, VaultError};

/// What beginning a rotation produced.
#[derive(Debug)]
pub struct Rotated {
    /// The folder's new key.
    pub key: DataKey,
    /// The new recovery code, to show once; the old one no longer opens the folder.
    pub recovery_code: RecoveryCode,
    /// Whether this computer's keychain holds the new key.
    pub in_keychain: bool,
}

/// Makes a new data key for `dir`, whose current key is `current`, and writes the key file
/// that moves the folder to it (step 1 of the module's doc comment).
///
/// `by` names who rotates it, for the history. `passphrase` is the new passphrase. It is required when the folder had one (keeping
/// the old one would let whoever knew it in again) or when no keychain answers, and it
/// must not be the old one.
pub fn begin_rotation(
    dir: &Path,
    current: &DataKey,
    by: &str,
    passphrase: Option<&str>,
    keychain: &Keychain,
) -> Result<Rotated, VaultError> {
    let file = folder_file(dir)?;
    unlock_file(dir, &file, &Unlock::Key(current))?;
    if file.rotation.is_some() || file.progress != Progress::Encrypted {
        return Err(VaultError::RotationUnfinished);
    }
    let passphrase = passphrase.filter(|p| !p.is_empty());
    match passphrase {
        Some(p) => {
            normalized_passphrase(p)?;
            // The old passphrase unwrapping the old key means it was typed again.
            if file.passphrase.is_some() && unlock_file(dir, &file, &Unlock::Passphrase(p)).is_ok()
            {
                return Err(VaultError::SamePassphrase);
            }
        }
        None if file.passphrase.is_some() || !keychain.is_available() => {
            return Err(VaultError::NewPassphraseRequired);
        }
        None => {}
    }
    let key = DataKey::generate()?;
    let code = random::<32>()?;
    // Filed before the key file names the new key, so a folder opened only by the
    // keychain is never left with a key file nothing on this computer can open.
    let in_keychain = keychain.keep(&key);
    if !in_keychain && passphrase.is_none() {
        return Err(VaultError::NewPassphraseRequired);
    }
    let next = KeyFile {
        key_id: key.id.clone(),
        created_at: bonafide_base::clock::now(),
        check: key.check_value(),
        recovery: wrap(&recovery_kek(&code), &key)?,
        passphrase: passphrase.map(|p| passphrase_wrap(p, &key)).transpose()?,
        rotation: Some(Rotation {
            previous_id: current.id.clone(),
            previous_check: current.check_value(),
            previous: wrap(&key.rotation_kek(), current)?,
            started_at: bonafide_base::clock::now(),
            by: by.to_string(),
        }),
        ..file
    };
    write_key_file(dir, &next)?;
    Ok(Rotated {
        key,
        recovery_code: RecoveryCode::from_bytes(&code),
        in_keychain,
    })
}

/// A rotation that has begun and not finished.
#[derive(Debug)]
pub struct Unfinished {
    /// The key the folder is moving away from.
    pub previous: DataKey,
    /// When the rotation began.
    pub started_at: String,
    /// Who began it.
    pub by: String,
}

/// The rotation in progress, if one has begun and not finished; `key` must be the
/// folder's (new) key.
pub fn rotation_in_progress(dir: &Path, key: &DataKey) -> Result<Option<Unfinished>, VaultError> {
    let file = folder_file(dir)?;
    unlock_file(dir, &file, &Unlock::Key(key))?;
    let Some(r) = &file.rotation else {
        return Ok(None);
    };
    match unwrap(&key.rotation_kek(), &r.previous_id, &r.previous) {
        Some(previous) if previous.check_value() == r.previous_check => Ok(Some(Unfinished {
            previous,
            started_at: r.started_at.clone(),
            by: r.by.clone(),
        })),
        _ => Err(VaultError::KeyFile {
            path: crate::key_file_path(dir),
            detail: "the key it is moving away from does not unwrap".into(),
        }),
    }
}

/// Ends a rotation once every file is under the new key: the key file forgets the old key.
/// Returns the old key's identifier, or `None` when no rotation was in progress. The caller
/// that holds the keychain removes the old key from it ([`Keychain::forget`]).
pub fn finish_rotation(dir: &Path, key: &DataKey) -> Result<Option<String>, VaultError> {
    let mut file = folder_file(dir)?;
    unlock_file(dir, &file, &Unlock::Key(key))?;
    let Some(r) = file.rotation.take() else {
        return Ok(None);
    };
    write_key_file(dir, &file)?;
    Ok(Some(r.previous_id))
}

fn folder_file(dir: &Path) -> Result<KeyFile, VaultError> {
    read_key_file(dir)?.ok_or_else(|| VaultError::NotSetUp {
        path: dir.to_path_buf(),
    })
}
