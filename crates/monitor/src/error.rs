//! What can go wrong reading an import, each with what to do about it. Every error means
//! nothing of the file was kept: an import is whole or not at all.

use thiserror::Error;

use crate::signins::SignInFormat;

/// A problem with a file given to the monitor.
#[derive(Debug, Error)]
pub enum MonitorError {
    /// A network table CSV row that cannot be used.
    #[error("line {line} of the network table: {message}; nothing was imported")]
    TableRow {
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A compact network table file that is damaged or not ours.
    #[error("the network table cannot be read: {0}")]
    BadTable(String),
    /// A line of a CSV log, or a place in a JSON log, that cannot be read.
    #[error("line {line} of the {format}: {message}; nothing was imported")]
    LogRow {
        /// The format it was read as.
        format: SignInFormat,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A JSON event that is well-formed but unusable.
    #[error("event {record} of the {format}: {message}; nothing was imported")]
    LogRecord {
        /// The format it was read as.
        format: SignInFormat,
        /// 1-based event number.
        record: u64,
        /// What is wrong.
        message: String,
    },
    /// A CSV whose header lacks columns the format needs.
    #[error(
        "this does not look like a {format}: it has no {} column (its columns begin {}); nothing was imported",
        missing.join(", "),
        found.join(", ")
    )]
    MissingColumns {
        /// The format it was read as.
        format: SignInFormat,
        /// The columns not found.
        missing: Vec<String>,
        /// The first columns the file has.
        found: Vec<String>,
    },
    /// A file over the size limit, refused before reading.
    #[error(
        "the file is {size} bytes; the limit is {limit} bytes. Export a shorter date range and import each part"
    )]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A file whose format could not be told.
    #[error(
        "the format of this file could not be told from its start; name it with --format ({0})"
    )]
    UnknownFormat(String),
    /// A device inventory that cannot be read.
    #[error("{what}: {message}; nothing was imported")]
    Inventory {
        /// The format and place.
        what: String,
        /// What is wrong.
        message: String,
    },
}

impl MonitorError {
    pub(crate) fn table(line: u64, message: &str) -> MonitorError {
        MonitorError::TableRow {
            line,
            message: message.to_owned(),
        }
    }

    pub(crate) fn log_row(format: SignInFormat, line: u64, message: &str) -> MonitorError {
        MonitorError::LogRow {
            format,
            line,
            message: message.to_owned(),
        }
    }

    pub(crate) fn log_record(format: SignInFormat, record: u64, message: &str) -> MonitorError {
        MonitorError::LogRecord {
            format,
            record,
            message: message.to_owned(),
        }
    }
}
