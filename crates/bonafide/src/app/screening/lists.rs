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
use crate::screening::lists::ftm::{MAX_FTM_FILE_BYTES, parse_ftm};
use crate::screening::lists::{
    InputFile, ListError, ListName, ListSource, ListVersion, MAX_LIST_FILE_BYTES, ParsedList,
    is_ftm_stream, parse_files,
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
    /// Who publishes it.
    pub publisher: String,
    /// The terms its data comes under, when not a government's own publication.
    pub licence: String,
    /// The version in force, if any was loaded.
    pub version: Option<ListVersion>,
    /// Days since publication (or loading, without a publish date).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub age_days: Option<i64>,
    /// Older than the configured maximum.
    pub stale: bool,
    /// Where `lists update` downloads it from; empty for lists only ever imported from
    /// a file (OpenSanctions datasets).
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
    /// The state of every list: the publishers' own lists, loaded or not, then every
    /// other list loaded from a file (each OpenSanctions source dataset).
    pub fn list_status(&self) -> Result<Vec<ListStatus>> {
        let settings = self.screening_settings()?;
        let current = self.store().current_list_versions()?;
        let status = |name: ListName, version: Option<ListVersion>| {
            let age = version
                .as_ref()
                .and_then(|v| age_days(v.publish_date.as_deref().unwrap_or(&v.loaded_at)));
            let url = settings.urls.get(&name.id).cloned().unwrap_or_default();
            ListStatus {
                source: name.id,
                title: name.title,
                publisher: name.publisher,
                licence: name.licence,
                stale: age.is_some_and(|a| a > settings.max_age_days),
                age_days: age,
                version,
                url,
            }
        };
        let mut out: Vec<ListStatus> = ListSource::ALL
            .into_iter()
            .map(|s| {
                let loaded = current.iter().find(|v| v.source == s.id()).cloned();
                status(
                    loaded.as_ref().map_or_else(|| s.name(), ListVersion::name),
                    loaded,
                )
            })
            .collect();
        for v in &current {
            if ListSource::from_id(&v.source).is_none() {
                out.push(status(v.name(), Some(v.clone())));
            }
        }
        Ok(out)
    }

    /// Reads list files and loads them. Nothing is stored unless every file parses.
    /// OpenSanctions exports are streamed, as they can be larger than any list read
    /// whole.
    pub fn import_list_files(&self, paths: &[PathBuf]) -> Result<ImportReport> {
        let mut files = Vec::new();
        let mut lists = Vec::new();
        for path in paths {
            match read_list_file(path)? {
                ListFile::Whole(file) => files.push(file),
                ListFile::Stream(parsed) => lists.extend(parsed),
            }
        }
        lists.extend(parse_files(files).map_err(Error::List)?);
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
                .any(|v| v.source == list.source.id && v.sha256 == list.sha256())
            {
                unchanged.push(list.source.title.clone());
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
                .filter(|v| lists.iter().any(|l| l.source.id == v.source))
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
                    "source": list.source.id,
                    "title": list.source.title,
                    "publisher": list.source.publisher,
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

/// A list file as read: whole, or already parsed while streaming it.
enum ListFile {
    Whole(InputFile),
    Stream(Vec<ParsedList>),
}

/// Reads one list file, refusing a file too large to be a list before reading it. An
/// OpenSanctions export is parsed as it streams in.
fn read_list_file(path: &PathBuf) -> Result<ListFile> {
    use std::io::Read;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string());
    let file_error = |source| Error::File {
        path: path.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(file_error)?;
    let modified = meta
        .modified()
        .ok()
        .map(|t| clock::format_timestamp(time::OffsetDateTime::from(t))[..10].to_string());
    let mut file = std::fs::File::open(path).map_err(file_error)?;
    let mut head = Vec::with_capacity(4096);
    (&mut file)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(file_error)?;
    let (max, streamed) = if is_ftm_stream(&head) {
        (MAX_FTM_FILE_BYTES, true)
    } else {
        (MAX_LIST_FILE_BYTES as u64, false)
    };
    if meta.len() > max {
        return Err(Error::List(ListError::TooLarge {
            file: name,
            size: meta.len() as usize,
            max: max as usize,
        }));
    }
    if streamed {
        let rest = std::io::Cursor::new(head).chain(file);
        return parse_ftm(&name, rest, modified.as_deref())
            .map(ListFile::Stream)
            .map_err(Error::List);
    }
    let mut bytes = head;
    file.read_to_end(&mut bytes).map_err(file_error)?;
    Ok(ListFile::Whole(InputFile {
        name,
        bytes,
        modified,
    }))
}
