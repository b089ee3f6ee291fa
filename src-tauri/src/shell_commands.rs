//! The commands behind the shell's own screens: what needs attention, the settings that
//! live only on the command line until now (checks, retention), and exporting every
//! record at once, and what the window remembers between starts.

use bonafide::app::{Attention, ChecksSettings, ExportedRecord, KeyKeeping};
use bonafide::prefs::{Preferences, Theme, WindowPlace, read_preferences, write_preferences};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::commands::{Reply, ask_path, run};
use crate::{AppState, TEST_SAVE_DIR_ENV};

/// Everything that waits for a person, newest first; a tamper problem from the latest
/// tamper check of this session.
#[tauri::command]
pub async fn needs_attention(state: State<'_, AppState>) -> Reply<Vec<Attention>> {
    run(&state, |app| app.needs_attention()).await
}

/// Whether this computer's keychain holds the folder's key.
#[tauri::command]
pub async fn key_keeping(state: State<'_, AppState>) -> Reply<KeyKeeping> {
    let keychain = state.keychain();
    run(&state, move |app| app.key_keeping(keychain)).await
}

/// Files the folder's key in the keychain, or removes it so the passphrase is asked at
/// every start.
#[tauri::command]
pub async fn set_key_keeping(state: State<'_, AppState>, keep: bool) -> Reply<KeyKeeping> {
    let keychain = state.keychain();
    run(&state, move |app| app.set_key_keeping(keychain, keep)).await
}

#[tauri::command]
pub async fn checks_settings(state: State<'_, AppState>) -> Reply<ChecksSettings> {
    run(&state, |app| app.checks_settings()).await
}

/// Saves the checks' settings with the same validation as `bonafide checks settings`.
#[tauri::command]
pub async fn set_checks_settings(
    state: State<'_, AppState>,
    settings: ChecksSettings,
) -> Reply<ChecksSettings> {
    run(&state, move |app| app.set_checks_settings(&settings)).await
}

#[tauri::command]
pub async fn retention_years(state: State<'_, AppState>) -> Reply<u32> {
    run(&state, |app| app.retention_years()).await
}

#[tauri::command]
pub async fn set_retention_years(state: State<'_, AppState>, years: u32) -> Reply<u32> {
    run(&state, move |app| app.set_retention_years(years)).await
}

/// Asks for a folder (native dialog), then exports every case's record into it, one PDF
/// each. `None` when the user cancels.
#[tauri::command]
pub async fn export_all_records<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<Vec<ExportedRecord>>> {
    let dir = ask_path(handle, TEST_SAVE_DIR_ENV, |d| {
        d.set_title("Export every record into a folder")
            .blocking_pick_folder()
    })
    .await?;
    let Some(dir) = dir else {
        return Ok(None);
    };
    run(&state, move |app| app.export_all(&dir).map(Some)).await
}

/// The window's theme and last view; the defaults when no data folder is known.
#[tauri::command]
pub fn preferences(state: State<'_, AppState>) -> Reply<Preferences> {
    Ok(state.data_dir().map(read_preferences).unwrap_or_default())
}

/// Saves the theme and the last view, keeping the window's place as it is.
#[tauri::command]
pub fn set_preferences(
    state: State<'_, AppState>,
    theme: Theme,
    last_view: String,
) -> Reply<Preferences> {
    let Some(dir) = state.data_dir() else {
        return Ok(Preferences::default());
    };
    let mut p = read_preferences(dir);
    p.theme = theme;
    p.last_view = last_view;
    write_preferences(dir, &p)?;
    Ok(p)
}

/// Puts the main window back where it was when the app last closed.
pub fn restore_window_place<R: Runtime>(handle: &AppHandle<R>) {
    let (Some(window), Some(dir)) = (
        handle.get_webview_window("main"),
        handle
            .state::<AppState>()
            .data_dir()
            .map(|d| d.to_path_buf()),
    ) else {
        return;
    };
    let Some(place) = read_preferences(&dir).window else {
        return;
    };
    // A failure only leaves the window at its default place.
    let _ = window.set_size(tauri::PhysicalSize::new(place.width, place.height));
    let _ = window.set_position(tauri::PhysicalPosition::new(place.x, place.y));
    if place.maximized {
        let _ = window.maximize();
    }
}

/// Remembers where the window is as it closes.
pub fn save_window_place<R: Runtime>(window: &tauri::Window<R>) {
    let state = window.state::<AppState>();
    let Some(dir) = state.data_dir() else {
        return;
    };
    let maximized = window.is_maximized().unwrap_or(false);
    let (Ok(size), Ok(pos)) = (window.inner_size(), window.outer_position()) else {
        return;
    };
    let mut p = read_preferences(dir);
    p.remember_window(WindowPlace {
        width: size.width,
        height: size.height,
        x: pos.x,
        y: pos.y,
        maximized,
    });
    // Closing must never fail over a preference.
    let _ = write_preferences(dir, &p);
}
