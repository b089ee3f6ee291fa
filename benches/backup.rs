//! Backup and restore of a large data folder: 1,000 cases with 5,000 evidence files
//! (32 KiB each, 160 MiB in all). One timed run of each step, printed; seeding is not timed.
//! Run with `cargo bench --bench backup` (or `./x bench --bench backup`).

use std::time::Instant;

use bonafide::app::{self, App, EvidenceDetails};
use bonafide::model::{CaseFields, Outcome, SubjectKind};
use bonafide::vault::Unlock;

const CASES: usize = 1_000;
const FILES_PER_CASE: usize = 5;
const FILE_BYTES: usize = 32 * 1024;

fn main() {
    // `cargo bench` passes --bench; a filter that excludes us is honoured.
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with("--") && a != "backup")
    {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let (key, _) = bonafide::vault::create_key(&data, None).unwrap();
    let app = App::open(&data, &key, Some("Bench".into())).unwrap();
    let scratch = root.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let seeded = Instant::now();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for c in 0..CASES {
        let id = app
            .create_case(&CaseFields {
                kind: SubjectKind::Person,
                display_name: format!("Bench Subject {c}"),
                ..CaseFields::default()
            })
            .unwrap();
        app.set_item(
            &id,
            "interview.camera",
            Some(Outcome::Pass),
            Some("seen on camera"),
        )
        .unwrap();
        for f in 0..FILES_PER_CASE {
            // Distinct pseudo-random content, so nothing is deduplicated.
            let body: Vec<u8> = (0..FILE_BYTES)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed as u8
                })
                .collect();
            let path = scratch.join(format!("scan-{c}-{f}.png"));
            std::fs::write(&path, body).unwrap();
            app.add_evidence_file(&id, "identity.document", &path, &EvidenceDetails::default())
                .unwrap();
            std::fs::remove_file(&path).unwrap();
        }
    }
    println!(
        "seeded {CASES} cases and {} evidence files in {:.1} s",
        CASES * FILES_PER_CASE,
        seeded.elapsed().as_secs_f64()
    );

    let archive = root.path().join("backup.tar");
    let t = Instant::now();
    let report = app.backup(&archive).unwrap();
    let backup = t.elapsed();
    assert_eq!(report.evidence_files as usize, CASES * FILES_PER_CASE);
    drop(app);

    let t = Instant::now();
    app::check_backup(&archive, &Unlock::Key(&key)).unwrap();
    let check = t.elapsed();

    let t = Instant::now();
    let (restored, _) = app::restore(&data, &archive, &Unlock::Key(&key), Some("Bench")).unwrap();
    let restore = t.elapsed();
    assert_eq!(restored.cases as usize, CASES);

    let t = Instant::now();
    let audit = App::open(&data, &key, None).unwrap().verify().unwrap();
    let verify = t.elapsed();
    assert!(audit.is_intact());
    println!(
        "archive {:.1} MiB; backup {:.2} s; check only {:.2} s; restore (check, unpack, swap) {:.2} s; audit verify of the restored folder {:.2} s",
        report.bytes as f64 / (1024.0 * 1024.0),
        backup.as_secs_f64(),
        check.as_secs_f64(),
        restore.as_secs_f64(),
        verify.as_secs_f64()
    );
}
