//! ASN.1 structures of ESS (RFC 5035) and the time-stamp protocol (RFC 3161) that the
//! `cms` and `x509-cert` crates do not define. The published `x509-tsp` crate is built on
//! the previous generation of `der` and `cms`, whose types cannot be mixed with these, so
//! the few structures needed are declared here with `der`'s derive.

use cms::content_info::ContentInfo;
use der::asn1::{Any, Int, ObjectIdentifier, OctetString, Utf8StringRef};
use der::{Enumerated, Sequence};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::Extensions;

/// `ESSCertIDv2`, with the hash algorithm left out when it is the default SHA-256 and no
/// issuer-serial (ETSI EN 319 122-1 advises against it).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct EssCertIdV2 {
    /// Absent means SHA-256.
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    /// The hash of the whole certificate.
    pub cert_hash: OctetString,
    /// Issuer and serial, which some signers include.
    pub issuer_serial: Option<Any>,
}

/// `SigningCertificateV2`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SigningCertificateV2 {
    /// The signer's certificate first.
    pub certs: Vec<EssCertIdV2>,
    /// Policies, never written.
    pub policies: Option<Any>,
}

/// `MessageImprint`: what was time-stamped.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct MessageImprint {
    /// The hash algorithm.
    pub hash_algorithm: AlgorithmIdentifierOwned,
    /// The hash.
    pub hashed_message: OctetString,
}

/// `TimeStampReq`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct TimeStampReq {
    /// Always 1.
    pub version: u8,
    /// The hash to stamp.
    pub message_imprint: MessageImprint,
    /// No policy is asked for: the authority's default applies.
    pub req_policy: Option<ObjectIdentifier>,
    /// A random number the answer must repeat, so an old answer cannot be replayed.
    pub nonce: Option<Int>,
    /// Ask for the authority's certificate in the token, so it can be checked offline.
    #[asn1(default = "Default::default")]
    pub cert_req: bool,
    /// Never written.
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Extensions>,
}

/// `PKIStatus`.
#[derive(Clone, Copy, Debug, Eq, PartialEq, Enumerated)]
#[asn1(type = "INTEGER")]
#[repr(u8)]
pub enum PkiStatus {
    /// granted
    Granted = 0,
    /// grantedWithMods
    GrantedWithMods = 1,
    /// rejection
    Rejection = 2,
    /// waiting
    Waiting = 3,
    /// revocationWarning
    RevocationWarning = 4,
    /// revocationNotification
    RevocationNotification = 5,
}

/// `PKIStatusInfo`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct PkiStatusInfo<'a> {
    /// The verdict.
    pub status: PkiStatus,
    /// Free text from the authority.
    pub status_string: Option<Vec<Utf8StringRef<'a>>>,
    /// Why it failed.
    pub fail_info: Option<der::asn1::BitStringRef<'a>>,
}

/// `TimeStampResp`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct TimeStampResp<'a> {
    /// Granted or not.
    pub status: PkiStatusInfo<'a>,
    /// The token when granted.
    pub time_stamp_token: Option<ContentInfo>,
}

/// `Accuracy`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct Accuracy {
    /// Seconds.
    pub seconds: Option<Int>,
    /// Milliseconds.
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub millis: Option<Int>,
    /// Microseconds.
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub micros: Option<Int>,
}

/// `TSTInfo`: what the authority vouches for.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct TstInfo {
    /// Always 1.
    pub version: u8,
    /// The authority's policy.
    pub policy: ObjectIdentifier,
    /// What was stamped.
    pub message_imprint: MessageImprint,
    /// The token's serial number.
    pub serial_number: Int,
    /// The time. `der` refuses fractional seconds, which some authorities send, so it is
    /// kept as the raw value and read by [`crate::tsp`].
    pub gen_time: Any,
    /// How exact the time is.
    pub accuracy: Option<Accuracy>,
    /// Ordering of tokens.
    #[asn1(default = "Default::default")]
    pub ordering: bool,
    /// The request's nonce, repeated.
    pub nonce: Option<Int>,
    /// The authority's name.
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub tsa: Option<Any>,
    /// Extensions.
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Extensions>,
}
