//! Whole backup archives, unpacked into a scratch folder: any bytes are refused with a
//! typed error or unpacked exactly as the manifest lists, and nothing lands outside the
//! scratch folder.
#![no_main]

use bonafide_backup::unpack_verified;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("in.tar");
    std::fs::write(&archive, data).unwrap();
    let staging = dir.path().join("staging");
    std::fs::create_dir(&staging).unwrap();
    if let Ok(m) = unpack_verified(&archive, &staging) {
        for f in &m.files {
            assert!(staging.join(&f.path).is_file(), "{} missing", f.path);
        }
    }
    let outside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(outside.len(), 2, "something was written beside the staging folder");
});
