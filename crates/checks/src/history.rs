//! Lower bounds of a site's age: its first archived capture (Wayback Machine CDX API) and
//! its first certificate in the Certificate Transparency logs (crt.sh).

use serde_json::Value;

use super::rdap::lenient_date;

/// An answer that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name} answered with something that is not its JSON format: {detail}")]
pub struct HistoryError {
    /// Which service.
    pub source_name: &'static str,
    /// What was wrong.
    pub detail: String,
}

/// The first capture: its time (RFC 3339) and the archived address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstCapture {
    /// When.
    pub at: String,
    /// The address as captured.
    pub original: String,
}

/// The query path for the first capture of `host`, relative to the CDX server's base.
pub fn wayback_query(host: &str) -> String {
    format!(
        "cdx/search/cdx?url={}&output=json&limit=1&fl=timestamp,original",
        url::form_urlencoded::byte_serialize(host.as_bytes()).collect::<String>()
    )
}

/// Reads a CDX JSON answer: a header row then data rows, `[]` when never captured.
pub fn parse_wayback(body: &[u8]) -> Result<Option<FirstCapture>, HistoryError> {
    let err = |detail: String| HistoryError {
        source_name: "The Wayback Machine",
        detail,
    };
    // The CDX server answers an empty body, not `[]`, when it has nothing.
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let v: Value = serde_json::from_slice(body).map_err(|e| err(e.to_string()))?;
    let rows = v
        .as_array()
        .ok_or_else(|| err("not a list of rows".into()))?;
    let Some(row) = rows.get(1) else {
        return Ok(None);
    };
    let row = row
        .as_array()
        .ok_or_else(|| err("a row is not a list".into()))?;
    let ts = row
        .first()
        .and_then(Value::as_str)
        .ok_or_else(|| err("the row has no timestamp".into()))?;
    if ts.len() < 8 || !ts.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(format!("timestamp {ts:?} is not YYYYMMDDhhmmss")));
    }
    let padded = format!("{ts:0<14}");
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &padded[0..4],
        &padded[4..6],
        &padded[6..8],
        &padded[8..10],
        &padded[10..12],
        &padded[12..14]
    );
    let at = lenient_date(&iso).ok_or_else(|| err(format!("timestamp {ts:?} is not a date")))?;
    Ok(Some(FirstCapture {
        at,
        original: row
            .get(1)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    }))
}

/// The query path for the certificates of `host`, relative to crt.sh's base.
pub fn crtsh_query(host: &str) -> String {
    format!(
        "?q={}&output=json",
        url::form_urlencoded::byte_serialize(host.as_bytes()).collect::<String>()
    )
}

/// The earliest certificate: validity start, issuer and crt.sh id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstCertificate {
    /// `not_before`, RFC 3339.
    pub not_before: String,
    /// Issuer.
    pub issuer: String,
    /// crt.sh id.
    pub id: String,
    /// How many certificates were listed.
    pub count: usize,
}

/// Reads crt.sh's JSON list and picks the certificate valid earliest.
pub fn parse_crtsh(body: &[u8]) -> Result<Option<FirstCertificate>, HistoryError> {
    let err = |detail: String| HistoryError {
        source_name: "crt.sh",
        detail,
    };
    let v: Value = serde_json::from_slice(body).map_err(|e| err(e.to_string()))?;
    let certs = v
        .as_array()
        .ok_or_else(|| err("not a list of certificates".into()))?;
    let mut first: Option<FirstCertificate> = None;
    for c in certs {
        let Some(nb) = c
            .get("not_before")
            .and_then(Value::as_str)
            .and_then(lenient_date)
        else {
            continue;
        };
        if first.as_ref().is_none_or(|f| nb < f.not_before) {
            first = Some(FirstCertificate {
                not_before: nb,
                issuer: c
                    .get("issuer_name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                id: match c.get("id") {
                    Some(Value::Number(n)) => n.to_string(),
                    Some(Value::String(s)) => s.clone(),
                    _ => String::new(),
                },
                count: 0,
            });
        }
    }
    Ok(first.map(|mut f| {
        f.count = certs.len();
        f
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wayback_first_capture_and_empty_answers() {
        let body = br#"[["timestamp","original"],["20090115083412","http://acme.example:80/"]]"#;
        let c = parse_wayback(body).unwrap().unwrap();
        assert_eq!(c.at, "2009-01-15T08:34:12.000Z");
        assert_eq!(c.original, "http://acme.example:80/");
        assert_eq!(parse_wayback(b"[]").unwrap(), None);
        assert_eq!(parse_wayback(b"\n").unwrap(), None);
        assert!(parse_wayback(b"<html>busy</html>").is_err());
        assert!(parse_wayback(br#"[["timestamp"],["yesterday"]]"#).is_err());
        assert_eq!(
            wayback_query("acme.example"),
            "cdx/search/cdx?url=acme.example&output=json&limit=1&fl=timestamp,original"
        );
    }

    #[test]
    fn crtsh_earliest_certificate() {
        let body = br#"[
            {"id": 99, "issuer_name": "C=US, O=Let's Encrypt, CN=R3", "not_before": "2024-03-01T00:00:00"},
            {"id": "12", "issuer_name": "C=US, O=DigiCert", "not_before": "2016-05-12T10:00:00"},
            {"id": 5, "not_before": null}
        ]"#;
        let c = parse_crtsh(body).unwrap().unwrap();
        assert_eq!(c.not_before, "2016-05-12T10:00:00.000Z");
        assert_eq!(c.id, "12");
        assert_eq!(c.count, 3);
        assert_eq!(parse_crtsh(b"[]").unwrap(), None);
        assert!(parse_crtsh(b"{}").is_err());
    }
}
