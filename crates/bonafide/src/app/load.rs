//! Reading one case out of the store as its canonical record.
//!
//! The case screen and the PDF record are both built from this one read, so the screen
//! never shows anything the record would not prove. The audit events, check findings and
//! screening are read only for the full record: the case screen, read after every save,
//! shows none of them from here.

use std::collections::HashMap;

use super::App;
use super::validation::template_of;
use crate::audit::{AuditEvent, EventKind};
use crate::checklist::{self, Template};
use crate::error::{Error, Result};
use crate::model::{CaseId, SubjectKind};
use crate::record::{
    RECORD_FORMAT, Record, RecordCase, RecordDecision, RecordEvidence, RecordItem,
    material_fingerprint,
};
use crate::store::{CaseRow, DecisionRow, EvidenceRow, ItemStateRow};

/// A case as read from the store, before it is shaped for a screen or a PDF.
pub(super) struct Loaded {
    /// The record; `audit_events` and `screenings` are empty unless asked for.
    pub(super) record: Record,
    /// The checklist edition the case was opened with.
    pub(super) template: &'static Template,
    /// Last change of anything in the case (not part of the record).
    pub(super) updated_at: String,
}

/// The rows of one case, read under a single hold of the store's lock.
struct StoredCase {
    row: CaseRow,
    template: &'static Template,
    /// Item states by item id; items never touched have none.
    states: HashMap<String, ItemStateRow>,
    evidence: Vec<RecordEvidence>,
    decisions: Vec<RecordDecision>,
    /// Empty unless the full record was asked for.
    audit_events: Vec<AuditEvent>,
}

impl App {
    /// The canonical record of a case as stored now (export events left out: exporting
    /// does not change the case).
    pub fn record(&self, id: &CaseId) -> Result<Record> {
        self.load(id, true).map(|l| l.record)
    }

    /// Reads a case once, as its record; the audit events and the screening only when
    /// `full` (the PDF record), since the case screen, read after every save, shows
    /// neither from here. Both
    /// the case screen and the PDF record are built from this.
    pub(super) fn load(&self, id: &CaseId, full: bool) -> Result<Loaded> {
        let StoredCase {
            row,
            template,
            states,
            evidence,
            decisions,
            audit_events,
        } = self.read_case(id, full)?;
        let items = checklist_items(template, row.fields.kind, &states);
        let updated_at = row.updated_at.clone();
        let case = record_case(row, template);
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
            after_hiring: if full {
                Some(self.after_hiring_for_record(id)?)
            } else {
                None
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

    /// Reads the case's rows; the store is released before the findings and screening are
    /// read, since those take it again.
    fn read_case(&self, id: &CaseId, full: bool) -> Result<StoredCase> {
        let store = self.store();
        let row = store
            .case(id)?
            .ok_or_else(|| Error::CaseNotFound(id.to_string()))?;
        let template = template_of(&row)?;
        let states: HashMap<String, ItemStateRow> = store
            .item_states(id)?
            .into_iter()
            .map(|s| (s.item_id.clone(), s))
            .collect();
        let evidence = store
            .evidence(id)?
            .into_iter()
            .map(record_evidence)
            .collect();
        let decisions = store
            .decisions(id)?
            .into_iter()
            .map(record_decision)
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
        Ok(StoredCase {
            row,
            template,
            states,
            evidence,
            decisions,
            audit_events,
        })
    }
}

/// Every applicable item of the checklist, in template order, with its state (pending
/// when never touched).
fn checklist_items(
    template: &Template,
    kind: SubjectKind,
    states: &HashMap<String, ItemStateRow>,
) -> Vec<RecordItem> {
    let mut items = Vec::new();
    for section in checklist::applicable_sections(template, kind) {
        for item in &section.items {
            let s = states.get(&item.id);
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
    items
}

/// The case's identity and subject fields as the record states them.
fn record_case(row: CaseRow, template: &Template) -> RecordCase {
    RecordCase {
        id: row.id.to_string(),
        kind: row.fields.kind,
        fields: row.fields,
        created_at: row.created_at,
        created_by: row.created_by,
        template_id: template.id.clone(),
        template_version: template.version,
        template_title: template.title.clone(),
    }
}

/// A stored evidence row as the record states it.
fn record_evidence(e: EvidenceRow) -> RecordEvidence {
    RecordEvidence {
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
    }
}

/// A stored decision as the record states it.
fn record_decision(d: DecisionRow) -> RecordDecision {
    RecordDecision {
        seq: d.seq,
        decision: d.decision,
        rationale: d.rationale,
        reviewer: d.reviewer,
        decided_at: d.decided_at,
        recorded_by: d.recorded_by,
        material_fingerprint: d.material_fingerprint,
    }
}
