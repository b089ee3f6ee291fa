//! How long a case's record is kept.
//!
//! OFAC's record-keeping rule (31 CFR 501.601, ten years since March 2025) is the default:
//! a case is kept for `retention.years` after its last decision, or after it was opened
//! while it is undecided. Reaching the date only marks the case "past retention"; nothing
//! is ever deleted without a person choosing to delete it and confirming.
//!
//! A case deleted inside its period keeps its history until the period ends
//! ([`KeptHistory`]); erasing such histories afterwards is again a person's choice.

use serde::{Deserialize, Serialize};
use time::Date;

use super::App;
use crate::audit::{EventKind, GLOBAL_STREAM};
use crate::clock;
use crate::error::{Error, Result};
use crate::store::Store;

/// The default period: OFAC's record-keeping period.
pub const DEFAULT_RETENTION_YEARS: u32 = 10;
/// The longest period accepted.
pub const MAX_RETENTION_YEARS: u32 = 100;
const SETTING: &str = "retention.years";

/// The date the retention period counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RetentionFrom {
    /// The last decision.
    Decision,
    /// The opening of a case that has no decision yet.
    Opened,
}

/// How long one case is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Retention {
    /// The configured period in years.
    pub years: u32,
    /// What the period counts from.
    pub from: RetentionFrom,
    /// That date, `YYYY-MM-DD`.
    pub since: String,
    /// Keep at least until this date, `YYYY-MM-DD`.
    pub keep_until: String,
    /// The date has passed: the case may be deleted, if a person decides to.
    pub due: bool,
}

/// `date` plus `years`, with 29 February becoming 28 February in a common year.
fn add_years(date: Date, years: u32) -> Date {
    let year = date.year() + years as i32;
    date.replace_year(year)
        .or_else(|_| date.replace_day(28).and_then(|d| d.replace_year(year)))
        .unwrap_or(Date::MAX)
}

/// The retention of a case opened at `created_at` whose last decision (if any) was at
/// `decided_at` (timestamps as stored), judged on `today`.
pub fn retention(years: u32, created_at: &str, decided_at: Option<&str>, today: Date) -> Retention {
    let (from, at) = match decided_at {
        Some(d) => (RetentionFrom::Decision, d),
        None => (RetentionFrom::Opened, created_at),
    };
    let since = at.get(..10).and_then(clock::parse_date).unwrap_or(today);
    let until = add_years(since, years);
    Retention {
        years,
        from,
        since: since.to_string(),
        keep_until: until.to_string(),
        due: today > until,
    }
}

impl App {
    /// The retention period in years (default [`DEFAULT_RETENTION_YEARS`]).
    pub fn retention_years(&self) -> Result<u32> {
        Ok(self
            .store()
            .setting(SETTING)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_RETENTION_YEARS))
    }

    /// Sets the retention period. It only changes the dates shown; nothing is deleted.
    pub fn set_retention_years(&self, years: u32) -> Result<u32> {
        if !(1..=MAX_RETENTION_YEARS).contains(&years) {
            return Err(Error::invalid(
                "years",
                format!("the retention period must be 1 to {MAX_RETENTION_YEARS} years"),
            ));
        }
        self.write_settings("retention", &[(SETTING.to_string(), years.to_string())])?;
        Ok(years)
    }

    /// Cases whose retention date has passed, earliest date first. Listing them deletes
    /// nothing.
    pub fn cases_past_retention(&self) -> Result<Vec<super::CaseSummary>> {
        let mut due: Vec<_> = self
            .list_cases(&Default::default())?
            .into_iter()
            .filter(|c| c.retention.due)
            .collect();
        due.sort_by(|a, b| a.retention.keep_until.cmp(&b.retention.keep_until));
        Ok(due)
    }
}

/// The history of a case deleted inside its retention period, kept until the period ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeptHistory {
    /// The deleted case.
    pub case_id: String,
    /// Its name when it was deleted.
    pub display_name: String,
    /// When it was deleted.
    pub deleted_at: String,
    /// Who deleted it.
    pub deleted_by: String,
    /// Why, as given.
    pub reason: Option<String>,
    /// The end of its retention period, `YYYY-MM-DD`.
    pub keep_until: String,
    /// Events in the kept history.
    pub events: u32,
    /// The period has ended: the history may be erased, if a person decides to.
    pub due: bool,
}

impl App {
    /// The histories of deleted cases that are still kept, earliest end of period first.
    pub fn kept_histories(&self) -> Result<Vec<KeptHistory>> {
        let store = self.store();
        kept_histories(&store, clock::today())
    }

    /// Erases the kept histories whose retention period has ended, recording each erasure
    /// (with the erased chain's head) in the global history. Returns what was erased.
    pub fn erase_histories_past_retention(&self) -> Result<Vec<KeptHistory>> {
        self.erase_histories_due_on(clock::today())
    }

    /// [`App::erase_histories_past_retention`] as judged on `today`.
    fn erase_histories_due_on(&self, today: Date) -> Result<Vec<KeptHistory>> {
        let actor = self.actor()?;
        let mut store = self.store();
        let due: Vec<KeptHistory> = kept_histories(&store, today)?
            .into_iter()
            .filter(|h| h.due)
            .collect();
        let mut heads = Vec::new();
        for h in &due {
            heads.push(store.events(&h.case_id)?.last().map(|e| e.hash.clone()));
        }
        let now = clock::now();
        store.write(|tx| {
            for (h, head) in due.iter().zip(&heads) {
                Store::erase_history(tx, &h.case_id)?;
                crate::store::append_event(
                    tx,
                    GLOBAL_STREAM,
                    &now,
                    &actor,
                    EventKind::HistoryErased,
                    None,
                    serde_json::json!({
                        "case_id": h.case_id,
                        "display_name": h.display_name,
                        "events": h.events,
                        "chain_head": head,
                        "keep_until": h.keep_until,
                    }),
                )?;
            }
            Ok(())
        })?;
        Ok(due)
    }
}

/// Every deleted case whose history is still in the database, from the deletion events.
fn kept_histories(store: &Store, today: Date) -> Result<Vec<KeptHistory>> {
    let mut out = Vec::new();
    for e in store.events(GLOBAL_STREAM)? {
        if e.kind != EventKind::CaseDeleted || e.payload["history_kept"] != true {
            continue;
        }
        let Some(case_id) = e.payload["case_id"].as_str() else {
            continue;
        };
        let events = store.events(case_id)?.len() as u32;
        if events == 0 {
            continue;
        }
        let text = |k: &str| e.payload[k].as_str().unwrap_or_default().to_string();
        let keep_until = text("keep_until");
        out.push(KeptHistory {
            case_id: case_id.to_string(),
            display_name: text("display_name"),
            deleted_at: e.at.clone(),
            deleted_by: e.actor.clone(),
            reason: e.payload["reason"].as_str().map(str::to_string),
            due: clock::parse_date(&keep_until).is_some_and(|d| today > d),
            keep_until,
            events,
        });
    }
    out.sort_by(|a, b| a.keep_until.cmp(&b.keep_until));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn counts_from_the_last_decision_else_the_opening() {
        let today = date!(2026 - 11 - 24);
        let open = retention(10, "2020-01-05T10:00:00.000Z", None, today);
        assert_eq!(open.from, RetentionFrom::Opened);
        assert_eq!(
            (open.since.as_str(), open.keep_until.as_str()),
            ("2020-01-05", "2030-01-05")
        );
        assert!(!open.due);
        let decided = retention(
            5,
            "2015-01-05T10:00:00.000Z",
            Some("2016-02-29T09:00:00.000Z"),
            today,
        );
        assert_eq!(decided.from, RetentionFrom::Decision);
        assert_eq!(
            decided.keep_until, "2021-02-28",
            "29 February in a common year"
        );
        assert!(decided.due);
        // Due only after the date, not on it.
        let edge = retention(1, "2025-11-24T00:00:00.000Z", None, today);
        assert_eq!(edge.keep_until, "2026-11-24");
        assert!(!edge.due);
    }

    #[test]
    fn a_case_deleted_inside_its_period_keeps_its_history_until_the_period_ends() {
        let dir = tempfile::tempdir().unwrap();
        let (key, _) = crate::vault::create_key(dir.path(), None).unwrap();
        let app = App::open(dir.path(), &key, Some("Tester".into())).unwrap();
        let fields = crate::model::CaseFields {
            kind: crate::model::SubjectKind::Person,
            display_name: "Gone Early".into(),
            ..Default::default()
        };
        let id = app.create_case(&fields).unwrap();
        app.delete_case(&id, Some("opened by mistake")).unwrap();
        let kept = app.kept_histories().unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(
            (
                kept[0].case_id.as_str(),
                kept[0].reason.as_deref(),
                kept[0].due
            ),
            (id.as_str(), Some("opened by mistake"), false)
        );
        assert!(app.verify().unwrap().is_intact());
        // Before the period ends nothing is erased.
        assert!(app.erase_histories_past_retention().unwrap().is_empty());
        assert_eq!(
            app.store().events(id.as_str()).unwrap().len() as u32,
            kept[0].events
        );
        // After it, the history goes and the erasure is recorded with the erased head.
        let erased = app.erase_histories_due_on(date!(2100 - 01 - 01)).unwrap();
        assert_eq!(erased.len(), 1);
        assert!(app.store().events(id.as_str()).unwrap().is_empty());
        assert!(app.kept_histories().unwrap().is_empty());
        let global = app.store().events(GLOBAL_STREAM).unwrap();
        let last = global.last().unwrap();
        assert_eq!(last.kind, EventKind::HistoryErased);
        assert_eq!(last.payload["case_id"], id.as_str());
        assert!(app.verify().unwrap().is_intact());
    }
}
