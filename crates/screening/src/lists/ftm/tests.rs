use super::*;
use crate::entry::{IdentifierKind, NameType};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/lists/opensanctions")
            .join(name),
    )
    .expect("fixture exists")
}

fn parse(text: &str) -> Result<Vec<ParsedList>, ListError> {
    parse_ftm("export.json", text.as_bytes(), Some("2026-11-30"))
}

fn list<'a>(lists: &'a [ParsedList], dataset: &str) -> &'a ParsedList {
    lists
        .iter()
        .find(|l| l.source.id == format!("opensanctions:{dataset}"))
        .unwrap_or_else(|| panic!("no list for {dataset}"))
}

#[test]
fn every_source_dataset_is_a_list_of_its_own() {
    let lists = parse_ftm(
        "entities.ftm.json",
        fixture("entities.ftm.json").as_slice(),
        None,
    )
    .unwrap();
    let ids: Vec<&str> = lists.iter().map(|l| l.source.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "opensanctions:eu_fsf",
            "opensanctions:jp_mof_sanctions",
            "opensanctions:kr_mofa_sanctions",
            "opensanctions:us_ofac_sdn"
        ]
    );
    let kr = list(&lists, "kr_mofa_sanctions");
    assert_eq!(kr.source.publisher, "Ministry of Foreign Affairs (KR)");
    assert!(kr.source.licence.contains("non-commercial"));
    assert_eq!(kr.publish_date.as_deref(), Some("2026-11-28"));
    assert!(kr.publish_date_from_file);
    let ri = &kr.entries[0];
    assert_eq!(ri.id, "NK-fx-ri-song-hyon");
    assert_eq!(ri.primary_name(), "Ri Song Hyon");
    let kind_of = |n: &str| ri.names.iter().find(|x| x.name == n).map(|x| x.name_type);
    assert_eq!(kind_of("리성현"), Some(NameType::OriginalScript));
    assert_eq!(kind_of("Sunny Lee"), Some(NameType::Weak));
    assert_eq!(ri.nationalities, ["KP"]);
    assert_eq!(ri.dates_of_birth, ["1985-07-12"]);
    // Each list carries the programmes its own government named, not the others'.
    assert_eq!(ri.programs, ["Autonomous sanctions on DPRK IT workers"]);
    let us = list(&lists, "us_ofac_sdn");
    let ri_us = us.entries.iter().find(|e| e.id == ri.id).unwrap();
    assert_eq!(ri_us.programs, ["DPRK3"]);
    assert!(
        ri_us
            .identifiers
            .iter()
            .any(|i| i.kind == IdentifierKind::Wallet
                && i.label == "Digital Currency Address - ETH"
                && i.value.starts_with("0x9F3C"))
    );
    assert!(ri_us.identifiers.iter().any(|i| i.value == "836410112"));
    assert!(
        ri_us
            .identifiers
            .iter()
            .any(|i| i.kind == IdentifierKind::Email)
    );
    assert!(
        ri_us
            .relations
            .iter()
            .any(|r| r.role == "owner of" && r.name.starts_with("Morning Dew"))
    );
    assert!(
        ri_us
            .relations
            .iter()
            .any(|r| r.role == "linked to (recruiter)" && r.name == "Kim Chol Su")
    );
}

#[test]
fn linked_parties_that_are_not_targets_are_context_only() {
    let lists = parse_ftm(
        "entities.ftm.json",
        fixture("entities.ftm.json").as_slice(),
        None,
    )
    .unwrap();
    let eu = list(&lists, "eu_fsf");
    assert_eq!(eu.entries.len(), 1, "Zhang Wei Ming is not a target");
    let dew = &eu.entries[0];
    assert!(dew.addresses.iter().any(|a| a.contains("Shenyang")));
    assert!(
        dew.relations
            .iter()
            .any(|r| r.role == "has as director (General manager)" && r.name == "Zhang Wei Ming")
    );
    assert_eq!(dew.programs, ["EU-PRK"]);
    assert_eq!(eu.source.publisher, "European Union (EU)");
}

#[test]
fn the_nested_export_gives_the_same_entries() {
    let flat = parse_ftm(
        "entities.ftm.json",
        fixture("entities.ftm.json").as_slice(),
        None,
    )
    .unwrap();
    let nested = parse_ftm(
        "targets.nested.json",
        fixture("targets.nested.json").as_slice(),
        None,
    )
    .unwrap();
    assert_eq!(flat.len(), nested.len());
    for (a, b) in flat.iter().zip(&nested) {
        assert_eq!(a.source, b.source);
        let mut ea = a.entries.clone();
        let mut eb = b.entries.clone();
        for e in ea.iter_mut().chain(eb.iter_mut()) {
            e.relations
                .sort_by(|x, y| (&x.role, &x.id).cmp(&(&y.role, &y.id)));
        }
        assert_eq!(ea, eb, "{}", a.source.id);
    }
}

#[test]
fn a_malformed_line_stops_the_import_with_its_number() {
    let good = r#"{"id": "a", "schema": "Person", "properties": {"name": ["A B"]}, "datasets": ["x"], "target": true}"#;
    let err = parse(&format!(
        "{good}\n{{\"id\": \"b\", \"schema\": \"Person\"\n"
    ))
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("line 2") && err.contains("one JSON entity"),
        "{err}"
    );
    let err = parse(&format!("{good}\n[1, 2]\n")).unwrap_err().to_string();
    assert!(
        err.contains("line 2") && err.contains("JSON object"),
        "{err}"
    );
    let err = parse(&format!("{good}\n{{\"schema\": \"Person\"}}\n"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("no \"id\""), "{err}");
    let err = parse(r#"{"id": "a", "schema": "Person", "properties": {"name": "A"}}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a list of values"), "{err}");
    let mut latin1 = format!("{good}\n").into_bytes();
    latin1.extend_from_slice(
        b"{\"id\": \"b\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Ren\xe9\"]}}\n",
    );
    let err = parse_ftm("x.json", latin1.as_slice(), None).unwrap_err();
    assert!(
        matches!(
            err,
            ListError::Encoding {
                line: 2,
                byte: 0xE9,
                ..
            }
        ),
        "{err}"
    );
    assert!(parse("").unwrap_err().to_string().contains("no entities"));
    let only_links = r#"{"id": "s", "schema": "Sanction", "properties": {"entity": ["a"]}}"#;
    assert!(
        parse(only_links)
            .unwrap_err()
            .to_string()
            .contains("no screenable targets")
    );
}

#[test]
fn unknown_schemata_are_left_out_with_a_warning() {
    let text = r#"{"id": "a", "schema": "Person", "properties": {"name": ["A B"]}, "datasets": ["x"], "target": true}
{"id": "b", "schema": "Spaceship", "properties": {"name": ["Enterprise"]}, "datasets": ["x"], "target": true}
{"id": "c", "schema": "Spaceship", "properties": {}, "datasets": ["x"]}"#;
    let lists = parse(text).unwrap();
    assert_eq!(lists[0].entries.len(), 1);
    assert!(
        lists[0]
            .warnings
            .iter()
            .any(|w| w.starts_with("2 entities of schema \"Spaceship\"")),
        "{:?}",
        lists[0].warnings
    );
    // No last_seen: the file date stands in, and the warning says so.
    assert_eq!(lists[0].publish_date.as_deref(), Some("2026-11-30"));
    assert!(!lists[0].publish_date_from_file);
}

#[test]
fn entities_without_datasets_or_names_are_accounted_for() {
    let text = r#"{"id": "a", "schema": "Company", "properties": {"name": ["Acme Trading"]}}
{"id": "b", "schema": "Person", "properties": {"birthDate": ["1970"]}, "datasets": ["x"], "target": true}"#;
    let lists = parse(text).unwrap();
    assert_eq!(lists[0].source.id, "opensanctions:unattributed");
    assert!(
        lists[0]
            .warnings
            .iter()
            .any(|w| w.contains("1 targets carry no name"))
    );
}

#[test]
fn an_overlong_line_is_refused_without_reading_on() {
    let mut text = String::from(r#"{"id": "a", "schema": "Person", "properties": {"name": [""#);
    text.push_str(&"x".repeat(MAX_LINE_BYTES as usize + 10));
    let err = parse(&text).unwrap_err().to_string();
    assert!(
        err.contains("line 1") && err.contains("longer than"),
        "{err}"
    );
}
