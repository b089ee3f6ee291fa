//! Item states, evidence rows, decisions and settings.

use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::Store;
use crate::StoreError;
use bonafide_model::{CaseId, Decision, EvidenceId, Outcome};

/// An evidence row just deleted, and whether its file is attached elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedEvidence {
    /// The row as it was.
    pub row: EvidenceRow,
    /// Another row (of any case) still refers to the same stored file.
    pub in_use_elsewhere: bool,
}

/// The stored outcome and note of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemStateRow {
    /// Item id.
    pub item_id: String,
    /// Outcome.
    pub outcome: Outcome,
    /// Note (the reason, for not applicable).
    pub note: String,
    /// When last changed.
    pub updated_at: String,
    /// Who changed it.
    pub updated_by: String,
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRow {
    /// Id.
    pub id: EvidenceId,
    /// Item it supports.
    pub item_id: String,
    /// `file` or `url`.
    pub is_file: bool,
    /// File name as chosen, or the URL.
    pub name: String,
    /// Size in bytes (files).
    pub size: Option<i64>,
    /// SHA-256 (files).
    pub sha256: Option<String>,
    /// Media type (files).
    pub media_type: Option<String>,
    /// When it was added.
    pub captured_at: String,
    /// When the thing it shows happened, `YYYY-MM-DD`.
    pub effective_date: Option<String>,
    /// Who added it.
    pub added_by: String,
    /// Note.
    pub note: String,
}

/// One recorded decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    /// Position in the case's decision history, from 1.
    pub seq: i64,
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
    /// Material fingerprint signed off (absent for decisions from schema 1).
    pub material_fingerprint: Option<String>,
}

/// The error for a stored value in `table` that cannot be read back.
pub fn decode(table: &'static str, detail: String) -> StoreError {
    StoreError::Decode { table, detail }
}

/// The columns [`evidence_from_row`] reads, in its order.
const EVIDENCE_COLUMNS: &str = "id, item_id, kind, name, size, sha256, media_type, captured_at, \
                                effective_date, added_by, note";

fn evidence_from_row(r: &Row<'_>) -> rusqlite::Result<EvidenceRow> {
    Ok(EvidenceRow {
        id: EvidenceId::from_stored(r.get(0)?),
        item_id: r.get(1)?,
        is_file: r.get::<_, String>(2)? == "file",
        name: r.get(3)?,
        size: r.get(4)?,
        sha256: r.get(5)?,
        media_type: r.get(6)?,
        captured_at: r.get(7)?,
        effective_date: r.get(8)?,
        added_by: r.get(9)?,
        note: r.get(10)?,
    })
}

impl Store {
    /// Writes an item's state inside the caller's transaction.
    pub fn upsert_item_state(
        tx: &Transaction<'_>,
        case: &CaseId,
        s: &ItemStateRow,
    ) -> Result<(), StoreError> {
        tx.execute(
            "INSERT INTO item_states (case_id, item_id, outcome, note, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (case_id, item_id) DO UPDATE SET outcome = excluded.outcome,
               note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![case.as_str(), s.item_id, s.outcome.as_str(), s.note, s.updated_at, s.updated_by],
        )?;
        Ok(())
    }

    /// Every stored item state of a case (items never touched have none).
    pub fn item_states(&self, case: &CaseId) -> Result<Vec<ItemStateRow>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT item_id, outcome, note, updated_at, updated_by FROM item_states
             WHERE case_id = ?1 ORDER BY item_id",
        )?;
        let rows = stmt.query_map([case.as_str()], |r| {
            Ok((
                r.get::<_, String>(1)?,
                ItemStateRow {
                    item_id: r.get(0)?,
                    outcome: Outcome::Pending,
                    note: r.get(2)?,
                    updated_at: r.get(3)?,
                    updated_by: r.get(4)?,
                },
            ))
        })?;
        rows.map(|r| {
            let (outcome, mut row) = r?;
            row.outcome = Outcome::parse(&outcome)
                .ok_or_else(|| decode("item_states", format!("unknown outcome {outcome}")))?;
            Ok(row)
        })
        .collect()
    }

    /// Inserts an evidence row inside the caller's transaction.
    pub fn insert_evidence(
        tx: &Transaction<'_>,
        case: &CaseId,
        e: &EvidenceRow,
    ) -> Result<(), StoreError> {
        tx.execute(
            "INSERT INTO evidence (id, case_id, item_id, kind, name, size, sha256, media_type,
                                   captured_at, effective_date, added_by, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                e.id.as_str(),
                case.as_str(),
                e.item_id,
                if e.is_file { "file" } else { "url" },
                e.name,
                e.size,
                e.sha256,
                e.media_type,
                e.captured_at,
                e.effective_date,
                e.added_by,
                e.note
            ],
        )?;
        Ok(())
    }

    /// Evidence of a case, oldest first.
    pub fn evidence(&self, case: &CaseId) -> Result<Vec<EvidenceRow>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE case_id = ?1 ORDER BY captured_at, id"
        ))?;
        let rows = stmt.query_map([case.as_str()], evidence_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes one evidence row of a case inside the caller's transaction, returning it,
    /// or `None` when the case has no such evidence. `in_use_elsewhere` tells whether its
    /// file is still attached somewhere else, so the caller knows whether the stored file
    /// may go.
    pub fn delete_evidence(
        tx: &Transaction<'_>,
        case: &CaseId,
        evidence: &EvidenceId,
    ) -> Result<Option<RemovedEvidence>, StoreError> {
        let row = tx
            .query_row(
                &format!("SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE case_id = ?1 AND id = ?2"),
                [case.as_str(), evidence.as_str()],
                evidence_from_row,
            )
            .optional()?;
        let Some(row) = row else {
            return Ok(None);
        };
        tx.execute(
            "DELETE FROM evidence WHERE case_id = ?1 AND id = ?2",
            [case.as_str(), evidence.as_str()],
        )?;
        let in_use_elsewhere = match &row.sha256 {
            Some(sha) => tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM evidence WHERE sha256 = ?1)",
                [sha],
                |r| r.get(0),
            )?,
            None => false,
        };
        Ok(Some(RemovedEvidence {
            row,
            in_use_elsewhere,
        }))
    }

    /// Whether an after-hiring import of the case rests on this evidence row, inside the
    /// caller's transaction.
    pub fn evidence_is_imported(
        tx: &Transaction<'_>,
        case: &CaseId,
        evidence: &EvidenceId,
    ) -> Result<bool, StoreError> {
        Ok(tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM monitor_imports WHERE case_id = ?1 AND evidence_id = ?2)",
            [case.as_str(), evidence.as_str()],
            |r| r.get(0),
        )?)
    }

    /// Every stored evidence file: `(case id, evidence id, file name, sha256)`.
    pub fn all_evidence_files(&self) -> Result<Vec<(String, String, String, String)>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT case_id, id, name, sha256 FROM evidence WHERE kind = 'file' ORDER BY case_id, id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a decision inside the caller's transaction; returns its sequence number.
    pub fn insert_decision(
        tx: &Transaction<'_>,
        case: &CaseId,
        d: &DecisionRow,
    ) -> Result<i64, StoreError> {
        let seq: i64 = tx.query_row(
            "SELECT coalesce(max(seq), 0) + 1 FROM decisions WHERE case_id = ?1",
            [case.as_str()],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO decisions (case_id, seq, decision, rationale, reviewer, decided_at, recorded_by,
                                    material_fingerprint)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                case.as_str(),
                seq,
                d.decision.as_str(),
                d.rationale,
                d.reviewer,
                d.decided_at,
                d.recorded_by,
                d.material_fingerprint
            ],
        )?;
        Ok(seq)
    }

    /// Every decision of a case, oldest first.
    pub fn decisions(&self, case: &CaseId) -> Result<Vec<DecisionRow>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT seq, decision, rationale, reviewer, decided_at, recorded_by, material_fingerprint
             FROM decisions WHERE case_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([case.as_str()], |r| {
            Ok((
                r.get::<_, String>(1)?,
                DecisionRow {
                    seq: r.get(0)?,
                    decision: Decision::Proceed,
                    rationale: r.get(2)?,
                    reviewer: r.get(3)?,
                    decided_at: r.get(4)?,
                    recorded_by: r.get(5)?,
                    material_fingerprint: r.get(6)?,
                },
            ))
        })?;
        rows.map(|r| {
            let (d, mut row) = r?;
            row.decision = Decision::parse(&d)
                .ok_or_else(|| decode("decisions", format!("unknown decision {d}")))?;
            Ok(row)
        })
        .collect()
    }

    /// Reads a setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Writes a setting.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.write(|tx| put_setting(tx, key, value))
    }
}

/// Writes a setting inside a transaction, so it can go with the event that records it.
pub fn put_setting(tx: &Transaction<'_>, key: &str, value: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Removes a setting inside a transaction.
pub fn delete_setting(tx: &Transaction<'_>, key: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM settings WHERE key = ?1", params![key])?;
    Ok(())
}
