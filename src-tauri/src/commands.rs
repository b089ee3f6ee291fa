//! Tauri commands. Each is an adapter of a few lines: parse, call one `App` method off the
//! UI thread, map the result.

use std::path::PathBuf;
use std::sync::Arc;

use bonafide::app::{
    AlertView, App, AppInfo, AuditReport, CaseSummary, CaseView, ChecksView, DeletionImpact,
    Disposition, ExportedRecord, ImportReport, ListStatus, RecordCheck, ScreeningSettings,
    ScreeningView, SigningStatus, UpdateReport,
};
use bonafide::audit::AuditEvent;
use bonafide::backup::{BackupReport, RestoreReport};
use bonafide::checks::CheckEvent;
use bonafide::model::CaseFilter;
use bonafide::model::{CaseFields, CaseId, Decision, Outcome};
use bonafide::screening::download::DownloadProgress;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

#[cfg(feature = "e2e-hooks")]
use crate::TEST_LIST_FILES_ENV;
use crate::error::{IpcError, IpcErrorCode};
use crate::{
    AppState, SetUpReport, TEST_PICK_FILE_ENV, TEST_RESTORE_FILE_ENV, TEST_SAVE_DIR_ENV,
    TEST_VERIFY_FILE_ENV, VaultStatus,
};

pub(crate) type Reply<T> = Result<T, IpcError>;

/// The path a native dialog returns, or the one the test hook `env` names instead
/// (WebDriver cannot drive a GTK dialog). The dialog blocks, so it runs on the blocking
/// pool; `None` when the user cancels.
pub(crate) async fn ask_path<R: Runtime>(
    handle: AppHandle<R>,
    env: &str,
    ask: impl FnOnce(tauri_plugin_dialog::FileDialogBuilder<R>) -> Option<tauri_plugin_dialog::FilePath>
    + Send
    + 'static,
) -> Reply<Option<PathBuf>> {
    // The hook exists only in builds for the end-to-end tests (`--features e2e-hooks`):
    // a release build always asks the person.
    #[cfg(feature = "e2e-hooks")]
    if let Some(p) = std::env::var_os(env) {
        return Ok(Some(PathBuf::from(p)));
    }
    #[cfg(not(feature = "e2e-hooks"))]
    let _ = env;
    let chosen = tauri::async_runtime::spawn_blocking(move || ask(handle.dialog().file()))
        .await
        .map_err(IpcError::internal)?;
    Ok(chosen.and_then(|f| f.into_path().ok()))
}

/// Runs core work on the blocking pool. A panic there becomes an `internal` error, so the
/// UI's promise always settles.
pub(crate) async fn run<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&App) -> bonafide::Result<T> + Send + 'static,
) -> Reply<T> {
    let app: Arc<App> = state.app()?;
    tauri::async_runtime::spawn_blocking(move || f(&app))
        .await
        .map_err(IpcError::internal)?
        .map_err(IpcError::from)
}

pub(crate) fn case_id(id: &str) -> Reply<CaseId> {
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
pub async fn delete_case(
    state: State<'_, AppState>,
    case_id: String,
    reason: Option<String>,
) -> Reply<()> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| app.delete_case(&id, reason.as_deref())).await
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
    let exported = run(&state, move |app| app.export_pdf(&id, &path)).await?;
    state.note_exported(&exported.path);
    Ok(Some(exported))
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
        let bytes = bonafide::app::read_record_file(&path)?;
        app.verify_pdf(&bytes, &[]).map(Some)
    })
    .await
}

// ---- Signing ----

#[tauri::command]
pub async fn signing_status(state: State<'_, AppState>) -> Reply<SigningStatus> {
    run(&state, |app| app.signing_status()).await
}

#[tauri::command]
pub async fn signing_init(
    state: State<'_, AppState>,
    organisation: String,
    replace: bool,
) -> Reply<SigningStatus> {
    run(&state, move |app| app.signing_init(&organisation, replace)).await
}

#[tauri::command]
pub async fn set_tsa_url(state: State<'_, AppState>, url: Option<String>) -> Reply<SigningStatus> {
    run(&state, move |app| app.set_tsa_url(url.as_deref())).await
}

/// Asks where to save the records CA certificate (native dialog), then writes it.
/// Returns the path, `None` when the user cancels.
#[tauri::command]
pub async fn save_signing_ca<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<String>> {
    const NAME: &str = "records-ca.pem";
    let path = ask_path(handle, TEST_SAVE_DIR_ENV, |d| {
        d.set_title("Save the certificate to give auditors")
            .set_file_name(NAME)
            .add_filter("Certificate", &["pem"])
            .blocking_save_file()
    })
    .await?;
    let path = path.map(|p| if p.is_dir() { p.join(NAME) } else { p });
    let Some(path) = path else {
        return Ok(None);
    };
    run(&state, move |app| {
        app.signing_export_ca(&path)?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Asks for a PKCS#12 file (native dialog) and makes its certificate the one that signs
/// records, unlocking it with `password`. `None` when the user cancels.
#[tauri::command]
pub async fn import_signing_certificate<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    password: String,
    replace: bool,
) -> Reply<Option<SigningStatus>> {
    let path = ask_path(handle, TEST_PICK_FILE_ENV, |d| {
        d.set_title("Choose the signing certificate file")
            .add_filter("PKCS#12 certificate", &["p12", "pfx"])
            .blocking_pick_file()
    })
    .await?;
    let Some(path) = path else {
        return Ok(None);
    };
    run(&state, move |app| {
        app.signing_import_file(&path, &password, replace).map(Some)
    })
    .await
}

// ---- Screening ----

#[tauri::command]
pub async fn list_status(state: State<'_, AppState>) -> Reply<Vec<ListStatus>> {
    run(&state, |app| app.list_status()).await
}

/// Asks for list files (native dialog, several at once) and imports them; `None` when
/// the user cancels.
#[tauri::command]
pub async fn import_lists<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<ImportReport>> {
    #[cfg(feature = "e2e-hooks")]
    let hooked = std::env::var_os(TEST_LIST_FILES_ENV);
    #[cfg(not(feature = "e2e-hooks"))]
    let hooked: Option<std::ffi::OsString> = None;
    let paths: Vec<PathBuf> = match hooked {
        Some(v) => std::env::split_paths(&v).collect(),
        None => tauri::async_runtime::spawn_blocking(move || {
            handle
                .dialog()
                .file()
                .set_title("Import sanctions list files")
                .add_filter("List files", &["csv", "xml", "json", "CSV", "XML", "JSON"])
                .blocking_pick_files()
        })
        .await
        .map_err(IpcError::internal)?
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .collect(),
    };
    if paths.is_empty() {
        return Ok(None);
    }
    run(&state, move |app| app.import_list_files(&paths).map(Some)).await
}

/// Downloads every list from its configured address; progress goes to `on_progress`.
#[tauri::command]
pub async fn update_lists(
    state: State<'_, AppState>,
    on_progress: tauri::ipc::Channel<DownloadProgress>,
) -> Reply<UpdateReport> {
    run(&state, move |app| {
        app.update_lists(None, &move |p| {
            // A closed window drops the channel; the download goes on regardless.
            let _ = on_progress.send(p);
        })
    })
    .await
}

#[tauri::command]
pub async fn screening_settings(state: State<'_, AppState>) -> Reply<ScreeningSettings> {
    run(&state, |app| app.screening_settings()).await
}

#[tauri::command]
pub async fn set_screening_settings(
    state: State<'_, AppState>,
    settings: ScreeningSettings,
) -> Reply<ScreeningSettings> {
    run(&state, move |app| app.set_screening_settings(&settings)).await
}

#[tauri::command]
pub async fn get_checks(state: State<'_, AppState>, case_id: String) -> Reply<ChecksView> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| app.checks_view(&id)).await
}

/// Runs a case's checks (all, or only `only`, a retry) and streams each check's progress.
#[tauri::command]
pub async fn run_checks(
    state: State<'_, AppState>,
    case_id: String,
    only: Option<Vec<String>>,
    on_progress: tauri::ipc::Channel<CheckEvent>,
) -> Reply<ChecksView> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| {
        let progress: bonafide::checks::Progress = std::sync::Arc::new(move |e| {
            // A closed window drops the channel; the checks go on regardless.
            let _ = on_progress.send(e);
        });
        app.run_checks(&id, only.as_deref(), false, progress)
    })
    .await
}

#[tauri::command]
pub async fn get_screening(state: State<'_, AppState>, case_id: String) -> Reply<ScreeningView> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| app.screening(&id)).await
}

#[tauri::command]
pub async fn screen_case(state: State<'_, AppState>, case_id: String) -> Reply<ScreeningView> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| app.screen_case(&id)).await
}

#[tauri::command]
pub async fn set_disposition(
    state: State<'_, AppState>,
    case_id: String,
    list: String,
    entry_id: String,
    disposition: Disposition,
    rationale: String,
) -> Reply<ScreeningView> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| {
        app.set_disposition(&id, &list, &entry_id, disposition, &rationale)
    })
    .await
}

#[tauri::command]
pub async fn acknowledge_alert(
    state: State<'_, AppState>,
    case_id: String,
    alert_id: i64,
) -> Reply<ScreeningView> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| app.acknowledge_alert(&id, alert_id)).await
}

#[tauri::command]
pub async fn open_alerts(state: State<'_, AppState>) -> Reply<Vec<AlertView>> {
    run(&state, |app| app.open_alerts()).await
}

// ---- Backup ----

/// Asks where to save a backup archive (native dialog), then writes it. `None` when the
/// user cancels.
#[tauri::command]
pub async fn backup_data<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<BackupReport>> {
    let name = bonafide::backup::default_file_name();
    let default_name = name.clone();
    let path = ask_path(handle, TEST_SAVE_DIR_ENV, move |d| {
        d.set_title("Back up all cases and evidence")
            .set_file_name(&default_name)
            .add_filter("Bona Fide backup", &["tar"])
            .blocking_save_file()
    })
    .await?;
    let path = path.map(|p| if p.is_dir() { p.join(&name) } else { p });
    let Some(path) = path else {
        return Ok(None);
    };
    run(&state, move |app| app.backup(&path).map(Some)).await
}

/// Asks for a backup archive (native dialog), checks it completely, and only then
/// replaces the data folder with it, keeping the old one beside it. Works when the data
/// folder could not be opened. `None` when the user cancels.
///
/// The archive's key is unlocked with `recovery_code` or `passphrase` when given (a backup
/// from another computer), else with the key this folder was unlocked with.
#[tauri::command]
pub async fn restore_data<R: Runtime>(
    handle: AppHandle<R>,
    passphrase: Option<String>,
    recovery_code: Option<String>,
) -> Reply<Option<RestoreReport>> {
    let path = ask_path(handle.clone(), TEST_RESTORE_FILE_ENV, |d| {
        d.set_title("Restore from a backup")
            .add_filter("Bona Fide backup", &["tar"])
            .blocking_pick_file()
    })
    .await?;
    let Some(path) = path else {
        return Ok(None);
    };
    tauri::async_runtime::spawn_blocking(move || {
        let state = handle.state::<AppState>();
        state
            .restore(&path, passphrase.as_deref(), recovery_code.as_deref())
            .map(Some)
    })
    .await
    .map_err(IpcError::internal)?
}

/// Whether the data folder is set up for encryption, locked, or open.
#[tauri::command]
pub async fn vault_status(state: State<'_, AppState>) -> Reply<VaultStatus> {
    state.vault_status()
}

/// First run: creates the data folder's key and opens it. Returns the recovery code, to
/// show once. `passphrase` is required where no keychain exists.
#[tauri::command]
pub async fn set_up_vault<R: Runtime>(
    handle: AppHandle<R>,
    passphrase: Option<String>,
) -> Reply<SetUpReport> {
    tauri::async_runtime::spawn_blocking(move || {
        handle
            .state::<AppState>()
            .set_up(passphrase.as_deref().filter(|p| !p.is_empty()))
    })
    .await
    .map_err(IpcError::internal)?
}

/// Unlocks the data folder with its passphrase, or with the recovery code (and a new
/// passphrase), and opens it. `remember` keeps the key in the keychain after a passphrase
/// unlock; it is never done unasked.
#[tauri::command]
pub async fn unlock_vault<R: Runtime>(
    handle: AppHandle<R>,
    passphrase: Option<String>,
    recovery_code: Option<String>,
    new_passphrase: Option<String>,
    remember: Option<bool>,
) -> Reply<()> {
    tauri::async_runtime::spawn_blocking(move || {
        handle.state::<AppState>().unlock(
            passphrase.as_deref(),
            recovery_code.as_deref(),
            new_passphrase.as_deref(),
            remember.unwrap_or(false),
        )
    })
    .await
    .map_err(IpcError::internal)?
}
