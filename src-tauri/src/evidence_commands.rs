//! Evidence and exported files on the desktop: picking a file and then attaching it with
//! its details, taking evidence off, opening a decrypted copy with the system's viewer,
//! saving a copy, and opening or showing an exported record.
//!
//! The webview never names a path. A picked file is held here under a token until it is
//! attached; only records exported in this session can be opened or shown; and a copy for
//! a viewer goes into a private folder of this session that is removed when the app quits.

use std::path::{Path, PathBuf};

use bonafide::app::{CaseView, EvidenceDetails};
use tauri::{AppHandle, Runtime, State};

use crate::commands::{Reply, ask_path, case_id, run};
use crate::{AppState, IpcError, IpcErrorCode, TEST_PICK_FILE_ENV, TEST_SAVE_DIR_ENV};

/// A file chosen in the native dialog, waiting for its date and note before it is
/// attached. Nothing is copied until then.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct PickedFile {
    /// Hands the choice back to [`attach_picked_file`]; good for one attachment.
    pub token: String,
    /// The file's name, to show in the dialog.
    pub name: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub size: u64,
}

/// Opens the native file dialog from Rust (the webview has no dialog or file access).
/// `None` when the person cancels.
#[tauri::command]
pub async fn pick_evidence_file<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<PickedFile>> {
    let path = ask_path(handle, TEST_PICK_FILE_ENV, |d| {
        d.set_title("Attach evidence").blocking_pick_file()
    })
    .await?;
    let Some(path) = path else {
        return Ok(None);
    };
    let size = std::fs::metadata(&path)
        .map_err(|e| {
            IpcError::new(
                IpcErrorCode::InvalidInput,
                format!("cannot read {}: {e}", path.display()),
            )
        })?
        .len();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "evidence".into());
    let token = state.hold_pick(path);
    Ok(Some(PickedFile { token, name, size }))
}

/// Copies and hashes a file picked with [`pick_evidence_file`] and attaches it to an item
/// with the date and note given for it.
#[tauri::command]
pub async fn attach_picked_file(
    state: State<'_, AppState>,
    case_id: String,
    item_id: String,
    token: String,
    details: EvidenceDetails,
) -> Reply<CaseView> {
    let id = self::case_id(&case_id)?;
    let path = state.take_pick(&token).ok_or_else(|| {
        IpcError::new(
            IpcErrorCode::InvalidInput,
            "That file choice has expired; choose the file again.",
        )
    })?;
    run(&state, move |app| {
        app.add_evidence_file(&id, &item_id, &path, &details)?;
        app.case(&id)
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

/// Takes a file or link off its item; the removal and the reason go into the history.
#[tauri::command]
pub async fn remove_evidence(
    state: State<'_, AppState>,
    case_id: String,
    evidence_id: String,
    reason: String,
) -> Reply<CaseView> {
    let id = self::case_id(&case_id)?;
    run(&state, move |app| {
        app.remove_evidence(&id, &evidence_id, &reason)?;
        app.case(&id)
    })
    .await
}

/// Opens a decrypted copy of an attached file with the system's viewer.
#[tauri::command]
pub async fn open_evidence(
    state: State<'_, AppState>,
    case_id: String,
    evidence_id: String,
) -> Reply<()> {
    let id = self::case_id(&case_id)?;
    let dir = state.viewer_folder()?;
    let copy = run(&state, move |app| {
        app.copy_evidence_into(&id, &evidence_id, &dir)
    })
    .await?;
    open_with_system(&copy)
}

/// Asks for a folder (native dialog) and writes a decrypted copy of an attached file
/// there. Returns the copy's path, or `None` when the person cancels.
#[tauri::command]
pub async fn save_evidence_copy<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    case_id: String,
    evidence_id: String,
) -> Reply<Option<String>> {
    let id = self::case_id(&case_id)?;
    let dir = ask_path(handle, TEST_SAVE_DIR_ENV, |d| {
        d.set_title("Save a copy of the evidence in…")
            .blocking_pick_folder()
    })
    .await?;
    let Some(dir) = dir else {
        return Ok(None);
    };
    let copy = run(&state, move |app| {
        app.copy_evidence_into(&id, &evidence_id, &dir)
    })
    .await?;
    Ok(Some(copy.display().to_string()))
}

/// Opens a record exported in this session with the system's PDF viewer.
#[tauri::command]
pub async fn open_exported(state: State<'_, AppState>, path: String) -> Reply<()> {
    let path = state.exported_path(&path)?;
    open_with_system(&path)
}

/// Shows a record exported in this session in the file manager, selected where the
/// desktop supports it, or else opens its folder.
#[tauri::command]
pub async fn reveal_exported(state: State<'_, AppState>, path: String) -> Reply<()> {
    let path = state.exported_path(&path)?;
    tauri::async_runtime::spawn_blocking(move || {
        tauri_plugin_opener::reveal_item_in_dir(&path).or_else(|_| {
            // No file manager answers on the session bus (or no bus at all): its folder
            // is the next best thing.
            let folder = path.parent().unwrap_or(Path::new("/")).to_path_buf();
            tauri_plugin_opener::open_path(folder, None::<&str>)
        })
    })
    .await
    .map_err(IpcError::internal)?
    .map_err(cannot_open)
}

fn open_with_system(path: &Path) -> Reply<()> {
    tauri_plugin_opener::open_path(path, None::<&str>).map_err(cannot_open)
}

fn cannot_open(e: tauri_plugin_opener::Error) -> IpcError {
    IpcError::new(
        IpcErrorCode::Storage,
        format!(
            "No program on this computer opened it ({e}). The file is saved; open it from \
             your file manager."
        ),
    )
}

impl AppState {
    /// Holds a picked path under a new token.
    fn hold_pick(&self, path: PathBuf) -> String {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.next_token += 1;
        let token = format!("pick-{}", files.next_token);
        files.picked.insert(token.clone(), path);
        token
    }

    /// The path held under `token`, once.
    fn take_pick(&self, token: &str) -> Option<PathBuf> {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.picked.remove(token)
    }

    /// Remembers a record this session exported, so it may be opened or shown.
    pub(crate) fn note_exported(&self, path: &str) {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.exported.insert(PathBuf::from(path));
    }

    /// `path` if this session exported it; any other path is refused.
    fn exported_path(&self, path: &str) -> Reply<PathBuf> {
        let files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        let path = PathBuf::from(path);
        if files.exported.contains(&path) {
            Ok(path)
        } else {
            Err(IpcError::new(
                IpcErrorCode::InvalidInput,
                "Only a record exported in this window can be opened from here.",
            ))
        }
    }

    /// A fresh subfolder of this session's private folder for copies a viewer opens, so
    /// two attachments of the same name do not meet.
    fn viewer_folder(&self) -> Reply<PathBuf> {
        let cannot = |e: std::io::Error| {
            IpcError::new(
                IpcErrorCode::Storage,
                format!("cannot make a folder for the copy to open: {e}"),
            )
        };
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        if files.viewer.is_none() {
            let dir = tempfile::Builder::new()
                .prefix("bonafide-opened-")
                .tempdir()
                .map_err(cannot)?;
            files.viewer = Some(dir);
        }
        files.next_token += 1;
        let sub = files
            .viewer
            .as_ref()
            .map(|d| d.path().join(files.next_token.to_string()))
            .unwrap_or_default();
        std::fs::create_dir(&sub).map_err(cannot)?;
        Ok(sub)
    }

    /// Removes the decrypted copies opened this session (on quitting).
    pub(crate) fn forget_viewer_copies(&self) {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.viewer = None;
    }
}

/// Files the shell holds for the session: picks waiting to be attached, records exported,
/// and the private folder of decrypted copies.
#[derive(Default)]
pub(crate) struct SessionFiles {
    next_token: u64,
    picked: std::collections::HashMap<String, PathBuf>,
    exported: std::collections::HashSet<PathBuf>,
    viewer: Option<tempfile::TempDir>,
}
