//! `bonafide key`: the data folder's encryption key — how it unlocks, its passphrase and
//! its recovery code. These work on the folder itself, before (or instead of) opening it.

use std::path::Path;

use bonafide::app::Folder;
use bonafide::vault::{self, FolderState, Keychain, VaultError};
use clap::Subcommand;

use crate::exit::Failure;
use crate::folder::folder_key;
use crate::json::print_json;
use crate::secrets::{
    NEW_PASSPHRASE_ENV, RECOVERY_CODE_ENV, ask, new_passphrase, secret_from_env, show_recovery_code,
};

/// The `key` subcommands.
#[derive(Subcommand)]
pub enum KeyCmd {
    /// Whether the folder is set up, how it unlocks, and whether the keychain holds its key.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Set or change the passphrase (BONAFIDE_NEW_PASSPHRASE or asked twice).
    Passphrase {
        /// Remove the passphrase instead (only while the keychain holds the key).
        #[arg(long)]
        remove: bool,
    },
    /// Keep the key in this computer's keychain, so nothing is typed at start; with
    /// --forget, remove it from there so the passphrase is asked at every start. Recorded
    /// in the folder's history.
    Keychain {
        #[arg(long)]
        forget: bool,
    },
    /// Unlock with the recovery code (BONAFIDE_RECOVERY_CODE or asked), then keep the key
    /// in this computer's keychain and, where there is none, set a new passphrase.
    Recover,
    /// Replace the recovery code; the old one stops working. Shown once: write it down.
    NewRecoveryCode,
    /// Replace the data key itself and re-encrypt everything, with a new passphrase
    /// (BONAFIDE_NEW_PASSPHRASE or asked twice) and a new recovery code, so that whoever
    /// knew the old ones is shut out. Close the desktop app first.
    Rotate,
}

/// The vault's errors reach the person as the core's, with the same messages.
fn vault_err(e: VaultError) -> Failure {
    Failure::Core(e.into())
}

/// Runs one `key` subcommand on the data folder `dir`.
pub fn run(dir: &Path, cmd: KeyCmd, user: Option<String>) -> Result<(), Failure> {
    let keychain = Keychain::from_env();
    match cmd {
        KeyCmd::Status { json } => status(dir, &keychain, json),
        KeyCmd::Passphrase { remove } => passphrase(dir, &keychain, remove),
        KeyCmd::Keychain { forget } => {
            let key = folder_key(dir)?;
            let app = bonafide::app::App::open(dir, &key, user)?;
            let k = app.set_key_keeping(keychain, !forget)?;
            if k.in_keychain {
                println!("this computer's keychain keeps the key: nothing is typed at start");
            } else {
                println!(
                    "the keychain does not hold the key: the passphrase is asked at every start"
                );
            }
            Ok(())
        }
        KeyCmd::Recover => recover(dir, &keychain),
        KeyCmd::NewRecoveryCode => {
            let key = folder_key(dir)?;
            let code = vault::new_recovery_code(dir, &key).map_err(vault_err)?;
            show_recovery_code(&code);
            println!("the old recovery code no longer opens this folder (older backups keep it)");
            println!("{SAME_KEY}");
            Ok(())
        }
        KeyCmd::Rotate => rotate(dir, &keychain, user),
    }
}

/// Said after the passphrase or recovery code changes: both only re-wrap the same key.
const SAME_KEY: &str = "the data key itself is unchanged: to shut out anyone who knew the old \
                        secret and may have copied the key file, run `bonafide key rotate`";

/// `key rotate`: a new data key, a new passphrase where one is needed, a new recovery code.
fn rotate(dir: &Path, keychain: &Keychain, user: Option<String>) -> Result<(), Failure> {
    let key = folder_key(dir)?;
    let had_passphrase = matches!(
        vault::state(dir).map_err(vault_err)?,
        FolderState::Locked {
            passphrase: true,
            ..
        }
    );
    let passphrase = if had_passphrase || !keychain.is_available() {
        Some(new_passphrase(NEW_PASSPHRASE_ENV)?.ok_or_else(|| {
            Failure::Usage(format!(
                "a new key needs a new passphrase: run this in a terminal to choose it, or set \
                 {NEW_PASSPHRASE_ENV}"
            ))
        })?)
    } else {
        secret_from_env(NEW_PASSPHRASE_ENV)
    };
    let rotated = Folder::new(dir, *keychain).rotate_key(
        &key,
        passphrase.as_deref().map(|p| p.as_str()),
        user,
    )?;
    show_recovery_code(&rotated.recovery_code);
    println!(
        "the folder has a new key and everything in it is re-encrypted; the old key, passphrase \
         and recovery code no longer open it"
    );
    if rotated.in_keychain {
        println!("this computer's keychain holds the new key");
    }
    println!("backups made before keep their own key file and restore with their own secrets");
    Ok(())
}

/// `key status`: set up or not, and every way the folder unlocks.
fn status(dir: &Path, keychain: &Keychain, json: bool) -> Result<(), Failure> {
    let state = vault::state(dir).map_err(vault_err)?;
    let in_keychain = match &state {
        FolderState::Locked { key_id, .. } => keychain.holds(key_id),
        FolderState::NotSetUp { .. } => false,
    };
    if json {
        return print_json(&serde_json::json!({
            "folder": dir.display().to_string(),
            "status": state,
            "keychain_available": keychain.is_available(),
            "in_keychain": in_keychain,
        }));
    }
    match state {
        FolderState::NotSetUp { existing_data } => println!(
            "{} is not set up for encryption yet{}; the next command sets it up",
            dir.display(),
            if existing_data {
                " (its data is still in the clear)"
            } else {
                ""
            }
        ),
        FolderState::Locked { key_id, passphrase } => println!(
            "{} is encrypted (key {key_id}); unlocks with: {}{}the recovery code",
            dir.display(),
            if in_keychain {
                "this computer's keychain, "
            } else {
                ""
            },
            if passphrase { "the passphrase, " } else { "" },
        ),
    }
    Ok(())
}

/// `key passphrase`: sets, changes or (with `remove`) removes the passphrase.
fn passphrase(dir: &Path, keychain: &Keychain, remove: bool) -> Result<(), Failure> {
    let key = folder_key(dir)?;
    if remove {
        vault::set_passphrase(dir, &key, None, keychain).map_err(vault_err)?;
        println!("the passphrase is removed; this computer's keychain unlocks the folder");
        return Ok(());
    }
    let p = new_passphrase(NEW_PASSPHRASE_ENV)?.ok_or_else(|| {
        Failure::Usage(format!(
            "run this in a terminal to choose the passphrase, or set {NEW_PASSPHRASE_ENV}"
        ))
    })?;
    vault::set_passphrase(dir, &key, Some(&p), keychain).map_err(vault_err)?;
    println!("the passphrase is changed; backups made before keep the old one");
    println!("{SAME_KEY}");
    Ok(())
}

/// `key recover`: unlocks with the recovery code, then keeps the key in the keychain or,
/// without one, under a new passphrase.
fn recover(dir: &Path, keychain: &Keychain) -> Result<(), Failure> {
    let code = match secret_from_env(RECOVERY_CODE_ENV) {
        Some(c) => c,
        None => ask("Recovery code: ")?.ok_or_else(|| vault_err(VaultError::Locked))?,
    };
    let new = if keychain.is_available() {
        secret_from_env(NEW_PASSPHRASE_ENV)
    } else {
        new_passphrase(NEW_PASSPHRASE_ENV)?
    };
    let (_, kept) = vault::recover(dir, &code, new.as_deref().map(|p| p.as_str()), keychain)
        .map_err(vault_err)?;
    if kept {
        println!("unlocked; this computer's keychain now holds the key");
    }
    if new.is_some() {
        println!("unlocked; the new passphrase is set");
    }
    Ok(())
}
