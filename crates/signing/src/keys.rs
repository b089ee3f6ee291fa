//! Checking one signature with a certificate's public key: ECDSA P-256 with SHA-256 (the
//! organisation's own keys) or RSA PKCS#1 v1.5 with SHA-256 (what public time-stamping
//! authorities and CAs use). Nothing else is accepted, and the answer says so.

use p256::ecdsa::signature::Verifier;
use spki::SubjectPublicKeyInfoOwned;

use crate::oid;

/// Checks `signature` over `message` with the key in `spki`, under the signature algorithm
/// `alg`. `Err` says why not.
pub fn verify(
    spki: &SubjectPublicKeyInfoOwned,
    alg: &der::asn1::ObjectIdentifier,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    let key_alg = spki.algorithm.oid;
    if *alg == oid::ECDSA_SHA256 && key_alg == oid::EC_PUBLIC_KEY {
        let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes())
            .map_err(|_| "the public key is not a P-256 key".to_string())?;
        let sig = p256::ecdsa::DerSignature::from_bytes(signature)
            .map_err(|_| "the signature value is not a DER ECDSA signature".to_string())?;
        return key
            .verify(message, &sig)
            .map_err(|_| "the signature does not match".to_string());
    }
    if (*alg == oid::RSA_SHA256 || *alg == oid::RSA) && key_alg == oid::RSA {
        use rsa::pkcs1::DecodeRsaPublicKey;
        let public = rsa::PublicKey::from_pkcs1_der(spki.subject_public_key.raw_bytes())
            .map_err(|_| "the public key is not an RSA key".to_string())?;
        let key = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(public);
        let sig = rsa::pkcs1v15::Signature::try_from(signature)
            .map_err(|_| "the signature value is not an RSA signature".to_string())?;
        return key
            .verify(message, &sig)
            .map_err(|_| "the signature does not match".to_string());
    }
    Err(format!(
        "the signature algorithm {alg} with a {key_alg} key is not supported (ECDSA P-256 \
         and RSA with SHA-256 are)"
    ))
}
