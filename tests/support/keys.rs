//! Data folder keys for tests. A new folder gets a new key with no passphrase (so no
//! Argon2id per test); its recovery code is remembered, by key id, for as long as the test
//! process runs, so the folder (or a backup restored from it) can be opened again.
//! The keychain is never used: tests must not write to the user's keychain.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;
use std::sync::{LazyLock, Mutex};

use bonafide::app::App;
use bonafide::vault::{self, DataKey, FolderState, Unlock};

static CODES: LazyLock<Mutex<HashMap<String, String>>> = LazyLock::new(Default::default);

/// Remembers a recovery code made elsewhere (another process) for `key`.
pub fn remember(key_id: &str, code: &str) {
    let mut codes = CODES.lock().unwrap_or_else(|p| p.into_inner());
    codes.insert(key_id.to_string(), code.to_string());
}

/// The recovery code of the key with this id, if this process made or was told it.
pub fn code_of(key_id: &str) -> Option<String> {
    let codes = CODES.lock().unwrap_or_else(|p| p.into_inner());
    codes.get(key_id).cloned()
}

/// The key of `dir`: a new one if the folder has none, else its own (unlocked with the
/// remembered recovery code).
pub fn key(dir: &Path) -> DataKey {
    match vault::state(dir).expect("folder state") {
        FolderState::Locked { key_id, .. } => {
            let code = code_of(&key_id).expect("a key this test process made");
            vault::unlock(dir, &Unlock::RecoveryCode(&code)).expect("unlock")
        }
        FolderState::NotSetUp { .. } => {
            let (key, code) = vault::create_key(dir, None).expect("create key");
            remember(key.id(), code.as_str());
            key
        }
    }
}

/// Opens `dir` with its key, setting one up first if needed.
pub fn open(dir: &Path, actor: Option<&str>) -> App {
    App::open(dir, &key(dir), actor.map(str::to_string)).expect("open data folder")
}
