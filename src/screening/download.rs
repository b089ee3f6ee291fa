//! Downloading list files from their publishers.
//!
//! A download either yields a complete file or an error that says what went wrong; the
//! caller parses the file before anything is stored, so a failed or damaged download
//! leaves the list in force untouched.

use std::time::Duration;

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

fn classify(url: &str, e: reqwest::Error) -> DownloadError {
    if e.is_timeout() {
        DownloadError::TimedOut {
            url: url.to_string(),
            seconds: DOWNLOAD_TIMEOUT.as_secs(),
        }
    } else {
        // The innermost cause says most (`Connection refused`, `dns error`).
        let mut detail = e.to_string();
        let mut source: Option<&dyn std::error::Error> = std::error::Error::source(&e);
        while let Some(s) = source {
            detail = s.to_string();
            source = s.source();
        }
        DownloadError::Unreachable {
            url: url.to_string(),
            detail,
        }
    }
}

/// Downloads one list file. `progress` is called as bytes arrive.
pub async fn download(
    client: &reqwest::Client,
    source: ListSource,
    url: &str,
    progress: &(dyn Fn(DownloadProgress) + Send + Sync),
) -> Result<InputFile, DownloadError> {
    let response = client
        .get(url)
        .timeout(DOWNLOAD_TIMEOUT)
        .send()
        .await
        .map_err(|e| classify(url, e))?;
    if !response.status().is_success() {
        return Err(DownloadError::Status {
            url: url.to_string(),
            status: response.status().as_u16(),
        });
    }
    let total = response.content_length();
    if total.is_some_and(|t| t > MAX_LIST_FILE_BYTES as u64) {
        return Err(DownloadError::TooLarge {
            url: url.to_string(),
            max: MAX_LIST_FILE_BYTES,
        });
    }
    let modified = response
        .headers()
        .get(reqwest::header::LAST_MODIFIED)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc2822).ok()
        })
        .map(|t| crate::clock::format_timestamp(t)[..10].to_string());
    // The file name decides the format; take it from the final URL after redirects.
    let name = response
        .url()
        .path_segments()
        .and_then(|mut s| s.next_back().map(str::to_string))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("{}.download", source.id()));
    let mut bytes = Vec::with_capacity(total.unwrap_or(0).min(64 << 20) as usize);
    let mut response = response;
    loop {
        let chunk = response.chunk().await.map_err(|e| classify(url, e))?;
        let Some(chunk) = chunk else { break };
        if bytes.len() + chunk.len() > MAX_LIST_FILE_BYTES {
            return Err(DownloadError::TooLarge {
                url: url.to_string(),
                max: MAX_LIST_FILE_BYTES,
            });
        }
        bytes.extend_from_slice(&chunk);
        progress(DownloadProgress {
            source: source.id().to_string(),
            received: bytes.len() as u64,
            total,
        });
    }
    Ok(InputFile {
        name,
        bytes,
        modified,
    })
}

/// The HTTP client list downloads use: rustls, a clear user agent, at most five
/// redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(concat!(
            "BonaFide/",
            env!("CARGO_PKG_VERSION"),
            " (due-diligence desktop app; sanctions list download)"
        ))
        .redirect(reqwest::redirect::Policy::limited(5))
        .connect_timeout(Duration::from_secs(15))
        .build()
        .expect("the HTTP client configuration is static and valid")
}
