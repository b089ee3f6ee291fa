//! Backing up an open data folder and restoring one from an archive (format and checks in
//! [`crate::backup`]).

use std::fs;
use std::path::Path;

use super::App;
use crate::backup::{self, BackupError, BackupReport, EntryKind, Manifest, RestoreReport};
use crate::blobs::BlobStore;
use crate::clock;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::vault::{self, DataKey};
use bonafide_base::DataDir;
use bonafide_base::files::{folder_of, replace_file};

impl App {
    /// Writes one archive of the database (a consistent snapshot, taken while the app
    /// keeps running) and every evidence file it references, with a manifest of hashes.
    pub fn backup(&self, out: &Path) -> Result<BackupReport> {
        let created_at = clock::now();
        let dir = folder_of(out);
        // The snapshot is staged beside the archive, not in /tmp, which may be too small.
        let tmp = tempfile::Builder::new()
            .prefix(".bonafide-backup-")
            .tempdir_in(&dir)
            .map_err(|source| BackupError::Write {
                path: dir.clone(),
                source,
            })?;
        let db = DataDir::new(tmp.path()).database();
        let snapshot = self.store().snapshot_to(&db, &self.key)?;
        let key_path = vault::key_file_path(&self.data_dir);
        let key_file = fs::read(&key_path).map_err(|source| Error::File {
            path: key_path,
            source,
        })?;
        Ok(backup::write_archive(
            out,
            &db,
            &key_file,
            &backup::Contents {
                cases: snapshot.cases,
                evidence: &snapshot.evidence,
                schema_version: snapshot.schema_version,
            },
            &self.blobs,
            &created_at,
        )?)
    }
}

/// Unpacks and checks an archive in `staging`: the manifest and every entry, then, with the
/// archive's key unlocked by `unlock`, every evidence file (it must decrypt to content
/// matching its name) and the database (ours, of a schema this build reads, passing
/// `integrity_check`). Returns the manifest and the archive's key.
fn stage(
    archive: &Path,
    staging: &Path,
    unlock: &vault::Unlock<'_>,
) -> Result<(Manifest, DataKey)> {
    let manifest = backup::unpack_verified(archive, staging)?;
    let key = vault::unlock(staging, unlock)?;
    let unsound = |detail: String| BackupError::Unsound {
        path: archive.to_path_buf(),
        detail,
    };
    let staged = DataDir::new(staging);
    let blobs = BlobStore::new(staged.evidence_dir(), u64::MAX, &key);
    for f in &manifest.files {
        if let Some(EntryKind::Evidence(sha)) = backup::entry_kind(&f.path)
            && !blobs.check(&sha).unwrap_or(false)
        {
            return Err(unsound(format!(
                "the evidence file {sha} does not decrypt to content matching its name"
            ))
            .into());
        }
    }
    let store = Store::open(&staged.database(), &key).map_err(|e| unsound(e.to_string()))?;
    store
        .integrity_check()
        .map_err(|e| unsound(e.to_string()))?;
    matches_database(&manifest, &store).map_err(unsound)?;
    Ok((manifest, key))
}

/// The manifest against the database it came with. The manifest is not authenticated:
/// whoever edits the archive can drop an evidence file together with its manifest line.
/// The database is (SQLCipher checks every page against the key), so every evidence file
/// it references must be in the archive, and the case counts must agree.
fn matches_database(manifest: &Manifest, store: &Store) -> std::result::Result<(), String> {
    let held: std::collections::HashSet<String> = manifest
        .files
        .iter()
        .filter_map(|f| match backup::entry_kind(&f.path) {
            Some(EntryKind::Evidence(sha)) => Some(sha),
            _ => None,
        })
        .collect();
    let contents = store.contents().map_err(|e| e.to_string())?;
    let missing: Vec<&String> = contents
        .evidence
        .iter()
        .filter(|sha| !held.contains(*sha))
        .collect();
    if let Some(first) = missing.first() {
        return Err(format!(
            "its database references {} evidence file(s) that the archive does not hold \
             (the first is {first}); entries were removed from the archive and its manifest",
            missing.len()
        ));
    }
    if contents.cases != manifest.cases {
        return Err(format!(
            "its manifest says {} cases but its database holds {}",
            manifest.cases, contents.cases
        ));
    }
    Ok(())
}

/// When the folder being replaced holds a key file for the same key as the archive, it is
/// the newer of the two (a passphrase changed or a recovery code replaced since the backup),
/// so it goes into the restored folder instead of the archive's.
fn keep_newer_key_file(data_dir: &Path, staging: &Path, key: &DataKey) {
    if vault::unlock(data_dir, &vault::Unlock::Key(key)).is_ok() {
        // If this fails, the archive's key file stays in place, and it opens the folder too.
        let _ = fs::read(vault::key_file_path(data_dir))
            .and_then(|bytes| replace_file(&vault::key_file_path(staging), &bytes));
    }
}

/// Checks an archive completely, unlocking its key with `unlock`, without touching any
/// data folder.
pub fn check_backup(archive: &Path, unlock: &vault::Unlock<'_>) -> Result<Manifest> {
    // Unpacked beside the archive, like a backup's snapshot: /tmp may be too small.
    let dir = folder_of(archive);
    let tmp = tempfile::Builder::new()
        .prefix(".bonafide-check-")
        .tempdir_in(&dir)
        .map_err(|source| BackupError::Swap { path: dir, source })?;
    Ok(stage(archive, tmp.path(), unlock)?.0)
}

/// Replaces the data folder `data_dir` with the contents of `archive`.
///
/// Nothing is replaced until the archive has been unpacked beside the data folder and
/// every check has passed. The data folder is then renamed aside to
/// `<name>.before-restore-<time>`, kept for the user to delete, and the checked copy is
/// renamed into its place; if that last rename fails, the old folder is put back. No app
/// may have the data folder open while this runs.
///
/// The restored folder keeps the archive's key file, so it opens with the key `unlock`
/// unlocked, which is returned (to open the folder with, or to keep in the keychain).
/// The restore is then recorded in the restored history as done by `actor` (else the
/// name saved in the restored folder).
pub fn restore(
    data_dir: &Path,
    archive: &Path,
    unlock: &vault::Unlock<'_>,
    actor: Option<&str>,
) -> Result<(RestoreReport, DataKey)> {
    let data_dir = std::path::absolute(data_dir).map_err(|source| Error::DataDir {
        path: data_dir.to_path_buf(),
        source,
    })?;
    let swap_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Backup(BackupError::Swap { path, source })
    };
    let (Some(parent), Some(name)) = (data_dir.parent(), data_dir.file_name()) else {
        return Err(Error::DataDir {
            path: data_dir.clone(),
            source: std::io::Error::other("a data folder cannot be a file system root"),
        });
    };
    let name = name.to_string_lossy().into_owned();
    fs::create_dir_all(parent).map_err(swap_err(parent))?;
    // On the same file system as the data folder, so the final step is a rename.
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.restore-"))
        .tempdir_in(parent)
        .map_err(swap_err(parent))?;
    let (manifest, key) = stage(archive, staging.path(), unlock)?;

    keep_newer_key_file(&data_dir, staging.path(), &key);
    let previous = match fs::read_dir(&data_dir).map(|mut e| e.next().is_some()) {
        Ok(true) => {
            let stamp: String = clock::now()
                .chars()
                .map(|c| if c == ':' || c == '.' { '-' } else { c })
                .collect();
            let aside = parent.join(format!("{name}.before-restore-{stamp}"));
            fs::rename(&data_dir, &aside).map_err(swap_err(&data_dir))?;
            Some(aside)
        }
        Ok(false) => {
            fs::remove_dir(&data_dir).map_err(swap_err(&data_dir))?;
            None
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(swap_err(&data_dir)(e)),
    };
    let staged = staging.keep();
    if let Err(e) = fs::rename(&staged, &data_dir) {
        if let Some(aside) = &previous {
            let _ = fs::rename(aside, &data_dir);
        }
        let _ = fs::remove_dir_all(&staged);
        return Err(swap_err(&data_dir)(e));
    }
    bonafide_base::files::sync_dir(parent);
    let evidence_files = manifest
        .files
        .iter()
        .filter(|f| matches!(backup::entry_kind(&f.path), Some(EntryKind::Evidence(_))))
        .count() as u64;
    let mut report = RestoreReport {
        archive: archive.display().to_string(),
        created_at: manifest.created_at.clone(),
        cases: manifest.cases,
        evidence_files,
        previous_data: previous.map(|p| p.display().to_string()),
        not_recorded: None,
    };
    // The restored history ends when the backup was made; say in it that the folder was
    // replaced, so a rollback to an old backup is never silent. The restore itself is
    // done either way, so a failure here is reported, not raised.
    let recorded = App::open(&data_dir, &key, actor.map(str::to_string))
        .and_then(|app| app.record_restore(&report));
    if let Err(e) = recorded {
        report.not_recorded = Some(e.to_string());
    }
    Ok((report, key))
}

impl App {
    /// Records in the global history that this folder was restored from a backup.
    fn record_restore(&self, report: &RestoreReport) -> Result<()> {
        let now = clock::now();
        let actor = self.actor()?;
        let archive = Path::new(&report.archive)
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| report.archive.clone());
        self.store().write(|tx| {
            crate::store::append_event(
                tx,
                crate::audit::GLOBAL_STREAM,
                &now,
                &actor,
                crate::audit::EventKind::Restored,
                None,
                serde_json::json!({
                    "archive": archive,
                    "backup_made_at": report.created_at,
                    "cases": report.cases,
                    "evidence_files": report.evidence_files,
                    "replaced_data_kept_in": report.previous_data,
                }),
            )?;
            Ok(())
        })?;
        Ok(())
    }
}
