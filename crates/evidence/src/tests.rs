//! The evidence store's tests.

use super::*;

fn store(dir: &Path) -> BlobStore {
    BlobStore::new(dir.join("evidence"), 300 * 1024, &test_key(dir))
}

fn test_key(dir: &Path) -> bonafide_vault::DataKey {
    let keys = dir.join("keys");
    bonafide_vault::create_key(&keys, None).unwrap().0
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn stores_by_hash_and_deduplicates() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("scan.txt");
    fs::write(&src, b"passport front").unwrap();
    let s = store(dir.path());
    let first = s.put_file(&src).unwrap();
    assert_eq!(first.sha256, sha256_hex(b"passport front"));
    assert_eq!(first.size, 14);
    assert!(!first.deduplicated);
    let stored = fs::read(s.path_of(&first.sha256)).unwrap();
    assert!(stored.starts_with(MAGIC));
    assert!(!contains(&stored, b"passport"), "stored in the clear");
    let mut back = Vec::new();
    s.read_to(&first.sha256, &mut back).unwrap();
    assert_eq!(back, b"passport front");
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
    let stored = fs::read(s.path_of(&b.sha256)).unwrap();
    // One bit flipped anywhere, the file cut short, or the plain content in its place.
    for i in [0, MAGIC.len(), stored.len() - 1] {
        let mut flipped = stored.clone();
        flipped[i] ^= 1;
        fs::write(s.path_of(&b.sha256), &flipped).unwrap();
        assert!(!s.check(&b.sha256).unwrap(), "bit {i}");
    }
    fs::write(s.path_of(&b.sha256), &stored[..stored.len() - 1]).unwrap();
    assert!(!s.check(&b.sha256).unwrap());
    fs::write(s.path_of(&b.sha256), b"abc").unwrap();
    assert!(!s.check(&b.sha256).unwrap());
    fs::remove_file(s.path_of(&b.sha256)).unwrap();
    assert!(s.check(&b.sha256).is_err());
}

#[test]
fn refuses_oversized_missing_and_non_files() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let big = dir.path().join("big");
    fs::write(&big, vec![0u8; 300 * 1024 + 1]).unwrap();
    assert!(matches!(
        s.put_file(&big),
        Err(EvidenceError::TooLarge { size: 307201, .. })
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

#[test]
fn files_of_every_chunk_boundary_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 7] {
        let content: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
        let src = dir.path().join(format!("f{len}"));
        fs::write(&src, &content).unwrap();
        let b = s.put_file(&src).unwrap();
        assert_eq!(b.size, len as u64);
        assert!(s.check(&b.sha256).unwrap(), "{len}");
        let mut back = Vec::new();
        s.read_to(&b.sha256, &mut back).unwrap();
        assert_eq!(back, content, "{len}");
        let stored = fs::read(s.path_of(&b.sha256)).unwrap();
        let chunks = len / CHUNK + 1;
        assert_eq!(stored.len(), MAGIC.len() + NONCE + len + chunks * TAG);
        // Dropping a whole last chunk must not pass for a shorter file.
        if len >= CHUNK {
            fs::write(
                s.path_of(&b.sha256),
                &stored[..MAGIC.len() + NONCE + CHUNK + TAG],
            )
            .unwrap();
            assert!(!s.check(&b.sha256).unwrap(), "{len} truncated at a chunk");
        }
    }
}

#[test]
fn a_plain_file_from_before_encryption_is_encrypted_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let sha = sha256_hex(b"old scan");
    let path = s.path_of(&sha);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, b"old scan").unwrap();
    assert!(!s.check(&sha).unwrap());
    assert!(s.encrypt_in_place(&sha).unwrap());
    assert!(s.check(&sha).unwrap());
    assert!(!contains(&fs::read(&path).unwrap(), b"old scan"));
    // Again, as after a crash: nothing to do.
    assert!(!s.encrypt_in_place(&sha).unwrap());
    // A plain file that does not match its name is left for `audit verify` to name.
    let bad = sha256_hex(b"other");
    fs::create_dir_all(s.path_of(&bad).parent().unwrap()).unwrap();
    fs::write(s.path_of(&bad), b"tampered").unwrap();
    assert!(!s.encrypt_in_place(&bad).unwrap());
    assert_eq!(fs::read(s.path_of(&bad)).unwrap(), b"tampered");
}

#[test]
fn a_rotated_key_re_encrypts_each_file_once_and_never_in_the_clear() {
    let dir = tempfile::tempdir().unwrap();
    let old = store(dir.path());
    let new_key = bonafide_vault::create_key(&dir.path().join("keys2"), None)
        .unwrap()
        .0;
    let new = BlobStore::new(dir.path().join("evidence"), 300 * 1024, &new_key);
    // Several chunks and a short last one, so the chunk boundaries are crossed.
    let content: Vec<u8> = (0..(CHUNK * 2 + 123)).map(|i| (i % 251) as u8).collect();
    let src = dir.path().join("scan.bin");
    fs::write(&src, &content).unwrap();
    let sha = old.put_file(&src).unwrap().sha256;
    assert!(!new.check(&sha).unwrap());
    assert!(new.reencrypt_from(&old, &sha).unwrap());
    let mut back = Vec::new();
    new.read_to(&sha, &mut back).unwrap();
    assert_eq!(back, content);
    assert!(!old.check(&sha).unwrap());
    // Again, as after a crash: already under the new key.
    assert!(!new.reencrypt_from(&old, &sha).unwrap());
    // No plain copy was left anywhere in the folder.
    for f in walk(&dir.path().join("evidence")) {
        assert!(!contains(&fs::read(&f).unwrap(), &content[..4096]), "{f:?}");
    }
    // A file under neither key is left exactly as found.
    let other_src = dir.path().join("other.bin");
    fs::write(&other_src, b"another scan").unwrap();
    let other = store(&dir.path().join("elsewhere"))
        .put_file(&other_src)
        .unwrap()
        .sha256;
    let path = new.path_of(&other);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, b"BFEVID1\nnot really").unwrap();
    assert!(!new.reencrypt_from(&old, &other).unwrap());
    assert_eq!(fs::read(&path).unwrap(), b"BFEVID1\nnot really");
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
