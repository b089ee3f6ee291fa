//! Making the detached CMS signature of a PDF's byte range, in the PAdES baseline form.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{Any, OctetString, SetOfVec};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;

use crate::asn1::{EssCertIdV2, SigningCertificateV2};
use crate::tsp::{self, TimeStampInfo};
use crate::{Identity, SigningError, oid, sha256};

/// Reaches a time-stamping authority: sends an RFC 3161 request (DER) and returns the
/// authority's response (DER), or says why it could not.
pub trait TimeStamper {
    /// Sends `request` and returns the answer's bytes.
    fn stamp(&self, request: &[u8]) -> Result<Vec<u8>, String>;
    /// The authority's address, for messages.
    fn name(&self) -> String;
}

/// A finished signature.
#[derive(Debug, Clone)]
pub struct Signed {
    /// The DER `ContentInfo` to put in the PDF's `/Contents`.
    pub cms: Vec<u8>,
    /// The time-stamp, when an authority gave one.
    pub time_stamp: Option<TimeStampInfo>,
    /// Why an authority was named but gave no time-stamp; the signature then carries the
    /// computer's own time only.
    pub time_stamp_error: Option<String>,
}

fn encode_error(e: impl std::fmt::Display) -> SigningError {
    SigningError::Certificate(e.to_string())
}

fn sha256_alg() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: oid::SHA256,
        parameters: None,
    }
}

fn attribute(oid: der::asn1::ObjectIdentifier, value: Any) -> Result<Attribute, SigningError> {
    let mut values = SetOfVec::new();
    values.insert(value).map_err(encode_error)?;
    Ok(Attribute { oid, values })
}

/// The three signed attributes PAdES baseline asks for. Signing time is left out: PAdES
/// keeps the claimed time in the signature dictionary's `/M`.
fn signed_attributes(
    identity: &Identity,
    content_digest: &[u8; 32],
) -> Result<SetOfVec<Attribute>, SigningError> {
    let cert_hash = sha256(&identity.signer.to_der().map_err(encode_error)?);
    let signing_cert = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: OctetString::new(cert_hash.to_vec()).map_err(encode_error)?,
            issuer_serial: None,
        }],
        policies: None,
    };
    let mut attrs = SetOfVec::new();
    for attr in [
        attribute(
            oid::CONTENT_TYPE,
            Any::encode_from(&oid::DATA).map_err(encode_error)?,
        )?,
        attribute(
            oid::MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(content_digest.to_vec()).map_err(encode_error)?)
                .map_err(encode_error)?,
        )?,
        attribute(
            oid::SIGNING_CERTIFICATE_V2,
            Any::encode_from(&signing_cert).map_err(encode_error)?,
        )?,
    ] {
        attrs.insert(attr).map_err(encode_error)?;
    }
    Ok(attrs)
}

/// Asks the authority for a token over the signature value and checks it. `Err` is the
/// reason to report; the signature is then made without one.
fn stamp(tsa: &dyn TimeStamper, signature: &[u8]) -> Result<(Any, TimeStampInfo), String> {
    let digest = sha256(signature);
    let (request, nonce) = tsp::request(&digest)?;
    let response = tsa.stamp(&request)?;
    let token = tsp::token_from_response(&response, &nonce)?;
    let info = crate::verify::check_token(&token, &digest)?;
    let der = tsp::token_der(&token)?;
    let any = Any::from_der(&der).map_err(|e| e.to_string())?;
    Ok((any, info))
}

/// Signs the SHA-256 `content_digest` of a PDF's byte range with the identity's signing
/// key, adding a time-stamp when `tsa` is given and answers.
pub fn sign_detached(
    identity: &Identity,
    content_digest: &[u8; 32],
    tsa: Option<&dyn TimeStamper>,
) -> Result<Signed, SigningError> {
    let attrs = signed_attributes(identity, content_digest)?;
    let to_sign = attrs.to_der().map_err(encode_error)?;
    let signature = identity.signer_key().sign(&to_sign);
    let (mut unsigned, mut time_stamp, mut time_stamp_error) = (None, None, None);
    if let Some(tsa) = tsa {
        match stamp(tsa, &signature) {
            Ok((token, info)) => {
                let mut set = SetOfVec::new();
                set.insert(attribute(oid::SIGNATURE_TIME_STAMP, token)?)
                    .map_err(encode_error)?;
                unsigned = Some(set);
                time_stamp = Some(info);
            }
            Err(why) => time_stamp_error = Some(format!("{} {why}", tsa.name())),
        }
    }
    let tbs = identity.signer.tbs_certificate();
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: sha256_alg(),
        signed_attrs: Some(attrs),
        signature_algorithm: AlgorithmIdentifierOwned {
            oid: identity.signer_key().algorithm(),
            // RSA's algorithm identifier carries an explicit NULL; ECDSA's carries none.
            parameters: (identity.signer_key().algorithm() == oid::RSA_SHA256)
                .then(der::asn1::Any::null),
        },
        signature: OctetString::new(signature).map_err(encode_error)?,
        unsigned_attrs: unsigned,
    };
    let mut digests = SetOfVec::new();
    digests.insert(sha256_alg()).map_err(encode_error)?;
    let certificates = CertificateSet::from(
        SetOfVec::try_from(
            std::iter::once(&identity.signer)
                .chain(&identity.chain)
                .chain(std::iter::once(&identity.ca))
                .map(|c| CertificateChoices::Certificate(c.clone()))
                .collect::<Vec<_>>(),
        )
        .map_err(encode_error)?,
    );
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: digests,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: oid::DATA,
            econtent: None,
        },
        certificates: Some(certificates),
        crls: None,
        signer_infos: SignerInfos::from(
            SetOfVec::try_from(vec![signer_info]).map_err(encode_error)?,
        ),
    };
    let info = ContentInfo {
        content_type: oid::SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(encode_error)?,
    };
    Ok(Signed {
        cms: info.to_der().map_err(encode_error)?,
        time_stamp,
        time_stamp_error,
    })
}

/// Has `tsa` time-stamp `digest` (a SHA-256) on its own, outside any signature: the audit
/// history's anchors. Returns the token (DER) and what it says.
pub fn time_stamp_digest(
    tsa: &dyn TimeStamper,
    digest: &[u8; 32],
) -> Result<(Vec<u8>, TimeStampInfo), SigningError> {
    let fail = |why: String| SigningError::TimeStamp(format!("{} {why}", tsa.name()));
    let (request, nonce) = tsp::request(digest).map_err(fail)?;
    let response = tsa.stamp(&request).map_err(fail)?;
    let token = tsp::token_from_response(&response, &nonce).map_err(fail)?;
    let info = crate::verify::check_token(&token, digest).map_err(fail)?;
    Ok((tsp::token_der(&token).map_err(fail)?, info))
}
