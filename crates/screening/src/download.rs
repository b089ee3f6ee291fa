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
    /// No connection: offline, a name that does not resolve on this network, a refused
    /// port, or an address the guard refuses.
    #[error(
        "could not reach {host}: {reason}. Check the network connection and try again; the list's address is in the list settings."
    )]
    Unreachable {
        /// The URL.
        url: String,
        /// Its host: what a person recognises, where the full address is noise.
        host: String,
        /// Why, in words.
        reason: String,
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
            host: host_of(&url),
            reason: unreachable_reason(&other),
            url,
        },
    }
}

/// Why a server could not be reached, in a person's words rather than the network
/// layer's. A name that does not resolve says nothing about the publisher: offline or
/// behind a filtering resolver every name fails, so it is never worded as "does not exist".
fn unreachable_reason(e: &NetFailure) -> String {
    match e {
        NetFailure::NoSuchName(_) => {
            "its name does not resolve on this network (offline, or a network that blocks it)"
                .into()
        }
        NetFailure::Offline(_) => "no connection could be made; the computer may be offline".into(),
        other => other.to_string(),
    }
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| url.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_does_not_resolve_reads_as_the_network_not_the_publisher() {
        let message = classify(
            "https://sanctionslist.ofac.treas.gov/api/sdn.xml",
            NetFailure::NoSuchName("sanctionslist.ofac.treas.gov".into()),
        )
        .to_string();
        assert!(
            message.starts_with(
                "could not reach sanctionslist.ofac.treas.gov: its name does not resolve on this network"
            ),
            "{message}"
        );
        assert!(
            !message.contains("https://") && !message.contains("does not exist"),
            "{message}"
        );
    }

    #[test]
    fn an_offline_failure_is_worded_for_a_person() {
        let raw = "error sending request for url (https://lists.example/list.csv): client error \
                   (Connect): dns error: failed to lookup address information: Temporary \
                   failure in name resolution";
        let message = classify(
            "https://lists.example/list.csv",
            NetFailure::Offline(raw.into()),
        )
        .to_string();
        assert!(
            message.contains("lists.example: no connection could be made")
                && !message.contains("lookup"),
            "{message}"
        );
    }

    #[test]
    fn a_refusal_keeps_its_own_reason() {
        let message =
            classify("http://10.0.0.1/list.csv", NetFailure::BadUrl("x".into())).to_string();
        assert!(
            message.starts_with("could not reach 10.0.0.1: x is not an http"),
            "{message}"
        );
    }
}
