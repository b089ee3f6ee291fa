//! A signing identity imported from a PKCS#12 file (`.p12`, `.pfx`): a document-signing
//! certificate the organisation obtained from a CA, with its private key and the CA's
//! certificates. Records then verify against that CA instead of one made here.
//!
//! The file is decrypted and its MAC checked by `p12-keystore`, which also reads the older
//! 3DES and RC2 encryption many exports still use, and caps the iteration counts a
//! hostile file may ask for.

use std::time::SystemTime;

use der::Decode;
use p12_keystore::{KeyStore, Pkcs12ImportPolicy};
use x509_cert::Certificate;

use crate::signer_key::SignerKey;
use crate::verify::{chain_to_anchor, eku_allows, is_ca, key_usage_signs, valid_at};
use crate::{Identity, SigningError, oid};

/// Largest PKCS#12 file read: a key with its chain is a few kilobytes.
pub const MAX_PKCS12_BYTES: u64 = 1024 * 1024;

fn bad(why: impl Into<String>) -> SigningError {
    SigningError::BadCertificateFile(why.into())
}

impl Identity {
    /// Reads the signing certificate, its private key and its CA's certificates from a
    /// PKCS#12 file, and checks that they can sign records that verify: the key belongs
    /// to the certificate, the certificate is meant for signing documents and valid
    /// `now`, and it chains to the last certificate of the file, which becomes the CA an
    /// auditor trusts.
    pub fn from_pkcs12(
        bytes: &[u8],
        password: &str,
        now: SystemTime,
    ) -> Result<Identity, SigningError> {
        if bytes.len() as u64 > MAX_PKCS12_BYTES {
            return Err(bad(
                "the file is larger than 1 MiB; a PKCS#12 file with a key and its chain is a \
                 few kilobytes",
            ));
        }
        let store = KeyStore::from_pkcs12(bytes, password, Pkcs12ImportPolicy::Strict)
            .map_err(|e| bad(unreadable(&e)))?;
        let (_, entry) = store
            .private_key_chain()
            .ok_or_else(|| bad("the file holds no private key together with its certificate"))?;
        let key = SignerKey::from_pkcs8_der(entry.key().as_der()).map_err(bad)?;
        let certs = entry
            .certs()
            .iter()
            .map(|c| Certificate::from_der(c.as_der()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| bad(format!("a certificate in the file cannot be read: {e}")))?;
        let Some((signer, above)) = certs.split_first() else {
            return Err(bad("the file holds no certificate for its private key"));
        };
        let Some((ca, between)) = above.split_last() else {
            return Err(bad(
                "the file holds the signing certificate but not the certificate of the CA \
                 that issued it; export it again with the whole chain (for example \
                 `openssl pkcs12 -export -chain`, or \"include all certificates in the \
                 certification path\")",
            ));
        };
        check_signer(signer, now)?;
        chain_to_anchor(signer, above, std::slice::from_ref(ca), now)
            .map_err(|why| bad(format!("its certificates do not form a chain: {why}")))?;
        Identity::from_parts(ca.clone(), between.to_vec(), signer.clone(), key)
            .map_err(|_| bad("its private key does not belong to its certificate"))
    }
}

/// Refuses a certificate that validators would not accept as a document signer.
fn check_signer(signer: &Certificate, now: SystemTime) -> Result<(), SigningError> {
    if is_ca(signer) {
        return Err(bad(
            "its certificate is a CA certificate; records are signed with an end-entity \
             certificate the CA issued",
        ));
    }
    if !key_usage_signs(signer)
        || !eku_allows(
            signer,
            &[oid::KP_EMAIL_PROTECTION, oid::KP_DOCUMENT_SIGNING],
        )
    {
        return Err(bad(
            "its certificate is not meant for signing documents: it needs key usage \
             digitalSignature or nonRepudiation, and if it names extended key usages, \
             emailProtection or documentSigning",
        ));
    }
    if !valid_at(signer, now) {
        return Err(bad(
            "its certificate is not valid today (expired or not yet valid)",
        ));
    }
    Ok(())
}

/// What `p12-keystore` found wrong, in words a person can act on.
fn unreadable(e: &p12_keystore::error::Error) -> String {
    use p12_keystore::error::Error as E;
    match e {
        E::MacError(_) | E::UnpadError => "the password is wrong, or the file is damaged".into(),
        E::UnsupportedEncryptionScheme | E::UnsupportedMacAlgorithm | E::UnsupportedContentType => {
            format!(
                "the file uses something this version cannot read ({e}); export it again with AES-256 encryption"
            )
        }
        E::InvalidParameters => {
            "the file asks for more key-derivation work than is accepted; export it again".into()
        }
        _ => format!("it is not a readable PKCS#12 file ({e})"),
    }
}
