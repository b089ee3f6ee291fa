//! Cases on the [`App`] façade: opening, editing, listing, showing and deleting them,
//! and resolving the ids people type.
//!
//! The case screen is built from the same read of the store as the PDF record (see
//! `load.rs`), so what the screen shows and what the record proves cannot drift apart.

use std::collections::HashMap;

use serde_json::json;

use super::load::Loaded;
use super::{
    App, CaseInfo, CaseSummary, CaseView, DecisionRecord, DeletionImpact, Evidence, EvidenceKind,
    ItemState, retention,
};
use crate::audit::{self, AuditEvent, EventKind, GLOBAL_STREAM};
use crate::checklist::{self, ItemOutcomes};
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{
    CaseFields, CaseFilter, CaseId, CaseStatus, Decision, EvidenceId, SubjectKind, fold_for_search,
};
use crate::record::{RecordCase, RecordDecision, RecordEvidence, RecordItem};
use crate::store::{CaseRow, CaseSummaryRow, Store};

impl App {
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
        let actor = self.actor()?;
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
        self.recheck_hired_against(&row.id)?;
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
            let actor = self.actor()?;
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
        self.recheck_hired_against(id)?;
        self.case(id)
    }

    /// Lists cases matching `filter`, most recently changed first.
    pub fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseSummary>> {
        let rows = self
            .store()
            .list_cases(filter, fold_for_search(filter.text.trim()).as_str())?;
        let mut totals: HashMap<(String, u32, SubjectKind), u32> = HashMap::new();
        let (years, today) = (self.retention_years()?, clock::today());
        let mut cases: Vec<CaseSummary> = rows
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
            .collect();
        // Only a decision to proceed starts a plan, so only those cases are looked up.
        for c in cases.iter_mut().filter(|c| {
            matches!(
                c.decision,
                Some(Decision::Proceed | Decision::ProceedWithConditions)
            )
        }) {
            c.monitoring_overdue = self
                .plan_of(&c.id)?
                .map_or(0, |p| p.tasks.iter().filter(|t| t.overdue).count() as u32);
        }
        Ok(cases)
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
        let items = item_states(record.items);
        let outcomes: ItemOutcomes = items
            .iter()
            .map(|s| (s.item_id.clone(), (s.outcome, s.note.clone())))
            .collect();
        let decisions = decision_records(record.decisions);
        let evidence = evidence_list(record.evidence);
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
            newer_edition: super::edition::newer_edition(template),
            items,
            evidence,
            decisions,
            decision_stale,
            case: case_info(id, c, updated_at),
        })
    }

    /// The audit events of a case, oldest first.
    pub fn case_history(&self, id: &CaseId) -> Result<Vec<AuditEvent>> {
        self.case_row(id)?;
        Ok(self.store().events(id.as_str())?)
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
            keep_until: view.retention.keep_until.clone(),
            within_retention: !view.retention.due,
        })
    }

    /// Deletes a case with its items, evidence and decisions. The deletion itself is
    /// recorded in the global audit stream with the deleted chain's head, so it stays
    /// provable that the case existed and was removed, by whom and when.
    ///
    /// Inside its retention period a case is deleted only with a `reason`, which the event
    /// keeps, and its history is kept until the period ends ([`App::kept_histories`]): the
    /// record of what was done cannot be removed early by deleting the case. Past the
    /// period the history goes with the case.
    pub fn delete_case(&self, id: &CaseId, reason: Option<&str>) -> Result<()> {
        let impact = self.deletion_impact(id)?;
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if impact.within_retention && reason.is_none() {
            return Err(Error::invalid(
                "reason",
                format!(
                    "this case is to be kept until {} (its retention period); to delete it \
                     sooner, give the reason (--reason TEXT), which the audit log keeps",
                    impact.keep_until
                ),
            ));
        }
        let reason = match reason {
            Some(r) => Some(
                crate::model::clean_text(r, crate::model::MAX_LONG_TEXT, true)
                    .map_err(|m| Error::invalid("reason", m))?,
            ),
            None => None,
        };
        let mut store = self.store();
        let head = store
            .events(id.as_str())?
            .last()
            .map(|e| e.hash.clone())
            .unwrap_or_else(|| audit::GENESIS_HASH.to_string());
        let now = clock::now();
        let actor = self.actor()?;
        let orphans = store.write(|tx| {
            let orphans = Store::delete_case(tx, id, impact.within_retention)?;
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
                    "keep_until": impact.keep_until,
                    "reason": reason,
                    "history_kept": impact.within_retention,
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

    /// The stored row of a case; [`Error::CaseNotFound`] when there is none.
    pub(super) fn case_row(&self, id: &CaseId) -> Result<CaseRow> {
        self.store()
            .case(id)?
            .ok_or_else(|| Error::CaseNotFound(id.to_string()))
    }
}

/// The record's items as the case screen shows them.
fn item_states(items: Vec<RecordItem>) -> Vec<ItemState> {
    items
        .into_iter()
        .map(|i| ItemState {
            item_id: i.item_id,
            outcome: i.outcome,
            note: i.note,
            updated_at: i.updated_at,
            updated_by: i.updated_by,
        })
        .collect()
}

/// The record's decisions as the case screen shows them, oldest first.
fn decision_records(decisions: Vec<RecordDecision>) -> Vec<DecisionRecord> {
    decisions
        .into_iter()
        .map(|d| DecisionRecord {
            decision: d.decision,
            rationale: d.rationale,
            reviewer: d.reviewer,
            decided_at: d.decided_at,
            recorded_by: d.recorded_by,
            material_fingerprint: d.material_fingerprint,
        })
        .collect()
}

/// The record's evidence as the case screen shows it, oldest first.
fn evidence_list(evidence: Vec<RecordEvidence>) -> Vec<Evidence> {
    evidence
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
        .collect()
}

/// The case's identity and subject fields, with the time anything in it last changed.
fn case_info(id: &CaseId, c: RecordCase, updated_at: String) -> CaseInfo {
    CaseInfo {
        id: id.clone(),
        fields: c.fields,
        template_id: c.template_id,
        template_version: c.template_version,
        created_at: c.created_at,
        created_by: c.created_by,
        updated_at,
    }
}

/// One line of the case list, with its retention judged on `today`.
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
        monitoring_overdue: 0,
    }
}

/// What the case-list filter searches: names, company, e-mails, phones, websites.
fn search_text(f: &CaseFields) -> String {
    let parts = f
        .all_names()
        .chain(f.emails.iter().map(String::as_str))
        .chain(f.phones.iter().map(String::as_str))
        .chain(f.websites.iter().map(String::as_str))
        .chain(f.accounts.iter().map(String::as_str))
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
