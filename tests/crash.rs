//! Crash-safety harness: kill a writer with SIGKILL at random moments and check that
//! nothing it acknowledged was lost and nothing it left behind is damaged.
//!
//! Each cycle starts this same binary again as a child (`--child DIR SEED`) that opens the
//! data folder through the core and writes as fast as it can: item outcomes and notes,
//! evidence files, evidence links and decisions. After each write returns it prints one
//! line naming what it wrote; a printed line is an acknowledged write. The parent kills the
//! child at a random moment (sometimes while it is still opening the database), then:
//!
//! - `PRAGMA integrity_check` must say `ok`;
//! - every write acknowledged in this cycle must be present (and, every 50 cycles and at the
//!   end, every write acknowledged in any cycle);
//! - `App::verify` must find every hash chain intact, every case's tables equal to the
//!   replay of its history, and every referenced evidence file complete and matching its
//!   hash (so no half-written file is referenced).
//!
//! `BONAFIDE_CRASH_CYCLES` sets the number of cycles (500 by default, the CI run);
//! `BONAFIDE_CRASH_SEED` replays a run. The harness kills processes, not the machine: it
//! shows the app's own write path is atomic. Surviving power loss additionally needs the
//! disk to honour fsync, which `synchronous = FULL` asks of it (see `src/store/mod.rs`).

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use bonafide::app::{App, EvidenceDetails};
use bonafide::audit::EventKind;
use bonafide::model::{CaseFields, CaseId, Decision, Outcome, SubjectKind};
use bonafide::store::Store;
use bonafide::vault::{self, Unlock};

mod support;

/// How the parent hands the folder's recovery code to the writer it starts.
const CODE_ENV: &str = "BONAFIDE_CRASH_RECOVERY_CODE";

const CASES: usize = 3;
const DEFAULT_CYCLES: u64 = 500;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        let dir = PathBuf::from(&args[2]);
        let seed: u64 = args[3].parse().expect("seed");
        child(&dir, seed);
        return;
    }
    // `cargo test` passes its own flags (filters, --list); a list request gets one name.
    if args.iter().any(|a| a == "--list") {
        println!("crash_harness: test");
        return;
    }
    harness();
}

/// splitmix64: enough randomness to pick moments and operations, reproducible from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn open(dir: &Path) -> App {
    support::keys::open(dir, Some("Crash Tester"))
}

/// The writer. Runs until killed.
fn child(dir: &Path, seed: u64) {
    let code = std::env::var(CODE_ENV).expect("recovery code from the harness");
    let key = vault::unlock(dir, &Unlock::RecoveryCode(&code)).expect("unlock");
    let app = App::open(dir, &key, Some("Crash Tester".into())).expect("open data folder");
    let cases: Vec<CaseId> = app
        .list_cases(&Default::default())
        .expect("list cases")
        .into_iter()
        .map(|c| c.id)
        .collect();
    let items: Vec<String> = app
        .case(&cases[0])
        .expect("case")
        .items
        .into_iter()
        .map(|i| i.item_id)
        .collect();
    let scratch = tempfile::tempdir().expect("scratch folder");
    let mut rng = Rng(seed);
    let out = std::io::stdout();
    let mut out = out.lock();
    writeln!(out, "ready").unwrap();
    out.flush().unwrap();
    for n in 0u64.. {
        let token = format!("s{seed:016x}-w{n:06}");
        let case = &cases[rng.below(cases.len() as u64) as usize];
        let line = match rng.below(10) {
            0..=5 => {
                let item = &items[rng.below(items.len() as u64) as usize];
                let outcome =
                    [Outcome::Pass, Outcome::Concern, Outcome::Fail][rng.below(3) as usize];
                app.set_item(case, item, Some(outcome), Some(&token))
                    .map(|_| format!("item {case} {item} {token}"))
            }
            6 | 7 => {
                // Sizes from a few bytes to 256 KiB, so some kills land mid-copy.
                let size = 1 + rng.below(256 * 1024) as usize;
                let body: Vec<u8> = token.bytes().cycle().take(size.max(token.len())).collect();
                let path = scratch.path().join(format!("{token}.bin"));
                std::fs::write(&path, &body).expect("scratch file");
                app.add_evidence_file(case, &items[0], &path, &EvidenceDetails::default())
                    .map(|e| format!("file {case} {} {}", e.id, e.sha256.unwrap_or_default()))
            }
            8 => app
                .add_evidence_url(
                    case,
                    &items[1],
                    &format!("https://example.com/{token}"),
                    &EvidenceDetails::default(),
                )
                .map(|e| format!("url {case} {}", e.id)),
            _ => app
                .decide(case, Decision::Escalate, &token, "Crash Tester")
                .map(|_| format!("decision {case} {token}")),
        };
        match line {
            Ok(l) => writeln!(out, "{l}").unwrap(),
            Err(e) => writeln!(out, "error {e}").unwrap(),
        }
        out.flush().unwrap();
    }
}

/// One acknowledged write.
#[derive(Debug, Clone)]
enum Ack {
    Item {
        case: String,
        item: String,
        token: String,
    },
    File {
        case: String,
        evidence: String,
        sha: String,
    },
    Url {
        case: String,
        evidence: String,
    },
    Decision {
        case: String,
        token: String,
    },
}

fn parse_ack(line: &str) -> Ack {
    let f: Vec<&str> = line.split(' ').collect();
    let s = |i: usize| f[i].to_string();
    match f[0] {
        "item" => Ack::Item {
            case: s(1),
            item: s(2),
            token: s(3),
        },
        "file" => Ack::File {
            case: s(1),
            evidence: s(2),
            sha: s(3),
        },
        "url" => Ack::Url {
            case: s(1),
            evidence: s(2),
        },
        "decision" => Ack::Decision {
            case: s(1),
            token: s(2),
        },
        _ => panic!("the writer reported a failure: {line}"),
    }
}

fn harness() {
    let cycles: u64 = std::env::var("BONAFIDE_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CYCLES);
    let seed: u64 = std::env::var("BONAFIDE_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        });
    println!("crash harness: {cycles} cycles, BONAFIDE_CRASH_SEED={seed}");
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temporary data folder");
    {
        let app = open(dir.path());
        for i in 0..CASES {
            app.create_case(&CaseFields {
                kind: SubjectKind::Person,
                display_name: format!("Crash Subject {i}"),
                ..CaseFields::default()
            })
            .expect("create case");
        }
    }
    let exe = std::env::current_exe().expect("own path");
    let key_id = support::keys::key(dir.path()).id().to_string();
    let code = support::keys::code_of(&key_id).expect("the folder's recovery code");
    let mut rng = Rng(seed);
    let mut all_acks: Vec<Ack> = Vec::new();
    let mut killed_before_ready = 0u64;
    for cycle in 0..cycles {
        let child_seed = rng.next();
        let mut child = Command::new(&exe)
            .arg("--child")
            .arg(dir.path())
            .arg(child_seed.to_string())
            .env(CODE_ENV, &code)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the writer");
        let stdout = child.stdout.take().expect("writer stdout");
        let (tx, rx) = mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // One cycle in ten is killed while it may still be opening the database; the
        // rest once it is writing, after up to 60 ms of writes.
        let early = rng.below(10) == 0;
        if !early {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(l) if l == "ready" => {}
                other => panic!("cycle {cycle}: the writer did not start: {other:?}"),
            }
        }
        std::thread::sleep(Duration::from_micros(rng.below(60_000)));
        child.kill().expect("SIGKILL the writer");
        child.wait().expect("reap the writer");
        reader.join().expect("reader");
        let mut ready = !early;
        let mut acks = Vec::new();
        for line in rx.try_iter() {
            if line == "ready" {
                ready = true;
            } else {
                acks.push(parse_ack(&line));
            }
        }
        if !ready {
            killed_before_ready += 1;
        }
        check(dir.path(), cycle, &acks);
        all_acks.extend(acks);
        if cycle % 50 == 49 {
            check(dir.path(), cycle, &all_acks);
        }
    }
    check(dir.path(), cycles, &all_acks);
    let stray = stray_files(dir.path());
    println!(
        "crash harness: {cycles} cycles ({killed_before_ready} killed before the database was \
         open), {} acknowledged writes, 0 lost, every check passed; {stray} unreferenced \
         evidence or temporary files left by kills (never referenced); {:.1} s",
        all_acks.len(),
        started.elapsed().as_secs_f64()
    );
}

/// Everything a cycle must find true after the kill.
fn check(dir: &Path, cycle: u64, acks: &[Ack]) {
    let store = Store::open(&dir.join("bonafide.sqlite3"), &support::keys::key(dir))
        .unwrap_or_else(|e| panic!("cycle {cycle}: the database does not open: {e}"));
    store
        .integrity_check()
        .unwrap_or_else(|e| panic!("cycle {cycle}: integrity_check: {e}"));
    drop(store);
    let app = open(dir);
    let report = app.verify().expect("verify");
    assert!(report.is_intact(), "cycle {cycle}: {report:#?}");

    let mut by_case: BTreeMap<&str, Vec<&Ack>> = BTreeMap::new();
    for a in acks {
        let case = match a {
            Ack::Item { case, .. }
            | Ack::File { case, .. }
            | Ack::Url { case, .. }
            | Ack::Decision { case, .. } => case.as_str(),
        };
        by_case.entry(case).or_default().push(a);
    }
    for (case, acks) in by_case {
        let id = app.resolve_case_id(case).expect("case id");
        let view = app.case(&id).expect("case");
        let history = app.case_history(&id).expect("history");
        let notes: HashSet<&str> = history
            .iter()
            .filter(|e| e.kind == EventKind::ItemUpdated)
            .filter_map(|e| e.payload.get("note")?.get("to")?.as_str())
            .collect();
        let evidence: HashSet<(&str, Option<&str>)> = view
            .evidence
            .iter()
            .map(|e| (e.id.as_str(), e.sha256.as_deref()))
            .collect();
        let rationales: HashSet<&str> = view
            .decisions
            .iter()
            .map(|d| d.rationale.as_str())
            .collect();
        // The newest acknowledged note of each item must be the one in force, or one
        // written after it (a write can commit and be killed before it is acknowledged).
        let mut newest: BTreeMap<&str, &str> = BTreeMap::new();
        for a in &acks {
            let lost = match a {
                Ack::Item { item, token, .. } => {
                    newest.insert(item, token);
                    !notes.contains(token.as_str())
                }
                Ack::File {
                    evidence: e, sha, ..
                } => !evidence.contains(&(e.as_str(), Some(sha.as_str()))),
                Ack::Url { evidence: e, .. } => !evidence.contains(&(e.as_str(), None)),
                Ack::Decision { token, .. } => !rationales.contains(token.as_str()),
            };
            assert!(!lost, "cycle {cycle}: acknowledged write lost: {a:?}");
        }
        for (item, token) in newest {
            let state = view.items.iter().find(|s| s.item_id == item).expect("item");
            let (seed_now, seed_acked) = (
                state.note.split('-').next().unwrap_or(""),
                token.split('-').next().unwrap_or(""),
            );
            // Tokens of one writer sort in write order; a later writer may have moved on.
            assert!(
                seed_now != seed_acked || state.note.as_str() >= token,
                "cycle {cycle}: item {item} went back from {token} to {}",
                state.note
            );
        }
    }
}

/// Files in the evidence folder that no evidence row refers to: blobs whose database write
/// was killed before it committed, and temporary files killed mid-copy.
fn stray_files(dir: &Path) -> usize {
    let app = open(dir);
    let referenced: HashSet<PathBuf> = app
        .list_cases(&Default::default())
        .unwrap()
        .into_iter()
        .flat_map(|c| app.case(&c.id).unwrap().evidence)
        .filter_map(|e| {
            e.sha256
                .map(|s| dir.join(bonafide::backup::evidence_entry(&s)))
        })
        .collect();
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&dir.join("evidence"), &mut files);
    files.iter().filter(|f| !referenced.contains(*f)).count()
}
