//! The data folder's layout. Every file the app keeps in a data folder is named here and
//! nowhere else, so the database, the key file and the evidence files cannot drift apart
//! between the store, the vault, the evidence files and the backup format (whose archive
//! entries use the same relative names).
//!
//! ```text
//! <data>/bonafide.sqlite3        the database (SQLCipher)
//! <data>/key.json                the data key, wrapped
//! <data>/evidence/<aa>/<sha256>  evidence files, named by the SHA-256 of their content
//! ```

use std::path::{Path, PathBuf};

/// A data folder, and the path of everything in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The database's file name.
    pub const DATABASE: &'static str = "bonafide.sqlite3";
    /// The key file's name.
    pub const KEY_FILE: &'static str = "key.json";
    /// The evidence folder's name.
    pub const EVIDENCE: &'static str = "evidence";
    /// The file every open app holds a shared lock on, and a key rotation an exclusive one.
    pub const LOCK_FILE: &'static str = "bonafide.lock";

    /// The data folder at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The database file.
    pub fn database(&self) -> PathBuf {
        self.root.join(Self::DATABASE)
    }

    /// The lock file.
    pub fn lock_file(&self) -> PathBuf {
        self.root.join(Self::LOCK_FILE)
    }

    /// The key file.
    pub fn key_file(&self) -> PathBuf {
        self.root.join(Self::KEY_FILE)
    }

    /// The folder of evidence files.
    pub fn evidence_dir(&self) -> PathBuf {
        self.root.join(Self::EVIDENCE)
    }

    /// Where the evidence file with this SHA-256 is kept, inside [`Self::evidence_dir`]:
    /// `<aa>/<sha256>`, two hex digits of fan-out so no folder grows huge.
    pub fn evidence_file_in(evidence_dir: &Path, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("xx");
        evidence_dir.join(prefix).join(sha256)
    }

    /// The same file's name relative to the data folder, with `/` separators on every
    /// platform: `evidence/<aa>/<sha256>`. Backup archives name their entries this way.
    pub fn evidence_entry(sha256: &str) -> String {
        let prefix = sha256.get(..2).unwrap_or("xx");
        format!("{}/{prefix}/{sha256}", Self::EVIDENCE)
    }

    /// The SHA-256 an evidence file name stands for, if `name` is one: 64 lower-case hex
    /// digits.
    pub fn is_evidence_name(name: &str) -> bool {
        name.len() == 64
            && name
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }

    /// The SHA-256 named by a relative entry `evidence/<aa>/<sha256>`, if it is one and its
    /// fan-out folder matches.
    pub fn evidence_of_entry(entry: &str) -> Option<&str> {
        let rest = entry.strip_prefix(Self::EVIDENCE)?.strip_prefix('/')?;
        let (prefix, sha) = rest.split_once('/')?;
        (Self::is_evidence_name(sha) && sha.get(..2) == Some(prefix)).then_some(sha)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "ab00000000000000000000000000000000000000000000000000000000000000";

    #[test]
    fn names_every_file_of_the_folder() {
        let d = DataDir::new("/data");
        assert_eq!(d.database(), Path::new("/data/bonafide.sqlite3"));
        assert_eq!(d.key_file(), Path::new("/data/key.json"));
        assert_eq!(
            DataDir::evidence_file_in(&d.evidence_dir(), SHA),
            Path::new("/data/evidence/ab").join(SHA)
        );
    }

    #[test]
    fn entries_and_paths_name_the_same_file() {
        let entry = DataDir::evidence_entry(SHA);
        assert_eq!(entry, format!("evidence/ab/{SHA}"));
        assert_eq!(DataDir::evidence_of_entry(&entry), Some(SHA));
        assert_eq!(
            DataDir::evidence_of_entry(&format!("evidence/cd/{SHA}")),
            None
        );
        assert_eq!(DataDir::evidence_of_entry("evidence/ab/../x"), None);
        assert!(!DataDir::is_evidence_name(&SHA.to_uppercase()));
    }
}
