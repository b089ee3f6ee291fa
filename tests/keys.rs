//! Rotating a data folder's key: after `bonafide key rotate` nothing opens with the old key,
//! passphrase or recovery code; everything is intact under the new key; backups made
//! before restore with their own secrets; and a rotation killed at any moment loses
//! nothing and finishes at the next open.

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use bonafide::app::{self, App, EvidenceDetails, Folder};
use bonafide::audit::{EventKind, GLOBAL_STREAM};
use bonafide::blobs::{BlobStore, DEFAULT_MAX_EVIDENCE_BYTES};
use bonafide::model::{CaseFields, Decision, Outcome, SubjectKind};
use bonafide::store::Store;
use bonafide::vault::{self, DataKey, Keychain, Unlock};

#[path = "support/cli.rs"]
mod cli;
mod support;

/// A folder with one case, `files` evidence files (some over one 64 KiB chunk) and a
/// decision. Returns the hashes of the files.
fn seed(app: &App, scratch: &Path, files: usize) -> Vec<String> {
    let id = app
        .create_case(&CaseFields {
            kind: SubjectKind::Person,
            display_name: "Alex Kim".into(),
            ..CaseFields::default()
        })
        .unwrap();
    app.set_item(
        &id,
        "interview.camera",
        Some(Outcome::Pass),
        Some("on camera"),
    )
    .unwrap();
    let mut hashes = Vec::new();
    for i in 0..files {
        let f = scratch.join(format!("scan-{i}.bin"));
        let body: Vec<u8> = format!("scan {i} ")
            .bytes()
            .cycle()
            .take(1000 + i * 37_000)
            .collect();
        fs::write(&f, &body).unwrap();
        let ev = app
            .add_evidence_file(&id, "identity.document", &f, &EvidenceDetails::default())
            .unwrap();
        hashes.push(ev.sha256.unwrap());
    }
    app.decide(&id, Decision::Proceed, "all checks passed", "R. Viewer")
        .unwrap();
    hashes
}

fn db(dir: &Path) -> std::path::PathBuf {
    dir.join("bonafide.sqlite3")
}

#[test]
fn a_rotated_key_shuts_out_the_old_secrets_and_old_backups_keep_theirs() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    let app = support::keys::open(&dir, Some("Tester"));
    let hashes = seed(&app, root.path(), 4);
    let before = root.path().join("before.bfbackup");
    app.backup(&before).unwrap();
    app.set_actor("Tester").unwrap();
    drop(app);
    let old = support::keys::key(&dir);
    let old_code = support::keys::code_of(old.id()).unwrap();

    let folder = Folder::new(&dir, Keychain::Off);
    // Not while the folder is open elsewhere: its files are replaced under it.
    let key_file = fs::read(dir.join("key.json")).unwrap();
    let elsewhere = App::open(&dir, &old, None).unwrap();
    assert!(matches!(
        folder.rotate_key(&old, Some("a fresh passphrase"), None),
        Err(bonafide::Error::FolderInUse { .. })
    ));
    drop(elsewhere);
    assert_eq!(fs::read(dir.join("key.json")).unwrap(), key_file);
    // Without a keychain the new key needs a passphrase; the saved name is who did it.
    assert!(folder.rotate_key(&old, None, None).is_err());
    let rotated = folder
        .rotate_key(&old, Some("a fresh passphrase"), None)
        .unwrap();
    let report = rotated.app.verify().unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.evidence_files, 4);
    assert_eq!(
        rotated.app.list_cases(&Default::default()).unwrap().len(),
        1
    );
    // While a rotation holds the folder, nothing else opens it.
    let new = vault::unlock(&dir, &Unlock::RecoveryCode(rotated.recovery_code.as_str())).unwrap();
    assert!(matches!(
        App::open(&dir, &new, None),
        Err(bonafide::Error::FolderBeingRekeyed { .. })
    ));

    // Nothing opens with the old key or its secrets, not even the files themselves.
    assert!(vault::unlock(&dir, &Unlock::RecoveryCode(&old_code)).is_err());
    assert!(vault::unlock(&dir, &Unlock::Key(&old)).is_err());
    assert!(Store::open(&db(&dir), &old).is_err());
    let old_blobs = BlobStore::new(dir.join("evidence"), DEFAULT_MAX_EVIDENCE_BYTES, &old);
    for h in &hashes {
        assert!(
            !old_blobs.check(h).unwrap(),
            "{h} still opens with the old key"
        );
    }
    assert!(vault::unlock(&dir, &Unlock::Passphrase("a fresh passphrase")).is_ok());
    assert!(
        !fs::read_to_string(dir.join("key.json"))
            .unwrap()
            .contains("rotation")
    );

    // The history says who rotated, from which key to which.
    let events = Store::open(&db(&dir), &new)
        .unwrap()
        .events(GLOBAL_STREAM)
        .unwrap();
    let rotation: Vec<_> = events
        .iter()
        .filter(|e| e.kind == EventKind::KeyRotated)
        .collect();
    assert_eq!(rotation.len(), 1);
    assert_eq!(rotation[0].actor, "Tester");
    assert_eq!(rotation[0].payload["previous_key"], old.id());
    assert_eq!(rotation[0].payload["key"], new.id());
    drop(rotated);

    // The backup made before still restores, with its own recovery code only.
    assert!(app::restore(&dir, &before, &Unlock::Key(&new), Some("Tester")).is_err());
    let (restored, key) = app::restore(
        &dir,
        &before,
        &Unlock::RecoveryCode(&old_code),
        Some("Tester"),
    )
    .unwrap();
    assert_eq!(restored.cases, 1);
    assert_eq!(key.id(), old.id());
    let app = App::open(&dir, &key, None).unwrap();
    assert!(app.verify().unwrap().is_intact());
}

/// The passphrase of rotation `n` (0 is the folder's first).
fn passphrase(n: usize) -> String {
    format!("passphrase number {n:03}")
}

/// The key whichever of the last two passphrases opens: the rotation either wrote its key
/// file or did not.
fn current_key(dir: &Path, n: usize) -> (DataKey, usize) {
    match vault::unlock(dir, &Unlock::Passphrase(&passphrase(n + 1))) {
        Ok(k) => (k, n + 1),
        Err(_) => (
            vault::unlock(dir, &Unlock::Passphrase(&passphrase(n)))
                .expect("the old passphrase opens a folder whose rotation had not begun"),
            n,
        ),
    }
}

/// Kills `bonafide key rotate` with SIGKILL at random moments: half the time anywhere in
/// the run, half the time while it moves the data (after it wrote the new key file). Each
/// time the folder must open with one of the two passphrases, finish the move, and hold
/// every case, event and evidence file intact.
#[test]
fn a_rotation_killed_at_any_moment_loses_nothing() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    let (key, _) = vault::create_key(&dir, Some(&passphrase(0))).unwrap();
    let app = App::open(&dir, &key, Some("Tester".into())).unwrap();
    let hashes = seed(&app, root.path(), 40);
    let events_before = app.verify().unwrap().events;
    drop(app);

    let rotate = |n: usize| {
        cli::bonafide()
            .args(["key", "rotate"])
            .env("BONAFIDE_DATA_DIR", &dir)
            .env("BONAFIDE_USER", "Tester")
            .env("BONAFIDE_PASSPHRASE", passphrase(n))
            .env("BONAFIDE_NEW_PASSPHRASE", passphrase(n + 1))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // One whole run, to know how long one takes.
    let started = Instant::now();
    assert!(rotate(0).wait().unwrap().success());
    let whole = started.elapsed();
    let mut n = 1;
    let mut seed = 0x5eed_u64;
    let (mut untouched, mut mid_move, mut finished) = (0, 0, 0);
    let mut rotations = 1;
    for cycle in 0..12 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let fraction = (seed >> 33) as f64 / (1u64 << 31) as f64;
        let mut child = rotate(n);
        let start = Instant::now();
        if cycle % 2 == 1 {
            // Wait for the new key file, then kill while the data moves.
            while start.elapsed() < whole * 3
                && !fs::read_to_string(dir.join("key.json")).is_ok_and(|k| k.contains("rotation"))
            {
                std::thread::sleep(Duration::from_micros(200));
            }
            std::thread::sleep(whole.mul_f64(fraction * 0.2));
        } else {
            std::thread::sleep(whole.mul_f64(fraction));
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        let half_moved = fs::read_to_string(dir.join("key.json"))
            .unwrap()
            .contains("rotation");
        let (key, now) = current_key(&dir, n);
        match (status.success(), half_moved, now > n) {
            (true, ..) => finished += 1,
            (false, true, _) => mid_move += 1,
            (false, false, true) => finished += 1,
            (false, false, false) => untouched += 1,
        }
        if now > n {
            rotations += 1;
        }
        n = now;
        if half_moved && mid_move == 1 {
            // Someone else has the folder (a lock taken as any open app takes it): the move
            // waits for the folder to itself rather than replace files under them.
            let other = fs::File::open(dir.join("bonafide.lock")).unwrap();
            other.try_lock_shared().unwrap();
            assert!(matches!(
                App::open(&dir, &key, None),
                Err(bonafide::Error::FolderInUse { .. })
            ));
            assert!(
                fs::read_to_string(dir.join("key.json"))
                    .unwrap()
                    .contains("rotation")
            );
        }
        let app = App::open(&dir, &key, None).unwrap();
        // Once the data has moved, the folder is shared again.
        drop(App::open(&dir, &key, None).unwrap());
        let report = app.verify().unwrap();
        assert!(report.is_intact(), "cycle {cycle}: {report:?}");
        assert_eq!(report.evidence_files as usize, hashes.len());
        assert!(report.events >= events_before);
        drop(app);
        assert!(!dir.join("bonafide.rekeying").exists(), "cycle {cycle}");
        let blobs = BlobStore::new(dir.join("evidence"), DEFAULT_MAX_EVIDENCE_BYTES, &key);
        for h in &hashes {
            assert!(blobs.check(h).unwrap(), "cycle {cycle}: {h}");
        }
    }
    eprintln!(
        "one rotation took {whole:?}; 12 killed runs: {untouched} before the new key file, \
         {mid_move} while moving the data, {finished} after; {rotations} rotations in all"
    );
    assert!(mid_move >= 3, "too few kills landed while the data moved");
    // Every completed rotation is in the history.
    let (key, _) = current_key(&dir, n);
    let store = Store::open(&db(&dir), &key).unwrap();
    let recorded = store
        .events(GLOBAL_STREAM)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EventKind::KeyRotated)
        .count();
    assert!(
        recorded >= rotations,
        "{recorded} events for {rotations} rotations"
    );
}
