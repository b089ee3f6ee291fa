//! End to end in the real app: the release UI in a real WebKitGTK webview, driven through
//! WebKitWebDriver. Runs only when `BONAFIDE_E2E=1` (the README's test command sets it and
//! provides Xvfb), so a plain `cargo test` works without a display.
//!
//! The journey: empty list → new case → every section walked and answered → a file and a
//! link attached → decision → app closed and reopened → everything found again. A
//! script-injection note must stay inert throughout. Then every text field gets a
//! script-injection payload (it must stay text in the app and the PDF), a backup is made
//! from Records, the database is overwritten with garbage, and the app must say so, keep
//! the file and restore the backup. Last, start-up is timed on a folder of 1,000 cases
//! (`e2e_support/startup.rs`).
//!
//! Every screen is saved to `$CARGO_TARGET_TMPDIR/e2e/` in both themes and at both window
//! sizes, with axe-core's report beside it (`e2e_support/look.rs`).

#[path = "e2e_support/keyboard.rs"]
mod keyboard;
#[path = "e2e_support/look.rs"]
mod look;
#[path = "e2e_support/startup.rs"]
mod startup;
#[path = "../../tests/support/mod.rs"]
mod support;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use thirtyfour::prelude::*;

use look::Shots;

const INJECTION: &str = "<img src=x onerror=alert(1)>";
const WAIT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);

/// WebKitWebDriver, started for one test and killed when dropped.
/// The pointer file the after-hiring import reads its path from (see
/// `TEST_MONITOR_FILE_ENV`), beside the data folder.
fn monitor_pointer(data_dir: &Path) -> std::path::PathBuf {
    data_dir.with_file_name("monitor-import.path")
}

/// Points the next after-hiring import at `file`.
fn import_next(data_dir: &Path, file: &Path) {
    std::fs::write(monitor_pointer(data_dir), file.display().to_string()).unwrap();
}

struct DriverServer {
    child: Child,
    url: String,
}

impl DriverServer {
    fn start(
        data_dir: &Path,
        pick_file: &Path,
        save_dir: &Path,
        verify_file: &Path,
        restore_file: &Path,
    ) -> DriverServer {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // The app is launched by WebKitWebDriver and inherits this environment: a private
        // data folder (never the user's), no user name (the first start asks for it, as
        // it does a new user), and the file that "Attach file…" hands to the core instead
        // of opening the GTK dialog.
        let opener = fake_opener(data_dir);
        let path = format!(
            "{}:{}",
            opener.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let child = Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            // "Open" and "Show in folder" reach the system's opener, which here writes down
            // what it was asked to open; and no session bus answers, so "Show in folder"
            // takes its fall-back of opening the folder.
            .env("PATH", path)
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/bonafide-e2e-bus",
            )
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .env("BONAFIDE_DATA_DIR", data_dir)
            .env_remove("BONAFIDE_USER")
            // Never the user's keychain: the passphrase path, as on a machine without one.
            .env("BONAFIDE_KEYCHAIN", "off")
            .env(bonafide_app::TEST_PICK_FILE_ENV, pick_file)
            .env(bonafide_app::TEST_SAVE_DIR_ENV, save_dir)
            .env(bonafide_app::TEST_VERIFY_FILE_ENV, verify_file)
            .env(bonafide_app::TEST_RESTORE_FILE_ENV, restore_file)
            .env(
                bonafide_app::TEST_MONITOR_FILE_ENV,
                monitor_pointer(data_dir),
            )
            .env(bonafide_app::TEST_LIST_FILES_ENV, sample_list_files())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("WebKitWebDriver is installed (Debian package webkit2gtk-driver)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "WebKitWebDriver did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        DriverServer {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    async fn session(&self) -> WebDriver {
        self.session_of(Path::new(env!("CARGO_BIN_EXE_bonafide-app")))
            .await
    }

    /// A session of the app built at `binary`.
    async fn session_of(&self, binary: &Path) -> WebDriver {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "webkitgtk:browserOptions".into(),
            json!({"binary": binary, "args": []}),
        );
        WebDriver::new(self.url.clone(), caps)
            .await
            .expect("start the app under WebDriver")
    }
}

impl Drop for DriverServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A folder holding an `xdg-open` that appends each path it is given to `opened.txt`
/// beside it, in place of the desktop's, which would start a viewer.
fn fake_opener(data_dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = data_dir.with_extension("opener");
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("opened.txt");
    let script = dir.join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// Waits until the system's opener was asked to open a path satisfying `wanted`, and
/// returns that path.
async fn opened(data_dir: &Path, wanted: impl Fn(&Path) -> bool) -> PathBuf {
    let log = data_dir.with_extension("opener").join("opened.txt");
    let deadline = Instant::now() + WAIT;
    loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(p) = text.lines().map(PathBuf::from).find(|p| wanted(p)) {
            return p;
        }
        assert!(
            Instant::now() < deadline,
            "nothing wanted was opened: {text:?}"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// The 16-entry OFAC sample set, which "Import list files…" loads instead of asking.
fn sample_list_files() -> std::ffi::OsString {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/ofac/sample");
    let opensanctions = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/lists/opensanctions/entities.ftm.json");
    std::env::join_paths(
        ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"]
            .iter()
            .map(|f| dir.join(f))
            .chain(std::iter::once(opensanctions)),
    )
    .unwrap()
}

async fn wait_for(d: &WebDriver, css: &str) -> WebElement {
    match d.query(By::Css(css)).wait(WAIT, POLL).first().await {
        Ok(el) => el,
        Err(e) => {
            // The window as it was when the wait gave up, for whoever reads the failure.
            let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-failed.png");
            let _ = d.screenshot(&shot).await;
            panic!("{css}: {e} (the window is in {})", shot.display())
        }
    }
}

async fn wait_text(d: &WebDriver, css: &str, want: &str) -> WebElement {
    let deadline = Instant::now() + WAIT;
    loop {
        let el = wait_for(d, css).await;
        let text = el.text().await.unwrap_or_default();
        if text.contains(want) {
            return el;
        }
        assert!(
            Instant::now() < deadline,
            "{css} never showed {want:?}; last: {text:?}"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// Waits for an element and clicks it.
async fn click(d: &WebDriver, css: &str) {
    wait_for(d, css).await.click().await.unwrap();
}

/// The element with `data-testid=test_id` inside an item's card.
fn in_card(item: &str, test_id: &str) -> String {
    format!("{} [data-testid={test_id}]", card(item))
}

fn card(item: &str) -> String {
    format!("[data-testid=\"item-{item}\"]")
}

async fn choose(d: &WebDriver, item: &str, outcome: &str) {
    let label = wait_for(d, &format!("{} label.outcome-{outcome}", card(item))).await;
    label.click().await.unwrap();
    // Saves run one after another; the reply to an earlier item's save can re-render this
    // card before its own save is answered, so wait for the choice to settle.
    let deadline = Instant::now() + WAIT;
    loop {
        let input = wait_for(d, &format!("{} input[value=\"{outcome}\"]", card(item))).await;
        if input.is_selected().await.unwrap_or(false) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{item}: {outcome} never became selected"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// Chooses `outcome` of `item` from the keyboard: the radio focused, then `key` pressed.
async fn choose_by_key(d: &WebDriver, item: &str, outcome: &str, key: &str) {
    let input = wait_for(d, &format!("{} input[value=\"{outcome}\"]", card(item))).await;
    press(d, &input, key).await;
    let deadline = Instant::now() + WAIT;
    while !input.is_selected().await.unwrap_or(false) {
        assert!(
            Instant::now() < deadline,
            "{item}: {outcome} was not chosen by the keyboard"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// What `js` returns when run in the page.
async fn script(d: &WebDriver, js: &str) -> serde_json::Value {
    d.execute(js, vec![]).await.unwrap().json().clone()
}

/// Focuses `el` as the Tab key would and presses `key` on it.
async fn press(d: &WebDriver, el: &WebElement, key: &str) {
    d.execute("arguments[0].focus();", vec![el.to_json().unwrap()])
        .await
        .unwrap();
    el.send_keys(key).await.unwrap();
}

/// The `data-testid` of the element that has the focus, else its tag name (`BODY` for the
/// page body).
async fn focused(d: &WebDriver) -> String {
    let js = "const e = document.activeElement; return e?.dataset?.testid ?? e?.tagName ?? '';";
    script(d, js).await.as_str().unwrap_or_default().to_string()
}

async fn type_note(d: &WebDriver, item: &str, text: &str) {
    let note = wait_for(d, &in_card(item, "note")).await;
    note.clear().await.unwrap();
    note.send_keys(text).await.unwrap();
    // Leaving the field saves it at once.
    wait_for(d, "[data-testid=case-title]")
        .await
        .click()
        .await
        .unwrap();
    wait_text(d, &in_card(item, "save-status"), "Saved").await;
}

async fn fill(d: &WebDriver, name: &str, text: &str) {
    let el = wait_for(d, &format!("[name=\"{name}\"]")).await;
    el.clear().await.unwrap();
    el.send_keys(text).await.unwrap();
}

/// The passphrase the journey sets up, and the one chosen after using the recovery code.
const PASSPHRASE: &str = "correct horse battery staple";
const NEW_PASSPHRASE: &str = "a new passphrase after recovery";

/// Unlocks the data folder from the start screen.
async fn unlock(d: &WebDriver, passphrase: &str) {
    fill(d, "passphrase", passphrase).await;
    click(d, "[data-testid=vault-unlock]").await;
}

/// The data folder opened in this process through the core, as the CLI would.
fn open_core(dir: &Path, passphrase: &str) -> bonafide::app::App {
    let key = bonafide::vault::unlock(dir, &bonafide::vault::Unlock::Passphrase(passphrase))
        .expect("unlock the data folder");
    bonafide::app::App::open(dir, &key, None).expect("open the data folder")
}

/// Chooses a decision in the decision panel.
async fn pick_decision(d: &WebDriver, value: &str) {
    d.query(By::XPath(format!(
        "//input[@name='decision'][@value='{value}']/ancestor::label"
    )))
    .wait(WAIT, POLL)
    .first()
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
}

/// No script ran: no alert is open and the payload is nowhere an element.
async fn assert_inert(d: &WebDriver) {
    assert!(
        d.get_alert_text().await.is_err(),
        "an alert opened: script ran"
    );
    let imgs = d.find_all(By::Css("img[src=\"x\"]")).await.unwrap();
    assert!(imgs.is_empty(), "the payload became an element");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hiring_manager_walks_a_case_and_finds_it_again_after_restart() {
    if std::env::var_os("BONAFIDE_E2E").is_none() {
        eprintln!("skipped: set BONAFIDE_E2E=1 (and provide a display, e.g. xvfb-run) to run");
        return;
    }
    // Alone on the machine: a start-up timed beside another app would time both.
    let _alone = startup::ALONE.lock().unwrap_or_else(|p| p.into_inner());
    let data = tempfile::tempdir().unwrap();
    let evidence = data.path().join("passport-on-camera.png");
    std::fs::write(
        &evidence,
        b"\x89PNG\r\n\x1a\n stand-in screenshot of the ID shown on camera",
    )
    .unwrap();
    let exports = data.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let to_verify = data.path().join("to-verify.pdf");
    let to_restore = data.path().join("to-restore.tar");
    let data_dir = data.path().join("data");
    let server = DriverServer::start(&data_dir, &evidence, &exports, &to_verify, &to_restore);
    let mut shots = Shots::new();

    // Start-up: from asking for the app to its first, interactive screen: on a new data
    // folder, setting up encryption.
    let started = Instant::now();
    let d = server.session().await;
    let set_up = wait_for(&d, "[data-testid=vault-set-up]").await;
    assert!(set_up.is_clickable().await.unwrap());
    let startup = started.elapsed();
    println!(
        "startup to interactive first screen: {} ms",
        startup.as_millis()
    );
    std::fs::write(
        shots.dir.join("first-start-ms.txt"),
        startup.as_millis().to_string(),
    )
    .unwrap();
    // No keychain here, so a passphrase is required, and a short one is refused.
    fill(&d, "passphrase", "too short").await;
    fill(&d, "confirm", "too short").await;
    set_up.click().await.unwrap();
    wait_text(&d, "[data-testid=vault-error]", "at least 10 characters").await;
    shots.take(&d, "set-up-encryption").await;
    fill(&d, "passphrase", PASSPHRASE).await;
    fill(&d, "confirm", PASSPHRASE).await;
    click(&d, "[data-testid=vault-set-up]").await;
    let recovery_code = wait_for(&d, "[data-testid=recovery-code]")
        .await
        .text()
        .await
        .unwrap()
        .trim()
        .to_string();
    assert_eq!(recovery_code.len(), 64, "{recovery_code}");
    // Copy, for a password manager (Print opens the system's print dialog, not driven here).
    click(&d, "[data-testid=recovery-copy]").await;
    wait_text(&d, ".code-actions [role=status]", "Copied").await;
    shots.take(&d, "recovery-code-shown-once").await;
    let done = wait_for(&d, "[data-testid=recovery-done]").await;
    assert!(
        !done.is_enabled().await.unwrap(),
        "not before it is written down"
    );
    click(&d, "[data-testid=recovery-written]").await;
    done.click().await.unwrap();
    // Before the first case: who is making the changes. Nothing is recorded as nobody's.
    let name_continue = wait_for(&d, "[data-testid=name-continue]").await;
    name_continue.click().await.unwrap();
    wait_text(&d, "[data-testid=name-error]", "Type your name").await;
    shots.take(&d, "first-start-asks-your-name").await;
    fill(&d, "user", "E2E Reviewer").await;
    click(&d, "[data-testid=name-continue]").await;
    wait_for(&d, "[data-testid=new-case]").await;
    wait_text(&d, "[data-testid=user-name]", "E2E Reviewer").await;
    // The isolation hook passes the app's own commands and renames anything else, which
    // the app then refuses: here a dialog command the webview was never granted.
    let refused = script(
        &d,
        "return window.__TAURI_INTERNALS__.invoke('plugin:dialog|open', {options: {}})\
           .then(() => 'ran', (e) => 'refused: ' + String(e));",
    )
    .await
    .to_string();
    assert!(refused.contains("refused_by_isolation_hook"), "{refused}");
    wait_text(&d, "[data-testid=empty-state]", "Start a case").await;
    shots.take(&d, "empty-case-list").await;

    // A new case, with a first attempt that the form refuses. The button is looked up
    // afresh: the list screen has re-rendered since it first appeared.
    click(&d, "[data-testid=new-case]").await;
    fill(&d, "display_name", "Jane Doe").await;
    fill(&d, "emails", "jane@@example").await;
    click(&d, "[data-testid=save-case]").await;
    wait_text(
        &d,
        "[data-testid=field-error-emails]",
        "not an e-mail address",
    )
    .await;
    shots.take(&d, "form-refuses-bad-email").await;
    fill(&d, "emails", "jane.doe@example.com").await;
    fill(&d, "phones", "+44 20 7946 0958").await;
    fill(&d, "country", "GB").await;
    fill(&d, "other_names", "제인 도").await;
    fill(&d, "role", "Senior backend engineer (remote)").await;
    fill(&d, "accounts", "jane.doe@corp.example").await;
    fill(&d, "time_zone", "Europe/London").await;
    fill(&d, "id_address", "12 Baker Street, London NW1 6XE").await;
    fill(&d, "delivery.ship_to_country", "GB").await;
    fill(&d, "delivery.first_checkin_ip", "13.32.0.1").await;
    // The carrier's page pasted whole fills what it names, and says what it filled.
    fill(
        &d,
        "carrier_text",
        // Enter, as WebDriver types it, starts a new line in the text area.
        "Ship To: 77 Harbour Road, Leeds LS1 4AP\u{e007}The receiver requested this package be redirected\u{e007}Received By: DOE",
    )
    .await;
    click(&d, "[data-testid=carrier-fill]").await;
    wait_text(
        &d,
        "[data-testid=carrier-note]",
        "shipping address, signed for by, delivery events",
    )
    .await;
    shots.take(&d, "form-filled-from-tracking-text").await;
    fill(&d, "notes", INJECTION).await;
    click(&d, "[data-testid=save-case]").await;
    wait_text(&d, "[data-testid=case-title]", "Jane Doe").await;
    wait_text(&d, "[data-testid=progress]", "0 of 50 answered").await;
    shots.take(&d, "case-opened").await;

    // Walk every section and answer every item before hiring; after-hire items stay
    // pending, as they would in real use.
    let sections: Vec<String> = {
        let buttons = d
            .find_all(By::Css("[data-testid^=\"section-\"]"))
            .await
            .unwrap();
        let mut ids = Vec::new();
        for b in buttons {
            ids.push(
                b.attr("data-testid")
                    .await
                    .unwrap()
                    .unwrap()
                    .trim_start_matches("section-")
                    .to_string(),
            );
        }
        ids
    };
    assert_eq!(sections, ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]);
    let mut answered = 0;
    for s in &sections {
        click(&d, &format!("[data-testid=\"section-{s}\"]")).await;
        let cards = d
            .query(By::Css("article.item-card"))
            .wait(WAIT, POLL)
            .all_from_selector()
            .await
            .unwrap();
        let mut items = Vec::new();
        for c in cards {
            items.push(
                c.attr("data-testid")
                    .await
                    .unwrap()
                    .unwrap()
                    .trim_start_matches("item-")
                    .to_string(),
            );
        }
        assert!(!items.is_empty(), "section {s} shows no items");
        for item in &items {
            match item.as_str() {
                _ if s == "J" => continue,
                "profile.consistency" => {
                    choose(&d, item, "concern").await;
                    type_note(
                        &d,
                        item,
                        &format!("GitHub says Lagos, résumé says London {INJECTION}"),
                    )
                    .await;
                }
                "identity.address" => {
                    choose(&d, item, "fail").await;
                    type_note(&d, item, "The address is a parcel-forwarding mailbox").await;
                }
                "identity.background" => {
                    // Not applicable without a reason is refused, and says why.
                    choose(&d, item, "not_applicable").await;
                    wait_text(&d, &in_card(item, "item-error"), "reason").await;
                    shots.take(&d, "not-applicable-needs-a-reason").await;
                    type_note(&d, item, "Not a US employer; no E-Verify").await;
                }
                _ => choose(&d, item, "pass").await,
            }
            answered += 1;
        }
        wait_text(
            &d,
            "[data-testid=progress]",
            &format!("{answered} of 50 answered"),
        )
        .await;
        shots.take(&d, &format!("section-{s}")).await;
    }
    assert_eq!(answered, 45);

    // Evidence: a file through the same Rust path as the native dialog, and a link, each
    // with its date and note in a dialog that names it. The focus comes back where the
    // person acted: a button disabled while it works used to drop it to the page body.
    click(&d, "[data-testid=\"section-B\"]").await;
    click(&d, &in_card("interview.id_on_camera", "attach-file")).await;
    let date = wait_for(
        &d,
        &in_card("interview.id_on_camera", "evidence-dialog-date"),
    )
    .await;
    date.send_keys("2026-11-28").await.unwrap();
    wait_for(
        &d,
        &in_card("interview.id_on_camera", "evidence-dialog-note"),
    )
    .await
    .send_keys("ID held up to the camera")
    .await
    .unwrap();
    shots.take(&d, "evidence-dialog").await;
    click(
        &d,
        &in_card("interview.id_on_camera", "evidence-dialog-confirm"),
    )
    .await;
    wait_text(
        &d,
        &in_card("interview.id_on_camera", "evidence-row"),
        "Dated 2026-11-28",
    )
    .await;
    let row = wait_for(&d, &in_card("interview.id_on_camera", "evidence-row")).await;
    let text = row.text().await.unwrap();
    assert!(
        text.contains("passport-on-camera.png") && text.contains("ID held up"),
        "{text}"
    );
    assert_eq!(focused(&d).await, "attach-file");
    // Open hands the system's viewer a decrypted copy, outside the data folder.
    click(&d, &in_card("interview.id_on_camera", "evidence-open")).await;
    let copy = opened(&data_dir, |p| p.ends_with("passport-on-camera.png")).await;
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(&evidence).unwrap()
    );
    assert!(!copy.starts_with(&data_dir), "{copy:?}");
    // A link added by mistake is taken off, with the reason kept in the item's history.
    let url = wait_for(&d, &in_card("interview.id_on_camera", "evidence-url")).await;
    url.send_keys("https://example.com/not-this-candidate")
        .await
        .unwrap();
    click(&d, &in_card("interview.id_on_camera", "add-url")).await;
    click(
        &d,
        &in_card("interview.id_on_camera", "evidence-dialog-confirm"),
    )
    .await;
    wait_text(
        &d,
        &format!(
            "{} [data-testid=evidence-row]:nth-child(2)",
            card("interview.id_on_camera")
        ),
        "not-this-candidate",
    )
    .await;
    assert_eq!(focused(&d).await, "evidence-url");
    click(
        &d,
        &format!(
            "{} [data-testid=evidence-row]:nth-child(2) [data-testid=evidence-remove]",
            card("interview.id_on_camera")
        ),
    )
    .await;
    wait_for(
        &d,
        &in_card("interview.id_on_camera", "evidence-remove-reason"),
    )
    .await
    .send_keys("belongs to another candidate")
    .await
    .unwrap();
    shots.take(&d, "evidence-remove-dialog").await;
    click(
        &d,
        &in_card("interview.id_on_camera", "evidence-dialog-confirm"),
    )
    .await;
    let deadline = Instant::now() + WAIT;
    while d
        .find_all(By::Css(in_card("interview.id_on_camera", "evidence-row")))
        .await
        .unwrap()
        .len()
        != 1
    {
        assert!(Instant::now() < deadline, "the link was not taken off");
        tokio::time::sleep(POLL).await;
    }
    click(&d, &in_card("interview.id_on_camera", "history-toggle")).await;
    wait_text(
        &d,
        &format!("{} .history-panel", card("interview.id_on_camera")),
        "belongs to another candidate",
    )
    .await;
    shots.take(&d, "evidence-taken-off-in-history").await;
    click(&d, &in_card("interview.id_on_camera", "history-toggle")).await;

    click(&d, "[data-testid=\"section-A\"]").await;
    let url = wait_for(&d, &in_card("profile.footprint", "evidence-url")).await;
    url.send_keys("https://github.com/janedoe").await.unwrap();
    click(&d, &in_card("profile.footprint", "add-url")).await;
    click(&d, &in_card("profile.footprint", "evidence-dialog-confirm")).await;
    wait_text(
        &d,
        &in_card("profile.footprint", "evidence-row"),
        "github.com/janedoe",
    )
    .await;
    assert_eq!(focused(&d).await, "evidence-url");
    // The outcome by keyboard: Space on an unchosen outcome, Enter back to the first.
    let before = script(
        &d,
        &format!(
            "return document.querySelector('{} input[type=radio]:checked').value;",
            card("profile.footprint")
        ),
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string();
    let other = if before == "concern" {
        "fail"
    } else {
        "concern"
    };
    choose_by_key(&d, "profile.footprint", other, " ").await;
    choose_by_key(&d, "profile.footprint", &before, "\u{E007}").await;
    shots.take(&d, "evidence-attached").await;

    // The risk summary lists the red flags; the payload in the note shows as text.
    wait_text(
        &d,
        "[data-testid=risk-summary]",
        "parcel-forwarding mailbox",
    )
    .await;
    wait_text(&d, "[data-testid=assessment]", "Checks failed").await;
    wait_text(&d, "[data-testid=risk-summary]", INJECTION).await;
    assert_inert(&d).await;

    // History of an item says who changed what.
    click(&d, &in_card("profile.consistency", "history-toggle")).await;
    wait_text(
        &d,
        &in_card("profile.consistency", "history-entry"),
        "E2E Reviewer",
    )
    .await;
    shots.take(&d, "item-history").await;

    // After hiring: a sign-in log and the laptop's osquery inventory, imported in the
    // real app, each raising its findings with the rows behind them.
    let signins = data.path().join("signins-march.csv");
    std::fs::write(
        &signins,
        "time,account,ip\n\
         2026-03-02T09:05:00Z,jane.doe@corp.example,13.32.0.1\n\
         2026-03-02T10:40:00Z,jane.doe@corp.example,24.5.10.1\n\
         2026-03-02T11:00:00Z,someone.else@corp.example,24.5.10.1\n",
    )
    .unwrap();
    import_next(&data.path().join("data"), &signins);
    click(&d, "[data-testid=\"section-J\"]").await;
    wait_text(&d, "[data-testid=monitor-empty]", "Nothing imported yet").await;
    click(&d, "[data-testid=monitor-import]").await;
    wait_for(
        &d,
        "[data-testid=monitor-finding][data-kind=hosting_network]",
    )
    .await;
    wait_text(
        &d,
        "[data-testid=monitor-finding][data-kind=other_country]",
        "outside the claimed country GB",
    )
    .await;
    wait_text(&d, "[data-testid=monitor-row]", "line 2").await;
    let inventory =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/monitor/tests/fixtures/osquery.json");
    import_next(&data.path().join("data"), &inventory);
    click(&d, "[data-testid=monitor-import]").await;
    wait_text(
        &d,
        "[data-testid=monitor-finding][data-kind=ip_kvm]",
        "PiKVM",
    )
    .await;
    wait_text(
        &d,
        "[data-testid=monitor-finding][data-kind=remote_access_tools]",
        "AnyDesk, RustDesk",
    )
    .await;
    // Each file is now evidence on the item it informs.
    wait_text(
        &d,
        &in_card("monitoring.access", "evidence-row"),
        "signins-march.csv",
    )
    .await;
    // The delivery recorded on the case: another address than the ID's, a redirect, a
    // stranger signing, and a first check-in from another country's cloud.
    for (kind, text) in [
        (
            "ship_to_not_id_address",
            "other than the one on the verified ID",
        ),
        ("delivery_redirected", "redirect"),
        ("first_check_in_elsewhere", "not GB"),
    ] {
        wait_text(
            &d,
            &format!("[data-testid=monitor-delivery] [data-kind={kind}]"),
            text,
        )
        .await;
    }
    wait_for(&d, "[data-testid=monitor-panel]")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    shots.take(&d, "after-hiring-findings").await;
    wait_for(&d, "[data-testid=monitor-delivery]")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    shots.take(&d, "after-hiring-delivery").await;

    // Decision.
    pick_decision(&d, "do_not_proceed").await;
    fill(
        &d,
        "rationale",
        "Home address is a mailbox and the profile history does not agree.",
    )
    .await;
    fill(&d, "reviewer", "Owner").await;
    click(&d, "[data-testid=record-decision]").await;
    wait_text(&d, "[data-testid=current-decision]", "Do not proceed").await;
    shots.take(&d, "decision-recorded").await;
    assert_inert(&d).await;

    // Set up signing for the organisation, and save the certificate an auditor trusts.
    click(&d, "[data-testid=nav-settings]").await;
    // Once the folder's settings are in, so nothing moves under the click.
    wait_for(&d, "[data-testid=key-keeping]").await;
    click(&d, "[data-testid=open-signing]").await;
    wait_text(&d, "[data-testid=signing-off]", "not signed yet").await;
    fill(&d, "organisation", "Acme Hiring Ltd").await;
    click(&d, "[data-testid=signing-init]").await;
    wait_text(&d, "[data-testid=signing-organisation]", "Acme Hiring Ltd").await;
    click(&d, "[data-testid=save-ca]").await;
    wait_text(&d, "[data-testid=ca-saved]", "records-ca.pem").await;
    let ca = exports.join("records-ca.pem");
    let pem = std::fs::read_to_string(&ca).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    shots.take(&d, "signing-set-up").await;
    std::fs::rename(&ca, data.path().join("records-ca.pem")).unwrap();
    click(&d, "[data-testid=signing-back]").await;
    wait_for(&d, "[data-testid=checks-settings]").await;
    click(&d, "[data-testid=nav-list]").await;
    click(&d, "[data-testid=case-row]").await;

    // Export the PDF record (the save dialog is replaced by a folder), then verify it
    // through "Verify a record…".
    click(&d, "[data-testid=export-pdf]").await;
    wait_text(
        &d,
        "[data-testid=export-result]",
        "Signed for Acme Hiring Ltd",
    )
    .await;
    assert_eq!(focused(&d).await, "export-pdf");
    shots.take(&d, "record-exported").await;
    let pdf = std::fs::read_dir(&exports)
        .unwrap()
        .next()
        .expect("a PDF was written")
        .unwrap()
        .path();
    // Open and Show in folder reach the system, for this record only.
    click(&d, "[data-testid=open-export]").await;
    assert_eq!(opened(&data_dir, |p| p == pdf).await, pdf);
    click(&d, "[data-testid=reveal-export]").await;
    assert_eq!(opened(&data_dir, |p| p == exports).await, exports);
    assert!(
        pdf.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("jane-doe_"),
        "{pdf:?}"
    );
    std::fs::copy(&pdf, &to_verify).unwrap();
    click(&d, "[data-testid=nav-records]").await;
    click(&d, "[data-testid=verify-record]").await;
    wait_text(
        &d,
        "[data-testid=record-check]",
        "signed for Acme Hiring Ltd",
    )
    .await;
    wait_text(&d, "[data-testid=record-check]", "Verified").await;
    shots.take(&d, "record-exported-and-verified").await;
    // A later material edit makes the sign-off stale and the exported PDF out of date.
    click(&d, "[data-testid=nav-list]").await;
    click(&d, "[data-testid=case-row]").await;
    click(&d, "[data-testid=\"section-B\"]").await;
    choose(&d, "interview.camera", "concern").await;
    wait_text(&d, "[data-testid=decision-stale]", "Stale").await;
    // Needs attention lists the stale decision and opens the case from it.
    click(&d, "[data-testid=nav-attention]").await;
    wait_text(&d, "[data-testid=attention-entry]", "Decision out of date").await;
    shots.take(&d, "needs-attention").await;
    click(&d, "[data-testid=nav-records]").await;
    click(&d, "[data-testid=verify-record]").await;
    wait_text(
        &d,
        "[data-testid=record-check]",
        "changed since this record was exported",
    )
    .await;
    shots.take(&d, "decision-stale-after-edit").await;
    click(&d, "[data-testid=nav-list]").await;
    click(&d, "[data-testid=case-row]").await;
    click(&d, "[data-testid=\"section-B\"]").await;
    choose(&d, "interview.camera", "pass").await;
    d.quit().await.unwrap();

    // Reopen the app on the same data folder: it is locked; a wrong passphrase opens
    // nothing, the right one opens everything as it was left.
    let d = server.session().await;
    unlock(&d, "not the passphrase at all").await;
    wait_text(&d, "[data-testid=vault-error]", "passphrase is wrong").await;
    shots.take(&d, "locked-wrong-passphrase").await;
    unlock(&d, PASSPHRASE).await;
    let row = wait_text(&d, "[data-testid=case-row]", "Jane Doe").await;
    assert!(row.text().await.unwrap().contains("Do not proceed"));
    shots.take(&d, "after-restart-case-list").await;
    row.click().await.unwrap();
    wait_text(&d, "[data-testid=progress]", "45 of 50 answered").await;
    wait_text(&d, "[data-testid=current-decision]", "Do not proceed").await;
    click(&d, "[data-testid=\"section-A\"]").await;
    let note = wait_for(&d, &in_card("profile.consistency", "note")).await;
    assert!(
        note.prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
            .contains(INJECTION)
    );
    wait_text(
        &d,
        &in_card("profile.footprint", "evidence-row"),
        "github.com/janedoe",
    )
    .await;
    click(&d, "[data-testid=\"section-B\"]").await;
    wait_text(
        &d,
        &in_card("interview.id_on_camera", "evidence-row"),
        "passport-on-camera.png",
    )
    .await;
    assert_inert(&d).await;
    shots.take(&d, "after-restart-case").await;
    // The same page by keyboard alone, at both sizes.
    keyboard::walk_one_item(&d, &mut shots).await;

    // Sanctions lists: import the sample set, then a case whose name is on it.
    click(&d, "[data-testid=nav-lists]").await;
    click(&d, "[data-testid=import-lists]").await;
    wait_text(
        &d,
        "[data-testid=import-result]",
        "Loaded OFAC SDN list: 17 entries",
    )
    .await;
    wait_text(&d, "[data-testid=list-status]", "OFAC SDN list").await;
    // An OpenSanctions export: one list per government source, with its licence shown.
    wait_text(
        &d,
        "[data-testid=list-status]",
        "kr_mofa_sanctions (OpenSanctions)",
    )
    .await;
    wait_text(&d, "[data-testid=list-licence]", "non-commercial").await;
    shots.take(&d, "lists-imported").await;
    click(&d, "[data-testid=nav-list]").await;
    click(&d, "[data-testid=new-case]").await;
    fill(&d, "display_name", "Dmitry Khoroshev").await;
    fill(&d, "date_of_birth", "1993-04-17").await;
    click(&d, "[data-testid=save-case]").await;
    wait_text(&d, "[data-testid=case-title]", "Dmitry Khoroshev").await;
    click(&d, "[data-testid=\"section-G\"]").await;
    wait_text(
        &d,
        "[data-testid=hit-count]",
        "1 potential match, 1 waiting",
    )
    .await;
    wait_text(&d, "[data-testid=hit]", "KHOROSHEV, Dmitry Yuryevich").await;
    wait_text(&d, "[data-testid=hit]", "date of birth +0.05").await;
    wait_text(&d, &in_card("screening.names", "proposal"), "need").await;
    shots.take(&d, "screening-hit").await;
    // Recorded as a true match, so the item's proposal turns to Fail.
    click(&d, "[data-testid=hit] input[value=true_match]").await;
    wait_for(&d, "[data-testid=hit] textarea")
        .await
        .send_keys(INJECTION)
        .await
        .unwrap();
    click(&d, "[data-testid=hit] button[type=submit]").await;
    wait_text(&d, "[data-testid=disposition]", "True match").await;
    wait_text(
        &d,
        &in_card("screening.names", "proposal"),
        "confirmed as a true match",
    )
    .await;
    click(&d, &in_card("screening.names", "accept-proposal")).await;
    wait_text(&d, &in_card("screening.names", "proposal"), "Accepted").await;
    // The button gave way to text: the focus is on the outcome it chose.
    let chosen = script(
        &d,
        &format!(
            "return document.activeElement === document.querySelector('{} input[type=radio]:checked');",
            card("screening.names")
        ),
    )
    .await
    .as_bool();
    assert_eq!(
        chosen,
        Some(true),
        "focus after Accept: {}",
        focused(&d).await
    );
    // The skip link, reached from the keyboard (it is unseen until then), leads to the
    // first item's outcome.
    let skip = wait_for(&d, "[data-testid=skip-to-checklist]").await;
    press(&d, &skip, "\u{E007}").await;
    let on_outcome = script(
        &d,
        "const e = document.activeElement; return e?.type === 'radio' && e.checked && !!e.closest('.item-card');",
    )
    .await
    .as_bool();
    assert_eq!(
        on_outcome,
        Some(true),
        "focus after the skip link: {}",
        focused(&d).await
    );
    wait_text(
        &d,
        "[data-testid=risk-summary]",
        "confirmed as a true match",
    )
    .await;
    assert_inert(&d).await;
    shots.take(&d, "screening-disposed").await;

    // Automated checks of a seeded front company, against mock servers on loopback.
    let world = support::world::World::start();
    let seeded = {
        let core = open_core(&data.path().join("data"), PASSPHRASE);
        core.set_checks_settings(&world.settings()).unwrap();
        core.create_case(&world.front_company()).unwrap()
    };
    click(&d, "[data-testid=nav-list]").await;
    let row = wait_text(&d, "[data-testid=case-row]", "Acme Dev Solutions LLC").await;
    row.click().await.unwrap();
    wait_text(&d, "[data-testid=case-title]", "Acme Dev Solutions LLC").await;
    click(&d, "[data-testid=run-checks]").await;
    wait_text(&d, "[data-testid=checks-panel]", "Last run").await;
    let rows = d
        .find_all(By::Css("[data-testid=check-row]"))
        .await
        .unwrap();
    assert!(rows.len() >= 10, "{} check rows", rows.len());
    for r in &rows {
        assert_eq!(r.attr("data-state").await.unwrap().as_deref(), Some("done"));
    }
    click(&d, "[data-testid=\"section-F\"]").await;
    wait_text(
        &d,
        &in_card("company.domain_age", "finding"),
        "registered 4 months ago",
    )
    .await;
    wait_text(&d, &in_card("company.domain_age", "proposal"), "Concern").await;
    wait_text(
        &d,
        &in_card("company.copied_content", "passage"),
        "helps mid sized manufacturers",
    )
    .await;
    wait_text(
        &d,
        &in_card("company.lookalike", "finding"),
        "northwind.co imitates northwind.com",
    )
    .await;
    wait_for(&d, &card("company.domain_age"))
        .await
        .scroll_into_view()
        .await
        .unwrap();
    shots.take(&d, "checks-findings").await;
    click(&d, &in_card("company.domain_age", "accept-proposal")).await;
    wait_text(&d, &in_card("company.domain_age", "proposal"), "Accepted").await;
    assert_inert(&d).await;

    // Script injection in every text field of the case form, the user name, an evidence
    // file's name, the decision's rationale and reviewer: shown as text, never run, and
    // plain text in the PDF.
    let hostile_file = data.path().join(format!("{INJECTION}.png"));
    std::fs::write(&hostile_file, b"\x89PNG\r\n\x1a\n scan").unwrap();
    // "Attach file…" now hands over the file with the hostile name: a second driver, as
    // the test hooks are read from the app's environment.
    d.quit().await.unwrap();
    let server = DriverServer::start(
        &data.path().join("data"),
        &hostile_file,
        &exports,
        &to_verify,
        &to_restore,
    );
    let d = server.session().await;
    unlock(&d, PASSPHRASE).await;
    // The list must have loaded: a click while it is still replacing the start screen
    // is lost.
    wait_for(&d, "[data-testid=case-row]").await;
    click(&d, "[data-testid=new-case]").await;
    wait_for(&d, "[name=display_name]").await;
    let fields = d
        .find_all(By::Css("form input[type=text][name], form textarea[name]"))
        .await
        .unwrap();
    let mut names = Vec::new();
    for f in &fields {
        names.push(f.attr("name").await.unwrap().unwrap());
        f.send_keys(INJECTION).await.unwrap();
    }
    assert!(names.len() >= 20, "{names:?}");
    click(&d, "[data-testid=save-case]").await;
    // Fields with a format refuse it, quoting nothing that runs; free text is kept.
    wait_for(&d, "[data-testid^=field-error-]").await;
    assert_inert(&d).await;
    shots
        .take(&d, "injection-refused-by-formatted-fields")
        .await;
    let valid = |name: &str| match name {
        "country" | "company_country" | "payout_bank_country" => "GB",
        "emails" => "x@example.com",
        "referee_emails" => "referee@example.org",
        "phones" => "+44 20 7946 0958",
        "referee_phones" => "+44 20 7946 0959",
        "websites" | "comparison_urls" => "https://example.com",
        "date_of_birth" => "1990-01-01",
        "wallets" => "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "known_domains" => "example.com",
        "accounts" => "x.worker@example.com",
        "time_zone" => "Europe/London",
        "delivery.ship_to_country" => "GB",
        "delivery.first_checkin_ip" => "192.0.2.1",
        other => panic!("{other} refused the payload; give it a valid value here"),
    };
    for name in &names {
        if d.find(By::Css(format!("[data-testid=\"field-error-{name}\"]")))
            .await
            .is_ok()
        {
            fill(&d, name, valid(name)).await;
        }
    }
    click(&d, "[data-testid=save-case]").await;
    wait_text(&d, "[data-testid=case-title]", INJECTION).await;
    click(&d, "[data-testid=\"section-B\"]").await;
    choose(&d, "interview.camera", "concern").await;
    type_note(&d, "interview.camera", INJECTION).await;
    click(&d, &in_card("interview.id_on_camera", "attach-file")).await;
    wait_for(
        &d,
        &in_card("interview.id_on_camera", "evidence-dialog-note"),
    )
    .await
    .send_keys(INJECTION)
    .await
    .unwrap();
    click(
        &d,
        &in_card("interview.id_on_camera", "evidence-dialog-confirm"),
    )
    .await;
    wait_text(
        &d,
        &in_card("interview.id_on_camera", "evidence-row"),
        &format!("{INJECTION}.png"),
    )
    .await;
    pick_decision(&d, "escalate").await;
    fill(&d, "rationale", INJECTION).await;
    fill(&d, "reviewer", INJECTION).await;
    click(&d, "[data-testid=record-decision]").await;
    wait_text(&d, "[data-testid=current-decision]", INJECTION).await;
    assert_inert(&d).await;
    shots.take(&d, "injection-inert-in-case").await;
    for f in std::fs::read_dir(&exports).unwrap() {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    click(&d, "[data-testid=export-pdf]").await;
    wait_text(&d, "[data-testid=export-result]", "Record saved as").await;
    let pdf = std::fs::read_dir(&exports)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let raw = std::fs::read(&pdf).unwrap();
    for active in [
        &b"/JavaScript"[..],
        b"/JS",
        b"/OpenAction",
        b"/Launch",
        b"/AA",
    ] {
        assert!(
            !raw.windows(active.len()).any(|w| w == active),
            "the PDF holds {}",
            String::from_utf8_lossy(active)
        );
    }
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.matches("onerror=alert(1)").count() >= 4,
        "the payload is printed as text in the PDF:\n{text}"
    );
    std::fs::remove_file(&pdf).unwrap();
    // The user name, last: it is recorded on every later change.
    click(&d, "[data-testid=nav-settings]").await;
    let name = wait_for(&d, "#settings-name").await;
    name.clear().await.unwrap();
    name.send_keys(INJECTION).await.unwrap();
    click(&d, "[aria-labelledby=name-title] button[type=submit]").await;
    wait_text(&d, "[data-testid=user-name]", INJECTION).await;
    assert_inert(&d).await;

    // The dark theme, chosen in Settings, on the settings screen itself.
    click(&d, "[data-testid=theme-dark]").await;
    assert_eq!(
        script(&d, "return document.documentElement.dataset.theme").await,
        serde_json::json!("dark")
    );
    wait_text(&d, "[data-testid=keychain-state]", "No keychain answers").await;
    shots.take(&d, "settings-dark").await;
    click(&d, "[data-testid=theme-light]").await;

    // Back up from Records (the save dialog is replaced by the exports folder).
    click(&d, "[data-testid=nav-records]").await;
    click(&d, "[data-testid=backup]").await;
    wait_text(&d, "[data-testid=app-notice]", "Backed up 4 cases").await;
    shots.take(&d, "backup-made").await;
    d.quit().await.unwrap();
    let core = open_core(&data.path().join("data"), PASSPHRASE);
    assert!(!core.record(&seeded).unwrap().findings.is_empty());
    drop(core);
    let archive = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "tar"))
        .expect("a backup archive was written");
    std::fs::copy(&archive, &to_restore).unwrap();

    // The database is damaged: the app says so, keeps the file, and restores the backup.
    let db = data.path().join("data").join("bonafide.sqlite3");
    let garbage = vec![0x5au8; 16384];
    std::fs::write(&db, &garbage).unwrap();
    let _ = std::fs::remove_file(db.with_extension("sqlite3-wal"));
    let _ = std::fs::remove_file(db.with_extension("sqlite3-shm"));
    // The passphrase is forgotten too: the recovery code opens the key (the key file is
    // intact) and sets a new passphrase; then the damaged database is named.
    let d = server.session().await;
    click(&d, "[data-testid=vault-use-recovery]").await;
    fill(&d, "recovery", &recovery_code.to_lowercase()).await;
    fill(&d, "passphrase", NEW_PASSPHRASE).await;
    fill(&d, "confirm", NEW_PASSPHRASE).await;
    shots.take(&d, "unlock-with-recovery-code").await;
    click(&d, "[data-testid=vault-unlock]").await;
    wait_text(&d, "[data-testid=start-error]", "restore it from a backup").await;
    assert_eq!(
        std::fs::read(&db).unwrap(),
        garbage,
        "the damaged file is kept"
    );
    shots.take(&d, "damaged-database-offers-restore").await;
    click(
        &d,
        "[data-testid=start-error] ~ .start-actions [data-testid=restore]",
    )
    .await;
    wait_text(&d, "[data-testid=app-notice]", "Restored 4 cases").await;
    wait_text(&d, "[data-testid=app-notice]", "before-restore").await;
    wait_text(&d, "main", "Jane Doe").await;
    wait_text(&d, "main", "Acme Dev Solutions LLC").await;
    assert!(d.find(By::Css("[data-testid=start-error]")).await.is_err());
    shots.take(&d, "restored-from-backup").await;
    d.quit().await.unwrap();
    let kept: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("data.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        std::fs::read(data.path().join(&kept[0]).join("bonafide.sqlite3")).unwrap(),
        garbage
    );

    // The file went through the core: copied into the data folder under its SHA-256. The
    // restore kept the folder's newer key file (same key, the new passphrase).
    let app = open_core(&data.path().join("data"), NEW_PASSPHRASE);
    let report = app.verify().unwrap();
    assert!(report.is_intact(), "{report:?}");
    // The two attached before, and the sign-in log and inventory imported after hiring.
    assert_eq!(report.evidence_files, 4);

    // Last, on a folder in daily use: start-up with a thousand cases.
    startup::with_a_thousand_cases(
        &mut shots,
        Path::new(env!("CARGO_BIN_EXE_bonafide-app")),
        "",
    )
    .await;
}

/// Start-up of another build of the app on a folder of 1,000 cases, for example the
/// release build `./x run` makes: `BONAFIDE_STARTUP_BINARY=…/release/bonafide-app cargo
/// test … --test e2e start_up_of_another_build`. Writes `startup-release-ms.txt` in
/// `e2e-other-build/`.
#[tokio::test(flavor = "multi_thread")]
async fn start_up_of_another_build() {
    let (Some(_), Some(binary)) = (
        std::env::var_os("BONAFIDE_E2E"),
        std::env::var_os("BONAFIDE_STARTUP_BINARY"),
    ) else {
        eprintln!("skipped: set BONAFIDE_E2E=1 and BONAFIDE_STARTUP_BINARY to a built app");
        return;
    };
    let _alone = startup::ALONE.lock().unwrap_or_else(|p| p.into_inner());
    let mut shots = Shots::in_folder("e2e-other-build");
    startup::with_a_thousand_cases(&mut shots, Path::new(&binary), "release-").await;
}
