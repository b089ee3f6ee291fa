//! Screening through the core: list import, re-screening and alerts, dispositions, bad
//! list files, list downloads from a local server, and the record.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use bonafide::app::{App, Disposition, IDENTIFIERS_ITEM, NAMES_ITEM, WATCHLIST_ITEM};
use bonafide::model::{CaseFields, Outcome, SubjectKind};
use bonafide::screening::lists::ListSource;

mod support;

fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(path)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lists")
        .join(name)
}

fn sample_set() -> Vec<PathBuf> {
    ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"]
        .iter()
        .map(|f| shared(&format!("ofac/sample/{f}")))
        .collect()
}

fn open(dir: &Path) -> App {
    support::keys::open(dir, Some("Screening Tester"))
}

fn person(name: &str) -> CaseFields {
    CaseFields {
        kind: SubjectKind::Person,
        display_name: name.into(),
        ..CaseFields::default()
    }
}

fn proposal(app: &App, id: &bonafide::model::CaseId, item: &str) -> (Outcome, String) {
    let p = app
        .screening(id)
        .unwrap()
        .proposals
        .into_iter()
        .find(|p| p.item_id == item)
        .unwrap();
    (p.outcome, p.summary)
}

#[test]
fn without_lists_nothing_is_proposed_as_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("Jane Doe")).unwrap();
    let (outcome, summary) = proposal(&app, &id, NAMES_ITEM);
    assert_eq!(outcome, Outcome::Pending);
    assert!(summary.contains("No sanctions list is loaded"), "{summary}");
    // The watchlist is built in, so it is always screened.
    assert_eq!(proposal(&app, &id, WATCHLIST_ITEM).0, Outcome::Pass);
}

#[test]
fn import_screens_cases_and_a_new_version_raises_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    // A case opened before any list is loaded, whose name is on the sample list.
    let id = app.create_case(&person("Dmitry Khoroshev")).unwrap();
    assert!(app.screening(&id).unwrap().hits.is_empty());

    let report = app.import_list_files(&sample_set()).unwrap();
    assert_eq!(report.lists.len(), 1);
    assert_eq!(report.lists[0].source, "ofac_sdn");
    assert_eq!(report.rescreened, 1);
    assert_eq!(
        report.alerts, 1,
        "a new potential match on re-screening raises an alert"
    );
    let view = app.screening(&id).unwrap();
    let hit = &view.hits[0].hit;
    assert_eq!(hit.entry_id, "48603");
    assert!(hit.score >= 0.9, "{hit:?}");
    assert!(!hit.pairs.is_empty(), "a hit explains itself");
    assert_eq!(view.alerts.len(), 1);
    assert!(
        view.alerts[0].message.contains("KHOROSHEV"),
        "{}",
        view.alerts[0].message
    );
    assert_eq!(proposal(&app, &id, NAMES_ITEM).0, Outcome::Concern);

    // The same files again change nothing.
    let again = app.import_list_files(&sample_set()).unwrap();
    assert_eq!(again.unchanged.len(), 1);
    assert_eq!(again.rescreened, 0);

    let view = app.acknowledge_alert(&id, view.alerts[0].id).unwrap();
    assert!(view.alerts[0].acknowledged_at.is_some());
    assert!(
        app.acknowledge_alert(&id, view.alerts[0].id).is_err(),
        "only once"
    );
    assert!(app.verify().unwrap().is_intact());
}

#[test]
fn a_false_positive_stays_dismissed_until_the_subject_changes() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    app.import_list_files(&sample_set()).unwrap();
    let mut fields = person("Daniel Moreno");
    fields.date_of_birth = "1990-01-01".into();
    let id = app.create_case(&fields).unwrap();
    let view = app.screening(&id).unwrap();
    let hit = view
        .hits
        .iter()
        .find(|h| h.hit.entry_id == "15102")
        .expect("MORENO, Daniel")
        .hit
        .clone();
    assert!(
        hit.qualifiers
            .iter()
            .any(|q| q.what == "date of birth" && q.effect < 0.0),
        "a different year of birth lowers the score: {:?}",
        hit.qualifiers
    );
    assert!(
        app.set_disposition(
            &id,
            &hit.list,
            &hit.entry_id,
            Disposition::FalsePositive,
            "  "
        )
        .is_err()
    );
    let view = app
        .set_disposition(
            &id,
            &hit.list,
            &hit.entry_id,
            Disposition::FalsePositive,
            "Born 1990 in Spain; the listed person was born 1972 in Belize.",
        )
        .unwrap();
    let d = view
        .hits
        .iter()
        .find(|h| h.hit.entry_id == "15102")
        .unwrap()
        .disposition
        .clone()
        .unwrap();
    assert!(d.current);
    assert_eq!(proposal(&app, &id, NAMES_ITEM).0, Outcome::Pass);

    // Screening again with nothing changed keeps it dismissed.
    app.screen_case(&id).unwrap();
    assert_eq!(proposal(&app, &id, NAMES_ITEM).0, Outcome::Pass);

    // A new name for the subject reopens it.
    fields.other_names = vec!["Dani Moreno".into()];
    app.update_case(&id, &fields).unwrap();
    let view = app.screening(&id).unwrap();
    let d = view
        .hits
        .iter()
        .find(|h| h.hit.entry_id == "15102")
        .unwrap()
        .disposition
        .clone()
        .unwrap();
    assert!(
        !d.current,
        "the disposition lapsed when the subject changed"
    );
    assert_eq!(proposal(&app, &id, NAMES_ITEM).0, Outcome::Concern);
    assert!(app.verify().unwrap().is_intact());
}

#[test]
fn identifiers_and_the_watchlist_are_matched_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    app.import_list_files(&sample_set()).unwrap();
    let mut fields = person("Alex Example");
    fields.websites = vec!["https://www.suex.io/about".into()];
    fields.emails = vec!["recruiting@hopana.com".into()];
    let id = app.create_case(&fields).unwrap();
    let view = app.screening(&id).unwrap();
    let suex = view
        .hits
        .iter()
        .find(|h| h.hit.entry_id == "33151")
        .expect("SUEX by website");
    assert_eq!(
        suex.hit.identifiers[0].subject_value,
        "https://www.suex.io/about"
    );
    assert_eq!(proposal(&app, &id, IDENTIFIERS_ITEM).0, Outcome::Concern);
    let wl = view
        .hits
        .iter()
        .find(|h| h.hit.is_watchlist())
        .expect("HopanaTech by e-mail domain");
    assert_eq!(wl.hit.entry_id, "W-004");
    assert!(
        !wl.hit.entry.sources.is_empty(),
        "a watchlist entry names its sources"
    );
    let (o, summary) = proposal(&app, &id, WATCHLIST_ITEM);
    assert_eq!(o, Outcome::Concern);
    assert!(summary.contains("not sanctions matches"), "{summary}");
}

#[test]
fn a_name_like_a_person_charged_but_not_sanctioned_is_context_never_a_match() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let id = app.create_case(&person("Christina Chapman")).unwrap();
    let view = app.screening(&id).unwrap();
    let hit = view
        .hits
        .iter()
        .find(|h| h.hit.is_watchlist())
        .expect("the convicted facilitator is on the watchlist");
    assert!(hit.hit.is_context_only(), "{:?}", hit.hit.entry.standing);
    let (o, summary) = proposal(&app, &id, WATCHLIST_ITEM);
    assert_eq!(o, Outcome::Pass, "{summary}");
    assert!(summary.contains("context only, never a match"), "{summary}");
    // A designated front is still a red flag on the same item.
    let front = app
        .create_case(&CaseFields {
            kind: SubjectKind::Company,
            ..person("Korea Sobaeksu Trading Company")
        })
        .unwrap();
    assert_eq!(proposal(&app, &front, WATCHLIST_ITEM).0, Outcome::Concern);
}

#[test]
fn bad_list_files_are_refused_and_the_lists_in_force_stay() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    app.import_list_files(&[fixture("sdn.xml")]).unwrap();
    let before = app.list_status().unwrap();
    let events_before = app.verify().unwrap().events;
    let work = tempfile::tempdir().unwrap();

    let full = std::fs::read(fixture("sdn.xml")).unwrap();
    let truncated = work.path().join("SDN.XML");
    std::fs::write(&truncated, &full[..full.len() * 2 / 3]).unwrap();
    let err = app.import_list_files(&[truncated]).unwrap_err().to_string();
    assert!(err.starts_with("SDN.XML, line "), "{err}");
    assert!(err.ends_with("The lists in force are unchanged."), "{err}");

    let latin1 = work.path().join("sdn.csv");
    let mut bytes = b"1,\"JOS".to_vec();
    bytes.push(0xC9);
    bytes.extend_from_slice(b"\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n");
    std::fs::write(&latin1, bytes).unwrap();
    let err = app.import_list_files(&[latin1]).unwrap_err().to_string();
    assert!(
        err.contains("sdn.csv, line 1") && err.contains("not UTF-8"),
        "{err}"
    );

    let wrong = work.path().join("notes.txt");
    std::fs::write(&wrong, "hello").unwrap();
    let err = app.import_list_files(&[wrong]).unwrap_err().to_string();
    assert!(err.contains("not a list file this app reads"), "{err}");

    let hostile = work.path().join("consolidated.xml");
    std::fs::write(
        &hostile,
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><CONSOLIDATED_LIST>&a;</CONSOLIDATED_LIST>",
    )
    .unwrap();
    assert!(app.import_list_files(&[hostile]).is_err());

    assert_eq!(app.list_status().unwrap(), before);
    assert_eq!(
        app.verify().unwrap().events,
        events_before,
        "nothing was written"
    );
}

#[test]
fn an_opensanctions_export_is_checked_before_anything_is_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    app.import_list_files(&[fixture("sdn.xml")]).unwrap();
    let before = app.list_status().unwrap();
    // A 3 GB export is refused from its size alone: the file is sparse, and reading it
    // would take minutes.
    let huge = work.path().join("entities.ftm.json");
    let f = std::fs::File::create(&huge).unwrap();
    std::io::Write::write_all(
        &mut &f,
        br#"{"id": "a", "schema": "Person", "properties": {}}"#,
    )
    .unwrap();
    f.set_len(3 * 1024 * 1024 * 1024).unwrap();
    let err = app.import_list_files(&[huge]).unwrap_err().to_string();
    assert!(
        err.contains("entities.ftm.json is 3221225472 bytes"),
        "{err}"
    );
    // A malformed line in the middle loads nothing, not even the lines before it.
    let good = std::fs::read_to_string(fixture("opensanctions/entities.ftm.json")).unwrap();
    let mut lines: Vec<&str> = good.lines().collect();
    lines.insert(
        3,
        r#"{"id": "x", "schema": "Person", "properties": {"name": ["cut off"#,
    );
    let bad = work.path().join("targets.nested.json");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let err = app.import_list_files(&[bad]).unwrap_err().to_string();
    assert!(err.contains("targets.nested.json, line 4"), "{err}");
    assert_eq!(app.list_status().unwrap(), before);
    // The nested export of the same data loads the same lists.
    let report = app
        .import_list_files(&[fixture("opensanctions/targets.nested.json")])
        .unwrap();
    assert_eq!(report.lists.len(), 4);
}

#[test]
fn every_format_imports() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let report = app
        .import_list_files(&[
            fixture("sdn.xml"),
            fixture("un-consolidated.xml"),
            fixture("uk-sanctions-list.csv"),
            fixture("eu-fsf.xml"),
            fixture("opensanctions/entities.ftm.json"),
        ])
        .unwrap();
    let mut sources: Vec<&str> = report.lists.iter().map(|l| l.source.as_str()).collect();
    sources.sort();
    assert_eq!(
        sources,
        [
            "eu_fsf",
            "ofac_sdn",
            "opensanctions:eu_fsf",
            "opensanctions:jp_mof_sanctions",
            "opensanctions:kr_mofa_sanctions",
            "opensanctions:us_ofac_sdn",
            "uk_sanctions_list",
            "un_consolidated"
        ]
    );
    let status = app.list_status().unwrap();
    assert!(
        status
            .iter()
            .all(|s| s.version.is_some() || s.source == "ofac_consolidated")
    );
    let kr = status
        .iter()
        .find(|s| s.source == "opensanctions:kr_mofa_sanctions")
        .unwrap();
    assert_eq!(kr.title, "kr_mofa_sanctions (OpenSanctions)");
    assert_eq!(kr.publisher, "Ministry of Foreign Affairs (KR)");
    assert!(kr.licence.contains("non-commercial"), "{kr:?}");
    assert!(kr.url.is_empty(), "OpenSanctions data is never downloaded");
    // A hit on an OpenSanctions list names the government's list and the entity.
    let hits = app
        .screen_name("리성현", Some(SubjectKind::Person), None)
        .unwrap()
        .hits;
    let lists: Vec<&str> = hits
        .iter()
        .filter(|h| h.entry_id == "NK-fx-ri-song-hyon")
        .map(|h| h.list.as_str())
        .collect();
    assert_eq!(
        lists,
        [
            "opensanctions:kr_mofa_sanctions",
            "opensanctions:us_ofac_sdn"
        ]
    );

    let adhoc = app
        .screen_name("Ivan Petrovsky", Some(SubjectKind::Person), None)
        .unwrap();
    assert_eq!(adhoc.hits[0].entry_id, "TST0001");
    let adhoc = app
        .screen_name("Петровский Иван Сергеевич", None, None)
        .unwrap();
    assert_eq!(adhoc.hits[0].entry_id, "TST0001", "original-script name");
}

#[test]
fn stale_lists_are_flagged_on_screenings() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    // The fixture says it was published on 2026-09-17.
    app.import_list_files(&[fixture("sdn.xml")]).unwrap();
    let mut s = app.screening_settings().unwrap();
    s.max_age_days = 1;
    app.set_screening_settings(&s).unwrap();
    assert!(app.list_status().unwrap().iter().any(|l| l.stale));
    let id = app.create_case(&person("Nobody In Particular")).unwrap();
    let (outcome, summary) = proposal(&app, &id, NAMES_ITEM);
    assert!(
        summary.contains("older than the configured maximum age"),
        "{summary}"
    );
    // Nothing found on a stale list is no pass.
    assert_eq!(outcome, Outcome::Pending, "{summary}");
    s.thresholds.review = 0.3;
    assert!(
        app.set_screening_settings(&s).is_err(),
        "thresholds are range-checked"
    );
}

/// Serves canned HTTP responses on 127.0.0.1: path → (status, body).
fn serve(routes: Vec<(&'static str, u16, Vec<u8>)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]);
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, body) = routes
                .iter()
                .find(|(p, _, _)| *p == path)
                .map(|(_, s, b)| (*s, b.clone()))
                .unwrap_or((404, b"not found".to_vec()));
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nLast-Modified: Tue, 17 Nov 2026 10:00:00 GMT\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    format!("http://{addr}")
}

#[test]
fn update_downloads_from_configured_addresses_and_keeps_lists_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    let base = serve(vec![
        ("/SDN.XML", 200, std::fs::read(fixture("sdn.xml")).unwrap()),
        (
            "/consolidated.xml",
            200,
            b"<CONSOLIDATED_LIST dateGenerated=\"2026-11-01\"><INDIVIDUALS><INDIVIDUAL>".to_vec(),
        ),
    ]);
    // A closed port stands in for being offline.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut s = app.screening_settings().unwrap();
    s.urls.insert("ofac_sdn".into(), format!("{base}/SDN.XML"));
    s.urls
        .insert("un_consolidated".into(), format!("{base}/consolidated.xml"));
    s.urls
        .insert("uk_sanctions_list".into(), format!("{base}/missing.csv"));
    s.urls.insert(
        "ofac_consolidated".into(),
        format!("http://{closed}/CONSOLIDATED.XML"),
    );
    app.set_screening_settings(&s).unwrap();

    let seen = std::sync::Mutex::new(0u64);
    let report = app
        .update_lists(None, &|p| *seen.lock().unwrap() = p.received)
        .unwrap();
    let by: std::collections::HashMap<&str, &bonafide::app::UpdateResult> = report
        .results
        .iter()
        .map(|r| (r.source.as_str(), r))
        .collect();
    assert!(by["ofac_sdn"].ok, "{:?}", by["ofac_sdn"]);
    assert!(
        !by["un_consolidated"].ok && by["un_consolidated"].message.contains("could not be read")
    );
    assert!(!by["uk_sanctions_list"].ok && by["uk_sanctions_list"].message.contains("HTTP 404"));
    assert!(
        !by["ofac_consolidated"].ok && by["ofac_consolidated"].message.contains("could not reach")
    );
    assert!(
        report
            .results
            .iter()
            .filter(|r| !r.ok)
            .all(|r| r.message.ends_with("The version in force is kept."))
    );
    assert!(*seen.lock().unwrap() > 0, "progress was reported");
    let status = app.list_status().unwrap();
    let sdn = status
        .iter()
        .find(|l| l.source == ListSource::OfacSdn.id())
        .unwrap();
    assert_eq!(
        sdn.version.as_ref().unwrap().publish_date.as_deref(),
        Some("2026-09-17")
    );
    assert!(
        sdn.version
            .as_ref()
            .unwrap()
            .origin
            .starts_with("http://127.0.0.1")
    );
    assert!(
        status
            .iter()
            .filter(|l| l.source != "ofac_sdn")
            .all(|l| l.version.is_none())
    );
}

#[test]
fn the_record_carries_the_screening() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    app.import_list_files(&sample_set()).unwrap();
    let id = app.create_case(&person("Dmitry Khoroshev")).unwrap();
    let record = app.record(&id).unwrap();
    assert_eq!(record.screenings.len(), 1);
    let s = &record.screenings[0]["screening"];
    assert_eq!(
        s["matcher_version"],
        bonafide::screening::screen::MATCHER_VERSION
    );
    assert_eq!(s["hits"][0]["entry_id"], "48603");
    assert!(
        s["lists"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["sha256"].as_str().unwrap().len() == 64)
    );
    app.signing_init("Acme Ltd", false).unwrap();
    let (pdf, _) = app.render_record(&id).unwrap();
    let check = app.verify_pdf(&pdf, &[]).unwrap();
    assert_eq!(
        check.status,
        bonafide::app::RecordStatus::Verified,
        "{}",
        check.message
    );
}

#[test]
fn a_disposition_or_hit_changed_in_the_tables_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    app.import_list_files(&sample_set()).unwrap();
    let id = app.create_case(&person("Daniel Moreno")).unwrap();
    let hit = app.screening(&id).unwrap().hits[0].hit.clone();
    app.set_disposition(
        &id,
        &hit.list,
        &hit.entry_id,
        Disposition::TrueMatch,
        "Same date and place of birth as the listed person.",
    )
    .unwrap();
    assert!(app.verify().unwrap().is_intact());
    // Whoever holds the key edits the tables as a database browser would.
    let raw = rusqlite::Connection::open(dir.path().join("bonafide.sqlite3")).unwrap();
    let key = support::keys::key(dir.path());
    raw.execute_batch(&format!(
        "PRAGMA key = \"{}\";",
        key.database_key().as_str()
    ))
    .unwrap();
    let what = |app: &App| -> Vec<String> {
        let r = app.verify().unwrap();
        r.state_mismatches.iter().map(|m| m.what.clone()).collect()
    };
    raw.execute("UPDATE dispositions SET disposition = 'false_positive'", [])
        .unwrap();
    assert_eq!(what(&app), ["dispositions"]);
    raw.execute("UPDATE dispositions SET disposition = 'true_match'", [])
        .unwrap();
    assert!(app.verify().unwrap().is_intact());
    raw.execute(
        "UPDATE screenings SET result_json = json_set(result_json, '$.hits', json('[]'))",
        [],
    )
    .unwrap();
    assert_eq!(what(&app), ["screening"]);
}
