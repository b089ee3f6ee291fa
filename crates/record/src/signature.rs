//! The PDF side of signing: the signature is one incremental update appended to the
//! rendered record, holding a signature field with a visible appearance on the cover and
//! the CMS signature over every byte of the file except the signature value itself.
//!
//! The update is built with lopdf's `IncrementalDocument` and is a pure function of the
//! rendered record, the organisation in the signing certificate, the person who exported
//! and the generation time. Verification therefore rebuilds it from those and compares
//! byte for byte (with the signature value blanked): whatever else a file carries — a
//! stamp annotation, a form XObject, moved or invisible text — it is not the record.
//!
//! Only the two placeholders are patched after writing: the `/ByteRange` numbers (padded
//! to a fixed width so no offset moves) and the hex `/Contents`.

use lopdf::{Dictionary, Document, IncrementalDocument, Object, Stream, StringFormat};

use crate::time::{human_time, pdf_date};

/// Bytes reserved for the CMS signature: the signature, both certificates and a
/// time-stamp token with its authority's chain fit with room to spare.
pub const SIGNATURE_BYTES: usize = 16 * 1024;

/// The `/ByteRange` written before the offsets are known: ten digits each, wider than any
/// file accepted (see `MAX_PDF_BYTES`), so the real offsets always fit in its place.
const RANGE_PLACEHOLDER: i64 = 1_000_000_000;

/// The name of the signature field.
const FIELD_NAME: &str = "Bona Fide record signature";

/// The rectangle of the visible signature on the cover, in points: the top right corner,
/// inside the top margin and above the title, so it covers nothing else the record prints.
pub(crate) const RECT: [f32; 4] = [340.0, 797.0, 555.0, 834.0];

/// What the visible signature says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appearance {
    /// The organisation in the signing certificate.
    pub organisation: String,
    /// Who exported the record.
    pub exporter: String,
    /// The generation time, as stored in the record's information dictionary.
    pub generated_at: String,
}

/// Why a signature could not be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignPdfError {
    /// The rendered record could not be read back or written (a defect).
    #[error("the signature could not be added to the PDF: {0}")]
    Pdf(String),
    /// The signature is larger than the space reserved for it.
    #[error("the signature is {0} bytes, more than the {SIGNATURE_BYTES} reserved for it")]
    TooLarge(usize),
    /// The signing step itself failed.
    #[error(transparent)]
    Signing(#[from] bonafide_signing::SigningError),
}

fn pdf_error(e: impl std::fmt::Display) -> SignPdfError {
    SignPdfError::Pdf(e.to_string())
}

/// A PDF text string: UTF-16BE with a byte-order mark, as hex, so any name survives.
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Reads a PDF text string written by [`text_string`] (or plain ASCII).
pub(crate) fn read_text_string(bytes: &[u8]) -> Option<String> {
    match bytes {
        [0xfe, 0xff, rest @ ..] if rest.len() % 2 == 0 => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        _ if bytes.is_ascii() => String::from_utf8(bytes.to_vec()).ok(),
        _ => None,
    }
}

impl Appearance {
    /// The lines of the visible signature block.
    pub(crate) fn lines(&self) -> Vec<String> {
        vec![
            format!("Signed for {}", self.organisation),
            format!("Exported by {}", self.exporter),
            format!("{} (computer clock)", human_time(&self.generated_at)),
        ]
    }
}

/// The widget's appearance: empty, because the block it marks is drawn on the page itself
/// (with the record's embedded fonts), so the widget adds nothing that is not rendered.
fn appearance_stream() -> Stream {
    let (w, h) = (RECT[2] - RECT[0], RECT[3] - RECT[1]);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set(
        "BBox",
        Object::Array(vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)]),
    );
    dict.set("Resources", Object::Dictionary(Dictionary::new()));
    Stream::new(dict, Vec::new())
}

/// The signature dictionary, with both placeholders.
fn signature_dictionary(ap: &Appearance) -> Dictionary {
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    sig.set(
        "ByteRange",
        Object::Array(vec![
            0.into(),
            RANGE_PLACEHOLDER.into(),
            RANGE_PLACEHOLDER.into(),
            RANGE_PLACEHOLDER.into(),
        ]),
    );
    sig.set(
        "Contents",
        Object::String(vec![0; SIGNATURE_BYTES], StringFormat::Hexadecimal),
    );
    sig.set(
        "M",
        Object::String(
            pdf_date(&ap.generated_at).into_bytes(),
            StringFormat::Literal,
        ),
    );
    sig.set("Name", text_string(&ap.exporter));
    sig.set(
        "Reason",
        text_string("Due-diligence record exported from Bona Fide"),
    );
    sig
}

/// The rendered record with the signature update appended, both placeholders unfilled.
pub(crate) fn unsigned_update(base: &[u8], ap: &Appearance) -> Result<Vec<u8>, SignPdfError> {
    let prev = Document::load_mem(base).map_err(pdf_error)?;
    let catalog_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_error)?;
    let page_id = *prev
        .get_pages()
        .get(&1)
        .ok_or_else(|| pdf_error("the record has no first page"))?;
    let mut inc = IncrementalDocument::create_from(base.to_vec(), prev);
    inc.opt_clone_object_to_new_document(catalog_id)
        .map_err(pdf_error)?;
    inc.opt_clone_object_to_new_document(page_id)
        .map_err(pdf_error)?;
    let doc = &mut inc.new_document;
    let ap_id = doc.add_object(appearance_stream());
    let sig_id = doc.add_object(signature_dictionary(ap));
    let mut normal = Dictionary::new();
    normal.set("N", Object::Reference(ap_id));
    let mut field = Dictionary::new();
    field.set("Type", Object::Name(b"Annot".to_vec()));
    field.set("Subtype", Object::Name(b"Widget".to_vec()));
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", text_string(FIELD_NAME));
    field.set("V", Object::Reference(sig_id));
    field.set(
        "Rect",
        Object::Array(RECT.iter().map(|&v| Object::Real(v)).collect()),
    );
    // Print and Locked: shown when printed, and not movable in a viewer.
    field.set("F", Object::Integer(4 | 128));
    field.set("P", Object::Reference(page_id));
    field.set("AP", Object::Dictionary(normal));
    let field_id = doc.add_object(field);
    doc.get_object_mut(page_id)
        .and_then(Object::as_dict_mut)
        .map_err(pdf_error)?
        .set("Annots", Object::Array(vec![Object::Reference(field_id)]));
    let mut form = Dictionary::new();
    form.set("Fields", Object::Array(vec![Object::Reference(field_id)]));
    // SignaturesExist and AppendOnly: viewers keep later changes in updates of their own.
    form.set("SigFlags", Object::Integer(3));
    doc.get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(pdf_error)?
        .set("AcroForm", Object::Dictionary(form));
    let mut out = Vec::with_capacity(base.len() + 2 * SIGNATURE_BYTES + 4096);
    inc.save_to(&mut out).map_err(pdf_error)?;
    Ok(out)
}

/// Where the placeholders sit in a file made by [`unsigned_update`].
pub(crate) struct Placeholders {
    /// Offset of the first byte of the `/ByteRange` numbers.
    pub range: std::ops::Range<usize>,
    /// Offset of `<` and one past `>` of `/Contents`.
    pub contents: std::ops::Range<usize>,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

pub(crate) fn placeholders(file: &[u8], from: usize) -> Result<Placeholders, SignPdfError> {
    let range_text = format!("0 {RANGE_PLACEHOLDER} {RANGE_PLACEHOLDER} {RANGE_PLACEHOLDER}");
    let range_at = find(file, range_text.as_bytes(), from)
        .ok_or_else(|| pdf_error("the byte-range placeholder is missing"))?;
    let mut zeros = vec![b'<'];
    zeros.extend(std::iter::repeat_n(b'0', 2 * SIGNATURE_BYTES));
    zeros.push(b'>');
    let contents_at = find(file, &zeros, from)
        .ok_or_else(|| pdf_error("the signature placeholder is missing"))?;
    Ok(Placeholders {
        range: range_at..range_at + range_text.len(),
        contents: contents_at..contents_at + zeros.len(),
    })
}

/// The byte range text for a file of `len` bytes, padded to the placeholder's width.
pub(crate) fn range_text(p: &Placeholders, len: usize) -> Vec<u8> {
    let text = format!(
        "0 {} {} {}",
        p.contents.start,
        p.contents.end,
        len - p.contents.end
    );
    let mut bytes = text.into_bytes();
    bytes.resize(p.range.len(), b' ');
    bytes
}

/// Renders the record with its signature block and signs it.
pub fn sign_record(
    record: &crate::Record,
    ap: &Appearance,
    identity: &bonafide_signing::Identity,
    tsa: Option<&dyn bonafide_signing::TimeStamper>,
) -> Result<(Vec<u8>, bonafide_signing::Signed), SignPdfError> {
    let base = crate::pdf::render_for_signing(record, &ap.generated_at, ap)
        .map_err(|e| SignPdfError::Pdf(e.to_string()))?;
    sign_pdf(&base, ap, identity, tsa)
}

/// Signs the rendered record `base`: appends the signature update, fills the byte range,
/// and has `identity` sign everything but the signature value.
pub fn sign_pdf(
    base: &[u8],
    ap: &Appearance,
    identity: &bonafide_signing::Identity,
    tsa: Option<&dyn bonafide_signing::TimeStamper>,
) -> Result<(Vec<u8>, bonafide_signing::Signed), SignPdfError> {
    let mut file = unsigned_update(base, ap)?;
    let p = placeholders(&file, base.len())?;
    let range = range_text(&p, file.len());
    file[p.range.clone()].copy_from_slice(&range);
    let mut covered = Vec::with_capacity(file.len());
    covered.extend_from_slice(&file[..p.contents.start]);
    covered.extend_from_slice(&file[p.contents.end..]);
    let signed =
        bonafide_signing::sign_detached(identity, &bonafide_signing::sha256(&covered), tsa)?;
    if signed.cms.len() > SIGNATURE_BYTES {
        return Err(SignPdfError::TooLarge(signed.cms.len()));
    }
    let hex: Vec<u8> = signed
        .cms
        .iter()
        .flat_map(|b| format!("{b:02x}").into_bytes())
        .collect();
    file[p.contents.start + 1..p.contents.start + 1 + hex.len()].copy_from_slice(&hex);
    Ok((file, signed))
}
