//! Moving a folder's data from one key to another: the first encryption of data stored in
//! the clear by a version before encryption, and key rotation ([`crate::vault`] explains
//! both). Each step replaces whole files and repeats harmlessly, so an interrupted move is
//! simply finished at the next open.

use std::path::{Path, PathBuf};

use super::{App, Folder};
use crate::blobs::{BlobStore, DEFAULT_MAX_EVIDENCE_BYTES};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::vault::{self, DataKey, RecoveryCode, Unfinished};
use bonafide_base::DataDir;
use bonafide_base::clock;

/// What rotating the key did.
pub struct KeyRotation {
    /// The new recovery code, to show once.
    pub recovery_code: RecoveryCode,
    /// Whether this computer's keychain holds the new key.
    pub in_keychain: bool,
    /// The folder, open under its new key.
    pub app: App,
}

impl Folder {
    /// Replaces the folder's data key with a new one and re-encrypts everything under it,
    /// so that whoever knew the old key, passphrase or recovery code cannot open what is
    /// written from now on. `passphrase` is the new passphrase (required when the folder
    /// had one, or without a keychain); `actor` is who rotates it, recorded in the history
    /// (else the name saved in the folder).
    ///
    /// Refused while the folder is open in another window or command: the data is
    /// replaced file by file under them.
    pub fn rotate_key(
        &self,
        current: &DataKey,
        passphrase: Option<&str>,
        actor: Option<String>,
    ) -> Result<KeyRotation> {
        // Opening first finishes anything unfinished, proves the key opens the data, and
        // names who is rotating (given, else the name saved in the folder).
        let actor = App::open(self.dir(), current, actor)?.actor()?;
        let lock = lock_folder(&DataDir::new(self.dir()), LockKind::Exclusive)?;
        let rotated =
            vault::begin_rotation(self.dir(), current, &actor, passphrase, self.keychain())?;
        // Opening under the new key moves the data and records the rotation.
        let app = App::open_locked(self.dir(), &rotated.key, Some(actor), lock)?;
        // A keychain that refuses keeps a key that opens only backups made before.
        let _ = self.keychain().forget(current.id());
        Ok(KeyRotation {
            recovery_code: rotated.recovery_code,
            in_keychain: rotated.in_keychain,
            app,
        })
    }
}

/// How an app holds the folder's lock file.
pub(super) enum LockKind {
    /// Any number of windows and commands together.
    Shared,
    /// One key rotation alone.
    Exclusive,
}

/// Takes the folder's lock, without waiting: a folder someone else holds is an error that
/// says what to do.
pub(super) fn lock_folder(layout: &DataDir, kind: LockKind) -> Result<std::fs::File> {
    let path = layout.lock_file();
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| Error::DataDir { path, source })?;
    take_lock(&file, kind, layout)?;
    Ok(file)
}

/// Turns the exclusive lock an app took to move the folder's data into the shared one every
/// open app holds, so other windows and commands can open the folder again.
pub(super) fn share_lock(lock: &std::fs::File, layout: &DataDir) -> Result<()> {
    lock.unlock().map_err(|source| Error::DataDir {
        path: layout.lock_file(),
        source,
    })?;
    take_lock(lock, LockKind::Shared, layout)
}

fn take_lock(file: &std::fs::File, kind: LockKind, layout: &DataDir) -> Result<()> {
    let taken = match kind {
        LockKind::Shared => file.try_lock_shared(),
        LockKind::Exclusive => file.try_lock(),
    };
    let path = layout.root().to_path_buf();
    match (taken, kind) {
        (Ok(()), _) => Ok(()),
        (Err(std::fs::TryLockError::WouldBlock), LockKind::Shared) => {
            Err(Error::FolderBeingRekeyed { path })
        }
        (Err(std::fs::TryLockError::WouldBlock), LockKind::Exclusive) => {
            Err(Error::FolderInUse { path })
        }
        (Err(std::fs::TryLockError::Error(source)), _) => Err(Error::DataDir {
            path: layout.lock_file(),
            source,
        }),
    }
}

/// Re-encrypts the database and every evidence file from the key a rotation moves away
/// from to `key`. Files already under `key` are left alone.
pub(super) fn move_to_new_key(
    layout: &DataDir,
    unfinished: &Unfinished,
    key: &DataKey,
    blobs: &BlobStore,
) -> Result<()> {
    crate::store::rekey_database(&layout.database(), &unfinished.previous, key)?;
    let old = BlobStore::new(
        layout.evidence_dir(),
        DEFAULT_MAX_EVIDENCE_BYTES,
        &unfinished.previous,
    );
    for (name, path) in evidence_files(layout)? {
        blobs
            .reencrypt_from(&old, &name)
            .map_err(|source| Error::File { path, source })?;
    }
    Ok(())
}

/// Records the rotation in the global history, as done by whoever began it, then drops
/// the old key from the key file. Interrupted between the two, the next
/// open records it again: a repeated event, never a missing one.
pub(super) fn finish_rotation(
    dir: &Path,
    store: &mut Store,
    unfinished: &Unfinished,
    key: &DataKey,
) -> Result<()> {
    let now = clock::now();
    store.write(|tx| {
        crate::store::append_event(
            tx,
            crate::audit::GLOBAL_STREAM,
            &now,
            &unfinished.by,
            crate::audit::EventKind::KeyRotated,
            None,
            serde_json::json!({
                "previous_key": unfinished.previous.id(),
                "key": key.id(),
                "began_at": unfinished.started_at,
            }),
        )?;
        Ok(())
    })?;
    vault::finish_rotation(dir, key)?;
    Ok(())
}

/// Encrypts what a version before encryption stored in the clear: the database, then every
/// evidence file, then marks the key file. Each step leaves whole files behind if it is
/// interrupted, and repeats harmlessly, so the next start simply finishes the job.
pub(super) fn encrypt_older_data(layout: &DataDir, key: &DataKey, blobs: &BlobStore) -> Result<()> {
    if vault::has_plain_database(layout.root()) {
        crate::store::encrypt_plain_database(&layout.database(), key)?;
    }
    for (name, path) in evidence_files(layout)? {
        blobs
            .encrypt_in_place(&name)
            .map_err(|source| Error::File { path, source })?;
    }
    vault::mark_encrypted(layout.root(), key)?;
    Ok(())
}

/// Every stored evidence file in the folder, by name (its content hash) and path.
fn evidence_files(layout: &DataDir) -> Result<Vec<(String, PathBuf)>> {
    let evidence = layout.evidence_dir();
    let prefixes = match std::fs::read_dir(&evidence) {
        Ok(entries) => entries.flatten().map(|e| e.path()).collect::<Vec<_>>(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(source) => {
            return Err(Error::DataDir {
                path: evidence,
                source,
            });
        }
    };
    let mut out = Vec::new();
    for dir in prefixes.iter().filter(|p| p.is_dir()) {
        let files = std::fs::read_dir(dir).map_err(|source| Error::DataDir {
            path: dir.clone(),
            source,
        })?;
        for f in files.flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if DataDir::is_evidence_name(&name) {
                out.push((name, f.path()));
            }
        }
    }
    Ok(out)
}
