//! Secrets the person gives: from the environment for scripts, else asked at a terminal
//! without echo. Nothing here decides which secret a folder needs; that is the core's
//! [`bonafide::app::Folder`].

use bonafide::vault;
use zeroize::Zeroizing;

use crate::exit::Failure;

/// The passphrase, for scripts (an interactive terminal is asked instead). Also the
/// passphrase a new data folder is set up with.
pub const PASSPHRASE_ENV: &str = "BONAFIDE_PASSPHRASE";
/// A new passphrase for `key passphrase` and `key recover`, for scripts.
pub const NEW_PASSPHRASE_ENV: &str = "BONAFIDE_NEW_PASSPHRASE";
/// The recovery code for `key recover` and `restore --recovery-code`, for scripts.
pub const RECOVERY_CODE_ENV: &str = "BONAFIDE_RECOVERY_CODE";

/// The secret in the environment variable `name`; an empty value counts as none.
pub fn secret_from_env(name: &str) -> Option<Zeroizing<String>> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .map(Zeroizing::new)
}

/// Whether someone is at a terminal to be asked: a script must never hang on a prompt.
fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks for a secret without echo, when someone is at a terminal.
pub fn ask(prompt: &str) -> Result<Option<Zeroizing<String>>, Failure> {
    if !interactive() {
        return Ok(None);
    }
    rpassword::prompt_password(prompt)
        .map(|p| Some(Zeroizing::new(p)))
        .map_err(|e| Failure::Usage(format!("cannot read from the terminal: {e}")))
}

/// A new passphrase: from the environment, or asked twice.
pub fn new_passphrase(env: &str) -> Result<Option<Zeroizing<String>>, Failure> {
    if let Some(p) = secret_from_env(env) {
        return Ok(Some(p));
    }
    let Some(first) = ask(&format!(
        "Choose a passphrase ({} characters or more): ",
        vault::MIN_PASSPHRASE_CHARS
    ))?
    else {
        return Ok(None);
    };
    let again = ask("The same passphrase again: ")?.unwrap_or_default();
    if *first != *again {
        return Err(Failure::Usage(
            "the two passphrases differ; nothing was changed".into(),
        ));
    }
    Ok(Some(first))
}

/// Shows a new recovery code on stderr, so it stays out of anything that captures stdout.
pub fn show_recovery_code(code: &vault::RecoveryCode) {
    eprintln!(
        "\nRECOVERY CODE (shown once; write it down and keep it apart from this computer):\n\n    {}\n\n\
         It opens this data folder and its backups if the passphrase is forgotten or the \
         keychain is lost. Anyone holding it can read the data.\n",
        code.as_str()
    );
}
