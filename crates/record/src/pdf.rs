//! Renders a [`Record`] as the PDF due-diligence record, with the canonical record
//! embedded as a file so the PDF can be verified on its own.
//!
//! Rendering is a pure function of the record and the generation time: verification
//! renders again from the embedded record and compares the pages' text.
//!
//! This module assembles the document: fonts, the parts in order, the footer on every
//! page, and the saved file. Each part has its own submodule, in the order the parts
//! appear: `cover`, `subject`, `checklist`, `checks` (with `screening`),
//! `history` (decisions and the audit trail); `embed` adds the machine-readable
//! record to the finished document.

mod after_hiring;
mod checklist;
mod checks;
mod cover;
mod embed;
mod history;
mod json;
mod screening;
mod subject;

use lopdf::{Object, StringFormat};
use printpdf::{FontId, Mm, Op, PdfDocument, PdfPage, PdfSaveOptions};

use super::Record;
use super::fonts::{Face, FontSet};
use super::layout::Layout;

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The shipped fonts could not be loaded (a build defect).
    #[error("the fonts shipped with this build could not be loaded")]
    Fonts,
    /// Writing the PDF structure failed.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// Info-dictionary key holding the record fingerprint.
pub(crate) const INFO_FINGERPRINT: &str = "BonafideFingerprint";
/// Info-dictionary key holding the generation time (needed to render again).
pub(crate) const INFO_GENERATED_AT: &str = "BonafideGeneratedAt";

/// Renders the record. `generated_at` is printed on every page and stored in the PDF.
pub fn render_pdf(record: &Record, generated_at: &str) -> Result<Vec<u8>, PdfError> {
    render(record, generated_at, None)
}

/// Renders the record with the visible signature block on the cover (the organisation,
/// who exported, when), ready for [`crate::sign_pdf`]. The block is page content, set in
/// the record's own embedded fonts, so any name prints and verification renders it again.
pub fn render_for_signing(
    record: &Record,
    generated_at: &str,
    ap: &crate::Appearance,
) -> Result<Vec<u8>, PdfError> {
    render(record, generated_at, Some(ap))
}

fn render(
    record: &Record,
    generated_at: &str,
    signature: Option<&crate::Appearance>,
) -> Result<Vec<u8>, PdfError> {
    let fonts = FontSet::get().ok_or(PdfError::Fonts)?;
    let fingerprint = record.fingerprint();
    let name = &record.case.fields.display_name;
    let mut doc = PdfDocument::new(&format!("Due-diligence record: {name}"));
    // printpdf names fonts with random ids; fixed names make the same record render to
    // the same bytes, which is what verification compares.
    let ids: Vec<(Face, FontId)> = Face::ALL
        .iter()
        .enumerate()
        .map(|(i, &f)| {
            // Six capital letters: PDF readers take such a prefix as the subset tag.
            let id = FontId(format!("BFIDA{}", char::from(b'A' + i as u8)));
            let font = printpdf::PdfFont::new(fonts.parsed(f).clone());
            doc.resources.fonts.map.insert(id.clone(), font);
            (f, id)
        })
        .collect();
    let mut pages = write_parts(fonts, ids.clone(), record, &fingerprint, generated_at);
    write_footers(fonts, &ids, &mut pages, record, &fingerprint, generated_at);
    if let (Some(ap), Some(cover)) = (signature, pages.first_mut()) {
        Layout::signature_block(fonts, &ids, cover, crate::signature::RECT, &ap.lines());
    }
    let pages = pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
        .collect();
    doc.with_pages(pages);
    save(&doc, record, &fingerprint, generated_at)
}

/// Lays out every part of the record in order and returns the drawing operations of each
/// page.
fn write_parts(
    fonts: &FontSet,
    ids: Vec<(Face, FontId)>,
    record: &Record,
    fingerprint: &str,
    generated_at: &str,
) -> Vec<Vec<Op>> {
    let mut l = Layout::new(fonts, ids);
    cover::write_cover(&mut l, record, fingerprint);
    subject::write_subject(&mut l, record);
    checklist::write_checklist(&mut l, record);
    checks::write_checks_and_screening(&mut l, record);
    after_hiring::write_after_hiring(&mut l, record, generated_at);
    history::write_decisions(&mut l, record);
    history::write_audit(&mut l, record);
    l.finish()
}

/// Adds the footer to every page: the case and fingerprint, the generation time, and the
/// page number, which is only known once every page is laid out.
fn write_footers(
    fonts: &FontSet,
    ids: &[(Face, FontId)],
    pages: &mut [Vec<Op>],
    record: &Record,
    fingerprint: &str,
    generated_at: &str,
) {
    let first = format!(
        "Case {} · Fingerprint {}",
        record.case.id,
        &fingerprint[..16]
    );
    let second = format!("Generated {}", crate::time::human_time(generated_at));
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        Layout::footer(
            fonts,
            ids,
            page,
            &[&first, &second],
            &format!("Page {} of {}", i + 1, total),
        );
    }
}

/// Serialises the laid-out document with the record embedded, as the bytes of the file.
fn save(
    doc: &PdfDocument,
    record: &Record,
    fingerprint: &str,
    generated_at: &str,
) -> Result<Vec<u8>, PdfError> {
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&opts, &mut warnings);
    // The file identifier is random in printpdf; derive it from the record instead, so
    // rendering is a pure function of the record and the time.
    let id = Object::String(
        fingerprint.as_bytes()[..32].to_vec(),
        StringFormat::Hexadecimal,
    );
    pdf.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    embed::embed_record(&mut pdf, record, fingerprint, generated_at)?;
    let mut out = Vec::new();
    pdf.save_to(&mut out)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}
