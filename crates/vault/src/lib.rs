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
//!
//! Changing the passphrase or the recovery code re-wraps the same key; rotating the key
//! ([`begin_rotation`]) replaces it, so that whoever knew the old secrets is locked out.

#![deny(missing_docs)]

mod changes;
mod data_key;
mod error;
mod folder;
mod key_file;
mod keychain;
mod recovery_code;
mod rotation;
mod setup;
mod unlock;
mod wrapping;

pub use changes::{mark_encrypted, needs_encrypting, new_recovery_code, set_passphrase};
pub use data_key::DataKey;
pub use error::VaultError;
pub use folder::{FolderState, has_plain_database, state};
pub use key_file::{KEY_FILE, key_file_path};
pub use keychain::Keychain;
pub use recovery_code::RecoveryCode;
pub use rotation::{Rotated, Unfinished, begin_rotation, finish_rotation, rotation_in_progress};
pub use setup::{SetUp, create_key, set_up};
pub use unlock::{Unlock, recover, unlock};
pub use wrapping::{MAX_PASSPHRASE_CHARS, MIN_PASSPHRASE_CHARS};

#[cfg(test)]
mod tests {
    use std::fs;

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
    fn a_rotated_key_shuts_out_the_old_passphrase_and_code() {
        let dir = tempfile::tempdir().unwrap();
        let (old, code) = create_key(dir.path(), Some("the old passphrase")).unwrap();
        let off = &Keychain::Off;
        // A folder with a passphrase gets a new one, never the old one again.
        assert!(matches!(
            begin_rotation(dir.path(), &old, "Ann", None, off),
            Err(VaultError::NewPassphraseRequired)
        ));
        assert!(matches!(
            begin_rotation(dir.path(), &old, "Ann", Some("the old passphrase"), off),
            Err(VaultError::SamePassphrase)
        ));
        let r = begin_rotation(dir.path(), &old, "Ann", Some("the new passphrase"), off).unwrap();
        assert_ne!(r.key.id(), old.id());
        assert_ne!(*r.key.bytes, *old.bytes);
        for gone in [
            Unlock::Passphrase("the old passphrase"),
            Unlock::RecoveryCode(code.as_str()),
            Unlock::Key(&old),
        ] {
            assert!(unlock(dir.path(), &gone).is_err());
        }
        let by_pass = unlock(dir.path(), &Unlock::Passphrase("the new passphrase")).unwrap();
        let by_code = unlock(dir.path(), &Unlock::RecoveryCode(r.recovery_code.as_str())).unwrap();
        assert_eq!(*by_pass.bytes, *r.key.bytes);
        assert_eq!(*by_code.bytes, *r.key.bytes);
        // Until the data is moved, the new key (and only it) yields the old one.
        let unfinished = rotation_in_progress(dir.path(), &r.key).unwrap().unwrap();
        assert_eq!(*unfinished.previous.bytes, *old.bytes);
        assert_eq!(unfinished.by, "Ann");
        assert!(rotation_in_progress(dir.path(), &old).is_err());
        assert!(matches!(
            begin_rotation(dir.path(), &r.key, "Ann", Some("a third passphrase"), off),
            Err(VaultError::RotationUnfinished)
        ));
        // The old key is nowhere in the key file in the clear.
        let text = fs::read_to_string(key_file_path(dir.path())).unwrap();
        assert!(!text.contains(&hex::encode(*old.bytes)));
        assert_eq!(
            finish_rotation(dir.path(), &r.key).unwrap().as_deref(),
            Some(old.id())
        );
        assert!(rotation_in_progress(dir.path(), &r.key).unwrap().is_none());
        assert_eq!(finish_rotation(dir.path(), &r.key).unwrap(), None);
        assert!(
            !fs::read_to_string(key_file_path(dir.path()))
                .unwrap()
                .contains("rotation")
        );
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
