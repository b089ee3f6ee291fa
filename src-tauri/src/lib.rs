//! The Bona Fide desktop shell: Tauri commands that adapt IPC to [`bonafide::app::App`].
//!
//! Nothing here holds a business rule, SQL, HTTP or PDF code: each command parses its
//! input, calls one core function off the UI thread, and maps the result and the error.

mod commands;
mod error;

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

/// The opened data folder, or why it could not be opened. A database that cannot be
/// opened (corrupt, foreign, written by a newer version) is left untouched and every
/// command reports why, so the window still opens and says so.
pub struct AppState {
    app: Result<Arc<App>, IpcError>,
}

impl AppState {
    /// Opens the default data folder (`$BONAFIDE_DATA_DIR` or the platform's).
    pub fn open_default() -> AppState {
        let app = match bonafide::app::default_data_dir() {
            Some(dir) => App::open(&dir, std::env::var(bonafide::app::USER_ENV).ok())
                .map(Arc::new)
                .map_err(IpcError::from),
            None => Err(IpcError::new(
                IpcErrorCode::Storage,
                "No data folder could be determined; set BONAFIDE_DATA_DIR to a folder to use.",
            )),
        };
        AppState { app }
    }

    /// Wraps an already open data folder (tests).
    pub fn from_app(app: App) -> AppState {
        AppState {
            app: Ok(Arc::new(app)),
        }
    }

    pub(crate) fn app(&self) -> Result<Arc<App>, IpcError> {
        self.app.clone()
    }
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
