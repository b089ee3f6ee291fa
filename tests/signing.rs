//! Signed records against validators nobody here wrote (Poppler's `pdfsig` with an NSS
//! database, pyHanko) and a real RFC 3161 authority on loopback (`openssl ts`), through
//! the façade and the `bonafide` command.

#[path = "support/cli.rs"]
mod cli_support;
mod support;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use bonafide::app::{App, RecordStatus, verify_record};
use bonafide::model::{CaseFields, CaseId, Decision, Outcome};
use bonafide::record::{Appearance, sign_record};
use bonafide::signing::{Identity, TimeStamper, certificate_from_pem};
use cli_support::Cli;

fn folder(root: &Path) -> (App, CaseId) {
    let app = support::keys::open(&root.join("data"), Some("Jane Reviewer"));
    app.signing_init("Acme Ltd", false).unwrap();
    let id = app
        .create_case(&CaseFields {
            display_name: "Alex Kim".into(),
            ..CaseFields::default()
        })
        .unwrap();
    (app, id)
}

use support::validators::{pdfsig, pyhanko_validate, run};

#[test]
fn an_exported_record_is_signed_and_judged_valid_by_pdfsig_and_pyhanko() {
    let root = tempfile::tempdir().unwrap();
    let (app, id) = folder(root.path());
    let pdf = root.path().join("record.pdf");
    let done = app.export_pdf(&id, &pdf).unwrap();
    assert_eq!(done.signed_by.as_deref(), Some("Acme Ltd"));
    assert!(done.time_stamp.is_none() && done.signing_note.is_none());
    let ca = root.path().join("ca.pem");
    app.signing_export_ca(&ca).unwrap();

    let poppler = pdfsig(&pdf, &ca);
    for line in [
        "Signature is Valid.",
        "Certificate is Trusted.",
        "Total document signed",
        "ETSI.CAdES.detached",
    ] {
        assert!(poppler.contains(line), "pdfsig lacks {line:?}:\n{poppler}");
    }
    let hanko = pyhanko_validate(&pdf, &[&ca]);
    assert!(hanko.contains("The signature is judged VALID."), "{hanko}");
    assert!(
        hanko.contains("The signature covers the entire file."),
        "{hanko}"
    );
    let qpdf = run(Command::new("qpdf").arg("--check").arg(&pdf));
    assert!(
        qpdf.contains("No syntax or stream encoding errors"),
        "{qpdf}"
    );

    // And the app's own verdict, with the exporter and the computer's clock named.
    let check = app.verify_pdf(&std::fs::read(&pdf).unwrap(), &[]).unwrap();
    assert_eq!(check.status, RecordStatus::Verified, "{}", check.message);
    assert_eq!(check.exported_by.as_deref(), Some("Jane Reviewer"));
    assert!(!check.time_trusted);
    assert!(check.message.contains("own clock"), "{}", check.message);
}

#[test]
fn a_reachable_authority_time_stamps_the_signature_and_pyhanko_says_so() {
    let tsa = support::tsa::start();
    let root = tempfile::tempdir().unwrap();
    let (app, id) = folder(root.path());
    app.set_tsa_url(Some(&tsa.url)).unwrap();
    let pdf = root.path().join("record.pdf");
    let done = app.export_pdf(&id, &pdf).unwrap();
    assert!(
        done.time_stamp
            .as_deref()
            .is_some_and(|t| t.contains("Loopback TSA")),
        "{done:?}"
    );
    assert!(tsa.answered.load(std::sync::atomic::Ordering::SeqCst) >= 1);
    let ca = root.path().join("ca.pem");
    app.signing_export_ca(&ca).unwrap();

    let hanko = pyhanko_validate(&pdf, &[&ca, &tsa.ca]);
    assert!(hanko.contains("The signature is judged VALID."), "{hanko}");
    assert!(
        hanko.contains("backed by a time stamping authority"),
        "{hanko}"
    );

    let bytes = std::fs::read(&pdf).unwrap();
    // The authority is not trusted until its CA is: the time is reported, not vouched for.
    let check = app.verify_pdf(&bytes, &[]).unwrap();
    assert_eq!(check.status, RecordStatus::Verified, "{}", check.message);
    assert!(!check.time_trusted);
    assert!(check.message.contains("Loopback TSA"), "{}", check.message);
    let tsa_ca = certificate_from_pem(&std::fs::read(&tsa.ca).unwrap()).unwrap();
    let check = app.verify_pdf(&bytes, &tsa_ca).unwrap();
    assert!(check.time_trusted, "{}", check.message);
}

#[test]
fn an_unreachable_authority_leaves_a_signed_record_that_says_its_time_is_the_computers() {
    let root = tempfile::tempdir().unwrap();
    let (app, id) = folder(root.path());
    // Nothing listens on port 9 of loopback.
    app.set_tsa_url(Some("http://127.0.0.1:9/tsr")).unwrap();
    let done = app.export_pdf(&id, &root.path().join("r.pdf")).unwrap();
    assert_eq!(done.signed_by.as_deref(), Some("Acme Ltd"));
    let note = done.signing_note.unwrap();
    assert!(
        note.contains("127.0.0.1:9") && note.contains("clock"),
        "{note}"
    );
    assert!(app.set_tsa_url(Some("ftp://example.com/tsa")).is_err());
    assert!(app.set_tsa_url(Some("not a url")).is_err());
}

/// The loopback authority reached with a plain HTTP POST, for signing outside the app.
struct Loopback(String);

impl TimeStamper for Loopback {
    fn stamp(&self, request: &[u8]) -> Result<Vec<u8>, String> {
        let addr = self
            .0
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let mut s = std::net::TcpStream::connect(&addr).map_err(|e| e.to_string())?;
        write!(
            s,
            "POST /tsr HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/timestamp-query\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            request.len()
        )
        .unwrap();
        s.write_all(request).unwrap();
        let mut reply = Vec::new();
        s.read_to_end(&mut reply).unwrap();
        let at = reply.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        Ok(reply[at..].to_vec())
    }
    fn name(&self) -> String {
        self.0.clone()
    }
}

#[test]
fn a_backdated_generation_time_is_contradicted_by_the_time_stamp() {
    // Someone who holds the organisation's key renders a record with last month's date
    // and signs it now: the authority's time gives it away.
    let tsa = support::tsa::start();
    let root = tempfile::tempdir().unwrap();
    let (app, id) = folder(root.path());
    let record = app.record(&id).unwrap();
    let identity = Identity::create(
        "Acme Ltd",
        SystemTime::now() - Duration::from_secs(90 * 86400),
    )
    .unwrap();
    let backdated = "2026-10-01T09:00:00.000Z";
    let ap = Appearance {
        organisation: "Acme Ltd".into(),
        exporter: "Jane Reviewer".into(),
        generated_at: backdated.into(),
    };
    let (pdf, signed) =
        sign_record(&record, &ap, &identity, Some(&Loopback(tsa.url.clone()))).unwrap();
    assert!(signed.time_stamp.is_some(), "{:?}", signed.time_stamp_error);
    let check = verify_record(&pdf, &[identity.ca.clone()]).unwrap();
    assert_eq!(
        check.status,
        RecordStatus::BadSignature,
        "{}",
        check.message
    );
    assert!(
        check.message.contains("set back or forward"),
        "{}",
        check.message
    );
    // Signed the same way at the true time, it verifies.
    let now = bonafide::clock::now();
    let ap = Appearance {
        generated_at: now,
        ..ap
    };
    let (pdf, _) = sign_record(&record, &ap, &identity, Some(&Loopback(tsa.url.clone()))).unwrap();
    let check = verify_record(&pdf, &[identity.ca.clone()]).unwrap();
    assert_eq!(check.status, RecordStatus::NotCompared, "{}", check.message);
}

/// A PDF whose embedded record is a flate stream that inflates to `gib` GiB of zeros,
/// built without holding it in memory.
fn bomb(base: &[u8], gib: usize) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..gib * 1024 {
        enc.write_all(&chunk).unwrap();
    }
    let compressed = enc.finish().unwrap();
    let mut doc = lopdf::Document::load_mem(base).unwrap();
    for obj in doc.objects.values_mut() {
        if let Ok(stream) = obj.as_stream_mut()
            && stream.dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"EmbeddedFile")
        {
            stream
                .dict
                .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(compressed.clone());
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn the_cli_verdicts_have_their_own_exit_codes_and_an_auditor_needs_no_data_folder() {
    let cli = Cli::new();
    cli.ok(&["signing", "init", "--org", "Acme Ltd"]);
    let id = cli.new_case("person", "Alex Kim");
    let root = cli.dir().parent().unwrap().to_path_buf();
    let pdf = root.join("r.pdf");
    let out = cli.ok(&["export", &id, "--pdf", pdf.to_str().unwrap()]);
    assert!(out.contains("signed for Acme Ltd"), "{out}");
    let ca = root.join("ca.pem");
    cli.ok(&["signing", "export-ca", ca.to_str().unwrap()]);
    let status = cli.json(&["signing", "status", "--json"]);
    assert_eq!(status["organisation"], "Acme Ltd");
    let p = pdf.to_str().unwrap();
    assert!(cli.ok(&["verify", p]).starts_with("Verified."));

    // An auditor on another machine: no data folder, only the CA file.
    let auditor = Cli::new();
    let out = auditor.run(&["verify", p, "--trust", ca.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("Signed by Acme Ltd") && text.contains("not compared with a stored case"),
        "{text}"
    );
    assert!(!auditor.dir().exists(), "verifying set up no data folder");
    let code = |c: &Cli, file: &Path| {
        c.run(&[
            "verify",
            file.to_str().unwrap(),
            "--trust",
            ca.to_str().unwrap(),
        ])
        .status
        .code()
    };
    assert_eq!(
        auditor.run(&["verify", p]).status.code(),
        Some(9),
        "no trust, not trusted"
    );

    // Something appended after signing.
    let mut bytes = std::fs::read(&pdf).unwrap();
    let mut appended = bytes.clone();
    appended.extend_from_slice(b"\n% added\n");
    let f = root.join("appended.pdf");
    std::fs::write(&f, &appended).unwrap();
    assert_eq!(code(&auditor, &f), Some(10));
    // One byte changed inside the signed range (a digit of the page count in the footer
    // text would be compressed; the generation time in the info dictionary is plain).
    let at = bytes.windows(4).position(|w| w == b"2026").unwrap();
    bytes[at + 3] = b'5';
    std::fs::write(&f, &bytes).unwrap();
    assert_eq!(code(&auditor, &f), Some(10));
    // Unsigned: the folder without a signing identity.
    let plain = Cli::new();
    let pid = plain.new_case("person", "Alex Kim");
    let unsigned = root.join("unsigned.pdf");
    let out = plain.run(&["export", &pid, "--pdf", unsigned.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("signing init"));
    assert_eq!(code(&auditor, &unsigned), Some(7));
    // Not a record at all, and a bad --trust file.
    std::fs::write(&f, b"%PDF-1.7 not really").unwrap();
    assert_eq!(code(&auditor, &f), Some(12));
    let out = auditor.run(&["verify", p, "--trust", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no readable certificate"));

    // A decompression bomb (2 GiB of zeros in a 2 MB file), under a 1 GiB memory cap.
    let b = root.join("bomb.pdf");
    std::fs::write(&b, bomb(&std::fs::read(&unsigned).unwrap(), 2)).unwrap();
    let out = Command::new("prlimit")
        .arg("--as=1073741824")
        .arg(env!("CARGO_BIN_EXE_bonafide"))
        .args([
            "verify",
            b.to_str().unwrap(),
            "--trust",
            ca.to_str().unwrap(),
        ])
        .env("BONAFIDE_DATA_DIR", auditor.dir())
        .env("BONAFIDE_KEYCHAIN", "off")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(12),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A raw connection to the folder's database, as someone holding the data key would use
/// the `sqlcipher` shell.
fn raw(data: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(data.join("bonafide.sqlite3")).unwrap();
    let key = support::keys::key(data);
    c.execute_batch(&format!(
        "PRAGMA key = \"{}\";",
        key.database_key().as_str()
    ))
    .unwrap();
    c
}

#[test]
fn a_rolled_back_history_no_longer_extends_its_time_stamped_anchor() {
    let tsa = support::tsa::start();
    let root = tempfile::tempdir().unwrap();
    let (app, id) = folder(root.path());
    app.set_tsa_url(Some(&tsa.url)).unwrap();
    for o in [Outcome::Concern, Outcome::Fail] {
        app.set_item(&id, "interview.camera", Some(o), None)
            .unwrap();
    }
    // A decision anchors the history on its own while an authority is named.
    app.decide(&id, Decision::DoNotProceed, "camera failed", "Owner")
        .unwrap();
    let stored = app
        .latest_anchor()
        .unwrap()
        .expect("the decision anchored the history");
    assert!(stored.stamped_at.is_some(), "{stored:?}");
    let file = root.path().join("anchor.json");
    app.write_anchor(&file).unwrap();
    let anchor = bonafide::app::read_anchor(&file).unwrap();
    let tsa_ca = certificate_from_pem(&std::fs::read(&tsa.ca).unwrap()).unwrap();
    let report = app
        .verify_with_anchors(std::slice::from_ref(&anchor), &tsa_ca)
        .unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.last_trusted_time, anchor.stamped_at);
    assert!(report.anchors.iter().all(|a| a.authority_trusted));

    // Whoever holds the key cuts the decision and the failure off the case's history and
    // sets the chain head back, so the chain checks out on its own.
    let conn = raw(&root.path().join("data"));
    conn.execute_batch("DROP TRIGGER events_are_append_only; DROP TRIGGER events_outlive_edits;")
        .unwrap();
    let keep: i64 = 3;
    conn.execute(
        "DELETE FROM events WHERE stream = ?1 AND seq > ?2",
        rusqlite::params![id.as_str(), keep],
    )
    .unwrap();
    conn.execute(
        "UPDATE chains SET length = ?2, head_hash = (SELECT hash FROM events WHERE stream = ?1 AND seq = ?2) WHERE stream = ?1",
        rusqlite::params![id.as_str(), keep],
    )
    .unwrap();
    let report = app.verify_with_anchors(&[anchor], &tsa_ca).unwrap();
    assert!(
        report.breaks.is_empty(),
        "the chain alone looks sound: {:?}",
        report.breaks
    );
    assert!(!report.is_intact());
    let problems: Vec<&String> = report.anchors.iter().flat_map(|a| &a.problems).collect();
    assert!(
        problems
            .iter()
            .any(|p| p.contains(id.as_str()) && p.contains("rolled back")),
        "{problems:?}"
    );
}

#[test]
fn the_daily_anchor_is_made_once_a_day_and_never_without_the_authority() {
    let stamped = |app: &App| {
        app.latest_anchor()
            .unwrap()
            .is_some_and(|a| a.stamped_at.is_some())
    };
    let root = tempfile::tempdir().unwrap();
    let (app, _) = folder(root.path());
    // No authority named: nothing to do.
    assert!(app.anchor_if_due().unwrap().is_none());
    let tsa = support::tsa::start();
    app.set_tsa_url(Some(&tsa.url)).unwrap();
    let first = app.anchor_if_due().unwrap().expect("due: never anchored");
    assert!(first.stamped_at.is_some());
    assert!(stamped(&app));
    // Within the day, not again.
    let answered = tsa.answered.load(std::sync::atomic::Ordering::SeqCst);
    assert!(app.anchor_if_due().unwrap().is_none());
    assert_eq!(
        tsa.answered.load(std::sync::atomic::Ordering::SeqCst),
        answered
    );

    // An authority that does not answer: nothing recorded, and not retried at every open.
    let root = tempfile::tempdir().unwrap();
    let (app, _) = folder(root.path());
    app.set_tsa_url(Some("http://127.0.0.1:9/tsr")).unwrap();
    let events = app.verify().unwrap().events;
    assert!(app.anchor_if_due().unwrap().is_none());
    assert!(app.latest_anchor().unwrap().is_none());
    assert_eq!(app.verify().unwrap().events, events);
    assert!(
        app.anchor_if_due().unwrap().is_none(),
        "retried within the hour"
    );
    // Naming another authority tries it at once.
    app.set_tsa_url(Some(&tsa.url)).unwrap();
    assert!(app.anchor_if_due().unwrap().is_some());
    assert!(stamped(&app));
}

#[test]
fn a_backdated_event_is_named_against_the_anchor_and_its_neighbour() {
    let tsa = support::tsa::start();
    let root = tempfile::tempdir().unwrap();
    let (app, id) = folder(root.path());
    app.set_tsa_url(Some(&tsa.url)).unwrap();
    let file = root.path().join("anchor.json");
    app.write_anchor(&file).unwrap();
    let anchor = bonafide::app::read_anchor(&file).unwrap();
    // An event forged after the anchor, properly hashed and chained, but dated last year.
    let conn = raw(&root.path().join("data"));
    let (hash, length): (String, i64) = conn
        .query_row(
            "SELECT head_hash, length FROM chains WHERE stream = ?1",
            [id.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let forged = bonafide::audit::AuditEvent::next(
        Some((&hash, length)),
        id.as_str(),
        "2025-06-01T09:00:00.000Z",
        "Someone",
        bonafide::audit::EventKind::ItemUpdated,
        Some("interview.camera"),
        serde_json::json!({"outcome": "pass", "note": null}),
    );
    conn.execute(
        "INSERT INTO events (stream, seq, at, actor, kind, item_id, payload, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        rusqlite::params![forged.stream, forged.seq, forged.at, forged.actor, forged.kind.as_str(), forged.item_id, bonafide::audit::canonical_json(&forged.payload), forged.prev_hash, forged.hash],
    )
    .unwrap();
    conn.execute(
        "UPDATE chains SET head_hash = ?2, length = ?3 WHERE stream = ?1",
        rusqlite::params![id.as_str(), forged.hash, forged.seq],
    )
    .unwrap();
    let report = app.verify_with_anchors(&[anchor], &[]).unwrap();
    assert!(report.breaks.is_empty(), "{:?}", report.breaks);
    assert!(
        report
            .times_backwards
            .iter()
            .any(|t| t.contains("2025-06-01")),
        "{:?}",
        report.times_backwards
    );
    let problems: Vec<&String> = report.anchors.iter().flat_map(|a| &a.problems).collect();
    assert!(
        problems.iter().any(|p| p.contains("backdated")),
        "{problems:?}"
    );
    // An edited anchor file is refused as such.
    let mut text = std::fs::read_to_string(&file).unwrap();
    text = text.replacen("\"length\": ", "\"length\": 1", 1);
    std::fs::write(&file, text).unwrap();
    let edited = bonafide::app::read_anchor(&file).unwrap();
    let report = app.verify_with_anchors(&[edited], &[]).unwrap();
    assert!(
        report
            .anchors
            .iter()
            .any(|a| a.problems.iter().any(|p| p.contains("edited")))
    );
}
