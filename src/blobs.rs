//! Content-addressed evidence files.
//!
//! A file attached as evidence is copied into `<data dir>/evidence/<aa>/<sha256>`, where
//! `aa` is the first two hex digits of its SHA-256. The copy is written to a temporary file
//! in the same folder, flushed to disk, then renamed into place, so a crash leaves either
//! the complete file or none. The same content attached twice is stored once.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::EvidenceError;

/// Default upper bound on one evidence file: generous for scans and screen recordings,
/// small enough that a mistaken pick of a disk image is refused.
pub const DEFAULT_MAX_EVIDENCE_BYTES: u64 = 200 * 1024 * 1024;

/// What storing a file produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    /// Hex SHA-256 of the content.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Whether this content was already stored.
    pub deduplicated: bool,
}

/// The evidence folder.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
    max_bytes: u64,
}

impl BlobStore {
    /// A store rooted at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>, max_bytes: u64) -> Self {
        BlobStore {
            root: root.into(),
            max_bytes,
        }
    }

    /// Where the content with this hash lives.
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("xx");
        self.root.join(prefix).join(sha256)
    }

    /// Copies `source` into the store, hashing it on the way.
    pub fn put_file(&self, source: &Path) -> Result<StoredBlob, EvidenceError> {
        let read_err = |e| EvidenceError::Read {
            path: source.to_path_buf(),
            source: e,
        };
        let meta = fs::metadata(source).map_err(read_err)?;
        if !meta.is_file() {
            return Err(EvidenceError::NotAFile {
                path: source.to_path_buf(),
            });
        }
        if meta.len() > self.max_bytes {
            return Err(EvidenceError::TooLarge {
                path: source.to_path_buf(),
                size: meta.len(),
                limit: self.max_bytes,
            });
        }
        let input = File::open(source).map_err(read_err)?;
        self.put_reader(input, source)
    }

    fn put_reader(&self, input: impl Read, source: &Path) -> Result<StoredBlob, EvidenceError> {
        let write_err = |path: &Path| {
            let path = path.to_path_buf();
            move |e| EvidenceError::Write { path, source: e }
        };
        fs::create_dir_all(&self.root).map_err(write_err(&self.root))?;
        let mut tmp = tempfile::NamedTempFile::new_in(&self.root).map_err(write_err(&self.root))?;
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        // Read at most one byte past the limit, so a file that grows after the size check
        // is still refused rather than copied without bound.
        let mut limited = input.take(self.max_bytes + 1);
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match limited.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(EvidenceError::Read {
                        path: source.to_path_buf(),
                        source: e,
                    });
                }
            };
            hasher.update(&buf[..n]);
            tmp.write_all(&buf[..n]).map_err(write_err(tmp.path()))?;
            size += n as u64;
        }
        if size > self.max_bytes {
            return Err(EvidenceError::TooLarge {
                path: source.to_path_buf(),
                size,
                limit: self.max_bytes,
            });
        }
        let sha256 = hex::encode(hasher.finalize());
        let dest = self.path_of(&sha256);
        if dest.is_file() {
            return Ok(StoredBlob {
                sha256,
                size,
                deduplicated: true,
            });
        }
        tmp.as_file().sync_all().map_err(write_err(tmp.path()))?;
        let dir = dest.parent().unwrap_or(&self.root);
        fs::create_dir_all(dir).map_err(write_err(dir))?;
        tmp.persist(&dest).map_err(|e| EvidenceError::Write {
            path: dest.clone(),
            source: e.error,
        })?;
        // Make the rename itself durable before the database says the file exists.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(StoredBlob {
            sha256,
            size,
            deduplicated: false,
        })
    }

    /// Re-hashes a stored file: `Ok(true)` when present and intact, `Ok(false)` when its
    /// content no longer matches, an error when it is missing or unreadable.
    pub fn check(&self, sha256: &str) -> io::Result<bool> {
        let mut f = File::open(self.path_of(sha256))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => hasher.update(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(hex::encode(hasher.finalize()) == sha256)
    }

    /// Deletes temporary files left in the store's folder by a copy that was killed before
    /// it finished, once they are older than `age` (a younger one may belong to a copy
    /// another process is making right now). Returns how many were removed. Such files are
    /// never referenced: only a complete, renamed file is ever recorded.
    pub fn sweep_temporary(&self, age: std::time::Duration) -> usize {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return 0;
        };
        let now = std::time::SystemTime::now();
        entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
            .filter(|e| {
                e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| now.duration_since(t).is_ok_and(|d| d >= age))
            })
            .filter(|e| fs::remove_file(e.path()).is_ok())
            .count()
    }

    /// Removes stored content that nothing references any more.
    pub fn remove(&self, sha256: &str) -> io::Result<()> {
        match fs::remove_file(self.path_of(sha256)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path) -> BlobStore {
        BlobStore::new(dir.join("evidence"), 1024)
    }

    #[test]
    fn stores_by_hash_and_deduplicates() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("scan.txt");
        fs::write(&src, b"passport front").unwrap();
        let s = store(dir.path());
        let first = s.put_file(&src).unwrap();
        assert_eq!(first.sha256, crate::audit::sha256_hex(b"passport front"));
        assert_eq!(first.size, 14);
        assert!(!first.deduplicated);
        assert_eq!(
            fs::read(s.path_of(&first.sha256)).unwrap(),
            b"passport front"
        );
        let copy = dir.path().join("same.txt");
        fs::write(&copy, b"passport front").unwrap();
        assert!(s.put_file(&copy).unwrap().deduplicated);
        // Only the blob itself: no temporary files left behind.
        let files: Vec<_> = walk(&dir.path().join("evidence"));
        assert_eq!(files.len(), 1, "{files:?}");
    }

    #[test]
    fn detects_missing_and_altered_files() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("a");
        fs::write(&src, b"abc").unwrap();
        let s = store(dir.path());
        let b = s.put_file(&src).unwrap();
        assert!(s.check(&b.sha256).unwrap());
        fs::write(s.path_of(&b.sha256), b"abd").unwrap();
        assert!(!s.check(&b.sha256).unwrap());
        fs::remove_file(s.path_of(&b.sha256)).unwrap();
        assert!(s.check(&b.sha256).is_err());
    }

    #[test]
    fn refuses_oversized_missing_and_non_files() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        let big = dir.path().join("big");
        fs::write(&big, vec![0u8; 1025]).unwrap();
        assert!(matches!(
            s.put_file(&big),
            Err(EvidenceError::TooLarge { size: 1025, .. })
        ));
        assert!(matches!(
            s.put_file(&dir.path().join("nope")),
            Err(EvidenceError::Read { .. })
        ));
        assert!(matches!(
            s.put_file(dir.path()),
            Err(EvidenceError::NotAFile { .. })
        ));
    }

    #[test]
    fn sweeps_only_old_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        let src = dir.path().join("a");
        fs::write(&src, b"abc").unwrap();
        let kept = s.put_file(&src).unwrap();
        let root = dir.path().join("evidence");
        fs::write(root.join(".tmpKILLED"), b"half").unwrap();
        assert_eq!(s.sweep_temporary(std::time::Duration::from_secs(3600)), 0);
        assert_eq!(s.sweep_temporary(std::time::Duration::ZERO), 1);
        assert!(!root.join(".tmpKILLED").exists());
        assert!(s.check(&kept.sha256).unwrap());
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out
    }
}
