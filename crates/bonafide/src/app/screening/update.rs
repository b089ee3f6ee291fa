//! `lists update`: downloading every list from its configured address and loading those
//! that arrive whole, while a list that fails keeps the version in force.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{ImportReport, ScreeningSettings};
use crate::app::App;
use crate::error::{Error, Result};
use crate::screening::download::{self, DownloadError};
use crate::screening::lists::{InputFile, ListSource, ParsedList, parse_files};
use bonafide_net::Net;

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
        let urls = list_urls(&settings, &sources);
        let net = {
            let _entered = runtime.enter();
            Net::new(self.list_download_config(urls.iter().map(|(_, u)| u.as_str()))?)?
        };
        let mut results = Vec::new();
        let mut parsed = Vec::new();
        for (source, url) in urls {
            let fetched = runtime.block_on(download::download(&net, source, &url, progress));
            match downloaded_list(source, fetched) {
                Ok(list) => {
                    results.push(downloaded(source, &url, &list));
                    parsed.push((list, url));
                }
                Err(message) => results.push(kept(source, url, &message)),
            }
        }
        let import = self.load_downloaded(parsed)?;
        Ok(UpdateReport { results, import })
    }

    /// Loads the lists that downloaded and parsed, recording every address they came
    /// from; `None` when there were none.
    fn load_downloaded(&self, parsed: Vec<(ParsedList, String)>) -> Result<Option<ImportReport>> {
        if parsed.is_empty() {
            return Ok(None);
        }
        let origin = parsed
            .iter()
            .map(|(_, u)| u.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Some(self.load_lists(
            parsed.into_iter().map(|(l, _)| l).collect(),
            &origin,
        )?))
    }
}

/// The address each source is downloaded from: the configured one, else its default.
fn list_urls(settings: &ScreeningSettings, sources: &[ListSource]) -> Vec<(ListSource, String)> {
    sources
        .iter()
        .map(|&source| {
            let url = settings.urls.get(source.id()).cloned();
            (
                source,
                url.unwrap_or_else(|| source.default_url().to_string()),
            )
        })
        .collect()
}

/// The list a download holds, or why it cannot be used: the download failed, the file
/// does not parse, or it is another source's list (a wrong address).
fn downloaded_list(
    source: ListSource,
    fetched: std::result::Result<InputFile, DownloadError>,
) -> std::result::Result<ParsedList, String> {
    match fetched {
        Err(e) => Err(e.to_string()),
        Ok(file) => match parse_files(vec![file]) {
            Err(e) => Err(format!("the downloaded file could not be read: {e}")),
            Ok(mut lists) => match lists.pop() {
                Some(list) if list.source.id == source.id() => Ok(list),
                Some(list) => Err(format!(
                    "the file at this address is the {}, not the {}; check the address",
                    list.source.title,
                    source.title()
                )),
                None => Err("the download held no list".to_string()),
            },
        },
    }
}

/// The result of a list that downloaded and parsed.
fn downloaded(source: ListSource, url: &str, list: &ParsedList) -> UpdateResult {
    UpdateResult {
        source: source.id().into(),
        title: source.title().into(),
        url: url.to_string(),
        ok: true,
        message: format!(
            "downloaded: {} entries, published {}",
            list.entries.len(),
            list.publish_date.as_deref().unwrap_or("date unknown")
        ),
    }
}

/// The result of a list that failed: the version in force stays.
fn kept(source: ListSource, url: String, message: &str) -> UpdateResult {
    UpdateResult {
        source: source.id().into(),
        title: source.title().into(),
        url,
        ok: false,
        message: format!("{message} The version in force is kept."),
    }
}
