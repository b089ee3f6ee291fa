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

mod delivery {
    use bonafide_model::{CaseFields, Delivery, SubjectKind};
    use bonafide_monitor::delivery::address_key;
    use bonafide_monitor::{
        Catalog, FindingKind, NetworkTable, OtherAddress, Weight, analyse_delivery,
        read_carrier_text,
    };

    fn hire() -> CaseFields {
        CaseFields {
            kind: SubjectKind::Person,
            display_name: "Ana Ruiz".into(),
            country: "US".into(),
            id_address: "12 Main Street, Apt. 4\nSpringfield, IL 62701".into(),
            shipping_address: "12 main st apt 4, Springfield IL 62701".into(),
            delivery: Delivery {
                ship_to_country: "US".into(),
                signed_by: "A. RUIZ".into(),
                ..Delivery::default()
            },
            ..CaseFields::default()
        }
    }

    fn run(f: &CaseFields, others: &[OtherAddress]) -> bonafide_monitor::Assessment {
        analyse_delivery(f, others, &NetworkTable::shipped(), Catalog::shipped())
    }

    #[test]
    fn a_clean_delivery_raises_nothing_and_says_what_it_could_not_check() {
        let a = run(&hire(), &[]);
        assert_eq!(
            a.findings,
            Vec::new(),
            "the same address, written differently"
        );
        assert!(a.not_assessed.iter().any(|n| n.contains("forwarders")));
        assert!(a.not_assessed.iter().any(|n| n.contains("first check-in")));
        // Nothing recorded at all: nothing said either.
        let nothing = CaseFields {
            display_name: "B".into(),
            ..CaseFields::default()
        };
        assert_eq!(run(&nothing, &[]), bonafide_monitor::Assessment::default());
    }

    #[test]
    fn another_address_a_shared_address_and_a_redirect_are_each_found_with_their_rows() {
        let mut f = hire();
        f.shipping_address = "77 Harbour Road, Unit 9, Newark NJ 07105".into();
        f.delivery.events = vec!["Delivery change requested: redirected to an access point".into()];
        let others = [
            OtherAddress {
                case_id: "c-2".into(),
                case_name: "Ben Ode".into(),
                address: "77 HARBOUR RD., UNIT 9, NEWARK NJ 07105".into(),
            },
            OtherAddress {
                case_id: "c-3".into(),
                case_name: "Cy Dee".into(),
                address: "78 Harbour Road, Newark".into(),
            },
        ];
        let a = run(&f, &others);
        let kinds: Vec<FindingKind> = a.findings.iter().map(|x| x.kind).collect();
        assert_eq!(
            kinds,
            [
                FindingKind::ShipToNotIdAddress,
                FindingKind::ShipToShared,
                FindingKind::DeliveryRedirected
            ]
        );
        assert_eq!(a.findings[0].rows.len(), 2);
        assert!(a.findings[0].rows[1].text.contains("Springfield"));
        assert_eq!(a.findings[1].other_cases, ["c-2"], "78 is another house");
        assert!(a.findings[1].summary.contains("Ben Ode"));
        assert!(a.findings[2].rows[0].text.contains("redirected"));
        assert!(a.findings.iter().all(|x| x.weight == Weight::Concern));
        assert!(
            a.findings
                .iter()
                .all(|x| x.item_id == "onboarding.ship_address")
        );
    }

    #[test]
    fn a_stranger_signing_is_context_and_initials_of_the_person_are_not() {
        let mut f = hire();
        f.delivery.signed_by = "J SMITH".into();
        let a = run(&f, &[]);
        assert_eq!(a.findings.len(), 1);
        assert_eq!(a.findings[0].kind, FindingKind::SignedBySomeoneElse);
        assert_eq!(a.findings[0].weight, Weight::Context);
        f.delivery.signed_by = "RUIZ".into();
        assert_eq!(run(&f, &[]).findings, Vec::new());
    }

    #[test]
    fn a_first_check_in_from_another_country_or_a_hosting_network_is_found() {
        let mut f = hire();
        // Registered in the Netherlands (RIPE NCC's own network).
        f.delivery.first_checkin_ip = "193.0.6.139".into();
        let a = run(&f, &[]);
        assert_eq!(a.findings.len(), 1, "{a:?}");
        let x = &a.findings[0];
        assert_eq!(x.kind, FindingKind::FirstCheckInElsewhere);
        assert!(x.summary.contains("from NL, not US"), "{}", x.summary);
        assert!(
            x.sources
                .iter()
                .any(|s| s.contains("geo-whois-asn-country"))
        );
        // In the right country but through a cloud provider (Vultr's AS20473).
        f.delivery.first_checkin_ip = "45.77.1.10".into();
        let a = run(&f, &[]);
        assert!(
            a.findings[0].summary.contains("hosting"),
            "{:?}",
            a.findings
        );
        // With no ship-to country, the claimed one is used, and said so.
        f.delivery.ship_to_country.clear();
        f.delivery.first_checkin_ip = "193.0.6.139".into();
        assert!(
            run(&f, &[]).findings[0]
                .summary
                .contains("the claimed country")
        );
    }

    #[test]
    fn addresses_compare_without_case_accents_punctuation_or_street_words() {
        assert_eq!(
            address_key("12 Main Street, Apt. 4"),
            address_key("12 MAIN ST APT 4")
        );
        assert_eq!(address_key("Rua São João 5"), address_key("rua sao joao 5"));
        assert_ne!(address_key("12 Main St"), address_key("21 Main St"));
    }

    #[test]
    fn carrier_texts_fill_what_they_say_and_nothing_else() {
        // Made up, in the shapes of the big carriers' tracking pages.
        let ups = "Delivered\nReceived By: DOE\nLeft At: Front Door\nShip To: 77 Harbour Road, Newark NJ\n11/28 The receiver requested this package be redirected to a UPS Access Point\n";
        let t = read_carrier_text(ups);
        assert_eq!(t.signed_by.as_deref(), Some("DOE"));
        assert_eq!(t.ship_to.as_deref(), Some("77 Harbour Road, Newark NJ"));
        assert_eq!(t.events.len(), 1);
        let fedex = "Signed for by: J.SMITH\nHold at FedEx location requested\nDelivery exception";
        let t = read_carrier_text(fedex);
        assert_eq!(t.signed_by.as_deref(), Some("J.SMITH"));
        assert_eq!(t.events, ["Hold at FedEx location requested"]);
        let usps = "Delivered, Left with Individual\nForwarded\nAvailable for Pickup";
        assert_eq!(read_carrier_text(usps).events, ["Forwarded"]);
        // Copied from a page as one run-on line, each label's value ends at the next label.
        let t = read_carrier_text(
            "Ship To: 77 Harbour Road, Leeds Received By: DOE Serial Number: C02X",
        );
        assert_eq!(t.ship_to.as_deref(), Some("77 Harbour Road, Leeds"));
        assert_eq!(t.signed_by.as_deref(), Some("DOE"));
        assert_eq!(t.device_serial.as_deref(), Some("C02X"));
        // Labels count as whole words only.
        assert_eq!(
            read_carrier_text("We deliver tomorrow between 9 and 5").ship_to,
            None
        );
        // Text with nothing recognisable fills nothing, and odd input does not panic.
        assert_eq!(
            read_carrier_text("In transit\nArrived at facility"),
            Default::default()
        );
        let _ = read_carrier_text("İSTANBUL received by: ÖZ\u{0130}\nsigned by:");
        // Filling never overwrites what a person typed.
        let mut f = hire();
        let filled = read_carrier_text(ups).fill(&mut f);
        assert_eq!(filled, ["delivery events"]);
        assert_eq!(f.delivery.signed_by, "A. RUIZ");
        assert!(f.shipping_address.starts_with("12 main st"));
        // An empty ship-to address is filled; a known event is not added twice.
        let mut f = hire();
        f.shipping_address.clear();
        f.delivery.events = vec!["Held at depot".into()];
        let t = bonafide_monitor::CarrierText {
            signed_by: Some("DOE".into()),
            ship_to: Some("77 Harbour Road".into()),
            device_serial: None,
            events: vec![
                "Held at depot".into(),
                "Redirected to an access point".into(),
            ],
        };
        assert_eq!(t.fill(&mut f), ["shipping address", "delivery events"]);
        assert_eq!(f.delivery.signed_by, "A. RUIZ");
        assert_eq!(f.shipping_address, "77 Harbour Road");
        assert_eq!(
            f.delivery.events,
            ["Held at depot", "Redirected to an access point"]
        );
    }
}
