//! Makes the PDF verifiable on its own: the canonical record goes in as an embedded file
//! (`/EmbeddedFiles` and `/AF`, as PDF/A-3 attaches source data), and the fingerprint and
//! generation time into the document information dictionary, which is all verification
//! needs to render the pages again.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::{INFO_FINGERPRINT, INFO_GENERATED_AT, PdfError};
use crate::{EMBEDDED_RECORD_NAME, Record};

/// Adds the canonical record as an embedded file (`/EmbeddedFiles` and `/AF`), and the
/// fingerprint and generation time to the document information dictionary.
pub(super) fn embed_record(
    doc: &mut Document,
    record: &Record,
    fingerprint: &str,
    generated_at: &str,
) -> Result<(), PdfError> {
    let spec_id = add_record_file(doc, record);
    attach_to_catalog(doc, spec_id)?;
    set_info(doc, fingerprint, generated_at)
}

/// A failure of the PDF library while the record is attached.
fn write_error(e: lopdf::Error) -> PdfError {
    PdfError::Write(e.to_string())
}

/// A literal PDF string.
fn literal(bytes: &[u8]) -> Object {
    Object::String(bytes.to_vec(), StringFormat::Literal)
}

/// The embedded file's name, as the file specification and the name tree give it.
fn record_name() -> Object {
    literal(EMBEDDED_RECORD_NAME.as_bytes())
}

/// Adds the record's bytes as an embedded-file stream and the file specification that
/// describes it; returns the specification.
fn add_record_file(doc: &mut Document, record: &Record) -> ObjectId {
    let bytes = record.canonical_bytes();
    let mut params = Dictionary::new();
    params.set("Size", Object::Integer(bytes.len() as i64));
    let mut stream_dict = Dictionary::new();
    stream_dict.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
    stream_dict.set("Subtype", Object::Name(b"application/json".to_vec()));
    stream_dict.set("Params", Object::Dictionary(params));
    let mut stream = Stream::new(stream_dict, bytes);
    // Left uncompressed if compression fails: verification reads either.
    let _ = stream.compress();
    let file_id = doc.add_object(stream);
    let mut ef = Dictionary::new();
    ef.set("F", Object::Reference(file_id));
    ef.set("UF", Object::Reference(file_id));
    let mut spec = Dictionary::new();
    spec.set("Type", Object::Name(b"Filespec".to_vec()));
    spec.set("F", record_name());
    spec.set("UF", record_name());
    spec.set("EF", Object::Dictionary(ef));
    spec.set(
        "Desc",
        literal(b"Canonical due-diligence record (bonafide-record/1)"),
    );
    spec.set("AFRelationship", Object::Name(b"Data".to_vec()));
    doc.add_object(spec)
}

/// Lists the file specification in the catalog's embedded-files name tree and as an
/// associated file of the document.
fn attach_to_catalog(doc: &mut Document, spec_id: ObjectId) -> Result<(), PdfError> {
    let mut tree = Dictionary::new();
    tree.set(
        "Names",
        Object::Array(vec![record_name(), Object::Reference(spec_id)]),
    );
    let catalog = doc.catalog_mut().map_err(write_error)?;
    let mut names = match catalog.get(b"Names") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    names.set("EmbeddedFiles", Object::Dictionary(tree));
    catalog.set("Names", Object::Dictionary(names));
    catalog.set("AF", Object::Array(vec![Object::Reference(spec_id)]));
    Ok(())
}

/// Stores the fingerprint and generation time in the information dictionary, adding one
/// when the document has none.
fn set_info(doc: &mut Document, fingerprint: &str, generated_at: &str) -> Result<(), PdfError> {
    let info_id = match doc.trailer.get(b"Info") {
        Ok(Object::Reference(id)) => *id,
        _ => {
            let id = doc.add_object(Dictionary::new());
            doc.trailer.set("Info", Object::Reference(id));
            id
        }
    };
    let info = doc
        .get_object_mut(info_id)
        .and_then(Object::as_dict_mut)
        .map_err(write_error)?;
    info.set(INFO_FINGERPRINT, literal(fingerprint.as_bytes()));
    info.set(INFO_GENERATED_AT, literal(generated_at.as_bytes()));
    Ok(())
}
