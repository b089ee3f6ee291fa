//! Content-addressed, encrypted evidence files.
//!
//! A file attached as evidence is copied into `<data dir>/evidence/<aa>/<sha256>`, where
//! `sha256` is the hash of its *content* (what records cite) and `aa` its first two hex
//! digits. The copy is written to a temporary file in the same folder, flushed to disk,
//! then renamed into place, so a crash leaves either the complete file or none. The same
//! content attached twice is stored once.
//!
//! # Encryption
//!
//! Stored files are encrypted with XChaCha20-Poly1305 under the folder's evidence key
//! ([`bonafide_vault`]) in the STREAM construction (big-endian 32-bit counter): 64 KiB chunks,
//! each with its own tag, the last one marked as last, so a file of any size is encrypted
//! and checked in constant memory and a truncated, reordered or altered file fails to
//! decrypt. Layout: [`MAGIC`], a random 19-byte nonce, then the chunks (each 64 KiB of
//! content plus a 16-byte tag; the last one shorter, possibly empty).
//!
//! Checking a file decrypts it and hashes the content against its name, which proves both
//! that the app wrote it and that it is the content the records cite.

#![deny(missing_docs)]

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use aead_stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::XChaCha20Poly1305;
use chacha20poly1305::aead::KeyInit;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use bonafide_base::DataDir;
use bonafide_base::files::{folder_of, sync_dir};

mod error;
pub use error::EvidenceError;

/// First bytes of every stored evidence file.
pub const MAGIC: &[u8; 8] = b"BFEVID1\n";
/// Content bytes per encrypted chunk.
const CHUNK: usize = 64 * 1024;
/// Bytes of authentication tag per chunk.
const TAG: usize = 16;
/// STREAM nonce: the 24-byte XChaCha20 nonce less the 5-byte counter and last-chunk flag.
const NONCE: usize = 19;

/// Default upper bound on one evidence file: generous for scans and screen recordings,
/// small enough that a mistaken pick of a disk image is refused.
pub const DEFAULT_MAX_EVIDENCE_BYTES: u64 = 200 * 1024 * 1024;

/// Why encrypting a stream stopped: reading the content or writing the result.
enum EncryptFailure {
    Read(io::Error),
    Write(io::Error),
}

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
#[derive(Clone)]
pub struct BlobStore {
    root: PathBuf,
    max_bytes: u64,
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for BlobStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobStore")
            .field("root", &self.root)
            .field("max_bytes", &self.max_bytes)
            .finish_non_exhaustive()
    }
}

/// Reads until `buf` is full or the input ends; returns how many bytes were read.
fn fill(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn undecryptable() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "it does not decrypt under this data folder's key: it was altered, cut short, or \
         written by something else",
    )
}

impl BlobStore {
    /// A store rooted at `root` (created on first write), encrypting under `key`.
    pub fn new(root: impl Into<PathBuf>, max_bytes: u64, key: &bonafide_vault::DataKey) -> Self {
        BlobStore {
            root: root.into(),
            max_bytes,
            key: key.evidence_key(),
        }
    }

    /// The largest file the store accepts.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&*self.key).into())
    }

    /// Encrypts everything `input` yields into `out`, hashing the content on the way.
    /// Reads at most `limit + 1` bytes; returns the content's hash and size.
    fn encrypt(
        &self,
        input: &mut impl Read,
        out: &mut impl Write,
        limit: u64,
    ) -> Result<(String, u64), EncryptFailure> {
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce)
            .map_err(|e| EncryptFailure::Write(io::Error::other(e.to_string())))?;
        out.write_all(MAGIC).map_err(EncryptFailure::Write)?;
        out.write_all(&nonce).map_err(EncryptFailure::Write)?;
        let mut enc = EncryptorBE32::from_aead(self.cipher(), (&nonce).into());
        let mut limited = input.take(limit.saturating_add(1));
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = fill(&mut limited, &mut buf).map_err(EncryptFailure::Read)?;
            hasher.update(&buf[..n]);
            size += n as u64;
            if n < CHUNK {
                let sealed = enc
                    .encrypt_last(&buf[..n])
                    .map_err(|_| EncryptFailure::Write(io::Error::other("encryption failed")))?;
                out.write_all(&sealed).map_err(EncryptFailure::Write)?;
                break;
            }
            let sealed = enc
                .encrypt_next(&buf[..n])
                .map_err(|_| EncryptFailure::Write(io::Error::other("file too large")))?;
            out.write_all(&sealed).map_err(EncryptFailure::Write)?;
        }
        Ok((hex::encode(hasher.finalize()), size))
    }

    /// Decrypts a stored file into `out`, returning the content's SHA-256. An altered,
    /// truncated or foreign file is an `InvalidData` error.
    fn decrypt(&self, input: &mut impl Read, out: &mut impl Write) -> io::Result<String> {
        self.decrypt_chunks(input, |plain, _| out.write_all(plain))
    }

    /// Decrypts a stored file chunk by chunk, handing each chunk of content to `each` with
    /// whether it is the last, and returns the content's SHA-256. An altered, truncated or
    /// foreign file is an `InvalidData` error.
    fn decrypt_chunks(
        &self,
        input: &mut impl Read,
        mut each: impl FnMut(&[u8], bool) -> io::Result<()>,
    ) -> io::Result<String> {
        let mut head = [0u8; MAGIC.len() + NONCE];
        if fill(input, &mut head)? != head.len() || &head[..MAGIC.len()] != MAGIC {
            return Err(undecryptable());
        }
        let nonce: [u8; NONCE] = head[MAGIC.len()..].try_into().expect("sized above");
        let mut dec = DecryptorBE32::from_aead(self.cipher(), (&nonce).into());
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; CHUNK + TAG];
        loop {
            let n = fill(input, &mut buf)?;
            if n < CHUNK + TAG {
                let plain = dec.decrypt_last(&buf[..n]).map_err(|_| undecryptable())?;
                hasher.update(&plain);
                each(&plain, true)?;
                break;
            }
            let plain = dec.decrypt_next(&buf[..n]).map_err(|_| undecryptable())?;
            hasher.update(&plain);
            each(&plain, false)?;
        }
        Ok(hex::encode(hasher.finalize()))
    }

    /// Writes the decrypted content of a stored file to `out` (to open or export it),
    /// checking it against its hash on the way.
    pub fn read_to(&self, sha256: &str, out: &mut impl Write) -> io::Result<()> {
        let mut f = io::BufReader::new(File::open(self.path_of(sha256))?);
        if self.decrypt(&mut f, out)? != sha256 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "its content does not match its hash",
            ));
        }
        Ok(())
    }

    /// Where the content with this hash lives.
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        DataDir::evidence_file_in(&self.root, sha256)
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

    fn put_reader(&self, mut input: impl Read, source: &Path) -> Result<StoredBlob, EvidenceError> {
        let write_err = |path: &Path| {
            let path = path.to_path_buf();
            move |e| EvidenceError::Write { path, source: e }
        };
        fs::create_dir_all(&self.root).map_err(write_err(&self.root))?;
        let tmp = tempfile::NamedTempFile::new_in(&self.root).map_err(write_err(&self.root))?;
        let mut out = io::BufWriter::new(tmp);
        // Reads at most one byte past the limit, so a file that grows after the size check
        // is still refused rather than copied without bound.
        let (sha256, size) =
            self.encrypt(&mut input, &mut out, self.max_bytes)
                .map_err(|e| match e {
                    EncryptFailure::Read(e) => EvidenceError::Read {
                        path: source.to_path_buf(),
                        source: e,
                    },
                    EncryptFailure::Write(e) => EvidenceError::Write {
                        path: self.root.clone(),
                        source: e,
                    },
                })?;
        if size > self.max_bytes {
            return Err(EvidenceError::TooLarge {
                path: source.to_path_buf(),
                size,
                limit: self.max_bytes,
            });
        }
        let dest = self.path_of(&sha256);
        if dest.is_file() {
            return Ok(StoredBlob {
                sha256,
                size,
                deduplicated: true,
            });
        }
        let tmp = out.into_inner().map_err(|e| EvidenceError::Write {
            path: self.root.clone(),
            source: e.into_error(),
        })?;
        tmp.as_file().sync_all().map_err(write_err(tmp.path()))?;
        let dir = dest.parent().unwrap_or(&self.root);
        fs::create_dir_all(dir).map_err(write_err(dir))?;
        tmp.persist(&dest).map_err(|e| EvidenceError::Write {
            path: dest.clone(),
            source: e.error,
        })?;
        // Make the rename itself durable before the database says the file exists.
        sync_dir(dir);
        Ok(StoredBlob {
            sha256,
            size,
            deduplicated: false,
        })
    }

    /// Re-reads a stored file: `Ok(true)` when present, decrypting and matching its hash;
    /// `Ok(false)` when it was altered; an error when it is missing or unreadable.
    pub fn check(&self, sha256: &str) -> io::Result<bool> {
        let mut f = io::BufReader::new(File::open(self.path_of(sha256))?);
        match self.decrypt(&mut f, &mut io::sink()) {
            Ok(sha) => Ok(sha == sha256),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Encrypts a file stored in the clear by a version before encryption, in place
    /// (through a temporary file and a rename, so a crash leaves one whole version).
    /// A file already encrypted is left alone, so this can be repeated after a crash.
    /// Returns whether the file was encrypted now; a plain file whose content does not
    /// match its name is left as found, for `audit verify` to name.
    pub fn encrypt_in_place(&self, sha256: &str) -> io::Result<bool> {
        if self.check(sha256)? {
            return Ok(false);
        }
        let path = self.path_of(sha256);
        let mut hasher = Sha256::new();
        let mut plain = File::open(&path)?;
        let mut buf = vec![0u8; CHUNK];
        loop {
            match fill(&mut plain, &mut buf)? {
                0 => break,
                n => hasher.update(&buf[..n]),
            }
        }
        if hex::encode(hasher.finalize()) != sha256 {
            return Ok(false);
        }
        let dir = folder_of(&path);
        let tmp = tempfile::NamedTempFile::new_in(&self.root)?;
        let mut out = io::BufWriter::new(tmp);
        let mut input = io::BufReader::new(File::open(&path)?);
        self.encrypt(&mut input, &mut out, u64::MAX)
            .map_err(|e| match e {
                EncryptFailure::Read(e) | EncryptFailure::Write(e) => e,
            })?;
        let tmp = out.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&path).map_err(|e| e.error)?;
        sync_dir(&dir);
        Ok(true)
    }

    /// Re-encrypts a stored file from the key of `old` to this store's key when the folder's
    /// key is rotated, in place (through a temporary file and a rename, so a crash leaves
    /// the file whole under one key or the other). The content is never written in the
    /// clear: each chunk goes straight from one cipher to the other.
    ///
    /// Returns whether the file was re-encrypted now. A file already under this key is left
    /// alone, so this repeats harmlessly after a crash; one that decrypts under neither key,
    /// or whose content does not match its name, is left as found for `audit verify` to name.
    pub fn reencrypt_from(&self, old: &BlobStore, sha256: &str) -> io::Result<bool> {
        if self.check(sha256)? {
            return Ok(false);
        }
        let path = self.path_of(sha256);
        let mut input = io::BufReader::new(File::open(&path)?);
        let mut out = io::BufWriter::new(tempfile::NamedTempFile::new_in(&self.root)?);
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce).map_err(|e| io::Error::other(e.to_string()))?;
        out.write_all(MAGIC)?;
        out.write_all(&nonce)?;
        let mut enc = Some(EncryptorBE32::from_aead(self.cipher(), (&nonce).into()));
        let sealed = old.decrypt_chunks(&mut input, |plain, last| {
            let sealed = if last {
                enc.take().map(|e| e.encrypt_last(plain))
            } else {
                enc.as_mut().map(|e| e.encrypt_next(plain))
            };
            let sealed = sealed
                .and_then(Result::ok)
                .ok_or_else(|| io::Error::other("encryption failed"))?;
            out.write_all(&sealed)
        });
        match sealed {
            Ok(sha) if sha == sha256 => {}
            Ok(_) => return Ok(false),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => return Ok(false),
            Err(e) => return Err(e),
        }
        let tmp = out.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&path).map_err(|e| e.error)?;
        sync_dir(&folder_of(&path));
        Ok(true)
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
mod tests;
