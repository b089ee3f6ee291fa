//! Why a data folder could not be unlocked or its key changed.

use std::path::PathBuf;

use crate::{MAX_PASSPHRASE_CHARS, MIN_PASSPHRASE_CHARS};

/// Why a data folder could not be unlocked or its key changed. The data itself is never
/// touched by any of these.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// The folder has no key file yet.
    #[error("the data folder {path} is not set up for encryption yet")]
    NotSetUp {
        /// The data folder.
        path: PathBuf,
    },
    /// Setting up a folder that already has a key.
    #[error("the data folder {path} already has a key; unlock it instead of setting it up again")]
    AlreadySetUp {
        /// The data folder.
        path: PathBuf,
    },
    /// The folder holds a plain database that is not ours (or too new): no key is made for
    /// it, and it is left as it is.
    #[error("{detail}; no key was set up and the file was left as it is")]
    NotOurs {
        /// What the store found.
        detail: String,
    },
    /// The key file is missing while the database is encrypted, or is unreadable.
    #[error(
        "the key file {path} is unusable ({detail}); restore the data folder from a backup, \
         which carries its key file"
    )]
    KeyFile {
        /// The key file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The passphrase did not unlock the key.
    #[error("the passphrase is wrong; try again, or use the recovery code")]
    WrongPassphrase,
    /// The recovery code did not unlock the key.
    #[error("the recovery code is wrong; check it against the copy written down at set-up")]
    WrongRecoveryCode,
    /// A key (from the keychain or held by the app) that does not belong to this folder.
    #[error(
        "the key offered does not belong to the data folder {path}; unlock it with its \
         passphrase or recovery code"
    )]
    WrongKey {
        /// The data folder.
        path: PathBuf,
    },
    /// No keychain and no passphrase.
    #[error(
        "this data folder is locked and no keychain holds its key; give its passphrase \
         (or recovery code)"
    )]
    Locked,
    /// A folder without a keychain must have a passphrase.
    #[error(
        "no keychain is available on this computer, so the data folder needs a passphrase \
         of at least {MIN_PASSPHRASE_CHARS} characters"
    )]
    PassphraseRequired,
    /// Removing the only way in besides the recovery code.
    #[error("the passphrase cannot be removed while no keychain holds the key")]
    PassphraseNeeded,
    /// A passphrase outside the allowed length.
    #[error("a passphrase must have {MIN_PASSPHRASE_CHARS} to {MAX_PASSPHRASE_CHARS} characters")]
    BadPassphrase,
    /// A key rotation is asked for while an earlier one (or the first encryption) is
    /// unfinished.
    #[error(
        "an earlier change of key has not finished; open the data folder once (any command \
         does it) to finish it, then try again"
    )]
    RotationUnfinished,
    /// A new key needs a new passphrase, and none was given.
    #[error(
        "a new key needs a new passphrase of at least {MIN_PASSPHRASE_CHARS} characters: \
         keeping the old one would let whoever knew it open the folder"
    )]
    NewPassphraseRequired,
    /// The new passphrase is the old one.
    #[error("that is the current passphrase; choose one that has not been used for this folder")]
    SamePassphrase,
    /// The keychain failed.
    #[error("the keychain could not be used: {0}")]
    Keychain(String),
    /// The system's random number generator failed.
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    /// The key file could not be written.
    #[error("cannot write the key file {path}: {source}")]
    Write {
        /// The key file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}
