//! The PDF due-diligence record end to end: export, text, structure, verification and
//! tampering. Uses poppler-utils and qpdf (installed by `./x`) to read the PDF the way a
//! compliance officer's tools would.

use std::path::{Path, PathBuf};
use std::process::Command;

use bonafide::app::{App, EvidenceDetails, RecordStatus};
use bonafide::model::{CaseFields, CaseId, Decision, Outcome, SubjectKind};

mod support;
use bonafide::record::{EMBEDDED_RECORD_NAME, extract_record};

const NAMES: [&str; 4] = [
    "José Müller",
    "Юрий Щербаков",
    "延边银星网络科技有限公司",
    "정성화",
];

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (./x installs it): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A case with every applicable item answered, notes in every script, evidence files and
/// links, and a decision.
fn full_case(app: &App, dir: &Path) -> CaseId {
    let id = app
        .create_case(&CaseFields {
            kind: SubjectKind::Person,
            display_name: NAMES[0].into(),
            other_names: NAMES[1..].iter().map(|s| s.to_string()).collect(),
            emails: vec!["jose@example.com".into()],
            country: "DE".into(),
            notes: "<script>alert(1)</script>".into(),
            ..CaseFields::default()
        })
        .unwrap();
    let view = app.case(&id).unwrap();
    for (n, item) in view.sections.iter().flat_map(|s| &s.items).enumerate() {
        let outcome = [
            Outcome::Pass,
            Outcome::Concern,
            Outcome::Fail,
            Outcome::NotApplicable,
        ][n % 4];
        app.set_item(
            &id,
            &item.id,
            Some(outcome),
            Some(&format!("note for {} ({})", item.id, NAMES[n % 4])),
        )
        .unwrap();
    }
    for n in 0..3 {
        let f = dir.join(format!("evidence-{n}.txt"));
        std::fs::write(&f, format!("evidence {n}")).unwrap();
        app.add_evidence_file(
            &id,
            "interview.camera",
            &f,
            &EvidenceDetails {
                effective_date: "2026-11-01".into(),
                note: "screenshot".into(),
            },
        )
        .unwrap();
    }
    app.add_evidence_url(
        &id,
        "profile.footprint",
        "https://github.com/example",
        &EvidenceDetails::default(),
    )
    .unwrap();
    app.decide(
        &id,
        Decision::DoNotProceed,
        "Failed identity checks",
        "Compliance Officer",
    )
    .unwrap();
    id
}

fn setup() -> (tempfile::TempDir, App, CaseId, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let app = support::keys::open(&dir.path().join("data"), Some("Reviewer"));
    app.signing_init("Acme Ltd", false).unwrap();
    let id = full_case(&app, dir.path());
    let pdf = dir.path().join("record.pdf");
    app.export_pdf(&id, &pdf).unwrap();
    (dir, app, id, pdf)
}

#[test]
fn the_pdf_holds_every_item_outcome_note_and_name_as_real_text() {
    let (_dir, app, id, pdf) = setup();
    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for name in NAMES {
        assert!(text.contains(name), "{name} missing from the text layer");
    }
    let view = app.case(&id).unwrap();
    for item in view.sections.iter().flat_map(|s| &s.items) {
        assert!(flat.contains(&item.title), "title {:?} missing", item.title);
        assert!(
            flat.contains(&format!("note for {}", item.id)),
            "note of {} missing",
            item.id
        );
    }
    for word in [
        "✓ PASS",
        "⚠ CONCERN",
        "✗ FAIL",
        "– NOT APPLICABLE",
        "Do not proceed",
        "Compliance Officer",
        "Chain head",
        "Not legal advice",
        "10 years",
        "<script>alert(1)</script>",
    ] {
        assert!(flat.contains(word), "{word:?} missing");
    }
    let pages: usize = tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    assert!(
        flat.contains(&format!("Page 1 of {pages}"))
            && flat.contains(&format!("Page {pages} of {pages}"))
    );
    assert_eq!(
        text.matches(&id.as_str()[..8]).count() >= pages,
        true,
        "case id on every page"
    );
}

#[test]
fn fonts_are_embedded_subset_and_unicode_mapped_and_structure_is_valid() {
    let (_dir, _app, _id, pdf) = setup();
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "not embedded+subset+unicode: {row}"
        );
    }
    let check = Command::new("qpdf")
        .args(["--check", pdf.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 1_500_000, "{size} bytes with CJK names");
    // The first page as a picture, kept under the build output for a person to look at.
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("record-page-1");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    assert!(out.with_extension("png").is_file());
}

#[test]
fn an_untouched_export_verifies_and_the_embedded_record_is_the_json_export() {
    let (dir, app, id, pdf) = setup();
    let check = app.verify_pdf(&std::fs::read(&pdf).unwrap(), &[]).unwrap();
    assert_eq!(check.status, RecordStatus::Verified, "{}", check.message);
    let json = dir.path().join("record.json");
    let fp = app.export_json(&id, &json).unwrap();
    assert_eq!(
        extract_record(&std::fs::read(&pdf).unwrap()).unwrap(),
        std::fs::read(&json).unwrap()
    );
    assert_eq!(check.fingerprint.as_deref(), Some(fp.as_str()));
    // Exporting is logged but does not change the case, so the PDF still verifies.
    app.export_pdf(&id, &dir.path().join("again.pdf")).unwrap();
    assert_eq!(
        app.verify_pdf(&std::fs::read(&pdf).unwrap(), &[])
            .unwrap()
            .status,
        RecordStatus::Verified
    );
    assert!(
        app.case_history(&id)
            .unwrap()
            .iter()
            .any(|e| e.kind.as_str() == "record_exported")
    );
}

/// Replaces `from` with `to` (same length) in the raw PDF bytes.
fn patch(pdf: &[u8], from: &[u8], to: &[u8]) -> Option<Vec<u8>> {
    assert_eq!(from.len(), to.len());
    let at = pdf.windows(from.len()).position(|w| w == from)?;
    let mut out = pdf.to_vec();
    out[at..at + to.len()].copy_from_slice(to);
    Some(out)
}

#[test]
fn a_changed_byte_in_the_embedded_record_is_caught() {
    let (_dir, app, _id, pdf) = setup();
    let bytes = std::fs::read(&pdf).unwrap();
    // Rebuild the PDF with one byte of the embedded record changed, the way a forger with
    // a PDF library would, keeping the file well-formed.
    let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
    let mut changed = false;
    for obj in doc.objects.values_mut() {
        if let Ok(stream) = obj.as_stream_mut() {
            if stream.dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"EmbeddedFile")
            {
                let mut content = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                let at = content
                    .windows(15)
                    .position(|w| w == b"Do not proceed\"".as_slice().get(..15).unwrap())
                    .unwrap_or(200);
                content[at] ^= 0x01;
                stream.set_plain_content(content);
                changed = true;
            }
        }
    }
    assert!(changed, "embedded {EMBEDDED_RECORD_NAME} not found");
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    // The forger's library rewrote the file, so the signature no longer covers it.
    let check = app.verify_pdf(&out, &[]).unwrap();
    assert_eq!(
        check.status,
        RecordStatus::ChangedAfterSigning,
        "{}",
        check.message
    );
    assert!(
        check.message.contains("changed after it was signed"),
        "{}",
        check.message
    );
}

#[test]
fn a_changed_visible_page_is_caught() {
    let (_dir, app, _id, pdf) = setup();
    let mut doc = lopdf::Document::load_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    // Drop the last text operation of page 2: the page shows less than the record says.
    let pages = doc.get_pages();
    let page_id = pages[&2];
    let mut content = doc.get_and_decode_page_content(page_id).unwrap();
    let last_tj = content
        .operations
        .iter()
        .rposition(|op| op.operator == "Tj" || op.operator == "TJ")
        .unwrap();
    content.operations.remove(last_tj);
    doc.change_page_content(page_id, content.encode().unwrap())
        .unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    let check = app.verify_pdf(&out, &[]).unwrap();
    assert_eq!(
        check.status,
        RecordStatus::ChangedAfterSigning,
        "{}",
        check.message
    );
    assert_eq!(
        check.subject.as_deref(),
        Some(NAMES[0]),
        "the case is still named"
    );
    // And simply cutting a byte out of the file is caught as well (or refused outright).
    let bytes = std::fs::read(&pdf).unwrap();
    if let Some(cut) = patch(&bytes, b"/Type /Page", b"/Type /Pagx") {
        assert!(
            app.verify_pdf(&cut, &[])
                .map(|c| c.status != RecordStatus::Verified)
                .unwrap_or(true)
        );
    }
}

#[test]
fn a_changed_case_is_named_and_the_decision_goes_stale() {
    let (_dir, app, id, pdf) = setup();
    assert!(!app.case(&id).unwrap().decision_stale);
    app.set_item(
        &id,
        "interview.camera",
        Some(Outcome::Fail),
        Some("camera was off after all"),
    )
    .unwrap();
    assert!(
        app.case(&id).unwrap().decision_stale,
        "a material edit marks the sign-off stale"
    );
    let check = app.verify_pdf(&std::fs::read(&pdf).unwrap(), &[]).unwrap();
    assert_eq!(check.status, RecordStatus::CaseChanged, "{}", check.message);
    assert!(
        check
            .differences
            .iter()
            .any(|d| d.contains("interview.camera")),
        "{:?}",
        check.differences
    );
    // Renewing the decision clears it.
    app.decide(
        &id,
        Decision::DoNotProceed,
        "Confirmed after re-check",
        "Compliance Officer",
    )
    .unwrap();
    assert!(!app.case(&id).unwrap().decision_stale);
}

#[test]
fn a_pdf_of_an_unknown_case_or_not_a_record_at_all() {
    let (_dir, app, _id, pdf) = setup();
    let other = tempfile::tempdir().unwrap();
    let elsewhere = support::keys::open(other.path(), None);
    let bytes = std::fs::read(&pdf).unwrap();
    // Another folder does not trust this organisation's CA until told to.
    let check = elsewhere.verify_pdf(&bytes, &[]).unwrap();
    assert_eq!(check.status, RecordStatus::NotTrusted, "{}", check.message);
    let ca =
        bonafide::signing::certificate_from_pem(app.signing_ca_pem().unwrap().as_bytes()).unwrap();
    let check = elsewhere.verify_pdf(&bytes, &ca).unwrap();
    assert_eq!(
        check.status,
        RecordStatus::CaseNotFound,
        "{}",
        check.message
    );
    // With no data folder at all, an auditor holding the CA gets the signature verdict.
    let check = bonafide::app::verify_record(&bytes, &ca).unwrap();
    assert_eq!(check.status, RecordStatus::NotCompared, "{}", check.message);
    assert!(
        check.message.contains("Signed by Acme Ltd"),
        "{}",
        check.message
    );
    assert!(
        check.message.contains("not compared with a stored case"),
        "{}",
        check.message
    );
    assert!(elsewhere.verify_pdf(b"%PDF-1.7 nonsense", &[]).is_err());
    assert!(elsewhere.verify_pdf(b"", &[]).is_err());
}

#[test]
fn hostile_text_exports_without_panic_and_stays_readable() {
    let dir = tempfile::tempdir().unwrap();
    let app = support::keys::open(&dir.path().join("data"), Some("Reviewer"));
    app.signing_init("Acme <script>alert(1)</script>", false)
        .unwrap();
    let id = app
        .create_case(&CaseFields {
            display_name: "Hostile".into(),
            ..CaseFields::default()
        })
        .unwrap();
    let long_word = "x".repeat(3_000);
    let notes = [
        long_word.as_str(),
        &"long note with many words ".repeat(400)[..10_000],
        "مرحبا بالعالم — right-to-left text \u{202E}reversed\u{202C}",
        "control\u{0007}chars\u{001b}[31m and tabs\tand\nnew lines",
        "<script>alert(1)</script><img src=x onerror=alert(1)>",
        "emoji 🙂 and unassigned \u{10FFFD} characters",
    ];
    for (n, note) in notes.iter().enumerate() {
        let item = [
            "interview.camera",
            "interview.liveness",
            "interview.locale",
            "interview.answers",
            "identity.address",
            "profile.sourcing",
        ][n];
        // Control characters other than line breaks and tabs are refused at the door.
        if app
            .set_item(&id, item, Some(Outcome::Concern), Some(note))
            .is_err()
        {
            assert!(note.contains('\u{0007}'));
            app.set_item(
                &id,
                item,
                Some(Outcome::Concern),
                Some(&note.replace(['\u{0007}', '\u{001b}'], " ")),
            )
            .unwrap();
        }
    }
    let pdf = dir.path().join("hostile.pdf");
    app.export_pdf(&id, &pdf).unwrap();
    assert_eq!(
        app.verify_pdf(&std::fs::read(&pdf).unwrap(), &[])
            .unwrap()
            .status,
        RecordStatus::Verified
    );
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("<script>alert(1)</script>"));
    assert!(text.contains("xxxxxxxxxx"));
    assert!(text.contains("right-to-left text"));
    let check = Command::new("qpdf")
        .args(["--check", pdf.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(check.status.success());
}

#[test]
fn batch_export_names_files_by_subject_date_and_case() {
    let dir = tempfile::tempdir().unwrap();
    let app = support::keys::open(&dir.path().join("data"), Some("Reviewer"));
    for name in ["Jane Doe", "延边银星网络科技有限公司", "../../etc/passwd"] {
        app.create_case(&CaseFields {
            display_name: name.into(),
            ..CaseFields::default()
        })
        .unwrap();
    }
    let out = dir.path().join("out");
    let done = app.export_all(&out).unwrap();
    assert_eq!(done.len(), 3);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let today = &bonafide::clock::now()[..10];
    assert!(
        names
            .iter()
            .any(|n| n.starts_with(&format!("jane-doe_{today}_"))),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("etc-passwd_")),
        "no path from a subject name: {names:?}"
    );
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".pdf") && !n.contains('/'))
    );
}

#[test]
fn the_after_hiring_section_prints_the_plan_imports_findings_and_rows_and_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let app = support::keys::open(&dir.path().join("data"), Some("Reviewer"));
    app.signing_init("Acme Ltd", false).unwrap();
    let fields = CaseFields {
        kind: SubjectKind::Person,
        display_name: "Ana Ruiz".into(),
        country: "US".into(),
        accounts: vec!["ana.ruiz@example.com".into()],
        ..CaseFields::default()
    };
    let id = app.create_case(&fields).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/monitor/tests/fixtures");
    app.monitor_import(&id, &fixtures.join("minimal.csv"), None)
        .unwrap();
    app.monitor_import(&id, &fixtures.join("osquery.json"), None)
        .unwrap();
    app.decide(
        &id,
        Decision::Proceed,
        "Checks passed",
        "Compliance Officer",
    )
    .unwrap();
    let pdf = dir.path().join("record.pdf");
    app.export_pdf(&id, &pdf).unwrap();

    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "After hiring",
        "ana.ruiz@example.com",
        "minimal.csv",
        "[CONCERN] 1 sign-in came from a hosting or cloud network",
        "line 4: 2026-03-03T15:10:00Z",
        "record 1: USB 1d6b:0104",
        "Impossible travel was not assessed",
        "Monitoring plan",
        "day 90, due",
    ] {
        assert!(
            flat.contains(want),
            "{want:?} missing from the PDF text:\n{text}"
        );
    }
    // The after-hiring part is in the embedded record, and the record still matches its
    // case: nothing in it changes with the calendar by itself.
    let bytes = extract_record(&std::fs::read(&pdf).unwrap()).unwrap();
    let record = bonafide::record::Record::from_bytes(&bytes).unwrap();
    assert!(record.after_hiring.is_some());
    assert!(
        record.after_hiring.as_ref().unwrap()["plan"]
            .get("day_now")
            .is_none()
    );
    let check = app.verify_pdf(&std::fs::read(&pdf).unwrap(), &[]).unwrap();
    assert_eq!(check.status, RecordStatus::Verified, "{}", check.message);
    // A later import changes the case's after-hiring record, and verification says so.
    app.monitor_import(&id, &fixtures.join("intune.csv"), None)
        .unwrap();
    let check = app.verify_pdf(&std::fs::read(&pdf).unwrap(), &[]).unwrap();
    assert_eq!(check.status, RecordStatus::CaseChanged);
    assert!(check.message.contains("after hiring"), "{}", check.message);
}
