use super::*;
use serde_json::json;

fn rich() -> Record {
    let mut r = crate::tests::sample();
    r.case.kind = SubjectKind::Company;
    let f = &mut r.case.fields;
    f.other_names = vec!["J. Doe".into(), "金正".into()];
    f.role = "Engineer".into();
    f.emails = vec!["a@b.c".into(), "d@e.f".into()];
    f.phones = vec!["+1 555".into()];
    f.country = "GB".into();
    f.city = "London".into();
    f.websites = vec!["https://x.example".into()];
    f.date_of_birth = "1990-01-01".into();
    f.company_name = "Acme".into();
    f.company_registration_number = "123".into();
    f.company_country = "".into();
    f.payout_account_holder = "Jane".into();
    f.payout_account = "GB00".into();
    f.payout_bank_country = "GB".into();
    f.wallets = vec!["0xabc".into()];
    f.shipping_address = "1 Road".into();
    f.sourcing_channel = "LinkedIn".into();
    f.consent_recorded = true;
    f.notes = "some notes".into();
    let outs = Outcome::ALL;
    let sevs = [Severity::Critical, Severity::High, Severity::Medium, Severity::Low];
    let phases = [Phase::PreHire, Phase::Onboarding, Phase::AfterHire];
    for (i, it) in r.items.iter_mut().enumerate() {
        it.outcome = outs[i % 5];
        it.severity = sevs[i % 4];
        it.phase = phases[i % 3];
        if i == 3 { it.section_id = "C".into(); it.section_title = "Other".into(); it.updated_at = None; }
        if i == 1 { it.note = "long ".repeat(80); }
    }
    let mut more = r.items.clone();
    for (i, it) in more.iter_mut().enumerate() {
        it.position += 10;
        it.item_id = format!("more.{i}");
        it.outcome = outs[(i + 2) % 5];
        it.severity = sevs[(i + 1) % 4];
        it.phase = Phase::PreHire;
        it.section_id = "D".into();
    }
    r.items.extend(more);
    r.evidence[1].effective_date = Some("2026-01-01".into());
    r.evidence[1].note = "from the call".into();
    r.evidence[2].sha256 = None;
    r.evidence[2].name = "https://link.example".into();
    r.evidence[3].size = Some(5_000_000);
    r.evidence[0].size = Some(50_000);
    r.evidence[0].media_type = None;
    r.findings = vec![
        json!({"key": "email_domain:a@b.c", "target": "a@b.c", "state": "done", "finished_at": "2026-11-02", "message": "ok",
            "findings": [
                {"signal": "red_flag", "summary": "disposable", "item_id": "contact.email",
                 "facts": [{"label": "Domain", "value": "b.c"}], "passages": ["shared text"],
                 "related_case_id": "c2", "related_case_name": "Other Case"},
                {"signal": "ok", "summary": "fine", "item_id": "x"},
                {"signal": "other", "summary": "info one", "item_id": "y"}],
            "evidence": [
                {"source_url": "https://rdap", "retrieved_at": "2026-11-02", "status": 200, "size": 1234, "truncated": true, "sha256": "abcd"},
                {"source_url": "https://rdap2", "retrieved_at": "2026-11-02", "size": 12, "sha256": "ef"}]}),
        json!({"key": "rdap", "target": "x", "state": "not_run_offline", "finished_at": "t", "message": "m"}),
        json!({"key": "rdap", "target": "x", "state": "not_run_timed_out", "finished_at": "t", "message": "m"}),
        json!({"key": "rdap", "target": "x", "state": "failed", "finished_at": "t", "message": "m"}),
        json!({"key": "rdap", "target": "x", "state": "weird", "finished_at": "t", "message": "m"}),
    ];
    let hit = |list: &str, id: &str, score: f64| json!({
        "name": "JANE DOE", "list": list, "entry_id": id, "score": score, "entry_key": format!("k{id}"),
        "entry": {"kind": "person", "names": [{"name": "Jane Doe", "type": "primary_name"}, {"name": "J D", "type": "weak_alias"}],
            "programs": ["DPRK"], "dates_of_birth": ["1990"], "nationalities": [], "addresses": ["Pyongyang"], "sources": ["ofac"],
            "identifiers": [{"label": "Passport", "value": "P1"}]},
        "query": "Jane Doe", "query_role": "display_name", "matched_name_type": "primary_name", "matched_name": "Jane Doe", "name_score": 0.97,
        "pairs": [{"query": "jane", "candidate": "jane", "score": 1.0, "reason": "exact_match"}],
        "unmatched_query": ["x"], "unmatched_entry": [],
        "qualifiers": [{"what": "dob", "effect": -0.1, "detail": "differs"}],
        "identifiers": [{"kind": "passport", "subject_value": "P1", "detail": "same"}]
    });
    r.screenings = vec![
        json!({"screening": {"screened_at": "2026-11-02", "screened_by": "Alice", "reason": "case_opened",
            "matcher_version": "m1", "thresholds": {"review": 0.8, "strong": 0.95}, "subject_key": "s1",
            "lists": [{"title": "OFAC SDN", "published": "2026-10-01", "entity_count": 1000, "stale": true, "sha256": "aa", "watchlist": false},
                      {"title": "Fronts", "entity_count": 3, "sha256": "bb", "watchlist": true}],
            "queries": [{"name": "Jane Doe", "role": "display_name", "normalised": "jane doe"}],
            "identifiers": ["P1", "P2"],
            "hits": [hit("ofac", "1", 0.97), hit("watchlist", "2", 0.85), hit("ofac", "3", 0.81)]},
          "dispositions": [
            {"list": "ofac", "entry_id": "1", "subject_key": "s1", "entry_key": "k1", "disposition": "false_positive", "decided_by": "Bob", "decided_at": "t1", "rationale": "different dob"},
            {"list": "watchlist", "entry_id": "2", "subject_key": "old", "entry_key": "k2", "disposition": "true_match", "decided_by": "Bob", "decided_at": "t2", "rationale": "r"}],
          "proposals": [{"item_id": "sanctions.screen", "outcome": "not_applicable", "summary": "nothing found"}]}),
        json!({"screening": {"screened_at": "2026-11-03", "screened_by": "Alice", "reason": "manual",
            "matcher_version": "m1", "thresholds": {"review": 0.8, "strong": 0.95},
            "lists": [{"title": "Fronts", "published": "x", "entity_count": 3, "sha256": "bb", "watchlist": true}],
            "queries": [], "hits": []}}),
    ];
    r.decisions[1].material_fingerprint = Some("stale".into());
    r
}

fn bare() -> Record {
    let mut r = crate::tests::sample();
    r.items.clear();
    r.evidence.clear();
    r.decisions.clear();
    r.audit_events.clear();
    r
}

fn current_decision() -> Record {
    let mut r = crate::tests::sample();
    r.audit_events[2].payload = json!({"long": "x".repeat(900)});
    r
}

fn dump(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut out = String::new();
    for (n, id) in doc.get_pages() {
        out.push_str(&format!("=== page {n}\n{}\n", doc.extract_text(&[n]).unwrap_or_default()));
        let content = doc.get_page_content(id);
        out.push_str(&String::from_utf8_lossy(&content));
        out.push('\n');
    }
    out.push_str(&format!("=== embedded\n{}\n", String::from_utf8_lossy(&extract_record(pdf).unwrap())));
    out
}

#[test]
fn baseline_tmp_write() {
    let dir = std::env::var("BASELINE_DIR").unwrap_or("/tmp/rec_base/now".into());
    std::fs::create_dir_all(&dir).unwrap();
    for (n, r) in [("sample", crate::tests::sample()), ("rich", rich()), ("bare", bare()), ("current", current_decision())] {
        let a = render_pdf(&r, "2026-11-05T00:00:00Z").unwrap();
        std::fs::write(format!("{dir}/{n}.pdf"), &a).unwrap();
        std::fs::write(format!("{dir}/{n}.txt"), dump(&a)).unwrap();
        assert!(matches!(verify_pdf_bytes(&a), Ok(VerifyOutcome::Intact(_))), "{n}");
    }
}
