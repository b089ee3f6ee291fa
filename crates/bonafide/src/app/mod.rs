//! The façade that the CLI and the desktop app both call.
//!
//! Every operation a user can perform is one method here. Each validates its input,
//! writes state and its audit event in one transaction, and returns plain data. The types
//! in this module are what crosses into the UI (as JSON) and the CLI (`--json`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, AuditEvent, EventKind, GLOBAL_STREAM};
use crate::blobs::{BlobStore, DEFAULT_MAX_EVIDENCE_BYTES};
use crate::checklist::{self, ItemOutcomes, Progress, RiskSummary, SectionDef, Source, Template};
use crate::clock;
use bonafide_base::DataDir;
use bonafide_base::files::replace_file;
use crate::error::{Error, Result};
use crate::model::{
    CaseFields, CaseId, CaseStatus, Decision, EvidenceId, MAX_LONG_TEXT, MAX_SHORT_TEXT, Outcome,
    SubjectKind, check_web_url, clean_text, fold_for_search, CaseFilter,
};
use crate::store::{
    CaseRow, CaseSummaryRow, DecisionRow, EvidenceRow, ItemStateRow, Store,
};
use crate::vault::{self, DataKey};

/// Environment variable that overrides the data folder (also `--data-dir`).
pub const DATA_DIR_ENV: &str = "BONAFIDE_DATA_DIR";
/// Environment variable that names the person using the app (also `--user`).
pub const USER_ENV: &str = "BONAFIDE_USER";


mod checks;
pub use checks::{ChecksSettings, ChecksView, no_progress};
mod folder;
pub use folder::{Access, BackupSecret, Folder, Secret, SetUp, needs_secret};
mod backup;
pub use backup::{check_backup, restore};
mod retention;
pub use retention::{
    DEFAULT_RETENTION_YEARS, MAX_RETENTION_YEARS, Retention, RetentionFrom, retention,
};
mod verify;
pub use verify::{AuditReport, EvidenceProblem, StateMismatch};
mod screening;
pub use screening::{
    AdHocScreening, AlertView, Disposition, DispositionView, HitView, IDENTIFIERS_ITEM,
    ImportReport, ListStatus, ListUsed, NAMES_ITEM, Proposal, ScreeningRecord, ScreeningSettings,
    ScreeningView, UpdateReport, UpdateResult, WATCHLIST_ITEM,
};
const ACTOR_SETTING: &str = "actor";

/// The data folder used when none is given: `$BONAFIDE_DATA_DIR`, else the platform's
/// per-user data folder (`~/.local/share/bonafide` on Linux).
pub fn default_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "bonafide").map(|d| d.data_dir().to_path_buf())
}

/// About this installation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppInfo {
    /// App version.
    pub version: String,
    /// The data folder in use.
    pub data_dir: String,
    /// The name recorded as "who" on every change.
    pub actor: String,
    /// Database schema version.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub schema_version: i64,
}

/// One line of the case list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseSummary {
    /// Id.
    pub id: CaseId,
    /// Person or company.
    pub kind: SubjectKind,
    /// Name.
    pub display_name: String,
    /// Open or decided.
    pub status: CaseStatus,
    /// How long the case is kept.
    pub retention: Retention,
    /// Latest decision.
    pub decision: Option<Decision>,
    /// When decided.
    pub decided_at: Option<String>,
    /// When opened.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Items answered.
    pub answered: u32,
    /// Applicable items.
    pub total: u32,
    /// Concerns and fails.
    pub red_flags: u32,
}

/// The outcome and note of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemState {
    /// Item id.
    pub item_id: String,
    /// Outcome (pending when never set).
    pub outcome: Outcome,
    /// Note; the reason when not applicable.
    pub note: String,
    /// When last changed; `None` when never touched.
    pub updated_at: Option<String>,
    /// Who changed it last.
    pub updated_by: Option<String>,
}

/// File or link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A file copied into the data folder.
    File,
    /// A web address.
    Url,
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    /// Id.
    pub id: EvidenceId,
    /// Item it supports.
    pub item_id: String,
    /// File or link.
    pub kind: EvidenceKind,
    /// File name, or the URL.
    pub name: String,
    /// Size in bytes (files).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub size: Option<u64>,
    /// SHA-256, hex (files).
    pub sha256: Option<String>,
    /// Media type (files).
    pub media_type: Option<String>,
    /// When it was added, RFC 3339 UTC.
    pub captured_at: String,
    /// When the thing it shows happened, `YYYY-MM-DD`.
    pub effective_date: Option<String>,
    /// Who added it.
    pub added_by: String,
    /// Note.
    pub note: String,
}

/// A recorded decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecisionRecord {
    /// The decision.
    pub decision: Decision,
    /// Why.
    pub rationale: String,
    /// Who signs it off.
    pub reviewer: String,
    /// When.
    pub decided_at: String,
    /// Who entered it.
    pub recorded_by: String,
    /// Material fingerprint signed off; `None` for decisions recorded before version 2.
    pub material_fingerprint: Option<String>,
}

/// The case's identity and subject fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseInfo {
    /// Id.
    pub id: CaseId,
    /// Subject fields.
    pub fields: CaseFields,
    /// Template id.
    pub template_id: String,
    /// Template edition the case was opened with.
    pub template_version: u32,
    /// When opened.
    pub created_at: String,
    /// Who opened it.
    pub created_by: String,
    /// Last change.
    pub updated_at: String,
}

/// Everything the case screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseView {
    /// Identity and fields.
    pub case: CaseInfo,
    /// Open or decided.
    pub status: CaseStatus,
    /// Template title.
    pub template_title: String,
    /// The template's notice (not legal advice, fairness).
    pub notice: String,
    /// Documents the guidance cites.
    pub sources: Vec<Source>,
    /// Applicable sections and items, in order.
    pub sections: Vec<SectionDef>,
    /// One state per applicable item, in template order.
    pub items: Vec<ItemState>,
    /// All evidence, oldest first.
    pub evidence: Vec<Evidence>,
    /// Every decision recorded, oldest first; the last one is in force.
    pub decisions: Vec<DecisionRecord>,
    /// The decision in force signed off material that has since changed: it must be
    /// renewed.
    pub decision_stale: bool,
    /// How long the case is kept.
    pub retention: Retention,
    /// Progress.
    pub progress: Progress,
    /// Risk summary.
    pub summary: RiskSummary,
}

/// What deleting a case would lose, for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeletionImpact {
    /// The case's name.
    pub display_name: String,
    /// Items with an outcome.
    pub answered_items: u32,
    /// Evidence files.
    pub evidence_files: u32,
    /// Evidence links.
    pub evidence_links: u32,
    /// Recorded decisions.
    pub decisions: u32,
    /// Audit events in the case's history.
    pub events: u32,
}

/// Optional details for new evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct EvidenceDetails {
    /// When the thing it shows happened, `YYYY-MM-DD`.
    pub effective_date: String,
    /// Note.
    pub note: String,
}

/// One exported PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportedRecord {
    /// Case.
    pub case_id: String,
    /// Where the PDF was written.
    pub path: String,
    /// Record fingerprint printed on every page.
    pub fingerprint: String,
    /// File size in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
}

/// What verifying a PDF record found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// Intact, and identical to what this data folder holds.
    Verified,
    /// The PDF was changed after export.
    Altered,
    /// The PDF is intact but the case has changed since it was exported.
    CaseChanged,
    /// The PDF is intact; this data folder has no such case to compare with.
    CaseNotFound,
}

/// The result of verifying a PDF record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordCheck {
    /// The verdict.
    pub status: RecordStatus,
    /// One sentence for a person.
    pub message: String,
    /// The case the record is about, when readable.
    pub case_id: Option<String>,
    /// The subject's name, when readable.
    pub subject: Option<String>,
    /// The record's fingerprint, when intact.
    pub fingerprint: Option<String>,
    /// What changed since export (for `case_changed`).
    pub differences: Vec<String>,
}

/// A file name a compliance officer can find: subject, date, case id.
pub fn record_file_name(subject: &str, date: &str, case_id: &str) -> String {
    let folded = fold_for_search(subject);
    let mut slug = String::new();
    for c in folded.chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = if slug.is_empty() {
        "case".to_string()
    } else {
        slug
    };
    format!("{slug}_{date}_{}.pdf", case_id.get(..8).unwrap_or(case_id))
}

/// A case as read from the store, before it is shaped for a screen or a PDF.
struct Loaded {
    /// The record; `audit_events` and `screenings` are empty unless asked for.
    record: crate::record::Record,
    template: &'static Template,
    /// Last change of anything in the case (not part of the record).
    updated_at: String,
}

/// An open data folder.
pub struct App {
    store: Mutex<Store>,
    /// The folder's key, for snapshots (backups are encrypted under it too).
    key: DataKey,
    blobs: BlobStore,
    data_dir: PathBuf,
    actor: Mutex<String>,
    /// Built on first use and whenever a list version changes.
    screening_index: Mutex<Option<std::sync::Arc<screening::LoadedIndex>>>,
    /// The automated checks' runtime, HTTP client and resolver, built on first use.
    checks: Mutex<Option<checks::ChecksRuntime>>,
}

impl App {
    /// Opens the data folder with its key ([`crate::vault`]: set it up on first run, unlock
    /// it after). `actor` names the person using the app; when `None`, the name saved in
    /// settings is used, else the login name.
    ///
    /// A folder with data from a version before encryption is encrypted here, once.
    pub fn open(data_dir: &Path, key: &DataKey, actor: Option<String>) -> Result<App> {
        std::fs::create_dir_all(data_dir).map_err(|source| Error::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        vault::unlock(data_dir, &vault::Unlock::Key(key))?;
        let layout = DataDir::new(data_dir);
        let blobs = BlobStore::new(layout.evidence_dir(), DEFAULT_MAX_EVIDENCE_BYTES, key);
        if vault::needs_encrypting(data_dir)? {
            encrypt_older_data(&layout, key, &blobs)?;
        }
        let store = Store::open(&layout.database(), key)?;
        let actor = match actor.filter(|a| !a.trim().is_empty()) {
            Some(a) => {
                clean_text(&a, MAX_SHORT_TEXT, false).map_err(|m| Error::invalid("user", m))?
            }
            None => store
                .setting(ACTOR_SETTING)?
                .or_else(|| std::env::var("USER").ok())
                .or_else(|| std::env::var("USERNAME").ok())
                .unwrap_or_else(|| "unknown user".into()),
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
        })
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions
        // roll back), so the guard is safe to reuse.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn actor(&self) -> String {
        self.actor.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// About this installation.
    pub fn info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: self.data_dir.display().to_string(),
            actor: self.actor(),
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
        *self.actor.lock().unwrap_or_else(|p| p.into_inner()) = name;
        Ok(self.info())
    }

    /// Opens a new case with the newest edition of the built-in checklist.
    pub fn create_case(&self, fields: &CaseFields) -> Result<CaseId> {
        let fields = fields.validated().map_err(Error::Invalid)?;
        let template = checklist::latest_template(checklist::DEFAULT_TEMPLATE_ID).ok_or(
            Error::TemplateMissing {
                id: checklist::DEFAULT_TEMPLATE_ID.into(),
                version: 0,
            },
        )?;
        let now = clock::now();
        let actor = self.actor();
        let row = CaseRow {
            id: CaseId::new(),
            template_id: template.id.clone(),
            template_version: template.version,
            created_at: now.clone(),
            created_by: actor.clone(),
            updated_at: now.clone(),
            fields,
        };
        self.store().write(|tx| {
            Store::insert_case(tx, &row, &search_text(&row.fields))?;
            crate::store::append_event(
                tx,
                row.id.as_str(),
                &now,
                &actor,
                EventKind::CaseOpened,
                None,
                json!({
                    "fields": row.fields,
                    "template": {"id": row.template_id, "version": row.template_version},
                }),
            )?;
            Ok(())
        })?;
        // Screened at once against the lists in force and the watchlist.
        self.run_screening(&row.id, "case_opened", false)?;
        Ok(row.id)
    }

    /// Replaces the subject fields of a case. The subject kind cannot change.
    pub fn update_case(&self, id: &CaseId, fields: &CaseFields) -> Result<CaseView> {
        let fields = fields.validated().map_err(Error::Invalid)?;
        let old = self.case_row(id)?;
        if old.fields.kind != fields.kind {
            return Err(Error::invalid(
                "kind",
                "the subject kind cannot change after a case is opened; open a new case instead",
            ));
        }
        let changes = field_changes(&old.fields, &fields);
        if !changes.is_empty() {
            let now = clock::now();
            let actor = self.actor();
            self.store().write(|tx| {
                Store::update_case_fields(tx, id, &fields, &search_text(&fields), &now)?;
                crate::store::append_event(
                    tx,
                    id.as_str(),
                    &now,
                    &actor,
                    EventKind::CaseEdited,
                    None,
                    json!({ "changes": changes }),
                )?;
                Ok(())
            })?;
            // Stored only when the screened names or details changed the result.
            self.run_screening(id, "case_edited", false)?;
        }
        self.case(id)
    }

    /// Lists cases matching `filter`, most recently changed first.
    pub fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseSummary>> {
        let rows = self
            .store()
            .list_cases(filter, fold_for_search(filter.text.trim()).as_str())?;
        let mut totals: HashMap<(String, u32, SubjectKind), u32> = HashMap::new();
        let (years, today) = (self.retention_years()?, clock::today());
        Ok(rows
            .into_iter()
            .map(|r| {
                let total = *totals
                    .entry((r.template_id.clone(), r.template_version, r.kind))
                    .or_insert_with(|| {
                        checklist::find_template(&r.template_id, r.template_version)
                            .map(|t| checklist::progress(t, r.kind, &ItemOutcomes::new()).total)
                            .unwrap_or(0)
                    });
                summary_from_row(r, total, years, today)
            })
            .collect())
    }

    /// Everything about one case.
    pub fn case(&self, id: &CaseId) -> Result<CaseView> {
        // The audit trail is not shown here, so it is not read: this runs after every save.
        let Loaded {
            record,
            template,
            updated_at,
        } = self.load(id, false)?;
        let decision_stale = record.decision_is_stale();
        let kind = record.case.kind;
        let items: Vec<ItemState> = record
            .items
            .into_iter()
            .map(|i| ItemState {
                item_id: i.item_id,
                outcome: i.outcome,
                note: i.note,
                updated_at: i.updated_at,
                updated_by: i.updated_by,
            })
            .collect();
        let outcomes: ItemOutcomes = items
            .iter()
            .map(|s| (s.item_id.clone(), (s.outcome, s.note.clone())))
            .collect();
        let decisions: Vec<DecisionRecord> = record
            .decisions
            .into_iter()
            .map(|d| DecisionRecord {
                decision: d.decision,
                rationale: d.rationale,
                reviewer: d.reviewer,
                decided_at: d.decided_at,
                recorded_by: d.recorded_by,
                material_fingerprint: d.material_fingerprint,
            })
            .collect();
        let evidence = record
            .evidence
            .into_iter()
            .map(|e| Evidence {
                id: EvidenceId::from_stored(e.id),
                item_id: e.item_id,
                kind: if e.kind == "file" {
                    EvidenceKind::File
                } else {
                    EvidenceKind::Url
                },
                name: e.name,
                size: e.size,
                sha256: e.sha256,
                media_type: e.media_type,
                captured_at: e.captured_at,
                effective_date: e.effective_date,
                added_by: e.added_by,
                note: e.note,
            })
            .collect();
        let c = record.case;
        let retention = retention(
            self.retention_years()?,
            &c.created_at,
            decisions.last().map(|d| d.decided_at.as_str()),
            clock::today(),
        );
        Ok(CaseView {
            retention,
            status: if decisions.is_empty() {
                CaseStatus::Open
            } else {
                CaseStatus::Decided
            },
            template_title: template.title.clone(),
            notice: template.notice.clone(),
            sources: template.sources.clone(),
            sections: checklist::applicable_sections(template, kind),
            progress: checklist::progress(template, kind, &outcomes),
            summary: checklist::risk_summary(template, kind, &outcomes),
            items,
            evidence,
            decisions,
            decision_stale,
            case: CaseInfo {
                id: id.clone(),
                fields: c.fields,
                template_id: c.template_id,
                template_version: c.template_version,
                created_at: c.created_at,
                created_by: c.created_by,
                updated_at,
            },
        })
    }

    /// Sets an item's outcome and/or note; `None` leaves that part as it is. Not applicable
    /// needs a reason in the note. A change that changes nothing records nothing.
    pub fn set_item(
        &self,
        id: &CaseId,
        item_id: &str,
        outcome: Option<Outcome>,
        note: Option<&str>,
    ) -> Result<ItemState> {
        let row = self.case_row(id)?;
        check_item(&row, item_id)?;
        let note = note
            .map(|n| clean_text(n, MAX_LONG_TEXT, true).map_err(|m| Error::invalid("note", m)))
            .transpose()?;
        let mut store = self.store();
        let current = store
            .item_states(id)?
            .into_iter()
            .find(|s| s.item_id == item_id);
        let (old_outcome, old_note) = current
            .as_ref()
            .map(|s| (s.outcome, s.note.clone()))
            .unwrap_or((Outcome::Pending, String::new()));
        let new_outcome = outcome.unwrap_or(old_outcome);
        let new_note = note.unwrap_or_else(|| old_note.clone());
        if new_outcome == Outcome::NotApplicable && new_note.is_empty() {
            return Err(Error::invalid(
                "note",
                "say why the item does not apply: a reason is required for not applicable",
            ));
        }
        if new_outcome == old_outcome && new_note == old_note {
            return Ok(item_state(item_id, current));
        }
        let mut changes = serde_json::Map::new();
        if new_outcome != old_outcome {
            changes.insert(
                "outcome".into(),
                json!({"from": old_outcome, "to": new_outcome}),
            );
        }
        if new_note != old_note {
            changes.insert("note".into(), json!({"from": old_note, "to": new_note}));
        }
        let state = ItemStateRow {
            item_id: item_id.to_string(),
            outcome: new_outcome,
            note: new_note,
            updated_at: clock::now(),
            updated_by: self.actor(),
        };
        store.write(|tx| {
            Store::upsert_item_state(tx, id, &state)?;
            crate::store::append_event(
                tx,
                id.as_str(),
                &state.updated_at,
                &state.updated_by,
                EventKind::ItemUpdated,
                Some(item_id),
                serde_json::Value::Object(changes),
            )?;
            Store::touch_case(tx, id, &state.updated_at)
        })?;
        Ok(item_state(item_id, Some(state)))
    }

    /// Copies a file into the evidence store and attaches it to an item.
    pub fn add_evidence_file(
        &self,
        id: &CaseId,
        item_id: &str,
        path: &Path,
        details: &EvidenceDetails,
    ) -> Result<Evidence> {
        let row = self.case_row(id)?;
        check_item(&row, item_id)?;
        let (effective_date, note) = check_details(details)?;
        let blob = self.blobs.put_file(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "evidence".into());
        let name = clean_text(&name, MAX_SHORT_TEXT, false).unwrap_or_else(|_| {
            name.chars()
                .filter(|c| !c.is_control())
                .take(MAX_SHORT_TEXT)
                .collect()
        });
        let media_type = mime_guess::from_path(path)
            .first()
            .map(|m| m.essence_str().to_string())
            .unwrap_or_else(|| "application/octet-stream".into());
        let ev = EvidenceRow {
            id: EvidenceId::new(),
            item_id: item_id.to_string(),
            is_file: true,
            name,
            size: Some(blob.size as i64),
            sha256: Some(blob.sha256.clone()),
            media_type: Some(media_type),
            captured_at: clock::now(),
            effective_date,
            added_by: self.actor(),
            note,
        };
        let result = self.record_evidence(id, &ev);
        if result.is_err() && !blob.deduplicated {
            // Nothing refers to the file we just stored; do not leave it behind.
            let _ = self.blobs.remove(&blob.sha256);
        }
        result
    }

    /// Attaches a web address to an item as evidence.
    pub fn add_evidence_url(
        &self,
        id: &CaseId,
        item_id: &str,
        url: &str,
        details: &EvidenceDetails,
    ) -> Result<Evidence> {
        let row = self.case_row(id)?;
        check_item(&row, item_id)?;
        let (effective_date, note) = check_details(details)?;
        let url = check_web_url(url).map_err(|m| Error::invalid("url", m))?;
        let ev = EvidenceRow {
            id: EvidenceId::new(),
            item_id: item_id.to_string(),
            is_file: false,
            name: url,
            size: None,
            sha256: None,
            media_type: None,
            captured_at: clock::now(),
            effective_date,
            added_by: self.actor(),
            note,
        };
        self.record_evidence(id, &ev)
    }

    fn record_evidence(&self, id: &CaseId, ev: &EvidenceRow) -> Result<Evidence> {
        self.store().write(|tx| {
            Store::insert_evidence(tx, id, ev)?;
            crate::store::append_event(
                tx,
                id.as_str(),
                &ev.captured_at,
                &ev.added_by,
                EventKind::EvidenceAdded,
                Some(&ev.item_id),
                json!({
                    "evidence_id": ev.id,
                    "kind": if ev.is_file { "file" } else { "url" },
                    "name": ev.name,
                    "size": ev.size,
                    "sha256": ev.sha256,
                    "media_type": ev.media_type,
                    "effective_date": ev.effective_date,
                    "note": ev.note,
                }),
            )?;
            Store::touch_case(tx, id, &ev.captured_at)
        })?;
        Ok(evidence_from_row(ev.clone()))
    }

    /// Where a stored evidence file lives, encrypted (for diagnostics and tests; its
    /// content is read with [`App::export_evidence`]).
    pub fn evidence_path(&self, sha256: &str) -> PathBuf {
        self.blobs.path_of(sha256)
    }

    /// Writes the decrypted content of a stored evidence file to `dest` (to open it with
    /// the system's viewer or hand it over), checking it against its hash on the way.
    pub fn export_evidence(&self, sha256: &str, dest: &Path) -> Result<()> {
        let mut content = Vec::new();
        self.blobs
            .read_to(sha256, &mut content)
            .map_err(|source| Error::File {
                path: self.blobs.path_of(sha256),
                source,
            })?;
        write_atomically(dest, &content)
    }

    /// Records a decision. Rationale and reviewer are required.
    pub fn decide(
        &self,
        id: &CaseId,
        decision: Decision,
        rationale: &str,
        reviewer: &str,
    ) -> Result<DecisionRecord> {
        self.case_row(id)?;
        let mut errors = Vec::new();
        let rationale = required(&mut errors, "rationale", rationale, MAX_LONG_TEXT, true);
        let reviewer = required(&mut errors, "reviewer", reviewer, MAX_SHORT_TEXT, false);
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let row = DecisionRow {
            seq: 0,
            decision,
            rationale,
            reviewer,
            decided_at: clock::now(),
            recorded_by: self.actor(),
            material_fingerprint: Some(self.load(id, false)?.record.material_fingerprint),
        };
        self.store().write(|tx| {
            let seq = Store::insert_decision(tx, id, &row)?;
            crate::store::append_event(
                tx,
                id.as_str(),
                &row.decided_at,
                &row.recorded_by,
                EventKind::DecisionRecorded,
                None,
                json!({
                    "seq": seq,
                    "decision": row.decision,
                    "rationale": row.rationale,
                    "reviewer": row.reviewer,
                    "material_fingerprint": row.material_fingerprint,
                }),
            )?;
            Store::touch_case(tx, id, &row.decided_at)
        })?;
        Ok(DecisionRecord {
            decision: row.decision,
            rationale: row.rationale,
            reviewer: row.reviewer,
            decided_at: row.decided_at,
            recorded_by: row.recorded_by,
            material_fingerprint: row.material_fingerprint,
        })
    }

    /// The audit events of a case, oldest first.
    pub fn case_history(&self, id: &CaseId) -> Result<Vec<AuditEvent>> {
        self.case_row(id)?;
        Ok(self.store().events(id.as_str())?)
    }

    /// The audit events of one item of a case, oldest first.
    pub fn item_history(&self, id: &CaseId, item_id: &str) -> Result<Vec<AuditEvent>> {
        let row = self.case_row(id)?;
        check_item(&row, item_id)?;
        Ok(self.store().item_events(id.as_str(), item_id)?)
    }

    /// What deleting a case would lose.
    pub fn deletion_impact(&self, id: &CaseId) -> Result<DeletionImpact> {
        let view = self.case(id)?;
        let events = self.store().events(id.as_str())?.len() as u32;
        let files = view
            .evidence
            .iter()
            .filter(|e| e.kind == EvidenceKind::File)
            .count() as u32;
        Ok(DeletionImpact {
            display_name: view.case.fields.display_name,
            answered_items: view.progress.answered,
            evidence_files: files,
            evidence_links: view.evidence.len() as u32 - files,
            decisions: view.decisions.len() as u32,
            events,
        })
    }

    /// Deletes a case with its items, evidence, decisions and history. The deletion itself
    /// is recorded in the global audit stream with the deleted chain's head, so it stays
    /// provable that the case existed and was removed, by whom and when.
    pub fn delete_case(&self, id: &CaseId) -> Result<()> {
        let impact = self.deletion_impact(id)?;
        let mut store = self.store();
        let head = store
            .events(id.as_str())?
            .last()
            .map(|e| e.hash.clone())
            .unwrap_or_else(|| audit::GENESIS_HASH.to_string());
        let now = clock::now();
        let actor = self.actor();
        let orphans = store.write(|tx| {
            let orphans = Store::delete_case(tx, id)?;
            crate::store::append_event(
                tx,
                GLOBAL_STREAM,
                &now,
                &actor,
                EventKind::CaseDeleted,
                None,
                json!({
                    "case_id": id,
                    "display_name": impact.display_name,
                    "events": impact.events,
                    "chain_head": head,
                    "evidence_files": impact.evidence_files,
                }),
            )?;
            Ok(orphans)
        })?;
        drop(store);
        for sha in orphans {
            // Best effort: a file that cannot be removed now is harmless and unreferenced.
            let _ = self.blobs.remove(&sha);
        }
        Ok(())
    }

    /// Resolves a case id typed by a person: the full id, or a prefix of at least 8
    /// characters that matches exactly one case.
    pub fn resolve_case_id(&self, text: &str) -> Result<CaseId> {
        if let Some(id) = CaseId::parse(text) {
            return Ok(id);
        }
        let prefix = text.trim().to_ascii_lowercase();
        if prefix.len() < 8 || !prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(Error::CaseNotFound(text.to_string()));
        }
        let mut found = self.store().case_ids_with_prefix(&prefix)?;
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(Error::CaseNotFound(text.to_string())),
            _ => Err(Error::invalid(
                "case",
                format!("'{text}' matches several cases; give more of the id"),
            )),
        }
    }

    /// The canonical record of a case as stored now (export events left out: exporting
    /// does not change the case).
    pub fn record(&self, id: &CaseId) -> Result<crate::record::Record> {
        self.load(id, true).map(|l| l.record)
    }

    /// Reads a case once, as its record; the audit events and the screening only when
    /// `full` (the PDF record), since the case screen, read after every save, shows
    /// neither from here. Both
    /// the case screen and the PDF record are built from this.
    fn load(&self, id: &CaseId, full: bool) -> Result<Loaded> {
        use crate::record::{
            RECORD_FORMAT, Record, RecordCase, RecordDecision, RecordEvidence, RecordItem,
            material_fingerprint,
        };
        let store = self.store();
        let row = store
            .case(id)?
            .ok_or_else(|| Error::CaseNotFound(id.to_string()))?;
        let template = template_of(&row)?;
        let stored: HashMap<String, ItemStateRow> = store
            .item_states(id)?
            .into_iter()
            .map(|s| (s.item_id.clone(), s))
            .collect();
        let evidence: Vec<RecordEvidence> = store
            .evidence(id)?
            .into_iter()
            .map(|e| RecordEvidence {
                id: e.id.to_string(),
                item_id: e.item_id,
                kind: if e.is_file { "file" } else { "url" }.to_string(),
                name: e.name,
                size: e.size.map(|s| s.max(0) as u64),
                sha256: e.sha256,
                media_type: e.media_type,
                captured_at: e.captured_at,
                effective_date: e.effective_date,
                added_by: e.added_by,
                note: e.note,
            })
            .collect();
        let decisions = store
            .decisions(id)?
            .into_iter()
            .map(|d| RecordDecision {
                seq: d.seq,
                decision: d.decision,
                rationale: d.rationale,
                reviewer: d.reviewer,
                decided_at: d.decided_at,
                recorded_by: d.recorded_by,
                material_fingerprint: d.material_fingerprint,
            })
            .collect();
        let audit_events = if full {
            store
                .events(id.as_str())?
                .into_iter()
                .filter(|e| e.kind != EventKind::RecordExported)
                .collect()
        } else {
            Vec::new()
        };
        drop(store);
        let mut items = Vec::new();
        for section in checklist::applicable_sections(template, row.fields.kind) {
            for item in &section.items {
                let s = stored.get(&item.id);
                items.push(RecordItem {
                    position: items.len() as u32,
                    section_id: section.id.clone(),
                    section_title: section.title.clone(),
                    item_id: item.id.clone(),
                    title: item.title.clone(),
                    severity: item.severity,
                    phase: item.phase,
                    outcome: s.map(|s| s.outcome).unwrap_or_default(),
                    note: s.map(|s| s.note.clone()).unwrap_or_default(),
                    updated_at: s.map(|s| s.updated_at.clone()),
                    updated_by: s.map(|s| s.updated_by.clone()),
                });
            }
        }
        let updated_at = row.updated_at;
        let case = RecordCase {
            id: row.id.to_string(),
            kind: row.fields.kind,
            fields: row.fields,
            created_at: row.created_at,
            created_by: row.created_by,
            template_id: template.id.clone(),
            template_version: template.version,
            template_title: template.title.clone(),
        };
        let material = material_fingerprint(&case, &items, &evidence);
        let record = Record {
            format: RECORD_FORMAT.to_string(),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            case,
            items,
            evidence,
            findings: if full {
                self.findings_for_record(id)?
            } else {
                Vec::new()
            },
            screenings: if full {
                self.screening_for_record(id)?
            } else {
                Vec::new()
            },
            decisions,
            material_fingerprint: material,
            audit_events,
        };
        Ok(Loaded {
            record,
            template,
            updated_at,
        })
    }

    /// Renders the PDF record of a case into memory, with its fingerprint.
    pub fn render_record(&self, id: &CaseId) -> Result<(Vec<u8>, String)> {
        let record = self.record(id)?;
        let pdf = crate::record::render_pdf(&record, &clock::now())?;
        Ok((pdf, record.fingerprint()))
    }

    /// Exports the PDF record of a case to `path` (written to a temporary file first, then
    /// renamed, so a reader never sees half a file) and records the export in the audit
    /// log.
    pub fn export_pdf(&self, id: &CaseId, path: &Path) -> Result<ExportedRecord> {
        let (pdf, fingerprint) = self.render_record(id)?;
        write_atomically(path, &pdf)?;
        let now = clock::now();
        let actor = self.actor();
        self.store().write(|tx| {
            crate::store::append_event(
                tx,
                id.as_str(),
                &now,
                &actor,
                EventKind::RecordExported,
                None,
                json!({
                    "fingerprint": fingerprint,
                    "file": path.file_name().map(|n| n.to_string_lossy().into_owned()),
                }),
            )?;
            Ok(())
        })?;
        Ok(ExportedRecord {
            case_id: id.to_string(),
            path: path.display().to_string(),
            fingerprint,
            bytes: pdf.len() as u64,
        })
    }

    /// Writes the canonical record of a case (the bytes embedded in its PDF) to `path`.
    pub fn export_json(&self, id: &CaseId, path: &Path) -> Result<String> {
        let record = self.record(id)?;
        write_atomically(path, &record.canonical_bytes())?;
        Ok(record.fingerprint())
    }

    /// The file name the PDF of a case gets by default.
    pub fn default_record_name(&self, id: &CaseId) -> Result<String> {
        let row = self.case_row(id)?;
        Ok(record_file_name(
            &row.fields.display_name,
            &clock::now()[..10],
            id.as_str(),
        ))
    }

    /// Exports every case into `dir`, one PDF each, named by subject, date and case id.
    pub fn export_all(&self, dir: &Path) -> Result<Vec<ExportedRecord>> {
        std::fs::create_dir_all(dir).map_err(|source| Error::File {
            path: dir.to_path_buf(),
            source,
        })?;
        let cases = self.list_cases(&CaseFilter::default())?;
        let mut out = Vec::with_capacity(cases.len());
        for c in cases {
            let name = self.default_record_name(&c.id)?;
            out.push(self.export_pdf(&c.id, &dir.join(name))?);
        }
        Ok(out)
    }

    /// Verifies a PDF record on its own, then against this data folder.
    pub fn verify_pdf(&self, pdf: &[u8]) -> Result<RecordCheck> {
        use crate::record::{VerifyOutcome, verify_pdf_bytes};
        let record = match verify_pdf_bytes(pdf)? {
            VerifyOutcome::Altered(reason) => {
                let embedded = crate::record::extract_record(pdf)
                    .ok()
                    .and_then(|b| crate::record::Record::from_bytes(&b).ok());
                return Ok(RecordCheck {
                    status: RecordStatus::Altered,
                    message: format!("The PDF was altered: {reason}."),
                    case_id: embedded.as_ref().map(|r| r.case.id.clone()),
                    subject: embedded.map(|r| r.case.fields.display_name),
                    fingerprint: None,
                    differences: Vec::new(),
                });
            }
            VerifyOutcome::Intact(r) => *r,
        };
        let fingerprint = record.fingerprint();
        let mut check = RecordCheck {
            status: RecordStatus::Verified,
            message: String::new(),
            case_id: Some(record.case.id.clone()),
            subject: Some(record.case.fields.display_name.clone()),
            fingerprint: Some(fingerprint.clone()),
            differences: Vec::new(),
        };
        let current = CaseId::parse(&record.case.id).map(|id| self.record(&id));
        match current {
            Some(Ok(now)) if now.fingerprint() == fingerprint => {
                check.message = format!(
                    "Verified: the PDF is intact and matches the stored case (fingerprint {}…).",
                    &fingerprint[..16]
                );
            }
            Some(Ok(now)) => {
                check.status = RecordStatus::CaseChanged;
                check.differences = record.differences(&now);
                check.message = format!(
                    "The PDF is intact, but the case changed since this record was exported ({}).",
                    check.differences.join("; ")
                );
            }
            Some(Err(Error::CaseNotFound(_))) | None => {
                check.status = RecordStatus::CaseNotFound;
                check.message =
                    "The PDF is intact, but this data folder has no such case to compare it with."
                        .into();
            }
            Some(Err(e)) => return Err(e),
        }
        Ok(check)
    }

    fn case_row(&self, id: &CaseId) -> Result<CaseRow> {
        self.store()
            .case(id)?
            .ok_or_else(|| Error::CaseNotFound(id.to_string()))
    }
}

/// Encrypts what a version before encryption stored in the clear: the database, then every
/// evidence file, then marks the key file. Each step leaves whole files behind if it is
/// interrupted, and repeats harmlessly, so the next start simply finishes the job.
fn encrypt_older_data(layout: &DataDir, key: &DataKey, blobs: &BlobStore) -> Result<()> {
    if vault::has_plain_database(layout.root()) {
        crate::store::encrypt_plain_database(&layout.database(), key)?;
    }
    let evidence = layout.evidence_dir();
    let prefixes = match std::fs::read_dir(&evidence) {
        Ok(entries) => entries.flatten().map(|e| e.path()).collect::<Vec<_>>(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(source) => {
            return Err(Error::DataDir {
                path: evidence,
                source,
            });
        }
    };
    for dir in prefixes.iter().filter(|p| p.is_dir()) {
        let files = std::fs::read_dir(dir).map_err(|source| Error::DataDir {
            path: dir.clone(),
            source,
        })?;
        for f in files.flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if DataDir::is_evidence_name(&name) {
                blobs
                    .encrypt_in_place(&name)
                    .map_err(|source| Error::File {
                        path: f.path(),
                        source,
                    })?;
            }
        }
    }
    vault::mark_encrypted(layout.root(), key)?;
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, flushes it, and renames it into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    replace_file(path, bytes).map_err(|source| Error::File {
        path: path.to_path_buf(),
        source,
    })
}

fn template_of(row: &CaseRow) -> Result<&'static Template> {
    checklist::find_template(&row.template_id, row.template_version).ok_or_else(|| {
        Error::TemplateMissing {
            id: row.template_id.clone(),
            version: row.template_version,
        }
    })
}

/// Refuses an item id that is not in the case's checklist for its subject kind.
fn check_item(row: &CaseRow, item_id: &str) -> Result<()> {
    let template = template_of(row)?;
    match template.item(item_id) {
        Some(item) if item.applies_to.contains(&row.fields.kind) => Ok(()),
        _ => Err(Error::ItemNotFound {
            case: row.id.to_string(),
            item: item_id.to_string(),
        }),
    }
}

fn check_details(d: &EvidenceDetails) -> Result<(Option<String>, String)> {
    let mut errors = Vec::new();
    let date = d.effective_date.trim();
    let effective_date = if date.is_empty() {
        None
    } else if clock::parse_date(date).is_some() {
        Some(date.to_string())
    } else {
        errors.push(crate::model::FieldError {
            field: "effective_date".into(),
            message: format!("'{date}' is not a date in the form YYYY-MM-DD"),
        });
        None
    };
    let note = clean_text(&d.note, MAX_LONG_TEXT, true).unwrap_or_else(|m| {
        errors.push(crate::model::FieldError {
            field: "note".into(),
            message: m,
        });
        String::new()
    });
    if errors.is_empty() {
        Ok((effective_date, note))
    } else {
        Err(Error::Invalid(errors))
    }
}

fn required(
    errors: &mut Vec<crate::model::FieldError>,
    field: &str,
    value: &str,
    max: usize,
    multiline: bool,
) -> String {
    match clean_text(value, max, multiline) {
        Ok(v) if !v.is_empty() => v,
        Ok(_) => {
            errors.push(crate::model::FieldError {
                field: field.into(),
                message: "is required".into(),
            });
            String::new()
        }
        Err(message) => {
            errors.push(crate::model::FieldError {
                field: field.into(),
                message,
            });
            String::new()
        }
    }
}

fn item_state(item_id: &str, row: Option<ItemStateRow>) -> ItemState {
    match row {
        Some(s) => ItemState {
            item_id: s.item_id,
            outcome: s.outcome,
            note: s.note,
            updated_at: Some(s.updated_at),
            updated_by: Some(s.updated_by),
        },
        None => ItemState {
            item_id: item_id.to_string(),
            outcome: Outcome::Pending,
            note: String::new(),
            updated_at: None,
            updated_by: None,
        },
    }
}

fn evidence_from_row(e: EvidenceRow) -> Evidence {
    Evidence {
        id: e.id,
        item_id: e.item_id,
        kind: if e.is_file {
            EvidenceKind::File
        } else {
            EvidenceKind::Url
        },
        name: e.name,
        size: e.size.map(|s| s.max(0) as u64),
        sha256: e.sha256,
        media_type: e.media_type,
        captured_at: e.captured_at,
        effective_date: e.effective_date,
        added_by: e.added_by,
        note: e.note,
    }
}

fn summary_from_row(r: CaseSummaryRow, total: u32, years: u32, today: time::Date) -> CaseSummary {
    CaseSummary {
        retention: retention(years, &r.created_at, r.decided_at.as_deref(), today),
        status: if r.decision.is_some() {
            CaseStatus::Decided
        } else {
            CaseStatus::Open
        },
        id: r.id,
        kind: r.kind,
        display_name: r.display_name,
        decision: r.decision,
        decided_at: r.decided_at,
        created_at: r.created_at,
        updated_at: r.updated_at,
        answered: r.answered,
        total,
        red_flags: r.red_flags,
    }
}

/// What the case-list filter searches: names, company, e-mails, phones, websites.
fn search_text(f: &CaseFields) -> String {
    let parts = f
        .all_names()
        .chain(f.emails.iter().map(String::as_str))
        .chain(f.phones.iter().map(String::as_str))
        .chain(f.websites.iter().map(String::as_str))
        .chain(std::iter::once(f.role.as_str()));
    fold_for_search(&parts.collect::<Vec<_>>().join("\u{1f}"))
}

/// Field-by-field differences, as `{field: {from, to}}`, for the audit log.
fn field_changes(old: &CaseFields, new: &CaseFields) -> serde_json::Map<String, serde_json::Value> {
    let (serde_json::Value::Object(old), serde_json::Value::Object(new)) = (json!(old), json!(new))
    else {
        return serde_json::Map::new();
    };
    new.into_iter()
        .filter(|(k, v)| old.get(k) != Some(v))
        .map(|(k, v)| {
            let from = old.get(&k).cloned().unwrap_or(serde_json::Value::Null);
            (k, json!({"from": from, "to": v}))
        })
        .collect()
}
