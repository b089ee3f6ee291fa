//! Tamper evidence: every hash chain, every case's stored state against its own history,
//! and every evidence file against its hash.
//!
//! The chain check finds edited, removed or reordered events. It cannot by itself find a
//! change made to the tables a screen reads (an outcome switched from Concern to Pass with
//! a database browser, say), because such an edit leaves the events alone. Every write the
//! app makes updates a table and appends the event describing it in one transaction, so
//! replaying a case's events must give exactly what the tables hold; any difference names
//! the row that was changed behind the app's back.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

mod checks;
mod screening;

pub(super) use checks::result_digest;

use super::App;
use super::anchors::{Anchor, AnchorCheck, check_anchor, times_running_backwards};
use crate::audit::{self, AuditEvent, ChainBreak, GLOBAL_STREAM, Replayed};
use crate::error::Result;
use crate::store::{CaseRow, DecisionRow, EvidenceRow, ItemStateRow, Store};

/// A problem with one stored evidence file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EvidenceProblem {
    /// Case.
    pub case_id: String,
    /// Evidence id.
    pub evidence_id: String,
    /// File name.
    pub name: String,
    /// What is wrong.
    pub problem: String,
}

/// A stored row that disagrees with the history of its case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StateMismatch {
    /// Case.
    pub case_id: String,
    /// The subject's name as stored (empty when the case row itself is gone).
    pub subject: String,
    /// What disagrees: `item identity.document`, `subject field emails`, `evidence …`.
    pub what: String,
    /// How, in a sentence.
    pub problem: String,
}

/// Result of checking every hash chain, every case's state and every evidence file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditReport {
    /// Chains checked.
    pub chains: u32,
    /// Events checked.
    pub events: u32,
    /// Broken chains.
    pub breaks: Vec<ChainBreak>,
    /// Cases whose stored state was compared with their history.
    pub cases: u32,
    /// Stored rows that disagree with their case's history.
    pub state_mismatches: Vec<StateMismatch>,
    /// Attached files checked: one per attachment, so content attached twice counts
    /// twice (a backup counts each stored file once).
    pub evidence_files: u32,
    /// Missing or altered files.
    pub evidence_problems: Vec<EvidenceProblem>,
    /// Events whose time is earlier than the event before them in the same history.
    pub times_backwards: Vec<String>,
    /// The anchors checked: the latest one recorded here, and any given as files.
    pub anchors: Vec<AnchorCheck>,
    /// The latest time an authority vouches for, at which the history was as it is now.
    pub last_trusted_time: Option<String>,
}

impl AuditReport {
    /// No break, no mismatch, no evidence problem, no time running backwards, and every
    /// anchor still extended.
    pub fn is_intact(&self) -> bool {
        self.breaks.is_empty()
            && self.state_mismatches.is_empty()
            && self.evidence_problems.is_empty()
            && self.times_backwards.is_empty()
            && self.anchors.iter().all(|a| a.problems.is_empty())
    }
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

impl App {
    /// Checks every hash chain, compares every case's stored state with its history, and
    /// re-hashes every evidence file; checks the latest anchor recorded here.
    pub fn verify(&self) -> Result<AuditReport> {
        self.verify_with_anchors(&[], &[])
    }

    /// [`App::verify`], and also that today's chains extend every anchor in `anchors`
    /// (files kept off this computer), with `trusted` deciding whether their authorities
    /// are trusted.
    pub fn verify_with_anchors(
        &self,
        anchors: &[Anchor],
        trusted: &[crate::signing::Certificate],
    ) -> Result<AuditReport> {
        let latest = self.latest_anchor()?;
        let store = self.store();
        let mut report = AuditReport {
            chains: 0,
            events: 0,
            breaks: Vec::new(),
            cases: 0,
            state_mismatches: Vec::new(),
            evidence_files: 0,
            evidence_problems: Vec::new(),
            times_backwards: Vec::new(),
            anchors: Vec::new(),
            last_trusted_time: None,
        };
        let streams = check_chains(&store, &mut report)?;
        compare_cases(&store, &streams, &mut report)?;
        report.times_backwards = times_running_backwards(&streams);
        for a in latest.iter().chain(anchors) {
            let check = check_anchor(a, &streams, trusted);
            if check.problems.is_empty()
                && let Some(t) = &check.stamped_at
                && report.last_trusted_time.as_ref().is_none_or(|l| t > l)
            {
                report.last_trusted_time = Some(t.clone());
            }
            report.anchors.push(check);
        }
        let files = store.all_evidence_files()?;
        drop(store);
        for (case_id, evidence_id, name, sha) in files {
            report.evidence_files += 1;
            if let Some(problem) = self.evidence_file_problem(&sha) {
                report.evidence_problems.push(EvidenceProblem {
                    case_id,
                    evidence_id,
                    name,
                    problem,
                });
            }
        }
        *self.last_audit.lock().unwrap_or_else(|p| p.into_inner()) = Some(report.clone());
        Ok(report)
    }

    /// What is wrong with one stored evidence file, if anything.
    fn evidence_file_problem(&self, sha: &str) -> Option<String> {
        match self.blobs.check(sha) {
            Ok(true) => None,
            Ok(false) => Some(
                "the stored file was altered: its content no longer matches its SHA-256"
                    .to_string(),
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Some("the stored file is missing".to_string())
            }
            Err(e) => Some(format!("the stored file cannot be read: {e}")),
        }
    }
}

/// Verifies every hash chain, counting chains and events into `report`; returns every
/// stream's events for the comparison with the tables.
fn check_chains(
    store: &Store,
    report: &mut AuditReport,
) -> Result<BTreeMap<String, Vec<AuditEvent>>> {
    let mut streams = BTreeMap::new();
    for (stream, head) in store.streams()? {
        let events = store.events(&stream)?;
        report.chains += 1;
        report.events += events.len() as u32;
        if let Err(b) = audit::verify_chain(
            &stream,
            &events,
            head.as_ref().map(|(h, n)| (h.as_str(), *n)),
        ) {
            report.breaks.push(b);
        }
        streams.insert(stream, events);
    }
    Ok(streams)
}

/// Compares every case's tables with the replay of its history, and reports the case
/// histories whose case is gone.
fn compare_cases(
    store: &Store,
    streams: &BTreeMap<String, Vec<AuditEvent>>,
    report: &mut AuditReport,
) -> Result<()> {
    let case_ids = store.all_case_ids()?;
    let known: BTreeSet<&str> = case_ids.iter().map(|c| c.as_str()).collect();
    for id in &case_ids {
        report.cases += 1;
        let Some(row) = store.case(id)? else { continue };
        let replayed = streams
            .get(id.as_str())
            .map(|e| audit::replay(e))
            .unwrap_or_default();
        let stored = Stored {
            items: store.item_states(id)?,
            evidence: store.evidence(id)?,
            decisions: store.decisions(id)?,
        };
        report
            .state_mismatches
            .extend(compare_case(&row, &replayed, &stored));
        let events = streams.get(id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        report
            .state_mismatches
            .extend(screening::compare_screening(store, &row, events)?);
        report
            .state_mismatches
            .extend(checks::compare_checks(store, &row, events)?);
    }
    // A case stream with events but no case: either the kept history of a case deleted
    // inside its retention period, exactly as it stood at the deletion, or a case row
    // deleted outside the app.
    let kept = kept_at_deletion(streams);
    for (stream, events) in streams {
        if stream == GLOBAL_STREAM || known.contains(stream.as_str()) || events.is_empty() {
            continue;
        }
        let problem = match kept.get(stream.as_str()) {
            Some((head, n))
                if events.last().is_some_and(|e| &e.hash == head) && *n == events.len() =>
            {
                continue;
            }
            Some(_) => "its case was deleted and its history kept, but the history changed \
                        after the deletion"
                .to_string(),
            None => format!(
                "its history of {} events is present but the case itself was deleted outside \
                 the app",
                events.len()
            ),
        };
        report.state_mismatches.push(StateMismatch {
            case_id: stream.clone(),
            subject: String::new(),
            what: "case".into(),
            problem,
        });
    }
    Ok(())
}

/// For each case deleted with its history kept, the chain head and length the deletion
/// event recorded (the latest deletion wins).
fn kept_at_deletion(streams: &BTreeMap<String, Vec<AuditEvent>>) -> BTreeMap<&str, (&str, usize)> {
    streams
        .get(GLOBAL_STREAM)
        .into_iter()
        .flatten()
        .filter(|e| e.kind == crate::audit::EventKind::CaseDeleted)
        .filter(|e| e.payload["history_kept"] == true)
        .filter_map(|e| {
            Some((
                e.payload["case_id"].as_str()?,
                (
                    e.payload["chain_head"].as_str()?,
                    usize::try_from(e.payload["events"].as_u64()?).ok()?,
                ),
            ))
        })
        .collect()
}

/// The rows of one case that its history describes.
struct Stored {
    items: Vec<ItemStateRow>,
    evidence: Vec<EvidenceRow>,
    decisions: Vec<DecisionRow>,
}

pub(super) const OUTSIDE: &str = "it was changed outside the app";

/// Every difference between a case's tables and the replay of its events.
fn compare_case(row: &CaseRow, replayed: &Replayed, stored: &Stored) -> Vec<StateMismatch> {
    let mut out = Vec::new();
    let mut push = |what: String, problem: String| {
        out.push(StateMismatch {
            case_id: row.id.to_string(),
            subject: row.fields.display_name.clone(),
            what,
            problem,
        })
    };
    compare_fields(row, replayed, &mut push);
    compare_template(row, replayed, &mut push);
    compare_items(replayed, stored, &mut push);
    compare_evidence(replayed, stored, &mut push);
    compare_decisions(replayed, stored, &mut push);
    out
}

/// The subject fields against the fields the history last recorded.
fn compare_fields(row: &CaseRow, replayed: &Replayed, push: &mut impl FnMut(String, String)) {
    match (&replayed.fields, json!(row.fields)) {
        (Some(history), Value::Object(now)) => {
            let keys: BTreeSet<&String> = history.keys().chain(now.keys()).collect();
            for k in keys {
                let (h, n) = (history.get(k), now.get(k));
                // A field added by a later version is absent from old events and empty now.
                if h != n && !(h.is_none() && n.is_some_and(is_empty_value)) {
                    push(
                        format!("subject field {k}"),
                        format!(
                            "reads {} but its history says {}: {OUTSIDE}",
                            brief(n),
                            brief(h)
                        ),
                    );
                }
            }
        }
        _ => push(
            "case".into(),
            "its history has no record of the case being opened".into(),
        ),
    }
}

/// The checklist edition against the one the history last recorded.
fn compare_template(row: &CaseRow, replayed: &Replayed, push: &mut impl FnMut(String, String)) {
    let now = json!({"id": row.template_id, "version": row.template_version});
    if let Some(history) = &replayed.template
        && *history != now
    {
        push(
            "checklist edition".into(),
            format!(
                "is {} v{} but its history says {} v{}: {OUTSIDE}",
                row.template_id, row.template_version, history["id"], history["version"]
            ),
        );
    }
}

/// Each item's outcome and note against its history; an item never touched is pending
/// with no note.
fn compare_items(replayed: &Replayed, stored: &Stored, push: &mut impl FnMut(String, String)) {
    let pending = (json!(crate::model::Outcome::Pending), String::new());
    let now_items: BTreeMap<&str, (Value, &str)> = stored
        .items
        .iter()
        .map(|s| (s.item_id.as_str(), (json!(s.outcome), s.note.as_str())))
        .collect();
    let item_ids: BTreeSet<&str> = now_items
        .keys()
        .copied()
        .chain(replayed.items.keys().map(String::as_str))
        .collect();
    for item in item_ids {
        let history = replayed.items.get(item).unwrap_or(&pending);
        let what = format!("item {item}");
        match now_items.get(item) {
            None if *history != pending => push(
                what,
                format!(
                    "its stored outcome was deleted; its history says {}: {OUTSIDE}",
                    brief(Some(&history.0))
                ),
            ),
            None => {}
            Some((outcome, note)) => {
                if *outcome != history.0 {
                    push(
                        what.clone(),
                        format!(
                            "its outcome is {} but its history says {}: {OUTSIDE}",
                            brief(Some(outcome)),
                            brief(Some(&history.0))
                        ),
                    );
                }
                if *note != history.1 {
                    push(
                        what,
                        format!("its note differs from the one its history recorded: {OUTSIDE}"),
                    );
                }
            }
        }
    }
}

/// Each evidence row against the payload of the event that added it.
fn compare_evidence(replayed: &Replayed, stored: &Stored, push: &mut impl FnMut(String, String)) {
    let evidence = stored.evidence.iter().map(|ev| {
        let id = ev.id.to_string();
        let what = format!("evidence {} ({})", ev.name, short(&id));
        let now = json!({
            "name": ev.name,
            "item_id": ev.item_id,
            "kind": if ev.is_file { "file" } else { "url" },
            "size": ev.size,
            "sha256": ev.sha256,
            "note": ev.note,
            "effective_date": ev.effective_date,
        });
        (id, what, now)
    });
    compare_rows(evidence, &replayed.evidence, push, |id, h| {
        let name = h.get("name").and_then(Value::as_str).unwrap_or("?");
        format!("evidence {name} ({})", short(id))
    });
}

/// Each decision against the payload of the event that recorded it.
fn compare_decisions(replayed: &Replayed, stored: &Stored, push: &mut impl FnMut(String, String)) {
    let decisions = stored.decisions.iter().map(|d| {
        let now = json!({
            "decision": d.decision,
            "rationale": d.rationale,
            "reviewer": d.reviewer,
            "material_fingerprint": d.material_fingerprint,
        });
        (d.seq, format!("decision {}", d.seq), now)
    });
    compare_rows(decisions, &replayed.decisions, push, |seq, _| {
        format!("decision {seq}")
    });
}

/// Compares stored rows `(key, what, current values)` with the payloads their history
/// recorded under the same key: a row the history lacks was added outside the app, a
/// recorded row that is gone was deleted, and each differing value is named.
fn compare_rows<K: Ord + Clone>(
    stored: impl Iterator<Item = (K, String, Value)>,
    history: &BTreeMap<K, Value>,
    push: &mut impl FnMut(String, String),
    deleted_label: impl Fn(&K, &Value) -> String,
) {
    let mut seen = BTreeSet::new();
    for (key, what, now) in stored {
        let Some(h) = history.get(&key) else {
            push(
                what,
                "it is not in the case's history: it was added outside the app".into(),
            );
            continue;
        };
        seen.insert(key);
        for (k, v) in now.as_object().into_iter().flatten() {
            if h.get(k).unwrap_or(&Value::Null) != v {
                push(
                    what.clone(),
                    format!("its {k} differs from its history: {OUTSIDE}"),
                );
            }
        }
    }
    for (key, h) in history {
        if !seen.contains(key) {
            push(
                deleted_label(key, h),
                format!("its history records it but it was deleted: {OUTSIDE}"),
            );
        }
    }
}

fn is_empty_value(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// A value short enough for one line.
fn brief(v: Option<&Value>) -> String {
    let s = match v {
        None | Some(Value::Null) => "nothing".to_string(),
        Some(Value::String(s)) => format!("\"{s}\""),
        Some(v) => v.to_string(),
    };
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s
    }
}
