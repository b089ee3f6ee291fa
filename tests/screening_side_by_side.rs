//! Matcher quality side by side, per script, in one run: the frozen logic-v2 scores,
//! matcher 1.0 (frozen before rare-word weights and abbreviations), and this matcher
//! with and without the word weights of the 2024-05 OFAC SDN list. Then the held-out
//! variants written for this change before anything was tuned. Prints the numbers;
//! fails when a labelled pair turns wrong without a written reason.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use bonafide::screening::index::Index;
use bonafide::screening::score::score_names;
use bonafide::screening::text::{NameKind, Script, dominant_script, prepare};

const REVIEW: f32 = 0.80;

/// Pairs that matcher 1.0 got right at the review threshold and this one gets wrong,
/// with why that is accepted. Each is a typo in, or a difference of, the one rare word
/// of a name whose other words are common on the lists: the rare word now carries the
/// score, which is the point of the weights, so a typo in it costs more.
const ACCEPTED: &[(&str, &str, &str)] = &[
    (
        "Kim Jong-uun",
        "Kim Jong-un",
        "typo in the only rare part; kim and jong are common",
    ),
    (
        "Bashar xal-Assad",
        "Bashar al-Assad",
        "typo glued to the rare surname",
    ),
    (
        "OAO Gazprom",
        "Gasprom JSC",
        "0.802 to 0.796: a misspelt rare word, at the edge",
    ),
    (
        "General Mortars Company",
        "General Motors Company",
        "typo in the only rare word",
    ),
    (
        "Abiyot Ahmed",
        "Abiy Ahmed",
        "ahmed is common; the given names differ",
    ),
    (
        "Blackstone Real Estate Partners IV L.P.",
        "Blackstone Real Estate Partners V L.P.",
        "real, estate and partners are common; IV and V differ",
    ),
];

#[path = "support/sdn_index.rs"]
mod sdn_index;
use sdn_index::shared;

fn index() -> &'static Index {
    sdn_index::sdn_index()
}

fn kind_of(schema: &str) -> NameKind {
    match schema {
        "Person" => NameKind::Person,
        "Company" | "Organization" | "LegalEntity" | "Vessel" => NameKind::Company,
        _ => NameKind::Unknown,
    }
}

/// Best F1 over thresholds 0.40–0.99, and F1 at the review threshold.
fn f1s(rows: &[(f32, bool)]) -> (f32, f32, f32) {
    let at = |t: f32| {
        let tp = rows.iter().filter(|r| r.0 >= t && r.1).count() as f32;
        let fp = rows.iter().filter(|r| r.0 >= t && !r.1).count() as f32;
        let fnn = rows.iter().filter(|r| r.0 < t && r.1).count() as f32;
        if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (2.0 * tp + fp + fnn)
        }
    };
    let (best, t) = (40..=99)
        .map(|t| (at(t as f32 / 100.0), t as f32 / 100.0))
        .fold((0.0, 0.0), |a, b| if b.0 > a.0 { b } else { a });
    (at(REVIEW), best, t)
}

struct Pair {
    a: String,
    b: String,
    matched: bool,
    script: &'static str,
    logic_v2: Option<f32>,
    v1_0: f32,
    plain: f32,
    weighted: f32,
}

fn pairs() -> Vec<Pair> {
    let mut frozen: HashMap<(String, String), f32> = HashMap::new();
    let mut rdr =
        csv::Reader::from_path(shared("name-matching/logicv2_frozen_scores.csv")).unwrap();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        frozen.insert(
            (rec[3].to_string(), rec[4].to_string()),
            rec[9].parse().unwrap(),
        );
    }
    let v1: Vec<f32> = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/screening/matcher-1.0-bench-scores.csv"),
    )
    .unwrap()
    .lines()
    .filter(|l| !l.starts_with('#') && !l.starts_with("row"))
    .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
    .collect();
    let mut rdr = csv::Reader::from_path(shared("name-matching/name_bench_cases.csv")).unwrap();
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap();
        let kind = kind_of(&rec[1]);
        let (pa, pb) = (prepare(&rec[2], kind), prepare(&rec[3], kind));
        let script = [dominant_script(&rec[2]), dominant_script(&rec[3])]
            .into_iter()
            .find(|s| *s != Script::Latin)
            .unwrap_or(Script::Latin)
            .word();
        out.push(Pair {
            a: rec[2].to_string(),
            b: rec[3].to_string(),
            matched: &rec[4] == "true",
            script,
            logic_v2: frozen
                .get(&(rec[2].to_string(), rec[3].to_string()))
                .copied(),
            v1_0: v1[i],
            plain: score_names(&pa, &pb).score,
            weighted: score_names(&index().weigh(&pa), &index().weigh(&pb)).score,
        });
    }
    assert_eq!(
        out.len(),
        v1.len(),
        "the frozen 1.0 scores are for this file"
    );
    out
}

#[test]
fn labelled_pairs_side_by_side_per_script() {
    let pairs = pairs();
    let mut scripts: BTreeMap<&str, Vec<&Pair>> = BTreeMap::new();
    for p in &pairs {
        scripts.entry("all").or_default().push(p);
        scripts.entry(p.script).or_default().push(p);
    }
    println!("F1 at {REVIEW:.2} | best F1 (threshold); logic-v2 on the pairs it scored");
    println!(
        "{:<10} {:>5} {:>20} {:>20} {:>20} {:>20}",
        "script", "pairs", "logic-v2", "matcher 1.0", "1.1 no weights", "1.1 SDN weights"
    );
    for (script, ps) in &scripts {
        let col = |f: &dyn Fn(&Pair) -> Option<f32>| {
            let rows: Vec<(f32, bool)> = ps
                .iter()
                .filter_map(|p| f(p).map(|s| (s, p.matched)))
                .collect();
            let (at, best, t) = f1s(&rows);
            format!("{at:.3} | {best:.3} ({t:.2})")
        };
        println!(
            "{script:<10} {:>5} {:>20} {:>20} {:>20} {:>20}",
            ps.len(),
            col(&|p| p.logic_v2),
            col(&|p| Some(p.v1_0)),
            col(&|p| Some(p.plain)),
            col(&|p| Some(p.weighted)),
        );
    }
    let mut broke = Vec::new();
    let (mut fixed, mut accepted) = (0, 0);
    for p in &pairs {
        let was = (p.v1_0 >= REVIEW) == p.matched;
        let now = (p.weighted >= REVIEW) == p.matched;
        if was && !now {
            if ACCEPTED.iter().any(|(a, b, _)| *a == p.a && *b == p.b) {
                accepted += 1;
            } else {
                broke.push(format!(
                    "{} | {}: {:.3} -> {:.3}",
                    p.a, p.b, p.v1_0, p.weighted
                ));
            }
        }
        fixed += (!was && now) as u32;
    }
    println!(
        "against matcher 1.0 at {REVIEW:.2}: {fixed} pairs now right, {accepted} now wrong with a written reason"
    );
    assert!(
        broke.is_empty(),
        "pairs turned wrong without a written reason: {broke:#?}"
    );
    let f = |g: &dyn Fn(&Pair) -> f32| {
        f1s(&pairs.iter().map(|p| (g(p), p.matched)).collect::<Vec<_>>()).0
    };
    assert!(
        f(&|p| p.weighted) >= f(&|p| p.v1_0),
        "F1 at the review threshold fell"
    );
}

#[test]
fn cross_script_pairs_with_and_without_weights() {
    let text = std::fs::read_to_string(shared("name-matching/cross_script_pairs.csv")).unwrap();
    let (mut total, mut plain_ok, mut weighted_ok) = (0, 0, 0);
    let mut below = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split(',').collect();
        let min: f32 = f[2].parse().unwrap();
        let (a, b) = (
            prepare(f[0], NameKind::Person),
            prepare(f[1], NameKind::Person),
        );
        let plain = score_names(&a, &b).score;
        let weighted = score_names(&index().weigh(&a), &index().weigh(&b)).score;
        total += 1;
        plain_ok += (plain >= min) as u32;
        weighted_ok += (weighted >= min) as u32;
        if weighted < min {
            below.push(format!("{} / {}: {weighted:.3} < {min}", f[0], f[1]));
        }
    }
    println!(
        "cross-script pairs at their minimum: {plain_ok} of {total} without weights, {weighted_ok} of {total} with the SDN weights"
    );
    assert!(below.is_empty(), "{below:#?}");
}

#[test]
fn held_out_variants_for_rare_words_and_abbreviations() {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/screening/heldout-rare-words.csv"),
    )
    .unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let (mut found, mut missed, mut false_alerts, mut quiet) = (0, Vec::new(), Vec::new(), 0);
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let kind = if &rec[1] == "person" {
            NameKind::Person
        } else {
            NameKind::Company
        };
        let score = index()
            .search(&prepare(&rec[0], kind), 0.0)
            .iter()
            .filter(|c| c.entry.names.iter().any(|n| n.name == rec[2]))
            .map(|c| c.score.score)
            .fold(0.0f32, f32::max);
        println!(
            "{score:.3} {} → {} (expected {})",
            &rec[0], &rec[2], &rec[3]
        );
        match (&rec[3] == "true", score >= REVIEW) {
            (true, true) => found += 1,
            (true, false) => missed.push(rec[0].to_string()),
            (false, true) => false_alerts.push(rec[0].to_string()),
            (false, false) => quiet += 1,
        }
    }
    println!(
        "held out: {found} of {} variants found; {} of {} look-alikes raised for review",
        found + missed.len(),
        false_alerts.len(),
        quiet + false_alerts.len()
    );
    // Matcher 1.0 found 6 of the 11 and raised 4 of the 9.
    assert!(found >= 10, "missed {missed:?}");
    assert!(false_alerts.len() <= 1, "raised {false_alerts:?}");
}
