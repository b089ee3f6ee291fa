//! Attacks on a signed record, each of which must be refused with its own answer.

use std::time::SystemTime;

use lopdf::{Dictionary, Document, IncrementalDocument, Object, Stream};

use crate::signature::{Appearance, sign_pdf, sign_record};
use crate::tests::sample;
use crate::{Record, VerifyOutcome, render_for_signing, render_pdf, verify_pdf_bytes};
use bonafide_signing::Identity;

const AT: &str = "2026-12-01T08:38:27.422Z";

/// An identity made the day before `AT`, so its certificates are valid then.
fn acme() -> Identity {
    let at =
        time::OffsetDateTime::parse(AT, &time::format_description::well_known::Rfc3339).unwrap();
    let then = SystemTime::from(at) - std::time::Duration::from_secs(24 * 3600);
    Identity::create("Acme Ltd", then).unwrap()
}

#[test]
#[ignore = "writes a sample signed PDF for looking at by hand"]
fn write_sample() {
    let id = acme();
    std::fs::write("/tmp/signed.pdf", signed(&sample(), &id)).unwrap();
    std::fs::write("/tmp/ca.pem", id.ca_pem().unwrap()).unwrap();
}

fn appearance() -> Appearance {
    Appearance {
        organisation: "Acme Ltd".into(),
        exporter: "Jane Auditor".into(),
        generated_at: AT.into(),
    }
}

fn signed(record: &Record, id: &Identity) -> Vec<u8> {
    sign_record(record, &appearance(), id, None).unwrap().0
}

/// Rewrites the first page's content of a rendered record with `edit`, as a new file.
fn edit_first_page(
    base: &[u8],
    edit: impl FnOnce(&mut Document, lopdf::ObjectId, Vec<u8>) -> Vec<u8>,
) -> Vec<u8> {
    let mut doc = Document::load_mem(base).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let content = doc.get_page_content(page);
    let new = edit(&mut doc, page, content);
    doc.change_page_content(page, new).unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn verify(pdf: &[u8], id: &Identity) -> VerifyOutcome {
    verify_pdf_bytes(pdf, &[id.ca.clone()]).unwrap()
}

#[test]
fn rendering_is_deterministic_so_pages_compare_byte_for_byte() {
    let r = sample();
    assert_eq!(render_pdf(&r, AT).unwrap(), render_pdf(&r, AT).unwrap());
}

#[test]
fn a_genuine_signed_record_verifies_and_names_signer_and_exporter() {
    let id = acme();
    let pdf = signed(&sample(), &id);
    let VerifyOutcome::Verified(v) = verify(&pdf, &id) else {
        panic!("{:?}", verify(&pdf, &id));
    };
    assert_eq!(v.signature.signer.organisation.as_deref(), Some("Acme Ltd"));
    assert_eq!(v.exported_by, "Jane Auditor");
    assert_eq!(v.generated_at, AT);
    assert!(v.signature.time_stamp.is_none());
}

#[test]
fn an_unsigned_record_is_named_unsigned() {
    let id = acme();
    let base = render_pdf(&sample(), AT).unwrap();
    assert!(matches!(
        verify(&base, &id),
        VerifyOutcome::Unsigned(Some(_))
    ));
}

#[test]
fn a_stamp_annotation_added_after_signing_is_refused() {
    let id = acme();
    let pdf = signed(&sample(), &id);
    let prev = Document::load_mem(&pdf).unwrap();
    let page = *prev.get_pages().get(&1).unwrap();
    let mut inc = IncrementalDocument::create_from(pdf.clone(), prev);
    inc.opt_clone_object_to_new_document(page).unwrap();
    let mut stamp = Dictionary::new();
    stamp.set("Type", Object::Name(b"Annot".to_vec()));
    stamp.set("Subtype", Object::Name(b"Stamp".to_vec()));
    stamp.set("Name", Object::Name(b"Approved".to_vec()));
    stamp.set(
        "Rect",
        Object::Array(vec![100.into(), 500.into(), 300.into(), 560.into()]),
    );
    let stamp_id = inc.new_document.add_object(stamp);
    let page_dict = inc
        .new_document
        .get_object_mut(page)
        .unwrap()
        .as_dict_mut()
        .unwrap();
    let mut annots = page_dict
        .get(b"Annots")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    annots.push(Object::Reference(stamp_id));
    page_dict.set("Annots", Object::Array(annots));
    let mut out = Vec::new();
    inc.save_to(&mut out).unwrap();
    let outcome = verify(&out, &id);
    let VerifyOutcome::ChangedAfterSigning(why) = &outcome else {
        panic!("{outcome:?}");
    };
    assert!(why.contains("added after"), "{why}");
}

#[test]
fn one_changed_byte_inside_the_signed_range_is_refused() {
    let id = acme();
    let mut pdf = signed(&sample(), &id);
    // A byte of the first page's content stream (compressed bytes: any change counts).
    let at = pdf.len() / 3;
    pdf[at] ^= 0x01;
    let outcome = verify(&pdf, &id);
    assert!(
        matches!(outcome, VerifyOutcome::ChangedAfterSigning(_))
            || matches!(&outcome, VerifyOutcome::BadSignature(_)),
        "{outcome:?}"
    );
}

#[test]
fn a_backdated_generation_time_breaks_the_signature() {
    let id = acme();
    let pdf = signed(&sample(), &id);
    let needle = AT.as_bytes();
    let at = pdf.windows(needle.len()).position(|w| w == needle).unwrap();
    let mut backdated = pdf.clone();
    backdated[at..at + 4].copy_from_slice(b"2025");
    assert!(matches!(
        verify(&backdated, &id),
        VerifyOutcome::ChangedAfterSigning(_)
    ));
}

#[test]
fn a_record_from_another_install_with_the_same_organisation_name_is_not_trusted() {
    let ours = acme();
    let theirs = acme();
    let pdf = signed(&sample(), &theirs);
    let outcome = verify(&pdf, &ours);
    let VerifyOutcome::NotTrusted { signer, reason } = &outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(signer.organisation.as_deref(), Some("Acme Ltd"));
    assert!(
        reason.contains("not among the trusted certificates"),
        "{reason}"
    );
    // And with no trusted certificate at all.
    assert!(matches!(
        verify_pdf_bytes(&pdf, &[]).unwrap(),
        VerifyOutcome::NotTrusted { .. }
    ));
}

#[test]
fn an_edited_record_re_rendered_without_the_key_is_refused() {
    let id = acme();
    let mut edited = sample();
    edited.case.fields.display_name = "Somebody Else".into();
    // Rendered with the public renderer and left unsigned...
    let base = render_pdf(&edited, AT).unwrap();
    assert!(matches!(verify(&base, &id), VerifyOutcome::Unsigned(_)));
    // ...or signed with a key of the forger's own.
    let forged = signed(&edited, &acme());
    assert!(matches!(
        verify(&forged, &id),
        VerifyOutcome::NotTrusted { .. }
    ));
}

/// Pages changed by someone who holds the signing key: the signature is sound and
/// trusted, but the file no longer shows its record.
fn signed_with_first_page(
    edit: impl FnOnce(&mut Document, lopdf::ObjectId, Vec<u8>) -> Vec<u8>,
) -> VerifyOutcome {
    let id = acme();
    let base = render_for_signing(&sample(), AT, &appearance()).unwrap();
    let changed = edit_first_page(&base, edit);
    let (pdf, _) = sign_pdf(&changed, &appearance(), &id, None).unwrap();
    verify(&pdf, &id)
}

#[test]
fn text_moved_with_tm_is_refused_even_when_signed() {
    let outcome = signed_with_first_page(|_, _, content| {
        let text = String::from_utf8_lossy(&content).into_owned();
        let mut ops = lopdf::content::Content::decode(&content).unwrap();
        let tm = ops
            .operations
            .iter_mut()
            .find(|o| o.operator == "Tm" || o.operator == "Td")
            .expect(&text[..200.min(text.len())]);
        if let Some(Object::Real(y)) = tm.operands.last_mut() {
            *y -= 40.0;
        } else if let Some(last) = tm.operands.last_mut() {
            *last = Object::Real(last.as_float().unwrap() - 40.0);
        }
        ops.encode().unwrap()
    });
    let VerifyOutcome::PagesDoNotMatch(why) = &outcome else {
        panic!("{outcome:?}");
    };
    assert!(why.contains("page 1"), "{why}");
}

#[test]
fn an_invisible_text_overlay_is_refused_even_when_signed() {
    let outcome = signed_with_first_page(|_, _, mut content| {
        content.extend_from_slice(b"\nBT 3 Tr /F1 12 Tf 72 700 Td (Approved: proceed) Tj ET\n");
        content
    });
    assert!(
        matches!(outcome, VerifyOutcome::PagesDoNotMatch(_)),
        "{outcome:?}"
    );
}

#[test]
fn a_form_xobject_overlay_is_refused_even_when_signed() {
    let outcome = signed_with_first_page(|doc, page, mut content| {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"XObject".to_vec()));
        d.set("Subtype", Object::Name(b"Form".to_vec()));
        d.set(
            "BBox",
            Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()]),
        );
        let form = doc.add_object(Stream::new(d, b"1 1 1 rg 40 600 500 100 re f".to_vec()));
        doc.add_xobject(page, b"Cover".to_vec(), form).unwrap();
        content.extend_from_slice(b"\nq /Cover Do Q\n");
        content
    });
    assert!(
        matches!(outcome, VerifyOutcome::PagesDoNotMatch(_)),
        "{outcome:?}"
    );
}

#[test]
fn a_second_revision_signed_again_with_the_key_is_refused() {
    // Whoever holds the key signs a file whose first page carries an extra annotation
    // in the signed update itself: the bytes are not what the record produces.
    let id = acme();
    let base = render_pdf(&sample(), AT).unwrap();
    let mut ap = appearance();
    ap.organisation = "Approved by Acme Ltd".into();
    let (pdf, _) = sign_pdf(&base, &ap, &id, None).unwrap();
    assert!(matches!(
        verify(&pdf, &id),
        VerifyOutcome::PagesDoNotMatch(_)
    ));
}

#[test]
fn truncated_and_garbage_files_are_errors_not_verdicts() {
    let id = acme();
    let pdf = signed(&sample(), &id);
    assert!(verify_pdf_bytes(b"%PDF-1.7 nonsense", &[id.ca.clone()]).is_err());
    assert!(verify_pdf_bytes(b"", &[id.ca.clone()]).is_err());
    let cut = &pdf[..pdf.len() / 2];
    assert!(!matches!(
        verify_pdf_bytes(cut, &[id.ca.clone()]),
        Ok(VerifyOutcome::Verified(_))
    ));
}
