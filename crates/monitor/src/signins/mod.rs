//! Sign-in logs the business already has, read into one row type.
//!
//! Formats, each from its vendor's documentation (`docs/after-hiring.md` lists the pages):
//! - the minimal CSV documented by Bona Fide: `time,account,ip[,device_id,user_agent,mfa_device]`;
//! - the Okta System Log as the API returns it (`GET /api/v1/logs`: a JSON array of
//!   LogEvent objects, several pages one after another, or one event per line);
//! - Microsoft Entra ID sign-ins, the portal's JSON download (the Graph `signIn` resource)
//!   and its CSV download (`InteractiveSignIns_….csv`);
//! - the Google Workspace login audit from the Admin SDK Reports API
//!   (`activities.list`, `applicationName=login`).
//!
//! Rows keep their line (CSV) or record number (JSON), so a finding can cite them.

mod csv_logs;
mod json_logs;

use std::collections::HashSet;
use std::fmt;
use std::io::BufRead;
use std::net::IpAddr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::MonitorError;

/// The largest log accepted. Larger files are refused from their size, before reading:
/// split the export by date range instead.
pub const MAX_LOG_BYTES: u64 = 1024 * 1024 * 1024;

/// The formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SignInFormat {
    /// `time,account,ip[,device_id,user_agent,mfa_device]` with a header row.
    Minimal,
    /// Okta System Log events (API JSON).
    OktaJson,
    /// Microsoft Entra ID sign-ins, JSON download.
    EntraJson,
    /// Microsoft Entra ID sign-ins, CSV download.
    EntraCsv,
    /// Google Workspace login audit, Reports API JSON.
    GoogleJson,
}

impl SignInFormat {
    /// Every format, in the order detection tries them.
    pub const ALL: [SignInFormat; 5] = [
        SignInFormat::Minimal,
        SignInFormat::EntraCsv,
        SignInFormat::OktaJson,
        SignInFormat::EntraJson,
        SignInFormat::GoogleJson,
    ];

    /// The name used on the command line (`--format okta-json`).
    pub fn id(self) -> &'static str {
        match self {
            SignInFormat::Minimal => "minimal-csv",
            SignInFormat::OktaJson => "okta-json",
            SignInFormat::EntraJson => "entra-json",
            SignInFormat::EntraCsv => "entra-csv",
            SignInFormat::GoogleJson => "google-json",
        }
    }

    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            SignInFormat::Minimal => "sign-in CSV (time, account, ip)",
            SignInFormat::OktaJson => "Okta System Log (JSON)",
            SignInFormat::EntraJson => "Microsoft Entra ID sign-ins (JSON)",
            SignInFormat::EntraCsv => "Microsoft Entra ID sign-ins (CSV)",
            SignInFormat::GoogleJson => "Google Workspace login audit (Reports API JSON)",
        }
    }

    /// The format named `id`.
    pub fn from_id(id: &str) -> Option<SignInFormat> {
        Self::ALL.into_iter().find(|f| f.id() == id)
    }
}

impl fmt::Display for SignInFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One sign-in.
#[derive(Debug, Clone, PartialEq)]
pub struct SignIn {
    /// The line (CSV) or record (JSON) it came from, 1-based.
    pub line: u64,
    /// When, in seconds since 1970 UTC.
    pub at: i64,
    /// The account, lower-cased.
    pub account: Arc<str>,
    /// The address it came from.
    pub ip: IpAddr,
    /// The device identifier the log gives, if any.
    pub device_id: Arc<str>,
    /// The browser or client, if the log gives it.
    pub user_agent: Arc<str>,
    /// The MFA device or method, if the log names one.
    pub mfa_device: Arc<str>,
    /// Whether it succeeded, when the log says.
    pub success: Option<bool>,
    /// Latitude and longitude, when the log's own geolocation gives them.
    pub location: Option<(f64, f64)>,
}

/// What a log held.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SignInLog {
    /// The sign-ins, in file order.
    pub rows: Vec<SignIn>,
    /// Events of the log that are not sign-ins (logouts, admin actions …), skipped.
    pub skipped: u64,
}

/// Reads a log in `format`.
pub fn read_signins(input: impl BufRead, format: SignInFormat) -> Result<SignInLog, MonitorError> {
    let input = input.take(MAX_LOG_BYTES);
    match format {
        SignInFormat::Minimal => csv_logs::minimal(input),
        SignInFormat::EntraCsv => csv_logs::entra(input),
        SignInFormat::OktaJson => json_logs::okta(input),
        SignInFormat::EntraJson => json_logs::entra(input),
        SignInFormat::GoogleJson => json_logs::google(input),
    }
}

/// Tells the format from the first bytes of a file (up to 64 KiB), or `None`.
pub fn detect(head: &[u8]) -> Option<SignInFormat> {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('[') || text.starts_with('{') {
        return json_logs::detect(text);
    }
    csv_logs::detect(text.lines().next()?)
}

/// Shares the text of repeated values (accounts, devices, browsers) between rows, so a
/// million-row log holds each distinct string once.
#[derive(Default)]
pub(crate) struct Interner {
    seen: HashSet<Arc<str>>,
}

impl Interner {
    pub(crate) fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.seen.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.seen.insert(a.clone());
        a
    }
}

/// Reads a time with its offset (RFC 3339), as every supported format writes it.
pub(crate) fn parse_time(text: &str) -> Result<i64, String> {
    let t = text.trim();
    t.parse::<jiff::Timestamp>()
        .map(|ts| ts.as_second())
        .map_err(|_| format!("{t:?} is not a time with its offset, like 2025-03-04T08:15:02Z"))
}

/// Reads an address, refusing text that is not one.
pub(crate) fn parse_ip(text: &str) -> Result<IpAddr, String> {
    let t = text.trim();
    t.parse::<IpAddr>()
        .map(|ip| ip.to_canonical())
        .map_err(|_| format!("{t:?} is not an IP address"))
}
