//! Reading a PDF record back and checking it on its own: the embedded record must match
//! its fingerprint, and the visible pages must be what that record renders to.

use lopdf::{Document, Object};

use super::pdf::{INFO_FINGERPRINT, INFO_GENERATED_AT, render_pdf};
use super::{EMBEDDED_RECORD_NAME, Record};
use bonafide_audit::sha256_hex;

/// Largest PDF accepted for verification.
pub const MAX_PDF_BYTES: usize = 200 * 1024 * 1024;

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
    TooLarge(usize),
}

/// What checking the PDF on its own found.
#[derive(Debug, Clone, PartialEq)]
pub enum VerifyOutcome {
    /// The embedded record matches its fingerprint and the pages show exactly it.
    Intact(Box<Record>),
    /// Something in the PDF was changed after export; the reason says what.
    Altered(String),
}

struct Embedded {
    bytes: Vec<u8>,
    fingerprint: Option<String>,
    generated_at: Option<String>,
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

fn find_embedded(doc: &Document) -> Option<Vec<u8>> {
    let catalog = doc.catalog().ok()?;
    let names = deref(doc, catalog.get(b"Names").ok()?)?.as_dict().ok()?;
    let tree = deref(doc, names.get(b"EmbeddedFiles").ok()?)?
        .as_dict()
        .ok()?;
    let list = deref(doc, tree.get(b"Names").ok()?)?.as_array().ok()?;
    for pair in list.chunks(2) {
        let [Object::String(name, _), spec] = pair else {
            continue;
        };
        if name.as_slice() != EMBEDDED_RECORD_NAME.as_bytes() {
            continue;
        }
        let spec = deref(doc, spec)?.as_dict().ok()?;
        let ef = deref(doc, spec.get(b"EF").ok()?)?.as_dict().ok()?;
        let stream = deref(doc, ef.get(b"F").ok()?)?.as_stream().ok()?;
        return stream
            .decompressed_content()
            .ok()
            .or_else(|| Some(stream.content.clone()));
    }
    None
}

fn read_embedded(pdf: &[u8]) -> Result<(Document, Embedded), VerifyError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(VerifyError::TooLarge(pdf.len()));
    }
    // lopdf is not hardened against every malformed file; a panic inside it must turn
    // into an answer, never take the app down.
    let parsed = std::panic::catch_unwind(|| Document::load_mem(pdf))
        .map_err(|_| VerifyError::NotPdf("the parser gave up on its structure".into()))?
        .map_err(|e| VerifyError::NotPdf(e.to_string()))?;
    let bytes = find_embedded(&parsed).ok_or(VerifyError::NoRecord)?;
    let embedded = Embedded {
        bytes,
        fingerprint: info_string(&parsed, INFO_FINGERPRINT.as_bytes()),
        generated_at: info_string(&parsed, INFO_GENERATED_AT.as_bytes()),
    };
    Ok((parsed, embedded))
}

/// The embedded record's bytes, without checking anything.
pub fn extract_record(pdf: &[u8]) -> Result<Vec<u8>, VerifyError> {
    read_embedded(pdf).map(|(_, e)| e.bytes)
}

fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .keys()
        .map(|n| {
            // The document was parsed from outside input; see read_embedded.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                doc.extract_text(&[*n]).unwrap_or_default()
            }))
            .unwrap_or_default()
        })
        .collect()
}

/// Checks a PDF on its own. `Err` when it is not a Bona Fide record at all.
pub fn verify_pdf_bytes(pdf: &[u8]) -> Result<VerifyOutcome, VerifyError> {
    let (doc, embedded) = read_embedded(pdf)?;
    let actual = sha256_hex(&embedded.bytes);
    let Some(stated) = embedded.fingerprint else {
        return Ok(VerifyOutcome::Altered(
            "the fingerprint entry was removed from the PDF".into(),
        ));
    };
    if stated != actual {
        return Ok(VerifyOutcome::Altered(format!(
            "the embedded record does not match its fingerprint (stated {}…, actual {}…)",
            &stated.chars().take(16).collect::<String>(),
            &actual[..16]
        )));
    }
    let record = match Record::from_bytes(&embedded.bytes) {
        Ok(r) => r,
        Err(e) => {
            return Ok(VerifyOutcome::Altered(format!(
                "the embedded record is unreadable: {e}"
            )));
        }
    };
    if record.canonical_bytes() != embedded.bytes {
        return Ok(VerifyOutcome::Altered(
            "the embedded record is not in canonical form".into(),
        ));
    }
    let Some(generated_at) = embedded.generated_at else {
        return Ok(VerifyOutcome::Altered(
            "the generation time entry was removed from the PDF".into(),
        ));
    };
    let again = render_pdf(&record, &generated_at)
        .map_err(|e| VerifyError::NotPdf(format!("cannot render the record again: {e}")))?;
    let again = Document::load_mem(&again).map_err(|e| VerifyError::NotPdf(e.to_string()))?;
    let (want, have) = (page_texts(&again), page_texts(&doc));
    if want.len() != have.len() {
        return Ok(VerifyOutcome::Altered(format!(
            "the record has {} pages but the PDF has {}",
            want.len(),
            have.len()
        )));
    }
    if let Some(page) = want.iter().zip(&have).position(|(a, b)| a != b) {
        return Ok(VerifyOutcome::Altered(format!(
            "the visible text of page {} differs from the embedded record",
            page + 1
        )));
    }
    Ok(VerifyOutcome::Intact(Box::new(record)))
}
