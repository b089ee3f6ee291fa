//! Decisions on the [`App`] façade: recording who decided what about a case, and why.
//!
//! Each decision signs off the case's material fingerprint at that moment, so a later
//! change to the material shows the decision as stale instead of silently carrying it.

use serde_json::json;

use super::validation::required;
use super::{App, DecisionRecord};
use crate::audit::EventKind;
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{CaseId, Decision, MAX_LONG_TEXT, MAX_SHORT_TEXT};
use crate::store::{DecisionRow, Store};

impl App {
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
            recorded_by: self.actor()?,
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
        self.anchor_if_time_stamped();
        Ok(DecisionRecord {
            decision: row.decision,
            rationale: row.rationale,
            reviewer: row.reviewer,
            decided_at: row.decided_at,
            recorded_by: row.recorded_by,
            material_fingerprint: row.material_fingerprint,
        })
    }
}
