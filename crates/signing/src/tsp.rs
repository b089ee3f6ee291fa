//! RFC 3161 time-stamps: the request sent to the authority, and the checks on the token
//! it returns and on a token found in a signature later.

use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::{Int, OctetString};
use der::{Decode, Encode, Tag, Tagged};
use serde::{Deserialize, Serialize};
use spki::AlgorithmIdentifierOwned;

use crate::asn1::{MessageImprint, PkiStatus, TimeStampReq, TimeStampResp, TstInfo};
use crate::oid;

/// What a valid time-stamp token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeStampInfo {
    /// The authority's time, RFC 3339 in UTC (`2026-12-01T08:38:27Z`).
    pub time: String,
    /// Who signed the token: the authority certificate's subject.
    pub authority: String,
    /// The authority certificate's SHA-256 fingerprint.
    pub authority_sha256: String,
}

/// A new request for a token over `digest` (a SHA-256), with a random nonce.
pub(crate) fn request(digest: &[u8; 32]) -> Result<(Vec<u8>, Vec<u8>), String> {
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).map_err(|e| e.to_string())?;
    nonce[0] &= 0x7f;
    nonce[0] |= 0x01;
    let req = TimeStampReq {
        version: 1,
        message_imprint: imprint(digest)?,
        req_policy: None,
        nonce: Some(Int::new(&nonce).map_err(|e| e.to_string())?),
        cert_req: true,
        extensions: None,
    };
    Ok((req.to_der().map_err(|e| e.to_string())?, nonce.to_vec()))
}

fn imprint(digest: &[u8; 32]) -> Result<MessageImprint, String> {
    Ok(MessageImprint {
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: oid::SHA256,
            parameters: None,
        },
        hashed_message: OctetString::new(digest.to_vec()).map_err(|e| e.to_string())?,
    })
}

/// Reads the authority's answer: the token when granted, else why not.
pub(crate) fn token_from_response(response: &[u8], nonce: &[u8]) -> Result<ContentInfo, String> {
    let resp = TimeStampResp::from_der(response)
        .map_err(|e| format!("sent an answer that is not a time-stamp response ({e})"))?;
    match resp.status.status {
        PkiStatus::Granted | PkiStatus::GrantedWithMods => {}
        other => {
            let text: Vec<String> = resp
                .status
                .status_string
                .unwrap_or_default()
                .iter()
                .map(|s| s.as_str().to_string())
                .collect();
            return Err(format!(
                "refused the request ({other:?}{}{})",
                if text.is_empty() { "" } else { ": " },
                text.join("; ")
            ));
        }
    }
    let token = resp
        .time_stamp_token
        .ok_or_else(|| "granted the request but sent no token".to_string())?;
    let (_, tst) = open_token(&token)?;
    match &tst.nonce {
        Some(n) if n.as_bytes() == Int::new(nonce).map_err(|e| e.to_string())?.as_bytes() => {}
        _ => return Err("answered with a token for another request (the nonce differs)".into()),
    }
    Ok(token)
}

/// The signed data and the TSTInfo of a token.
pub(crate) fn open_token(token: &ContentInfo) -> Result<(SignedData, TstInfo), String> {
    if token.content_type != oid::SIGNED_DATA {
        return Err("the token is not CMS signed data".into());
    }
    let sd: SignedData = token
        .content
        .decode_as()
        .map_err(|e| format!("the token cannot be read ({e})"))?;
    if sd.encap_content_info.econtent_type != oid::TST_INFO {
        return Err("the token does not hold time-stamp information".into());
    }
    let content = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or_else(|| "the token holds no time-stamp information".to_string())?;
    let octets: OctetString = content
        .decode_as()
        .map_err(|e| format!("the token's content cannot be read ({e})"))?;
    let tst = TstInfo::from_der(octets.as_bytes())
        .map_err(|e| format!("the time-stamp information cannot be read ({e})"))?;
    Ok((sd, tst))
}

/// The bytes of the TSTInfo inside a token, which its signer's message digest covers.
pub(crate) fn tst_bytes(sd: &SignedData) -> Option<Vec<u8>> {
    let content = sd.encap_content_info.econtent.as_ref()?;
    let octets: OctetString = content.decode_as().ok()?;
    Some(octets.as_bytes().to_vec())
}

/// Checks that the token stamps `digest` with SHA-256.
pub(crate) fn check_imprint(tst: &TstInfo, digest: &[u8; 32]) -> Result<(), String> {
    let mi = &tst.message_imprint;
    if mi.hash_algorithm.oid != oid::SHA256 {
        return Err("the time-stamp uses a hash other than SHA-256".into());
    }
    if mi.hashed_message.as_bytes() != digest {
        return Err("the time-stamp is for other data than this signature".into());
    }
    Ok(())
}

/// The token's time as RFC 3339 UTC, allowing the fractional seconds some authorities
/// send.
pub(crate) fn gen_time(tst: &TstInfo) -> Result<String, String> {
    let bad = || "the time-stamp's time cannot be read".to_string();
    if tst.gen_time.tag() != Tag::GeneralizedTime {
        return Err(bad());
    }
    let text = std::str::from_utf8(tst.gen_time.value()).map_err(|_| bad())?;
    let text = text.strip_suffix('Z').ok_or_else(bad)?;
    let (whole, _fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.len() != 14 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let format = time::macros::format_description!("[year][month][day][hour][minute][second]");
    let t = time::PrimitiveDateTime::parse(whole, &format).map_err(|_| bad())?;
    Ok(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    ))
}

/// Re-encodes a token for storing as an attribute value.
pub(crate) fn token_der(token: &ContentInfo) -> Result<Vec<u8>, String> {
    token.to_der().map_err(|e| e.to_string())
}
