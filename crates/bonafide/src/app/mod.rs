//! The façade that the CLI and the desktop app both call.
//!
//! Every operation a user can perform is one method here. Each validates its input,
//! writes state and its audit event in one transaction, and returns plain data. The types
//! in this module are what crosses into the UI (as JSON) and the CLI (`--json`).
//!
//! This file holds [`App`] itself and how a data folder is opened; the operations live in
//! one submodule per concern (cases, items, evidence, decisions, the record, screening,
//! checks, backups, retention, verification), all re-exported here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::blobs::{BlobStore, DEFAULT_MAX_EVIDENCE_BYTES};
use crate::error::{Error, Result};
use crate::model::{MAX_SHORT_TEXT, clean_text};
use crate::store::Store;
use crate::vault::{self, DataKey};
use bonafide_base::DataDir;

/// Environment variable that overrides the data folder (also `--data-dir`).
pub const DATA_DIR_ENV: &str = "BONAFIDE_DATA_DIR";
/// Environment variable that names the person using the app (also `--user`).
pub const USER_ENV: &str = "BONAFIDE_USER";

// One module per concern. Their public items are re-exported here, so every
// `bonafide::app::X` path the shells, tests and benches use stays where it was.
mod anchors;
mod attention;
mod backup;
mod cases;
mod checks;
mod chosen;
mod decisions;
mod edition;
mod evidence;
mod export;
mod folder;
mod hired_rechecks;
mod items;
mod key_keeping;
mod keys;
mod load;
mod monitor;
mod monitor_delivery;
mod monitor_plan;
mod monitor_progress;
mod record_check;
mod retention;
mod screening;
mod settings;
mod signing;
mod validation;
mod verify;
mod views;

pub use anchors::{ANCHOR_FORMAT, Anchor, AnchorCheck, AnchoredHead, read_anchor};
pub use attention::{Attention, AttentionKind, AttentionPlace};
pub use backup::{check_backup, restore};
pub use checks::{ChecksSettings, ChecksView, no_progress};
pub use edition::NewerEdition;
pub use export::record_file_name;
pub use folder::{Access, BackupSecret, Folder, Secret, SetUp, needs_secret};
pub use key_keeping::KeyKeeping;
pub use keys::KeyRotation;
pub use monitor::{ImportFormat, MonitorImport, MonitorView};
pub use monitor_delivery::{CarrierFill, DeliveryEdit, MAX_CARRIER_TEXT};
pub use monitor_plan::{DUE_SOON_DAYS, DueTask, NetworksStatus};
pub use monitor_progress::{ImportProgress, ImportStage};
pub use record_check::{read_record_file, trust_files, verify_record};
pub use retention::{
    DEFAULT_RETENTION_YEARS, KeptHistory, MAX_RETENTION_YEARS, Retention, RetentionFrom, retention,
};
pub use screening::{
    AdHocScreening, AlertView, Disposition, DispositionView, HitView, IDENTIFIERS_ITEM,
    ImportReport, ListStatus, ListUsed, NAMES_ITEM, Proposal, ScreeningRecord, ScreeningSettings,
    ScreeningView, UpdateReport, UpdateResult, WATCHLIST_ITEM,
};
pub use signing::{SigningStatus, read_pkcs12_file};
pub use verify::{AuditReport, EvidenceProblem, StateMismatch};
pub use views::{
    AppInfo, CaseInfo, CaseSummary, CaseView, DecisionRecord, DeletionImpact, Evidence,
    EvidenceDetails, EvidenceKind, ExportedRecord, ItemState, RecordCheck, RecordStatus,
};

/// The setting that keeps the name recorded as "who" on every change.
const ACTOR_SETTING: &str = "actor";
/// Why a write without a named person is refused, and how to name one.
const NO_ACTOR: &str = "nobody is named as making this change; pass --user NAME or set \
                        BONAFIDE_USER (the desktop app asks for your name when it first starts)";

/// The data folder used when none is given: `$BONAFIDE_DATA_DIR`, else the platform's
/// per-user data folder (`~/.local/share/bonafide` on Linux).
pub fn default_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "bonafide").map(|d| d.data_dir().to_path_buf())
}

/// An open data folder.
pub struct App {
    store: Mutex<Store>,
    /// The folder's key, for snapshots (backups are encrypted under it too).
    key: DataKey,
    blobs: BlobStore,
    data_dir: PathBuf,
    /// Who is making changes; `None` until a person is named, and then every write is
    /// refused, so no change is ever recorded as nobody's.
    actor: Mutex<Option<String>>,
    /// Built on first use and whenever a list version changes.
    screening_index: Mutex<Option<std::sync::Arc<screening::LoadedIndex>>>,
    /// The automated checks' runtime, HTTP client and resolver, built on first use.
    checks: Mutex<Option<checks::ChecksRuntime>>,
    /// The network table of the after-hiring findings, read on first use.
    networks: Mutex<Option<std::sync::Arc<crate::monitor::NetworkTable>>>,
    /// The latest tamper check of this session, for the "Needs attention" list: checking
    /// every file again each time the list is shown would be too slow.
    last_audit: Mutex<Option<AuditReport>>,
    /// Each case's "Needs attention" entries with the chain head they were read at. The
    /// list is asked for on every screen change; only cases whose chain moved since (every
    /// change appends an event) are read again.
    attention_memo: Mutex<HashMap<String, attention::CaseEntries>>,
    /// Held while the folder is open: shared, so windows and commands open it together,
    /// and a key rotation (which needs it to itself) waits for them all to close.
    lock: std::fs::File,
}

impl App {
    /// Opens the data folder with its key ([`crate::vault`]: set it up on first run, unlock
    /// it after). `actor` names the person using the app; when `None`, the name saved in
    /// settings is used. With neither, reads work and every write is refused until
    /// [`App::set_actor`] names someone: a change is never recorded as nobody's.
    ///
    /// A folder with data from a version before encryption is encrypted here, once, and a
    /// folder whose key rotation was interrupted finishes moving to its new key.
    pub fn open(data_dir: &Path, key: &DataKey, actor: Option<String>) -> Result<App> {
        std::fs::create_dir_all(data_dir).map_err(|source| Error::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let layout = DataDir::new(data_dir);
        // Moving the data to a key (the first encryption, or an interrupted rotation)
        // replaces files under anyone else who has the folder open, so it is done with the
        // folder to ourselves, and the lock is shared again once the data has moved.
        let moving = vault::needs_encrypting(data_dir)?
            || vault::rotation_in_progress(data_dir, key)?.is_some();
        if !moving {
            let lock = keys::lock_folder(&layout, keys::LockKind::Shared)?;
            return App::open_locked(data_dir, key, actor, lock);
        }
        let lock = keys::lock_folder(&layout, keys::LockKind::Exclusive)?;
        let app = App::open_locked(data_dir, key, actor, lock)?;
        keys::share_lock(&app.lock, &layout)?;
        Ok(app)
    }

    /// [`App::open`] with the folder's lock already held.
    fn open_locked(
        data_dir: &Path,
        key: &DataKey,
        actor: Option<String>,
        lock: std::fs::File,
    ) -> Result<App> {
        vault::unlock(data_dir, &vault::Unlock::Key(key))?;
        let layout = DataDir::new(data_dir);
        let blobs = BlobStore::new(layout.evidence_dir(), DEFAULT_MAX_EVIDENCE_BYTES, key);
        if vault::needs_encrypting(data_dir)? {
            keys::encrypt_older_data(&layout, key, &blobs)?;
        }
        let rotation = vault::rotation_in_progress(data_dir, key)?;
        if let Some(unfinished) = &rotation {
            keys::move_to_new_key(&layout, unfinished, key, &blobs)?;
        }
        let mut store = Store::open(&layout.database(), key)?;
        if let Some(unfinished) = rotation {
            keys::finish_rotation(data_dir, &mut store, &unfinished, key)?;
        }
        let actor = match actor.filter(|a| !a.trim().is_empty()) {
            Some(a) => {
                Some(clean_text(&a, MAX_SHORT_TEXT, false).map_err(|m| Error::invalid("user", m))?)
            }
            None => store
                .setting(ACTOR_SETTING)?
                .filter(|a| !a.trim().is_empty()),
        };
        blobs.sweep_temporary(std::time::Duration::from_secs(24 * 3600));
        Ok(App {
            store: Mutex::new(store),
            key: key.clone(),
            blobs,
            data_dir: data_dir.to_path_buf(),
            actor: Mutex::new(actor),
            screening_index: Mutex::new(None),
            checks: Mutex::new(None),
            networks: Mutex::new(None),
            last_audit: Mutex::new(None),
            attention_memo: Mutex::new(HashMap::new()),
            lock,
        })
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions
        // roll back), so the guard is safe to reuse.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The person making a change, or the error that says how to name one.
    fn actor(&self) -> Result<String> {
        self.named_actor()
            .ok_or_else(|| Error::invalid("user", NO_ACTOR))
    }

    fn named_actor(&self) -> Option<String> {
        self.actor.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// About this installation.
    pub fn info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: self.data_dir.display().to_string(),
            actor: self.named_actor(),
            schema_version: crate::store::schema_version(),
        }
    }

    /// Saves the name recorded on every change from now on.
    pub fn set_actor(&self, name: &str) -> Result<AppInfo> {
        let name =
            clean_text(name, MAX_SHORT_TEXT, false).map_err(|m| Error::invalid("user", m))?;
        if name.is_empty() {
            return Err(Error::invalid("user", "is required"));
        }
        self.store().set_setting(ACTOR_SETTING, &name)?;
        *self.actor.lock().unwrap_or_else(|p| p.into_inner()) = Some(name);
        Ok(self.info())
    }
}
