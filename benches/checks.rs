//! Automated checks. Bars (issue 5): copied-content comparison of one site against 1,000
//! stored sites under 50 ms; all checks of one case against local mock servers, wall time
//! (they run concurrently).

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;

use bonafide::app::{App, no_progress};
use bonafide::checks::{self, Context, PageRecord, web};
use bonafide::model::CaseFields;
use criterion::{Criterion, criterion_group, criterion_main};

/// A page of `words` words drawn from a 5,000-word vocabulary by a fixed generator, so
/// pages share common words but not passages, like unrelated firms' sites.
fn page(seed: u64, words: usize) -> String {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..words)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            format!("w{}", x % 5_000)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn record(url: String, text: String) -> PageRecord {
    let p = web::print(&text);
    PageRecord {
        url: url.clone(),
        final_url: url,
        fetched_at: String::new(),
        title: String::new(),
        text,
        fingerprint: p.fingerprint,
        shingles: p.shingles,
        comparison: false,
    }
}

fn comparison(c: &mut Criterion) {
    // 1,000 stored sites of 600 words; one of them is the source the subject copied.
    let stored: Vec<(String, String, PageRecord)> = (0..1_000u64)
        .map(|i| {
            (
                format!("case-{i}"),
                format!("Case {i}"),
                record(format!("https://site{i}.example/"), page(i, 600)),
            )
        })
        .collect();
    let copied_from = &stored[700].2.text;
    let subject_text = format!(
        "{} {}",
        page(5_000, 200),
        &copied_from[..copied_from.len() / 2]
    );
    let subject = record("https://subject.example/".into(), subject_text);
    let fields = CaseFields {
        display_name: "Subject".into(),
        websites: vec![subject.url.clone()],
        ..Default::default()
    };
    let context = Context {
        others: Vec::new(),
        other_pages: stored,
    };
    let tasks: Vec<_> = checks::plan(&fields)
        .into_iter()
        .filter(|t| t.kind == checks::CheckKind::CopiedContent)
        .collect();
    let out = checks::run_local(&tasks, &fields, std::slice::from_ref(&subject), &context);
    assert!(
        out[0]
            .findings
            .iter()
            .any(|f| f.related_case_id.as_deref() == Some("case-700")),
        "the copy is found"
    );
    c.bench_function("copied content: one site against 1,000 stored sites", |b| {
        b.iter(|| {
            black_box(checks::run_local(
                &tasks,
                &fields,
                std::slice::from_ref(&subject),
                &context,
            ))
        })
    });
}

fn all_checks(c: &mut Criterion) {
    let world = support::world::World::start();
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(
        dir.path(),
        &bonafide::vault::create_key(dir.path(), None).unwrap().0,
        Some("Bench".into()),
    )
    .unwrap();
    app.set_checks_settings(&world.settings()).unwrap();
    let id = app.create_case(&world.front_company()).unwrap();
    let view = app.run_checks(&id, None, false, no_progress()).unwrap();
    println!("all checks of one case: {} checks", view.results.len());
    let mut g = c.benchmark_group("checks");
    g.sample_size(20);
    g.bench_function(
        "all checks of one case against loopback mock servers",
        |b| b.iter(|| black_box(app.run_checks(&id, None, false, no_progress()).unwrap())),
    );
    g.finish();
}

criterion_group!(benches, comparison, all_checks);
criterion_main!(benches);
