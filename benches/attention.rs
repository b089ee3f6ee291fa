//! "Needs attention" and the case list with 1,000 cases, the start-up bar's folder size:
//! the list is asked for at start and on every change of screen, beside the case list.
//!
//! - `case_list`: `App::list_cases`, which the start screen shows;
//! - `first_look`: `App::needs_attention` on a freshly opened folder, reading every case;
//! - `next_look`: the same again with nothing changed (each screen change);
//! - `after_one_change`: one case changed between two looks.
//!
//! The cases are mixed as a real folder is: every one with some answers, a third decided,
//! some of those stale, some with a red flag.

use std::hint::black_box;

use bonafide::app::App;
use bonafide::model::{CaseFields, CaseFilter, Decision, Outcome, SubjectKind};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const CASES: usize = 1_000;

fn seed(app: &App) -> Vec<bonafide::model::CaseId> {
    let mut ids = Vec::with_capacity(CASES);
    for i in 0..CASES {
        let id = app
            .create_case(&CaseFields {
                kind: if i % 5 == 0 {
                    SubjectKind::Company
                } else {
                    SubjectKind::Person
                },
                display_name: format!("Applicant {i}"),
                emails: vec![format!("applicant{i}@example.com")],
                ..CaseFields::default()
            })
            .expect("seed case");
        app.set_item(&id, "screening.names", Some(Outcome::Pass), None)
            .expect("seed item");
        // Companies have no identity or reference items.
        let person = i % 5 != 0;
        if person && i % 7 == 1 {
            app.set_item(
                &id,
                "identity.document",
                Some(Outcome::Concern),
                Some("blurred"),
            )
            .expect("seed flag");
        }
        if i % 3 == 0 {
            app.decide(&id, Decision::Proceed, "seeded", "Bench")
                .expect("seed decision");
            if person && i % 9 == 3 {
                // Changed after the sign-off: a stale decision.
                app.set_item(&id, "references.live_call", Some(Outcome::Pass), None)
                    .expect("seed change");
            }
        }
        ids.push(id);
    }
    ids
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(if std::path::Path::new("/dev/shm").is_dir() {
        "/dev/shm"
    } else {
        "."
    })
    .unwrap();
    let (key, code) = bonafide::vault::create_key(dir.path(), None).unwrap();
    let open = || App::open(dir.path(), &key, Some("Bench".into())).expect("open");
    let app = open();
    let ids = seed(&app);
    let listed = app.needs_attention().unwrap().len();
    println!("{CASES} cases, {listed} entries waiting");
    drop(code);

    let mut g = c.benchmark_group("attention_1k");
    g.bench_function("case_list", |b| {
        b.iter(|| black_box(app.list_cases(&CaseFilter::default()).unwrap()))
    });
    g.bench_function("first_look", |b| {
        b.iter_batched(
            open,
            |fresh| black_box(fresh.needs_attention().unwrap()),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("next_look", |b| {
        b.iter(|| black_box(app.needs_attention().unwrap()))
    });
    let mut n = 0usize;
    g.bench_function("after_one_change", |b| {
        b.iter(|| {
            n += 1;
            let note = format!("note {n}");
            app.set_item(
                &ids[n % CASES],
                "screening.names",
                Some(Outcome::Pass),
                Some(&note),
            )
            .unwrap();
            black_box(app.needs_attention().unwrap())
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
