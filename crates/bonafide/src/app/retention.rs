//! How long a case's record is kept.
//!
//! OFAC's record-keeping rule (31 CFR 501.601, ten years since March 2025) is the default:
//! a case is kept for `retention.years` after its last decision, or after it was opened
//! while it is undecided. Reaching the date only marks the case "past retention"; nothing
//! is ever deleted without a person choosing to delete it and confirming.

use serde::{Deserialize, Serialize};
use time::Date;

use super::App;
use crate::clock;
use crate::error::{Error, Result};

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
}
