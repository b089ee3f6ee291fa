//! Backup and restore: archives made while the app runs, restored only after every check,
//! damaged or hostile archives refused with the data folder left exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use bonafide::Error;
use bonafide::app::{self, App, EvidenceDetails};
use bonafide::backup::{self, BackupError};
use bonafide::model::{CaseFields, CaseId, Decision, Outcome, SubjectKind};
use bonafide::vault::{DataKey, Unlock, VaultError};

mod support;

fn open(dir: &Path) -> App {
    support::keys::open(dir, Some("Tester"))
}

fn key(dir: &Path) -> DataKey {
    support::keys::key(dir)
}

fn person(name: &str) -> CaseFields {
    CaseFields {
        kind: SubjectKind::Person,
        display_name: name.into(),
        ..CaseFields::default()
    }
}

/// A data folder with two cases, outcomes, notes, three evidence files and a decision.
fn seeded(dir: &Path) -> (App, Vec<CaseId>) {
    let app = open(dir);
    let mut ids = Vec::new();
    for (i, name) in ["Ann Example", "Bo Sample"].iter().enumerate() {
        let id = app.create_case(&person(name)).unwrap();
        app.set_item(
            &id,
            "interview.camera",
            Some(Outcome::Concern),
            Some("camera off"),
        )
        .unwrap();
        for j in 0..(i + 1) {
            let f = dir.parent().unwrap().join(format!("scan-{i}-{j}.txt"));
            fs::write(&f, format!("passport scan {i} {j}")).unwrap();
            app.add_evidence_file(&id, "identity.document", &f, &EvidenceDetails::default())
                .unwrap();
        }
        ids.push(id);
    }
    app.decide(&ids[0], Decision::DoNotProceed, "camera off", "R. Viewer")
        .unwrap();
    (app, ids)
}

/// Every file under `dir` with its content, to show a folder is unchanged.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(root: &Path, d: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                );
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

fn record_fingerprints(app: &App) -> Vec<(String, String)> {
    app.list_cases(&Default::default())
        .unwrap()
        .into_iter()
        .map(|c| {
            let r = app.record(&c.id).unwrap();
            (c.id.to_string(), r.material_fingerprint)
        })
        .collect()
}

#[test]
fn a_backup_restores_to_the_same_cases_evidence_and_history() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (app, _) = seeded(&data);
    let archive = root.path().join("backup.tar");
    let report = app.backup(&archive).unwrap();
    assert_eq!((report.cases, report.evidence_files), (2, 3));
    assert_eq!(report.bytes, fs::metadata(&archive).unwrap().len());
    assert_eq!(
        report.sha256,
        bonafide::audit::sha256_hex(&fs::read(&archive).unwrap())
    );
    assert!(report.altered_evidence.is_empty());
    let before = record_fingerprints(&app);
    // The archive is as unreadable as the folder without the key.
    let bytes = fs::read(&archive).unwrap();
    for needle in [&b"Ann Example"[..], b"CREATE TABLE", b"interview.camera"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{} in the clear",
            String::from_utf8_lossy(needle)
        );
    }

    let k = key(&data);
    let manifest = app::check_backup(&archive, &Unlock::Key(&k)).unwrap();
    assert_eq!(manifest.cases, 2);
    assert_eq!(
        manifest.files.len(),
        5,
        "database, key file and three evidence files"
    );
    // The recovery code opens it on a computer that has nothing else.
    let code = support::keys::code_of(k.id()).unwrap();
    app::check_backup(&archive, &Unlock::RecoveryCode(&code)).unwrap();
    let err =
        app::check_backup(&archive, &Unlock::Passphrase("no passphrase was set")).unwrap_err();
    assert!(matches!(err, Error::Vault(VaultError::Locked)), "{err}");

    // Into a folder that does not exist yet.
    let elsewhere = root.path().join("restored");
    let (r, restored_key) =
        app::restore(&elsewhere, &archive, &Unlock::Key(&k), Some("Tester")).unwrap();
    assert_eq!(restored_key.id(), k.id());
    assert_eq!((r.cases, r.evidence_files, r.previous_data), (2, 3, None));
    assert_eq!(r.not_recorded, None);
    let restored = open(&elsewhere);
    let audit = restored.verify().unwrap();
    assert!(audit.is_intact(), "{audit:?}");
    assert_eq!(audit.evidence_files, 3);
    assert_eq!(record_fingerprints(&restored), before);
    // The restored history says it was restored, and from which backup: a rollback to
    // an old backup is never silent.
    drop(restored);
    let raw = rusqlite::Connection::open(elsewhere.join("bonafide.sqlite3")).unwrap();
    raw.execute_batch(&format!(
        "PRAGMA key = \"{}\";",
        restored_key.database_key().as_str()
    ))
    .unwrap();
    let (kind, payload): (String, String) = raw
        .query_row(
            "SELECT kind, payload FROM events WHERE stream = 'global' ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kind, "restored");
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(payload["archive"], "backup.tar");
    assert_eq!(payload["backup_made_at"], manifest.created_at.as_str());
}

#[test]
fn restoring_over_data_keeps_the_previous_folder() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (app, _) = seeded(&data);
    let archive = root.path().join("backup.tar");
    app.backup(&archive).unwrap();
    // Work done after the backup...
    app.create_case(&person("After Backup")).unwrap();
    drop(app);
    let after = snapshot(&data);
    let (r, _) = app::restore(&data, &archive, &Unlock::Key(&key(&data)), Some("Tester")).unwrap();
    let previous = PathBuf::from(r.previous_data.expect("the replaced data is kept"));
    assert!(
        previous
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("data.before-restore-"),
        "{previous:?}"
    );
    // ...is still there, byte for byte, beside the restored folder.
    assert_eq!(snapshot(&previous), after);
    let restored = open(&data);
    assert_eq!(restored.list_cases(&Default::default()).unwrap().len(), 2);
    assert!(restored.verify().unwrap().is_intact());
    // No staging folder is left behind.
    let names: Vec<String> = fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

/// Rewrites `archive` entry by entry through `edit`, which may change, drop or add entries.
fn rewrite(archive: &Path, out: &Path, edit: impl Fn(&str, Vec<u8>) -> Vec<(String, Vec<u8>)>) {
    let mut reader = tar::Archive::new(fs::File::open(archive).unwrap());
    let mut builder = tar::Builder::new(fs::File::create(out).unwrap());
    for e in reader.entries().unwrap() {
        let mut e = e.unwrap();
        let name = e.path().unwrap().to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        for (n, b) in edit(&name, bytes) {
            let mut h = tar::Header::new_gnu();
            h.set_size(b.len() as u64);
            h.set_mode(0o600);
            h.set_entry_type(tar::EntryType::Regular);
            // append_data refuses `..`; write the raw name like a hostile tool would.
            h.as_gnu_mut().unwrap().name[..n.len()].copy_from_slice(n.as_bytes());
            h.set_cksum();
            builder.append(&h, b.as_slice()).unwrap();
        }
    }
    builder.finish().unwrap();
}

fn flip_last_byte(mut b: Vec<u8>) -> Vec<u8> {
    if let Some(x) = b.last_mut() {
        *x ^= 1;
    }
    b
}

#[test]
fn damaged_and_hostile_archives_are_refused_and_nothing_changes() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (app, _) = seeded(&data);
    let good = root.path().join("good.tar");
    app.backup(&good).unwrap();
    app.set_item(
        &app.list_cases(&Default::default()).unwrap()[0].id,
        "interview.camera",
        Some(Outcome::Pass),
        Some("changed after the backup"),
    )
    .unwrap();
    drop(app);
    let before = snapshot(&data);
    let bytes = fs::read(&good).unwrap();
    let k = key(&data);
    let unlock = Unlock::Key(&k);

    type Case<'a> = (&'static str, Box<dyn Fn(&Path) + 'a>, &'static str);
    let cases: Vec<Case<'_>> = vec![
        (
            "cut in half",
            Box::new(|p: &Path| fs::write(p, &bytes[..bytes.len() / 2]).unwrap()),
            "damaged or incomplete",
        ),
        (
            "empty",
            Box::new(|p: &Path| fs::write(p, b"").unwrap()),
            "no manifest",
        ),
        (
            "not a tar at all",
            Box::new(|p: &Path| fs::write(p, vec![b'x'; 4096]).unwrap()),
            "damaged or incomplete",
        ),
        (
            "one evidence byte changed",
            Box::new(|p: &Path| {
                rewrite(&good, p, |n, b| {
                    let b = if n.starts_with("evidence/") {
                        flip_last_byte(b)
                    } else {
                        b
                    };
                    vec![(n.to_string(), b)]
                })
            }),
            "SHA-256 differs from the manifest",
        ),
        (
            "one database byte changed",
            Box::new(|p: &Path| {
                rewrite(&good, p, |n, b| {
                    let b = if n == "bonafide.sqlite3" {
                        flip_last_byte(b)
                    } else {
                        b
                    };
                    vec![(n.to_string(), b)]
                })
            }),
            "bonafide.sqlite3 has content whose SHA-256 differs",
        ),
        (
            "an evidence file missing",
            Box::new(|p: &Path| {
                let dropped = std::cell::Cell::new(false);
                rewrite(&good, p, |n, b| {
                    if n.starts_with("evidence/") && !dropped.replace(true) {
                        vec![]
                    } else {
                        vec![(n.to_string(), b)]
                    }
                })
            }),
            "is listed but missing",
        ),
        (
            "an evidence file dropped with its manifest line",
            Box::new(|p: &Path| {
                let dropped = std::cell::RefCell::new(None::<String>);
                rewrite(&good, p, |n, b| {
                    if n.starts_with("evidence/") && dropped.borrow().is_none() {
                        *dropped.borrow_mut() = Some(n.to_string());
                        return vec![];
                    }
                    if n == "manifest.json" {
                        let gone = dropped.borrow().clone().unwrap();
                        let mut m: serde_json::Value = serde_json::from_slice(&b).unwrap();
                        m["files"]
                            .as_array_mut()
                            .unwrap()
                            .retain(|f| f["path"] != gone.as_str());
                        return vec![(n.to_string(), serde_json::to_vec(&m).unwrap())];
                    }
                    vec![(n.to_string(), b)]
                })
            }),
            "references 1 evidence file(s) that the archive does not hold",
        ),
        (
            "a path escaping the folder",
            Box::new(|p: &Path| {
                rewrite(&good, p, |n, b| {
                    let mut v = vec![(n.to_string(), b)];
                    if n == "bonafide.sqlite3" {
                        v.push(("../escaped".into(), b"x".to_vec()));
                    }
                    v
                })
            }),
            "does not allow: ../escaped",
        ),
        (
            "an unlisted extra file",
            Box::new(|p: &Path| {
                let extra = format!("evidence/ab/ab{}", "0".repeat(62));
                rewrite(&good, p, |n, b| {
                    let mut v = vec![(n.to_string(), b)];
                    if n == "bonafide.sqlite3" {
                        v.push((extra.clone(), b"x".to_vec()));
                    }
                    v
                })
            }),
            "is not listed in the manifest",
        ),
        (
            "a manifest from another program",
            Box::new(|p: &Path| {
                rewrite(&good, p, |n, b| {
                    let b = if n == "manifest.json" {
                        String::from_utf8(b)
                            .unwrap()
                            .replace("bonafide-backup", "other-backup")
                            .into_bytes()
                    } else {
                        b
                    };
                    vec![(n.to_string(), b)]
                })
            }),
            "not a Bona Fide backup",
        ),
        (
            "two evidence files swapped, manifest made to match",
            Box::new(|p: &Path| {
                let evidence = std::cell::RefCell::new(Vec::<(String, Vec<u8>)>::new());
                rewrite(&good, &root.path().join("scan.tar"), |n, b| {
                    if n.starts_with("evidence/") {
                        evidence.borrow_mut().push((n.to_string(), b.clone()));
                    }
                    vec![(n.to_string(), b)]
                });
                let _ = fs::remove_file(root.path().join("scan.tar"));
                let evidence = evidence.into_inner();
                let (a, b) = (evidence[0].clone(), evidence[1].clone());
                rewrite(&good, p, |n, bytes| {
                    let bytes = if n == a.0 {
                        b.1.clone()
                    } else if n == b.0 {
                        a.1.clone()
                    } else if n == "manifest.json" {
                        let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                        for f in m["files"].as_array_mut().unwrap() {
                            let content = if f["path"] == a.0.as_str() {
                                &b.1
                            } else if f["path"] == b.0.as_str() {
                                &a.1
                            } else {
                                continue;
                            };
                            f["sha256"] = bonafide::audit::sha256_hex(content).into();
                            f["size"] = content.len().into();
                        }
                        serde_json::to_vec(&m).unwrap()
                    } else {
                        bytes
                    };
                    vec![(n.to_string(), bytes)]
                })
            }),
            "does not decrypt to content matching its name",
        ),
    ];
    for (what, make, expect) in cases {
        let bad = root.path().join("bad.tar");
        make(&bad);
        let err = app::restore(&data, &bad, &unlock, Some("Tester")).expect_err(what);
        let text = err.to_string();
        assert!(text.contains(expect), "{what}: {text}");
        assert!(text.contains("nothing was restored"), "{what}: {text}");
        assert!(matches!(err, Error::Backup(_)), "{what}");
        assert!(app::check_backup(&bad, &unlock).is_err(), "{what}");
        assert_eq!(snapshot(&data), before, "{what}: the data folder changed");
        assert!(!root.path().join("escaped").exists());
        let leftovers: Vec<_> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{what}: {leftovers:?}");
    }
    // A sound archive whose database is not ours is refused by the database check.
    let foreign = root.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let foreign_bytes = fs::read(&foreign).unwrap();
    let sha = bonafide::audit::sha256_hex(&foreign_bytes);
    let bad = root.path().join("foreign.tar");
    rewrite(&good, &bad, |n, b| match n {
        "bonafide.sqlite3" => vec![(n.to_string(), foreign_bytes.clone())],
        "manifest.json" => {
            let mut m: serde_json::Value = serde_json::from_slice(&b).unwrap();
            for f in m["files"].as_array_mut().unwrap() {
                if f["path"] == "bonafide.sqlite3" {
                    f["sha256"] = sha.clone().into();
                    f["size"] = foreign_bytes.len().into();
                }
            }
            vec![(n.to_string(), serde_json::to_vec(&m).unwrap())]
        }
        _ => vec![(n.to_string(), b)],
    });
    let err = app::restore(&data, &bad, &unlock, Some("Tester")).unwrap_err();
    assert!(
        matches!(err, Error::Backup(BackupError::Unsound { .. })),
        "{err}"
    );
    assert_eq!(snapshot(&data), before);
    // A sound archive, but the wrong key or passphrase: refused, nothing changed.
    let stranger = tempfile::tempdir().unwrap();
    let (other, _) =
        bonafide::vault::create_key(stranger.path(), Some("a passphrase here")).unwrap();
    for (how, expect) in [
        (Unlock::Key(&other), "does not belong"),
        (Unlock::Passphrase("a passphrase here"), "locked"),
        (Unlock::RecoveryCode("AAAA-BBBB"), "recovery code is wrong"),
    ] {
        let err = app::restore(&data, &good, &how, Some("Tester")).unwrap_err();
        assert!(matches!(err, Error::Vault(_)), "{err}");
        assert!(err.to_string().contains(expect), "{err}");
        assert_eq!(snapshot(&data), before);
    }
}

#[test]
fn a_backup_taken_while_the_app_writes_is_consistent() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (app, ids) = seeded(&data);
    let app = std::sync::Arc::new(app);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (app, stop, id) = (app.clone(), stop.clone(), ids[1].clone());
        let scratch = root.path().join("scratch");
        fs::create_dir_all(&scratch).unwrap();
        std::thread::spawn(move || {
            let mut n = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                app.set_item(
                    &id,
                    "interview.camera",
                    Some(Outcome::Pass),
                    Some(&format!("n{n}")),
                )
                .unwrap();
                let f = scratch.join(format!("{n}.txt"));
                fs::write(&f, format!("file {n}")).unwrap();
                app.add_evidence_file(&id, "identity.document", &f, &EvidenceDetails::default())
                    .unwrap();
                n += 1;
            }
            n
        })
    };
    let mut archives = Vec::new();
    for i in 0..5 {
        let a = root.path().join(format!("live-{i}.tar"));
        app.backup(&a).unwrap();
        archives.push(a);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let writes = writer.join().unwrap();
    assert!(writes > 0);
    for (i, a) in archives.iter().enumerate() {
        let target = root.path().join(format!("restored-{i}"));
        app::restore(&target, a, &Unlock::Key(&key(&data)), Some("Tester")).unwrap();
        let report = open(&target).verify().unwrap();
        assert!(report.is_intact(), "archive {i}: {report:?}");
    }
}

#[test]
fn entry_names_round_trip() {
    let sha = bonafide::audit::sha256_hex(b"x");
    assert_eq!(
        backup::entry_kind(&backup::evidence_entry(&sha)),
        Some(backup::EntryKind::Evidence(sha))
    );
}
