//! The after-hiring commands: a case's monitoring record, and importing a sign-in log or
//! device inventory chosen in the native dialog.

use std::path::PathBuf;

use bonafide::app::{ImportProgress, MonitorView};
use tauri::{AppHandle, Runtime, State};

use crate::AppState;
use crate::commands::{Reply, ask_path, case_id, run};
#[cfg(feature = "e2e-hooks")]
use crate::error::IpcError;

#[tauri::command]
pub async fn get_monitor(state: State<'_, AppState>, case_id: String) -> Reply<MonitorView> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| app.monitor_show(&id)).await
}

/// Asks for the file in the native dialog, then imports it (its format is told from its
/// content), reporting how far it has got to `on_progress`. `None` when the user cancels.
#[tauri::command]
pub async fn pick_monitor_file<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: String,
    on_progress: tauri::ipc::Channel<ImportProgress>,
) -> Reply<Option<MonitorView>> {
    let id = self::case_id(&case_id)?;
    let path = chosen_file(handle).await?;
    let Some(path) = path else {
        return Ok(None);
    };
    run(&state, move |app| {
        app.monitor_import_reporting(&id, &path, None, &|p| {
            // A closed window drops the channel; the import goes on regardless.
            let _ = on_progress.send(p);
        })?;
        app.monitor_show(&id).map(Some)
    })
    .await
}

/// The form's unsaved details with their empty delivery fields filled from a carrier's
/// pasted tracking text; nothing is stored until the form is saved.
#[tauri::command]
pub async fn fill_from_carrier_text(
    state: State<'_, AppState>,
    fields: bonafide::model::CaseFields,
    text: String,
) -> Reply<bonafide::app::CarrierFill> {
    run(&state, move |app| {
        app.fill_from_carrier_text(&fields, &text)
    })
    .await
}

/// Moves a case to a newer edition of its checklist.
#[tauri::command]
pub async fn move_to_edition(
    state: State<'_, AppState>,
    case_id: String,
    version: u32,
) -> Reply<bonafide::app::CaseView> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| app.move_to_edition(&id, version)).await
}

/// The file to import: the one the native dialog returns, or, in end-to-end builds, the
/// one the journey's pointer file names (so one journey can import several files, each
/// under its own name).
async fn chosen_file<R: Runtime>(handle: AppHandle<R>) -> Reply<Option<PathBuf>> {
    #[cfg(feature = "e2e-hooks")]
    if let Some(pointer) = std::env::var_os(crate::TEST_MONITOR_FILE_ENV) {
        let path = std::fs::read_to_string(pointer).map_err(IpcError::internal)?;
        return Ok(Some(PathBuf::from(path.trim())));
    }
    // The test hook above replaces the dialog; `ask_path`'s own hook is not used here.
    ask_path(handle, "", |d| {
        d.set_title("Import a sign-in log or device inventory")
            .add_filter("Logs and inventories", &["csv", "json", "log", "txt"])
            .blocking_pick_file()
    })
    .await
}
