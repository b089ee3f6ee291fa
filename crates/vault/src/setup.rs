//! First run: making a folder's data key and its key file, and keeping the key in the
//! keychain where there is one.

use std::fs;
use std::path::Path;

use crate::data_key::random;
use crate::folder::{check_plain_database, has_plain_database, state};
use crate::key_file::{FORMAT, KeyFile, Progress, VERSION, key_file_path, write_key_file};
use crate::wrapping::{normalized_passphrase, passphrase_wrap, recovery_kek, wrap};
use crate::{DataKey, FolderState, Keychain, RecoveryCode, VaultError};

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
    let key = DataKey::generate()?;
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
        rotation: None,
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
