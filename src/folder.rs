//! Opening the data folder: which folder, and its key. Setting up, the keychain, the
//! passphrase and backup secrets are the core's [`Folder`]; this only supplies the secrets
//! the person gives and prints what they must see (the new recovery code).

use std::path::{Path, PathBuf};

use bonafide::app::{self, Access, App, BackupSecret, Folder, Secret, needs_secret};
use bonafide::vault::{DataKey, Keychain, VaultError};

use crate::exit::Failure;
use crate::secrets::{
    PASSPHRASE_ENV, RECOVERY_CODE_ENV, ask, new_passphrase, secret_from_env, show_recovery_code,
};

/// The data folder: `--data-dir` (or its environment variable), else the desktop app's.
pub fn data_dir(given: Option<PathBuf>) -> Result<PathBuf, Failure> {
    given.or_else(app::default_data_dir).ok_or_else(|| {
        Failure::Usage("no data folder could be determined; pass --data-dir DIR".into())
    })
}

/// Whether the data folder has been set up (so there is something to open).
pub fn exists(data: Option<PathBuf>) -> Result<bool, Failure> {
    let dir = data_dir(data)?;
    let folder = Folder::new(&dir, Keychain::from_env());
    Ok(!matches!(
        folder.access()?,
        Access::NotSetUp {
            existing_data: false
        }
    ))
}

/// The app on the data folder, unlocked, recording `user` as who makes changes.
pub fn open(data: Option<PathBuf>, user: Option<String>) -> Result<App, Failure> {
    let dir = data_dir(data)?;
    let key = folder_key(&dir)?;
    Ok(App::open(&dir, &key, user)?)
}

/// The key of `dir`: set up on first use, else from the keychain, else the passphrase.
pub fn folder_key(dir: &Path) -> Result<DataKey, Failure> {
    let folder = Folder::new(dir, Keychain::from_env());
    match folder.access()? {
        Access::Unlocked(key) => Ok(key),
        Access::NotSetUp { existing_data } => set_up(&folder, dir, existing_data),
        Access::Locked { .. } => unlock(&folder, dir),
    }
}

/// Sets up a new folder, with a passphrase unless the keychain can hold its key alone.
fn set_up(folder: &Folder, dir: &Path, existing_data: bool) -> Result<DataKey, Failure> {
    let passphrase = match secret_from_env(PASSPHRASE_ENV) {
        Some(p) => Some(p),
        None if !folder.set_up_needs_passphrase() => None,
        None => new_passphrase(PASSPHRASE_ENV)?,
    };
    let set = folder.set_up(passphrase.as_deref().map(|p| p.as_str()))?;
    eprintln!(
        "set up encryption for {}{}",
        dir.display(),
        if existing_data {
            "; encrypting the data already there"
        } else {
            ""
        }
    );
    show_recovery_code(&set.recovery_code);
    Ok(set.key)
}

/// Unlocks a folder the keychain could not open, with its passphrase.
fn unlock(folder: &Folder, dir: &Path) -> Result<DataKey, Failure> {
    let passphrase = match secret_from_env(PASSPHRASE_ENV) {
        Some(p) => p,
        None => ask(&format!("Passphrase for {}: ", dir.display()))?.ok_or_else(|| {
            Failure::Usage(format!(
                "{} is locked: run this in a terminal to be asked for its passphrase, or set \
                 {PASSPHRASE_ENV}; if it is lost, use `bonafide key recover`",
                dir.display()
            ))
        })?,
    };
    Ok(folder.unlock(Secret::Passphrase {
        passphrase: &passphrase,
        keep_in_keychain: false,
    })?)
}

/// Runs `f` with the secret of a backup the person gave: the recovery code (with
/// `recovery`), else a passphrase from the environment, else none, so the keychain is
/// tried; when that is not enough, the backup's passphrase is asked for at a terminal and
/// `f` runs once more. The order itself is [`Folder`]'s.
pub fn with_backup_key<T>(
    recovery: bool,
    f: impl Fn(BackupSecret<'_>) -> bonafide::Result<T>,
) -> Result<T, Failure> {
    if recovery {
        let code = match secret_from_env(RECOVERY_CODE_ENV) {
            Some(c) => c,
            None => ask("Recovery code of the backup: ")?
                .ok_or_else(|| Failure::Core(VaultError::Locked.into()))?,
        };
        return Ok(f(BackupSecret {
            recovery_code: Some(&code),
            ..BackupSecret::default()
        })?);
    }
    let passphrase = secret_from_env(PASSPHRASE_ENV);
    let given = BackupSecret {
        passphrase: passphrase.as_deref().map(|p| p.as_str()),
        ..BackupSecret::default()
    };
    match f(given) {
        Err(e) if passphrase.is_none() && needs_secret(&e) => {
            match ask("Passphrase of the backup: ")? {
                Some(p) => Ok(f(BackupSecret {
                    passphrase: Some(p.as_str()),
                    ..BackupSecret::default()
                })?),
                None => Err(Failure::Core(e)),
            }
        }
        other => Ok(other?),
    }
}
