//! Automated checks end to end through the app façade, against mock servers on loopback
//! only (see `support/world.rs`).

mod support;

use std::sync::atomic::Ordering;

use bonafide::app::{App, ChecksSettings, no_progress};
use bonafide::checks::{CheckKind, CheckResult, CheckState, Signal};
use bonafide::model::{CaseFields, CaseId, Outcome};
use support::mock;
use support::world::World;

fn open(dir: &std::path::Path, settings: &ChecksSettings) -> App {
    let app = support::keys::open(dir, Some("Tester"));
    app.set_checks_settings(settings).unwrap();
    app
}

fn result<'a>(results: &'a [CheckResult], key: &str) -> &'a CheckResult {
    results.iter().find(|r| r.key == key).unwrap_or_else(|| {
        panic!(
            "no result {key}: {:?}",
            results.iter().map(|r| &r.key).collect::<Vec<_>>()
        )
    })
}

fn proposal(view: &bonafide::app::ChecksView, item: &str) -> (Outcome, String) {
    view.proposals
        .iter()
        .find(|p| p.item_id == item)
        .map(|p| (p.outcome, p.summary.clone()))
        .unwrap_or_else(|| panic!("no proposal for {item}"))
}

#[test]
fn checks_of_a_front_company_find_its_young_domain_copied_site_and_lookalike_referee() {
    let world = World::start();
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), &world.settings());
    let id = app.create_case(&world.front_company()).unwrap();
    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = events.clone();
    let view = app
        .run_checks(
            &id,
            None,
            false,
            std::sync::Arc::new(move |e| sink.lock().unwrap().push((e.key, e.state))),
        )
        .unwrap();
    let r = &view.results;
    for x in r {
        assert_eq!(x.state, CheckState::Done, "{} {}", x.key, x.message);
    }

    // RDAP: registered four months ago, from a real response's shape.
    let reg = result(r, "registration:acme-dev.test");
    assert_eq!(reg.findings[0].signal, Signal::RedFlag);
    assert!(
        reg.findings[0].summary.contains("registered 4 months ago"),
        "{}",
        reg.findings[0].summary
    );
    assert!(reg.findings[0].summary.contains("(IANA 1606)"));
    let ev = &reg.evidence[0];
    assert!(ev.source_url.ends_with("/rdap/domain/acme-dev.test"));
    let (ct, bytes) = app.check_response(&ev.sha256).unwrap().unwrap();
    assert_eq!(ct.as_deref(), Some("application/rdap+json"));
    assert_eq!(bytes.len() as u64, ev.size);
    // An old referee domain is fine; one the registry does not know is not.
    assert_eq!(
        result(r, "registration:oldfirm.test").findings[0].signal,
        Signal::Ok
    );

    // DNS, hosting, history.
    let dns = result(r, "dns:acme-dev.test");
    assert!(
        dns.findings[0]
            .facts
            .iter()
            .any(|f| f.label == "MX" && f.value == "10 mail.acme-dev.test")
    );
    let hosting = result(r, "hosting:acme-dev.test");
    assert!(
        hosting.findings[0].summary.contains("Radio Link Internet"),
        "{}",
        hosting.findings[0].summary
    );
    assert!(
        result(r, "wayback:acme-dev.test").findings[0]
            .summary
            .contains("first archived 2 months ago")
    );
    assert!(
        result(r, "certificates:acme-dev.test").findings[0]
            .summary
            .contains("3 months ago")
    );

    // The copied site, with the passage it shares with the real firm's.
    let copied = result(r, "copied:websites");
    let f = copied
        .findings
        .iter()
        .find(|f| f.signal == Signal::RedFlag)
        .expect("a near-copy");
    assert!(f.summary.contains("northwind.test"));
    assert!(
        f.passages[0].contains("helps mid sized manufacturers"),
        "{:?}",
        f.passages
    );

    // Look-alike referee domain, VoIP phone.
    let look = result(r, "lookalike:domains");
    assert!(
        look.findings
            .iter()
            .any(|f| f.subject == "northwind.co" && f.summary.contains("different suffix"))
    );
    assert!(
        result(r, "phone:numbers").findings[0]
            .summary
            .contains("VoIP")
    );

    // Proposals: concerns, each saying why.
    assert_eq!(proposal(&view, "company.domain_age").0, Outcome::Concern);
    assert_eq!(
        proposal(&view, "company.copied_content").0,
        Outcome::Concern
    );
    // References do not apply to a company; its referees' look-alikes count as its own.
    assert!(
        !view
            .proposals
            .iter()
            .any(|p| p.item_id == "references.referee_domains")
    );
    let (outcome, why) = proposal(&view, "company.lookalike");
    assert_eq!(outcome, Outcome::Concern);
    assert!(why.contains("northwind.co imitates northwind.com"), "{why}");
    assert_eq!(proposal(&view, "company.web_history").0, Outcome::Concern);
    assert!(view.not_yet_run.is_empty());

    // Progress: every check reported its start and its end.
    let events = events.lock().unwrap();
    for x in r {
        assert!(
            events
                .iter()
                .any(|(k, s)| *k == x.key && *s == CheckState::Done),
            "{}",
            x.key
        );
        if x.kind.is_network() {
            assert!(
                events
                    .iter()
                    .any(|(k, s)| *k == x.key && *s == CheckState::Running)
            );
        }
    }

    // The record carries every result with its provenance, and the PDF renders it.
    let record = app.record(&id).unwrap();
    assert_eq!(record.findings.len(), r.len());
    assert!(
        record
            .findings
            .iter()
            .any(|f| f["evidence"][0]["sha256"] == ev.sha256.as_str())
    );
    let (pdf, _) = app.render_record(&id).unwrap();
    assert!(pdf.len() > 10_000);
    assert!(app.verify().unwrap().is_intact());

    // A second case with the same site text is a cross-case duplicate, linked by id.
    let mut twin = world.front_company();
    twin.display_name = "Acme Dev Twin".into();
    twin.comparison_urls.clear();
    twin.referee_emails.clear();
    let twin_id = app.create_case(&twin).unwrap();
    let view = app
        .run_checks(&twin_id, None, false, no_progress())
        .unwrap();
    let dup = result(&view.results, "duplicates:other cases");
    assert!(
        dup.findings
            .iter()
            .any(|f| f.related_case_id.as_deref() == Some(id.as_str())
                && f.summary.contains("e-mail")),
        "{:?}",
        dup.findings
    );
    let copied = result(&view.results, "copied:websites");
    assert!(
        copied
            .findings
            .iter()
            .any(|f| f.related_case_id.as_deref() == Some(id.as_str()))
    );
    tampered_results_are_named(&app, dir.path(), &id);
}

/// Whoever holds the key edits the stored results as a database browser would: removing a
/// red flag, or a whole result, is named by `audit verify`.
fn tampered_results_are_named(app: &App, dir: &std::path::Path, id: &CaseId) {
    assert!(app.verify().unwrap().is_intact());
    let raw = rusqlite::Connection::open(dir.join("bonafide.sqlite3")).unwrap();
    raw.execute_batch(&format!(
        "PRAGMA key = \"{}\";",
        support::keys::key(dir).database_key().as_str()
    ))
    .unwrap();
    let what = || -> Vec<String> {
        let r = app.verify().unwrap();
        r.state_mismatches.iter().map(|m| m.what.clone()).collect()
    };
    let key = "registration:acme-dev.test";
    raw.execute(
        "UPDATE check_results SET result_json = replace(result_json, '\"red_flag\"', '\"ok\"') WHERE key = ?1 AND case_id = ?2",
        [key, id.as_str()],
    )
    .unwrap();
    assert_eq!(what(), [format!("check {key}")]);
    raw.execute(
        "DELETE FROM check_results WHERE key = ?1 AND case_id = ?2",
        [key, id.as_str()],
    )
    .unwrap();
    assert_eq!(what(), [format!("check {key}")]);
}

#[test]
fn offline_and_unreachable_checks_are_not_run_never_passed_and_can_be_retried() {
    let world = World::start();
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), &world.settings());
    let id = app.create_case(&world.front_company()).unwrap();

    let view = app.run_checks(&id, None, true, no_progress()).unwrap();
    for r in view.results.iter().filter(|r| r.kind.is_network()) {
        assert_eq!(r.state, CheckState::NotRunOffline, "{}", r.key);
    }
    let (outcome, summary) = proposal(&view, "company.domain_age");
    assert_eq!(outcome, Outcome::Pending);
    assert!(summary.contains("not run — offline"), "{summary}");
    assert!(
        !view
            .proposals
            .iter()
            .any(|p| p.outcome == Outcome::Pass && p.item_id == "company.hosting")
    );
    // Local checks still ran.
    assert_eq!(
        result(&view.results, "phone:numbers").state,
        CheckState::Done
    );

    // Retry one check online: only it changes.
    let key = "registration:acme-dev.test".to_string();
    let view = app
        .run_checks(&id, Some(std::slice::from_ref(&key)), false, no_progress())
        .unwrap();
    assert_eq!(result(&view.results, &key).state, CheckState::Done);
    assert_eq!(
        result(&view.results, "dns:acme-dev.test").state,
        CheckState::NotRunOffline
    );

    // A closed port is offline; a server that accepts and never answers is a time-out.
    let mut s = world.settings();
    s.rdap_domain_url = format!("http://{}/", mock::closed_port());
    s.wayback_url = format!("http://{}/", mock::silent_port());
    s.timeout_secs = 2;
    app.set_checks_settings(&s).unwrap();
    let started = std::time::Instant::now();
    let view = app.run_checks(&id, None, false, no_progress()).unwrap();
    assert!(
        started.elapsed().as_secs() < 10,
        "checks ran concurrently: {:?}",
        started.elapsed()
    );
    assert_eq!(
        result(&view.results, "registration:acme-dev.test").state,
        CheckState::NotRunOffline
    );
    assert_eq!(
        result(&view.results, "wayback:acme-dev.test").state,
        CheckState::NotRunTimedOut
    );
    let (outcome, summary) = proposal(&view, "company.web_history");
    assert_ne!(outcome, Outcome::Pass);
    assert!(summary.contains("timed out"), "{summary}");

    // A DNS server that does not answer: DNS checks time out.
    s.resolver = mock::closed_port().to_string();
    app.set_checks_settings(&s).unwrap();
    let view = app.run_checks(&id, None, false, no_progress()).unwrap();
    assert!(
        result(&view.results, "dns:acme-dev.test")
            .state
            .is_not_run()
    );
}

#[test]
fn hostile_rdap_answers_fail_with_reasons_and_nothing_else_breaks() {
    let world = World::start();
    let dir = tempfile::tempdir().unwrap();
    let mut s = world.settings();
    s.timeout_secs = 3;
    let app = open(dir.path(), &s);
    let id = app
        .create_case(&CaseFields {
            display_name: "Hostile".into(),
            emails: ["huge", "malformed", "html", "loop", "slow", "unknown"]
                .iter()
                .map(|d| format!("x@{d}.test"))
                .collect(),
            ..Default::default()
        })
        .unwrap();
    let view = app.run_checks(&id, None, false, no_progress()).unwrap();
    let reg = |d: &str| result(&view.results, &format!("registration:{d}.test")).clone();
    assert_eq!(reg("huge").state, CheckState::Failed);
    assert!(
        reg("huge").message.contains("larger than"),
        "{}",
        reg("huge").message
    );
    assert_eq!(reg("malformed").state, CheckState::Failed);
    assert!(
        reg("malformed").message.contains("not JSON"),
        "{}",
        reg("malformed").message
    );
    assert_eq!(reg("html").state, CheckState::Failed);
    assert!(
        reg("html").message.contains("text/html"),
        "{}",
        reg("html").message
    );
    assert_eq!(reg("loop").state, CheckState::Failed);
    assert!(
        reg("loop").message.contains("redirected more than"),
        "{}",
        reg("loop").message
    );
    assert_eq!(reg("slow").state, CheckState::NotRunTimedOut);
    // An unknown domain is a finding, not a failure.
    assert_eq!(reg("unknown").state, CheckState::Done);
    assert!(
        reg("unknown").findings[0]
            .summary
            .contains("no record of this domain")
    );
    let (outcome, _) = proposal(&view, "company.domain_age");
    assert_eq!(outcome, Outcome::Concern);
    // The app still works.
    assert!(app.verify().unwrap().is_intact());
    assert_eq!(app.case(&id).unwrap().case.fields.display_name, "Hostile");
}

#[test]
fn the_address_guard_refuses_private_targets_in_urls_redirects_and_dns() {
    let world = World::start();
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), &world.settings());
    let forbidden_port = world.forbidden.port();
    let id = app
        .create_case(&CaseFields {
            display_name: "Guarded".into(),
            websites: vec![
                // A literal private address.
                format!("http://127.0.0.2:{forbidden_port}/"),
                // A page that redirects to it.
                world.site("redirector.test"),
                // A name that resolves to it, and one that resolves to ::1.
                format!("http://internal.test:{forbidden_port}/"),
                format!("http://six.test:{forbidden_port}/"),
            ],
            ..Default::default()
        })
        .unwrap();
    let view = app.run_checks(&id, None, false, no_progress()).unwrap();
    for r in view.results.iter().filter(|r| r.kind == CheckKind::Website) {
        assert_eq!(r.state, CheckState::Failed, "{}: {}", r.key, r.message);
        assert!(
            r.message.contains("may not reach into your own network"),
            "{}: {}",
            r.key,
            r.message
        );
    }
    assert_eq!(
        world.forbidden_hits.load(Ordering::SeqCst),
        0,
        "the guard let a request through"
    );
    // A host on a private address is a hosting red flag in itself.
    let hosting = &result(&view.results, "hosting:internal.test").findings[0];
    assert_eq!(hosting.signal, Signal::RedFlag);
    assert!(hosting.summary.contains("127.0.0.2"), "{}", hosting.summary);

    // With the guard switched off (testing only), the same page is fetched.
    let mut s = world.settings();
    s.allow_private_addresses = true;
    app.set_checks_settings(&s).unwrap();
    let key = format!("website:http://127.0.0.2:{forbidden_port}/");
    let view = app
        .run_checks(&id, Some(std::slice::from_ref(&key)), false, no_progress())
        .unwrap();
    assert_eq!(result(&view.results, &key).state, CheckState::Done);
    assert!(world.forbidden_hits.load(Ordering::SeqCst) > 0);
}

#[test]
fn bad_settings_are_refused_and_results_follow_case_changes() {
    let world = World::start();
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), &world.settings());
    let mut s = world.settings();
    s.resolver = "not an address".into();
    assert!(
        app.set_checks_settings(&s)
            .unwrap_err()
            .to_string()
            .contains("not an address like")
    );
    s = world.settings();
    s.rdap_domain_url = "ftp://x".into();
    assert!(app.set_checks_settings(&s).is_err());

    let mut fields = world.front_company();
    let id: CaseId = app.create_case(&fields).unwrap();
    app.run_checks(&id, None, true, no_progress()).unwrap();
    fields.referee_emails.clear();
    app.update_case(&id, &fields).unwrap();
    let view = app.checks_view(&id).unwrap();
    // Old results stay until the next run; the next run drops checks no longer planned.
    assert!(
        view.results
            .iter()
            .any(|r| r.key == "registration:oldfirm.test")
    );
    let view = app.run_checks(&id, None, true, no_progress()).unwrap();
    assert!(
        !view
            .results
            .iter()
            .any(|r| r.key == "registration:oldfirm.test")
    );
    fields.emails.push("new@acme-dev.test".into());
    fields.phones.push("+447400123456".into());
    app.update_case(&id, &fields).unwrap();
    assert!(app.checks_view(&id).unwrap().not_yet_run.is_empty());
    fields.emails.push("x@fresh.test".into());
    app.update_case(&id, &fields).unwrap();
    assert!(
        app.checks_view(&id)
            .unwrap()
            .not_yet_run
            .contains(&"registration:fresh.test".to_string())
    );
    // History of runs is in the audit log.
    let runs = app
        .case_history(&id)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == bonafide::audit::EventKind::ChecksRun)
        .count();
    assert_eq!(runs, 2);
}

/// The case of a new user on a network whose resolver knows no name: an honest candidate
/// with an ordinary domain.
fn honest_candidate() -> CaseFields {
    CaseFields {
        kind: bonafide::model::SubjectKind::Person,
        display_name: "Alex Kim".into(),
        emails: vec!["alex.kim@alexkim.test".into()],
        websites: vec!["https://alexkim.test".into()],
        country: "US".into(),
        ..Default::default()
    }
}

fn flags(view: &bonafide::app::ChecksView) -> Vec<String> {
    view.results
        .iter()
        .flat_map(|r| &r.findings)
        .filter(|f| f.signal == Signal::RedFlag)
        .map(|f| f.summary.clone())
        .collect()
}

#[test]
fn a_resolver_that_answers_no_such_name_to_everything_raises_no_alarm() {
    let world = World::start();
    let dir = tempfile::tempdir().unwrap();
    let mut s = world.settings();
    // NXDOMAIN for every name, the anchor included: a captive portal or filtering resolver.
    s.resolver = mock::dns(Vec::new()).to_string();
    let app = open(dir.path(), &s);
    let id = app.create_case(&honest_candidate()).unwrap();
    let view = app.run_checks(&id, None, false, no_progress()).unwrap();

    assert_eq!(flags(&view), Vec::<String>::new());
    for key in ["dns:alexkim.test", "hosting:alexkim.test"] {
        let r = result(&view.results, key);
        assert_eq!(
            r.state,
            CheckState::NotRunUnresolved,
            "{key}: {}",
            r.message
        );
        assert!(r.state.is_not_run());
        assert!(
            r.message.contains("names do not resolve on this network")
                && r.message.contains("example.com"),
            "{}",
            r.message
        );
    }
    // The website fetch met the same resolver: not run either, not "could not be completed".
    assert_eq!(
        result(&view.results, "website:https://alexkim.test/").state,
        CheckState::NotRunUnresolved
    );
    for p in view
        .proposals
        .iter()
        .filter(|p| p.item_id == "company.hosting")
    {
        assert_eq!(p.outcome, Outcome::Pending, "{}", p.summary);
    }

    // The same domain behind the world's working resolver, which answers for the anchor:
    // its "no such name" is evidence now, and is reported as such.
    app.set_checks_settings(&world.settings()).unwrap();
    let view = app.run_checks(&id, None, false, no_progress()).unwrap();
    let dns = result(&view.results, "dns:alexkim.test");
    assert_eq!(dns.state, CheckState::Done);
    assert!(
        flags(&view).contains(&"alexkim.test does not exist in DNS".to_string()),
        "{:?}",
        flags(&view)
    );
}

#[test]
fn a_resolver_that_never_answers_raises_no_alarm() {
    let world = World::start();
    let dir = tempfile::tempdir().unwrap();
    let mut s = world.settings();
    // Receives queries and never answers.
    let silent = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    s.resolver = silent.local_addr().unwrap().to_string();
    s.timeout_secs = 2;
    let app = open(dir.path(), &s);
    let id = app.create_case(&honest_candidate()).unwrap();
    let view = app.run_checks(&id, None, false, no_progress()).unwrap();
    assert_eq!(flags(&view), Vec::<String>::new());
    for key in ["dns:alexkim.test", "hosting:alexkim.test"] {
        assert!(result(&view.results, key).state.is_not_run(), "{key}");
    }
    assert!(
        !view
            .proposals
            .iter()
            .any(|p| p.outcome != Outcome::Pending && p.item_id == "company.hosting")
    );
    drop(silent);
}
