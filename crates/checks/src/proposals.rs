//! Turning the latest results into proposed outcomes for the checklist items they inform.
//! The user confirms each proposal; the rules here only make sure nothing that did not
//! run is ever proposed as a pass.

use serde::{Deserialize, Serialize};

use bonafide_model::Outcome;

use crate::items;
use crate::result::{CheckResult, CheckState, Finding, Signal};

/// What the checks propose for one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckProposal {
    /// Item.
    pub item_id: String,
    /// Proposed outcome.
    pub outcome: Outcome,
    /// Why; becomes the item's note when accepted.
    pub summary: String,
}

/// Proposed outcomes from the latest results: a red flag proposes a concern; a check that
/// did not run leaves the item pending (never passed); otherwise all-good findings
/// propose a pass. Copied content is never passed automatically, as part of it is manual.
pub fn propose(results: &[CheckResult]) -> Vec<CheckProposal> {
    let mut out = Vec::new();
    for item in items::ALL {
        let relevant: Vec<&CheckResult> = results
            .iter()
            .filter(|r| r.item_ids.iter().any(|i| i == item))
            .collect();
        if relevant.is_empty() {
            continue;
        }
        let findings: Vec<&Finding> = relevant
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.item_id == *item)
            .collect();
        let not_run: Vec<String> = relevant
            .iter()
            .filter(|r| r.state != CheckState::Done)
            .map(|r| {
                format!(
                    "{} for {}: {}",
                    r.kind.label(),
                    r.target,
                    r.state.describe()
                )
            })
            .collect();
        let reds: Vec<&str> = findings
            .iter()
            .filter(|f| f.signal == Signal::RedFlag)
            .map(|f| f.summary.as_str())
            .collect();
        let mut summary;
        let outcome = if !reds.is_empty() {
            summary = reds.join(". ");
            Outcome::Concern
        } else if !not_run.is_empty() {
            summary = String::from("Not complete");
            Outcome::Pending
        } else if findings.is_empty() {
            continue;
        } else if *item == items::COPIED || findings.iter().all(|f| f.signal == Signal::Info) {
            summary = findings
                .iter()
                .map(|f| f.summary.as_str())
                .collect::<Vec<_>>()
                .join(". ");
            Outcome::Pending
        } else {
            summary = findings
                .iter()
                .map(|f| f.summary.as_str())
                .collect::<Vec<_>>()
                .join(". ");
            Outcome::Pass
        };
        if !not_run.is_empty() {
            summary.push_str(&format!(
                ". Not run: {}. Retry from a working network.",
                not_run.join("; ")
            ));
        } else if !summary.ends_with('.') {
            summary.push('.');
        }
        out.push(CheckProposal {
            item_id: item.to_string(),
            outcome,
            summary: format!("Automated checks: {summary}"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::CheckKind;

    fn result(
        kind: CheckKind,
        item: &str,
        state: CheckState,
        signal: Option<Signal>,
    ) -> CheckResult {
        CheckResult {
            key: format!("{kind:?}"),
            kind,
            target: "acme.example".into(),
            item_ids: vec![item.into()],
            state,
            message: String::new(),
            findings: signal
                .map(|s| {
                    vec![Finding::new(
                        item,
                        s,
                        "acme.example",
                        format!("{s:?} finding"),
                    )]
                })
                .unwrap_or_default(),
            evidence: Vec::new(),
            started_at: String::new(),
            finished_at: String::new(),
        }
    }

    #[test]
    fn proposals_never_pass_what_did_not_run() {
        use CheckState::*;
        let p = propose(&[result(
            CheckKind::Registration,
            items::DOMAIN_AGE,
            NotRunOffline,
            None,
        )]);
        assert_eq!(p[0].outcome, Outcome::Pending);
        assert!(
            p[0].summary.contains("not run — offline"),
            "{}",
            p[0].summary
        );

        let p = propose(&[result(
            CheckKind::Registration,
            items::DOMAIN_AGE,
            Done,
            Some(Signal::Ok),
        )]);
        assert_eq!(p[0].outcome, Outcome::Pass);

        let p = propose(&[
            result(
                CheckKind::Registration,
                items::DOMAIN_AGE,
                Done,
                Some(Signal::RedFlag),
            ),
            result(
                CheckKind::Registration,
                items::DOMAIN_AGE,
                NotRunTimedOut,
                None,
            ),
        ]);
        assert_eq!(p[0].outcome, Outcome::Concern);
        assert!(p[0].summary.contains("RedFlag finding"));
        assert!(p[0].summary.contains("timed out"));

        let p = propose(&[result(
            CheckKind::CopiedContent,
            items::COPIED,
            Done,
            Some(Signal::Ok),
        )]);
        assert_eq!(p[0].outcome, Outcome::Pending);
    }
}
