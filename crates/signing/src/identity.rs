//! The organisation records CA and the signing certificate it issues.
//!
//! Both keys are ECDSA P-256. The CA signs only certificates; the signing certificate
//! carries what PDF validators look for in a document signer: key usage digitalSignature
//! and nonRepudiation, extended key usage emailProtection and documentSigning.

use std::time::{Duration, SystemTime};

use der::asn1::Any;
use der::{Decode, Encode, EncodePem, Tag, Tagged};
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use spki::{
    EncodePublicKey, SubjectPublicKeyInfo, SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef,
};
use x509_cert::Certificate;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectKeyIdentifier,
};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use zeroize::Zeroizing;

use crate::signer_key::SignerKey;
use crate::{SigningError, oid};

/// How long the organisation CA is valid: long enough that records signed today still
/// chain to it when an auditor checks them years later.
const CA_YEARS: u64 = 30;
/// How long a signing certificate is valid.
const SIGNER_YEARS: u64 = 10;
/// Longest organisation name accepted (the X.520 upper bound for an organisation name).
pub const MAX_ORGANISATION_CHARS: usize = 64;

/// The organisation's records CA and signing certificate, with their private keys.
pub struct Identity {
    /// The organisation records CA: the certificate an auditor trusts.
    pub ca: Certificate,
    /// The CA's key, for an identity made here; an identity imported from a PKCS#12 file
    /// has none (its CA belongs to whoever issued the certificate).
    ca_key: Option<SigningKey>,
    /// Certificates between the signing certificate and the CA, nearest first (imported
    /// identities only); they go into every signature.
    pub chain: Vec<Certificate>,
    /// The certificate that signs records.
    pub signer: Certificate,
    signer_key: SignerKey,
}

/// The identity as stored: DER certificates and PKCS#8 keys. The caller keeps it in the
/// encrypted database.
#[derive(Clone)]
pub struct StoredIdentity {
    /// CA certificate, DER.
    pub ca_cert: Vec<u8>,
    /// CA private key, PKCS#8 DER, for an identity made here.
    pub ca_key: Option<Zeroizing<Vec<u8>>>,
    /// Certificates between the signing certificate and the CA, DER, nearest first.
    pub chain: Vec<Vec<u8>>,
    /// Signing certificate, DER.
    pub signer_cert: Vec<u8>,
    /// Signing private key, PKCS#8 DER.
    pub signer_key: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("ca", &self.ca.tbs_certificate().subject().to_string())
            .field(
                "signer",
                &self.signer.tbs_certificate().subject().to_string(),
            )
            .finish_non_exhaustive()
    }
}

fn cert_error(e: impl std::fmt::Display) -> SigningError {
    SigningError::Certificate(e.to_string())
}

/// A fresh P-256 key from the operating system's random source.
fn new_key() -> Result<SigningKey, SigningError> {
    loop {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut()).map_err(cert_error)?;
        // Almost every 32-byte string is a valid scalar; retry the rare one that is not.
        if let Ok(key) = SigningKey::from_slice(bytes.as_ref()) {
            return Ok(key);
        }
    }
}

/// A random positive 16-byte serial number.
fn new_serial() -> Result<SerialNumber, SigningError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(cert_error)?;
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01;
    SerialNumber::new(&bytes).map_err(cert_error)
}

/// A distinguished name of an organisation and a common name, as UTF-8 strings.
fn name(org: &str, common: &str) -> Result<Name, SigningError> {
    let mut rdns = RdnSequence::default();
    for (oid, value) in [(oid::ORGANIZATION, org), (oid::COMMON_NAME, common)] {
        let mut rdn = RelativeDistinguishedName::default();
        rdn.insert(AttributeTypeAndValue {
            oid,
            value: Any::new(Tag::Utf8String, value.as_bytes()).map_err(cert_error)?,
        })
        .map_err(cert_error)?;
        rdns.push(rdn);
    }
    Name::from_der(&rdns.to_der().map_err(cert_error)?).map_err(cert_error)
}

/// Checks an organisation name: printable, not empty, not too long.
fn check_organisation(org: &str) -> Result<&str, SigningError> {
    let org = org.trim();
    if org.is_empty() {
        return Err(SigningError::BadOrganisation("is empty"));
    }
    if org.chars().count() > MAX_ORGANISATION_CHARS {
        return Err(SigningError::BadOrganisation(
            "is longer than 64 characters, the most a certificate holds",
        ));
    }
    if org.chars().any(char::is_control) {
        return Err(SigningError::BadOrganisation("contains control characters"));
    }
    Ok(org)
}

/// The validity of a new certificate: from a minute before `now` (so a verifier whose
/// clock runs slightly behind accepts it) for `years`.
fn validity(now: SystemTime, years: u64) -> Result<Validity, SigningError> {
    let from = now - Duration::from_secs(60);
    let until = now + Duration::from_secs(years * 365 * 24 * 3600);
    Ok(Validity::new(
        Time::try_from(from).map_err(cert_error)?,
        Time::try_from(until).map_err(cert_error)?,
    ))
}

/// What a certificate of the identity is for.
enum Role {
    Ca,
    Signer,
}

/// The extensions of the organisation's two certificates.
struct Profile {
    subject: Name,
    issuer: Name,
    role: Role,
}

impl BuilderProfile for Profile {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let subject = tbs.subject();
        let mut out: Vec<Extension> = Vec::new();
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        let aki = SubjectKeyIdentifier::try_from(issuer_spk)?;
        out.push(ski.to_extension(subject, &out)?);
        out.push(
            AuthorityKeyIdentifier {
                key_identifier: Some(aki.0),
                ..Default::default()
            }
            .to_extension(subject, &out)?,
        );
        match self.role {
            Role::Ca => {
                let bc = BasicConstraints {
                    ca: true,
                    path_len_constraint: Some(0),
                };
                out.push(bc.to_extension(subject, &out)?);
                let ku = KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign);
                out.push(ku.to_extension(subject, &out)?);
            }
            Role::Signer => {
                let bc = BasicConstraints {
                    ca: false,
                    path_len_constraint: None,
                };
                out.push(bc.to_extension(subject, &out)?);
                let ku = KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation);
                out.push(ku.to_extension(subject, &out)?);
                let eku =
                    ExtendedKeyUsage(vec![oid::KP_EMAIL_PROTECTION, oid::KP_DOCUMENT_SIGNING]);
                out.push(eku.to_extension(subject, &out)?);
            }
        }
        Ok(out)
    }
}

fn spki_of(key: &SigningKey) -> Result<SubjectPublicKeyInfoOwned, SigningError> {
    let der = key
        .verifying_key()
        .to_public_key_der()
        .map_err(cert_error)?;
    SubjectPublicKeyInfo::from_der(der.as_bytes()).map_err(cert_error)
}

fn issue(
    profile: Profile,
    key: &SigningKey,
    issuer_key: &SigningKey,
    validity: Validity,
) -> Result<Certificate, SigningError> {
    let builder = CertificateBuilder::new(profile, new_serial()?, validity, spki_of(key)?)
        .map_err(cert_error)?;
    builder
        .build::<_, DerSignature>(issuer_key)
        .map_err(cert_error)
}

impl Identity {
    /// Creates the organisation records CA and a signing certificate issued by it.
    pub fn create(organisation: &str, now: SystemTime) -> Result<Identity, SigningError> {
        let org = check_organisation(organisation)?;
        let ca_name = name(org, &format!("{org} records CA"))?;
        let ca_key = new_key()?;
        let ca = issue(
            Profile {
                subject: ca_name.clone(),
                issuer: ca_name.clone(),
                role: Role::Ca,
            },
            &ca_key,
            &ca_key,
            validity(now, CA_YEARS)?,
        )?;
        let signer_key = new_key()?;
        let signer = issue(
            Profile {
                subject: name(org, &format!("{org} records signing"))?,
                issuer: ca_name,
                role: Role::Signer,
            },
            &signer_key,
            &ca_key,
            validity(now, SIGNER_YEARS)?,
        )?;
        Ok(Identity {
            ca,
            ca_key: Some(ca_key),
            chain: Vec::new(),
            signer,
            signer_key: SignerKey::P256(signer_key),
        })
    }

    /// The organisation named in the signing certificate.
    pub fn organisation(&self) -> String {
        // An imported certificate may name no organisation; its common name then stands in.
        let s = certificate_summary(&self.signer);
        s.organisation.or(s.common_name).unwrap_or(s.subject)
    }

    /// The key that signs records.
    pub(crate) fn signer_key(&self) -> &SignerKey {
        &self.signer_key
    }

    /// Whether the CA was made here (and its key is held), rather than imported.
    pub fn own_ca(&self) -> bool {
        self.ca_key.is_some()
    }

    /// An identity from its parts, checking that the key belongs to the certificate.
    pub(crate) fn from_parts(
        ca: Certificate,
        chain: Vec<Certificate>,
        signer: Certificate,
        signer_key: SignerKey,
    ) -> Result<Identity, SigningError> {
        let identity = Identity {
            ca,
            ca_key: None,
            chain,
            signer,
            signer_key,
        };
        identity.check_keys()?;
        Ok(identity)
    }

    fn check_keys(&self) -> Result<(), SigningError> {
        let mismatch = || SigningError::Damaged("a key does not belong to its certificate".into());
        if let Some(k) = &self.ca_key
            && spki_of(k)? != *self.ca.tbs_certificate().subject_public_key_info()
        {
            return Err(mismatch());
        }
        if self.signer_key.spki().map_err(cert_error)?
            != *self.signer.tbs_certificate().subject_public_key_info()
        {
            return Err(mismatch());
        }
        Ok(())
    }

    /// The identity in its stored form.
    pub fn to_stored(&self) -> Result<StoredIdentity, SigningError> {
        let ca_key = match &self.ca_key {
            Some(k) => Some(Zeroizing::new(
                k.to_pkcs8_der().map_err(cert_error)?.as_bytes().to_vec(),
            )),
            None => None,
        };
        Ok(StoredIdentity {
            ca_cert: self.ca.to_der().map_err(cert_error)?,
            ca_key,
            chain: self
                .chain
                .iter()
                .map(|c| c.to_der().map_err(cert_error))
                .collect::<Result<_, _>>()?,
            signer_cert: self.signer.to_der().map_err(cert_error)?,
            signer_key: self.signer_key.to_pkcs8_der().map_err(cert_error)?,
        })
    }

    /// Reads a stored identity back, checking that each key belongs to its certificate.
    pub fn from_stored(stored: &StoredIdentity) -> Result<Identity, SigningError> {
        let damaged = |e: &dyn std::fmt::Display| SigningError::Damaged(e.to_string());
        let cert = |b: &[u8]| Certificate::from_der(b).map_err(|e| damaged(&e));
        let ca_key = match &stored.ca_key {
            Some(b) => Some(SigningKey::from_pkcs8_der(b).map_err(|e| damaged(&e))?),
            None => None,
        };
        let identity = Identity {
            ca: cert(&stored.ca_cert)?,
            ca_key,
            chain: stored
                .chain
                .iter()
                .map(|b| cert(b))
                .collect::<Result<_, _>>()?,
            signer: cert(&stored.signer_cert)?,
            signer_key: SignerKey::from_pkcs8_der(&stored.signer_key).map_err(|e| damaged(&e))?,
        };
        identity.check_keys()?;
        Ok(identity)
    }

    /// The CA certificate as PEM, the file an auditor is given.
    pub fn ca_pem(&self) -> Result<String, SigningError> {
        self.ca.to_pem(der::pem::LineEnding::LF).map_err(cert_error)
    }
}

/// Reads every certificate of a PEM file (or one DER certificate).
pub fn certificate_from_pem(bytes: &[u8]) -> Result<Vec<Certificate>, SigningError> {
    if let Ok(c) = Certificate::from_der(bytes) {
        return Ok(vec![c]);
    }
    let certs = Certificate::load_pem_chain(bytes).map_err(|e| {
        SigningError::BadCertificateFile(format!(
            "the file holds no readable certificate (PEM or DER): {e}"
        ))
    })?;
    if certs.is_empty() {
        return Err(SigningError::BadCertificateFile(
            "the file holds no certificate".into(),
        ));
    }
    Ok(certs)
}

/// Who a certificate names, and its SHA-256 fingerprint.
pub fn certificate_summary(cert: &Certificate) -> crate::CertSummary {
    let subject = cert.tbs_certificate().subject();
    let text = |oid| {
        subject
            .iter()
            .find(|atv| atv.oid == oid)
            .and_then(|atv| directory_string(&atv.value))
    };
    crate::CertSummary {
        organisation: text(oid::ORGANIZATION),
        common_name: text(oid::COMMON_NAME),
        subject: subject.to_string(),
        sha256: cert
            .to_der()
            .map(|d| hex::encode(crate::sha256(&d)))
            .unwrap_or_default(),
    }
}

/// The text of a DirectoryString value (UTF-8, printable, IA5 or T.61 read as Latin-1).
fn directory_string(value: &Any) -> Option<String> {
    match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String => {
            String::from_utf8(value.value().to_vec()).ok()
        }
        Tag::TeletexString => Some(value.value().iter().map(|&b| b as char).collect()),
        Tag::BmpString => {
            let units: Vec<u16> = value
                .value()
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}
