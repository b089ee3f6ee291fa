//! The "Needs attention" list through the core: each kind of waiting thing appears at the
//! place to act, and goes away once it is dealt with.

use std::path::{Path, PathBuf};

use bonafide::app::{
    App, Attention, AttentionKind, AttentionPlace, EvidenceDetails, NAMES_ITEM, no_progress,
};
use bonafide::model::{CaseFields, CaseId, Decision, Outcome, SubjectKind};

mod support;

fn open(dir: &Path) -> App {
    support::keys::open(dir, Some("Attention Tester"))
}

fn person(name: &str) -> CaseFields {
    CaseFields {
        kind: SubjectKind::Person,
        display_name: name.into(),
        ..CaseFields::default()
    }
}

fn sample_lists() -> Vec<PathBuf> {
    ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"]
        .iter()
        .map(|f| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/ofac/sample")
                .join(f)
        })
        .collect()
}

fn of_kind(list: &[Attention], kind: AttentionKind, case: Option<&CaseId>) -> Vec<Attention> {
    list.iter()
        .filter(|a| a.kind == kind && case.is_none_or(|c| a.case_id.as_deref() == Some(c.as_str())))
        .cloned()
        .collect()
}

#[test]
fn a_new_folder_needs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    app.verify().unwrap();
    assert_eq!(app.needs_attention().unwrap(), vec![]);
}

#[test]
fn a_match_waits_for_its_disposition_at_the_screening_item() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("Dmitry Khoroshev")).unwrap();
    assert!(
        of_kind(
            &app.needs_attention().unwrap(),
            AttentionKind::PotentialMatch,
            None
        )
        .is_empty()
    );

    app.import_list_files(&sample_lists()).unwrap();
    let list = app.needs_attention().unwrap();
    let waiting = of_kind(&list, AttentionKind::PotentialMatch, Some(&id));
    assert_eq!(waiting.len(), 1, "{list:#?}");
    assert_eq!(waiting[0].place, AttentionPlace::Case);
    assert_eq!(waiting[0].item_id.as_deref(), Some(NAMES_ITEM));
    assert_eq!(waiting[0].subject, "Dmitry Khoroshev");
    // The list update also raised an alert, which opens at the same item; both are newer
    // than the case itself, so they come first.
    let alert = of_kind(&list, AttentionKind::Alert, Some(&id));
    assert_eq!(alert.len(), 1, "{list:#?}");
    assert_eq!(alert[0].item_id.as_deref(), Some(NAMES_ITEM));
    assert!(
        list[..2]
            .iter()
            .all(|a| a.item_id.as_deref() == Some(NAMES_ITEM)),
        "{list:#?}"
    );

    // A list past its maximum age waits on the lists screen: the fixture says it was
    // published on 2026-09-17.
    app.import_list_files(&[
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lists/sdn.xml")
    ])
    .unwrap();
    let mut s = app.screening_settings().unwrap();
    s.max_age_days = 1;
    app.set_screening_settings(&s).unwrap();
    let stale = of_kind(
        &app.needs_attention().unwrap(),
        AttentionKind::ListStale,
        None,
    );
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].place, AttentionPlace::Lists);
    assert!(stale[0].what.contains("days old"), "{}", stale[0].what);
}

#[test]
fn critical_items_then_a_stale_decision_then_an_unsigned_export() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("Ana Ruiz")).unwrap();
    let list = app.needs_attention().unwrap();
    let critical = of_kind(&list, AttentionKind::CriticalPending, Some(&id));
    assert_eq!(critical.len(), 1, "{list:#?}");
    assert!(
        critical[0]
            .what
            .contains("critical items are still pending"),
        "{}",
        critical[0].what
    );
    let first = critical[0]
        .item_id
        .clone()
        .expect("opens at the first critical item");
    assert!(
        app.case(&id)
            .unwrap()
            .summary
            .pending_before_decision
            .iter()
            .any(|i| i.item_id == first)
    );

    app.decide(
        &id,
        Decision::DoNotProceed,
        "identity did not hold up",
        "Owner",
    )
    .unwrap();
    let list = app.needs_attention().unwrap();
    assert!(of_kind(&list, AttentionKind::StaleDecision, Some(&id)).is_empty());
    assert!(
        of_kind(&list, AttentionKind::CriticalPending, Some(&id))[0]
            .what
            .starts_with("Decided with")
    );

    // A change after the sign-off makes the decision stale.
    app.set_item(
        &id,
        "identity.document",
        Some(Outcome::Concern),
        Some("blurred"),
    )
    .unwrap();
    let stale = of_kind(
        &app.needs_attention().unwrap(),
        AttentionKind::StaleDecision,
        Some(&id),
    );
    assert_eq!(stale.len(), 1);

    // An unsigned export waits on the records screen until a signed one follows it.
    let pdf = dir.path().join("record.pdf");
    app.export_pdf(&id, &pdf).unwrap();
    let unsigned = of_kind(
        &app.needs_attention().unwrap(),
        AttentionKind::ExportedUnsigned,
        Some(&id),
    );
    assert_eq!(unsigned.len(), 1);
    assert_eq!(unsigned[0].place, AttentionPlace::Records);
    app.signing_init("Example Ltd", false).unwrap();
    app.export_pdf(&id, &pdf).unwrap();
    assert!(
        of_kind(
            &app.needs_attention().unwrap(),
            AttentionKind::ExportedUnsigned,
            None
        )
        .is_empty()
    );
}

#[test]
fn checks_that_did_not_run_wait_for_a_retry() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let mut fields = person("Alex Kim");
    fields.websites = vec!["https://alexkim.dev".into()];
    let id = app.create_case(&fields).unwrap();
    app.run_checks(&id, None, true, no_progress()).unwrap();
    let not_run = of_kind(
        &app.needs_attention().unwrap(),
        AttentionKind::ChecksNotRun,
        Some(&id),
    );
    assert_eq!(not_run.len(), 1);
    assert!(
        not_run[0].what.contains("not run — offline"),
        "{}",
        not_run[0].what
    );
    assert!(
        not_run[0].item_id.is_some(),
        "opens at an item the checks inform"
    );
}

#[test]
fn a_failed_tamper_check_waits_on_the_records_screen() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("Kept")).unwrap();
    let file = dir.path().join("scan.txt");
    std::fs::write(&file, "scan").unwrap();
    let e = app
        .add_evidence_file(&id, "identity.document", &file, &EvidenceDetails::default())
        .unwrap();
    assert!(app.verify().unwrap().is_intact());
    assert!(
        of_kind(
            &app.needs_attention().unwrap(),
            AttentionKind::TamperFailed,
            None
        )
        .is_empty()
    );

    let sha = e.sha256.expect("a file has a hash");
    let stored = dir.path().join("evidence").join(&sha[..2]).join(&sha);
    std::fs::write(&stored, "forged").unwrap();
    assert!(!app.verify().unwrap().is_intact());
    let tamper = of_kind(
        &app.needs_attention().unwrap(),
        AttentionKind::TamperFailed,
        None,
    );
    assert_eq!(tamper.len(), 1);
    assert_eq!(tamper[0].place, AttentionPlace::Records);
    assert!(
        tamper[0].what.contains("found a problem"),
        "{}",
        tamper[0].what
    );
}

#[test]
fn a_change_made_by_another_window_or_the_cli_shows_on_the_next_look() {
    // Each open folder remembers what it read per case; a second one on the same folder
    // (another window, or the command line while the app is open) changes a case behind it.
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("Ana Ruiz")).unwrap();
    app.decide(&id, Decision::DoNotProceed, "no ID shown", "Owner")
        .unwrap();
    let before = app.needs_attention().unwrap();
    assert!(of_kind(&before, AttentionKind::StaleDecision, Some(&id)).is_empty());
    assert_eq!(
        app.needs_attention().unwrap(),
        before,
        "read twice, the same"
    );

    let other = open(dir.path());
    other
        .set_item(
            &id,
            "identity.document",
            Some(Outcome::Concern),
            Some("blurred"),
        )
        .unwrap();
    let gone = other.create_case(&person("Ben Ode")).unwrap();
    assert_eq!(
        of_kind(
            &app.needs_attention().unwrap(),
            AttentionKind::StaleDecision,
            Some(&id)
        )
        .len(),
        1
    );
    assert_eq!(
        of_kind(
            &app.needs_attention().unwrap(),
            AttentionKind::CriticalPending,
            Some(&gone)
        )
        .len(),
        1
    );
    other.delete_case(&gone, Some("opened by mistake")).unwrap();
    assert!(
        app.needs_attention()
            .unwrap()
            .iter()
            .all(|a| a.case_id.as_deref() != Some(gone.as_str())),
        "a deleted case drops out"
    );
}
