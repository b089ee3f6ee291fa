//! A data folder's key file, which also arrives inside backup archives: any bytes are
//! refused with a reason or read as a key file, and a recovery code that does not fit never
//! unlocks anything. (Passphrase unlocks are left out: each one runs Argon2id, whose cost a
//! key file may only raise to a bounded maximum.)
#![no_main]

use bonafide_vault::{self as vault, FolderState, Unlock};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(vault::KEY_FILE), data).unwrap();
    if let Ok(FolderState::Locked { .. }) = vault::state(dir.path()) {
        let code = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA";
        assert!(vault::unlock(dir.path(), &Unlock::RecoveryCode(code)).is_err());
    }
});
