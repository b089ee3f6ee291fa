//! The `bonafide` command end to end against a temporary data folder.

mod support;

use std::path::Path;

#[path = "support/cli.rs"]
mod cli_support;

use cli_support::{Cli, bonafide};

#[test]
fn a_whole_case_through_the_cli() {
    let cli = Cli::new();
    let id = cli
        .ok(&[
            "case",
            "new",
            "--kind",
            "person",
            "--name",
            "Jane Doe",
            "--email",
            "jane@example.com",
            "--phone",
            "020 7946 0958",
            "--country",
            "GB",
            "--alias",
            "제인",
            "--dob",
            "1990-04-01",
        ])
        .trim()
        .to_string();
    assert_eq!(id.len(), 36);
    cli.ok(&[
        "item",
        "set",
        &id,
        "interview.camera",
        "--outcome",
        "pass",
        "--note",
        "on camera",
    ]);
    cli.ok(&[
        "item",
        "set",
        &id,
        "identity.background",
        "--outcome",
        "not_applicable",
        "--note",
        "not US",
    ]);
    let file = cli.dir().join("call-log.txt");
    std::fs::write(&file, "call at 10:00").unwrap();
    let added = cli.ok(&[
        "evidence",
        "add",
        &id[..8],
        "references.live_call",
        file.to_str().unwrap(),
        "--effective-date",
        "2026-11-03",
    ]);
    assert!(added.contains("sha256:"), "{added}");
    cli.ok(&[
        "evidence",
        "add",
        &id,
        "profile.footprint",
        "https://github.com/janedoe",
    ]);
    cli.ok(&[
        "decide",
        &id,
        "--decision",
        "proceed_with_conditions",
        "--rationale",
        "pending day-one check",
        "--reviewer",
        "Owner",
    ]);

    let list = cli.json(&["case", "list", "--json"]);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["decision"], "proceed_with_conditions");
    assert_eq!(list[0]["answered"], 2);

    let show = cli.json(&["case", "show", &id, "--json"]);
    assert_eq!(show["case"]["fields"]["phones"][0], "+442079460958");
    assert_eq!(show["evidence"].as_array().unwrap().len(), 2);
    assert_eq!(show["case"]["created_by"], "Cli Tester");

    let items = cli.json(&["item", "list", &id, "--json"]);
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 50);
    let camera = items
        .iter()
        .find(|i| i["id"] == "interview.camera")
        .unwrap();
    assert_eq!(camera["outcome"], "pass");
    assert_eq!(camera["section"], "B");

    let history = cli.json(&["item", "history", &id, "interview.camera", "--json"]);
    assert_eq!(history[0]["payload"]["outcome"]["to"], "pass");

    let text = cli.ok(&["case", "show", &id]);
    assert!(
        text.contains("Jane Doe") && text.contains("proceed_with_conditions"),
        "{text}"
    );
    assert!(cli.ok(&["audit", "verify"]).starts_with("verified"));
}

#[test]
fn bad_input_gets_a_clear_message_a_non_zero_exit_and_writes_nothing() {
    let cli = Cli::new();
    let id = cli.new_case("company", "Vendor Ltd");
    let before = cli.event_count();

    let (code, msg) = cli.fails(&[
        "item",
        "set",
        "01a20c55-0000-7000-8000-000000000000",
        "company.registry",
        "--outcome",
        "pass",
    ]);
    assert_eq!(code, 1);
    assert!(msg.contains("there is no case"), "{msg}");

    let (_, msg) = cli.fails(&["item", "set", &id, "no.such.item", "--outcome", "pass"]);
    assert!(msg.contains("has no item 'no.such.item'"), "{msg}");

    let (code, msg) = cli.fails(&["item", "set", &id, "company.registry", "--outcome", "maybe"]);
    assert_eq!(code, 2, "usage error");
    assert!(
        msg.contains("maybe") && msg.contains("not_applicable"),
        "{msg}"
    );

    let (_, msg) = cli.fails(&[
        "item",
        "set",
        &id,
        "company.registry",
        "--outcome",
        "not_applicable",
    ]);
    assert!(msg.contains("reason is required"), "{msg}");

    let (_, msg) = cli.fails(&[
        "evidence",
        "add",
        &id,
        "company.registry",
        "/definitely/not/here.pdf",
    ]);
    assert!(
        msg.contains("cannot read /definitely/not/here.pdf"),
        "{msg}"
    );

    let (_, msg) = cli.fails(&[
        "decide",
        &id,
        "--decision",
        "proceed",
        "--rationale",
        "",
        "--reviewer",
        "Owner",
    ]);
    assert!(msg.contains("rationale: is required"), "{msg}");

    let (_, msg) = cli.fails(&[
        "case",
        "new",
        "--kind",
        "person",
        "--name",
        "X",
        "--email",
        "not-an-email",
        "--country",
        "Narnia",
    ]);
    assert!(
        msg.contains("not an e-mail address") && msg.contains("ISO 3166"),
        "{msg}"
    );

    let (code, msg) = cli.fails(&["case", "delete", &id]);
    assert_eq!(code, 2);
    assert!(msg.contains("--yes") && msg.contains("Vendor Ltd"), "{msg}");

    assert_eq!(cli.event_count(), before, "nothing was written");
    assert_eq!(
        cli.json(&["case", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn delete_with_confirmation_and_tamper_detection_exit_code() {
    let cli = Cli::new();
    let id = cli.new_case("person", "Temp");
    // A new case is inside its retention period: deleting it needs a reason.
    let (code, msg) = cli.fails(&["case", "delete", &id, "--yes"]);
    assert_eq!(code, 1);
    assert!(
        msg.contains("retention period") && msg.contains("--reason"),
        "{msg}"
    );
    cli.ok(&[
        "case",
        "delete",
        &id,
        "--yes",
        "--reason",
        "opened by mistake",
    ]);
    assert_eq!(cli.json(&["case", "list", "--json"]), serde_json::json!([]));

    let id = cli.new_case("person", "Kept");
    let file = cli.dir().join("scan.txt");
    std::fs::write(&file, "scan").unwrap();
    let out = cli.ok(&[
        "evidence",
        "add",
        &id,
        "identity.document",
        file.to_str().unwrap(),
    ]);
    let sha = out.split("sha256:").nth(1).unwrap().trim();
    let stored = cli.dir().join("evidence").join(&sha[..2]).join(sha);
    std::fs::write(&stored, "forged").unwrap();
    // Findings are the command's output, so they go to stdout with their own exit code.
    let out = cli.run(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(3), "problems found");
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("scan.txt") && report.contains("altered"),
        "{report}"
    );
}

#[test]
fn backup_and_restore_bring_back_a_corrupted_data_folder() {
    let cli = Cli::new();
    let id = cli.new_case("person", "Backed Up");
    cli.ok(&[
        "item",
        "set",
        &id,
        "interview.camera",
        "--outcome",
        "concern",
    ]);
    let out_dir = tempfile::tempdir().unwrap();
    let archive = out_dir.path().join("b.tar");
    let archive = archive.to_str().unwrap();
    let report = cli.json(&["backup", archive, "--json"]);
    assert_eq!(report["cases"], 1);
    let out = cli.ok(&["restore", "--check", archive]);
    assert!(
        out.contains("sound backup") && out.contains("1 cases"),
        "{out}"
    );

    // The database is overwritten with garbage: every command refuses it and keeps it...
    let db = cli.dir().join("bonafide.sqlite3");
    std::fs::write(&db, vec![0x5a; 8192]).unwrap();
    let (code, message) = cli.fails(&["case", "list"]);
    assert_eq!(code, 1);
    assert!(message.contains("restore it from a backup"), "{message}");
    assert_eq!(std::fs::read(&db).unwrap(), vec![0x5a; 8192]);
    // ...and restore, which never opens it, brings the data back and keeps the damaged copy.
    let out = cli.ok(&["restore", archive]);
    assert!(out.contains("restored 1 cases"), "{out}");
    let kept = out
        .split("kept in ")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    assert_eq!(
        std::fs::read(Path::new(kept).join("bonafide.sqlite3")).unwrap(),
        vec![0x5a; 8192]
    );
    let list = cli.json(&["case", "list", "--json"]);
    assert_eq!(list[0]["id"], id.as_str());
    assert!(cli.ok(&["audit", "verify"]).contains("intact"));

    // A damaged archive is refused with exit status 1 and nothing changes.
    let bytes = std::fs::read(archive).unwrap();
    std::fs::write(archive, &bytes[..bytes.len() - 2048]).unwrap();
    let (code, message) = cli.fails(&["restore", archive]);
    assert_eq!(code, 1);
    assert!(message.contains("nothing was restored"), "{message}");
    assert_eq!(cli.json(&["case", "list", "--json"])[0]["id"], id.as_str());
}

#[test]
fn the_folder_is_encrypted_and_unlocks_by_passphrase_or_recovery_code() {
    let cli = Cli::new();
    // The first command sets the folder up and shows the recovery code once, on stderr.
    let out = cli.run(&["case", "new", "--kind", "person", "--name", "Locked Away"]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let code = stderr
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 64 && l.matches('-').count() == 12)
        .unwrap_or_else(|| panic!("no recovery code in {stderr}"))
        .to_string();
    let status = cli.json(&["key", "status", "--json"]);
    assert_eq!(status["status"]["state"], "locked");
    assert_eq!(status["status"]["passphrase"], true);
    assert_eq!(status["keychain_available"], false);
    // No keychain here: keeping the key there is refused with the reason, and nothing
    // is recorded.
    let (exit, message) = cli.fails(&["key", "keychain"]);
    assert_eq!(exit, 1);
    assert!(message.contains("no keychain answers"), "{message}");
    assert!(
        cli.ok(&["key", "keychain", "--forget"])
            .contains("the passphrase is asked at every start")
    );
    let db = std::fs::read(cli.dir().join("bonafide.sqlite3")).unwrap();
    assert!(!db.windows(11).any(|w| w == b"Locked Away"));

    // A wrong passphrase opens nothing and says what to do.
    let wrong = cli.run_with(
        &["case", "list"],
        &[("BONAFIDE_PASSPHRASE", "not the passphrase")],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("recovery code"));
    // Without a passphrase or a terminal, the message names both ways in.
    let none = cli.run_with(&["case", "list"], &[("BONAFIDE_PASSPHRASE", "")]);
    assert!(String::from_utf8_lossy(&none.stderr).contains("BONAFIDE_PASSPHRASE"));

    // The passphrase forgotten: the recovery code sets a new one.
    let recovered = cli.run_with(
        &["key", "recover"],
        &[
            ("BONAFIDE_PASSPHRASE", ""),
            ("BONAFIDE_RECOVERY_CODE", &code.to_lowercase()),
            ("BONAFIDE_NEW_PASSPHRASE", "a brand new passphrase"),
        ],
    );
    assert!(
        recovered.status.success(),
        "{}",
        String::from_utf8_lossy(&recovered.stderr)
    );
    let list = cli.run_with(
        &["case", "list", "--json"],
        &[("BONAFIDE_PASSPHRASE", "a brand new passphrase")],
    );
    assert!(String::from_utf8_lossy(&list.stdout).contains("Locked Away"));
    assert_eq!(
        cli.run(&["case", "list"]).status.code(),
        Some(1),
        "the old passphrase no longer works"
    );
}

#[test]
fn the_data_dir_flag_overrides_the_environment() {
    let cli = Cli::new();
    let other = tempfile::tempdir().unwrap();
    let out = bonafide()
        .args([
            "--data-dir",
            other.path().to_str().unwrap(),
            "case",
            "new",
            "--kind",
            "person",
            "--name",
            "Elsewhere",
        ])
        .env("BONAFIDE_DATA_DIR", cli.dir())
        // A write names its author; that is not what this test is about.
        .env("BONAFIDE_USER", "Cli Tester")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(Path::new(other.path()).join("bonafide.sqlite3").is_file());
    assert_eq!(cli.json(&["case", "list", "--json"]), serde_json::json!([]));
}

#[test]
fn lists_and_ad_hoc_screening_through_the_cli() {
    let cli = Cli::new();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ofac/sample");
    let f = |n: &str| sample.join(n).to_string_lossy().to_string();
    // Only part of the set: refused, nothing loaded.
    let (code, msg) = cli.fails(&["lists", "import", &f("alt.csv")]);
    assert_eq!(code, 1);
    assert!(msg.contains("needs its main file"), "{msg}");
    let out = cli.ok(&[
        "lists",
        "import",
        &f("sdn.csv"),
        &f("alt.csv"),
        &f("add.csv"),
        &f("sdn_comments.csv"),
    ]);
    assert!(
        out.contains("loaded OFAC SDN list [ofac_sdn]: 17 entries, 46 names"),
        "{out}"
    );
    let status = cli.json(&["lists", "status", "--json"]);
    assert_eq!(status[0]["version"]["entity_count"], 17);

    // The JSON shape of SPEC §7; a hit exits 3.
    let out = cli.run(&["screen", "Dmitry Khoroshev", "--kind", "person", "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["query"], "Dmitry Khoroshev");
    assert!(v["threshold"].as_f64().unwrap() > 0.0);
    let hit = &v["hits"][0];
    assert_eq!(
        (hit["list"].as_str(), hit["entry_id"].as_str()),
        (Some("ofac_sdn"), Some("48603"))
    );
    assert_eq!(hit["name"], "KHOROSHEV, Dmitry Yuryevich");
    assert!(hit["matched_name"].is_string());
    let s = hit["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&s));
    // No hit: exit 0.
    let clean = cli.json(&["screen", "John Smith", "--json"]);
    assert_eq!(clean["hits"], serde_json::json!([]));
    let (code, _) = cli.fails(&["screen", "x", "--threshold", "7"]);
    assert_eq!(code, 1);
}

#[test]
fn checks_behind_a_resolver_that_knows_no_name_exit_as_not_run_not_as_a_red_flag() {
    let cli = Cli::new();
    let world = support::world::World::start();
    let http = format!("http://{}", world.http);
    let nxdomain = support::mock::dns(Vec::new()).to_string();
    cli.ok(&[
        "checks",
        "config",
        "--rdap-domain-url",
        &format!("{http}/rdap/"),
        "--rdap-ip-url",
        &format!("{http}/rdap/"),
        "--bootstrap-url",
        &format!("{http}/bootstrap/"),
        "--wayback-url",
        &format!("{http}/"),
        "--crtsh-url",
        &format!("{http}/crtsh/"),
        "--resolver",
        &nxdomain,
        "--timeout-secs",
        "3",
        "--guard-exempt",
        "127.0.0.1",
    ]);
    let id = cli
        .ok(&[
            "case",
            "new",
            "--kind",
            "person",
            "--name",
            "Alex Kim",
            "--email",
            "alex.kim@alexkim.test",
            "--website",
            "https://alexkim.test",
        ])
        .trim()
        .to_string();
    let out = cli.run(&["checks", "run", &id]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // 6: a check did not run. Never 3, the exit status of a red flag.
    assert_eq!(out.status.code(), Some(6), "{stdout}");
    assert!(!stdout.contains("RED FLAG"), "{stdout}");
    assert!(
        stdout.contains("names do not resolve on this network"),
        "{stdout}"
    );
}

#[test]
fn a_write_without_a_named_person_is_refused_with_how_to_name_one() {
    let cli = Cli::new();
    let out = bonafide()
        .args(["case", "new", "--kind", "person", "--name", "Alex Kim"])
        .env("BONAFIDE_DATA_DIR", cli.dir())
        .env_remove("BONAFIDE_USER")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nobody is named as making this change")
            && err.contains("--user NAME")
            && err.contains("BONAFIDE_USER"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // Nothing was written, and reading needs no name.
    let list = bonafide()
        .args(["case", "list", "--json"])
        .env("BONAFIDE_DATA_DIR", cli.dir())
        .env_remove("BONAFIDE_USER")
        .output()
        .unwrap();
    assert!(list.status.success());
    assert_eq!(String::from_utf8_lossy(&list.stdout).trim(), "[]");
    // With --user the same write goes through and names that person.
    let id = bonafide()
        .args([
            "--user", "Dana Lee", "case", "new", "--kind", "person", "--name", "Alex Kim",
        ])
        .env("BONAFIDE_DATA_DIR", cli.dir())
        .env_remove("BONAFIDE_USER")
        .output()
        .unwrap();
    assert!(
        id.status.success(),
        "{}",
        String::from_utf8_lossy(&id.stderr)
    );
    let case = String::from_utf8(id.stdout).unwrap();
    let shown = cli.json(&["case", "show", case.trim(), "--json"]);
    assert_eq!(shown["case"]["created_by"], "Dana Lee", "{shown}");
}
