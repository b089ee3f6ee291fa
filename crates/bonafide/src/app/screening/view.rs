//! A case's screening as the case screen and the record show it: the latest screening,
//! its hits with their dispositions, what it proposes for the screening items, and the
//! case's alerts.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::alerts::alert_view;
use super::dispositions::hit_views;
use super::proposals::proposals;
use super::{AlertView, HitView, Proposal, ScreeningRecord};
use crate::app::App;
use crate::error::Result;
use crate::model::CaseId;
use crate::store::DispositionRow;

/// A case's screening as shown on the case screen and in the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScreeningView {
    /// The latest screening, if the case was screened.
    pub screening: Option<ScreeningRecord>,
    /// Its hits with dispositions.
    pub hits: Vec<HitView>,
    /// Proposed outcomes for the screening items.
    pub proposals: Vec<Proposal>,
    /// Alerts for this case, newest first.
    pub alerts: Vec<AlertView>,
    /// How many screenings the case has had.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub screening_count: i64,
}

impl App {
    /// A case's latest screening with dispositions, proposals and alerts.
    pub fn screening(&self, id: &CaseId) -> Result<ScreeningView> {
        self.screening_with_dispositions(id).map(|(view, _)| view)
    }

    /// [`App::screening`] and every disposition of the case, read once for both.
    fn screening_with_dispositions(
        &self,
        id: &CaseId,
    ) -> Result<(ScreeningView, Vec<DispositionRow>)> {
        let row = self.case_row(id)?;
        let screening = self.latest_screening(id)?;
        let store = self.store();
        let dispositions = store.dispositions(id)?;
        let alerts = store.alerts(Some(id), false)?;
        let screening_count = store.screening_count(id)?;
        drop(store);
        let hits: Vec<HitView> = screening
            .as_ref()
            .map(|s| hit_views(s, &dispositions))
            .unwrap_or_default();
        let proposals = screening
            .as_ref()
            .map(|s| proposals(s, &hits))
            .unwrap_or_default();
        let view = ScreeningView {
            screening,
            hits,
            proposals,
            alerts: alerts
                .into_iter()
                .map(|a| alert_view(a, &row.fields.display_name))
                .collect(),
            screening_count,
        };
        Ok((view, dispositions))
    }

    /// The potential matches of a case's latest screening that still wait for a
    /// disposition (context-only resemblances never do): how many, the item they belong
    /// to, and when the screening ran. `None` when nothing waits.
    pub(crate) fn undisposed_hits(
        &self,
        id: &CaseId,
    ) -> Result<Option<(u32, &'static str, String)>> {
        let Some(s) = self.latest_screening(id)? else {
            return Ok(None);
        };
        let dispositions = self.store().dispositions(id)?;
        let waiting: Vec<HitView> = hit_views(&s, &dispositions)
            .into_iter()
            .filter(|h| h.disposition.is_none() && !h.hit.is_context_only())
            .collect();
        let Some(first) = waiting.first() else {
            return Ok(None);
        };
        let item = if first.hit.is_watchlist() {
            super::WATCHLIST_ITEM
        } else {
            super::NAMES_ITEM
        };
        Ok(Some((waiting.len() as u32, item, s.screened_at)))
    }

    /// The latest screening with dispositions, for the canonical record.
    pub(crate) fn screening_for_record(&self, id: &CaseId) -> Result<Vec<serde_json::Value>> {
        let (view, dispositions) = self.screening_with_dispositions(id)?;
        let Some(s) = view.screening else {
            return Ok(Vec::new());
        };
        let mut value = json!({
            "screening": s,
            "dispositions": dispositions,
            "proposals": view.proposals,
        });
        round_floats(&mut value);
        Ok(vec![value])
    }
}

/// Scores are `f32`; widened to JSON's `f64` they show noise digits (0.86168267…).
/// Four decimals are what a reviewer reads and what the record keeps.
fn round_floats(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(0.0);
            if let Some(r) = serde_json::Number::from_f64((x * 10_000.0).round() / 10_000.0) {
                *n = r;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(round_floats),
        serde_json::Value::Object(map) => map.values_mut().for_each(round_floats),
        _ => {}
    }
}
