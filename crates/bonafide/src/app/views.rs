//! The plain data the case operations return: what crosses into the UI (as JSON, with
//! TypeScript declarations generated from these types) and the CLI (`--json`).
//!
//! They live apart from the operations so the shape the UI depends on is read in one
//! place; the screening and checks views sit with their own operations.

use serde::{Deserialize, Serialize};

use super::Retention;
use crate::checklist::{Progress, RiskSummary, SectionDef, Source};
use crate::model::{CaseFields, CaseId, CaseStatus, Decision, EvidenceId, Outcome, SubjectKind};

/// About this installation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppInfo {
    /// App version.
    pub version: String,
    /// The data folder in use.
    pub data_dir: String,
    /// The name recorded as "who" on every change; `None` until someone is named, and
    /// until then every change is refused.
    pub actor: Option<String>,
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
    /// Monitoring-plan tasks past their due date and not done.
    pub monitoring_overdue: u32,
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
    /// A newer edition of the checklist the case could move to.
    pub newer_edition: Option<super::NewerEdition>,
}

/// What deleting a case would lose, for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeletionImpact {
    /// The case's name.
    pub display_name: String,
    /// Items with an outcome.
    pub answered_items: u32,
    /// Attached files (one per attachment).
    pub evidence_files: u32,
    /// Evidence links.
    pub evidence_links: u32,
    /// Recorded decisions.
    pub decisions: u32,
    /// Audit events in the case's history.
    pub events: u32,
    /// The end of the case's retention period, `YYYY-MM-DD`.
    pub keep_until: String,
    /// The period has not ended: deleting needs a reason, which is recorded.
    pub within_retention: bool,
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
    /// The organisation that signed it; `None` when it went out unsigned.
    pub signed_by: Option<String>,
    /// The time-stamping authority and its time, when one stamped the signature.
    pub time_stamp: Option<String>,
    /// What the person should know about the signature: unsigned and how to fix it, or
    /// the authority that could not be reached.
    pub signing_note: Option<String>,
}

/// What verifying a PDF record found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// Signed by a trusted signer, intact, and identical to what this data folder holds.
    Verified,
    /// Signed by a trusted signer and intact; there was no data folder to compare with.
    NotCompared,
    /// Signed and intact, but the case has changed since it was exported.
    CaseChanged,
    /// Signed and intact; this data folder has no such case to compare with.
    CaseNotFound,
    /// The PDF carries a record but no signature.
    Unsigned,
    /// The signature is damaged, made with another key, or contradicted by its time-stamp.
    BadSignature,
    /// The signature is sound but its signer is not a trusted one.
    NotTrusted,
    /// The file was changed or added to after it was signed.
    ChangedAfterSigning,
    /// Signed by a trusted signer, but the file shows something other than its record.
    PagesDoNotMatch,
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
    /// Who signed: the organisation in the signing certificate (its whole subject when it
    /// names none).
    pub signer: Option<String>,
    /// The trusted certificate the signer chains to (its SHA-256).
    pub trusted_by: Option<String>,
    /// The person named as exporting the record.
    pub exported_by: Option<String>,
    /// When it was signed (RFC 3339): the time-stamp's time, else the exporting
    /// computer's clock.
    pub signed_at: Option<String>,
    /// Where that time comes from, in words.
    pub time_source: Option<String>,
    /// Whether the time is vouched for by a time-stamping authority the verifier trusts.
    pub time_trusted: bool,
}
