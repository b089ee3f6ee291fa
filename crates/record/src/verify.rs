//! Reading a PDF record back and checking it on its own, signature first:
//!
//! 1. the file carries exactly one signature, whose byte range covers the whole file;
//! 2. the CMS signature holds over those bytes and its signer chains to a trusted
//!    certificate (the organisation's CA, or one the verifier names);
//! 3. the embedded record matches its fingerprint;
//! 4. the file is byte for byte what rendering that record and signing it produce, with
//!    only the signature value itself blanked.
//!
//! Every read of the file is bounded: its size is checked first and each stream is
//! decompressed against a cap, so a hostile file cannot exhaust memory.

use lopdf::{Dictionary, Document, LoadOptions, Object};

use super::pdf::{INFO_FINGERPRINT, INFO_GENERATED_AT, render_for_signing};
use super::signature::{Appearance, placeholders, range_text, read_text_string, unsigned_update};
use super::{EMBEDDED_RECORD_NAME, Record};
use bonafide_audit::sha256_hex;
use bonafide_signing::{CertSummary, Certificate, SignatureCheck, SignatureError};

/// Largest PDF accepted for verification.
pub const MAX_PDF_BYTES: usize = 200 * 1024 * 1024;
/// Largest any one stream may decompress to while a PDF is read. A record's largest
/// stream is a page of text or a font subset, far below this.
pub const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;
/// How far the generation time may be from the time-stamp: the two are taken a moment
/// apart, and a laptop clock may drift.
const TIME_STAMP_TOLERANCE_SECS: i64 = 15 * 60;

/// The file is not a readable Bona Fide record at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// Not a PDF, or too damaged to read.
    #[error("the file is not a readable PDF ({0})")]
    NotPdf(String),
    /// A PDF without an embedded Bona Fide record.
    #[error("the PDF carries no Bona Fide record (no embedded {EMBEDDED_RECORD_NAME})")]
    NoRecord,
    /// Larger than any record would be.
    #[error("the file is {0} bytes, larger than any Bona Fide record; refusing to read it")]
    TooLarge(u64),
}

/// A record whose signature holds, whose signer is trusted and whose pages are exactly
/// what its embedded record renders to.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The embedded record.
    pub record: Record,
    /// Who signed, the trusted certificate it chains to, and any time-stamp.
    pub signature: SignatureCheck,
    /// The person named in the signature as exporting the record.
    pub exported_by: String,
    /// The generation time the record states (the computer's clock at export).
    pub generated_at: String,
}

/// What checking the PDF on its own found.
#[derive(Debug, Clone, PartialEq)]
pub enum VerifyOutcome {
    /// Everything holds.
    Verified(Box<Verified>),
    /// The PDF carries a record but no signature.
    Unsigned(Option<Box<Record>>),
    /// The signature is damaged, made with another key, or its time-stamp contradicts it.
    BadSignature(String),
    /// The signature is sound but its signer does not chain to a trusted certificate.
    NotTrusted {
        /// Who signed.
        signer: CertSummary,
        /// Why that is not trusted.
        reason: String,
    },
    /// Bytes were changed or added after signing.
    ChangedAfterSigning(String),
    /// Signed by a trusted signer, but the file shows something other than its record.
    PagesDoNotMatch(String),
}

fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = match doc.trailer.get(b"Info").ok()? {
        Object::Reference(id) => doc.get_object(*id).ok()?.as_dict().ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    match info.get(key).ok()? {
        Object::String(b, _) => String::from_utf8(b.clone()).ok(),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

fn dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    deref(doc, d.get(key).ok()?)?.as_dict().ok()
}

fn find_embedded(doc: &Document) -> Option<Vec<u8>> {
    let catalog = doc.catalog().ok()?;
    let names = dict(doc, catalog, b"Names")?;
    let tree = dict(doc, names, b"EmbeddedFiles")?;
    let list = deref(doc, tree.get(b"Names").ok()?)?.as_array().ok()?;
    for pair in list.chunks(2) {
        let [Object::String(name, _), spec] = pair else {
            continue;
        };
        if name.as_slice() != EMBEDDED_RECORD_NAME.as_bytes() {
            continue;
        }
        let spec = deref(doc, spec)?.as_dict().ok()?;
        let ef = dict(doc, spec, b"EF")?;
        let stream = deref(doc, ef.get(b"F").ok()?)?.as_stream().ok()?;
        if stream.dict.get(b"Filter").is_err() {
            return Some(stream.content.clone());
        }
        return stream
            .decompressed_content_with_limit(MAX_STREAM_BYTES)
            .ok();
    }
    None
}

/// Parses the file, with every stream capped; a panic inside lopdf (it is not hardened
/// against every malformed file) becomes an answer.
fn load(pdf: &[u8]) -> Result<Document, VerifyError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(VerifyError::TooLarge(pdf.len() as u64));
    }
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..Default::default()
    };
    std::panic::catch_unwind(|| Document::load_mem_with_options(pdf, options))
        .map_err(|_| VerifyError::NotPdf("the parser gave up on its structure".into()))?
        .map_err(|e| VerifyError::NotPdf(e.to_string()))
}

/// The embedded record's bytes, without checking anything.
pub fn extract_record(pdf: &[u8]) -> Result<Vec<u8>, VerifyError> {
    find_embedded(&load(pdf)?).ok_or(VerifyError::NoRecord)
}

/// The signature dictionaries of the document's signature fields.
fn signatures(doc: &Document) -> Vec<&Dictionary> {
    let Some(form) = doc.catalog().ok().and_then(|c| dict(doc, c, b"AcroForm")) else {
        return Vec::new();
    };
    let Some(fields) = form
        .get(b"Fields")
        .ok()
        .and_then(|f| deref(doc, f))
        .and_then(|f| f.as_array().ok())
    else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|f| deref(doc, f)?.as_dict().ok())
        .filter(|f| matches!(f.get(b"FT"), Ok(Object::Name(n)) if n == b"Sig"))
        .filter_map(|f| dict(doc, f, b"V"))
        .collect()
}

/// The signed parts of the file: the signature value and the bytes it covers.
struct Signed {
    cms: Vec<u8>,
    covered: Vec<u8>,
    exporter: String,
}

fn byte_range(pdf: &[u8], sig: &Dictionary) -> Result<Signed, VerifyOutcome> {
    let changed = |why: &str| VerifyOutcome::ChangedAfterSigning(why.to_string());
    let range: Vec<i64> = sig
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .map(|a| a.iter().filter_map(|o| o.as_i64().ok()).collect())
        .unwrap_or_default();
    let [0, a, b, c] = range[..] else {
        return Err(changed("the signature's byte range is malformed"));
    };
    let (a, b, c) = (a as usize, b as usize, c as usize);
    if a >= b || b > pdf.len() || pdf[a] != b'<' || pdf[b - 1] != b'>' {
        return Err(changed(
            "the signature's byte range does not frame its value",
        ));
    }
    if b.checked_add(c) != Some(pdf.len()) {
        return Err(VerifyOutcome::ChangedAfterSigning(format!(
            "the signature covers {} bytes but the file has {}: something was added after \
             it was signed (an annotation, a stamp or another update)",
            b.saturating_add(c),
            pdf.len()
        )));
    }
    let hex = &pdf[a + 1..b - 1];
    if hex.len() % 2 != 0 || !hex.iter().all(u8::is_ascii_hexdigit) {
        return Err(changed("the signature value is not hexadecimal"));
    }
    let cms = hex
        .chunks_exact(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap_or("00"), 16).unwrap_or(0))
        .collect();
    let mut covered = Vec::with_capacity(pdf.len());
    covered.extend_from_slice(&pdf[..a]);
    covered.extend_from_slice(&pdf[b..]);
    let exporter = match sig.get(b"Name") {
        Ok(Object::String(s, _)) => read_text_string(s).unwrap_or_default(),
        _ => String::new(),
    };
    Ok(Signed {
        cms,
        covered,
        exporter,
    })
}

fn signature_outcome(e: SignatureError) -> VerifyOutcome {
    match e {
        SignatureError::ContentChanged => VerifyOutcome::ChangedAfterSigning(
            "bytes inside the signed part of the file were changed after it was signed".into(),
        ),
        SignatureError::NotTrusted { signer, reason } => {
            VerifyOutcome::NotTrusted { signer, reason }
        }
        other => VerifyOutcome::BadSignature(other.to_string()),
    }
}

/// Checks a PDF on its own against the trusted certificates `anchors`. `Err` when it is
/// not a Bona Fide record at all.
pub fn verify_pdf_bytes(pdf: &[u8], anchors: &[Certificate]) -> Result<VerifyOutcome, VerifyError> {
    let doc = load(pdf)?;
    let bytes = find_embedded(&doc).ok_or(VerifyError::NoRecord)?;
    let sigs = signatures(&doc);
    let sig = match sigs.as_slice() {
        [] => {
            let record = Record::from_bytes(&bytes).ok().map(Box::new);
            return Ok(VerifyOutcome::Unsigned(record));
        }
        [one] => *one,
        _ => {
            return Ok(VerifyOutcome::ChangedAfterSigning(
                "a second signature was added after the record was signed".into(),
            ));
        }
    };
    let signed = match byte_range(pdf, sig) {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    let generated_at = info_string(&doc, INFO_GENERATED_AT.as_bytes()).unwrap_or_default();
    let claimed =
        super::time::system_time(&generated_at).unwrap_or(std::time::SystemTime::UNIX_EPOCH);
    let check =
        match bonafide_signing::verify_detached(&signed.cms, &signed.covered, anchors, claimed) {
            Ok(c) => c,
            Err(e) => return Ok(signature_outcome(e)),
        };
    if let Some(outcome) = time_stamp_disagrees(&check, &generated_at) {
        return Ok(outcome);
    }
    let record = match matching_record(&doc, &bytes) {
        Ok(r) => r,
        Err(why) => return Ok(VerifyOutcome::PagesDoNotMatch(why)),
    };
    let ap = Appearance {
        organisation: check.signer.organisation.clone().unwrap_or_default(),
        exporter: signed.exporter.clone(),
        generated_at: generated_at.clone(),
    };
    if let Err(why) = reproduces(pdf, &record, &ap) {
        return Ok(VerifyOutcome::PagesDoNotMatch(why));
    }
    Ok(VerifyOutcome::Verified(Box::new(Verified {
        record,
        signature: check,
        exported_by: signed.exporter,
        generated_at,
    })))
}

/// A time-stamp more than the tolerance away from the stated generation time means the
/// printed time is not when the record was made.
fn time_stamp_disagrees(check: &SignatureCheck, generated_at: &str) -> Option<VerifyOutcome> {
    let ts = check.time_stamp.as_ref()?;
    let (Some(stamped), Some(generated)) = (
        super::time::system_time(&ts.time),
        super::time::system_time(generated_at),
    ) else {
        return Some(VerifyOutcome::BadSignature(
            "the generation time or the time-stamp cannot be read".into(),
        ));
    };
    let gap = match stamped.duration_since(generated) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    };
    (gap.abs() > TIME_STAMP_TOLERANCE_SECS).then(|| {
        VerifyOutcome::BadSignature(format!(
            "the record says it was generated at {generated_at}, but {} time-stamped the \
             signature at {}: the generation time was set back or forward",
            ts.authority, ts.time
        ))
    })
}

/// The embedded record, when it matches the fingerprint the PDF states and is in
/// canonical form.
fn matching_record(doc: &Document, bytes: &[u8]) -> Result<Record, String> {
    let stated = info_string(doc, INFO_FINGERPRINT.as_bytes())
        .ok_or("the fingerprint entry is missing from the PDF")?;
    let actual = sha256_hex(bytes);
    if stated != actual {
        return Err(format!(
            "the embedded record does not match its fingerprint (stated {}…, actual {}…)",
            stated.chars().take(16).collect::<String>(),
            &actual[..16]
        ));
    }
    let record =
        Record::from_bytes(bytes).map_err(|e| format!("the embedded record is unreadable: {e}"))?;
    if record.canonical_bytes() != bytes {
        return Err("the embedded record is not in canonical form".into());
    }
    Ok(record)
}

/// Renders and signs the record again and compares with the file, the signature value
/// blanked: equal bytes mean the file shows exactly the record and nothing else.
fn reproduces(pdf: &[u8], record: &Record, ap: &Appearance) -> Result<(), String> {
    let base = render_for_signing(record, &ap.generated_at, ap)
        .map_err(|e| format!("cannot render the record again: {e}"))?;
    if !pdf.starts_with(&base) {
        return Err(first_page_difference(pdf, &base).map_or_else(
            || "the pages are not what the embedded record renders to".to_string(),
            |n| format!("page {n} is not what the embedded record renders to"),
        ));
    }
    let mut expected = unsigned_update(&base, ap).map_err(|e| e.to_string())?;
    let p = placeholders(&expected, base.len()).map_err(|e| e.to_string())?;
    let range = range_text(&p, expected.len());
    expected[p.range.clone()].copy_from_slice(&range);
    let mut actual = pdf.to_vec();
    if actual.len() == expected.len() {
        actual[p.contents.start + 1..p.contents.end - 1].fill(b'0');
    }
    if actual != expected {
        return Err(
            "the file carries something besides the record and its signature (an annotation, \
             a form or other added content), or its signature block was rewritten"
                .into(),
        );
    }
    Ok(())
}

/// The first page (1-based) whose content stream differs between two documents, to name
/// it in the message.
fn first_page_difference(pdf: &[u8], base: &[u8]) -> Option<usize> {
    let (a, b) = (load(pdf).ok()?, load(base).ok()?);
    let (pa, pb) = (a.get_pages(), b.get_pages());
    for (n, id) in &pb {
        let theirs = pa
            .get(n)
            .and_then(|i| a.get_page_content_with_limit(*i, MAX_STREAM_BYTES).ok());
        let ours = b.get_page_content_with_limit(*id, MAX_STREAM_BYTES).ok();
        if theirs != ours {
            return Some(*n as usize);
        }
    }
    None
}
