//! Screening on the [`App`] façade: loading lists, screening cases, dispositions, alerts
//! and the proposals screening makes for its checklist items.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::App;
use crate::audit::{EventKind, GLOBAL_STREAM};
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{CaseId, MAX_LONG_TEXT, Outcome, SubjectKind, clean_text};
use crate::screening::entry::ListEntry;
use crate::screening::index::Index;
use crate::screening::lists::{
    InputFile, ListSource, MAX_LIST_FILE_BYTES, ParsedList, parse_files,
};
use crate::screening::screen::{
    Hit, MATCHER_VERSION, Query, Subject, Thresholds, WATCHLIST, screen,
};
use crate::screening::watchlist::watchlist;
use crate::screening::lists::ListVersion;
use crate::store::{AlertRow, DispositionRow, Store};
use bonafide_net::Net;

const MAX_AGE_SETTING: &str = "lists.max_age_days";
const REVIEW_SETTING: &str = "screening.review_threshold";
const STRONG_SETTING: &str = "screening.strong_threshold";
const RETENTION_SETTING: &str = "retention_years";
const URL_SETTING_PREFIX: &str = "lists.url.";

/// Checklist items that screening answers.
pub const NAMES_ITEM: &str = "screening.names";
/// Identifiers item.
pub const IDENTIFIERS_ITEM: &str = "screening.identifiers";
/// Watchlist item.
pub const WATCHLIST_ITEM: &str = "company.watchlist";

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

/// One list's state, for `lists status` and the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListStatus {
    /// Source id.
    pub source: String,
    /// Name shown to people.
    pub title: String,
    /// The version in force, if any was loaded.
    pub version: Option<ListVersion>,
    /// Days since publication (or loading, without a publish date).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub age_days: Option<i64>,
    /// Older than the configured maximum.
    pub stale: bool,
    /// Where `lists update` downloads it from.
    pub url: String,
}

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
    fn resolved_as(&self) -> Option<Disposition> {
        self.disposition
            .as_ref()
            .filter(|d| d.current)
            .map(|d| d.disposition)
    }
}

/// What screening proposes for one of its checklist items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Proposal {
    /// Checklist item.
    pub item_id: String,
    /// Proposed outcome.
    pub outcome: Outcome,
    /// Why, in one paragraph; becomes the item's note when accepted.
    pub summary: String,
}

/// An alert raised by re-screening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AlertView {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Case.
    pub case_id: String,
    /// Case name.
    pub display_name: String,
    /// When.
    pub raised_at: String,
    /// What.
    pub message: String,
    /// When acknowledged.
    pub acknowledged_at: Option<String>,
    /// By whom.
    pub acknowledged_by: Option<String>,
}

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

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    /// The versions now in force.
    pub lists: Vec<ListVersion>,
    /// Cases re-screened.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rescreened: u64,
    /// Alerts raised (cases with a new potential match).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub alerts: u64,
    /// Lists whose file was identical to the version in force; nothing changed.
    pub unchanged: Vec<String>,
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

/// The index over the lists in force, with what it was built from.
pub(crate) struct LoadedIndex {
    versions: Vec<i64>,
    index: Index,
    lists: Vec<ListUsed>,
}

fn age_days(date: &str) -> Option<i64> {
    let d = clock::parse_date(date.get(..10)?)?;
    Some((clock::today() - d).whole_days())
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
        let mut store = self.store();
        store.set_setting(MAX_AGE_SETTING, &s.max_age_days.to_string())?;
        store.set_setting(REVIEW_SETTING, &t.review.to_string())?;
        store.set_setting(STRONG_SETTING, &t.strong.to_string())?;
        store.set_setting(RETENTION_SETTING, &s.retention_years.to_string())?;
        for (source, url) in &s.urls {
            store.set_setting(&format!("{URL_SETTING_PREFIX}{source}"), url)?;
        }
        drop(store);
        self.screening_settings()
    }

    /// The state of every list.
    pub fn list_status(&self) -> Result<Vec<ListStatus>> {
        let settings = self.screening_settings()?;
        let current = self.store().current_list_versions()?;
        Ok(ListSource::ALL
            .into_iter()
            .map(|s| {
                let version = current.iter().find(|v| v.source == s.id()).cloned();
                let age = version
                    .as_ref()
                    .and_then(|v| age_days(v.publish_date.as_deref().unwrap_or(&v.loaded_at)));
                ListStatus {
                    source: s.id().to_string(),
                    title: s.title().to_string(),
                    stale: age.is_some_and(|a| a > settings.max_age_days),
                    age_days: age,
                    version,
                    url: settings.urls.get(s.id()).cloned().unwrap_or_default(),
                }
            })
            .collect())
    }

    /// Reads list files and loads them. Nothing is stored unless every file parses.
    pub fn import_list_files(&self, paths: &[PathBuf]) -> Result<ImportReport> {
        let mut files = Vec::new();
        for path in paths {
            files.push(read_list_file(path)?);
        }
        let lists = parse_files(files).map_err(Error::List)?;
        self.load_lists(lists, "file")
    }

    /// Stores parsed lists as the versions in force, then re-screens the cases that are
    /// open or decided within the retention period and raises alerts on new potential
    /// matches. A list identical to the version in force is left as it is.
    pub fn load_lists(&self, lists: Vec<ParsedList>, origin: &str) -> Result<ImportReport> {
        let now = clock::now();
        let actor = self.actor();
        let current = self.store().current_list_versions()?;
        let mut unchanged = Vec::new();
        let mut changed = false;
        for list in &lists {
            if current
                .iter()
                .any(|v| v.source == list.source.id() && v.sha256 == list.sha256())
            {
                unchanged.push(list.source.title().to_string());
                continue;
            }
            self.store().write(|tx| {
                let id = Store::insert_list_version(tx, list, &now, &actor, origin)?;
                crate::store::append_event(
                    tx,
                    GLOBAL_STREAM,
                    &now,
                    &actor,
                    EventKind::ListLoaded,
                    None,
                    json!({
                        "version_id": id,
                        "source": list.source.id(),
                        "publish_date": list.publish_date,
                        "sha256": list.sha256(),
                        "files": list.files,
                        "entities": list.entries.len(),
                        "origin": origin,
                    }),
                )?;
                Ok(())
            })?;
            changed = true;
        }
        let mut rescreened = 0;
        let mut alerts = 0;
        if changed {
            *self.index_cache() = None;
            let settings = self.screening_settings()?;
            let since = clock::today()
                .replace_year(clock::today().year() - settings.retention_years as i32)
                .unwrap_or(clock::today());
            // Bound first: a store guard alive across the loop would deadlock the
            // screening inside it.
            let cases = self.store().cases_to_rescreen(&since.to_string())?;
            for id in cases {
                let (_, alerted) = self.run_screening(&id, "list_loaded", true)?;
                rescreened += 1;
                alerts += alerted as u64;
            }
        }
        let current = self.store().current_list_versions()?;
        Ok(ImportReport {
            lists: current
                .into_iter()
                .filter(|v| lists.iter().any(|l| l.source.id() == v.source))
                .collect(),
            rescreened,
            alerts,
            unchanged,
        })
    }

    fn index_cache(&self) -> std::sync::MutexGuard<'_, Option<Arc<LoadedIndex>>> {
        self.screening_index
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// The index over the lists in force, built once per set of list versions.
    pub(crate) fn loaded_index(&self) -> Result<Arc<LoadedIndex>> {
        let current = self.store().current_list_versions()?;
        let versions: Vec<i64> = current.iter().map(|v| v.id).collect();
        if let Some(cached) = self.index_cache().as_ref()
            && cached.versions == versions
        {
            return Ok(cached.clone());
        }
        let settings = self.screening_settings()?;
        let mut lists: Vec<(String, Vec<ListEntry>)> = Vec::new();
        let mut used = Vec::new();
        for v in &current {
            let entries = self.store().list_entries(v.id)?;
            let title = ListSource::from_id(&v.source)
                .map(|s| s.title())
                .unwrap_or("list");
            let age = age_days(v.publish_date.as_deref().unwrap_or(&v.loaded_at));
            used.push(ListUsed {
                list: v.source.clone(),
                title: title.to_string(),
                published: v.publish_date.clone(),
                sha256: v.sha256.clone(),
                entity_count: entries.len() as u64,
                stale: age.is_some_and(|a| a > settings.max_age_days),
                watchlist: false,
            });
            lists.push((v.source.clone(), entries));
        }
        let wl = watchlist();
        used.push(ListUsed {
            list: WATCHLIST.to_string(),
            title: wl.name.clone(),
            published: Some(wl.version.clone()),
            sha256: wl.sha256.clone(),
            entity_count: wl.entries.len() as u64,
            stale: false,
            watchlist: true,
        });
        lists.push((WATCHLIST.to_string(), wl.entries.clone()));
        let loaded = Arc::new(LoadedIndex {
            versions,
            index: Index::build(lists),
            lists: used,
        });
        *self.index_cache() = Some(loaded.clone());
        Ok(loaded)
    }

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
            screened_at: now.clone(),
            screened_by: self.actor(),
            reason: reason.to_string(),
            matcher_version: MATCHER_VERSION.to_string(),
            thresholds,
            lists: loaded.lists.clone(),
            queries,
            identifiers: identifiers_of(&subject),
            subject_key: subject_key(&subject),
            hits,
        };
        let same = previous.as_ref().is_some_and(|p| {
            p.lists == record.lists
                && p.subject_key == record.subject_key
                && p.thresholds == record.thresholds
                && p.matcher_version == record.matcher_version
                && p.hits == record.hits
        });
        if same && reason != "manual" {
            return Ok((previous.expect("same implies some"), false));
        }
        let dispositions = self.store().dispositions(id)?;
        let new_hits: Vec<&Hit> = record
            .hits
            .iter()
            .filter(|h| {
                let before = previous.as_ref().is_some_and(|p| {
                    p.hits
                        .iter()
                        .any(|o| o.list == h.list && o.entry_id == h.entry_id)
                });
                let suppressed = latest_disposition(&dispositions, h).is_some_and(|d| {
                    d.disposition == Disposition::FalsePositive.as_str()
                        && d.subject_key == record.subject_key
                        && d.entry_key == h.entry_key
                });
                !before && !suppressed
            })
            .collect();
        let alert = alert_on_new && !new_hits.is_empty();
        let message = format!(
            "{} new potential match{} after a list update: {}",
            new_hits.len(),
            if new_hits.len() == 1 { "" } else { "es" },
            new_hits
                .iter()
                .map(|h| format!(
                    "{} ({}, {:.2})",
                    h.name,
                    list_title(&record.lists, &h.list),
                    h.score
                ))
                .collect::<Vec<_>>()
                .join("; ")
        );
        let json = serde_json::to_string(&record).map_err(|e| {
            Error::Invalid(vec![crate::model::FieldError {
                field: "screening".into(),
                message: e.to_string(),
            }])
        })?;
        let actor = self.actor();
        self.store().write(|tx| {
            Store::insert_screening(tx, &record.id, id, &now, &json)?;
            crate::store::append_event(
                tx,
                id.as_str(),
                &now,
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
            if alert {
                Store::insert_alert(tx, id, &record.id, &now, &message)?;
            }
            Ok(())
        })?;
        Ok((record, alert))
    }

    fn latest_screening(&self, id: &CaseId) -> Result<Option<ScreeningRecord>> {
        let Some(json) = self.store().latest_screening_json(id)? else {
            return Ok(None);
        };
        serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| Error::Store(crate::store::decode("screenings", e.to_string())))
    }

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
            .map(|s| {
                s.hits
                    .iter()
                    .map(|h| HitView {
                        hit: h.clone(),
                        disposition: latest_disposition(&dispositions, h).map(|d| {
                            DispositionView {
                                disposition: Disposition::parse(&d.disposition)
                                    .unwrap_or(Disposition::NeedsReview),
                                rationale: d.rationale.clone(),
                                decided_by: d.decided_by.clone(),
                                decided_at: d.decided_at.clone(),
                                current: d.subject_key == s.subject_key
                                    && d.entry_key == h.entry_key,
                            }
                        }),
                    })
                    .collect()
            })
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
        let actor = self.actor();
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

    /// Acknowledges an alert.
    pub fn acknowledge_alert(&self, id: &CaseId, alert_id: i64) -> Result<ScreeningView> {
        let now = clock::now();
        let actor = self.actor();
        self.store().write(|tx| {
            if !Store::acknowledge_alert(tx, id, alert_id, &now, &actor)? {
                return Err(crate::store::decode(
                    "alerts",
                    format!("no open alert {alert_id} on this case"),
                ));
            }
            crate::store::append_event(
                tx,
                id.as_str(),
                &now,
                &actor,
                EventKind::AlertAcknowledged,
                None,
                json!({ "alert_id": alert_id }),
            )?;
            Ok(())
        })?;
        self.screening(id)
    }

    /// Open alerts across all cases.
    pub fn open_alerts(&self) -> Result<Vec<AlertView>> {
        let store = self.store();
        let alerts = store.alerts(None, true)?;
        let mut names: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        for a in alerts {
            let name = match names.get(&a.case_id) {
                Some(n) => n.clone(),
                None => {
                    let n = store
                        .case(&CaseId::from_stored(a.case_id.clone()))?
                        .map(|c| c.fields.display_name)
                        .unwrap_or_default();
                    names.insert(a.case_id.clone(), n.clone());
                    n
                }
            };
            out.push(alert_view(a, &name));
        }
        Ok(out)
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

fn list_title<'a>(lists: &'a [ListUsed], list: &str) -> &'a str {
    lists
        .iter()
        .find(|l| l.list == list)
        .map(|l| l.title.as_str())
        .unwrap_or("list")
}

fn alert_view(a: AlertRow, name: &str) -> AlertView {
    AlertView {
        id: a.id,
        case_id: a.case_id,
        display_name: name.to_string(),
        raised_at: a.raised_at,
        message: a.message,
        acknowledged_at: a.acknowledged_at,
        acknowledged_by: a.acknowledged_by,
    }
}

fn latest_disposition<'a>(ds: &'a [DispositionRow], h: &Hit) -> Option<&'a DispositionRow> {
    ds.iter()
        .rev()
        .find(|d| d.list == h.list && d.entry_id == h.entry_id)
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

fn read_list_file(path: &PathBuf) -> Result<InputFile> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string());
    let meta = std::fs::metadata(path).map_err(|source| Error::File {
        path: path.clone(),
        source,
    })?;
    if meta.len() > MAX_LIST_FILE_BYTES as u64 {
        return Err(Error::List(crate::screening::lists::ListError::TooLarge {
            file: name,
            size: meta.len() as usize,
            max: MAX_LIST_FILE_BYTES,
        }));
    }
    let bytes = std::fs::read(path).map_err(|source| Error::File {
        path: path.clone(),
        source,
    })?;
    let modified = meta
        .modified()
        .ok()
        .map(|t| clock::format_timestamp(time::OffsetDateTime::from(t))[..10].to_string());
    Ok(InputFile {
        name,
        bytes,
        modified,
    })
}

/// The outcomes screening proposes for its three items.
fn proposals(s: &ScreeningRecord, hits: &[HitView]) -> Vec<Proposal> {
    let sanctions_lists: Vec<&ListUsed> = s.lists.iter().filter(|l| !l.watchlist).collect();
    let lists_text = sanctions_lists
        .iter()
        .map(|l| {
            format!(
                "{} ({})",
                l.title,
                l.published.as_deref().unwrap_or("date unknown")
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let stale: Vec<&str> = sanctions_lists
        .iter()
        .filter(|l| l.stale)
        .map(|l| l.title.as_str())
        .collect();
    let stale_note = if stale.is_empty() {
        String::new()
    } else {
        format!(
            " Warning: {} is older than the configured maximum age; update it.",
            stale.join(", ")
        )
    };
    let name_hits: Vec<&HitView> = hits
        .iter()
        .filter(|h| !h.hit.is_watchlist() && h.hit.name_score > 0.0)
        .collect();
    let id_hits: Vec<&HitView> = hits
        .iter()
        .filter(|h| !h.hit.is_watchlist() && !h.hit.identifiers.is_empty())
        .collect();
    let wl_hits: Vec<&HitView> = hits.iter().filter(|h| h.hit.is_watchlist()).collect();
    let judge = |hs: &[&HitView], what: &str, clean: String| -> (Outcome, String) {
        let count = |n: usize| {
            format!(
                "{n} potential {what} match{}",
                if n == 1 { "" } else { "es" }
            )
        };
        let true_matches = hs
            .iter()
            .filter(|h| h.resolved_as() == Some(Disposition::TrueMatch))
            .count();
        let open = hs
            .iter()
            .filter(|h| {
                !matches!(
                    h.resolved_as(),
                    Some(Disposition::TrueMatch | Disposition::FalsePositive)
                )
            })
            .count();
        if true_matches > 0 {
            (
                Outcome::Fail,
                format!(
                    "{} confirmed as a true match. Do not proceed without legal advice; report as required.",
                    count(true_matches)
                ),
            )
        } else if open > 0 {
            (
                Outcome::Concern,
                format!(
                    "{} need{} a disposition.",
                    count(open),
                    if open == 1 { "s" } else { "" }
                ),
            )
        } else if hs.is_empty() {
            (Outcome::Pass, clean)
        } else {
            (
                Outcome::Pass,
                format!(
                    "{} reviewed and recorded as false positives.",
                    count(hs.len())
                ),
            )
        }
    };
    let mut out = Vec::new();
    if sanctions_lists.is_empty() {
        let msg = "No sanctions list is loaded, so nothing was screened. Import or update the lists first.".to_string();
        out.push(Proposal {
            item_id: NAMES_ITEM.into(),
            outcome: Outcome::Pending,
            summary: msg.clone(),
        });
        out.push(Proposal {
            item_id: IDENTIFIERS_ITEM.into(),
            outcome: Outcome::Pending,
            summary: msg,
        });
    } else {
        let names: Vec<&str> = s.queries.iter().map(|q| q.name.as_str()).collect();
        let (o, t) = judge(
            &name_hits,
            "name",
            format!(
                "No potential matches at or above {:.2} for {} on {}.",
                s.thresholds.review,
                names.join(", "),
                lists_text
            ),
        );
        out.push(Proposal {
            item_id: NAMES_ITEM.into(),
            outcome: o,
            summary: format!("{t}{stale_note}"),
        });
        let (o, t) = if s.identifiers.is_empty() {
            (Outcome::Pending, "The case has no e-mail, website, phone or wallet to screen; add them or mark the item not applicable with a reason.".to_string())
        } else {
            judge(
                &id_hits,
                "identifier",
                format!(
                    "No identifier of the case ({}) appears on {}.",
                    s.identifiers.len(),
                    lists_text
                ),
            )
        };
        out.push(Proposal {
            item_id: IDENTIFIERS_ITEM.into(),
            outcome: o,
            summary: format!("{t}{stale_note}"),
        });
    }
    let wl = s.lists.iter().find(|l| l.watchlist);
    let (o, t) = judge(
        &wl_hits,
        "watchlist",
        format!(
            "Not on the built-in watchlist of reported DPRK IT fronts (version {}). A watchlist is not a sanctions list.",
            wl.and_then(|l| l.published.as_deref()).unwrap_or("unknown")
        ),
    );
    let t = if wl_hits.is_empty() {
        t
    } else {
        format!("{t} These are red flags from public reporting, not sanctions matches.")
    };
    out.push(Proposal {
        item_id: WATCHLIST_ITEM.into(),
        outcome: o,
        summary: t,
    });
    out
}

/// What happened to one list in `lists update`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpdateResult {
    /// Source id.
    pub source: String,
    /// Name shown to people.
    pub title: String,
    /// Where it was fetched from.
    pub url: String,
    /// False when the download or the file failed; the version in force is kept.
    pub ok: bool,
    /// What happened, in words.
    pub message: String,
}

/// What `lists update` did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpdateReport {
    /// One result per list.
    pub results: Vec<UpdateResult>,
    /// The import of the lists that downloaded and parsed.
    pub import: Option<ImportReport>,
}

impl App {
    /// Downloads the lists from their configured addresses (all of them, or `only`),
    /// loads those that download and parse, and keeps the version in force for every
    /// other one. Runs its own small runtime: call it off any async executor thread.
    pub fn update_lists(
        &self,
        only: Option<&[ListSource]>,
        progress: &(dyn Fn(crate::screening::download::DownloadProgress) + Send + Sync),
    ) -> Result<UpdateReport> {
        use crate::screening::download;
        let settings = self.screening_settings()?;
        let sources: Vec<ListSource> = match only {
            Some(s) => s.to_vec(),
            None => ListSource::ALL.to_vec(),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|source| Error::File {
                path: PathBuf::from("<network runtime>"),
                source,
            })?;
        let urls: Vec<(ListSource, String)> = sources
            .iter()
            .map(|&source| {
                let url = settings.urls.get(source.id()).cloned();
                (source, url.unwrap_or_else(|| source.default_url().to_string()))
            })
            .collect();
        let net = {
            let _entered = runtime.enter();
            Net::new(self.list_download_config(urls.iter().map(|(_, u)| u.as_str()))?)?
        };
        let mut results = Vec::new();
        let mut parsed = Vec::new();
        for (source, url) in urls {
            let fetched = runtime.block_on(download::download(&net, source, &url, progress));
            let result = match fetched {
                Err(e) => Err(e.to_string()),
                Ok(file) => match parse_files(vec![file]) {
                    Err(e) => Err(format!("the downloaded file could not be read: {e}")),
                    Ok(mut lists) => match lists.pop() {
                        Some(list) if list.source == source => Ok(list),
                        Some(list) => Err(format!(
                            "the file at this address is the {}, not the {}; check the address",
                            list.source.title(),
                            source.title()
                        )),
                        None => Err("the download held no list".to_string()),
                    },
                },
            };
            match result {
                Ok(list) => {
                    results.push(UpdateResult {
                        source: source.id().into(),
                        title: source.title().into(),
                        url: url.clone(),
                        ok: true,
                        message: format!(
                            "downloaded: {} entries, published {}",
                            list.entries.len(),
                            list.publish_date.as_deref().unwrap_or("date unknown")
                        ),
                    });
                    parsed.push((list, url));
                }
                Err(message) => results.push(UpdateResult {
                    source: source.id().into(),
                    title: source.title().into(),
                    url,
                    ok: false,
                    message: format!("{message} The version in force is kept."),
                }),
            }
        }
        let import = if parsed.is_empty() {
            None
        } else {
            let origin = parsed
                .iter()
                .map(|(_, u)| u.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            Some(self.load_lists(parsed.into_iter().map(|(l, _)| l).collect(), &origin)?)
        };
        Ok(UpdateReport { results, import })
    }
}
