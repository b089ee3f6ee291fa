//! A fresh data folder for a bench, in memory (`/dev/shm`) when the machine has it, so
//! that fsyncs do not dominate the timings.

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
