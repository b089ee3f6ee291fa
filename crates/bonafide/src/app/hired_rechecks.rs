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
use crate::checks::duplicates::{OtherCase, shared_details, similar_resumes};
use crate::clock;
use crate::error::Result;
use crate::model::{CaseFilter, CaseId, Decision, StatusFilter};
use crate::store::Store;

impl App {
    /// Compares the case `changed` with every hired person's case and raises an alert on
    /// each that shares something with it, once per distinct finding. Returns how many
    /// alerts were raised.
    pub(super) fn recheck_hired_against(&self, changed: &CaseId) -> Result<u64> {
        let row = self.case_row(changed)?;
        let other = [OtherCase {
            id: row.id.to_string(),
            name: row.fields.display_name.clone(),
            fields: row.fields,
        }];
        let decided = CaseFilter {
            status: Some(StatusFilter::Decided),
            ..CaseFilter::default()
        };
        let mut raised = 0;
        for hired in self.list_cases(&decided)? {
            if hired.id == *changed
                || !matches!(
                    hired.decision,
                    Some(Decision::Proceed | Decision::ProceedWithConditions)
                )
                || self
                    .monitor_plan(&hired.id)?
                    .is_none_or(|p| p.completed.is_some())
            {
                continue;
            }
            let fields = self.case_row(&hired.id)?.fields;
            let mut found: Vec<String> = shared_details(&fields, &other)
                .into_iter()
                .filter(|d| d.case_id.is_some())
                .map(|d| format!("{} {} ({} there)", d.what, d.value, d.there))
                .collect();
            if !similar_resumes(&fields, &other).is_empty() {
                found.push("near-identical résumé text".into());
            }
            if found.is_empty() {
                continue;
            }
            let message = format!(
                "The case {} ({}), opened or changed after this person was hired, shares details with this case: {}. Find out whether the same people are applying again, and review this hire.",
                other[0].name,
                other[0].id,
                found.join("; ")
            );
            raised += u64::from(self.raise_alert(&hired.id, &other[0].id, &message)?);
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
