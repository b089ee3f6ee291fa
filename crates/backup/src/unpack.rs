//! Unpacking an archive for a restore: every entry is written into the staging folder
//! only if the format allows its name, then the whole is compared with the manifest, so
//! an archive that was cut short, altered or padded is refused before anything is
//! replaced.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

use crate::hashing::Hashing;
use crate::{BackupError, EntryKind, MAX_MANIFEST_BYTES, Manifest, entry_kind, parse_manifest};

/// The errors of one archive being unpacked, each naming the archive.
struct Refusal<'a> {
    archive: &'a Path,
}

impl Refusal<'_> {
    /// The archive is cut short or its structure is broken.
    fn damaged(&self, detail: String) -> BackupError {
        BackupError::Damaged {
            path: self.archive.to_path_buf(),
            detail,
        }
    }

    /// An entry does not match the manifest.
    fn mismatch(&self, entry: &str, detail: &str) -> BackupError {
        BackupError::Mismatch {
            path: self.archive.to_path_buf(),
            entry: entry.to_string(),
            detail: detail.to_string(),
        }
    }

    /// The archive is not one of ours, or from a newer version.
    fn not_ours(&self, detail: String) -> BackupError {
        BackupError::NotABackup {
            path: self.archive.to_path_buf(),
            detail,
        }
    }
}

/// The error for a staging file or folder that could not be written.
fn swap_err(path: &Path) -> impl FnOnce(io::Error) -> BackupError + use<> {
    let path = path.to_path_buf();
    move |source| BackupError::Swap { path, source }
}

/// What the archive held, before it is compared with its manifest.
#[derive(Default)]
struct Unpacked {
    /// Size and SHA-256 of every entry written to the staging folder, by name.
    found: BTreeMap<String, (u64, String)>,
    /// The manifest's bytes, once seen.
    manifest: Option<Vec<u8>>,
}

/// Unpacks `archive` into the empty folder `staging` and checks every entry against the
/// manifest. On success `staging` holds `bonafide.sqlite3` and `evidence/`, exactly as
/// listed; the database itself is checked by the caller.
pub fn unpack_verified(archive: &Path, staging: &Path) -> Result<Manifest, BackupError> {
    let file = File::open(archive).map_err(|source| BackupError::Read {
        path: archive.to_path_buf(),
        source,
    })?;
    let refuse = Refusal { archive };
    let unpacked = unpack_entries(file, staging, &refuse)?;
    let manifest_bytes = unpacked
        .manifest
        .ok_or_else(|| refuse.damaged("it has no manifest; it may be cut short".into()))?;
    let manifest = parse_manifest(&manifest_bytes).map_err(|d| refuse.not_ours(d))?;
    check_against_manifest(&manifest, unpacked.found, &refuse)?;
    Ok(manifest)
}

/// Reads every entry of the archive: the manifest into memory, everything else into
/// `staging`, refusing anything the format does not allow.
fn unpack_entries(
    file: File,
    staging: &Path,
    refuse: &Refusal<'_>,
) -> Result<Unpacked, BackupError> {
    let mut tar = tar::Archive::new(io::BufReader::new(file));
    let mut unpacked = Unpacked::default();
    let entries = tar.entries().map_err(|e| refuse.damaged(e.to_string()))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| refuse.damaged(e.to_string()))?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let kind = allowed_kind(&entry, &name, &unpacked, refuse)?;
        let size = entry.size();
        match kind {
            EntryKind::Manifest => {
                unpacked.manifest = Some(read_manifest(&mut entry, &name, size, refuse)?);
            }
            EntryKind::Database | EntryKind::KeyFile | EntryKind::Evidence(_) => {
                let stored = unpack_file(&mut entry, &staging.join(&name), &name, size, refuse)?;
                unpacked.found.insert(name, stored);
            }
        }
    }
    Ok(unpacked)
}

/// What the entry `name` is, if it is a plain file with a name the format allows that
/// was not seen before.
fn allowed_kind<R: Read>(
    entry: &tar::Entry<'_, R>,
    name: &str,
    unpacked: &Unpacked,
    refuse: &Refusal<'_>,
) -> Result<EntryKind, BackupError> {
    if entry.header().entry_type() != tar::EntryType::Regular {
        return Err(refuse.not_ours(format!("it holds {name}, which is not a plain file")));
    }
    let kind = entry_kind(name).ok_or_else(|| {
        refuse.not_ours(format!("it holds a file the format does not allow: {name}"))
    })?;
    if unpacked.found.contains_key(name)
        || (kind == EntryKind::Manifest && unpacked.manifest.is_some())
    {
        return Err(refuse.not_ours(format!("it holds {name} twice")));
    }
    Ok(kind)
}

/// Reads the manifest entry, refusing one too large to be ours before reading it.
fn read_manifest(
    entry: &mut impl Read,
    name: &str,
    size: u64,
    refuse: &Refusal<'_>,
) -> Result<Vec<u8>, BackupError> {
    if size > MAX_MANIFEST_BYTES {
        return Err(refuse.not_ours(format!("its manifest is {size} bytes")));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    entry
        .read_to_end(&mut bytes)
        .map_err(|e| refuse.damaged(format!("{name}: {e}")))?;
    Ok(bytes)
}

/// Copies one entry to `dest`, made durable, and returns the size and SHA-256 of what
/// was written; an entry shorter than its header says is damage.
fn unpack_file(
    entry: &mut impl Read,
    dest: &Path,
    name: &str,
    size: u64,
    refuse: &Refusal<'_>,
) -> Result<(u64, String), BackupError> {
    if let Some(parent) = dest.parent() {
        fs::create_dir_all(parent).map_err(swap_err(parent))?;
    }
    let out = File::create(dest).map_err(swap_err(dest))?;
    let mut writer = Hashing::new(io::BufWriter::new(out));
    io::copy(entry, &mut writer).map_err(|e| refuse.damaged(format!("{name}: {e}")))?;
    let (buffered, sha, bytes) = writer.finish();
    let out = buffered
        .into_inner()
        .map_err(|e| refuse.damaged(format!("{name}: {}", e.error())))?;
    out.sync_all().map_err(swap_err(dest))?;
    if bytes != size {
        return Err(refuse.damaged(format!("{name} is cut short")));
    }
    Ok((bytes, sha))
}

/// Every entry the manifest lists must have been found with its size and SHA-256, and
/// nothing else may have been.
fn check_against_manifest(
    manifest: &Manifest,
    mut found: BTreeMap<String, (u64, String)>,
    refuse: &Refusal<'_>,
) -> Result<(), BackupError> {
    for f in &manifest.files {
        match found.remove(&f.path) {
            None => return Err(refuse.mismatch(&f.path, "is listed but missing")),
            Some((size, _)) if size != f.size => {
                return Err(refuse.mismatch(
                    &f.path,
                    &format!("is {size} bytes but the manifest says {}", f.size),
                ));
            }
            Some((_, sha)) if sha != f.sha256 => {
                return Err(refuse.mismatch(
                    &f.path,
                    "has content whose SHA-256 differs from the manifest",
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = found.keys().next() {
        return Err(refuse.mismatch(extra, "is not listed in the manifest"));
    }
    Ok(())
}
