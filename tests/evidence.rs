//! Evidence after it is attached, through the core: taking it off an item (kept in the
//! history with its hash and the reason), and copying a stored file back out for a viewer.

use std::fs;
use std::path::Path;

use bonafide::app::{App, EvidenceDetails, RecordStatus};
use bonafide::audit::EventKind;
use bonafide::error::Error;
use bonafide::model::{CaseFields, CaseId, Decision, SubjectKind};

mod support;

fn open(dir: &Path) -> App {
    support::keys::open(dir, Some("Evidence Tester"))
}

fn case(app: &App, name: &str) -> CaseId {
    app.create_case(&CaseFields {
        kind: SubjectKind::Person,
        display_name: name.into(),
        ..CaseFields::default()
    })
    .unwrap()
}

fn attach(app: &App, id: &CaseId, item: &str, file: &Path) -> bonafide::app::Evidence {
    app.add_evidence_file(id, item, file, &EvidenceDetails::default())
        .unwrap()
}

#[test]
fn removing_evidence_is_recorded_with_its_hash_and_reason_and_the_file_goes_once_unused() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(&dir.path().join("data"));
    app.signing_init("Acme Ltd", false).unwrap();
    let id = case(&app, "Alex Kim");
    let other = case(&app, "Bo Lee");
    let wrong = dir.path().join("someone-elses-passport.png");
    let shared = dir.path().join("shared.txt");
    fs::write(&wrong, b"not this candidate's passport").unwrap();
    fs::write(&shared, b"held by two cases").unwrap();
    let wrong_ev = attach(&app, &id, "identity.document", &wrong);
    let shared_ev = attach(&app, &id, "identity.document", &shared);
    attach(&app, &other, "identity.document", &shared);
    let link = app
        .add_evidence_url(
            &id,
            "identity.document",
            "https://example.com/profile",
            &EvidenceDetails::default(),
        )
        .unwrap();
    app.decide(&id, Decision::Proceed, "all in order", "Evidence Tester")
        .unwrap();
    let pdf = dir.path().join("before.pdf");
    app.export_pdf(&id, &pdf).unwrap();

    // A reason is required, and nothing changes without one.
    for reason in ["", "   "] {
        let err = app
            .remove_evidence(&id, wrong_ev.id.as_str(), reason)
            .unwrap_err();
        assert!(
            matches!(&err, Error::Invalid(f) if f[0].field == "reason"),
            "{err}"
        );
    }
    assert_eq!(app.case(&id).unwrap().evidence.len(), 3);

    app.remove_evidence(&id, wrong_ev.id.as_str(), "attached to the wrong case")
        .unwrap();
    let view = app.case(&id).unwrap();
    assert!(view.evidence.iter().all(|e| e.id != wrong_ev.id));
    let sha = wrong_ev.sha256.as_deref().unwrap();
    assert!(!app.evidence_path(sha).exists(), "nothing else holds it");
    // The decision rested on evidence that is gone, so it no longer stands unexamined.
    assert!(view.decision_stale);

    let history = app.item_history(&id, "identity.document").unwrap();
    let removal = history
        .iter()
        .find(|e| e.kind == EventKind::EvidenceRemoved)
        .expect("the removal is in the item's history");
    assert_eq!(removal.actor, "Evidence Tester");
    assert_eq!(removal.payload["sha256"], sha);
    assert_eq!(removal.payload["name"], "someone-elses-passport.png");
    assert_eq!(removal.payload["size"], 29);
    assert_eq!(removal.payload["reason"], "attached to the wrong case");

    // The same content held by another case stays stored; a link goes like a file.
    app.remove_evidence(&id, shared_ev.id.as_str(), "duplicate")
        .unwrap();
    assert!(
        app.evidence_path(shared_ev.sha256.as_deref().unwrap())
            .exists()
    );
    assert_eq!(app.case(&other).unwrap().evidence.len(), 1);
    app.remove_evidence(&id, link.id.as_str(), "dead link")
        .unwrap();
    assert!(app.case(&id).unwrap().evidence.is_empty());

    // Removed twice, or never there: named as not found, and nothing is recorded.
    let events = app.item_history(&id, "identity.document").unwrap().len();
    for missing in [wrong_ev.id.as_str(), "not-an-id"] {
        let err = app.remove_evidence(&id, missing, "again").unwrap_err();
        assert!(matches!(err, Error::EvidenceNotFound { .. }), "{err}");
    }
    let err = app
        .remove_evidence(&other, wrong_ev.id.as_str(), "wrong case")
        .unwrap_err();
    assert!(matches!(err, Error::EvidenceNotFound { .. }), "{err}");
    assert_eq!(
        app.item_history(&id, "identity.document").unwrap().len(),
        events
    );

    // The tables and the history agree, so the tamper check finds nothing.
    let report = app.verify().unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.evidence_files, 1);

    // A record exported before the removal no longer says it is identical to the case.
    let check = app.verify_pdf(&fs::read(&pdf).unwrap(), &[]).unwrap();
    assert_eq!(check.status, RecordStatus::CaseChanged, "{}", check.message);
    assert!(
        check.differences.iter().any(|d| d.starts_with("evidence")),
        "{:?}",
        check.differences
    );
}

#[test]
fn a_row_deleted_behind_the_apps_back_is_still_caught_after_a_recorded_removal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let app = open(&data);
    let id = case(&app, "Alex Kim");
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    fs::write(&a, b"a").unwrap();
    fs::write(&b, b"b").unwrap();
    let first = attach(&app, &id, "interview.camera", &a);
    let second = attach(&app, &id, "interview.camera", &b);
    app.remove_evidence(&id, first.id.as_str(), "blurred")
        .unwrap();

    // Someone holding the key deletes the other row with a database tool, and no event.
    let conn = rusqlite::Connection::open(data.join("bonafide.sqlite3")).unwrap();
    let key = support::keys::key(&data);
    conn.execute_batch(&format!(
        "PRAGMA key = \"{}\"; DELETE FROM evidence WHERE id = '{}';",
        key.database_key().as_str(),
        second.id
    ))
    .unwrap();
    let report = app.verify().unwrap();
    assert!(!report.is_intact());
    let names: Vec<&str> = report
        .state_mismatches
        .iter()
        .map(|m| m.what.as_str())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("evidence b.txt"), "{names:?}");
}

#[test]
fn a_copy_for_a_viewer_is_the_attached_content_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(&dir.path().join("data"));
    let id = case(&app, "Alex Kim");
    let other = case(&app, "Bo Lee");
    let file = dir.path().join("offer letter.pdf");
    fs::write(&file, b"%PDF-1.7 the offer").unwrap();
    let ev = attach(&app, &id, "references.employment_confirmed", &file);
    let link = app
        .add_evidence_url(
            &id,
            "references.employment_confirmed",
            "https://example.com",
            &EvidenceDetails::default(),
        )
        .unwrap();

    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    let copy = app.copy_evidence_into(&id, ev.id.as_str(), &out).unwrap();
    assert_eq!(copy, out.join("offer letter.pdf"));
    assert_eq!(fs::read(&copy).unwrap(), b"%PDF-1.7 the offer");

    // A second copy into the same folder would replace the first (or a person's own file
    // of that name): refused, and the file there is untouched.
    fs::write(&copy, b"my own edits").unwrap();
    let err = app
        .copy_evidence_into(&id, ev.id.as_str(), &out)
        .unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(fs::read(&copy).unwrap(), b"my own edits");

    // A link has no file to copy, and says so rather than that it does not exist.
    let err = app
        .copy_evidence_into(&id, link.id.as_str(), &out)
        .unwrap_err();
    assert!(
        matches!(err, Error::Invalid(_))
            && err
                .to_string()
                .contains("https://example.com/ is a link, not a file"),
        "{err}"
    );
    // Another case's evidence is not this case's.
    let err = app
        .copy_evidence_into(&other, ev.id.as_str(), &out)
        .unwrap_err();
    assert!(matches!(err, Error::EvidenceNotFound { .. }), "{err}");

    // A stored file altered on disk is not handed to a viewer as if it were the evidence.
    let stored = app.evidence_path(ev.sha256.as_deref().unwrap());
    let mut bytes = fs::read(&stored).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&stored, bytes).unwrap();
    let fresh = dir.path().join("fresh");
    fs::create_dir(&fresh).unwrap();
    assert!(app.copy_evidence_into(&id, ev.id.as_str(), &fresh).is_err());
    assert!(!fresh.join("offer letter.pdf").exists());
}
