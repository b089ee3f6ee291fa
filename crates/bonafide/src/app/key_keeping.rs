//! Where the folder's key is kept between starts on this computer: in the system keychain
//! (nothing to type at start) or nowhere (the passphrase at every start). The choice is
//! the person's; the Settings screen and `bonafide key keychain` both come here.

use serde::Serialize;
use serde_json::json;

use super::App;
use crate::error::{Error, Result};
use crate::vault::{self, FolderState, Keychain};

/// How this folder's key is kept on this computer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyKeeping {
    /// Whether a keychain answers on this computer.
    pub keychain_available: bool,
    /// Whether it holds this folder's key, so a start needs nothing typed.
    pub in_keychain: bool,
    /// Whether a passphrase opens the folder; without one, only the keychain or the
    /// recovery code does.
    pub passphrase_set: bool,
}

impl App {
    /// How this folder's key is kept in `keychain`.
    pub fn key_keeping(&self, keychain: Keychain) -> Result<KeyKeeping> {
        let passphrase_set = match vault::state(&self.data_dir)? {
            FolderState::Locked { passphrase, .. } => passphrase,
            FolderState::NotSetUp { .. } => false,
        };
        Ok(KeyKeeping {
            keychain_available: keychain.is_available(),
            in_keychain: keychain.holds(self.key.id()),
            passphrase_set,
        })
    }

    /// Files the key in `keychain` (`keep`) or removes it from there. Removing is refused
    /// while no passphrase is set: the folder would then open only with the recovery code.
    /// A change is recorded in the folder's history.
    pub fn set_key_keeping(&self, keychain: Keychain, keep: bool) -> Result<KeyKeeping> {
        let before = self.key_keeping(keychain)?;
        if before.in_keychain == keep {
            return Ok(before);
        }
        if keep {
            if !before.keychain_available {
                return Err(Error::invalid(
                    "keychain",
                    "no keychain answers on this computer (on Linux: a Secret Service such as GNOME Keyring or KWallet); the passphrase keeps opening the folder",
                ));
            }
            keychain.store(&self.key)?;
        } else {
            if !before.passphrase_set {
                return Err(Error::invalid(
                    "keychain",
                    "set a passphrase first: without the keychain and without a passphrase, only the recovery code would open this folder",
                ));
            }
            keychain.forget(self.key.id())?;
        }
        let actor = self.actor()?;
        let now = crate::clock::now();
        self.store().write(|tx| {
            crate::store::append_setting_changed(
                tx,
                &now,
                &actor,
                json!({
                    "setting": "key_keeping",
                    "changes": { "in_keychain": { "from": before.in_keychain, "to": keep } },
                }),
            )?;
            Ok(())
        })?;
        self.key_keeping(keychain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(dir: &std::path::Path, passphrase: Option<&str>) -> App {
        let (key, _code) = vault::create_key(dir, passphrase).unwrap();
        App::open(dir, &key, Some("Keeper".into())).unwrap()
    }

    #[test]
    fn without_a_keychain_the_key_stays_out_and_saying_so_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path(), Some("a long passphrase here"));
        let off = Keychain::Off;
        let k = app.key_keeping(off).unwrap();
        assert_eq!(
            k,
            KeyKeeping {
                keychain_available: false,
                in_keychain: false,
                passphrase_set: true
            }
        );
        let err = app.set_key_keeping(off, true).unwrap_err().to_string();
        assert!(err.contains("no keychain answers"), "{err}");
        // Already out: nothing to do, nothing recorded.
        let events = app
            .store()
            .events(crate::audit::GLOBAL_STREAM)
            .unwrap()
            .len();
        assert_eq!(app.set_key_keeping(off, false).unwrap(), k);
        assert_eq!(
            app.store()
                .events(crate::audit::GLOBAL_STREAM)
                .unwrap()
                .len(),
            events
        );
    }

    #[test]
    fn a_folder_without_a_passphrase_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(dir.path(), None);
        assert!(!app.key_keeping(Keychain::Off).unwrap().passphrase_set);
    }
}
