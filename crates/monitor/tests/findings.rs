//! Findings raised by made-up imports against the shipped tables: each with its rows, and
//! nothing for a clean case.

use std::io::BufReader;
use std::path::PathBuf;

use bonafide_monitor::{
    Catalog, FindingKind, InventoryFormat, NetworkTable, SignInFormat, SignInLog, Subject, Weight,
    analyse_inventory, analyse_signins, read_inventory, read_signins,
};

fn log(name: &str, f: SignInFormat) -> SignInLog {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    read_signins(BufReader::new(std::fs::File::open(path).unwrap()), f).unwrap()
}

fn ana() -> Subject {
    Subject {
        accounts: vec!["ana.ruiz@example.com".into()],
        country: "US".into(),
        time_zone: "America/New_York".into(),
        company_networks: Vec::new(),
    }
}

fn kinds(a: &bonafide_monitor::Assessment) -> Vec<FindingKind> {
    a.findings.iter().map(|f| f.kind).collect()
}

#[test]
fn the_catalog_cites_a_known_source_for_every_entry() {
    assert_eq!(
        Catalog::shipped().unknown_source_keys(),
        Vec::<String>::new()
    );
}

#[test]
fn hosting_and_foreign_sign_ins_are_found_with_their_rows() {
    let t = NetworkTable::shipped();
    let r = analyse_signins(
        &log("minimal.csv", SignInFormat::Minimal),
        &ana(),
        &t,
        Catalog::shipped(),
    );
    assert_eq!(
        (r.matched, r.other_accounts),
        (4, 1),
        "Ben's row is not Ana's"
    );
    assert_eq!(
        kinds(&r.assessment),
        [FindingKind::HostingNetwork, FindingKind::OtherCountry]
    );
    let hosting = &r.assessment.findings[0];
    assert_eq!(hosting.rows.len(), 1);
    assert_eq!(hosting.rows[0].line, 4);
    assert!(
        hosting.rows[0].text.contains("13.32.0.1") && hosting.rows[0].text.contains("AS16509"),
        "{:?}",
        hosting.rows
    );
    assert!(
        hosting.summary.contains("Amazon Web Services"),
        "{}",
        hosting.summary
    );
    assert!(
        hosting
            .sources
            .iter()
            .any(|s| s.contains("AWS Peering Policy")),
        "{:?}",
        hosting.sources
    );
    assert!(
        hosting
            .sources
            .iter()
            .filter(|s| s.contains("ip-location-db"))
            .count()
            == 1
            && hosting
                .sources
                .iter()
                .any(|s| s.contains("CC BY 4.0") && s.contains("RouteViews")),
        "the IP data's licence is shown"
    );
    let foreign = &r.assessment.findings[1];
    assert_eq!(foreign.rows.iter().map(|c| c.line).collect::<Vec<_>>(), [5]);
    assert!(foreign.summary.contains("RU (1)"), "{}", foreign.summary);
    assert!(
        !foreign.summary.to_lowercase().contains("russian"),
        "a network's country, not a nationality"
    );
    assert!(
        r.assessment
            .findings
            .iter()
            .all(|f| f.weight == Weight::Concern && f.item_id == "monitoring.access")
    );
    // What this log cannot show is said, not passed over.
    let notes = r.assessment.not_assessed.join(" ");
    assert!(
        notes.contains("Impossible travel was not assessed"),
        "{notes}"
    );
    assert!(notes.contains("too few"), "{notes}");
    assert_eq!(r.addresses.len(), 3);
    assert_eq!(
        r.mfa_devices.len(),
        2,
        "every account's MFA device is kept for the cross-case check"
    );
}

#[test]
fn a_clean_case_has_no_findings() {
    let mut csv = String::from("time,account,ip\n");
    for day in 2..=13 {
        csv.push_str(&format!(
            "2026-03-{day:02}T15:00:00Z,ana.ruiz@example.com,24.5.10.1\n"
        ));
    }
    let log = read_signins(csv.as_bytes(), SignInFormat::Minimal).unwrap();
    let r = analyse_signins(&log, &ana(), &NetworkTable::shipped(), Catalog::shipped());
    assert_eq!(r.matched, 12);
    assert!(
        r.assessment.findings.is_empty(),
        "{:?}",
        r.assessment.findings
    );
    assert!(
        r.out_of_hours_share.unwrap() < 0.5,
        "weekends count as out of hours"
    );
}

#[test]
fn sign_ins_at_night_in_the_claimed_time_zone_are_found() {
    let mut csv = String::from("time,account,ip\n");
    for day in 2..=13 {
        // 08:00 UTC is 03:00 or 04:00 in New York.
        csv.push_str(&format!(
            "2026-03-{day:02}T08:00:00Z,ana.ruiz@example.com,24.5.10.1\n"
        ));
    }
    let log = read_signins(csv.as_bytes(), SignInFormat::Minimal).unwrap();
    let r = analyse_signins(&log, &ana(), &NetworkTable::shipped(), Catalog::shipped());
    assert_eq!(kinds(&r.assessment), [FindingKind::OutOfHours]);
    let f = &r.assessment.findings[0];
    assert_eq!(f.row_count, 12);
    assert!(
        f.rows[0].text.contains("03:00 local") || f.rows[0].text.contains("04:00 local"),
        "{:?}",
        f.rows[0]
    );
    // Without a time zone the hours are not judged, and the note says so.
    let no_zone = Subject {
        time_zone: String::new(),
        ..ana()
    };
    let r = analyse_signins(&log, &no_zone, &NetworkTable::shipped(), Catalog::shipped());
    assert!(r.assessment.findings.is_empty());
    assert!(
        r.assessment
            .not_assessed
            .iter()
            .any(|n| n.contains("no time zone"))
    );
}

#[test]
fn impossible_travel_uses_the_logs_own_locations() {
    let r = analyse_signins(
        &log("okta.json", SignInFormat::OktaJson),
        &ana(),
        &NetworkTable::shipped(),
        Catalog::shipped(),
    );
    assert!(
        kinds(&r.assessment).contains(&FindingKind::ImpossibleTravel),
        "{:?}",
        r.assessment
    );
    let f = r
        .assessment
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::ImpossibleTravel)
        .unwrap();
    assert_eq!(f.rows.iter().map(|c| c.line).collect::<Vec<_>>(), [1, 2]);
    assert!(f.rows[1].text.contains("km in 0.8 h"), "{:?}", f.rows[1]);
    assert_eq!(r.failed, 1, "the failed SSO is counted, not judged");
}

#[test]
fn a_pikvm_and_two_remote_access_tools_are_found() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/osquery.json");
    let inv = read_inventory(
        BufReader::new(std::fs::File::open(path).unwrap()),
        InventoryFormat::Osquery,
    )
    .unwrap();
    let a = analyse_inventory(&inv, Catalog::shipped());
    assert_eq!(
        kinds(&a),
        [FindingKind::IpKvm, FindingKind::RemoteAccessTools]
    );
    let kvm = &a.findings[0];
    assert_eq!(
        kvm.row_count, 1,
        "the root hub 1d6b:0003 and the Logitech receiver are not KVMs"
    );
    assert!(kvm.summary.contains("PiKVM"), "{}", kvm.summary);
    assert!(
        kvm.sources.iter().any(|s| s.contains("kvmd")),
        "{:?}",
        kvm.sources
    );
    let tools = &a.findings[1];
    assert_eq!(tools.weight, Weight::Concern);
    assert!(
        tools.summary.contains("AnyDesk, RustDesk"),
        "{}",
        tools.summary
    );
    assert_eq!(tools.row_count, 2);
}

#[test]
fn a_vpn_client_in_the_mdm_inventory_is_found_and_a_clean_one_is_not() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/intune.csv");
    let inv = read_inventory(
        BufReader::new(std::fs::File::open(path).unwrap()),
        InventoryFormat::IntuneCsv,
    )
    .unwrap();
    let a = analyse_inventory(&inv, Catalog::shipped());
    assert_eq!(kinds(&a), [FindingKind::VpnClient]);
    assert!(
        a.findings[0]
            .sources
            .iter()
            .any(|s| s.contains("Secureworks"))
    );
    let clean = read_inventory(
        &b"ApplicationName,ApplicationPublisher,DeviceName\nExample PDF Reader,Example Ltd,LAPTOP-EX01\n"[..],
        InventoryFormat::IntuneCsv,
    )
    .unwrap();
    let a = analyse_inventory(&clean, Catalog::shipped());
    assert!(a.findings.is_empty());
    assert!(
        a.not_assessed
            .iter()
            .any(|n| n.contains("USB devices were not assessed"))
    );
}

#[test]
fn sign_ins_from_the_companys_own_networks_are_not_judged_and_the_note_says_so() {
    let subject = Subject {
        company_networks: vec!["13.32.0.0/16".parse().unwrap()],
        ..ana()
    };
    let r = analyse_signins(
        &log("minimal.csv", SignInFormat::Minimal),
        &subject,
        &NetworkTable::shipped(),
        Catalog::shipped(),
    );
    assert_eq!(
        kinds(&r.assessment),
        [FindingKind::OtherCountry],
        "the company VPN in AWS is not a hosting finding"
    );
    assert!(
        r.assessment
            .not_assessed
            .iter()
            .any(|n| n.contains("1 sign-in(s) came from your company's own networks"))
    );
    let company = r.addresses.iter().find(|a| a.ip == "13.32.0.1").unwrap();
    assert_eq!(
        company.class,
        Some(bonafide_monitor::catalog::NetworkClass::Company),
        "left out of the shared-address check"
    );
}
