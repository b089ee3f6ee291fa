//! The data key and the keys derived from it, one per use, so the same bytes never serve
//! two ciphers.

use zeroize::Zeroizing;

use crate::VaultError;

/// The key everything in one data folder is encrypted under.
pub struct DataKey {
    pub(crate) id: String,
    pub(crate) bytes: Zeroizing<[u8; 32]>,
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

    /// A key from its identifier and its 32 bytes; `None` for any other length.
    pub(crate) fn from_parts(id: &str, bytes: &[u8]) -> Option<DataKey> {
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

    /// The key an older key is wrapped under while the folder moves to this one.
    pub(crate) fn rotation_kek(&self) -> Zeroizing<[u8; 32]> {
        self.derive("bonafide rotation wrap v1")
    }

    /// A value that identifies the key without revealing it.
    pub(crate) fn check_value(&self) -> String {
        hex::encode(self.derive("bonafide key check v1"))
    }

    /// A new random key with a new identifier, for a folder being set up.
    pub(crate) fn generate() -> Result<DataKey, VaultError> {
        Ok(DataKey {
            id: uuid::Uuid::now_v7().to_string(),
            bytes: random::<32>()?,
        })
    }
}

/// `N` bytes from the system's random number generator.
pub(crate) fn random<const N: usize>() -> Result<Zeroizing<[u8; N]>, VaultError> {
    let mut out = Zeroizing::new([0u8; N]);
    getrandom::fill(out.as_mut_slice()).map_err(|e| VaultError::Random(e.to_string()))?;
    Ok(out)
}
