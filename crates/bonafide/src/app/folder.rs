//! Opening a data folder: which secret is tried in which order, first-run set-up, unlocking,
//! and restoring a backup into it. Both shells use [`Folder`], so the CLI and the desktop
//! app cannot drift apart on these rules; they only ask the person and print.
//!
//! The order, everywhere:
//! 1. a folder with no key file is set up (a passphrase is required where no keychain
//!    answers, since nothing else would open it next time);
//! 2. otherwise the keychain is tried first, and a key there that does not fit the folder
//!    counts as none;
//! 3. then the passphrase, then the recovery code, which also sets a new passphrase.
//!
//! A backup's key is unlocked the same way, with the key already in hand between the
//! passphrase and the keychain, because a folder's own backups share its key.

use std::path::{Path, PathBuf};

use crate::backup::RestoreReport;
use crate::error::{Error, Result};
use crate::vault::{self, DataKey, FolderState, Keychain, RecoveryCode, Unlock, VaultError};

/// A data folder that is not open yet, and the keychain of this computer (or none).
#[derive(Debug, Clone)]
pub struct Folder {
    dir: PathBuf,
    keychain: Keychain,
}

/// How a folder stands before anything is typed.
#[derive(Debug)]
pub enum Access {
    /// No key yet: it must be set up. `existing_data` when it holds unencrypted data from
    /// a version before encryption, which set-up encrypts.
    NotSetUp {
        /// Whether there is data to encrypt.
        existing_data: bool,
    },
    /// Set up, and the keychain did not unlock it: a passphrase or the recovery code must.
    Locked {
        /// Whether a passphrase can unlock it (else only the recovery code).
        passphrase: bool,
    },
    /// Unlocked from the keychain.
    Unlocked(DataKey),
}

/// What first-run set-up produced.
#[derive(Debug)]
pub struct SetUp {
    /// The folder's key.
    pub key: DataKey,
    /// Shown to the person once; opens the folder when everything else is lost.
    pub recovery_code: RecoveryCode,
    /// Whether this computer's keychain now holds the key.
    pub in_keychain: bool,
}

/// A secret a person typed to unlock a folder.
#[derive(Debug, Clone, Copy)]
pub enum Secret<'a> {
    /// The passphrase. `keep_in_keychain` files the key afterwards, so the next start
    /// needs nothing typed.
    Passphrase {
        /// What was typed.
        passphrase: &'a str,
        /// Whether to keep the key in the keychain afterwards.
        keep_in_keychain: bool,
    },
    /// The recovery code, with the passphrase that replaces the forgotten one (required
    /// where no keychain answers).
    RecoveryCode {
        /// What was typed.
        code: &'a str,
        /// The new passphrase, if any.
        new_passphrase: Option<&'a str>,
    },
}

/// What unlocks a backup's key: whatever the person gave, else the key in hand, else the
/// keychain. The archive's key file is only readable once it is unpacked, so the way is
/// chosen before anything is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct BackupSecret<'a> {
    /// The backup's recovery code.
    pub recovery_code: Option<&'a str>,
    /// The backup's passphrase.
    pub passphrase: Option<&'a str>,
    /// The key the folder being replaced was unlocked with.
    pub held_key: Option<&'a DataKey>,
}

impl Folder {
    /// The folder at `dir`, with this computer's keychain (or `Keychain::Off`).
    pub fn new(dir: impl Into<PathBuf>, keychain: Keychain) -> Folder {
        Folder {
            dir: dir.into(),
            keychain,
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The keychain in use.
    pub fn keychain(&self) -> &Keychain {
        &self.keychain
    }

    /// Whether set-up needs a passphrase: where no keychain answers, nothing else would
    /// open the folder at the next start.
    pub fn set_up_needs_passphrase(&self) -> bool {
        !self.keychain.is_available()
    }

    /// How the folder stands, unlocking it from the keychain when the keychain holds a key
    /// that fits.
    pub fn access(&self) -> Result<Access> {
        Ok(match vault::state(&self.dir)? {
            FolderState::NotSetUp { existing_data } => Access::NotSetUp { existing_data },
            FolderState::Locked { passphrase, .. } => {
                // A keychain that fails or holds a key that does not fit counts as none:
                // the passphrase or recovery code still opens the folder.
                match vault::unlock(&self.dir, &Unlock::Keychain(&self.keychain)) {
                    Ok(key) => Access::Unlocked(key),
                    Err(_) => Access::Locked { passphrase },
                }
            }
        })
    }

    /// The key, if the folder opens without anything typed; otherwise the error that says
    /// why (not set up, or locked).
    pub fn unattended_key(&self) -> Result<DataKey> {
        match self.access()? {
            Access::Unlocked(key) => Ok(key),
            Access::NotSetUp { .. } => Err(VaultError::NotSetUp {
                path: self.dir.clone(),
            }
            .into()),
            Access::Locked { .. } => Err(VaultError::Locked.into()),
        }
    }

    /// First run: creates the folder's key, kept in the keychain when there is one and
    /// under `passphrase` when given (required without a keychain).
    pub fn set_up(&self, passphrase: Option<&str>) -> Result<SetUp> {
        let set = vault::set_up(&self.dir, &self.keychain, passphrase)?;
        Ok(SetUp {
            key: set.key,
            recovery_code: set.recovery_code,
            in_keychain: set.in_keychain,
        })
    }

    /// Unlocks with what the person typed.
    pub fn unlock(&self, secret: Secret<'_>) -> Result<DataKey> {
        match secret {
            Secret::Passphrase {
                passphrase,
                keep_in_keychain,
            } => {
                let key = vault::unlock(&self.dir, &Unlock::Passphrase(passphrase))?;
                if keep_in_keychain {
                    self.keychain.keep(&key);
                }
                Ok(key)
            }
            Secret::RecoveryCode {
                code,
                new_passphrase,
            } => Ok(vault::recover(&self.dir, code, new_passphrase, &self.keychain)?.0),
        }
    }

    /// The key to reopen the folder with after a restore failed and left it as it was:
    /// the key in hand, else the keychain.
    pub fn reopen_key(&self, held: Option<DataKey>) -> Result<DataKey> {
        match held {
            Some(key) => Ok(key),
            None => self.unattended_key(),
        }
    }

    /// Restores `archive` into the folder (it is never opened, so a damaged database can be
    /// replaced), records it in the restored history as done by `actor`, and keeps the
    /// restored key in the keychain. Returns what was restored and
    /// the key that opens the folder now. On failure the folder is unchanged.
    pub fn restore(
        &self,
        archive: &Path,
        secret: BackupSecret<'_>,
        actor: Option<&str>,
    ) -> Result<(RestoreReport, DataKey)> {
        let (report, key) = super::restore(
            &self.dir,
            archive,
            &backup_unlock(&self.keychain, secret),
            actor,
        )?;
        self.keychain.keep(&key);
        Ok((report, key))
    }

    /// Checks `archive` completely without touching any data folder: none is needed, only
    /// this computer's keychain, which may hold the backup's key.
    pub fn check_backup(
        archive: &Path,
        keychain: &Keychain,
        secret: BackupSecret<'_>,
    ) -> Result<crate::backup::Manifest> {
        super::check_backup(archive, &backup_unlock(keychain, secret))
    }
}

/// The way into a backup's key, in the order of the module's doc comment.
fn backup_unlock<'a>(keychain: &'a Keychain, secret: BackupSecret<'a>) -> Unlock<'a> {
    match secret {
        BackupSecret {
            recovery_code: Some(code),
            ..
        } => Unlock::RecoveryCode(code),
        BackupSecret {
            passphrase: Some(p),
            ..
        } => Unlock::Passphrase(p),
        BackupSecret {
            held_key: Some(k), ..
        } => Unlock::Key(k),
        BackupSecret { .. } => Unlock::Keychain(keychain),
    }
}

/// Whether `e` says a secret is still needed (the shell may ask for one and try again).
pub fn needs_secret(e: &Error) -> bool {
    matches!(e, Error::Vault(VaultError::Locked))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(dir: &Path) -> Folder {
        Folder::new(dir, Keychain::Off)
    }

    #[test]
    fn set_up_needs_a_passphrase_without_a_keychain_and_then_unlocks_by_it() {
        let dir = tempfile::tempdir().unwrap();
        let f = folder(dir.path());
        assert!(f.set_up_needs_passphrase());
        assert!(matches!(
            f.access().unwrap(),
            Access::NotSetUp {
                existing_data: false
            }
        ));
        assert!(f.set_up(None).is_err());
        let set = f.set_up(Some("correct horse battery")).unwrap();
        assert!(!set.in_keychain);
        assert!(matches!(
            f.access().unwrap(),
            Access::Locked { passphrase: true }
        ));
        assert!(needs_secret(&f.unattended_key().unwrap_err()));
        let wrong = f.unlock(Secret::Passphrase {
            passphrase: "wrong horse battery",
            keep_in_keychain: false,
        });
        assert!(wrong.is_err());
        let key = f
            .unlock(Secret::Passphrase {
                passphrase: "correct horse battery",
                keep_in_keychain: true,
            })
            .unwrap();
        assert_eq!(key.id(), set.key.id());
    }

    #[test]
    fn the_recovery_code_replaces_a_forgotten_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let f = folder(dir.path());
        let set = f.set_up(Some("forgotten passphrase")).unwrap();
        let code = set.recovery_code.as_str().to_lowercase();
        // Without a keychain the new passphrase is required.
        assert!(
            f.unlock(Secret::RecoveryCode {
                code: &code,
                new_passphrase: None
            })
            .is_err()
        );
        let key = f
            .unlock(Secret::RecoveryCode {
                code: &code,
                new_passphrase: Some("a brand new passphrase"),
            })
            .unwrap();
        assert_eq!(key.id(), set.key.id());
        assert!(
            f.unlock(Secret::Passphrase {
                passphrase: "forgotten passphrase",
                keep_in_keychain: false
            })
            .is_err()
        );
    }

    #[test]
    fn a_backup_is_unlocked_by_what_was_given_before_the_key_in_hand() {
        let dir = tempfile::tempdir().unwrap();
        let f = folder(dir.path());
        let set = f.set_up(Some("correct horse battery")).unwrap();
        let given = BackupSecret {
            passphrase: Some("typed"),
            held_key: Some(&set.key),
            ..BackupSecret::default()
        };
        assert!(matches!(
            backup_unlock(f.keychain(), given),
            Unlock::Passphrase("typed")
        ));
        let held = BackupSecret {
            held_key: Some(&set.key),
            ..BackupSecret::default()
        };
        assert!(matches!(backup_unlock(f.keychain(), held), Unlock::Key(_)));
        assert!(matches!(
            backup_unlock(f.keychain(), BackupSecret::default()),
            Unlock::Keychain(_)
        ));
        assert_eq!(
            f.reopen_key(Some(set.key.clone())).unwrap().id(),
            set.key.id()
        );
        assert!(f.reopen_key(None).is_err());
    }
}
