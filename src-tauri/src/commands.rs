//! Tauri commands. Each is an adapter of a few lines: parse, call one `App` method off the
//! UI thread, map the result.

use std::path::PathBuf;
use std::sync::Arc;

use bonafide::app::{
    App, AppInfo, AuditReport, CaseSummary, CaseView, DeletionImpact, EvidenceDetails,
    ExportedRecord, RecordCheck,
};
use bonafide::audit::AuditEvent;
use bonafide::model::{CaseFields, CaseId, Decision, Outcome};
use bonafide::store::CaseFilter;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{IpcError, IpcErrorCode};
use crate::{AppState, TEST_PICK_FILE_ENV, TEST_SAVE_DIR_ENV, TEST_VERIFY_FILE_ENV};

type Reply<T> = Result<T, IpcError>;

/// The path a native dialog returns, or the one the test hook `env` names instead
/// (WebDriver cannot drive a GTK dialog). The dialog blocks, so it runs on the blocking
/// pool; `None` when the user cancels.
async fn ask_path<R: Runtime>(
    handle: AppHandle<R>,
    env: &str,
    ask: impl FnOnce(tauri_plugin_dialog::FileDialogBuilder<R>) -> Option<tauri_plugin_dialog::FilePath>
    + Send
    + 'static,
) -> Reply<Option<PathBuf>> {
    if let Some(p) = std::env::var_os(env) {
        return Ok(Some(PathBuf::from(p)));
    }
    let chosen = tauri::async_runtime::spawn_blocking(move || ask(handle.dialog().file()))
        .await
        .map_err(IpcError::internal)?;
    Ok(chosen.and_then(|f| f.into_path().ok()))
}

/// Runs core work on the blocking pool. A panic there becomes an `internal` error, so the
/// UI's promise always settles.
async fn run<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&App) -> bonafide::Result<T> + Send + 'static,
) -> Reply<T> {
    let app: Arc<App> = state.app()?;
    tauri::async_runtime::spawn_blocking(move || f(&app))
        .await
        .map_err(IpcError::internal)?
        .map_err(IpcError::from)
}

fn case_id(id: &str) -> Reply<CaseId> {
    CaseId::parse(id)
        .ok_or_else(|| IpcError::new(IpcErrorCode::NotFound, format!("'{id}' is not a case id")))
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Reply<AppInfo> {
    run(&state, |app| Ok(app.info())).await
}

#[tauri::command]
pub async fn set_user(state: State<'_, AppState>, name: String) -> Reply<AppInfo> {
    run(&state, move |app| app.set_actor(&name)).await
}

#[tauri::command]
pub async fn list_cases(state: State<'_, AppState>, filter: CaseFilter) -> Reply<Vec<CaseSummary>> {
    run(&state, move |app| app.list_cases(&filter)).await
}

#[tauri::command]
pub async fn create_case(state: State<'_, AppState>, fields: CaseFields) -> Reply<String> {
    run(&state, move |app| {
        app.create_case(&fields).map(|id| id.to_string())
    })
    .await
}

#[tauri::command]
pub async fn update_case(
    state: State<'_, AppState>,
    id: String,
    fields: CaseFields,
) -> Reply<CaseView> {
    let id = case_id(&id)?;
    run(&state, move |app| app.update_case(&id, &fields)).await
}

#[tauri::command]
pub async fn get_case(state: State<'_, AppState>, id: String) -> Reply<CaseView> {
    let id = case_id(&id)?;
    run(&state, move |app| app.case(&id)).await
}

#[tauri::command]
pub async fn set_item(
    state: State<'_, AppState>,
    case_id: String,
    item_id: String,
    outcome: Option<Outcome>,
    note: Option<String>,
) -> Reply<CaseView> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| {
        app.set_item(&id, &item_id, outcome, note.as_deref())?;
        app.case(&id)
    })
    .await
}

#[tauri::command]
pub async fn item_history(
    state: State<'_, AppState>,
    case_id: String,
    item_id: String,
) -> Reply<Vec<AuditEvent>> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| app.item_history(&id, &item_id)).await
}

/// Opens the native file dialog from Rust (the webview has no dialog or file access),
/// then copies and hashes the chosen file. `None` when the user cancels.
#[tauri::command]
pub async fn pick_evidence_file<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: String,
    item_id: String,
    details: EvidenceDetails,
) -> Reply<Option<CaseView>> {
    let id = self::case_id(&case_id)?;
    let path = ask_path(handle, TEST_PICK_FILE_ENV, |d| {
        d.set_title("Attach evidence").blocking_pick_file()
    })
    .await?;
    let Some(path) = path else {
        return Ok(None);
    };
    run(&state, move |app| {
        app.add_evidence_file(&id, &item_id, &path, &details)?;
        app.case(&id).map(Some)
    })
    .await
}

#[tauri::command]
pub async fn add_evidence_url(
    state: State<'_, AppState>,
    case_id: String,
    item_id: String,
    url: String,
    details: EvidenceDetails,
) -> Reply<CaseView> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| {
        app.add_evidence_url(&id, &item_id, &url, &details)?;
        app.case(&id)
    })
    .await
}

#[tauri::command]
pub async fn decide(
    state: State<'_, AppState>,
    case_id: String,
    decision: Decision,
    rationale: String,
    reviewer: String,
) -> Reply<CaseView> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| {
        app.decide(&id, decision, &rationale, &reviewer)?;
        app.case(&id)
    })
    .await
}

#[tauri::command]
pub async fn deletion_impact(state: State<'_, AppState>, case_id: String) -> Reply<DeletionImpact> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| app.deletion_impact(&id)).await
}

#[tauri::command]
pub async fn delete_case(state: State<'_, AppState>, case_id: String) -> Reply<()> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| app.delete_case(&id)).await
}

#[tauri::command]
pub async fn verify_audit(state: State<'_, AppState>) -> Reply<AuditReport> {
    run(&state, |app| app.verify()).await
}

/// Asks where to save the PDF record (native dialog, from Rust), then exports it.
/// `None` when the user cancels.
#[tauri::command]
pub async fn export_record<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: String,
) -> Reply<Option<ExportedRecord>> {
    let id = self::case_id(&case_id)?;
    let name = {
        let id = id.clone();
        run(&state, move |app| app.default_record_name(&id)).await?
    };
    let default_name = name.clone();
    let path = ask_path(handle, TEST_SAVE_DIR_ENV, move |d| {
        d.set_title("Export the due-diligence record")
            .set_file_name(&default_name)
            .add_filter("PDF", &["pdf"])
            .blocking_save_file()
    })
    .await?;
    // The test hook names a folder; the file keeps its default name inside it.
    let path = path.map(|p| if p.is_dir() { p.join(&name) } else { p });
    let Some(path) = path else {
        return Ok(None);
    };
    run(&state, move |app| app.export_pdf(&id, &path).map(Some)).await
}

/// Asks for a PDF record (native dialog, from Rust) and verifies it. `None` when the
/// user cancels.
#[tauri::command]
pub async fn verify_record<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<RecordCheck>> {
    let path = ask_path(handle, TEST_VERIFY_FILE_ENV, |d| {
        d.set_title("Verify a due-diligence record")
            .add_filter("PDF", &["pdf"])
            .blocking_pick_file()
    })
    .await?;
    let Some(path) = path else {
        return Ok(None);
    };
    run(&state, move |app| {
        let bytes =
            std::fs::read(&path).map_err(|source| bonafide::Error::File { path, source })?;
        app.verify_pdf(&bytes).map(Some)
    })
    .await
}
