//! Start-up with a folder in daily use: 1,000 cases, timed from asking for the app to a
//! case list a person can click, and written to `startup-ms.txt` beside the screenshots.
//!
//! Tests never use the user's keychain, so this folder opens with a passphrase. Deriving
//! the key from it is deliberately slow (Argon2id, 64 MiB, three passes), and a start with
//! the keychain, the everyday case, does not derive it. The figure is the app's own work:
//! the time to the unlock screen plus the time from "Unlock" to the list, less the key
//! derivation, timed on the same folder in this process. `startup-breakdown.txt` keeps
//! the parts.

use std::path::Path;
use std::time::{Duration, Instant};

use bonafide::model::{CaseFields, Outcome, SubjectKind};
use thirtyfour::prelude::*;

use super::{DriverServer, PASSPHRASE, fill, look::Shots, wait_for};

pub const CASES: usize = 1_000;
/// Held by each end-to-end test, so that no two apps start at once.
pub static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
/// The bar, quoted beside the figure. Not asserted: a timing is a measurement for a
/// person to read, and a loaded machine would fail a test that is not wrong.
const BAR_MS: u128 = 500;

/// A folder with `CASES` cases, each with an answer, in memory when the machine has it.
fn seed(dir: &Path) {
    let (key, _code) =
        bonafide::vault::create_key(dir, Some(PASSPHRASE)).expect("create the folder's key");
    let app = bonafide::app::App::open(dir, &key, None).expect("open");
    // Saved in the folder, as a person's first start does, so the app opens on the list.
    app.set_actor("Seeder").expect("name the person");
    for i in 0..CASES {
        let id = app
            .create_case(&CaseFields {
                kind: SubjectKind::Person,
                display_name: format!("Applicant {i:04}"),
                emails: vec![format!("applicant{i}@example.com")],
                ..CaseFields::default()
            })
            .expect("seed a case");
        app.set_item(&id, "screening.names", Some(Outcome::Pass), None)
            .expect("seed an answer");
    }
}

/// The median time to derive the folder's key from its passphrase, in this process.
fn key_derivation(dir: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            bonafide::vault::unlock(dir, &bonafide::vault::Unlock::Passphrase(PASSPHRASE))
                .expect("unlock");
            t.elapsed()
        })
        .collect();
    times.sort();
    times[1]
}

/// Times the app at `binary`; the files written start with `label`.
pub async fn with_a_thousand_cases(shots: &mut Shots, binary: &Path, label: &str) {
    let base = if Path::new("/dev/shm").is_dir() {
        tempfile::tempdir_in("/dev/shm")
    } else {
        tempfile::tempdir()
    }
    .unwrap();
    let data = base.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    seed(&data);
    let kdf = key_derivation(&data);
    let none = base.path().join("none");
    let server = DriverServer::start(&data, &none, &none, &none, &none);

    let started = Instant::now();
    let d = server.session_of(binary).await;
    let unlock = wait_for(&d, "[data-testid=vault-unlock]").await;
    assert!(unlock.is_clickable().await.unwrap());
    let to_unlock_screen = started.elapsed();
    // How much of that the page itself took, from the webview starting to load it; the
    // rest is starting the process, the window and the webview.
    let in_page = d
        .execute("return Math.round(performance.now());", vec![])
        .await
        .unwrap()
        .json()
        .as_u64()
        .unwrap_or_default();
    // Typing the passphrase is the person's time, not the app's.
    fill(&d, "passphrase", PASSPHRASE).await;
    let unlocking = Instant::now();
    unlock.click().await.unwrap();
    // The first row only: asking whether each of 1,000 rows is clickable would cost a
    // WebDriver round trip per row, and time the driver instead of the app.
    let rows = d
        .query(By::Css("li:first-child > [data-testid=case-row]"))
        .wait(Duration::from_secs(30), Duration::from_millis(10))
        .and_clickable()
        .first()
        .await
        .expect("the case list");
    let to_list = unlocking.elapsed();
    let shown = d
        .find_all(By::Css("[data-testid=case-row]"))
        .await
        .unwrap()
        .len();
    // The newest hundred, and the rest a click (or a search) away.
    assert_eq!(shown, 100, "the newest hundred are listed");
    let more = d
        .find(By::Css(".more"))
        .await
        .expect("the rest on demand")
        .text()
        .await
        .unwrap();
    assert!(more.contains("900 older cases are not shown"), "{more}");
    drop(rows);
    let own = (to_unlock_screen + to_list).saturating_sub(kdf);
    let breakdown = format!(
        "{CASES} cases\nto the unlock screen: {} ms (of which {in_page} ms loading the page)\nfrom Unlock to the interactive list: {} ms\n\
         of which key derivation from the passphrase (timed in the test process): {} ms\n\
         the app's own work: {} ms (bar {BAR_MS} ms)\n",
        to_unlock_screen.as_millis(),
        to_list.as_millis(),
        kdf.as_millis(),
        own.as_millis()
    );
    let breakdown = format!("{}\n{breakdown}", binary.display());
    print!("{breakdown}");
    let file = |name: &str| shots.dir.join(format!("startup-{label}{name}"));
    std::fs::write(file("ms.txt"), own.as_millis().to_string()).unwrap();
    std::fs::write(file("breakdown.txt"), &breakdown).unwrap();
    shots.take(&d, &format!("{label}a-thousand-cases")).await;
    d.quit().await.unwrap();
}
