//! PDF export of a full case: every item answered, 20 evidence files, 200 audit events,
//! Latin-only text. Bar: under 200 ms and under 500 KB. Also times one batch export of
//! 1,000 smaller cases (printed, not sampled: one run takes tens of seconds).

use std::hint::black_box;
use std::time::Instant;

use bonafide::app::{App, EvidenceDetails};
use bonafide::model::{CaseFields, CaseId, Decision, Outcome, SubjectKind};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/support/tsa.rs"]
#[allow(dead_code)]
mod tsa;

fn full_case(app: &App, dir: &std::path::Path) -> CaseId {
    let id = app
        .create_case(&CaseFields {
            kind: SubjectKind::Person,
            display_name: "Jane Doe".into(),
            emails: vec!["jane@example.com".into()],
            country: "GB".into(),
            ..CaseFields::default()
        })
        .unwrap();
    let items: Vec<String> = app
        .case(&id)
        .unwrap()
        .sections
        .iter()
        .flat_map(|s| &s.items)
        .map(|i| i.id.clone())
        .collect();
    for (n, item) in items.iter().enumerate() {
        let outcome = [
            Outcome::Pass,
            Outcome::Concern,
            Outcome::Fail,
            Outcome::NotApplicable,
        ][n % 4];
        app.set_item(&id, item, Some(outcome), Some("Checked against the employer's own switchboard; the referee confirmed title and dates."))
            .unwrap();
    }
    for n in 0..20 {
        let f = dir.join(format!("evidence-{n}.png"));
        std::fs::write(&f, vec![n as u8; 10_000]).unwrap();
        app.add_evidence_file(
            &id,
            &items[n % items.len()],
            &f,
            &EvidenceDetails {
                effective_date: "2026-11-01".into(),
                note: "screenshot".into(),
            },
        )
        .unwrap();
    }
    app.decide(
        &id,
        Decision::ProceedWithConditions,
        "Day-one video check pending",
        "Owner",
    )
    .unwrap();
    // Note edits until the history holds 200 events.
    let mut n = 0;
    while app.case_history(&id).unwrap().len() < 200 {
        app.set_item(
            &id,
            &items[n % items.len()],
            None,
            Some(&format!("Revised note {n}")),
        )
        .unwrap();
        n += 1;
    }
    id
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(
        &dir.path().join("data"),
        &bonafide::vault::create_key(&dir.path().join("data"), None)
            .unwrap()
            .0,
        Some("Bench".into()),
    )
    .unwrap();
    let id = full_case(&app, dir.path());
    let (pdf, _) = app.render_record(&id).unwrap();
    eprintln!(
        "full case PDF: {} bytes, {} audit events",
        pdf.len(),
        app.record(&id).unwrap().audit_events.len()
    );

    let mut g = c.benchmark_group("export");
    g.sample_size(20);
    g.bench_function("full_case_render", |b| {
        b.iter(|| black_box(app.render_record(&id).unwrap()))
    });
    let out = dir.path().join("out.pdf");
    g.bench_function("full_case_export_to_file", |b| {
        b.iter(|| black_box(app.export_pdf(&id, &out).unwrap()))
    });
    g.bench_function("verify_full_case_unsigned", |b| {
        b.iter(|| black_box(app.verify_pdf(&pdf, &[]).unwrap()))
    });

    // The same case signed, then signed and time-stamped by a real RFC 3161 authority
    // (`openssl ts`) on loopback: the cost signing adds to an export.
    app.signing_init("Bench Ltd", false).unwrap();
    g.bench_function("full_case_render_signed", |b| {
        b.iter(|| black_box(app.render_record(&id).unwrap()))
    });
    let (signed, _) = app.render_record(&id).unwrap();
    g.bench_function("verify_full_case_signed", |b| {
        b.iter(|| black_box(app.verify_pdf(&signed, &[]).unwrap()))
    });
    let tsa = tsa::start();
    app.set_tsa_url(Some(&tsa.url)).unwrap();
    g.bench_function("full_case_render_signed_time_stamped", |b| {
        b.iter(|| black_box(app.render_record(&id).unwrap()))
    });
    g.finish();

    // One batch of 1,000 cases, timed once.
    let batch = tempfile::tempdir().unwrap();
    let app2 = App::open(
        &batch.path().join("data"),
        &bonafide::vault::create_key(&batch.path().join("data"), None)
            .unwrap()
            .0,
        Some("Bench".into()),
    )
    .unwrap();
    for n in 0..1_000 {
        let id = app2
            .create_case(&CaseFields {
                display_name: format!("Applicant {n}"),
                ..CaseFields::default()
            })
            .unwrap();
        app2.set_item(
            &id,
            "interview.camera",
            Some(Outcome::Pass),
            Some("camera on"),
        )
        .unwrap();
        app2.decide(&id, Decision::Proceed, "all checks passed", "Owner")
            .unwrap();
    }
    let started = Instant::now();
    let done = app2.export_all(&batch.path().join("out")).unwrap();
    eprintln!(
        "batch export of {} cases: {:.2} s",
        done.len(),
        started.elapsed().as_secs_f64()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
