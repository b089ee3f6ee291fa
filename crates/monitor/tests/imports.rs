//! The import formats, read from made-up files in each vendor's documented shape, and bad
//! files refused with a message that says where and what.

use std::io::BufReader;
use std::path::PathBuf;

use bonafide_monitor::inventory::{self, InventoryFormat, SoftwareSource};
use bonafide_monitor::signins::{self, SignInFormat};
use bonafide_monitor::{MonitorError, read_inventory, read_signins};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

fn read(name: &str, f: SignInFormat) -> signins::SignInLog {
    read_signins(BufReader::new(&bytes(name)[..]), f).unwrap()
}

#[test]
fn every_format_is_told_from_its_start() {
    for (name, f) in [
        ("minimal.csv", SignInFormat::Minimal),
        ("okta.json", SignInFormat::OktaJson),
        ("entra.json", SignInFormat::EntraJson),
        ("entra.csv", SignInFormat::EntraCsv),
        ("google.json", SignInFormat::GoogleJson),
    ] {
        assert_eq!(signins::detect(&bytes(name)), Some(f), "{name}");
        assert_eq!(
            inventory::detect(&bytes(name)),
            None,
            "{name} is not an inventory"
        );
    }
    assert_eq!(
        inventory::detect(&bytes("osquery.json")),
        Some(InventoryFormat::Osquery)
    );
    assert_eq!(
        inventory::detect(&bytes("intune.csv")),
        Some(InventoryFormat::IntuneCsv)
    );
    assert_eq!(signins::detect(&bytes("osquery.json")), None);
    assert_eq!(signins::detect(b"name,email\nAna,a@example.com\n"), None);
}

#[test]
fn the_minimal_csv_keeps_every_column() {
    let log = read("minimal.csv", SignInFormat::Minimal);
    assert_eq!(log.rows.len(), 5);
    let r = &log.rows[0];
    assert_eq!(r.line, 2);
    assert_eq!(&*r.account, "ana.ruiz@example.com");
    assert_eq!(r.ip.to_string(), "24.5.10.1");
    assert_eq!(r.at, 1772460300);
    assert_eq!((&*r.device_id, &*r.mfa_device), ("LAPTOP-01", "phone-ana"));
    assert_eq!(r.success, None, "the minimal form has no status");
}

#[test]
fn okta_reads_sign_in_events_across_pages_and_skips_the_rest() {
    let log = read("okta.json", SignInFormat::OktaJson);
    assert_eq!(
        log.rows.len(),
        3,
        "two session starts and one SSO, over two pages"
    );
    assert_eq!(log.skipped, 1, "the session end");
    let first = &log.rows[0];
    assert_eq!(&*first.account, "ana.ruiz@example.com", "lower-cased");
    assert_eq!(first.location, Some((39.95, -75.16)));
    assert_eq!(&*first.device_id, "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    assert_eq!(log.rows[2].line, 4, "events are numbered across pages");
    assert_eq!(log.rows[2].success, Some(false));
}

#[test]
fn entra_json_and_csv_give_the_same_rows() {
    let json = read("entra.json", SignInFormat::EntraJson);
    assert_eq!(json.rows.len(), 2);
    assert_eq!(json.rows[0].success, Some(true));
    assert_eq!(json.rows[1].success, Some(false), "errorCode 50126");
    assert_eq!(json.rows[1].ip.to_string(), "2001:4860:4860::8888");
    assert_eq!(
        &*json.rows[1].device_id,
        "d1b5c7e0-0000-4000-8000-000000000001"
    );
    let csv = read("entra.csv", SignInFormat::EntraCsv);
    assert_eq!(csv.rows.len(), 2);
    assert_eq!(csv.rows[0].at, json.rows[0].at);
    assert_eq!(&*csv.rows[0].user_agent, "Mozilla/5.0 (X11; Linux x86_64)");
    assert_eq!(csv.rows[1].success, Some(false));
    // The MFA *method* is the same for everyone; it must not be taken for a device.
    assert!(csv.rows.iter().all(|r| r.mfa_device.is_empty()));
    // A bare array and one event per line read the same as the Graph page.
    let one = r#"{"createdDateTime":"2026-03-02T14:05:00Z","userPrincipalName":"a@example.com","ipAddress":"24.5.10.1"}"#;
    for text in [format!("[{one}]"), format!("{one}\n{one}\n")] {
        let log = read_signins(text.as_bytes(), SignInFormat::EntraJson).unwrap();
        assert!(!log.rows.is_empty());
    }
}

#[test]
fn google_reads_login_success_and_failure_only() {
    let log = read("google.json", SignInFormat::GoogleJson);
    assert_eq!(log.rows.len(), 1);
    assert_eq!(log.skipped, 1, "the logout");
    assert_eq!(&*log.rows[0].account, "ana.ruiz@example.com");
}

fn error(text: &[u8], f: SignInFormat) -> String {
    match read_signins(text, f) {
        Err(e) => e.to_string(),
        Ok(log) => panic!("{:?} was read: {log:?}", String::from_utf8_lossy(text)),
    }
}

#[test]
fn bad_logs_are_refused_with_where_and_what() {
    let e = error(
        b"when,who,where\n2026-03-02T14:05:00Z,a@example.com,24.5.10.1\n",
        SignInFormat::Minimal,
    );
    assert!(
        e.contains("no time, account, ip column") && e.contains("when, who, where"),
        "{e}"
    );
    let e = error(b"time,account,ip\n2026-03-02T14:05:00Z,a@example.com,24.5.10.1\nyesterday,a@example.com,24.5.10.1\n", SignInFormat::Minimal);
    assert!(
        e.starts_with("line 3 of the sign-in CSV") && e.contains("offset"),
        "{e}"
    );
    let e = error(
        b"time,account,ip\n2026-03-02T14:05:00Z,a@example.com,24.5.10.300\n",
        SignInFormat::Minimal,
    );
    assert!(
        e.contains("line 2") && e.contains("not an IP address"),
        "{e}"
    );
    let e = error(
        b"time,account,ip\n2026-03-02T14:05:00Z,\xff\xfe,24.5.10.1\n",
        SignInFormat::Minimal,
    );
    assert!(e.contains("not UTF-8"), "{e}");
    let utf16: Vec<u8> = "\u{feff}time,account,ip\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let e = error(&utf16, SignInFormat::Minimal);
    assert!(e.contains("UTF-8"), "{e}");
    let truncated = &bytes("okta.json")[..200];
    let e = error(truncated, SignInFormat::OktaJson);
    assert!(e.contains("ends too early"), "{e}");
    let e = error(b"[{\"published\": 5}]", SignInFormat::OktaJson);
    assert!(e.contains("shape"), "{e}");
    let e = error(b"[]", SignInFormat::EntraJson);
    assert!(e.contains("no events"), "{e}");
    let e = error(b"Date (UTC),User\n", SignInFormat::EntraCsv);
    assert!(e.contains("Username") && e.contains("IP address"), "{e}");
}

#[test]
fn inventories_read_every_table_they_hold() {
    let inv = read_inventory(
        BufReader::new(&bytes("osquery.json")[..]),
        InventoryFormat::Osquery,
    )
    .unwrap();
    assert_eq!(inv.usb.len(), 3);
    assert_eq!(
        (
            inv.usb[0].vendor_id.as_str(),
            inv.usb[0].product_id.as_str()
        ),
        ("1d6b", "0104")
    );
    let sources: Vec<SoftwareSource> = inv.software.iter().map(|s| s.source).collect();
    assert_eq!(
        sources,
        [
            SoftwareSource::DebPackage,
            SoftwareSource::DebPackage,
            SoftwareSource::Process
        ]
    );
    let intune = read_inventory(
        BufReader::new(&bytes("intune.csv")[..]),
        InventoryFormat::IntuneCsv,
    )
    .unwrap();
    assert_eq!(intune.software.len(), 2);
    assert_eq!(intune.software[1].name, "Astrill VPN");
    assert_eq!(intune.software[1].identifier, "LAPTOP-EX01");
    let e = read_inventory(&b"[{\"vendor_id\":\"1d6b\""[..], InventoryFormat::Osquery).unwrap_err();
    assert!(e.to_string().contains("ends too early"), "{e}");
    let e = read_inventory(&b"Name,Version\nx,1\n"[..], InventoryFormat::IntuneCsv).unwrap_err();
    assert!(e.to_string().contains("ApplicationName"), "{e}");
    assert!(matches!(
        read_inventory(&b"[]"[..], InventoryFormat::Osquery),
        Err(MonitorError::Inventory { .. })
    ));
}
