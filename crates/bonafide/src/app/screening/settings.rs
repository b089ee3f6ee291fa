//! Screening settings: the thresholds a potential match is judged by, how old a list may
//! get before it is flagged stale, how far back a list change re-screens, and where each
//! list is downloaded from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::error::{Error, Result};
use crate::screening::lists::ListSource;
use crate::screening::screen::Thresholds;

const MAX_AGE_SETTING: &str = "lists.max_age_days";
const REVIEW_SETTING: &str = "screening.review_threshold";
const STRONG_SETTING: &str = "screening.strong_threshold";
const RETENTION_SETTING: &str = "retention_years";
const URL_SETTING_PREFIX: &str = "lists.url.";

/// Screening settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScreeningSettings {
    /// A list older than this many days is flagged stale on every screening.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub max_age_days: i64,
    /// Score thresholds.
    pub thresholds: Thresholds,
    /// Cases decided within this many years are re-screened when a list changes (OFAC's
    /// record-keeping period is 10 years).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub retention_years: i64,
    /// Download URL per list source id.
    pub urls: BTreeMap<String, String>,
}

impl App {
    /// Screening settings (defaults where none were saved).
    pub fn screening_settings(&self) -> Result<ScreeningSettings> {
        let store = self.store();
        let num = |key: &str| -> Result<Option<f64>> {
            Ok(store.setting(key)?.and_then(|v| v.parse().ok()))
        };
        let defaults = Thresholds::default();
        let mut urls = BTreeMap::new();
        for s in ListSource::ALL {
            let url = store
                .setting(&format!("{URL_SETTING_PREFIX}{}", s.id()))?
                .unwrap_or_else(|| s.default_url().to_string());
            urls.insert(s.id().to_string(), url);
        }
        Ok(ScreeningSettings {
            max_age_days: num(MAX_AGE_SETTING)?.map(|v| v as i64).unwrap_or(31),
            thresholds: Thresholds {
                review: num(REVIEW_SETTING)?
                    .map(|v| v as f32)
                    .unwrap_or(defaults.review),
                strong: num(STRONG_SETTING)?
                    .map(|v| v as f32)
                    .unwrap_or(defaults.strong),
            },
            retention_years: num(RETENTION_SETTING)?.map(|v| v as i64).unwrap_or(10),
            urls,
        })
    }

    /// Saves screening settings after checking them.
    pub fn set_screening_settings(&self, s: &ScreeningSettings) -> Result<ScreeningSettings> {
        let t = s.thresholds;
        if !(0.5..=1.0).contains(&t.review)
            || !(0.5..=1.0).contains(&t.strong)
            || t.strong < t.review
        {
            return Err(Error::invalid(
                "thresholds",
                "thresholds must be between 0.5 and 1.0, and the strong one at least the review one",
            ));
        }
        if !(1..=3650).contains(&s.max_age_days) {
            return Err(Error::invalid(
                "max_age_days",
                "give a number of days between 1 and 3650",
            ));
        }
        if !(1..=100).contains(&s.retention_years) {
            return Err(Error::invalid(
                "retention_years",
                "give a number of years between 1 and 100",
            ));
        }
        for (source, url) in &s.urls {
            if ListSource::from_id(source).is_none() {
                return Err(Error::invalid("urls", format!("unknown list {source:?}")));
            }
            crate::model::check_web_url(url).map_err(|m| Error::invalid("urls", m))?;
        }
        let mut values = vec![
            (MAX_AGE_SETTING.to_string(), s.max_age_days.to_string()),
            (REVIEW_SETTING.to_string(), t.review.to_string()),
            (STRONG_SETTING.to_string(), t.strong.to_string()),
            (RETENTION_SETTING.to_string(), s.retention_years.to_string()),
        ];
        for (source, url) in &s.urls {
            values.push((format!("{URL_SETTING_PREFIX}{source}"), url.clone()));
        }
        self.write_settings("screening", &values)?;
        self.screening_settings()
    }
}
