//! The sanctions lists in force: their state, importing list files, and loading parsed
//! lists as new versions, which re-screens the cases still kept.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::age_days;
use crate::app::App;
use crate::audit::{EventKind, GLOBAL_STREAM};
use crate::clock;
use crate::error::{Error, Result};
use crate::screening::lists::{
    InputFile, ListSource, ListVersion, MAX_LIST_FILE_BYTES, ParsedList, parse_files,
};
use crate::store::Store;

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

impl App {
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
        let actor = self.actor()?;
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
            self.store_list_version(list, &now, &actor, origin)?;
            changed = true;
        }
        let (rescreened, alerts) = if changed {
            self.rescreen_after_list_change()?
        } else {
            (0, 0)
        };
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

    /// Stores one list as the version in force of its source, with its audit event.
    fn store_list_version(
        &self,
        list: &ParsedList,
        now: &str,
        actor: &str,
        origin: &str,
    ) -> Result<()> {
        self.store().write(|tx| {
            let id = Store::insert_list_version(tx, list, now, actor, origin)?;
            crate::store::append_event(
                tx,
                GLOBAL_STREAM,
                now,
                actor,
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
        Ok(())
    }

    /// Drops the index built from the old versions and re-screens every case open or
    /// decided within the retention period; returns how many were re-screened and how
    /// many raised an alert.
    fn rescreen_after_list_change(&self) -> Result<(u64, u64)> {
        let mut rescreened = 0;
        let mut alerts = 0;
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
        Ok((rescreened, alerts))
    }
}

/// Reads one list file, refusing a file too large to be a list before reading it.
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
