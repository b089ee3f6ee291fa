//! Integration tests of the core against real SQLite files in temporary folders.

use std::fs;
use std::path::{Path, PathBuf};

use bonafide::app::{App, EvidenceDetails, EvidenceKind};
use bonafide::audit::ChainBreak;
use bonafide::error::{Error, StoreError};
use bonafide::model::{CaseFields, CaseId, CaseStatus, Decision, Outcome, SubjectKind};
use bonafide::model::{CaseFilter, StatusFilter};
use rusqlite::Connection;

fn person(name: &str) -> CaseFields {
    CaseFields {
        kind: SubjectKind::Person,
        display_name: name.into(),
        ..CaseFields::default()
    }
}

mod support;

fn open(dir: &Path) -> App {
    support::keys::open(dir, Some("Tester"))
}

fn db(dir: &Path) -> PathBuf {
    dir.join("bonafide.sqlite3")
}

/// A raw connection that bypasses the app, as an outside tool holding the key would
/// (the `sqlcipher` shell).
fn raw(dir: &Path) -> Connection {
    let c = Connection::open(db(dir)).unwrap();
    let key = support::keys::key(dir);
    c.execute_batch(&format!(
        "PRAGMA key = \"{}\";",
        key.database_key().as_str()
    ))
    .unwrap();
    c
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn everything_written_reads_back_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let evidence = dir.path().join("id-front.png");
    fs::write(&evidence, b"\x89PNG fake scan").unwrap();
    let id = {
        let app = open(dir.path());
        let id = app
            .create_case(&CaseFields {
                emails: vec!["jane@example.com".into()],
                other_names: vec!["정성화".into()],
                ..person("Jane Doe")
            })
            .unwrap();
        app.set_item(
            &id,
            "interview.camera",
            Some(Outcome::Pass),
            Some("camera on"),
        )
        .unwrap();
        app.set_item(
            &id,
            "identity.address",
            Some(Outcome::Fail),
            Some("mailbox address"),
        )
        .unwrap();
        app.add_evidence_file(
            &id,
            "identity.document",
            &evidence,
            &EvidenceDetails {
                effective_date: "2026-11-02".into(),
                note: "front side".into(),
            },
        )
        .unwrap();
        app.add_evidence_url(
            &id,
            "profile.footprint",
            "github.com/janedoe",
            &EvidenceDetails::default(),
        )
        .unwrap();
        app.decide(&id, Decision::DoNotProceed, "address is a mailbox", "Owner")
            .unwrap();
        id
    };
    let app = open(dir.path());
    let v = app.case(&id).unwrap();
    assert_eq!(v.case.fields.display_name, "Jane Doe");
    assert_eq!(v.case.fields.other_names, ["정성화"]);
    assert_eq!(v.case.created_by, "Tester");
    assert_eq!(v.status, CaseStatus::Decided);
    let camera = v
        .items
        .iter()
        .find(|i| i.item_id == "interview.camera")
        .unwrap();
    assert_eq!(
        (camera.outcome, camera.note.as_str()),
        (Outcome::Pass, "camera on")
    );
    assert_eq!(camera.updated_by.as_deref(), Some("Tester"));
    assert_eq!(v.summary.red_flags.len(), 1);
    assert_eq!(v.evidence.len(), 2);
    let file = &v.evidence[0];
    assert_eq!(file.kind, EvidenceKind::File);
    assert_eq!(file.name, "id-front.png");
    assert_eq!(file.media_type.as_deref(), Some("image/png"));
    assert_eq!(file.size, Some(14));
    assert_eq!(file.effective_date.as_deref(), Some("2026-11-02"));
    let out = dir.path().join("exported.png");
    app.export_evidence(file.sha256.as_deref().unwrap(), &out)
        .unwrap();
    assert_eq!(fs::read(&out).unwrap(), b"\x89PNG fake scan");
    assert_eq!(v.evidence[1].name, "https://github.com/janedoe");
    assert_eq!(v.decisions.last().unwrap().decision, Decision::DoNotProceed);
    assert!(app.verify().unwrap().is_intact());
}

#[test]
fn item_history_records_who_changed_what() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("A")).unwrap();
    app.set_item(
        &id,
        "interview.camera",
        Some(Outcome::Concern),
        Some("camera off at first"),
    )
    .unwrap();
    app.set_item(&id, "interview.camera", Some(Outcome::Pass), None)
        .unwrap();
    // Same values again: nothing to record.
    app.set_item(
        &id,
        "interview.camera",
        Some(Outcome::Pass),
        Some("camera off at first"),
    )
    .unwrap();
    let h = app.item_history(&id, "interview.camera").unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[1].payload["outcome"]["from"], "concern");
    assert_eq!(h[1].payload["outcome"]["to"], "pass");
    assert!(h[1].payload.get("note").is_none());
    assert_eq!(h[0].actor, "Tester");
}

#[test]
fn not_applicable_needs_a_reason_and_nothing_is_written_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("A")).unwrap();
    let err = app
        .set_item(
            &id,
            "identity.background",
            Some(Outcome::NotApplicable),
            Some("  "),
        )
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(f) if f[0].field == "note"),
        "{err}"
    );
    assert!(
        app.item_history(&id, "identity.background")
            .unwrap()
            .is_empty()
    );
    app.set_item(
        &id,
        "identity.background",
        Some(Outcome::NotApplicable),
        Some("not a US employer"),
    )
    .unwrap();
}

#[test]
fn unknown_case_and_item_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app
        .create_case(&CaseFields {
            kind: SubjectKind::Company,
            ..person("Vendor Ltd")
        })
        .unwrap();
    assert!(matches!(
        app.set_item(
            &CaseId::new(),
            "interview.camera",
            Some(Outcome::Pass),
            None
        ),
        Err(Error::CaseNotFound(_))
    ));
    assert!(matches!(
        app.set_item(&id, "no.such.item", Some(Outcome::Pass), None),
        Err(Error::ItemNotFound { .. })
    ));
    // An item of the person checklist does not apply to a company case.
    assert!(matches!(
        app.set_item(&id, "interview.camera", Some(Outcome::Pass), None),
        Err(Error::ItemNotFound { .. })
    ));
}

#[test]
fn editing_a_case_is_audited_and_kind_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("Jane")).unwrap();
    let v = app
        .update_case(
            &id,
            &CaseFields {
                country: "ng".into(),
                ..person("Jane Doe")
            },
        )
        .unwrap();
    assert_eq!(v.case.fields.country, "NG");
    let history = app.case_history(&id).unwrap();
    let edit = &history
        .iter()
        .rev()
        .find(|e| e.kind == bonafide::audit::EventKind::CaseEdited)
        .unwrap()
        .payload["changes"];
    assert_eq!(edit["display_name"]["from"], "Jane");
    assert_eq!(edit["display_name"]["to"], "Jane Doe");
    assert!(
        edit.get("emails").is_none(),
        "unchanged fields are not listed"
    );
    let err = app
        .update_case(
            &id,
            &CaseFields {
                kind: SubjectKind::Company,
                ..person("Jane Doe")
            },
        )
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(ref f) if f[0].field == "kind"));
}

#[test]
fn case_list_filters_by_text_status_and_decision() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let jose = app
        .create_case(&CaseFields {
            emails: vec!["jm@corp.example".into()],
            ..person("José Müller")
        })
        .unwrap();
    let _kim = app.create_case(&person("Kim Min-jun")).unwrap();
    let vendor = app
        .create_case(&CaseFields {
            kind: SubjectKind::Company,
            ..person("100% Legit_Vendor")
        })
        .unwrap();
    app.decide(
        &vendor,
        Decision::Escalate,
        "front company indicators",
        "Owner",
    )
    .unwrap();
    let names = |f: CaseFilter| -> Vec<String> {
        app.list_cases(&f)
            .unwrap()
            .into_iter()
            .map(|c| c.display_name)
            .collect()
    };
    assert_eq!(
        names(CaseFilter {
            text: "jose muller".into(),
            ..Default::default()
        }),
        ["José Müller"]
    );
    assert_eq!(
        names(CaseFilter {
            text: "CORP.EXAMPLE".into(),
            ..Default::default()
        }),
        ["José Müller"]
    );
    // LIKE wildcards in the query are literal characters.
    assert_eq!(
        names(CaseFilter {
            text: "100%".into(),
            ..Default::default()
        }),
        ["100% Legit_Vendor"]
    );
    assert!(
        names(CaseFilter {
            text: "_".into(),
            ..Default::default()
        }) == ["100% Legit_Vendor"]
    );
    assert_eq!(
        names(CaseFilter {
            status: Some(StatusFilter::Decided),
            ..Default::default()
        }),
        ["100% Legit_Vendor"]
    );
    assert_eq!(
        names(CaseFilter {
            decision: Some(Decision::Escalate),
            ..Default::default()
        }),
        ["100% Legit_Vendor"]
    );
    assert_eq!(
        names(CaseFilter {
            status: Some(StatusFilter::Open),
            ..Default::default()
        })
        .len(),
        2
    );
    // Most recently changed first.
    app.set_item(&jose, "interview.camera", Some(Outcome::Pass), None)
        .unwrap();
    let all = app.list_cases(&CaseFilter::default()).unwrap();
    assert_eq!(all[0].id, jose);
    assert_eq!((all[0].answered, all[0].total), (1, 50));
    assert_eq!(all.iter().find(|c| c.id == vendor).unwrap().total, 18);
}

#[test]
fn deleting_a_case_removes_it_and_is_itself_audited() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let keep = app.create_case(&person("Keep")).unwrap();
    let gone = app.create_case(&person("Gone")).unwrap();
    let shared = dir.path().join("shared.txt");
    let only = dir.path().join("only.txt");
    fs::write(&shared, b"shared").unwrap();
    fs::write(&only, b"only in the deleted case").unwrap();
    for id in [&keep, &gone] {
        app.add_evidence_file(id, "interview.camera", &shared, &EvidenceDetails::default())
            .unwrap();
    }
    let only_ev = app
        .add_evidence_file(
            &gone,
            "interview.camera",
            &only,
            &EvidenceDetails::default(),
        )
        .unwrap();
    let impact = app.deletion_impact(&gone).unwrap();
    // Opened, screened, evidence added.
    assert_eq!((impact.evidence_files, impact.events), (2, 3 + 1));
    assert!(impact.within_retention);
    assert!(
        app.delete_case(&gone, None).is_err(),
        "inside retention a reason is required"
    );
    assert!(app.delete_case(&gone, Some("  ")).is_err());
    app.delete_case(&gone, Some("duplicate of another case"))
        .unwrap();
    let report = app.verify().unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert!(matches!(app.case(&gone), Err(Error::CaseNotFound(_))));
    assert!(
        !app.evidence_path(only_ev.sha256.as_deref().unwrap())
            .exists()
    );
    let kept = app.case(&keep).unwrap();
    assert!(
        app.evidence_path(kept.evidence[0].sha256.as_deref().unwrap())
            .exists()
    );
    let global = raw(dir.path())
        .query_row(
            "SELECT payload FROM events WHERE stream = 'global'",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap();
    assert!(
        global.contains("Gone") && global.contains(gone.as_str()),
        "{global}"
    );
    assert!(app.verify().unwrap().is_intact());
    // Deleted inside its retention period, the case keeps its history until the period
    // ends, and the history must stay as the deletion left it.
    assert_eq!(app.kept_histories().unwrap()[0].events, impact.events);
    raw(dir.path())
        .execute(
            "DELETE FROM events WHERE stream = ?1 AND seq = (SELECT max(seq) FROM events WHERE stream = ?1)",
            [gone.as_str()],
        )
        .unwrap();
    let report = app.verify().unwrap();
    assert!(
        report
            .state_mismatches
            .iter()
            .any(|m| m.case_id == gone.as_str() && m.problem.contains("changed after the deletion")),
        "{report:?}"
    );
}

#[test]
fn the_audit_log_refuses_edits_through_sql() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("A")).unwrap();
    let conn = raw(dir.path());
    let upd = conn.execute("UPDATE events SET actor = 'mallory'", []);
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    let del = conn.execute("DELETE FROM events WHERE stream = ?1", [id.as_str()]);
    assert!(del.unwrap_err().to_string().contains("cannot be deleted"));
}

#[test]
fn tampering_around_the_triggers_is_detected_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("A")).unwrap();
    for o in [Outcome::Concern, Outcome::Fail, Outcome::Pass] {
        app.set_item(&id, "interview.camera", Some(o), None)
            .unwrap();
    }
    assert!(app.verify().unwrap().is_intact());
    let conn = raw(dir.path());
    // An outside tool can drop the triggers; the chain still tells.
    conn.execute_batch("DROP TRIGGER events_are_append_only; DROP TRIGGER events_outlive_edits;")
        .unwrap();
    conn.execute(
        "UPDATE events SET payload = replace(payload, '\"fail\"', '\"pass\"') WHERE stream = ?1 AND seq = 4",
        [id.as_str()],
    )
    .unwrap();
    let report = app.verify().unwrap();
    // Events: 1 opened, 2 screened, 3 concern, 4 fail, 5 pass.
    assert_eq!(
        report.breaks,
        [ChainBreak::Altered {
            stream: id.to_string(),
            seq: 4
        }]
    );

    let dir2 = tempfile::tempdir().unwrap();
    let app2 = open(dir2.path());
    let id2 = app2.create_case(&person("B")).unwrap();
    for o in [Outcome::Concern, Outcome::Fail] {
        app2.set_item(&id2, "interview.camera", Some(o), None)
            .unwrap();
    }
    let conn2 = raw(dir2.path());
    conn2
        .execute_batch("DROP TRIGGER events_outlive_edits;")
        .unwrap();
    conn2
        .execute("DELETE FROM events WHERE seq = 2", [])
        .unwrap();
    let report = app2.verify().unwrap();
    assert_eq!(
        report.breaks,
        [ChainBreak::Unlinked {
            stream: id2.to_string(),
            seq: 2
        }]
    );
    // Cutting the last event off is caught by the recorded head.
    conn2
        .execute("DELETE FROM events WHERE seq IN (3, 4)", [])
        .unwrap();
    let report = app2.verify().unwrap();
    assert!(matches!(
        report.breaks[0],
        ChainBreak::HeadMismatch {
            expected: 4,
            found: 1,
            ..
        }
    ));
}

#[test]
fn editing_stored_state_with_outside_tools_is_detected_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("Ann Example")).unwrap();
    app.set_item(
        &id,
        "interview.camera",
        Some(Outcome::Concern),
        Some("face hidden"),
    )
    .unwrap();
    app.set_item(&id, "identity.document", Some(Outcome::Pass), None)
        .unwrap();
    let file = dir.path().join("scan.txt");
    fs::write(&file, b"scan").unwrap();
    let ev = app
        .add_evidence_file(&id, "interview.camera", &file, &EvidenceDetails::default())
        .unwrap();
    app.add_evidence_url(
        &id,
        "interview.camera",
        "https://example.com/a",
        &EvidenceDetails::default(),
    )
    .unwrap();
    app.decide(&id, Decision::DoNotProceed, "face hidden", "R. Viewer")
        .unwrap();
    let mut edited = person("Ann Example");
    edited.emails = vec!["ann@example.com".into()];
    app.update_case(&id, &edited).unwrap();
    let report = app.verify().unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.cases, 1);

    // Each edit below leaves every hash chain intact; only the replay can tell.
    let conn = raw(dir.path());
    conn.execute_batch(&format!(
        "UPDATE item_states SET outcome = 'pass' WHERE item_id = 'interview.camera';
         DELETE FROM item_states WHERE item_id = 'identity.document';
         UPDATE evidence SET note = 'looks fine' WHERE id = '{}';
         DELETE FROM evidence WHERE kind = 'url';
         UPDATE decisions SET decision = 'proceed';
         UPDATE cases SET fields_json = json_set(fields_json, '$.emails', json_array('x@example.org'));",
        ev.id
    ))
    .unwrap();
    let report = app.verify().unwrap();
    assert!(report.breaks.is_empty(), "{:?}", report.breaks);
    let found: Vec<String> = report
        .state_mismatches
        .iter()
        .map(|m| {
            assert_eq!(m.case_id, id.to_string());
            assert_eq!(m.subject, "Ann Example");
            format!("{}: {}", m.what, m.problem)
        })
        .collect();
    let expect = [
        "item interview.camera: its outcome is \"pass\" but its history says \"concern\"",
        "item identity.document: its stored outcome was deleted; its history says \"pass\"",
        "evidence scan.txt",
        "evidence https://example.com/a",
        "decision 1: its decision differs from its history",
        "subject field emails: reads [\"x@example.org\"] but its history says [\"ann@example.com\"]",
    ];
    for e in expect {
        assert!(
            found.iter().any(|f| f.starts_with(e)),
            "{e} not in {found:#?}"
        );
    }
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    assert!(!report.is_intact());

    // A case row deleted outside the app leaves its history behind, and that is named too.
    conn.execute_batch("PRAGMA foreign_keys = ON; DELETE FROM cases;")
        .unwrap();
    let report = app.verify().unwrap();
    assert!(
        report
            .state_mismatches
            .iter()
            .any(|m| m.what == "case" && m.problem.contains("deleted outside the app")),
        "{:?}",
        report.state_mismatches
    );
}

#[test]
fn missing_and_altered_evidence_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("A")).unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    fs::write(&a, b"first").unwrap();
    fs::write(&b, b"second").unwrap();
    let ea = app
        .add_evidence_file(&id, "interview.camera", &a, &EvidenceDetails::default())
        .unwrap();
    let eb = app
        .add_evidence_file(&id, "interview.camera", &b, &EvidenceDetails::default())
        .unwrap();
    fs::remove_file(app.evidence_path(ea.sha256.as_deref().unwrap())).unwrap();
    fs::write(app.evidence_path(eb.sha256.as_deref().unwrap()), b"forged").unwrap();
    let report = app.verify().unwrap();
    assert_eq!(report.evidence_files, 2);
    let problems: Vec<(&str, &str)> = report
        .evidence_problems
        .iter()
        .map(|p| (p.name.as_str(), p.problem.as_str()))
        .collect();
    assert!(
        problems.contains(&("a.txt", "the stored file is missing")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|(n, p)| *n == "b.txt" && p.contains("altered")),
        "{problems:?}"
    );
}

/// Every file under `dir` (the database, its WAL, evidence, the key file) that contains
/// one of `needles`, with the needle found.
fn plaintext_in(dir: &Path, needles: &[&[u8]]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let bytes = fs::read(&p).unwrap();
            for n in needles {
                if bytes.windows(n.len()).any(|w| w == *n) {
                    found.push((p.clone(), String::from_utf8_lossy(n).into_owned()));
                }
            }
        }
    }
    found
}

#[test]
fn the_database_and_evidence_files_hold_no_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let note = "NOTE-MARKER passport seen on camera, number X1234567";
    let scan = b"FILE-MARKER %PDF-1.7 scan of a passport page".repeat(2000);
    let app = open(&data);
    let id = app.create_case(&person("NAME-MARKER Jane Doe")).unwrap();
    app.set_item(&id, "interview.camera", Some(Outcome::Pass), Some(note))
        .unwrap();
    let src = dir.path().join("passport-scan.pdf");
    fs::write(&src, &scan).unwrap();
    app.add_evidence_file(&id, "interview.camera", &src, &EvidenceDetails::default())
        .unwrap();
    let needles: [&[u8]; 5] = [
        b"NOTE-MARKER",
        b"FILE-MARKER",
        b"NAME-MARKER",
        b"passport-scan.pdf",
        b"CREATE TABLE",
    ];
    // While the app has it open (the WAL holds the latest pages) and after it closes.
    let open_leaks = plaintext_in(&data, &needles);
    assert!(open_leaks.is_empty(), "{open_leaks:?}");
    drop(app);
    let closed_leaks = plaintext_in(&data, &needles);
    assert!(closed_leaks.is_empty(), "{closed_leaks:?}");
    // The same content is there for whoever holds the key.
    let app = open(&data);
    let case = app.case(&id).unwrap();
    assert_eq!(case.case.fields.display_name, "NAME-MARKER Jane Doe");
    let sha = case.evidence[0].sha256.clone().unwrap();
    let out = dir.path().join("exported.pdf");
    app.export_evidence(&sha, &out).unwrap();
    assert_eq!(fs::read(&out).unwrap(), scan);
    // And nobody else: a fresh key cannot open it.
    let stranger = tempfile::tempdir().unwrap();
    let (other, _) = bonafide::vault::create_key(stranger.path(), None).unwrap();
    let err = App::open(&data, &other, None).err().expect("refused");
    assert!(err.to_string().contains("does not belong"), "{err}");
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()));
    raw(dir.path())
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = fs::read(db(dir.path())).unwrap();
    let key = support::keys::key(dir.path());
    let err = App::open(dir.path(), &key, None).err().expect("refused");
    assert!(
        matches!(
            err,
            Error::Store(StoreError::SchemaTooNew { found: 99, .. })
        ),
        "{err}"
    );
    assert!(err.to_string().contains("newer version"), "{err}");
    assert_eq!(fs::read(db(dir.path())).unwrap(), before);
}

#[test]
fn a_foreign_or_corrupt_file_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        db(dir.path()),
        b"this is not a database, just some text that a user put here",
    )
    .unwrap();
    // Without its key file, an unreadable database cannot be told from an encrypted one,
    // so no key is made for it.
    let err = bonafide::vault::state(dir.path()).expect_err("refused");
    assert!(err.to_string().contains("restore"), "{err}");
    assert!(!dir.path().join("key.json").exists());
    // With its key file, it opens as far as SQLite, which names the damage.
    let key_dir = tempfile::tempdir().unwrap();
    drop(open(key_dir.path()));
    fs::write(
        db(key_dir.path()),
        b"this is not a database, just some text that a user put here",
    )
    .unwrap();
    let key = support::keys::key(key_dir.path());
    let err = App::open(key_dir.path(), &key, None)
        .err()
        .expect("refused");
    assert!(
        matches!(err, Error::Store(StoreError::NotADatabase { .. })),
        "{err}"
    );
    assert!(
        fs::read(db(dir.path()))
            .unwrap()
            .starts_with(b"this is not a database")
    );

    let dir = tempfile::tempdir().unwrap();
    Connection::open(db(dir.path()))
        .unwrap()
        .execute_batch("CREATE TABLE invoices (n INTEGER); INSERT INTO invoices VALUES (1);")
        .unwrap();
    let err = bonafide::vault::create_key(dir.path(), None).expect_err("refused");
    assert!(err.to_string().contains("not Bona Fide's"), "{err}");
    assert!(!dir.path().join("key.json").exists());
    let n: i64 = Connection::open(db(dir.path()))
        .unwrap()
        .query_row("SELECT count(*) FROM invoices", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn every_released_schema_upgrades_and_verifies() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = 0;
    for version in 1..=bonafide::store::schema_version() {
        let src = fixtures.join(format!("schema-v{version}"));
        assert!(
            src.is_dir(),
            "no fixture for schema version {version}: add {}",
            src.display()
        );
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&src, dir.path());
        let app = open(dir.path());
        let cases = app.list_cases(&CaseFilter::default()).unwrap();
        assert_eq!(cases.len(), 2, "schema v{version}");
        let jose = cases
            .iter()
            .find(|c| c.display_name == "José Müller")
            .expect("person case");
        let v = app.case(&jose.id).unwrap();
        assert_eq!(v.case.fields.other_names, ["Юрий Щербаков"]);
        assert_eq!(v.summary.red_flags[0].item.item_id, "profile.consistency");
        assert_eq!(v.evidence.len(), 2);
        let vendor = cases
            .iter()
            .find(|c| c.kind == SubjectKind::Company)
            .unwrap();
        assert_eq!(vendor.decision, Some(Decision::ProceedWithConditions));
        let report = app.verify().unwrap();
        assert!(report.is_intact(), "schema v{version}: {report:?}");
        // And it accepts new writes after the upgrade.
        app.set_item(&jose.id, "interview.locale", Some(Outcome::Pass), None)
            .unwrap();
        // The folder from before encryption is now encrypted throughout, nothing left over.
        drop(app);
        let leaks = plaintext_in(dir.path(), &["Щербаков".as_bytes(), b"profile.consistency"]);
        assert!(leaks.is_empty(), "schema v{version}: {leaks:?}");
        assert!(
            !dir.path().join("bonafide.encrypting").exists(),
            "no leftover copy"
        );
        seen += 1;
    }
    assert!(seen >= 1);
}

#[test]
fn oversized_and_hostile_input_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("A")).unwrap();
    let huge = "x".repeat(20_001);
    assert!(
        app.set_item(&id, "interview.camera", Some(Outcome::Pass), Some(&huge))
            .is_err()
    );
    assert!(app.decide(&id, Decision::Proceed, " ", "").is_err());
    assert!(
        app.add_evidence_url(
            &id,
            "interview.camera",
            "javascript:alert(1)",
            &EvidenceDetails::default()
        )
        .is_err()
    );
    assert!(
        app.add_evidence_file(
            &id,
            "interview.camera",
            Path::new("/no/such/file"),
            &EvidenceDetails::default()
        )
        .is_err()
    );
    let bad_date = EvidenceDetails {
        effective_date: "yesterday".into(),
        ..Default::default()
    };
    assert!(
        app.add_evidence_url(&id, "interview.camera", "example.com", &bad_date)
            .is_err()
    );
    assert_eq!(
        app.case_history(&id).unwrap().len(),
        2,
        "only the case_opened and screening events"
    );
    let note = "<img src=x onerror=alert(1)>";
    app.set_item(&id, "interview.camera", Some(Outcome::Concern), Some(note))
        .unwrap();
    let v = app.case(&id).unwrap();
    let camera = v
        .items
        .iter()
        .find(|i| i.item_id == "interview.camera")
        .unwrap();
    assert_eq!(
        camera.note, note,
        "stored verbatim, rendered as text by the UI"
    );
}

#[test]
fn case_ids_resolve_from_a_unique_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("A")).unwrap();
    assert_eq!(app.resolve_case_id(&id.as_str()[..13]).unwrap(), id);
    assert_eq!(
        app.resolve_case_id(&id.as_str().to_uppercase()).unwrap(),
        id
    );
    assert!(app.resolve_case_id("0123").is_err(), "too short");
    assert!(app.resolve_case_id("%%%%%%%%%").is_err());
}

#[test]
fn a_changed_setting_is_an_event_and_an_unchanged_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let events = |app: &bonafide::app::App| app.verify().unwrap().events;
    let before = events(&app);
    let mut s = app.screening_settings().unwrap();
    s.thresholds.review = 0.95;
    s.thresholds.strong = 0.97;
    app.set_screening_settings(&s).unwrap();
    assert_eq!(
        events(&app),
        before + 1,
        "lowering or raising a threshold is recorded"
    );
    app.set_screening_settings(&s).unwrap();
    assert_eq!(
        events(&app),
        before + 1,
        "saving the same values records nothing"
    );
    let mut c = app.checks_settings().unwrap();
    c.timeout_secs = 7;
    app.set_checks_settings(&c).unwrap();
    app.set_retention_years(12).unwrap();
    assert_eq!(events(&app), before + 3);
    assert!(app.verify().unwrap().is_intact());
}

#[test]
fn a_case_moves_to_a_newer_checklist_edition_only_when_asked_and_the_move_is_proven() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v6"),
        dir.path(),
    );
    let app = open(dir.path());
    let cases = app.list_cases(&CaseFilter::default()).unwrap();
    let jose = cases
        .iter()
        .find(|c| c.display_name == "José Müller")
        .unwrap();
    let vendor = cases
        .iter()
        .find(|c| c.kind == SubjectKind::Company)
        .unwrap();
    // Opened on edition 1, it stays there: a new edition alone changes nothing.
    let before = app.case(&jose.id).unwrap();
    assert_eq!(before.case.template_version, 1);
    let newer = before.newer_edition.clone().expect("edition 2 is offered");
    assert_eq!(newer.version, 2);
    assert!(
        newer
            .added
            .iter()
            .any(|t| t.contains("revoke access first"))
    );
    // A new case starts on the newest edition and is offered nothing.
    let fresh = app.create_case(&person("New")).unwrap();
    let fresh = app.case(&fresh).unwrap();
    assert_eq!(fresh.case.template_version, 2);
    assert_eq!(fresh.newer_edition, None);

    let moved = app.move_to_edition(&jose.id, 2).unwrap();
    assert_eq!(moved.case.template_version, 2);
    assert_eq!(moved.newer_edition, None);
    // Answers kept; the new items start pending and count in the total.
    let outcome = |v: &bonafide::app::CaseView, item: &str| {
        v.items
            .iter()
            .find(|s| s.item_id == item)
            .map(|s| s.outcome)
    };
    assert_eq!(
        outcome(&moved, "profile.consistency"),
        outcome(&before, "profile.consistency")
    );
    assert_eq!(
        outcome(&moved, "monitoring.offboarding"),
        Some(Outcome::Pending)
    );
    assert_eq!(
        moved.progress.total,
        before.progress.total + 9,
        "9 new person items"
    );
    let last = app.case_history(&jose.id).unwrap().pop().unwrap();
    assert_eq!(last.kind, bonafide::audit::EventKind::TemplateChanged);
    assert_eq!(last.actor, "Tester");
    assert_eq!(last.payload["from"]["version"], 1);
    assert_eq!(last.payload["added"].as_array().unwrap().len(), 10);
    // Moving again, or back, is refused with the reason.
    let again = app.move_to_edition(&jose.id, 2).unwrap_err().to_string();
    assert!(again.contains("only move to a newer one"), "{again}");
    let missing = app.move_to_edition(&jose.id, 9).unwrap_err().to_string();
    assert!(missing.contains("no edition 9"), "{missing}");
    // A decision signed off on edition 1 does not silently cover edition 2's items.
    app.decide(
        &vendor.id,
        Decision::Proceed,
        "signed off on edition 1",
        "Owner",
    )
    .unwrap();
    assert!(!app.case(&vendor.id).unwrap().decision_stale);
    assert!(app.move_to_edition(&vendor.id, 2).unwrap().decision_stale);
    assert!(app.verify().unwrap().is_intact());

    // Moving the edition behind the app's back is named by the verification.
    raw(dir.path())
        .execute(
            "UPDATE cases SET template_version = 1 WHERE id = ?1",
            [jose.id.as_str()],
        )
        .unwrap();
    let report = app.verify().unwrap();
    assert!(
        report
            .state_mismatches
            .iter()
            .any(|m| m.what == "checklist edition" && m.problem.contains("history says")),
        "{report:?}"
    );
}

#[test]
fn the_case_list_counts_each_hires_overdue_monitoring_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let hired = app.create_case(&person("Hired")).unwrap();
    let open_case = app.create_case(&person("Open")).unwrap();
    app.decide(&hired, Decision::Proceed, "all checks passed", "Owner")
        .unwrap();
    let overdue = |app: &App, id: &CaseId| {
        app.list_cases(&CaseFilter::default())
            .unwrap()
            .into_iter()
            .find(|c| c.id == *id)
            .unwrap()
            .monitoring_overdue
    };
    assert_eq!(overdue(&app, &hired), 0, "nothing is due on day 0");
    // Ten days on (the decision moved back, as time passing would), days 1 and 7 are late.
    raw(dir.path())
        .execute(
            "UPDATE decisions SET decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-10 days') WHERE case_id = ?1",
            [hired.as_str()],
        )
        .unwrap();
    assert_eq!(overdue(&app, &hired), 2);
    assert_eq!(overdue(&app, &open_case), 0);
    app.monitor_task_done(&hired, 1, "camera on, serial matches")
        .unwrap();
    assert_eq!(overdue(&app, &hired), 1);
}
