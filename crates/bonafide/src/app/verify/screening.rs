//! A case's screening and dispositions against its history: the tables a reviewer's
//! sanctions decisions live in, compared with the events that recorded them.

use serde_json::{Value, json};

use super::OUTSIDE;
use crate::audit::{self, AuditEvent};
use crate::error::Result;
use crate::store::{CaseRow, DispositionRow, Store};

use super::StateMismatch;

/// The case's screening as the app shows it, and its dispositions, against its history.
/// The latest stored screening must be the one the last `screening_recorded` event names,
/// with the same lists and hits; the dispositions, which are kept in full, must be the
/// `disposition_recorded` events one for one. So a confirmed match cannot become a false
/// positive, nor a hit disappear, by editing the tables.
pub(super) fn compare_screening(
    store: &Store,
    row: &CaseRow,
    events: &[AuditEvent],
) -> Result<Vec<StateMismatch>> {
    let mismatch = |what: &str, problem: String| StateMismatch {
        case_id: row.id.to_string(),
        subject: row.fields.display_name.clone(),
        what: what.to_string(),
        problem,
    };
    let mut out = Vec::new();
    let stored: Option<Value> = store
        .latest_screening_json(&row.id)?
        .map(|json| serde_json::from_str(&json).unwrap_or(Value::Null));
    let recorded = events
        .iter()
        .rfind(|e| e.kind == audit::EventKind::ScreeningRecorded);
    if let Some(problem) = latest_screening_problem(recorded, stored.as_ref()) {
        out.push(mismatch("screening", problem));
    }
    let stored = store.dispositions(&row.id)?;
    if let Some(problem) = dispositions_problem(events, &stored) {
        out.push(mismatch("dispositions", problem));
    }
    Ok(out)
}

/// How the latest stored screening differs from the last one the history records.
fn latest_screening_problem(
    recorded: Option<&AuditEvent>,
    stored: Option<&Value>,
) -> Option<String> {
    let (e, s) = match (recorded, stored) {
        (None, None) => return None,
        (Some(_), None) => {
            return Some(format!(
                "its history records a screening that is no longer stored; {OUTSIDE}"
            ));
        }
        (None, Some(_)) => {
            return Some(format!(
                "a screening is stored that its history never recorded; {OUTSIDE}"
            ));
        }
        (Some(e), Some(s)) => (e, s),
    };
    let lists = |v: &Value| -> Vec<Value> {
        list_of(v)
            .iter()
            .map(|l| json!({"list": l["list"], "sha256": l["sha256"]}))
            .collect()
    };
    let hits = |v: &Value| -> Vec<Value> { list_of(v).iter().map(hit_key).collect() };
    let same = s["id"] == e.payload["screening_id"]
        && lists(&s["lists"]) == lists(&e.payload["lists"])
        && hits(&s["hits"]) == hits(&e.payload["hits"]);
    (!same).then(|| {
        format!(
            "the stored screening (its lists or hits) differs from the one its history \
             records; {OUTSIDE}"
        )
    })
}

/// How the stored dispositions differ from the ones the history records, one for one.
fn dispositions_problem(events: &[AuditEvent], stored: &[DispositionRow]) -> Option<String> {
    let history: Vec<Value> = events
        .iter()
        .filter(|e| e.kind == audit::EventKind::DispositionRecorded)
        .map(|e| {
            let p = &e.payload;
            json!([
                p["list"],
                p["entry_id"],
                p["disposition"],
                p["rationale"],
                e.actor,
                e.at
            ])
        })
        .collect();
    let tables: Vec<Value> = stored
        .iter()
        .map(|d| {
            json!([
                d.list,
                d.entry_id,
                d.disposition,
                d.rationale,
                d.decided_by,
                d.decided_at
            ])
        })
        .collect();
    if history == tables {
        return None;
    }
    let first = history
        .iter()
        .zip(&tables)
        .position(|(a, b)| a != b)
        .unwrap_or(history.len().min(tables.len()));
    Some(format!(
        "{} disposition(s) are stored and {} recorded in its history; they differ from \
         number {}; {OUTSIDE}",
        tables.len(),
        history.len(),
        first + 1
    ))
}

/// A hit as its event records it. The score went through `f64` in the event and was
/// written as an `f32` in the stored screening, so both are compared as `f32`.
fn hit_key(h: &Value) -> Value {
    let score = h["score"].as_f64().map(|x| (x as f32).to_string());
    json!({"list": h["list"], "entry_id": h["entry_id"], "score": score})
}

fn list_of(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}
