//! Wrapping the data key: encrypting it under a key derived from the recovery code
//! (HKDF-SHA256) or from a passphrase (Argon2id), and unwrapping it again.
//!
//! Each wrap is bound to the key's identifier as associated data, so a wrapped key copied
//! into another folder's key file does not unwrap there.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use crate::data_key::random;
use crate::key_file::{PassphraseWrap, Wrapped};
use crate::{DataKey, VaultError};

/// Shortest passphrase accepted: long enough that Argon2id makes guessing slow.
pub const MIN_PASSPHRASE_CHARS: usize = 10;
/// Longest passphrase accepted (characters).
pub const MAX_PASSPHRASE_CHARS: usize = 1024;

/// Argon2id cost for new passphrases: 64 MiB, 3 passes, 1 lane (the second recommended
/// option of RFC 9106); about a quarter of a second on a laptop, once per unlock.
const ARGON2_M_KIB: u32 = 64 * 1024;
const ARGON2_T: u32 = 3;
const ARGON2_P: u32 = 1;

/// Encrypts the data key under `kek`, bound to the key's identifier.
pub(crate) fn wrap(kek: &[u8; 32], key: &DataKey) -> Result<Wrapped, VaultError> {
    let nonce = random::<24>()?;
    let cipher = XChaCha20Poly1305::new(kek.into());
    let ciphertext = cipher
        .encrypt(
            &XNonce::from(*nonce),
            Payload {
                msg: key.bytes.as_slice(),
                aad: key.id.as_bytes(),
            },
        )
        .map_err(|_| VaultError::Random("encryption failed".into()))?;
    Ok(Wrapped {
        nonce: hex::encode(nonce.as_slice()),
        ciphertext: hex::encode(ciphertext),
    })
}

/// Decrypts a wrapped key; `None` when `kek` is not the key it was wrapped under (or the
/// file was altered).
pub(crate) fn unwrap(kek: &[u8; 32], key_id: &str, w: &Wrapped) -> Option<DataKey> {
    let nonce: [u8; 24] = hex::decode(&w.nonce).ok()?.try_into().ok()?;
    let ciphertext = hex::decode(&w.ciphertext).ok()?;
    let plain = Zeroizing::new(
        XChaCha20Poly1305::new(kek.into())
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &ciphertext,
                    aad: key_id.as_bytes(),
                },
            )
            .ok()?,
    );
    DataKey::from_parts(key_id, &plain)
}

/// The key the data key is wrapped under for the recovery code.
pub(crate) fn recovery_kek(code: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    hkdf::Hkdf::<sha2::Sha256>::new(None, code)
        .expand(b"bonafide recovery wrap v1", out.as_mut_slice())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    out
}

/// Checks a passphrase's length and returns it in Unicode NFC, so the same passphrase typed
/// on another keyboard or system derives the same key.
pub(crate) fn normalized_passphrase(p: &str) -> Result<Zeroizing<String>, VaultError> {
    use unicode_normalization::UnicodeNormalization;
    let n = Zeroizing::new(p.nfc().collect::<String>());
    let chars = n.chars().count();
    if !(MIN_PASSPHRASE_CHARS..=MAX_PASSPHRASE_CHARS).contains(&chars) {
        return Err(VaultError::BadPassphrase);
    }
    Ok(n)
}

/// The key the data key is wrapped under for a passphrase: Argon2id with the given costs;
/// `None` when the costs are not valid Argon2 parameters.
pub(crate) fn passphrase_kek(
    passphrase: &str,
    salt: &[u8],
    m_kib: u32,
    t: u32,
    p: u32,
) -> Option<Zeroizing<[u8; 32]>> {
    let params = argon2::Params::new(m_kib, t, p, Some(32)).ok()?;
    let mut out = Zeroizing::new([0u8; 32]);
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut_slice())
        .ok()?;
    Some(out)
}

/// Wraps the data key under a new passphrase, with a fresh salt at this build's costs.
pub(crate) fn passphrase_wrap(
    passphrase: &str,
    key: &DataKey,
) -> Result<PassphraseWrap, VaultError> {
    let passphrase = normalized_passphrase(passphrase)?;
    let salt = random::<16>()?;
    let kek = passphrase_kek(
        &passphrase,
        salt.as_slice(),
        ARGON2_M_KIB,
        ARGON2_T,
        ARGON2_P,
    )
    .ok_or_else(|| VaultError::Random("Argon2id failed".into()))?;
    Ok(PassphraseWrap {
        kdf: "argon2id".into(),
        m_kib: ARGON2_M_KIB,
        t: ARGON2_T,
        p: ARGON2_P,
        salt: hex::encode(salt.as_slice()),
        wrapped: wrap(&kek, key)?,
    })
}
