//! The Bona Fide desktop shell: Tauri commands that adapt IPC to [`bonafide::app::App`].
//!
//! Nothing here holds a business rule, SQL, HTTP or PDF code: each command parses its
//! input, calls one core function off the UI thread, and maps the result and the error.

mod commands;
mod error;

use std::path::PathBuf;
use std::sync::Arc;

use bonafide::app::App;
pub use error::{IpcError, IpcErrorCode};

/// Every app command, as declared to the ACL in build.rs.
pub const COMMAND_NAMES: &[&str] = include!("command_names.rs");

/// Environment variable naming a file that "Attach file…" uses instead of opening the
/// native dialog. WebDriver cannot drive a GTK dialog, so the end-to-end tests hand the
/// path over this way; the same core code then copies and hashes the file.
pub const TEST_PICK_FILE_ENV: &str = "BONAFIDE_E2E_PICK_FILE";

/// Environment variable naming a folder that "Export PDF…" writes into instead of asking
/// with the native save dialog (end-to-end tests only, as above).
pub const TEST_SAVE_DIR_ENV: &str = "BONAFIDE_E2E_SAVE_DIR";

/// Environment variable naming the PDF that "Verify a record…" checks instead of asking
/// with the native open dialog (end-to-end tests only, as above).
pub const TEST_VERIFY_FILE_ENV: &str = "BONAFIDE_E2E_VERIFY_FILE";
/// Test hook: list files to import instead of asking with the native dialog (a path
/// list, `:`-separated on Unix).
pub const TEST_LIST_FILES_ENV: &str = "BONAFIDE_E2E_LIST_FILES";

/// Test hook: the backup archive "Restore from a backup…" uses instead of asking with the
/// native dialog (end-to-end tests only, as above).
pub const TEST_RESTORE_FILE_ENV: &str = "BONAFIDE_E2E_RESTORE_FILE";

/// The opened data folder, or why it could not be opened. A database that cannot be
/// opened (corrupt, foreign, written by a newer version) is left untouched and every
/// command reports why, so the window still opens, says so and offers a restore.
pub struct AppState {
    /// Replaced as a whole by a restore, which needs the database closed.
    app: std::sync::RwLock<Result<Arc<App>, IpcError>>,
    /// The data folder, when one could be determined; a restore writes here.
    data_dir: Option<PathBuf>,
    actor: Option<String>,
}

impl AppState {
    /// Opens the default data folder (`$BONAFIDE_DATA_DIR` or the platform's).
    pub fn open_default() -> AppState {
        let actor = std::env::var(bonafide::app::USER_ENV).ok();
        let data_dir = bonafide::app::default_data_dir();
        let app = match &data_dir {
            Some(dir) => open_app(dir, actor.clone()),
            None => Err(IpcError::new(
                IpcErrorCode::Storage,
                "No data folder could be determined; set BONAFIDE_DATA_DIR to a folder to use.",
            )),
        };
        AppState {
            app: std::sync::RwLock::new(app),
            data_dir,
            actor,
        }
    }

    /// Wraps an already open data folder (tests).
    pub fn from_app(app: App) -> AppState {
        let data_dir = Some(PathBuf::from(app.info().data_dir));
        AppState {
            app: std::sync::RwLock::new(Ok(Arc::new(app))),
            data_dir,
            actor: None,
        }
    }

    pub(crate) fn app(&self) -> Result<Arc<App>, IpcError> {
        self.app.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Closes the data folder, restores `archive` into it and opens it again. Blocking.
    /// On failure the data folder is unchanged and reopened as it was.
    pub(crate) fn restore(
        &self,
        archive: &std::path::Path,
    ) -> Result<bonafide::backup::RestoreReport, IpcError> {
        let Some(dir) = self.data_dir.clone() else {
            return Err(self.app().err().unwrap_or_else(|| {
                IpcError::new(IpcErrorCode::Storage, "No data folder to restore into.")
            }));
        };
        // Hold the lock throughout: no command can reach the database while it is swapped.
        let mut slot = self.app.write().unwrap_or_else(|p| p.into_inner());
        *slot = Err(IpcError::new(
            IpcErrorCode::Storage,
            "The data folder is being restored from a backup.",
        ));
        let result = bonafide::app::restore(&dir, archive).map_err(IpcError::from);
        *slot = open_app(&dir, self.actor.clone());
        let report = result?;
        slot.clone().map(|_| report)
    }
}

fn open_app(dir: &std::path::Path, actor: Option<String>) -> Result<Arc<App>, IpcError> {
    App::open(dir, actor).map(Arc::new).map_err(IpcError::from)
}

/// Registers state, plugins and commands on a builder of any runtime, so the same wiring
/// runs in the real app and under Tauri's mock runtime in tests.
pub fn build_app<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    state: AppState,
) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::set_user,
            commands::list_cases,
            commands::create_case,
            commands::update_case,
            commands::get_case,
            commands::set_item,
            commands::item_history,
            commands::pick_evidence_file,
            commands::add_evidence_url,
            commands::decide,
            commands::deletion_impact,
            commands::delete_case,
            commands::verify_audit,
            commands::export_record,
            commands::verify_record,
            commands::list_status,
            commands::import_lists,
            commands::update_lists,
            commands::screening_settings,
            commands::set_screening_settings,
            commands::get_screening,
            commands::screen_case,
            commands::set_disposition,
            commands::acknowledge_alert,
            commands::open_alerts,
            commands::get_checks,
            commands::run_checks,
            commands::backup_data,
            commands::restore_data,
        ])
}

/// Starts the desktop app.
pub fn run() {
    let builder = build_app(tauri::Builder::default(), AppState::open_default());
    if let Err(e) = builder.run(tauri::generate_context!()) {
        eprintln!("bonafide-app: the window could not be started: {e}");
        std::process::exit(1);
    }
}

/// Writes the TypeScript declarations of every IPC type into `dir`.
pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    bonafide::bindings::export_all(dir)?;
    IpcError::export_all(&ts_rs::Config::new().with_out_dir(dir))
}
