//! A case's automated check results against its history: the stored results (what the
//! item cards and the PDF show, and what the proposals come from) compared with the
//! `checks_run` events that recorded them.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{OUTSIDE, StateMismatch};
use crate::audit::{self, AuditEvent};
use crate::checks::{CheckResult, Signal};
use crate::error::Result;
use crate::store::{CaseRow, Store};

/// The digest a `checks_run` event records for each result: SHA-256 over the result's
/// canonical JSON, so key order and formatting do not matter, only content.
pub(in crate::app) fn result_digest(r: &CheckResult) -> String {
    let value = serde_json::to_value(r).unwrap_or_default();
    hex::encode(crate::signing::sha256(
        audit::canonical_json(&value).as_bytes(),
    ))
}

/// One result as the history last recorded it.
struct Recorded<'a> {
    /// The result's digest; absent in events written before digests were recorded.
    digest: Option<&'a str>,
    state: &'a Value,
    red_flags: Option<u64>,
}

/// Every stored result must be the one the last run of its check recorded. Results
/// recorded by a run whose event also lists the checks it kept must all still be stored.
/// So a red flag cannot be removed, nor a failed check turned into a clean one, by editing
/// the tables.
pub(super) fn compare_checks(
    store: &Store,
    row: &CaseRow,
    events: &[AuditEvent],
) -> Result<Vec<StateMismatch>> {
    let (recorded, exact) = replay(events);
    let mut out = Vec::new();
    let mut push = |key: &str, problem: String| {
        out.push(StateMismatch {
            case_id: row.id.to_string(),
            subject: row.fields.display_name.clone(),
            what: format!("check {key}"),
            problem,
        })
    };
    let stored = store.check_results(&row.id)?;
    for r in &stored {
        let Some(rec) = recorded.get(r.key.as_str()) else {
            push(
                &r.key,
                format!("a result is stored that its history never recorded; {OUTSIDE}"),
            );
            continue;
        };
        if let Some(problem) = differs(r, rec) {
            push(&r.key, problem);
        }
    }
    if exact {
        for key in recorded.keys() {
            if !stored.iter().any(|r| r.key == *key) {
                push(
                    key,
                    format!("its history records a result that is no longer stored; {OUTSIDE}"),
                );
            }
        }
    }
    Ok(out)
}

/// The results the history leaves standing, by key, and whether the last run also said
/// which checks it kept (so that a missing result can be told from one never kept).
fn replay(events: &[AuditEvent]) -> (BTreeMap<&str, Recorded<'_>>, bool) {
    let mut recorded = BTreeMap::new();
    let mut exact = false;
    for e in events
        .iter()
        .filter(|e| e.kind == audit::EventKind::ChecksRun)
    {
        for c in e.payload["checks"].as_array().into_iter().flatten() {
            let Some(key) = c["key"].as_str() else {
                continue;
            };
            recorded.insert(
                key,
                Recorded {
                    digest: c["digest"].as_str(),
                    state: &c["state"],
                    red_flags: c["red_flags"].as_u64(),
                },
            );
        }
        match e.payload["kept"].as_array() {
            Some(kept) => {
                recorded.retain(|k, _| kept.iter().any(|x| x.as_str() == Some(k)));
                exact = true;
            }
            None => exact = false,
        }
    }
    (recorded, exact)
}

/// How a stored result differs from the recorded one: by digest, or for runs recorded
/// before digests, by state and number of red flags.
fn differs(r: &CheckResult, rec: &Recorded<'_>) -> Option<String> {
    if let Some(d) = rec.digest {
        return (d != result_digest(r))
            .then(|| format!("its stored result is not the one its history recorded; {OUTSIDE}"));
    }
    let state = serde_json::to_value(r.state).unwrap_or_default();
    let flags = r
        .findings
        .iter()
        .filter(|f| f.signal == Signal::RedFlag)
        .count() as u64;
    if &state != rec.state {
        return Some(format!(
            "its state is {state} but its history says {}; {OUTSIDE}",
            rec.state
        ));
    }
    (rec.red_flags.is_some_and(|n| n != flags)).then(|| {
        format!(
            "it shows {flags} red flags but its history recorded {}; {OUTSIDE}",
            rec.red_flags.unwrap_or_default()
        )
    })
}
