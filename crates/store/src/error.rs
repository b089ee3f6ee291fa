//! Failures of the store, with messages a person can act on.

use std::path::PathBuf;

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
