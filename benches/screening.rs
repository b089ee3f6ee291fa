//! Screening speed on real data: parsing the full OFAC CSV set, building the index over
//! the 2024-05 SDN set with its 2025 aliases, single queries (criterion's mean plus p50 and
//! p99 over a fixed query mix), and re-screening 1,000 cases after a list update.
//! Bars: index under 300 ms; query p50 under 1 ms and p99 under 5 ms on one core;
//! re-screening 1,000 cases under 2 s.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use bonafide::model::{CaseFields, SubjectKind};
use bonafide::screening::index::Index;
use bonafide::screening::lists::{InputFile, ParsedList, parse_files};
use bonafide::screening::text::{NameKind, prepare};
use bonafide::screening::watchlist::watchlist;
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/bench_app.rs"]
mod bench_app;

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(path)
}

fn files(dir: &str, names: &[&str]) -> Vec<InputFile> {
    names
        .iter()
        .map(|n| InputFile {
            name: n.to_string(),
            bytes: std::fs::read(shared(&format!("{dir}/{n}")))
                .expect("shared data is beside the checkout"),
            modified: None,
        })
        .collect()
}

fn sdn_2024() -> ParsedList {
    parse_files(files(
        "ofac/2024-05",
        &["sdn.csv", "alt-2025.csv", "add-2025.csv"],
    ))
    .unwrap()
    .remove(0)
}

const QUERIES: &[(&str, NameKind)] = &[
    ("Kim Sang-man", NameKind::Person),
    ("Jong Song Hwa", NameKind::Person),
    ("Yanbian Silver Star Network Technology", NameKind::Company),
    ("Volasys Silverstar", NameKind::Company),
    ("Maria Garcia", NameKind::Person),
    ("John Smith", NameKind::Person),
    ("Tony Wang", NameKind::Person),
    ("Mohammed Ali Hassan", NameKind::Person),
    ("Alis LLC", NameKind::Company),
    ("Banco Nacional de Cuba", NameKind::Company),
    ("Vladimir Putin", NameKind::Person),
    ("김정은", NameKind::Person),
    ("金正恩", NameKind::Person),
    ("Dmitry Khoroshev", NameKind::Person),
    ("Acme Software Consulting Ltd", NameKind::Company),
    ("Olena Kovalenko", NameKind::Person),
];

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("screening");
    g.sample_size(10);

    g.bench_function(
        "parse full OFAC CSV set (2021-07: sdn, alt, add, comments)",
        |b| {
            let set = files(
                "ofac/2021-07",
                &["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"],
            );
            b.iter(|| black_box(parse_files(set.clone()).unwrap()))
        },
    );

    let sdn = sdn_2024();
    println!(
        "2024-05 SDN with 2025 aliases: {} entries, {} names",
        sdn.entries.len(),
        sdn.name_count()
    );
    g.bench_function("build index (2024-05 SDN + aliases + watchlist)", |b| {
        b.iter(|| {
            black_box(Index::build(vec![
                ("ofac_sdn".into(), sdn.entries.clone()),
                ("watchlist".into(), watchlist().entries.clone()),
            ]))
        })
    });

    let index = Index::build(vec![
        ("ofac_sdn".into(), sdn.entries.clone()),
        ("watchlist".into(), watchlist().entries.clone()),
    ]);
    g.sample_size(50);
    g.bench_function("one query (mean over the query mix)", |b| {
        let mut i = 0;
        b.iter(|| {
            let (q, k) = QUERIES[i % QUERIES.len()];
            i += 1;
            black_box(index.search(&prepare(q, k), 0.74))
        })
    });
    // Percentiles: criterion reports means, so time each query of 100 rounds directly.
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..100 {
        for (q, k) in QUERIES {
            let t = Instant::now();
            black_box(index.search(&prepare(q, *k), 0.74));
            times.push(t.elapsed());
        }
    }
    for (q, k) in QUERIES {
        let t = Instant::now();
        for _ in 0..20 {
            black_box(index.search(&prepare(q, *k), 0.74));
        }
        println!("  {q}: {:.3} ms", t.elapsed().as_secs_f64() * 1e3 / 20.0);
    }
    bench_app::print_query_percentiles(&mut times);

    // Re-screening: 1,000 cases, then alternate between two list versions so every load
    // is a change that re-screens them all (and stores each screening).
    let (_dir, app) = bench_app::bench_app();
    app.load_lists(vec![sdn.clone()], "bench").unwrap();
    let given = [
        "Maria", "John", "Wei", "Olena", "Kwame", "Aiko", "José", "Sung-min", "Fatima", "Liam",
    ];
    let family = [
        "Garcia",
        "Smith",
        "Zhang",
        "Kovalenko",
        "Mensah",
        "Tanaka",
        "Müller",
        "Park",
        "Haddad",
        "Walsh",
    ];
    for i in 0..1_000 {
        app.create_case(&CaseFields {
            kind: SubjectKind::Person,
            display_name: format!("{} {} {i}", given[i % 10], family[(i / 10) % 10]),
            emails: vec![format!("person{i}@example.com")],
            ..CaseFields::default()
        })
        .unwrap();
    }
    let mut other = sdn.clone();
    other.entries.pop();
    // A different version: a list's identity is its files' hashes.
    other.files[0].1 = "0".repeat(64);
    let versions = [other, sdn];
    g.sample_size(10);
    // Criterion calls the routine several times; the count lives outside it so every load
    // switches version.
    let loads = std::cell::Cell::new(0usize);
    g.bench_function("re-screen 1,000 cases after a list update", |b| {
        b.iter(|| {
            loads.set(loads.get() + 1);
            let report = app
                .load_lists(vec![versions[(loads.get() + 1) % 2].clone()], "bench")
                .unwrap();
            assert_eq!(report.rescreened, 1_000);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
