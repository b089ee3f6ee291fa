//! What waits for a person, across every case and setting: the "Needs attention" list.
//!
//! Each entry names one thing to do and the exact place to do it (a case and an item, the
//! lists screen, the records screen), so the list is a to-do list, not a report. Nothing
//! here is stored: the list is worked out from the cases, screenings, check results,
//! plans, list versions and exports as they are now, so it can never disagree with them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::CaseSummary;
use super::{App, AuditReport};
use crate::audit::EventKind;
use crate::checklist::{self, ItemOutcomes};
use crate::error::Result;
use crate::model::{CaseFilter, CaseId, CaseStatus};

/// How the alerts raised by the re-check of hired people name their source.
const DUPLICATES_ALERT: &str = "duplicates:";
/// The item those alerts belong to.
const DUPLICATES_ITEM: &str = "profile.duplicates";

/// What kind of thing waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AttentionKind {
    /// Re-screening or a new case sharing details raised an alert not yet acknowledged.
    Alert,
    /// Potential matches of the latest screening wait for a disposition.
    PotentialMatch,
    /// The case changed after its decision was signed off.
    StaleDecision,
    /// Critical items are still pending.
    CriticalPending,
    /// A monitoring-plan task is past its due date.
    MonitoringOverdue,
    /// A sanctions list in force is older than the maximum age.
    ListStale,
    /// Automated checks did not run (offline, timed out, names not resolving).
    ChecksNotRun,
    /// The tamper check found a problem.
    TamperFailed,
    /// The latest export of a case's record was not signed.
    ExportedUnsigned,
}

/// Where the entry opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AttentionPlace {
    /// The case, at `item_id` when there is one.
    Case,
    /// The sanctions-lists screen.
    Lists,
    /// The records screen (tamper check, exports).
    Records,
}

/// One case's entries, as read at `head`: its chain head and the global chain's.
#[derive(Debug, Default)]
pub(crate) struct CaseEntries {
    head: String,
    entries: Vec<Attention>,
}

/// One thing that waits for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attention {
    /// What kind of thing.
    pub kind: AttentionKind,
    /// Where it opens.
    pub place: AttentionPlace,
    /// The case it is about, if any.
    pub case_id: Option<String>,
    /// The case's name, or the list's title.
    pub subject: String,
    /// The item to open at, when one is the place to act.
    pub item_id: Option<String>,
    /// One sentence: what waits.
    pub what: String,
    /// When it arose (an RFC 3339 time or a `YYYY-MM-DD` date), for newest-first order.
    pub since: String,
}

impl App {
    /// Everything that waits for a person, newest first. A tamper problem is listed from
    /// the latest [`App::verify`] of this session, if there was one: checking every file
    /// is too slow to repeat each time the list is shown.
    pub fn needs_attention(&self) -> Result<Vec<Attention>> {
        let mut out = Vec::new();
        let audit = self
            .last_audit
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Some(report) = audit.filter(|r| !r.is_intact()) {
            out.push(tamper_entry(&report));
        }
        let cases = self.list_cases(&CaseFilter::default())?;
        let names: HashMap<&str, &str> = cases
            .iter()
            .map(|c| (c.id.as_str(), c.display_name.as_str()))
            .collect();
        let alerts = self.store().alerts(None, true)?;
        for a in alerts {
            // Raised by a new case sharing details with this hire, or by re-screening.
            let item = if a.screening_id.starts_with(DUPLICATES_ALERT) {
                DUPLICATES_ITEM
            } else {
                super::NAMES_ITEM
            };
            out.push(Attention {
                kind: AttentionKind::Alert,
                place: AttentionPlace::Case,
                subject: names
                    .get(a.case_id.as_str())
                    .copied()
                    .unwrap_or_default()
                    .to_string(),
                case_id: Some(a.case_id),
                item_id: Some(item.into()),
                what: a.message,
                since: a.raised_at,
            });
        }
        self.all_case_entries(&cases, &mut out)?;
        // The case list already counted each hire's overdue tasks; only those cases have
        // their plan read again, for the tasks' days and dates.
        for c in cases.iter().filter(|c| c.monitoring_overdue > 0) {
            let Some(plan) = self.plan_of(&c.id)? else {
                continue;
            };
            for task in plan.tasks.into_iter().filter(|t| t.overdue) {
                out.push(Attention {
                    kind: AttentionKind::MonitoringOverdue,
                    place: AttentionPlace::Case,
                    case_id: Some(c.id.to_string()),
                    subject: c.display_name.clone(),
                    item_id: Some("monitoring.access".into()),
                    what: format!(
                        "The day-{} monitoring task was due on {}.",
                        task.day, task.due
                    ),
                    since: task.due,
                });
            }
        }
        self.list_entries(&mut out)?;
        self.unsigned_export_entries(&mut out)?;
        // Newest first; RFC 3339 times and dates both sort as text.
        out.sort_by(|a, b| b.since.cmp(&a.since).then(a.subject.cmp(&b.subject)));
        Ok(out)
    }

    /// The entries of every listed case, read again only where the case's chain head moved
    /// since the last look.
    fn all_case_entries(&self, cases: &[CaseSummary], out: &mut Vec<Attention>) -> Result<()> {
        let heads = self.store().chain_heads()?;
        let mut memo = std::mem::take(
            &mut *self
                .attention_memo
                .lock()
                .unwrap_or_else(|p| p.into_inner()),
        );
        // Deleted cases drop out.
        let listed: std::collections::HashSet<&str> = cases.iter().map(|c| c.id.as_str()).collect();
        memo.retain(|id, _| listed.contains(id.as_str()));
        // A change of settings (a screening threshold, say) can change what a case's
        // entries say without touching the case, so the global chain's head is part of
        // every case's key.
        let global = heads
            .get(crate::audit::GLOBAL_STREAM)
            .map(String::as_str)
            .unwrap_or_default();
        let mut result = Ok(());
        for c in cases {
            let case_head = heads.get(c.id.as_str()).map(String::as_str);
            let head = format!("{}/{global}", case_head.unwrap_or_default());
            if let Some(known) = memo.get(c.id.as_str()).filter(|m| m.head == head) {
                out.extend(known.entries.iter().cloned());
                continue;
            }
            let mut entries = Vec::new();
            if let Err(e) = self.case_entries(&c.id, &c.display_name, c.status, &mut entries) {
                result = Err(e);
                break;
            }
            out.extend(entries.iter().cloned());
            // Read after the head: a change in between only makes the next look read the
            // case again.
            memo.insert(c.id.to_string(), CaseEntries { head, entries });
        }
        *self
            .attention_memo
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = memo;
        result
    }

    /// The entries of one case: waiting matches, a stale decision, critical items pending,
    /// checks that did not run.
    fn case_entries(
        &self,
        id: &CaseId,
        name: &str,
        status: CaseStatus,
        out: &mut Vec<Attention>,
    ) -> Result<()> {
        let entry = |kind, item_id: Option<String>, what: String, since: String| Attention {
            kind,
            place: AttentionPlace::Case,
            case_id: Some(id.to_string()),
            subject: name.to_string(),
            item_id,
            what,
            since,
        };
        if let Some((n, item, at)) = self.undisposed_hits(id)? {
            let what = if n == 1 {
                "A potential match waits for a disposition.".to_string()
            } else {
                format!("{n} potential matches wait for a disposition.")
            };
            out.push(entry(
                AttentionKind::PotentialMatch,
                Some(item.into()),
                what,
                at,
            ));
        }
        let loaded = self.load(id, false)?;
        if loaded.record.decision_is_stale() {
            out.push(entry(
                AttentionKind::StaleDecision,
                None,
                "The case changed after its decision was signed off: review it and record the decision again.".into(),
                loaded.updated_at.clone(),
            ));
        }
        let outcomes: ItemOutcomes = loaded
            .record
            .items
            .iter()
            .map(|i| (i.item_id.clone(), (i.outcome, i.note.clone())))
            .collect();
        let summary = checklist::risk_summary(loaded.template, loaded.record.case.kind, &outcomes);
        if summary.critical_pending > 0 {
            let first = summary
                .pending_before_decision
                .iter()
                .find(|i| i.severity == crate::model::Severity::Critical);
            let n = summary.critical_pending;
            let what = match (n, status) {
                (1, CaseStatus::Open) => "1 critical item is still pending.".to_string(),
                (_, CaseStatus::Open) => format!("{n} critical items are still pending."),
                (1, CaseStatus::Decided) => {
                    "Decided with 1 critical item still pending.".to_string()
                }
                (_, CaseStatus::Decided) => {
                    format!("Decided with {n} critical items still pending.")
                }
            };
            out.push(entry(
                AttentionKind::CriticalPending,
                first.map(|i| i.item_id.clone()),
                what,
                loaded.updated_at.clone(),
            ));
        }
        if let Some(e) = self.checks_not_run_entry(id, name)? {
            out.push(e);
        }
        Ok(())
    }

    /// The checks of a case that did not run (offline, timed out, names not resolving), as
    /// one entry at an item they inform.
    fn checks_not_run_entry(&self, id: &CaseId, name: &str) -> Result<Option<Attention>> {
        let results = self.store().check_results(id)?;
        let not_run: Vec<_> = results.iter().filter(|r| r.state.is_not_run()).collect();
        let Some(latest) = not_run
            .iter()
            .max_by(|a, b| a.finished_at.cmp(&b.finished_at))
        else {
            return Ok(None);
        };
        let what = if not_run.len() == 1 {
            format!(
                "A check did not run ({}): retry it when the network works.",
                latest.state.describe()
            )
        } else {
            format!(
                "{} checks did not run ({}): retry them when the network works.",
                not_run.len(),
                latest.state.describe()
            )
        };
        Ok(Some(Attention {
            kind: AttentionKind::ChecksNotRun,
            place: AttentionPlace::Case,
            case_id: Some(id.to_string()),
            subject: name.to_string(),
            item_id: latest.item_ids.first().cloned(),
            what,
            since: latest.finished_at.clone(),
        }))
    }

    /// Every sanctions list in force past the maximum age.
    fn list_entries(&self, out: &mut Vec<Attention>) -> Result<()> {
        for l in self.list_status()?.into_iter().filter(|l| l.stale) {
            let Some(v) = l.version else { continue };
            let days = l.age_days.unwrap_or_default();
            out.push(Attention {
                kind: AttentionKind::ListStale,
                place: AttentionPlace::Lists,
                case_id: None,
                subject: l.title,
                item_id: None,
                what: format!(
                    "The version in force is {days} days old, past the maximum age: update it before screening again."
                ),
                since: v.loaded_at,
            });
        }
        Ok(())
    }

    /// Cases whose latest export was not signed: a record a stranger cannot verify.
    fn unsigned_export_entries(&self, out: &mut Vec<Attention>) -> Result<()> {
        let exports = self
            .store()
            .latest_events_of_kind(EventKind::RecordExported)?;
        for e in exports {
            if !e.payload.get("signed_by").is_none_or(|v| v.is_null()) {
                continue;
            }
            let id = CaseId::from_stored(e.stream.clone());
            // A deleted case keeps its history, but there is nothing left to export.
            let Some(row) = self.store().case(&id)? else {
                continue;
            };
            out.push(Attention {
                kind: AttentionKind::ExportedUnsigned,
                place: AttentionPlace::Records,
                case_id: Some(e.stream),
                subject: row.fields.display_name,
                item_id: None,
                what: "Its latest record was exported unsigned, so nobody else can verify it: set up signing and export it again.".into(),
                since: e.at,
            });
        }
        Ok(())
    }
}

/// The tamper check's problems as one entry on the records screen.
fn tamper_entry(r: &AuditReport) -> Attention {
    let problems = r.breaks.len()
        + r.state_mismatches.len()
        + r.evidence_problems.len()
        + r.times_backwards.len()
        + r.anchors.iter().filter(|a| !a.problems.is_empty()).count();
    let what = if problems == 1 {
        "The tamper check found a problem: see what it found before relying on the data.".into()
    } else {
        format!(
            "The tamper check found {problems} problems: see what it found before relying on the data."
        )
    };
    Attention {
        kind: AttentionKind::TamperFailed,
        place: AttentionPlace::Records,
        case_id: None,
        subject: "Records".into(),
        item_id: None,
        what,
        since: crate::clock::now(),
    }
}
