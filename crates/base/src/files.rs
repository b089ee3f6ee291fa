//! Writing files so that a crash leaves either the old file or the new one, never half of
//! either.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder a file is in; `.` for a bare file name. Temporary files go there, so the
/// final rename stays on one file system.
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Fsyncs a folder so a rename inside it is durable. Failure is ignored: some file
/// systems cannot sync a directory, and the rename itself has already happened.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Replaces `path` with `bytes` so that a crash leaves either the old file or the new one:
/// a temporary file beside it, flushed, renamed into place, and the rename made durable.
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = folder_of(path);
    written_beside(&dir, bytes)?
        .persist(path)
        .map_err(|e| e.error)?;
    sync_dir(&dir);
    Ok(())
}

/// Writes `bytes` to `path` as [`replace_file`] does, but only where nothing of that name
/// exists: the check and the rename are one step, so a file that appears meanwhile (a
/// person's own document, say) is never replaced. Fails with `AlreadyExists` then.
pub fn create_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = folder_of(path);
    written_beside(&dir, bytes)?
        .persist_noclobber(path)
        .map_err(|e| e.error)?;
    sync_dir(&dir);
    Ok(())
}

/// A temporary file in `dir` holding `bytes`, flushed to disk.
fn written_beside(dir: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
        // tempfile's error names its random temporary file, which means nothing to the
        // person reading it; the folder does.
        let why = if dir.is_dir() {
            e.kind().to_string()
        } else {
            "the folder does not exist".to_string()
        };
        std::io::Error::new(
            e.kind(),
            format!("cannot write in {}: {why}", dir.display()),
        )
    })?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_file_name_is_in_the_current_folder() {
        assert_eq!(folder_of(Path::new("a.pdf")), PathBuf::from("."));
        assert_eq!(folder_of(Path::new("/x/a.pdf")), PathBuf::from("/x"));
    }

    #[test]
    fn a_missing_folder_is_named_and_no_temporary_file_is() {
        let err = replace_file(Path::new("/nonexistent-bonafide/dir/ca.pem"), b"x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot write in /nonexistent-bonafide/dir: the folder does not exist"
        );
    }

    #[test]
    fn create_file_never_replaces_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.pdf");
        create_file(&path, b"first").unwrap();
        let err = create_file(&path, b"second").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        // No temporary file is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn replace_file_leaves_only_the_new_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        replace_file(&path, b"old").unwrap();
        replace_file(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
