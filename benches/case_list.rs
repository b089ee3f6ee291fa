//! Case list with 10,000 cases: open (list everything) and filter, through the same
//! `App::list_cases` the UI and CLI call. Bar: under 50 ms each.
//!
//! Seeding writes through the app as a user would (one transaction and audit event per
//! change). It runs in /dev/shm when available so that seeding 10,000 fsync'd cases does
//! not dominate the run; the measured reads do not depend on the disk.

use std::hint::black_box;

use bonafide::app::App;
use bonafide::model::{CaseFields, Decision, Outcome, SubjectKind};
use bonafide::model::{CaseFilter, StatusFilter};
use criterion::{Criterion, criterion_group, criterion_main};

const CASES: usize = 10_000;

const GIVEN: &[&str] = &[
    "Maria", "John", "Wei", "Olena", "Kwame", "Aiko", "José", "Sung-min", "Fatima", "Liam",
];
const FAMILY: &[&str] = &[
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

fn seed(app: &App) {
    for i in 0..CASES {
        let kind = if i % 5 == 0 {
            SubjectKind::Company
        } else {
            SubjectKind::Person
        };
        let name = match kind {
            SubjectKind::Company => format!("{} Software Ltd {i}", FAMILY[i % FAMILY.len()]),
            SubjectKind::Person => format!(
                "{} {} {i}",
                GIVEN[i % GIVEN.len()],
                FAMILY[(i / 10) % FAMILY.len()]
            ),
        };
        let id = app
            .create_case(&CaseFields {
                kind,
                display_name: name,
                emails: vec![format!("applicant{i}@example.com")],
                ..CaseFields::default()
            })
            .expect("seed case");
        if i % 2 == 0 {
            app.set_item(&id, "screening.names", Some(Outcome::Pass), None)
                .expect("seed item");
        }
        if i % 3 == 0 {
            app.decide(&id, Decision::Proceed, "seeded", "Bench")
                .expect("seed decision");
        }
    }
}

fn bench(c: &mut Criterion) {
    let base = std::path::Path::new("/dev/shm");
    let dir = if base.is_dir() {
        tempfile::tempdir_in(base)
    } else {
        tempfile::tempdir()
    }
    .expect("temp dir");
    let app = App::open(
        dir.path(),
        &bonafide::vault::create_key(dir.path(), None).unwrap().0,
        Some("Bench".into()),
    )
    .expect("open");
    seed(&app);

    let mut g = c.benchmark_group("case_list_10k");
    g.bench_function("open_all", |b| {
        b.iter(|| {
            let all = app.list_cases(&CaseFilter::default()).unwrap();
            assert_eq!(all.len(), CASES);
            black_box(all)
        })
    });
    let by_name = CaseFilter {
        text: "muller".into(),
        ..CaseFilter::default()
    };
    g.bench_function("filter_text", |b| {
        b.iter(|| black_box(app.list_cases(&by_name).unwrap()))
    });
    let decided = CaseFilter {
        status: Some(StatusFilter::Decided),
        kind: Some(SubjectKind::Person),
        ..CaseFilter::default()
    };
    g.bench_function("filter_status_kind", |b| {
        b.iter(|| black_box(app.list_cases(&decided).unwrap()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
