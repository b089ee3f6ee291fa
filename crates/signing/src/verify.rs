//! Checking a detached CMS signature: that it is sound, that it covers the given bytes,
//! who made it and whether they chain to a certificate the verifier trusts, and what its
//! time-stamp (if any) vouches for.

use std::time::SystemTime;

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use serde::{Deserialize, Serialize};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectKeyIdentifier};

use crate::asn1::SigningCertificateV2;
use crate::tsp::{self, TimeStampInfo};
use crate::{certificate_summary, keys, oid, sha256};

/// Who a certificate names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertSummary {
    /// The organisation (O) in its subject.
    pub organisation: Option<String>,
    /// The common name (CN) in its subject.
    pub common_name: Option<String>,
    /// The whole subject, RFC 4514 style.
    pub subject: String,
    /// SHA-256 of the certificate, hex.
    pub sha256: String,
}

/// A signature that holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureCheck {
    /// Who signed.
    pub signer: CertSummary,
    /// The trusted certificate the signer chains to.
    pub anchor: CertSummary,
    /// The time-stamp, when the signature carries a valid one.
    pub time_stamp: Option<TimeStampInfo>,
    /// Whether the time-stamping authority chains to a trusted certificate too.
    pub time_stamp_trusted: bool,
}

/// Why a signature does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The signature value is not readable CMS signed data.
    #[error("the signature cannot be read: {0}")]
    Unreadable(String),
    /// The signed bytes were changed after signing: the digest no longer matches.
    #[error("the signed bytes were changed after signing")]
    ContentChanged,
    /// The signature itself is wrong: made with another key, or damaged.
    #[error("the signature is not valid: {0}")]
    Invalid(String),
    /// The signature is sound but the signer does not chain to a trusted certificate.
    #[error("the signer ({}) is not trusted: {reason}", signer.subject)]
    NotTrusted {
        /// Who signed.
        signer: CertSummary,
        /// Why the chain does not reach a trusted certificate.
        reason: String,
    },
}

/// The length of the DER value at the start of `bytes` (tag, length and content), so the
/// zero padding PDF signatures carry after it can be told apart.
fn der_len(bytes: &[u8]) -> Option<usize> {
    let first = *bytes.get(1)?;
    if first < 0x80 {
        return Some(2 + first as usize);
    }
    let n = (first & 0x7f) as usize;
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for b in bytes.get(2..2 + n)? {
        len = (len << 8) | *b as usize;
    }
    Some(2 + n + len)
}

fn attr<'a>(attrs: &'a [Attribute], oid: ObjectIdentifier) -> Option<&'a der::asn1::Any> {
    let a = attrs.iter().find(|a| a.oid == oid)?;
    (a.values.len() == 1)
        .then(|| a.values.iter().next())
        .flatten()
}

fn certificates(sd: &SignedData) -> Vec<Certificate> {
    sd.certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

fn find_signer<'a>(certs: &'a [Certificate], sid: &SignerIdentifier) -> Option<&'a Certificate> {
    certs.iter().find(|c| {
        let tbs = c.tbs_certificate();
        match sid {
            SignerIdentifier::IssuerAndSerialNumber(isn) => {
                *tbs.issuer() == isn.issuer && *tbs.serial_number() == isn.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => {
                matches!(tbs.get_extension::<SubjectKeyIdentifier>(), Ok(Some((_, s))) if s == *ski)
            }
        }
    })
}

/// Checks a signer info's signed attributes against `content_digest` and its signature
/// with `cert`. `content_type` is what the attributes must say was signed.
fn check_signer_info(
    si: &SignerInfo,
    cert: &Certificate,
    content_digest: &[u8; 32],
    content_type: ObjectIdentifier,
) -> Result<(), SignatureError> {
    if si.digest_alg.oid != oid::SHA256 {
        return Err(SignatureError::Invalid(
            "it uses a digest other than SHA-256".into(),
        ));
    }
    let attrs = si
        .signed_attrs
        .as_ref()
        .ok_or_else(|| SignatureError::Invalid("it has no signed attributes".into()))?;
    let list: Vec<Attribute> = attrs.iter().cloned().collect();
    let ct: ObjectIdentifier = attr(&list, oid::CONTENT_TYPE)
        .and_then(|a| a.decode_as().ok())
        .ok_or_else(|| SignatureError::Invalid("it does not say what it signs".into()))?;
    if ct != content_type {
        return Err(SignatureError::Invalid(
            "it signs another kind of content".into(),
        ));
    }
    let md: OctetString = attr(&list, oid::MESSAGE_DIGEST)
        .and_then(|a| a.decode_as().ok())
        .ok_or_else(|| SignatureError::Invalid("it carries no message digest".into()))?;
    let message = attrs
        .to_der()
        .map_err(|e| SignatureError::Unreadable(e.to_string()))?;
    keys::verify(
        cert.tbs_certificate().subject_public_key_info(),
        &si.signature_algorithm.oid,
        &message,
        si.signature.as_bytes(),
    )
    .map_err(SignatureError::Invalid)?;
    if md.as_bytes() != content_digest {
        return Err(SignatureError::ContentChanged);
    }
    Ok(())
}

/// Whether the signing-certificate-v2 attribute names `cert`, so the certificate cannot be
/// swapped for another with the same key.
fn names_certificate(si: &SignerInfo, cert: &Certificate) -> bool {
    let Some(attrs) = si.signed_attrs.as_ref() else {
        return false;
    };
    let list: Vec<Attribute> = attrs.iter().cloned().collect();
    let Some(sc) = attr(&list, oid::SIGNING_CERTIFICATE_V2)
        .and_then(|a| a.decode_as::<SigningCertificateV2>().ok())
    else {
        return false;
    };
    let Ok(der) = cert.to_der() else {
        return false;
    };
    let want = sha256(&der);
    sc.certs.first().is_some_and(|id| {
        id.hash_algorithm
            .as_ref()
            .is_none_or(|a| a.oid == oid::SHA256)
            && id.cert_hash.as_bytes() == want
    })
}

pub(crate) fn valid_at(cert: &Certificate, at: SystemTime) -> bool {
    let v = cert.tbs_certificate().validity();
    v.not_before.to_system_time() <= at && at <= v.not_after.to_system_time()
}

pub(crate) fn is_ca(cert: &Certificate) -> bool {
    matches!(cert.tbs_certificate().get_extension::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca)
}

pub(crate) fn eku_allows(cert: &Certificate, wanted: &[ObjectIdentifier]) -> bool {
    match cert.tbs_certificate().get_extension::<ExtendedKeyUsage>() {
        Ok(Some((_, eku))) => eku.0.iter().any(|o| wanted.contains(o)),
        Ok(None) => true,
        Err(_) => false,
    }
}

pub(crate) fn key_usage_signs(cert: &Certificate) -> bool {
    match cert.tbs_certificate().get_extension::<KeyUsage>() {
        Ok(Some((_, ku))) => ku.digital_signature() || ku.non_repudiation(),
        Ok(None) => true,
        Err(_) => false,
    }
}

/// Walks from `leaf` up to one of `anchors` through `pool`, checking each certificate's
/// signature and validity at `at`. Returns the anchor reached.
pub(crate) fn chain_to_anchor(
    leaf: &Certificate,
    pool: &[Certificate],
    anchors: &[Certificate],
    at: SystemTime,
) -> Result<Certificate, String> {
    let subject = |c: &Certificate| c.tbs_certificate().subject().to_string();
    if !valid_at(leaf, at) {
        return Err(format!(
            "its certificate ({}) was not valid at the signing time",
            subject(leaf)
        ));
    }
    let mut current = leaf.clone();
    for _ in 0..6 {
        if anchors.contains(&current) {
            return Ok(current);
        }
        let issuer = current.tbs_certificate().issuer().clone();
        let tbs = current
            .tbs_certificate()
            .to_der()
            .map_err(|e| e.to_string())?;
        let next = anchors.iter().chain(pool).find(|c| {
            *c.tbs_certificate().subject() == issuer
                && is_ca(c)
                && keys::verify(
                    c.tbs_certificate().subject_public_key_info(),
                    &current.signature_algorithm().oid,
                    &tbs,
                    current.signature().raw_bytes(),
                )
                .is_ok()
        });
        // A self-signed certificate that is not trusted ends the walk: it vouches only for
        // itself.
        let Some(next) = next.filter(|n| **n != current) else {
            return Err(format!(
                "its certificate is issued by {issuer}, which is not among the trusted \
                 certificates; trust that organisation's CA certificate (--trust FILE) if \
                 you know it is genuine"
            ));
        };
        if !valid_at(next, at) {
            return Err(format!(
                "the issuing certificate ({}) was not valid at the signing time",
                subject(next)
            ));
        }
        current = next.clone();
    }
    Err("its certificate chain is too long".into())
}

/// Checks a time-stamp token over `digest`: its imprint, its signer's attributes and its
/// signature. Says nothing about whether the authority is trusted.
pub(crate) fn check_token(token: &ContentInfo, digest: &[u8; 32]) -> Result<TimeStampInfo, String> {
    checked_token(token, digest).map(|(info, _)| info)
}

/// [`check_token`], also returning the authority's certificate and the certificates the
/// token carries, for the trust decision.
fn checked_token(token: &ContentInfo, digest: &[u8; 32]) -> Result<TokenParts, String> {
    let (sd, tst) = tsp::open_token(token)?;
    tsp::check_imprint(&tst, digest)?;
    let (cert, pool) = token_signer(&sd)?;
    let time = tsp::gen_time(&tst)?;
    let summary = certificate_summary(&cert);
    let info = TimeStampInfo {
        time,
        authority: summary.common_name.clone().unwrap_or(summary.subject),
        authority_sha256: summary.sha256,
    };
    Ok((info, (cert, pool)))
}

/// The authority certificate of a token, after checking its signature over the TSTInfo.
fn token_signer(sd: &SignedData) -> Result<(Certificate, Vec<Certificate>), String> {
    let certs = certificates(sd);
    let si = match sd.signer_infos.0.as_slice() {
        [one] => one,
        _ => return Err("the time-stamp token has no single signer".into()),
    };
    let cert = find_signer(&certs, &si.sid)
        .ok_or("the time-stamp token does not carry its authority's certificate")?
        .clone();
    let content = tsp::tst_bytes(sd).ok_or("the time-stamp token is empty")?;
    check_signer_info(si, &cert, &sha256(&content), oid::TST_INFO).map_err(|e| match e {
        SignatureError::ContentChanged => "the time-stamp token was altered".to_string(),
        other => format!("the time-stamp token's signature does not hold ({other})"),
    })?;
    if !eku_allows(&cert, &[oid::KP_TIME_STAMPING]) {
        return Err("the time-stamp is signed by a certificate not meant for time-stamping".into());
    }
    Ok((cert, certs))
}

/// Checks the detached signature `cms` (DER, possibly followed by zero padding) over
/// `content`, with `anchors` as the certificates trusted to issue signers and
/// time-stamping authorities. `claimed` is the signing time the document states; the
/// time-stamp's time is used instead when there is one.
pub fn verify_detached(
    cms: &[u8],
    content: &[u8],
    anchors: &[Certificate],
    claimed: SystemTime,
) -> Result<SignatureCheck, SignatureError> {
    let unreadable = |e: &dyn std::fmt::Display| SignatureError::Unreadable(e.to_string());
    let len = der_len(cms)
        .filter(|&n| n <= cms.len())
        .ok_or_else(|| unreadable(&"it is not DER"))?;
    if cms[len..].iter().any(|&b| b != 0) {
        return Err(unreadable(
            &"something follows the signature inside its field",
        ));
    }
    let info = ContentInfo::from_der(&cms[..len]).map_err(|e| unreadable(&e))?;
    if info.content_type != oid::SIGNED_DATA {
        return Err(unreadable(&"it is not CMS signed data"));
    }
    let sd: SignedData = info.content.decode_as().map_err(|e| unreadable(&e))?;
    let si = match sd.signer_infos.0.as_slice() {
        [one] => one,
        _ => return Err(unreadable(&"it does not have exactly one signer")),
    };
    if sd.encap_content_info.econtent.is_some() {
        return Err(unreadable(&"it is not a detached signature"));
    }
    let certs = certificates(&sd);
    let signer = find_signer(&certs, &si.sid)
        .ok_or_else(|| unreadable(&"it does not carry the signer's certificate"))?;
    check_signer_info(si, signer, &sha256(content), oid::DATA)?;
    if !names_certificate(si, signer) {
        return Err(SignatureError::Invalid(
            "its signing-certificate attribute does not name the signer's certificate".into(),
        ));
    }
    let time_stamp = signature_time_stamp(si)?;
    let at = time_stamp
        .as_ref()
        .map(|(info, _)| rfc3339_to_system(&info.time))
        .unwrap_or(claimed);
    let not_trusted = |reason: String| SignatureError::NotTrusted {
        signer: certificate_summary(signer),
        reason,
    };
    if !key_usage_signs(signer)
        || !eku_allows(
            signer,
            &[oid::KP_EMAIL_PROTECTION, oid::KP_DOCUMENT_SIGNING],
        )
    {
        return Err(not_trusted(
            "its certificate is not meant for signing documents".into(),
        ));
    }
    let anchor = chain_to_anchor(signer, &certs, anchors, at).map_err(not_trusted)?;
    let (time_stamp, time_stamp_trusted) = match time_stamp {
        Some((info, (tsa, pool))) => {
            let trusted = chain_to_anchor(&tsa, &pool, anchors, at).is_ok();
            (Some(info), trusted)
        }
        None => (None, false),
    };
    Ok(SignatureCheck {
        signer: certificate_summary(signer),
        anchor: certificate_summary(&anchor),
        time_stamp,
        time_stamp_trusted,
    })
}

type TokenParts = (TimeStampInfo, (Certificate, Vec<Certificate>));

/// The signature's time-stamp, checked, with the authority's certificate and the pool
/// of certificates the token carries.
fn signature_time_stamp(si: &SignerInfo) -> Result<Option<TokenParts>, SignatureError> {
    let Some(unsigned) = si.unsigned_attrs.as_ref() else {
        return Ok(None);
    };
    let list: Vec<Attribute> = unsigned.iter().cloned().collect();
    let Some(value) = attr(&list, oid::SIGNATURE_TIME_STAMP) else {
        return Ok(None);
    };
    let bad = |why: String| SignatureError::Invalid(format!("its time-stamp does not hold: {why}"));
    let der = value.to_der().map_err(|e| bad(e.to_string()))?;
    let token = ContentInfo::from_der(&der).map_err(|e| bad(e.to_string()))?;
    checked_token(&token, &sha256(si.signature.as_bytes()))
        .map(Some)
        .map_err(bad)
}

/// An RFC 3339 UTC time as written by [`tsp::gen_time`].
fn rfc3339_to_system(text: &str) -> SystemTime {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(SystemTime::from)
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// Checks a time-stamp token (DER) over `digest`, and whether its authority chains to
/// one of `anchors`.
pub fn verify_time_stamp(
    token: &[u8],
    digest: &[u8; 32],
    anchors: &[Certificate],
) -> Result<(TimeStampInfo, bool), String> {
    let token =
        ContentInfo::from_der(token).map_err(|e| format!("the token cannot be read ({e})"))?;
    let (info, (tsa, pool)) = checked_token(&token, digest)?;
    let trusted = chain_to_anchor(&tsa, &pool, anchors, rfc3339_to_system(&info.time)).is_ok();
    Ok((info, trusted))
}
