//! Dispositions: how a reviewer resolved each potential match, and whether that still
//! applies to the subject and the listed entry as they are now.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{NAMES_ITEM, ScreeningRecord, ScreeningView, WATCHLIST_ITEM};
use crate::app::App;
use crate::audit::EventKind;
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{CaseId, MAX_LONG_TEXT, clean_text};
use crate::screening::screen::Hit;
use crate::store::{DispositionRow, Store};

/// How a reviewer resolved a potential match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    /// The subject is the listed party.
    TrueMatch,
    /// The subject is not the listed party.
    FalsePositive,
    /// Not resolved yet; more information is needed.
    NeedsReview,
}

impl Disposition {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Disposition::TrueMatch => "true_match",
            Disposition::FalsePositive => "false_positive",
            Disposition::NeedsReview => "needs_review",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Disposition> {
        [
            Disposition::TrueMatch,
            Disposition::FalsePositive,
            Disposition::NeedsReview,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }

    /// The words shown to people.
    pub fn word(self) -> &'static str {
        match self {
            Disposition::TrueMatch => "True match",
            Disposition::FalsePositive => "False positive",
            Disposition::NeedsReview => "Needs review",
        }
    }
}

/// A disposition as it applies to a hit now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DispositionView {
    /// The disposition.
    pub disposition: Disposition,
    /// Why.
    pub rationale: String,
    /// Who.
    pub decided_by: String,
    /// When.
    pub decided_at: String,
    /// False when the subject or the entry changed since: the disposition no longer
    /// applies and the hit needs review again.
    pub current: bool,
}

/// A hit with its disposition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HitView {
    /// The hit.
    pub hit: Hit,
    /// The latest disposition for this subject and entry, if any.
    pub disposition: Option<DispositionView>,
}

impl HitView {
    /// The disposition that still applies to this hit, if any.
    pub(super) fn resolved_as(&self) -> Option<Disposition> {
        self.disposition
            .as_ref()
            .filter(|d| d.current)
            .map(|d| d.disposition)
    }
}

impl App {
    /// Records a disposition for a hit of the latest screening.
    pub fn set_disposition(
        &self,
        id: &CaseId,
        list: &str,
        entry_id: &str,
        disposition: Disposition,
        rationale: &str,
    ) -> Result<ScreeningView> {
        let screening = self
            .latest_screening(id)?
            .ok_or_else(|| Error::invalid("hit", "this case has not been screened yet"))?;
        let hit = screening
            .hits
            .iter()
            .find(|h| h.list == list && h.entry_id == entry_id)
            .ok_or_else(|| {
                Error::invalid(
                    "hit",
                    format!("the latest screening has no potential match {list}/{entry_id}"),
                )
            })?;
        let rationale = clean_text(rationale, MAX_LONG_TEXT, true)
            .map_err(|m| Error::invalid("rationale", m))?;
        if rationale.trim().is_empty() {
            return Err(Error::invalid(
                "rationale",
                "say why: which identifying details differ or agree (date of birth, nationality, \
                 address, photo, identifiers)",
            ));
        }
        let now = clock::now();
        let actor = self.actor()?;
        let row = DispositionRow {
            list: list.to_string(),
            entry_id: entry_id.to_string(),
            subject_key: screening.subject_key.clone(),
            entry_key: hit.entry_key.clone(),
            disposition: disposition.as_str().to_string(),
            rationale,
            decided_by: actor.clone(),
            decided_at: now.clone(),
        };
        self.store().write(|tx| {
            Store::insert_disposition(tx, id, &row)?;
            crate::store::append_event(
                tx,
                id.as_str(),
                &now,
                &actor,
                EventKind::DispositionRecorded,
                Some(if hit.is_watchlist() {
                    WATCHLIST_ITEM
                } else {
                    NAMES_ITEM
                }),
                json!({
                    "list": row.list,
                    "entry_id": row.entry_id,
                    "name": hit.name,
                    "disposition": row.disposition,
                    "rationale": row.rationale,
                    "score": hit.score,
                }),
            )?;
            Ok(())
        })?;
        self.screening(id)
    }
}

/// The latest disposition recorded for this hit's list entry.
pub(super) fn latest_disposition<'a>(
    ds: &'a [DispositionRow],
    h: &Hit,
) -> Option<&'a DispositionRow> {
    ds.iter()
        .rev()
        .find(|d| d.list == h.list && d.entry_id == h.entry_id)
}

/// The hits of a screening, each with the latest disposition of its entry and whether
/// that disposition still applies.
pub(super) fn hit_views(s: &ScreeningRecord, dispositions: &[DispositionRow]) -> Vec<HitView> {
    s.hits
        .iter()
        .map(|h| HitView {
            hit: h.clone(),
            disposition: latest_disposition(dispositions, h).map(|d| DispositionView {
                disposition: Disposition::parse(&d.disposition).unwrap_or(Disposition::NeedsReview),
                rationale: d.rationale.clone(),
                decided_by: d.decided_by.clone(),
                decided_at: d.decided_at.clone(),
                current: d.subject_key == s.subject_key && d.entry_key == h.entry_key,
            }),
        })
        .collect()
}
