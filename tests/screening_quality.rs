//! Matcher quality on labelled public data. Prints the numbers; fails on regression.

use std::collections::BTreeMap;
use std::path::PathBuf;

use bonafide::screening::score::score_names;
use bonafide::screening::text::{NameKind, Script, dominant_script, prepare};

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(path)
}

#[test]
fn labelled_pairs_f1() {
    let mut rdr = csv::Reader::from_path(shared("name-matching/name_bench_cases.csv")).unwrap();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let kind = match &rec[1] {
            "Person" => NameKind::Person,
            "Company" | "Organization" | "LegalEntity" | "Vessel" => NameKind::Company,
            _ => NameKind::Unknown,
        };
        let s = score_names(&prepare(&rec[2], kind), &prepare(&rec[3], kind)).score;
        rows.push((
            s,
            &rec[4] == "true",
            rec[2].to_string(),
            rec[3].to_string(),
            rec[1].to_string(),
        ));
    }
    let mut best = (0.0, 0.0, 0.0, 0.0);
    for t in (40..=99).map(|t| t as f32 / 100.0) {
        let tp = rows.iter().filter(|r| r.0 >= t && r.1).count() as f32;
        let fp = rows.iter().filter(|r| r.0 >= t && !r.1).count() as f32;
        let fnn = rows.iter().filter(|r| r.0 < t && r.1).count() as f32;
        let p = tp / (tp + fp).max(1.0);
        let r = tp / (tp + fnn).max(1.0);
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        if (t * 100.0).round() as i32 % 5 == 0 {
            println!("t={t:.2} P={p:.3} R={r:.3} F1={f1:.3}");
        }
        if f1 > best.0 {
            best = (f1, t, p, r);
        }
    }
    println!(
        "best F1 {:.3} at {:.2} (P {:.3} R {:.3})",
        best.0, best.1, best.2, best.3
    );
    let t = best.1;
    for r in &rows {
        if (r.0 >= t) != r.1 {
            println!(
                "{} {:.3} {:?} | {:?} [{}]",
                if r.1 { "FN" } else { "FP" },
                r.0,
                r.2,
                r.3,
                r.4
            );
        }
    }
    let _ = (BTreeMap::<Script, u8>::new(), dominant_script(""));
    assert!(best.0 > 0.79);
}

#[test]
fn cross_script_pairs_reach_their_minimum() {
    let text = std::fs::read_to_string(shared("name-matching/cross_script_pairs.csv")).unwrap();
    let mut failures = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split(',').collect();
        let min: f32 = f[2].parse().unwrap();
        let s = score_names(
            &prepare(f[0], NameKind::Person),
            &prepare(f[1], NameKind::Person),
        );
        println!("{:>5.3} (min {min:.2}) {} | {}", s.score, f[0], f[1]);
        if s.score < min {
            failures.push(format!("{} / {}: {:.3} < {min}", f[0], f[1], s.score));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
