//! Errors of the core, one enum per boundary, aggregated in [`Error`].
//!
//! Messages are written for the person at the keyboard: they say what went wrong and what
//! to do about it. The desktop shell and the CLI show them as they are.

use std::path::PathBuf;

use crate::model::FieldError;

/// Failures of the SQLite store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or created.
    #[error("cannot open the database {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// SQLite's own error.
        source: rusqlite::Error,
    },
    /// The file exists but is not a Bona Fide database (or is damaged beyond reading).
    #[error(
        "{path} is not a Bona Fide database or is damaged ({detail}); it was left untouched — restore it from a backup or move it aside"
    )]
    NotADatabase {
        /// The database file.
        path: PathBuf,
        /// What SQLite reported.
        detail: String,
    },
    /// A newer version of the app wrote this database.
    #[error(
        "{path} was written by a newer version of Bona Fide (schema {found}, this version understands up to {supported}); it was left untouched — install the newer version"
    )]
    SchemaTooNew {
        /// The database file.
        path: PathBuf,
        /// Schema version found in the file.
        found: i64,
        /// Highest schema version this build knows.
        supported: i64,
    },
    /// Applying migrations failed; nothing was changed.
    #[error("upgrading the database failed and was rolled back: {0}")]
    Migration(String),
    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    /// The encrypted copy of a database could not replace the plain one; the plain one is
    /// untouched and the next start tries again.
    #[error("cannot replace {path} with its encrypted copy: {source}")]
    Replace {
        /// The database file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A stored value could not be read back.
    #[error("stored data in {table} is unreadable: {detail}")]
    Decode {
        /// Where it was stored.
        table: &'static str,
        /// What was wrong.
        detail: String,
    },
}

/// Failures of the evidence file store.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    /// The file to attach could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file the user chose.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file to attach is not a regular file.
    #[error("{path} is not a regular file; choose a file, not a folder or device")]
    NotAFile {
        /// The path the user gave.
        path: PathBuf,
    },
    /// The file is larger than the configured limit.
    #[error("{path} is {size} bytes; evidence files are limited to {limit} bytes")]
    TooLarge {
        /// The file the user chose.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Writing into the data folder failed.
    #[error("cannot store evidence in {path}: {source}")]
    Write {
        /// Where the store tried to write.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// Every error the core returns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No case with this id.
    #[error("there is no case {0}; list cases with `bonafide case list`")]
    CaseNotFound(String),
    /// The case's checklist has no such item.
    #[error(
        "the checklist of this case has no item '{item}'; list items with `bonafide item list {case}`"
    )]
    ItemNotFound {
        /// The case.
        case: String,
        /// The item id given.
        item: String,
    },
    /// A template this case needs is not shipped with this build.
    #[error("checklist template {id} version {version} is not part of this build")]
    TemplateMissing {
        /// Template id.
        id: String,
        /// Template version.
        version: u32,
    },
    /// The input failed validation; every problem is listed.
    #[error("{}", join_field_errors(.0))]
    Invalid(Vec<FieldError>),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The evidence store failed.
    #[error(transparent)]
    Evidence(#[from] EvidenceError),
    /// The PDF record could not be produced.
    #[error(transparent)]
    Pdf(#[from] crate::record::PdfError),
    /// A file to verify is not a readable Bona Fide record.
    #[error(transparent)]
    NotARecord(#[from] crate::record::VerifyError),
    /// A sanctions list file could not be read; the lists in force are unchanged.
    #[error("{0} The lists in force are unchanged.")]
    List(#[from] crate::screening::lists::ListError),
    /// The network side of the checks could not be set up (a bad resolver address, say).
    #[error("the automated checks cannot reach the network: {0}")]
    Network(#[from] crate::checks::net::NetFailure),
    /// A backup could not be made, or a restore was refused (the data folder unchanged).
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),

    /// The data folder's key could not be unlocked, set up or changed.
    #[error(transparent)]
    Vault(#[from] crate::vault::VaultError),
    /// Reading or writing an export file failed.
    #[error("cannot use {path}: {source}")]
    File {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The data folder could not be prepared.
    #[error("cannot use the data folder {path}: {source}")]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

impl Error {
    /// A validation error on one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError {
            field: field.to_string(),
            message: message.into(),
        }])
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(StoreError::Sqlite(e))
    }
}

fn join_field_errors(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field.replace('_', " "), e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Shorthand for results of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
