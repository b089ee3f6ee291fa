//! The SQLite store: the only crate that issues SQL, and the only one that depends on
//! `rusqlite` (`tests/architecture.rs` holds that).
//!
//! # Pragmas and why
//!
//! | pragma | value | why |
//! | --- | --- | --- |
//! | `key` | the folder's database key, raw (`x'…'`) | SQLCipher encrypts every page (AES-256, HMAC-SHA512 per page); it must be the first statement. A raw key skips SQLCipher's own PBKDF2, since the key is already random ([`bonafide_vault`]) |
//! | `application_id` | `0x42464944` ("BFID") | marks the file as ours, so a foreign SQLite file is refused instead of being migrated into |
//! | `journal_mode` | `WAL` | readers never block the writer; a crash mid-write leaves the last committed state |
//! | `synchronous` | `FULL` | a commit is on disk before the app reports success: an acknowledged outcome or decision survives power loss, not only a killed process. With WAL, `NORMAL` would also survive a killed process but may lose the last commits on power loss, which for a compliance record is a lost acknowledged write. Writes here are a few per minute, so the extra fsync (about 1 ms here) costs nothing a user notices. `tests/crash.rs` kills writers with SIGKILL hundreds of times and checks nothing acknowledged is lost |
//! | `foreign_keys` | `ON` | item states, evidence and decisions cannot outlive their case |
//! | `busy_timeout` | 5000 ms | the CLI and the desktop app may share the database; a writer waits instead of failing |
//!
//! # Migrations
//!
//! Append-only, keyed on `PRAGMA user_version`, all pending ones in one transaction
//! (`rusqlite_migration`). A database whose `user_version` is higher than this build knows
//! is refused before anything is written.

#![deny(missing_docs)]

mod cases;
mod checks;
mod error;
mod events;
mod items;
mod migrations;
mod monitor;
mod screening;

pub use cases::{CaseRow, CaseSummaryRow};
pub use checks::StoredPage;
pub use error::StoreError;
/// One write transaction, as [`Store::write`] hands it to its closure: named so that the
/// façade can split the work of one transaction across functions without naming SQLite.
pub type Tx<'a> = Transaction<'a>;
pub use items::{DecisionRow, EvidenceRow, ItemStateRow, RemovedEvidence};
pub use items::{decode, delete_setting, put_setting};
pub use monitor::{MonitorImportRow, SharedAddressRow};
pub use screening::{AlertRow, DispositionRow};

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction};
use zeroize::Zeroizing;

use bonafide_audit::{AuditEvent, EventKind};
use bonafide_vault::DataKey;

/// Our `application_id`: "BFID".
pub const APPLICATION_ID: i64 = 0x4246_4944;

/// Schema version this build writes.
pub fn schema_version() -> i64 {
    migrations::MIGRATIONS.len() as i64
}

/// What a database snapshot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Number of cases.
    pub cases: u64,
    /// SHA-256 of every evidence file referenced, sorted, each once.
    pub evidence: Vec<String>,
    /// The snapshot's schema version.
    pub schema_version: i64,
}

fn contents_of(conn: &Connection) -> Result<Snapshot, StoreError> {
    let cases: i64 = conn.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
    let evidence = conn
        .prepare("SELECT DISTINCT sha256 FROM evidence WHERE kind = 'file' ORDER BY sha256")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    let schema_version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok(Snapshot {
        cases: cases as u64,
        evidence,
        schema_version,
    })
}

/// An open database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Opens a connection and gives SQLCipher the key before anything reads the file.
fn open_keyed(path: &Path, key: &DataKey) -> Result<Connection, StoreError> {
    let open_err = |source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(open_err)?;
    // SQLCipher otherwise logs every failed page check to stderr; the error the caller
    // gets already says what is wrong, in words a user can act on.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")
        .map_err(open_err)?;
    // PRAGMA takes no bound parameters; the key is 64 hex digits of our own making, so
    // pasting it into the statement is safe. SQLCipher reads `x'…'` as a raw key.
    let stmt = Zeroizing::new(format!("PRAGMA key = \"{}\";", key.database_key().as_str()));
    conn.execute_batch(&stmt).map_err(open_err)?;
    Ok(conn)
}

impl Store {
    /// Opens (creating if needed) and upgrades the encrypted database at `path`.
    pub fn open(path: &Path, key: &DataKey) -> Result<Store, StoreError> {
        let conn = open_keyed(path, key)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.check_identity()?;
        store.apply_pragmas()?;
        store.migrate()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Refuses a file that is not SQLite, belongs to another program, or was written by a
    /// newer version — before any write, so such a file is left exactly as it was.
    fn check_identity(&self) -> Result<(), StoreError> {
        let not_ours = |detail: String| StoreError::NotADatabase {
            path: self.path.clone(),
            detail,
        };
        // Reading the header is the first thing that touches the file; a non-SQLite file
        // fails here with "file is not a database".
        let app_id: i64 = self
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| not_ours(e.to_string()))?;
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| not_ours(e.to_string()))?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| not_ours(e.to_string()))?;
        if tables > 0 && app_id != APPLICATION_ID {
            return Err(not_ours(format!(
                "it holds {tables} tables but not Bona Fide's identifier"
            )));
        }
        if version > schema_version() {
            return Err(StoreError::SchemaTooNew {
                path: self.path.clone(),
                found: version,
                supported: schema_version(),
            });
        }
        Ok(())
    }

    fn apply_pragmas(&self) -> Result<(), StoreError> {
        let c = &self.conn;
        let mode: String = c.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Open {
                path: self.path.clone(),
                source: rusqlite::Error::InvalidParameterName(format!(
                    "journal_mode stayed {mode}; the data folder must be on a local disk"
                )),
            });
        }
        c.pragma_update(None, "synchronous", "FULL")?;
        c.pragma_update(None, "foreign_keys", "ON")?;
        c.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        migrations::migrations()
            .to_latest(&mut self.conn)
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        self.conn
            .pragma_update(None, "application_id", APPLICATION_ID)?;
        Ok(())
    }

    /// Runs `f` in one immediate transaction: all of its writes land, or none.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The connection, for reads.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Copies the database into a new file at `dest` with SQLite's online backup API:
    /// a consistent snapshot even while other connections write (each step retries
    /// until it sees one unchanged state).
    /// Returns what the snapshot holds: its case count and the SHA-256 of every evidence
    /// file it references (the files a backup must carry with it).
    /// The snapshot is encrypted under `key`, the key this database was opened with.
    pub fn snapshot_to(&self, dest: &Path, key: &DataKey) -> Result<Snapshot, StoreError> {
        let mut out = open_keyed(dest, key)?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
            backup.run_to_completion(1024, std::time::Duration::from_millis(5), None)?;
        }
        // A single self-contained file, not a WAL pair.
        out.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
        let snapshot = contents_of(&out)?;
        out.close().map_err(|(_, e)| StoreError::Sqlite(e))?;
        Ok(snapshot)
    }

    /// What this database holds, as a backup's manifest records it: its case count and
    /// every evidence file it references. A restore compares the two, since the database
    /// is authenticated by its key and the manifest is not.
    pub fn contents(&self) -> Result<Snapshot, StoreError> {
        contents_of(&self.conn)
    }

    /// `PRAGMA integrity_check`: `Ok(())` or SQLite's list of problems.
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let rows: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if rows == ["ok"] {
            Ok(())
        } else {
            Err(StoreError::NotADatabase {
                path: self.path.clone(),
                detail: rows.join("; "),
            })
        }
    }
}

/// Checks that a plain (unencrypted) database is ours and of a schema this build reads,
/// reading only; returns its schema version.
fn plain_identity(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    let not_ours = |detail: String| StoreError::NotADatabase {
        path: path.to_path_buf(),
        detail,
    };
    let app_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| not_ours(e.to_string()))?;
    if app_id != APPLICATION_ID {
        return Err(not_ours(
            "it is a plain SQLite file, but not Bona Fide's".into(),
        ));
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > schema_version() {
        return Err(StoreError::SchemaTooNew {
            path: path.to_path_buf(),
            found: version,
            supported: schema_version(),
        });
    }
    Ok(version)
}

/// Encrypts a database written in the clear by a version before encryption, in place:
/// an encrypted copy is made beside it with `sqlcipher_export` and renamed over it, so a
/// crash leaves either the plain file or the encrypted one, and this can simply run again.
/// The plain file must be ours (it is refused like any foreign database otherwise).
pub fn encrypt_plain_database(path: &Path, key: &DataKey) -> Result<(), StoreError> {
    let open_err = |source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    };
    // CREATE, because ATTACH opens the new file with the main connection's flags.
    let plain = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    )
    .map_err(open_err)?;
    let version = plain_identity(&plain, path)?;
    // Folds the WAL into the main file, so no plain pages are left beside the new file.
    plain.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
    let tmp = path.with_extension("encrypting");
    let _ = std::fs::remove_file(&tmp);
    plain.execute(
        "ATTACH DATABASE ?1 AS encrypted KEY ?2",
        rusqlite::params![tmp.to_string_lossy(), key.database_key().as_str()],
    )?;
    plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
    plain.pragma_update(Some("encrypted"), "user_version", version)?;
    plain.pragma_update(Some("encrypted"), "application_id", APPLICATION_ID)?;
    plain.execute_batch("DETACH DATABASE encrypted")?;
    plain.close().map_err(|(_, e)| StoreError::Sqlite(e))?;
    replace_with(&tmp, path)
}

/// Puts the finished copy `tmp` in place of the database at `path`: flushed to disk, then
/// renamed over it, then the rename itself made durable.
fn replace_with(tmp: &Path, path: &Path) -> Result<(), StoreError> {
    std::fs::File::open(tmp)
        .and_then(|f| f.sync_all())
        .and_then(|()| std::fs::rename(tmp, path))
        .map_err(|source| StoreError::Replace {
            path: path.to_path_buf(),
            source,
        })?;
    bonafide_base::files::sync_dir(&bonafide_base::files::folder_of(path));
    Ok(())
}

/// Moves the encrypted database at `path` from key `old` to key `new` when the folder's key
/// is rotated. The database is copied under the new key beside the old file, the old
/// file's write-ahead log is folded in and removed (a log left beside the new file would
/// be replayed into it), and the copy is renamed over the old file. A crash leaves one
/// whole file under one key or the other; a database already under `new` is left alone,
/// so this simply runs again after a crash.
pub fn rekey_database(path: &Path, old: &DataKey, new: &DataKey) -> Result<(), StoreError> {
    if opens_with(path, new) {
        return Ok(());
    }
    let store = Store::open(path, old)?;
    let tmp = path.with_extension("rekeying");
    let _ = std::fs::remove_file(&tmp);
    store.snapshot_to(&tmp, new)?;
    store
        .conn
        .pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
    store.conn.close().map_err(|(_, e)| StoreError::Sqlite(e))?;
    replace_with(&tmp, path)
}

/// Whether the database at `path` is encrypted under `key` (its header decrypts).
fn opens_with(path: &Path, key: &DataKey) -> bool {
    open_keyed(path, key).is_ok_and(|c| {
        c.pragma_query_value(None, "application_id", |r| r.get::<_, i64>(0))
            .is_ok_and(|id| id == APPLICATION_ID)
    })
}

/// Appends one event to `stream` inside the caller's transaction and moves the chain head.
pub fn append_event(
    tx: &Transaction<'_>,
    stream: &str,
    at: &str,
    actor: &str,
    kind: EventKind,
    item_id: Option<&str>,
    payload: serde_json::Value,
) -> Result<AuditEvent, StoreError> {
    events::append(tx, stream, at, actor, kind, item_id, payload)
}

/// Appends the global event that records a change of settings, inside the transaction
/// that writes them.
pub fn append_setting_changed(
    tx: &Transaction<'_>,
    at: &str,
    actor: &str,
    payload: serde_json::Value,
) -> Result<AuditEvent, StoreError> {
    let global = bonafide_audit::GLOBAL_STREAM;
    events::append(
        tx,
        global,
        at,
        actor,
        EventKind::SettingChanged,
        None,
        payload,
    )
}
