//! Unlocking a folder's key, in any of the ways a key file allows, and recovering with
//! the recovery code when the passphrase is forgotten.

use std::path::Path;

use crate::changes::set_passphrase;
use crate::key_file::{KeyFile, read_key_file};
use crate::wrapping::{normalized_passphrase, passphrase_kek, recovery_kek, unwrap};
use crate::{DataKey, Keychain, RecoveryCode, VaultError};

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

/// Unlocks the key of `dir`. A key already in hand is checked against the folder's.
pub fn unlock(dir: &Path, how: &Unlock<'_>) -> Result<DataKey, VaultError> {
    let file = read_key_file(dir)?.ok_or_else(|| VaultError::NotSetUp {
        path: dir.to_path_buf(),
    })?;
    unlock_file(dir, &file, how)
}

/// Unlocks the key that `file`, read from `dir`, wraps, and checks that it is that key.
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
        Unlock::Passphrase(p) => unwrap_with_passphrase(file, p)?,
        Unlock::RecoveryCode(c) => unwrap_with_recovery_code(file, c)?,
    };
    if key.id != file.key_id || key.check_value() != file.check {
        return Err(wrong_key());
    }
    Ok(key)
}

/// The data key as the passphrase unwraps it. A passphrase that cannot be right (too
/// short or too long) is simply wrong here: the length rules are for setting one.
fn unwrap_with_passphrase(file: &KeyFile, p: &str) -> Result<DataKey, VaultError> {
    let w = file.passphrase.as_ref().ok_or(VaultError::Locked)?;
    let p = normalized_passphrase(p).map_err(|_| VaultError::WrongPassphrase)?;
    let salt = hex::decode(&w.salt).map_err(|_| VaultError::WrongPassphrase)?;
    let kek = passphrase_kek(&p, &salt, w.m_kib, w.t, w.p).ok_or(VaultError::WrongPassphrase)?;
    unwrap(&kek, &file.key_id, &w.wrapped).ok_or(VaultError::WrongPassphrase)
}

/// The data key as the recovery code, typed in any case and grouping, unwraps it.
fn unwrap_with_recovery_code(file: &KeyFile, typed: &str) -> Result<DataKey, VaultError> {
    let code = RecoveryCode::parse(typed).ok_or(VaultError::WrongRecoveryCode)?;
    unwrap(&recovery_kek(&code), &file.key_id, &file.recovery).ok_or(VaultError::WrongRecoveryCode)
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
