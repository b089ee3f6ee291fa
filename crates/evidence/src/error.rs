//! Failures of the evidence files, with messages a person can act on.

use std::path::PathBuf;

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
