//! Writing an archive: the database snapshot, the key file and every evidence file the
//! snapshot references, then the manifest listing them, into a temporary file beside the
//! destination that is renamed into place only once it is complete and on disk.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use bonafide_base::files::folder_of;
use bonafide_evidence::BlobStore;

use crate::hashing::Hashing;
use crate::{
    BackupError, BackupReport, Contents, DATABASE_ENTRY, FORMAT, FORMAT_VERSION, KEY_FILE_ENTRY,
    MANIFEST_ENTRY, Manifest, ManifestFile, evidence_entry,
};

/// The error for a failed write to `path`.
fn write_err(path: &Path) -> impl FnOnce(io::Error) -> BackupError + use<> {
    let path = path.to_path_buf();
    move |source| BackupError::Write { path, source }
}

/// An archive being written to a temporary file beside its destination, hashed as it
/// goes so the report can give the SHA-256 of the whole file.
struct ArchiveWriter<'a> {
    /// Declared before `tmp` so that, when writing fails, the builder finishes with the
    /// temporary file still there and only then is the file removed.
    builder: tar::Builder<Hashing<io::BufWriter<File>>>,
    tmp: tempfile::NamedTempFile,
    out: &'a Path,
}

impl<'a> ArchiveWriter<'a> {
    /// Starts an archive that [`ArchiveWriter::finish`] moves to `out`.
    fn create(out: &'a Path) -> Result<Self, BackupError> {
        let dir = folder_of(out);
        let tmp = tempfile::NamedTempFile::new_in(&dir).map_err(write_err(&dir))?;
        let file = tmp.as_file().try_clone().map_err(write_err(tmp.path()))?;
        let builder = tar::Builder::new(Hashing::new(io::BufWriter::new(file)));
        Ok(ArchiveWriter { builder, tmp, out })
    }

    /// Appends `size` bytes of `source` as the entry `name` and returns its manifest
    /// line. A source that ends early (a file that shrank while it was copied) fails the
    /// backup rather than leaving an entry that does not match its size.
    fn add(
        &mut self,
        name: &str,
        source: &mut dyn Read,
        size: u64,
    ) -> Result<ManifestFile, BackupError> {
        let mut header = tar::Header::new_gnu();
        header.set_size(size);
        header.set_mode(0o600);
        header.set_mtime(0);
        header.set_entry_type(tar::EntryType::Regular);
        let mut reader = Hashing::new(source.take(size));
        self.builder
            .append_data(&mut header, name, &mut reader)
            .map_err(write_err(self.out))?;
        let (_, sha256, bytes) = reader.finish();
        if bytes != size {
            return Err(BackupError::Write {
                path: self.out.to_path_buf(),
                source: io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("{name} shrank while it was copied"),
                ),
            });
        }
        Ok(ManifestFile {
            path: name.to_string(),
            size,
            sha256,
        })
    }

    /// Ends the archive, makes it durable and renames it into place; returns the
    /// SHA-256 and size of the whole file.
    fn finish(self) -> Result<(String, u64), BackupError> {
        let ArchiveWriter { builder, tmp, out } = self;
        let hashing = builder.into_inner().map_err(write_err(out))?;
        let (buffered, sha256, bytes) = hashing.finish();
        let file = buffered.into_inner().map_err(|e| BackupError::Write {
            path: out.to_path_buf(),
            source: e.into_error(),
        })?;
        file.sync_all().map_err(write_err(out))?;
        tmp.persist(out).map_err(|e| BackupError::Write {
            path: out.to_path_buf(),
            source: e.error,
        })?;
        Ok((sha256, bytes))
    }
}

/// Writes an archive of the snapshot at `db`, the key file `key_file` and the evidence
/// files the snapshot references (by hash, read from `blobs`) to `out`, through a temporary
/// file renamed into place at the end.
pub fn write_archive(
    out: &Path,
    db: &Path,
    key_file: &[u8],
    snapshot: &Contents<'_>,
    blobs: &BlobStore,
    created_at: &str,
) -> Result<BackupReport, BackupError> {
    let mut archive = ArchiveWriter::create(out)?;
    let mut files = vec![
        add_database(&mut archive, db)?,
        archive.add(KEY_FILE_ENTRY, &mut &key_file[..], key_file.len() as u64)?,
    ];
    let mut altered = Vec::new();
    for sha in snapshot.evidence {
        files.push(add_evidence(&mut archive, blobs, sha)?);
        if !blobs.check(sha).unwrap_or(false) {
            // Kept under its recorded name so the restored folder shows the same problem
            // `audit verify` shows now, instead of hiding it.
            altered.push(sha.clone());
        }
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        version: FORMAT_VERSION,
        created_at: created_at.to_string(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        schema_version: snapshot.schema_version,
        cases: snapshot.cases,
        files,
    };
    add_manifest(&mut archive, &manifest)?;
    let (sha256, bytes) = archive.finish()?;
    Ok(BackupReport {
        path: out.display().to_string(),
        bytes,
        sha256,
        cases: snapshot.cases,
        evidence_files: snapshot.evidence.len() as u64,
        altered_evidence: altered,
        created_at: created_at.to_string(),
    })
}

/// Adds the database snapshot at `db`.
fn add_database(archive: &mut ArchiveWriter<'_>, db: &Path) -> Result<ManifestFile, BackupError> {
    let mut db_file = File::open(db).map_err(write_err(db))?;
    let db_size = db_file.metadata().map_err(write_err(db))?.len();
    archive.add(DATABASE_ENTRY, &mut db_file, db_size)
}

/// Adds one evidence file, as stored (encrypted), under the name its hash gives it.
fn add_evidence(
    archive: &mut ArchiveWriter<'_>,
    blobs: &BlobStore,
    sha: &str,
) -> Result<ManifestFile, BackupError> {
    let path = blobs.path_of(sha);
    let evidence_err = |source| BackupError::Evidence {
        sha256: sha.to_string(),
        source,
    };
    let mut f = File::open(&path).map_err(evidence_err)?;
    let size = f.metadata().map_err(evidence_err)?.len();
    archive.add(&evidence_entry(sha), &mut f, size)
}

/// Adds the manifest, the last entry, listing every other.
fn add_manifest(archive: &mut ArchiveWriter<'_>, manifest: &Manifest) -> Result<(), BackupError> {
    let json = serde_json::to_vec_pretty(manifest).map_err(|e| BackupError::Write {
        path: archive.out.to_path_buf(),
        source: io::Error::other(e),
    })?;
    archive.add(MANIFEST_ENTRY, &mut json.as_slice(), json.len() as u64)?;
    Ok(())
}
