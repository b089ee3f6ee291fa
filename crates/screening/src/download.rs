//! Downloading list files from their publishers.
//!
//! A download either yields a complete file or an error that says what went wrong; the
//! caller parses the file before anything is stored, so a failed or damaged download
//! leaves the list in force untouched.

use std::time::Duration;

use bonafide_net::{Net, NetConfig, NetFailure};
use serde::Serialize;

use super::lists::{InputFile, ListSource, MAX_LIST_FILE_BYTES};

/// How far a download has got.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DownloadProgress {
    /// List source id.
    pub source: String,
    /// Bytes received so far.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub received: u64,
    /// Size announced by the server, if it did.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub total: Option<u64>,
}

/// Why a download failed.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// No connection (offline, DNS failure, refused).
    #[error(
        "could not reach {url}: {detail}. Check the network connection and the list's address."
    )]
    Unreachable {
        /// The URL.
        url: String,
        /// What the network layer said.
        detail: String,
    },
    /// The server took too long.
    #[error("{url} did not answer within {seconds} s; try again later.")]
    TimedOut {
        /// The URL.
        url: String,
        /// The limit.
        seconds: u64,
    },
    /// The server answered with an error status.
    #[error(
        "{url} answered HTTP {status}; the address may have changed. Check it in the list settings."
    )]
    Status {
        /// The URL.
        url: String,
        /// HTTP status.
        status: u16,
    },
    /// More bytes than any list has.
    #[error("{url} sent more than {max} bytes; that is not a list file.")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit.
        max: usize,
    },
}

/// How long a whole list download may take.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(300);

/// The network settings list downloads use, on top of the checks' resolver and guard:
/// a clear user agent, at most five redirects, and time for a file of 100 MB.
pub fn net_config(mut base: NetConfig) -> NetConfig {
    base.user_agent = concat!(
        "BonaFide/",
        env!("CARGO_PKG_VERSION"),
        " (due-diligence desktop app; sanctions list download)"
    )
    .into();
    base.max_redirects = 5;
    base.connect_timeout = Duration::from_secs(15);
    base.request_timeout = DOWNLOAD_TIMEOUT;
    base
}

fn classify(url: &str, e: NetFailure) -> DownloadError {
    let url = url.to_string();
    match e {
        NetFailure::TimedOut => DownloadError::TimedOut {
            url,
            seconds: DOWNLOAD_TIMEOUT.as_secs(),
        },
        NetFailure::Status { status, .. } => DownloadError::Status { url, status },
        NetFailure::TooLarge { limit } => DownloadError::TooLarge { url, max: limit },
        other => DownloadError::Unreachable {
            url,
            detail: other.to_string(),
        },
    }
}

/// Downloads one list file through the guarded client. `progress` is called as bytes
/// arrive.
pub async fn download(
    net: &Net,
    source: ListSource,
    url: &str,
    progress: &(dyn Fn(DownloadProgress) + Send + Sync),
) -> Result<InputFile, DownloadError> {
    let report = |received, total| {
        progress(DownloadProgress {
            source: source.id().to_string(),
            received,
            total,
        })
    };
    let (fetched, modified) = net
        .download(url, MAX_LIST_FILE_BYTES, &report)
        .await
        .map_err(|e| classify(url, e))?;
    if fetched.status >= 400 {
        return Err(DownloadError::Status {
            url: url.to_string(),
            status: fetched.status,
        });
    }
    // The file name decides the format; take it from the final URL after redirects.
    let name = url::Url::parse(&fetched.final_url)
        .ok()
        .and_then(|u| {
            u.path_segments()
                .and_then(|mut s| s.next_back().map(str::to_string))
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("{}.download", source.id()));
    Ok(InputFile {
        name,
        bytes: fetched.body,
        modified,
    })
}
