//! The CSV sign-in logs: Bona Fide's minimal form and Entra ID's portal download.
//! Columns are found by their header text, not their position: exports add and reorder
//! columns over the years (Entra's even carries trailing spaces in some headers).

use std::io::Read;

use super::{Interner, SignIn, SignInFormat, SignInLog, parse_ip, parse_time};
use crate::MonitorError;

/// The columns one CSV format needs and may use, by header text.
struct Columns {
    format: SignInFormat,
    time: &'static str,
    account: &'static str,
    ip: &'static str,
    device_id: &'static str,
    user_agent: &'static str,
    /// The MFA *device* column. Entra's CSV names only the method ("Mobile app
    /// notification"), the same for everyone, so it has none.
    mfa_device: Option<&'static str>,
    /// A status column whose value says whether the sign-in succeeded, if the format has one.
    status: Option<&'static str>,
}

const MINIMAL: Columns = Columns {
    format: SignInFormat::Minimal,
    time: "time",
    account: "account",
    ip: "ip",
    device_id: "device_id",
    user_agent: "user_agent",
    mfa_device: Some("mfa_device"),
    status: None,
};

const ENTRA: Columns = Columns {
    format: SignInFormat::EntraCsv,
    time: "Date (UTC)",
    account: "Username",
    ip: "IP address",
    device_id: "Device ID",
    user_agent: "User agent",
    mfa_device: None,
    status: Some("Status"),
};

pub(super) fn detect(header: &str) -> Option<SignInFormat> {
    let names: Vec<String> = header
        .split(',')
        .map(|h| h.trim().trim_matches('"').trim().to_owned())
        .collect();
    let has = |c: &Columns| {
        [c.time, c.account, c.ip]
            .iter()
            .all(|n| names.iter().any(|h| h == n))
    };
    [MINIMAL, ENTRA]
        .into_iter()
        .find(|c| has(c))
        .map(|c| c.format)
}

pub(super) fn minimal(input: impl Read) -> Result<SignInLog, MonitorError> {
    read(input, &MINIMAL)
}

pub(super) fn entra(input: impl Read) -> Result<SignInLog, MonitorError> {
    read(input, &ENTRA)
}

/// Where each column sits in this file.
struct Positions {
    time: usize,
    account: usize,
    ip: usize,
    device_id: Option<usize>,
    user_agent: Option<usize>,
    mfa_device: Option<usize>,
    status: Option<usize>,
}

fn positions(header: &csv::StringRecord, c: &Columns) -> Result<Positions, MonitorError> {
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
    };
    let missing: Vec<String> = [c.time, c.account, c.ip]
        .into_iter()
        .filter(|n| find(n).is_none())
        .map(str::to_owned)
        .collect();
    if !missing.is_empty() {
        return Err(MonitorError::MissingColumns {
            format: c.format,
            missing,
            found: header
                .iter()
                .take(12)
                .map(|h| h.trim().to_owned())
                .collect(),
        });
    }
    Ok(Positions {
        time: find(c.time).unwrap_or_default(),
        account: find(c.account).unwrap_or_default(),
        ip: find(c.ip).unwrap_or_default(),
        device_id: find(c.device_id),
        user_agent: find(c.user_agent),
        mfa_device: c.mfa_device.and_then(find),
        status: c.status.and_then(find),
    })
}

fn read(input: impl Read, c: &Columns) -> Result<SignInLog, MonitorError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header = reader
        .headers()
        .map_err(|e| MonitorError::log_row(c.format, 1, &crate::csv_rows::problem(&e)))?
        .clone();
    let at = positions(&header, c)?;
    let mut strings = Interner::default();
    let mut log = SignInLog::default();
    crate::csv_rows::each_row(
        &mut reader,
        |record, line| {
            if record.iter().all(|f| f.trim().is_empty()) {
                return Ok(());
            }
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let optional = |i: Option<usize>| i.map_or("", field);
            let bad = |m: String| MonitorError::log_row(c.format, line, &m);
            log.rows.push(SignIn {
                line,
                at: parse_time(field(at.time)).map_err(bad)?,
                account: strings.get(&field(at.account).to_lowercase()),
                ip: parse_ip(field(at.ip)).map_err(bad)?,
                device_id: strings.get(optional(at.device_id)),
                user_agent: strings.get(optional(at.user_agent)),
                mfa_device: strings.get(optional(at.mfa_device)),
                success: at.status.map(|i| field(i).eq_ignore_ascii_case("success")),
                location: None,
            });
            Ok(())
        },
        |line, m| MonitorError::log_row(c.format, line, &m),
    )?;
    Ok(log)
}
