//! After hiring, through the `bonafide` command: imports matched to a case by its work
//! accounts, findings with their rows, the cross-case address check, and bad files refused
//! with nothing kept.

mod support;

#[path = "support/cli.rs"]
mod cli_support;

use std::path::PathBuf;

use cli_support::Cli;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("crates/monitor/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// Opens Ana Ruiz's case, who claims to work from the US, with `extra` flags.
fn open_ana(cli: &Cli, extra: &[&str]) -> String {
    let mut args = vec![
        "case",
        "new",
        "--kind",
        "person",
        "--name",
        "Ana Ruiz",
        "--country",
        "US",
    ];
    args.extend_from_slice(extra);
    cli.ok(&args).trim().to_owned()
}

/// Records a decision to proceed, which starts the case's monitoring plan.
fn proceed(cli: &Cli, case: &str) {
    cli.ok(&[
        "decide",
        case,
        "--decision",
        "proceed",
        "--rationale",
        "all checks passed",
        "--reviewer",
        "Owner",
    ]);
}

fn kinds(import: &serde_json::Value) -> Vec<String> {
    import["assessment"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn sign_ins_and_inventories_raise_findings_with_their_rows_and_across_cases() {
    let cli = Cli::new();
    let ana = open_ana(
        &cli,
        &[
            "--account",
            "Ana.Ruiz@example.com",
            "--time-zone",
            "America/New_York",
        ],
    );
    let ben = cli.new_case("person", "Ben Ode");
    cli.ok(&["case", "edit", &ben, "--account", "ben.ode@example.com"]);

    let a = cli.json(&["monitor", "import", &ana, &fixture("minimal.csv"), "--json"]);
    assert_eq!(
        (a["row_count"].as_u64(), a["matched_count"].as_u64()),
        (Some(5), Some(4))
    );
    assert_eq!(kinds(&a), ["hosting_network", "other_country"]);
    let rows = &a["assessment"]["findings"][0]["rows"];
    assert_eq!(rows[0]["line"], 4);
    assert!(rows[0]["text"].as_str().unwrap().contains("AS16509"));

    // Ben's import of the same log finds nothing of his own, but his address is Ana's too.
    let b = cli.json(&["monitor", "import", &ben, &fixture("minimal.csv"), "--json"]);
    assert!(kinds(&b).is_empty(), "{b}");
    let shown = cli.json(&["monitor", "show", &ana, "--json"]);
    let across = shown["across_cases"].as_array().unwrap();
    assert_eq!(across.len(), 1, "{shown}");
    assert_eq!(across[0]["kind"], "shared_address");
    assert_eq!(across[0]["other_cases"][0].as_str(), Some(ben.as_str()));
    assert!(
        across[0]["rows"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("24.5.10.1")
    );
    // The hosting address (Amazon) is not a shared household, and is not reported as one.
    assert!(!across[0]["summary"].as_str().unwrap().contains("13.32.0.1"));
    assert!(
        shown["data_sources"][0]
            .as_str()
            .unwrap()
            .contains("CC BY 4.0")
    );

    // The inventory of Ana's laptop: a PiKVM and two remote-access tools.
    let inv = cli.json(&[
        "monitor",
        "import",
        &ana,
        &fixture("osquery.json"),
        "--json",
    ]);
    assert_eq!(kinds(&inv), ["ip_kvm", "remote_access_tools"]);

    // Each file is kept as hashed evidence on the item it informs, and the history holds.
    let case = cli.json(&["case", "show", &ana, "--json"]);
    let evidence: Vec<&serde_json::Value> = case["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["item_id"] == "monitoring.access")
        .collect();
    assert_eq!(evidence.len(), 2);
    assert_eq!(evidence[0]["sha256"], a["sha256"]);
    // The findings rest on the imported file, so it cannot be taken off the item.
    let (code, err) = cli.fails(&[
        "evidence",
        "remove",
        &ana,
        evidence[0]["id"].as_str().unwrap(),
        "--reason",
        "tidying up",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("after-hiring import"), "{err}");
    assert!(cli.ok(&["audit", "verify"]).contains("intact"));
    let text = cli.ok(&["monitor", "show", &ana]);
    let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(squeezed.contains("CONCERN IP-KVM device"), "{text}");
    assert!(
        squeezed.contains("line 4 2026-03-03T15:10:00Z"),
        "CSV rows are lines: {text}"
    );
    assert!(
        squeezed.contains("record 1 USB 1d6b:0104"),
        "JSON rows are records: {text}"
    );
    assert!(text.contains("not assessed: Impossible travel"), "{text}");
}

#[test]
fn bad_files_are_refused_and_nothing_is_kept() {
    let cli = Cli::new();
    let ana = cli.new_case("person", "Ana Ruiz");
    let (code, msg) = cli.fails(&["monitor", "import", &ana, &fixture("minimal.csv")]);
    assert_eq!(code, 1);
    assert!(
        msg.contains("no work accounts") && msg.contains("case edit"),
        "{msg}"
    );
    cli.ok(&["case", "edit", &ana, "--account", "ana.ruiz@example.com"]);
    let before = cli.event_count();

    let dir = tempfile::tempdir().unwrap();
    let truncated = dir.path().join("okta.json");
    let okta = std::fs::read(fixture("okta.json")).unwrap();
    std::fs::write(&truncated, &okta[..300]).unwrap();
    let (_, msg) = cli.fails(&["monitor", "import", &ana, truncated.to_str().unwrap()]);
    assert!(
        msg.contains("Okta")
            && msg.contains("ends too early")
            && msg.contains("nothing was imported"),
        "{msg}"
    );

    let unknown = dir.path().join("notes.txt");
    std::fs::write(&unknown, "just some notes\n").unwrap();
    let (_, msg) = cli.fails(&["monitor", "import", &ana, unknown.to_str().unwrap()]);
    assert!(msg.contains("--format"), "{msg}");
    let (code, msg) = cli.fails(&[
        "monitor",
        "import",
        &ana,
        unknown.to_str().unwrap(),
        "--format",
        "splunk",
    ]);
    assert_eq!(code, 2);
    assert!(msg.contains("minimal-csv"), "{msg}");
    let (_, msg) = cli.fails(&[
        "monitor",
        "import",
        &ana,
        &fixture("osquery.json"),
        "--format",
        "minimal-csv",
    ]);
    assert!(msg.contains("no time, account, ip column"), "{msg}");

    // A 2 GB file is refused from its size: it is sparse here, and never read.
    let huge = dir.path().join("huge.csv");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(2 * 1024 * 1024 * 1024).unwrap();
    let (_, msg) = cli.fails(&[
        "monitor",
        "import",
        &ana,
        huge.to_str().unwrap(),
        "--format",
        "minimal-csv",
    ]);
    assert!(
        msg.contains("2147483648 bytes") && msg.contains("limit"),
        "{msg}"
    );
    // Under the log limit but over the evidence store's (200 MiB): refused up front too,
    // not after the whole file has been parsed.
    let big = dir.path().join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    let (_, msg) = cli.fails(&[
        "monitor",
        "import",
        &ana,
        big.to_str().unwrap(),
        "--format",
        "minimal-csv",
    ]);
    assert!(msg.contains("the limit is 209715200 bytes"), "{msg}");

    assert_eq!(cli.event_count(), before, "no refused import left a trace");
    let shown = cli.json(&["monitor", "show", &ana, "--json"]);
    assert_eq!(shown["imports"].as_array().unwrap().len(), 0);
    let case = cli.json(&["case", "show", &ana, "--json"]);
    assert_eq!(case["evidence"].as_array().unwrap().len(), 0);
}

#[test]
fn a_decision_to_proceed_starts_the_plan_and_ending_it_early_needs_a_reason() {
    let cli = Cli::new();
    let ana = cli.new_case("person", "Ana Ruiz");
    let (_, msg) = cli.fails(&["monitor", "done", &ana, "1"]);
    assert!(msg.contains("decision to proceed"), "{msg}");
    assert!(cli.ok(&["monitor", "due"]).contains("No plan task"));
    proceed(&cli, &ana);

    let view = cli.json(&["monitor", "show", &ana, "--json"]);
    let tasks = view["plan"]["tasks"].as_array().unwrap();
    let days: Vec<i64> = tasks.iter().map(|t| t["day"].as_i64().unwrap()).collect();
    assert_eq!(days, [1, 7, 30, 60, 90]);
    assert!(
        tasks.iter().all(|t| t["overdue"] == false),
        "nothing is overdue on day 0"
    );
    assert!(
        tasks[1]["live_check"]
            .as_str()
            .unwrap()
            .contains("unannounced camera-on")
    );

    // Day 1 and day 7 fall due within the week.
    let due = cli.json(&["monitor", "due", "--json"]);
    let due_days: Vec<i64> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["task"]["day"].as_i64().unwrap())
        .collect();
    assert_eq!(due_days, [1, 7]);

    let (_, msg) = cli.fails(&["monitor", "done", &ana, "2"]);
    assert!(msg.contains("[1, 7, 30, 60, 90]"), "{msg}");
    let shown = cli.ok(&[
        "monitor",
        "done",
        &ana,
        "1",
        "--note",
        "laptop shown on camera, serial matches",
    ]);
    assert!(
        shown.contains("day  1") && shown.contains("done"),
        "{shown}"
    );
    let due = cli.json(&["monitor", "due", "--json"]);
    assert_eq!(due.as_array().unwrap().len(), 1, "day 1 is done");

    let (_, msg) = cli.fails(&["monitor", "complete", &ana]);
    assert!(
        msg.contains("day 0 of 90") && msg.contains("--reason"),
        "{msg}"
    );
    cli.ok(&[
        "monitor",
        "complete",
        &ana,
        "--reason",
        "contract ended after the pilot",
    ]);
    assert!(cli.ok(&["monitor", "due"]).contains("No plan task"));
    assert!(cli.ok(&["audit", "verify"]).contains("intact"));
}

#[test]
fn a_newer_network_table_replaces_only_its_part_and_a_bad_file_changes_nothing() {
    let cli = Cli::new();
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("asn-ipv4.csv");
    std::fs::write(&newer, "24.5.0.0,24.5.255.255,64500,Example Cable Co\n").unwrap();
    let bad = dir.path().join("geo-whois-asn-country-ipv4.csv");
    std::fs::write(&bad, "24.5.0.0,24.5.255.255,usa\n").unwrap();

    let (_, msg) = cli.fails(&[
        "monitor",
        "networks",
        "import",
        newer.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--version",
        "2.3.2027010100",
    ]);
    assert!(
        msg.contains("geo-whois-asn-country-ipv4.csv") && msg.contains("line 1"),
        "{msg}"
    );
    assert!(
        cli.ok(&["monitor", "networks", "status"])
            .contains("as shipped"),
        "one bad file, nothing imported"
    );

    let out = cli.ok(&[
        "monitor",
        "networks",
        "import",
        newer.to_str().unwrap(),
        "--version",
        "2.3.2027010100",
    ]);
    assert!(
        out.contains("imported") && out.contains("2.3.2027010100"),
        "{out}"
    );
    assert!(
        out.contains("2.3.2026061719"),
        "the other parts are still the shipped release: {out}"
    );

    let ana = open_ana(&cli, &["--account", "ana.ruiz@example.com"]);
    let import = cli.json(&["monitor", "import", &ana, &fixture("minimal.csv"), "--json"]);
    let shown = cli.json(&["monitor", "show", &ana, "--json"]);
    assert!(
        shown["data_sources"][0]
            .as_str()
            .unwrap()
            .contains("2.3.2027010100"),
        "{shown}"
    );
    // The Comcast range now reads as the imported network, and is still not a finding.
    assert!(!import.to_string().contains("AS7922"));
    let status = cli.json(&["monitor", "networks", "status", "--json"]);
    assert_eq!(
        status["parts"][0]["ranges"], 2,
        "the range, and the unknown space after it"
    );
}

#[test]
fn the_companys_own_networks_are_not_judged() {
    let cli = Cli::new();
    let (code, msg) = cli.fails(&["monitor", "company-networks", "13.32.0.0/33"]);
    assert_eq!(code, 1);
    assert!(msg.contains("not a network"), "{msg}");
    assert!(
        cli.ok(&[
            "monitor",
            "company-networks",
            "13.32.0.7/16",
            "198.51.100.9"
        ])
        .contains("13.32.0.0/16")
    );
    let ana = open_ana(&cli, &["--account", "ana.ruiz@example.com"]);
    let import = cli.json(&["monitor", "import", &ana, &fixture("minimal.csv"), "--json"]);
    assert_eq!(
        kinds(&import),
        ["other_country"],
        "the company VPN in AWS raises nothing"
    );
    assert!(import.to_string().contains("your company's own networks"));
    assert!(
        cli.ok(&["monitor", "company-networks", "--clear"])
            .contains("No company networks")
    );
}

#[test]
fn a_new_case_sharing_a_hired_persons_details_raises_an_alert_on_the_hire() {
    let cli = Cli::new();
    let ana = open_ana(&cli, &["--phone", "+1 212 555 0100"]);
    proceed(&cli, &ana);
    // An unrelated applicant raises nothing.
    cli.ok(&[
        "case",
        "new",
        "--kind",
        "person",
        "--name",
        "Cy Dee",
        "--phone",
        "+1 212 555 0199",
    ]);
    assert_eq!(
        cli.json(&["screening", "alerts", "--json"]),
        serde_json::json!([])
    );
    // The same phone under a new name does, on the hired person's case, once.
    let again = cli.ok(&[
        "case",
        "new",
        "--kind",
        "person",
        "--name",
        "Bo Lee",
        "--phone",
        "+12125550100",
    ]);
    let alerts = cli.json(&["screening", "alerts", "--json"]);
    let alerts = alerts.as_array().unwrap();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["case_id"], ana.as_str());
    let message = alerts[0]["message"].as_str().unwrap();
    assert!(
        message.contains("Bo Lee") && message.contains(again.trim()),
        "{message}"
    );
    assert!(message.contains("+12125550100"), "{message}");
    cli.ok(&["case", "edit", again.trim(), "--time-zone", "Europe/Lisbon"]);
    assert_eq!(
        cli.json(&["screening", "alerts", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1,
        "the same finding is not raised twice"
    );
    assert!(cli.ok(&["audit", "verify"]).contains("intact"));
}

#[test]
fn delivery_details_and_tracking_text_raise_findings_and_bad_input_is_refused() {
    let cli = Cli::new();
    let ana = open_ana(&cli, &[]);
    let track = cli.dir().join("tracking.txt");
    std::fs::write(
        &track,
        "Ship To: 77 Harbour Road, Newark NJ 07105\nThe receiver requested this package be redirected\nSigned for by: DOE\n",
    )
    .unwrap();
    let out = cli.ok(&[
        "monitor",
        "delivery",
        &ana,
        "--id-address",
        "12 Main Street, Springfield IL 62701",
        "--ship-to-country",
        "US",
        "--carrier-text",
        track.to_str().unwrap(),
    ]);
    assert!(
        out.contains("tracking text filled: shipping address, signed for by, delivery events"),
        "{out}"
    );
    let view = cli.json(&["monitor", "show", &ana, "--json"]);
    let kinds: Vec<&str> = view["delivery"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "ship_to_not_id_address",
            "delivery_redirected",
            "signed_by_someone_else"
        ]
    );
    // The record carries the delivery section too.
    let pdf = cli.dir().join("ana.pdf");
    cli.ok(&["export", &ana, "--pdf", pdf.to_str().unwrap()]);
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is needed for this test (./x installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Delivery"), "{text}");
    assert!(
        text.contains("Received") || text.contains("redirected"),
        "{text}"
    );

    let (code, msg) = cli.fails(&[
        "monitor",
        "delivery",
        &ana,
        "--first-checkin-ip",
        "10.0.0.300",
    ]);
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("not an IP address"), "{msg}");
    let (code, msg) = cli.fails(&["monitor", "delivery", &ana]);
    assert_eq!(code, 2, "{msg}");
    let big = cli.dir().join("big.txt");
    std::fs::write(&big, "x".repeat(200_000)).unwrap();
    let (_, msg) = cli.fails(&[
        "monitor",
        "delivery",
        &ana,
        "--carrier-text",
        big.to_str().unwrap(),
    ]);
    assert!(msg.contains("longer than"), "{msg}");
    // Nothing of the refused input was kept.
    let after = cli.json(&["monitor", "show", &ana, "--json"]);
    assert_eq!(after["delivery"], view["delivery"]);
}
