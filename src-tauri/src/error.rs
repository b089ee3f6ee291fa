//! The one error type that crosses IPC: `{code, message, fields}`.
//!
//! `code` carries only what the UI branches on. The mapping from core errors is an
//! exhaustive match with no catch-all, so a new core variant forces a decision here.

use bonafide::backup::BackupError;
use bonafide::error::{EvidenceError, StoreError};
use bonafide::model::FieldError;
use bonafide::vault::VaultError;
use serde::Serialize;

/// What the UI may branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum IpcErrorCode {
    /// The case or item does not exist (any more).
    NotFound,
    /// The input was refused; `fields` says where.
    InvalidInput,
    /// The data folder or database cannot be used.
    Storage,
    /// The data folder is encrypted and must be unlocked first.
    Locked,
    /// The data folder has no key yet: it must be set up first.
    NotSetUp,
    /// A defect; details are in the log.
    Internal,
}

/// An error as the UI receives it from any command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct IpcError {
    /// What the UI may branch on.
    pub code: IpcErrorCode,
    /// A sentence for the user.
    pub message: String,
    /// Field-level problems, for `invalid_input`.
    pub fields: Vec<FieldError>,
}

impl IpcError {
    pub(crate) fn new(code: IpcErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// A defect: logged in full, shown as a short honest message.
    pub(crate) fn internal(detail: impl std::fmt::Display) -> Self {
        eprintln!("bonafide-app: internal error: {detail}");
        IpcError::new(
            IpcErrorCode::Internal,
            "Something went wrong inside Bona Fide. Nothing was changed; please try again, and report it if it happens again.",
        )
    }
}

impl From<bonafide::Error> for IpcError {
    fn from(e: bonafide::Error) -> Self {
        use bonafide::Error as E;
        let message = e.to_string();
        match e {
            E::CaseNotFound(_)
            | E::ItemNotFound { .. }
            | E::EvidenceNotFound { .. }
            | E::TemplateMissing { .. } => IpcError::new(IpcErrorCode::NotFound, message),
            E::Invalid(fields) => IpcError {
                code: IpcErrorCode::InvalidInput,
                message,
                fields,
            },
            E::Evidence(ev) => match ev {
                EvidenceError::Read { .. }
                | EvidenceError::NotAFile { .. }
                | EvidenceError::TooLarge { .. } => {
                    IpcError::new(IpcErrorCode::InvalidInput, message)
                }
                EvidenceError::Write { .. } => IpcError::new(IpcErrorCode::Storage, message),
            },
            E::Store(se) => match se {
                StoreError::Open { .. }
                | StoreError::NotADatabase { .. }
                | StoreError::SchemaTooNew { .. }
                | StoreError::Replace { .. }
                | StoreError::Migration(_) => IpcError::new(IpcErrorCode::Storage, message),
                StoreError::Sqlite(_) | StoreError::Decode { .. } => IpcError::internal(message),
            },
            E::DataDir { .. }
            | E::File { .. }
            | E::FolderInUse { .. }
            | E::FolderBeingRekeyed { .. } => IpcError::new(IpcErrorCode::Storage, message),
            E::NotARecord(_) | E::List(_) | E::Network(_) | E::Monitor(_) => {
                IpcError::new(IpcErrorCode::InvalidInput, message)
            }
            E::Pdf(_) | E::SignPdf(_) => IpcError::internal(message),
            E::Signing(bonafide::signing::SigningError::Damaged(_)) => {
                IpcError::new(IpcErrorCode::Storage, message)
            }
            E::Signing(_) => IpcError::new(IpcErrorCode::InvalidInput, message),
            E::SigningNotSetUp => IpcError::new(IpcErrorCode::NotSetUp, message),
            E::Backup(b) => match b {
                BackupError::Write { .. }
                | BackupError::Evidence { .. }
                | BackupError::Swap { .. } => IpcError::new(IpcErrorCode::Storage, message),
                BackupError::Read { .. }
                | BackupError::Damaged { .. }
                | BackupError::NotABackup { .. }
                | BackupError::Mismatch { .. }
                | BackupError::Unsound { .. } => IpcError::new(IpcErrorCode::InvalidInput, message),
            },
            E::Vault(v) => match v {
                VaultError::NotSetUp { .. } => IpcError::new(IpcErrorCode::NotSetUp, message),
                VaultError::Locked => IpcError::new(IpcErrorCode::Locked, message),
                VaultError::WrongPassphrase
                | VaultError::WrongRecoveryCode
                | VaultError::WrongKey { .. }
                | VaultError::PassphraseRequired
                | VaultError::PassphraseNeeded
                | VaultError::NewPassphraseRequired
                | VaultError::SamePassphrase
                | VaultError::BadPassphrase => IpcError::new(IpcErrorCode::InvalidInput, message),
                VaultError::AlreadySetUp { .. }
                | VaultError::NotOurs { .. }
                | VaultError::KeyFile { .. }
                | VaultError::RotationUnfinished
                | VaultError::Keychain(_)
                | VaultError::Write { .. } => IpcError::new(IpcErrorCode::Storage, message),
                VaultError::Random(_) => IpcError::internal(message),
            },
        }
    }
}
