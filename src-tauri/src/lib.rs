//! The Bona Fide desktop shell: Tauri commands that adapt IPC to [`bonafide::app::App`].
//!
//! Nothing here holds a business rule, SQL, HTTP or PDF code: each command parses its
//! input, calls one core function off the UI thread, and maps the result and the error.

mod commands;
mod error;
mod evidence_commands;
mod monitor_commands;
mod shell_commands;

use std::path::PathBuf;
use std::sync::Arc;

use bonafide::app::{App, BackupSecret, Folder, Secret};
use bonafide::vault::{self, DataKey, Keychain, VaultError};
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

/// Test hook: a file whose one line is the path "Import a file…" (after hiring) uses
/// instead of asking with the native dialog. A pointer rather than the path itself, so
/// that one journey can import a sign-in log and then an inventory, each under its own name.
pub const TEST_MONITOR_FILE_ENV: &str = "BONAFIDE_E2E_MONITOR_FILE";

/// Test hook: the backup archive "Restore from a backup…" uses instead of asking with the
/// native dialog (end-to-end tests only, as above).
pub const TEST_RESTORE_FILE_ENV: &str = "BONAFIDE_E2E_RESTORE_FILE";

/// The opened data folder, or why it could not be opened. A folder that is locked or not
/// set up for encryption yet, or whose database cannot be opened (corrupt, foreign,
/// written by a newer version), is left untouched and every command reports why, so the
/// window still opens and offers set-up, unlock or a restore.
pub struct AppState {
    /// Replaced as a whole by set-up, unlock and restore.
    app: std::sync::RwLock<Result<Arc<App>, IpcError>>,
    /// The folder's key once unlocked: kept so a restore of this folder's own backups, or a
    /// damaged database, needs nothing typed again.
    key: std::sync::RwLock<Option<DataKey>>,
    /// The data folder, when one could be determined; a restore writes here.
    folder: Option<Folder>,
    actor: Option<String>,
    /// Picked files, exported records and opened copies of this session.
    files: std::sync::Mutex<evidence_commands::SessionFiles>,
}

/// How the data folder stands, for the start screen.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct VaultStatus {
    /// `not_set_up`, `locked` or `open`.
    pub state: VaultState,
    /// Set up: unencrypted data from an older version is there and will be encrypted.
    pub existing_data: bool,
    /// Locked: a passphrase can unlock it.
    pub passphrase: bool,
    /// An operating system keychain answers, so a passphrase is optional.
    pub keychain_available: bool,
    /// Shortest passphrase accepted.
    pub min_passphrase_chars: u32,
}

/// The states of [`VaultStatus`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum VaultState {
    /// No key yet: the start screen sets one up.
    NotSetUp,
    /// Set up; the keychain did not unlock it.
    Locked,
    /// Unlocked (the folder itself may still fail to open; commands say why).
    Open,
}

/// What set-up produced: the recovery code, shown once.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct SetUpReport {
    /// Groups of four characters; opens the folder and its backups when all else is lost.
    pub recovery_code: String,
    /// Whether this computer's keychain now holds the key.
    pub in_keychain: bool,
}

fn vault_error(e: VaultError) -> IpcError {
    IpcError::from(bonafide::Error::from(e))
}

impl AppState {
    /// Opens the default data folder (`$BONAFIDE_DATA_DIR` or the platform's), unlocking it
    /// from the keychain when it holds the key.
    pub fn open_default() -> AppState {
        let actor = std::env::var(bonafide::app::USER_ENV).ok();
        let data_dir = bonafide::app::default_data_dir();
        let state = AppState {
            app: std::sync::RwLock::new(Err(IpcError::new(
                IpcErrorCode::Storage,
                "No data folder could be determined; set BONAFIDE_DATA_DIR to a folder to use.",
            ))),
            key: std::sync::RwLock::new(None),
            folder: data_dir.map(|d| Folder::new(d, Keychain::from_env())),
            actor,
            files: Default::default(),
        };
        state.open_unattended();
        state
    }

    /// Wraps an already open data folder (tests).
    pub fn from_app(app: App) -> AppState {
        let folder = Folder::new(PathBuf::from(app.info().data_dir), Keychain::Off);
        AppState {
            app: std::sync::RwLock::new(Ok(Arc::new(app))),
            key: std::sync::RwLock::new(None),
            folder: Some(folder),
            actor: None,
            files: Default::default(),
        }
    }

    /// This computer's keychain as the folder uses it (none when no folder is known).
    pub(crate) fn keychain(&self) -> Keychain {
        self.folder
            .as_ref()
            .map_or(Keychain::Off, |f| *f.keychain())
    }

    /// The data folder, when one could be determined (the window's preferences live
    /// there, readable before the folder is unlocked).
    pub(crate) fn data_dir(&self) -> Option<&std::path::Path> {
        self.folder.as_ref().map(Folder::dir)
    }

    pub(crate) fn app(&self) -> Result<Arc<App>, IpcError> {
        self.app.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn slot(&self) -> std::sync::RwLockWriteGuard<'_, Result<Arc<App>, IpcError>> {
        self.app.write().unwrap_or_else(|p| p.into_inner())
    }

    fn held_key(&self) -> Option<DataKey> {
        self.key.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Opens the folder if that needs nothing typed: unlocked from the keychain. Otherwise
    /// every command reports why (not set up, locked, or what is wrong with the key file).
    fn open_unattended(&self) {
        let Ok(folder) = self.folder() else { return };
        match folder.unattended_key() {
            Ok(key) => self.open_with(folder.dir(), key),
            Err(e) => *self.slot() = Err(IpcError::from(e)),
        }
    }

    /// Keeps `key` and opens the folder with it.
    fn open_with(&self, dir: &std::path::Path, key: DataKey) {
        let opened = App::open(dir, &key, self.actor.clone())
            .map(Arc::new)
            .map_err(IpcError::from);
        if let Ok(app) = &opened {
            // The daily anchor, off the window's thread: it may wait for the network.
            let app = Arc::clone(app);
            std::thread::spawn(move || {
                let _ = app.anchor_if_due();
            });
        }
        *self.key.write().unwrap_or_else(|p| p.into_inner()) = Some(key);
        *self.slot() = opened;
    }

    fn folder(&self) -> Result<&Folder, IpcError> {
        self.folder.as_ref().ok_or_else(|| {
            IpcError::new(
                IpcErrorCode::Storage,
                "No data folder could be determined; set BONAFIDE_DATA_DIR to a folder to use.",
            )
        })
    }

    /// How the folder stands.
    pub(crate) fn vault_status(&self) -> Result<VaultStatus, IpcError> {
        let folder = self.folder()?;
        let mut status = VaultStatus {
            state: VaultState::Open,
            existing_data: false,
            passphrase: false,
            keychain_available: folder.keychain().is_available(),
            min_passphrase_chars: vault::MIN_PASSPHRASE_CHARS as u32,
        };
        match vault::state(folder.dir()).map_err(vault_error)? {
            vault::FolderState::NotSetUp { existing_data } => {
                status.state = VaultState::NotSetUp;
                status.existing_data = existing_data;
            }
            vault::FolderState::Locked { passphrase, .. } => {
                status.passphrase = passphrase;
                if self.held_key().is_none() {
                    status.state = VaultState::Locked;
                }
            }
        }
        Ok(status)
    }

    /// First run: creates the folder's key (kept in the keychain when there is one, else
    /// under the passphrase), encrypts any older data, and opens the folder. Blocking.
    pub(crate) fn set_up(&self, passphrase: Option<&str>) -> Result<SetUpReport, IpcError> {
        let folder = self.folder()?;
        let set = folder.set_up(passphrase)?;
        let report = SetUpReport {
            recovery_code: set.recovery_code.as_str().to_string(),
            in_keychain: set.in_keychain,
        };
        self.open_with(folder.dir(), set.key);
        Ok(report)
    }

    /// Unlocks with the passphrase or the recovery code and opens the folder. Blocking.
    /// After the recovery code, `new_passphrase` replaces the forgotten one; where there is
    /// no keychain it is required. After the passphrase, the key goes into the keychain
    /// only when the person asked for it (`remember`): whoever can then use this login
    /// opens the folder without the passphrase.
    pub(crate) fn unlock(
        &self,
        passphrase: Option<&str>,
        recovery_code: Option<&str>,
        new_passphrase: Option<&str>,
        remember: bool,
    ) -> Result<(), IpcError> {
        let folder = self.folder()?;
        let secret = match (recovery_code, passphrase) {
            (Some(code), _) => Secret::RecoveryCode {
                code,
                new_passphrase,
            },
            (None, Some(passphrase)) => Secret::Passphrase {
                passphrase,
                keep_in_keychain: remember,
            },
            (None, None) => return Err(vault_error(VaultError::Locked)),
        };
        let key = folder.unlock(secret)?;
        // Unlocked. Whether the folder then opens (a damaged database does not) is what
        // every command reports from now on, with the offer of a restore.
        self.open_with(folder.dir(), key);
        Ok(())
    }

    /// Closes the data folder, restores `archive` into it and opens it again. Blocking.
    /// The archive's key is unlocked with the recovery code or passphrase given, else the
    /// key this folder was unlocked with, else the keychain. On failure the data folder is
    /// unchanged and reopened as it was.
    pub(crate) fn restore(
        &self,
        archive: &std::path::Path,
        passphrase: Option<&str>,
        recovery_code: Option<&str>,
    ) -> Result<bonafide::backup::RestoreReport, IpcError> {
        let folder = self.folder()?;
        let held = self.held_key();
        let secret = BackupSecret {
            recovery_code,
            passphrase,
            held_key: held.as_ref(),
        };
        // Whoever is recording now restores; the restored folder may name someone else.
        let actor = self.app().ok().and_then(|app| app.info().actor);
        // Hold the lock throughout: no command can reach the database while it is swapped.
        let mut slot = self.slot();
        let previous = std::mem::replace(
            &mut *slot,
            Err(IpcError::new(
                IpcErrorCode::Storage,
                "The data folder is being restored from a backup.",
            )),
        );
        drop(previous);
        let result = folder
            .restore(archive, secret, actor.as_deref())
            .map_err(IpcError::from);
        drop(slot);
        match result {
            Ok((report, key)) => {
                self.open_with(folder.dir(), key);
                self.app().map(|_| report)
            }
            Err(e) => {
                // Reopen what was there, as it was.
                match folder.reopen_key(held) {
                    Ok(key) => self.open_with(folder.dir(), key),
                    Err(why) => *self.slot() = Err(IpcError::from(why)),
                }
                Err(e)
            }
        }
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
        .setup(|app| {
            shell_commands::restore_window_place(app.handle());
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { .. } = event {
                shell_commands::save_window_place(window);
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::set_user,
            commands::list_cases,
            commands::create_case,
            commands::update_case,
            commands::get_case,
            commands::set_item,
            commands::item_history,
            evidence_commands::pick_evidence_file,
            evidence_commands::attach_picked_file,
            evidence_commands::add_evidence_url,
            evidence_commands::remove_evidence,
            evidence_commands::open_evidence,
            evidence_commands::save_evidence_copy,
            evidence_commands::open_exported,
            evidence_commands::reveal_exported,
            monitor_commands::get_monitor,
            monitor_commands::pick_monitor_file,
            monitor_commands::fill_from_carrier_text,
            monitor_commands::move_to_edition,
            commands::decide,
            commands::deletion_impact,
            commands::delete_case,
            commands::verify_audit,
            commands::export_record,
            commands::verify_record,
            commands::signing_status,
            commands::signing_init,
            commands::set_tsa_url,
            commands::save_signing_ca,
            commands::import_signing_certificate,
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
            commands::vault_status,
            commands::set_up_vault,
            commands::unlock_vault,
            shell_commands::needs_attention,
            shell_commands::checks_settings,
            shell_commands::set_checks_settings,
            shell_commands::retention_years,
            shell_commands::set_retention_years,
            shell_commands::export_all_records,
            shell_commands::preferences,
            shell_commands::set_preferences,
            shell_commands::key_keeping,
            shell_commands::set_key_keeping,
        ])
}

/// Starts the desktop app.
pub fn run() {
    let builder = build_app(tauri::Builder::default(), AppState::open_default());
    let app = match builder.build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("bonafide-app: the window could not be started: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            // Decrypted copies opened this session do not outlive it.
            use tauri::Manager;
            handle.state::<AppState>().forget_viewer_copies();
        }
    });
}

/// Writes the TypeScript declarations of every IPC type into `dir`.
pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    bonafide::bindings::export_all(dir)?;
    let config = ts_rs::Config::new().with_out_dir(dir);
    IpcError::export_all(&config)?;
    VaultStatus::export_all(&config)?;
    evidence_commands::PickedFile::export_all(&config)?;
    SetUpReport::export_all(&config)
}
