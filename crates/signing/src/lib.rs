//! The organisation's signing identity and the signatures it makes.
//!
//! A Bona Fide data folder can hold an *organisation records CA* and a *signing
//! certificate* issued by it, both ECDSA P-256. Exported PDF records are signed with the
//! signing key as CMS `SignedData` (RFC 5652) in the PAdES baseline form: detached, with the
//! content-type, message-digest and signing-certificate-v2 signed attributes and no
//! signing-time attribute (PAdES keeps the claimed time in the PDF). When a time-stamping
//! authority is configured, an RFC 3161 token over the signature value is added as the
//! signature-time-stamp unsigned attribute (PAdES B-T).
//!
//! An auditor trusts the organisation CA's certificate (or a public CA's, when the
//! organisation imports a certificate of its own PKI); [`verify_detached`] decides whether
//! a signature holds, who made it, whether the signer chains to a trusted certificate, and
//! what time-stamp vouches for the time.
//!
//! This crate knows nothing of PDF files or of the network: the PDF side lives in the
//! record crate, and the time-stamping authority is reached through a callback the caller
//! provides.

#![deny(missing_docs)]

mod asn1;
mod cms;
mod identity;
mod import;
mod keys;
mod oid;
mod signer_key;
mod tsp;
mod verify;

pub use cms::{Signed, TimeStamper, sign_detached, time_stamp_digest};
pub use identity::{Identity, StoredIdentity, certificate_from_pem, certificate_summary};
pub use import::MAX_PKCS12_BYTES;
pub use signer_key::MIN_RSA_BITS;
pub use tsp::TimeStampInfo;
pub use verify::{CertSummary, SignatureCheck, SignatureError, verify_detached, verify_time_stamp};
pub use x509_cert::Certificate;

/// What went wrong while creating an identity or a signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningError {
    /// The organisation name cannot go into a certificate.
    #[error("the organisation name {0}")]
    BadOrganisation(&'static str),
    /// The stored identity is damaged (a key or certificate does not parse).
    #[error("the stored signing identity cannot be read ({0}); run `bonafide signing init` again")]
    Damaged(String),
    /// The certificate or key could not be produced.
    #[error("the certificate could not be made: {0}")]
    Certificate(String),
    /// A certificate file given to import or trust is not usable.
    #[error("{0}")]
    BadCertificateFile(String),
    /// The time-stamping authority refused or sent something unusable.
    #[error("the time-stamping authority {0}")]
    TimeStamp(String),
}

/// The SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;

    struct Refusing;
    impl TimeStamper for Refusing {
        fn stamp(&self, _request: &[u8]) -> Result<Vec<u8>, String> {
            Ok(b"not a time-stamp response".to_vec())
        }
        fn name(&self) -> String {
            "http://127.0.0.1:9/tsa".into()
        }
    }

    fn identity(org: &str) -> Identity {
        Identity::create(org, SystemTime::now()).unwrap()
    }

    #[test]
    fn a_signature_verifies_against_its_own_ca_and_names_the_organisation() {
        let id = identity("Acme Ltd");
        let content = b"the bytes of the PDF outside /Contents";
        let signed = sign_detached(&id, &sha256(content), None).unwrap();
        assert!(signed.time_stamp.is_none() && signed.time_stamp_error.is_none());
        let mut padded = signed.cms.clone();
        padded.resize(signed.cms.len() + 300, 0);
        let check = verify_detached(&padded, content, &[id.ca.clone()], SystemTime::now()).unwrap();
        assert_eq!(check.signer.organisation.as_deref(), Some("Acme Ltd"));
        assert_eq!(
            check.anchor.common_name.as_deref(),
            Some("Acme Ltd records CA")
        );
        assert!(check.time_stamp.is_none());
    }

    #[test]
    fn changed_content_another_ca_and_a_damaged_signature_are_each_named() {
        let id = identity("Acme Ltd");
        let content = b"record".to_vec();
        let signed = sign_detached(&id, &sha256(&content), None).unwrap();
        let now = SystemTime::now();
        assert_eq!(
            verify_detached(&signed.cms, b"recorD", &[id.ca.clone()], now),
            Err(SignatureError::ContentChanged)
        );
        // The same organisation name, made on another install: a different CA.
        let other = identity("Acme Ltd");
        assert!(matches!(
            verify_detached(&signed.cms, &content, &[other.ca.clone()], now),
            Err(SignatureError::NotTrusted { .. })
        ));
        assert!(matches!(
            verify_detached(&signed.cms, &content, &[], now),
            Err(SignatureError::NotTrusted { .. })
        ));
        // Flip one bit of the ECDSA signature value (its last byte is part of s).
        let mut broken = signed.cms.clone();
        let pos = broken.len() - 1;
        broken[pos] ^= 1;
        assert!(matches!(
            verify_detached(&broken, &content, &[id.ca.clone()], now),
            Err(SignatureError::Invalid(_) | SignatureError::Unreadable(_))
        ));
        let mut trailing = signed.cms.clone();
        trailing.extend_from_slice(&[0, 0, 7]);
        assert!(matches!(
            verify_detached(&trailing, &content, &[id.ca.clone()], now),
            Err(SignatureError::Unreadable(_))
        ));
        assert!(matches!(
            verify_detached(b"\x30\x84\xff\xff\xff\xff", &content, &[id.ca.clone()], now),
            Err(SignatureError::Unreadable(_))
        ));
    }

    #[test]
    fn a_signer_certificate_swapped_for_one_with_the_same_name_is_refused() {
        // Someone with their own CA named like the organisation's signs: the chain check
        // compares keys and signatures, not names.
        let real = identity("Acme Ltd");
        let fake = identity("Acme Ltd");
        let content = b"forged";
        let signed = sign_detached(&fake, &sha256(content), None).unwrap();
        let err = verify_detached(&signed.cms, content, &[real.ca.clone()], SystemTime::now())
            .unwrap_err();
        assert!(matches!(err, SignatureError::NotTrusted { .. }), "{err:?}");
    }

    #[test]
    fn a_stored_identity_reads_back_and_a_mismatched_key_is_refused() {
        let id = identity("Zürich Hiring GmbH");
        let stored = id.to_stored().unwrap();
        let back = Identity::from_stored(&stored).unwrap();
        assert_eq!(back.organisation(), "Zürich Hiring GmbH");
        assert_eq!(back.ca, id.ca);
        let mut swapped = stored.clone();
        swapped.signer_key = stored
            .ca_key
            .clone()
            .expect("an identity made here holds its CA key");
        assert!(matches!(
            Identity::from_stored(&swapped),
            Err(SigningError::Damaged(_))
        ));
        assert!(
            id.ca_pem()
                .unwrap()
                .starts_with("-----BEGIN CERTIFICATE-----")
        );
        let pem = id.ca_pem().unwrap();
        assert_eq!(
            certificate_from_pem(pem.as_bytes()).unwrap(),
            vec![id.ca.clone()]
        );
        assert!(certificate_from_pem(b"hello").is_err());
    }

    #[test]
    fn organisation_names_are_checked() {
        let now = SystemTime::now();
        assert!(Identity::create("  ", now).is_err());
        assert!(Identity::create(&"x".repeat(65), now).is_err());
        assert!(Identity::create("Acme\nLtd", now).is_err());
        // Characters that need escaping in a textual DN are fine in the certificate.
        let id = Identity::create("Smith, Jones & Co \"=+<>#;", now).unwrap();
        assert_eq!(id.organisation(), "Smith, Jones & Co \"=+<>#;");
    }

    #[test]
    fn an_authority_that_answers_nonsense_leaves_a_signature_without_a_time_stamp() {
        let id = identity("Acme Ltd");
        let signed = sign_detached(&id, &sha256(b"x"), Some(&Refusing)).unwrap();
        assert!(signed.time_stamp.is_none());
        let why = signed.time_stamp_error.unwrap();
        assert!(
            why.contains("127.0.0.1:9") && why.contains("not a time-stamp response"),
            "{why}"
        );
        assert!(verify_detached(&signed.cms, b"x", &[id.ca.clone()], SystemTime::now()).is_ok());
    }
}
