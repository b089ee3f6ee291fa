//! Re-checking hired people against each new case, on the [`App`] façade.
//!
//! A fraud ring that placed one worker applies again under new names with the same
//! phones, payout accounts and résumés. Screening of a hired person re-runs with every new
//! list version; this runs the duplicate search for every hired person whose monitoring
//! is running whenever a case is opened or edited, and raises an alert on the hired
//! person's case when the new case shares a detail or a résumé with it.

use serde_json::json;

use super::App;
use crate::audit::EventKind;
use std::collections::BTreeMap;

use crate::checks::duplicates::{shared_details, similar_resumes};
use crate::clock;
use crate::error::Result;
use crate::model::CaseId;
use crate::store::Store;

impl App {
    /// Compares the case `changed` with every hired person's case and raises an alert on
    /// each that shares something with it, once per distinct finding. Returns how many
    /// alerts were raised.
    pub(super) fn recheck_hired_against(&self, changed: &CaseId) -> Result<u64> {
        let row = self.case_row(changed)?;
        // One read of every other case, searched in memory as the duplicate check does;
        // only the cases that share something are then asked whether they are a hire, so
        // a save costs no per-case queries when nothing is shared.
        let others = self.store().other_case_fields(changed)?;
        let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for d in shared_details(&row.fields, &others) {
            if let Some(other) = d.case_id {
                found
                    .entry(other)
                    .or_default()
                    .push(format!("{} {} ({} there)", d.what, d.value, d.here));
            }
        }
        for s in similar_resumes(&row.fields, &others) {
            found
                .entry(s.case_id)
                .or_default()
                .push("near-identical résumé text".into());
        }
        let mut raised = 0;
        for (other, shared) in found {
            let hired = CaseId::from_stored(other);
            // A plan exists only while a decision to proceed is in force.
            if self.plan_of(&hired)?.is_none_or(|p| p.completed.is_some()) {
                continue;
            }
            let message = format!(
                "The case {} ({}), opened or changed after this person was hired, shares details with this case: {}. Find out whether the same people are applying again, and review this hire.",
                row.fields.display_name,
                row.id,
                shared.join("; ")
            );
            raised += u64::from(self.raise_alert(&hired, row.id.as_str(), &message)?);
        }
        Ok(raised)
    }

    /// Raises an alert from the duplicate re-check, unless the same one is already there.
    fn raise_alert(&self, case: &CaseId, other: &str, message: &str) -> Result<bool> {
        let origin = format!("duplicates:{other}");
        let known = self
            .store()
            .alerts(Some(case), false)?
            .into_iter()
            .any(|a| a.screening_id == origin && a.message == message);
        if known {
            return Ok(false);
        }
        let (now, actor) = (clock::now(), self.actor()?);
        self.store().write(|tx| {
            Store::insert_alert(tx, case, &origin, &now, message)?;
            crate::store::append_event(
                tx,
                case.as_str(),
                &now,
                &actor,
                EventKind::AlertRaised,
                None,
                json!({"origin": "duplicates", "other_case": other, "message": message}),
            )?;
            Ok(())
        })?;
        Ok(true)
    }
}
