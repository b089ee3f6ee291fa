//! Backing up an open data folder and restoring one from an archive (format and checks in
//! [`crate::backup`]).

use std::fs;
use std::path::Path;

use super::{App, DB_FILE, folder_of};
use crate::backup::{self, BackupError, BackupReport, Manifest, RestoreReport};
use crate::clock;
use crate::error::{Error, Result};
use crate::store::Store;

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
        let db = tmp.path().join(DB_FILE);
        let snapshot = self.store().snapshot_to(&db)?;
        Ok(backup::write_archive(
            out,
            &db,
            &snapshot,
            &self.blobs,
            &created_at,
        )?)
    }
}

/// Unpacks and checks an archive in `staging`: the manifest, every entry, and the database
/// (it must be ours, of a schema this build reads, and pass `integrity_check`).
fn stage(archive: &Path, staging: &Path) -> Result<Manifest> {
    let manifest = backup::unpack_verified(archive, staging)?;
    let unsound = |detail: String| BackupError::Unsound {
        path: archive.to_path_buf(),
        detail,
    };
    let store = Store::open(&staging.join(DB_FILE)).map_err(|e| unsound(e.to_string()))?;
    store
        .integrity_check()
        .map_err(|e| unsound(e.to_string()))?;
    Ok(manifest)
}

/// Checks an archive completely without touching any data folder.
pub fn check_backup(archive: &Path) -> Result<Manifest> {
    // Unpacked beside the archive, like a backup's snapshot: /tmp may be too small.
    let dir = folder_of(archive);
    let tmp = tempfile::Builder::new()
        .prefix(".bonafide-check-")
        .tempdir_in(&dir)
        .map_err(|source| BackupError::Swap { path: dir, source })?;
    stage(archive, tmp.path())
}

/// Replaces the data folder `data_dir` with the contents of `archive`.
///
/// Nothing is replaced until the archive has been unpacked beside the data folder and
/// every check has passed. The data folder is then renamed aside to
/// `<name>.before-restore-<time>`, kept for the user to delete, and the checked copy is
/// renamed into its place; if that last rename fails, the old folder is put back. No app
/// may have the data folder open while this runs.
pub fn restore(data_dir: &Path, archive: &Path) -> Result<RestoreReport> {
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
    let manifest = stage(archive, staging.path())?;

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
    backup::sync_dir(parent);
    Ok(RestoreReport {
        archive: archive.display().to_string(),
        created_at: manifest.created_at.clone(),
        cases: manifest.cases,
        evidence_files: manifest.files.len().saturating_sub(1) as u64,
        previous_data: previous.map(|p| p.display().to_string()),
    })
}
