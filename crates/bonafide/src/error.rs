//! Errors of the core, one enum per boundary, aggregated in [`Error`].
//!
//! Messages are written for the person at the keyboard: they say what went wrong and what
//! to do about it. The desktop shell and the CLI show them as they are.

use std::path::PathBuf;

pub use bonafide_evidence::EvidenceError;
pub use bonafide_model::FieldError;
pub use bonafide_store::StoreError;

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
    /// The case has no such evidence (or, where a file is needed, no such file).
    #[error(
        "case {case} has no attached file or link {evidence}; list them with `bonafide evidence list {case}`"
    )]
    EvidenceNotFound {
        /// The case.
        case: String,
        /// The evidence id given.
        evidence: String,
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
    /// The organisation's signing identity could not be made, read or used.
    #[error(transparent)]
    Signing(#[from] bonafide_signing::SigningError),
    /// The signature could not be added to the PDF.
    #[error(transparent)]
    SignPdf(#[from] crate::record::SignPdfError),
    /// Signing is asked for but no identity is set up.
    #[error(
        "this data folder has no signing identity; set one up with `bonafide signing init \
         --org \"Your organisation\"` (or in Settings, Signing)"
    )]
    SigningNotSetUp,
    /// A sanctions list file could not be read; the lists in force are unchanged.
    #[error("{} The lists in force are unchanged.", sentence(.0))]
    List(#[from] crate::screening::lists::ListError),
    /// An after-hiring import that cannot be read (nothing of it was kept).
    #[error(transparent)]
    Monitor(#[from] crate::monitor::MonitorError),
    /// The network side of the checks could not be set up (a bad resolver address, say).
    #[error("the automated checks cannot reach the network: {0}")]
    Network(#[from] bonafide_net::NetFailure),
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
    /// The folder is open elsewhere, and what was asked needs it to itself.
    #[error(
        "the data folder {path} is open in another Bona Fide window or command; close the \
         desktop app and wait for other commands to finish, then try again"
    )]
    FolderInUse {
        /// The folder.
        path: PathBuf,
    },
    /// Another command is giving the folder a new key.
    #[error(
        "the data folder {path} is getting a new key in another command; wait for \
         `bonafide key rotate` to finish, then try again"
    )]
    FolderBeingRekeyed {
        /// The folder.
        path: PathBuf,
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

fn join_field_errors(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field.replace('_', " "), e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Shorthand for results of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A message as a sentence: with its full stop, which the parsers' messages leave out.
fn sentence(message: &impl std::fmt::Display) -> String {
    let m = message.to_string();
    if m.ends_with(['.', '?', '!']) {
        m
    } else {
        format!("{m}.")
    }
}
