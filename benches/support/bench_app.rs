//! What the screening benches share: a fresh data folder, in memory (`/dev/shm`) when the
//! machine has it so that fsyncs do not dominate the timings, and query percentiles.

use bonafide::app::App;

/// The folder (removed when dropped) and the app opened on it.
pub fn bench_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir_in(if std::path::Path::new("/dev/shm").is_dir() {
        "/dev/shm"
    } else {
        "."
    })
    .unwrap();
    let app = App::open(
        dir.path(),
        &bonafide::vault::create_key(dir.path(), None).unwrap().0,
        Some("Bench".into()),
    )
    .unwrap();
    (dir, app)
}

/// Prints p50, p99 and the maximum of single-query times: criterion reports means.
pub fn print_query_percentiles(times: &mut [std::time::Duration]) {
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "single query over {} runs: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3
    );
}
