//! The key that signs records: ECDSA P-256 (the organisation's own identity) or RSA with
//! PKCS#1 v1.5 and SHA-256 (what certificates bought from a CA and imported from a
//! PKCS#12 file often carry). Both are what PDF validators accept for PAdES.

use der::Decode;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::signature::{Keypair, SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use spki::{EncodePublicKey, SubjectPublicKeyInfoOwned};
use zeroize::Zeroizing;

use crate::oid;

/// Smallest RSA modulus accepted for a signing key, in bits.
pub const MIN_RSA_BITS: usize = 2048;

/// A signing key of a supported kind.
pub(crate) enum SignerKey {
    /// ECDSA over P-256.
    P256(p256::ecdsa::SigningKey),
    /// RSA, PKCS#1 v1.5 with SHA-256.
    Rsa(Box<rsa::pkcs1v15::SigningKey<sha2::Sha256>>),
}

impl SignerKey {
    /// Reads a PKCS#8 private key; `Err` says why it cannot sign records.
    pub(crate) fn from_pkcs8_der(der: &[u8]) -> Result<SignerKey, String> {
        if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
            return Ok(SignerKey::P256(k));
        }
        let key = rsa::PrivateKey::from_pkcs8_der(der).map_err(|_| {
            "the private key is neither an ECDSA P-256 nor an RSA key, the kinds records \
             can be signed with"
                .to_string()
        })?;
        let bits = key.size() * 8;
        if bits < MIN_RSA_BITS {
            return Err(format!(
                "the RSA key has {bits} bits; at least {MIN_RSA_BITS} are needed"
            ));
        }
        Ok(SignerKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::new(
            key,
        ))))
    }

    /// The key as PKCS#8 DER, to store.
    pub(crate) fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, String> {
        let doc = match self {
            SignerKey::P256(k) => k.to_pkcs8_der(),
            SignerKey::Rsa(k) => k.to_pkcs8_der(),
        }
        .map_err(|e| e.to_string())?;
        Ok(Zeroizing::new(doc.as_bytes().to_vec()))
    }

    /// The public key, as certificates carry it.
    pub(crate) fn spki(&self) -> Result<SubjectPublicKeyInfoOwned, String> {
        let der = match self {
            SignerKey::P256(k) => k.verifying_key().to_public_key_der(),
            SignerKey::Rsa(k) => k.verifying_key().to_public_key_der(),
        }
        .map_err(|e| e.to_string())?;
        SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).map_err(|e| e.to_string())
    }

    /// Signs `message`: a DER ECDSA signature, or the RSA signature value.
    pub(crate) fn sign(&self, message: &[u8]) -> Vec<u8> {
        match self {
            SignerKey::P256(k) => {
                let s: p256::ecdsa::DerSignature = k.sign(message);
                s.to_vec()
            }
            SignerKey::Rsa(k) => k.sign(message).to_vec(),
        }
    }

    /// The signature algorithm [`SignerKey::sign`] uses.
    pub(crate) fn algorithm(&self) -> der::asn1::ObjectIdentifier {
        match self {
            SignerKey::P256(_) => oid::ECDSA_SHA256,
            SignerKey::Rsa(_) => oid::RSA_SHA256,
        }
    }
}
