//! Screening a case, or one name, against the lists in force and the watchlist, and
//! storing what each screening used and found.
//!
//! A case is screened when it is opened, when its subject changes and after every list
//! change; a result identical to the latest one is not stored again, so the history shows
//! only screenings that said something new.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::dispositions::latest_disposition;
use super::{Disposition, ScreeningView};
use crate::app::App;
use crate::audit::EventKind;
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{CaseId, SubjectKind, clean_text};
use crate::screening::screen::{Hit, MATCHER_VERSION, Query, Subject, Thresholds, screen};
use crate::store::{DispositionRow, Store};

/// A list version as used by one screening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListUsed {
    /// Source id, or `watchlist`.
    pub list: String,
    /// Name shown to people.
    pub title: String,
    /// Publish date or version.
    pub published: Option<String>,
    /// SHA-256 of the version.
    pub sha256: String,
    /// Entries.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entity_count: u64,
    /// Stale when screened.
    pub stale: bool,
    /// True for the built-in watchlist of reported fronts (not a sanctions list).
    pub watchlist: bool,
    /// Who publishes the list, where known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub publisher: String,
    /// The terms its data comes under, when not a government's own publication.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub licence: String,
}

/// Everything one screening used and found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScreeningRecord {
    /// Id.
    pub id: String,
    /// When.
    pub screened_at: String,
    /// Who (or what) started it.
    pub screened_by: String,
    /// `case_opened`, `case_edited`, `list_loaded`, `manual`.
    pub reason: String,
    /// Matcher version.
    pub matcher_version: String,
    /// Thresholds in force.
    pub thresholds: Thresholds,
    /// Lists screened against.
    pub lists: Vec<ListUsed>,
    /// The names screened, normalised.
    pub queries: Vec<Query>,
    /// Identifiers screened (`kind: value`).
    pub identifiers: Vec<String>,
    /// Key of the screened subject; dispositions lapse when it changes.
    pub subject_key: String,
    /// Potential matches, best first.
    pub hits: Vec<Hit>,
}

/// An ad-hoc screening of one name (`bonafide screen`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdHocScreening {
    /// The name.
    pub query: String,
    /// Threshold used.
    pub threshold: f32,
    /// Lists used.
    pub lists: Vec<ListUsed>,
    /// Hits, best first.
    pub hits: Vec<Hit>,
}

impl App {
    /// Screens a case now and stores the result when anything differs from the latest
    /// screening (or always, when `reason` is `manual`).
    pub fn screen_case(&self, id: &CaseId) -> Result<ScreeningView> {
        self.run_screening(id, "manual", false)?;
        self.screening(id)
    }

    /// Screens and stores; returns the view and whether an alert was raised.
    pub(crate) fn run_screening(
        &self,
        id: &CaseId,
        reason: &str,
        alert_on_new: bool,
    ) -> Result<(ScreeningRecord, bool)> {
        let row = self.case_row(id)?;
        let loaded = self.loaded_index()?;
        let thresholds = self.screening_settings()?.thresholds;
        let subject = Subject::from_case(&row.fields);
        let (queries, hits) = screen(&loaded.index, &subject, thresholds);
        let previous: Option<ScreeningRecord> = self.latest_screening(id)?;
        let now = clock::now();
        let record = ScreeningRecord {
            id: uuid::Uuid::now_v7().to_string(),
            screened_at: now,
            screened_by: self.actor()?,
            reason: reason.to_string(),
            matcher_version: MATCHER_VERSION.to_string(),
            thresholds,
            lists: loaded.lists.clone(),
            queries,
            identifiers: identifiers_of(&subject),
            subject_key: subject_key(&subject),
            hits,
        };
        if same_result(previous.as_ref(), &record) && reason != "manual" {
            return Ok((previous.expect("same implies some"), false));
        }
        let dispositions = self.store().dispositions(id)?;
        let new_hits = new_hits(&record, previous.as_ref(), &dispositions);
        let alert = alert_on_new && !new_hits.is_empty();
        let message = alert_message(&new_hits, &record.lists);
        self.store_screening(id, &record, reason, alert.then_some(message.as_str()))?;
        Ok((record, alert))
    }

    /// Stores a screening with its audit event, and the alert when one is raised, in one
    /// transaction.
    fn store_screening(
        &self,
        id: &CaseId,
        record: &ScreeningRecord,
        reason: &str,
        alert: Option<&str>,
    ) -> Result<()> {
        let now = &record.screened_at;
        let json = serde_json::to_string(record).map_err(|e| {
            Error::Invalid(vec![crate::model::FieldError {
                field: "screening".into(),
                message: e.to_string(),
            }])
        })?;
        let actor = self.actor()?;
        self.store().write(|tx| {
            Store::insert_screening(tx, &record.id, id, now, &json)?;
            crate::store::append_event(
                tx,
                id.as_str(),
                now,
                &actor,
                EventKind::ScreeningRecorded,
                None,
                json!({
                    "screening_id": record.id,
                    "reason": reason,
                    "lists": record.lists.iter().map(|l| json!({"list": l.list, "sha256": l.sha256})).collect::<Vec<_>>(),
                    "hits": record.hits.iter().map(|h| json!({"list": h.list, "entry_id": h.entry_id, "score": h.score})).collect::<Vec<_>>(),
                }),
            )?;
            if let Some(message) = alert {
                Store::insert_alert(tx, id, &record.id, now, message)?;
            }
            Ok(())
        })?;
        Ok(())
    }

    /// The latest stored screening of a case, if it was ever screened.
    pub(super) fn latest_screening(&self, id: &CaseId) -> Result<Option<ScreeningRecord>> {
        let Some(json) = self.store().latest_screening_json(id)? else {
            return Ok(None);
        };
        serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| Error::Store(crate::store::decode("screenings", e.to_string())))
    }

    /// Screens one name against the lists in force (`bonafide screen`). Nothing is stored.
    pub fn screen_name(
        &self,
        name: &str,
        kind: Option<SubjectKind>,
        threshold: Option<f32>,
    ) -> Result<AdHocScreening> {
        let name = clean_text(name, crate::model::MAX_SHORT_TEXT, false)
            .map_err(|m| Error::invalid("name", m))?;
        if name.trim().is_empty() {
            return Err(Error::invalid("name", "give a name to screen"));
        }
        let mut thresholds = self.screening_settings()?.thresholds;
        if let Some(t) = threshold {
            if !(0.0..=1.0).contains(&t) {
                return Err(Error::invalid(
                    "threshold",
                    "give a threshold between 0 and 1",
                ));
            }
            thresholds.review = t;
            thresholds.strong = thresholds.strong.max(t);
        }
        let loaded = self.loaded_index()?;
        let (_, hits) = screen(&loaded.index, &Subject::name(&name, kind), thresholds);
        Ok(AdHocScreening {
            query: name,
            threshold: thresholds.review,
            lists: loaded.lists.clone(),
            hits,
        })
    }
}

/// Whether a new screening found what the previous one did, with the same lists, subject,
/// thresholds and matcher: then there is nothing new to store.
fn same_result(previous: Option<&ScreeningRecord>, record: &ScreeningRecord) -> bool {
    previous.is_some_and(|p| {
        p.lists == record.lists
            && p.subject_key == record.subject_key
            && p.thresholds == record.thresholds
            && p.matcher_version == record.matcher_version
            && p.hits == record.hits
    })
}

/// The hits worth an alert: not in the previous screening, and not already cleared as a
/// false positive for this subject and this version of the entry.
fn new_hits<'a>(
    record: &'a ScreeningRecord,
    previous: Option<&ScreeningRecord>,
    dispositions: &[DispositionRow],
) -> Vec<&'a Hit> {
    record
        .hits
        .iter()
        .filter(|h| {
            let before = previous.is_some_and(|p| {
                p.hits
                    .iter()
                    .any(|o| o.list == h.list && o.entry_id == h.entry_id)
            });
            let suppressed = latest_disposition(dispositions, h).is_some_and(|d| {
                d.disposition == Disposition::FalsePositive.as_str()
                    && d.subject_key == record.subject_key
                    && d.entry_key == h.entry_key
            });
            // A person charged but not sanctioned is context: never an alert.
            !before && !suppressed && !h.is_context_only()
        })
        .collect()
}

/// The alert text naming each new potential match with its list and score.
fn alert_message(new_hits: &[&Hit], lists: &[ListUsed]) -> String {
    format!(
        "{} new potential match{} after a list update: {}",
        new_hits.len(),
        if new_hits.len() == 1 { "" } else { "es" },
        new_hits
            .iter()
            .map(|h| format!(
                "{} ({}, {:.2})",
                h.name,
                list_title(lists, &h.list),
                h.score
            ))
            .collect::<Vec<_>>()
            .join("; ")
    )
}

/// The name of a list as shown to people.
fn list_title<'a>(lists: &'a [ListUsed], list: &str) -> &'a str {
    lists
        .iter()
        .find(|l| l.list == list)
        .map(|l| l.title.as_str())
        .unwrap_or("list")
}

/// Dispositions follow the names and details a match is judged on; adding an e-mail
/// address does not reopen a reviewed name match.
fn subject_key(s: &Subject) -> String {
    Subject {
        emails: Vec::new(),
        websites: Vec::new(),
        phones: Vec::new(),
        wallets: Vec::new(),
        ..s.clone()
    }
    .key()
}

/// The identifiers of a subject as the record lists them (`kind: value`).
fn identifiers_of(s: &Subject) -> Vec<String> {
    let mut out = Vec::new();
    for (label, values) in [
        ("e-mail", &s.emails),
        ("website", &s.websites),
        ("phone", &s.phones),
        ("wallet", &s.wallets),
    ] {
        for v in values {
            out.push(format!("{label}: {v}"));
        }
    }
    out
}
