//! Changes to a set-up folder's key file: its passphrase, its recovery code, and whether
//! older data is still being encrypted. Each first checks that the key offered is the
//! folder's, so a key file is only ever rewritten by someone holding its key.

use std::path::Path;

use crate::data_key::random;
use crate::key_file::{Progress, read_key_file, write_key_file};
use crate::unlock::unlock_file;
use crate::wrapping::{passphrase_wrap, recovery_kek, wrap};
use crate::{DataKey, Keychain, RecoveryCode, Unlock, VaultError};

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
