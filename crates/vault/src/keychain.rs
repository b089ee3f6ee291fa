//! The operating system's keychain: the Secret Service on Linux (GNOME Keyring, KWallet),
//! Keychain Services on macOS, the Credential Manager on Windows.

use super::{DataKey, VaultError};

/// The service name entries are filed under; each entry's user name is the key's id.
const SERVICE: &str = "Bona Fide data key";

/// Environment variable that turns the keychain off (`BONAFIDE_KEYCHAIN=off`): for tests,
/// which must never write to the user's keychain, and for machines where a keychain exists
/// but should not hold this key.
pub const KEYCHAIN_ENV: &str = "BONAFIDE_KEYCHAIN";

/// Where data keys are kept between runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keychain {
    /// The operating system's keychain, when one answers.
    Os,
    /// None: the passphrase (or recovery code) unlocks the folder every time.
    Off,
}

impl Keychain {
    /// The keychain unless [`KEYCHAIN_ENV`] says `off`.
    pub fn from_env() -> Keychain {
        match std::env::var(KEYCHAIN_ENV) {
            Ok(v) if v.eq_ignore_ascii_case("off") => Keychain::Off,
            _ => Keychain::Os,
        }
    }

    /// Whether a keychain answers on this machine (on Linux: a Secret Service on the
    /// session bus).
    pub fn is_available(&self) -> bool {
        match self {
            Keychain::Off => false,
            Keychain::Os => keyring::Entry::store_status().is_ok(),
        }
    }

    fn entry(&self, key_id: &str) -> Result<Option<keyring::Entry>, VaultError> {
        if !self.is_available() {
            return Ok(None);
        }
        keyring::Entry::new(SERVICE, key_id)
            .map(Some)
            .map_err(|e| VaultError::Keychain(e.to_string()))
    }

    /// The key filed under `key_id`, if the keychain holds one. A keychain that is locked
    /// or missing counts as holding nothing: the caller falls back to the passphrase.
    pub(crate) fn load(&self, key_id: &str) -> Result<Option<DataKey>, VaultError> {
        let Some(entry) = self.entry(key_id)? else {
            return Ok(None);
        };
        match entry.get_secret() {
            Ok(bytes) => {
                let bytes = zeroize::Zeroizing::new(bytes);
                Ok(DataKey::from_parts(key_id, &bytes))
            }
            Err(keyring::Error::NoEntry)
            | Err(keyring::Error::NoStorageAccess(_))
            | Err(keyring::Error::PlatformFailure(_)) => Ok(None),
            Err(e) => Err(VaultError::Keychain(e.to_string())),
        }
    }

    /// Files the key under its id.
    pub fn store(&self, key: &DataKey) -> Result<(), VaultError> {
        let entry = self.entry(key.id())?.ok_or_else(|| {
            VaultError::Keychain("no keychain is available on this computer".into())
        })?;
        entry
            .set_secret(key.bytes.as_slice())
            .map_err(|e| VaultError::Keychain(e.to_string()))
    }

    /// Files the key if there is a keychain, so the next start needs nothing typed; a
    /// keychain that refuses is not an error, since the key was unlocked another way.
    /// Returns whether the keychain holds it now.
    pub fn keep(&self, key: &DataKey) -> bool {
        self.is_available() && (self.holds(key.id()) || self.store(key).is_ok())
    }

    /// Whether the keychain holds the key with this id.
    pub fn holds(&self, key_id: &str) -> bool {
        matches!(self.load(key_id), Ok(Some(_)))
    }

    /// Removes the key with this id from the keychain (the passphrase or recovery code
    /// then unlocks the folder).
    pub fn forget(&self, key_id: &str) -> Result<(), VaultError> {
        let Some(entry) = self.entry(key_id)? else {
            return Ok(());
        };
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(VaultError::Keychain(e.to_string())),
        }
    }
}
