//! How a command ends: the exit statuses scripts can rely on, and the failures that lead
//! to them. Every command returns `Result<(), Failure>`; `main` turns that into one
//! [`Exit`], so each status is chosen in one place instead of as a literal at each call.

use std::process::ExitCode;

/// The exit status of `bonafide`. Parse errors from clap (an unknown flag, a bad value, a
/// missing argument) also exit with 2, [`Exit::Usage`], from clap itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// The command did what was asked; for `verify`, the PDF is intact and matches its case.
    Ok = 0,
    /// The core refused or failed: a case or item that does not exist, a value it rejects,
    /// a file that cannot be read or written, a wrong passphrase, a damaged archive.
    Error = 1,
    /// The command line was refused before the core was asked: a missing confirmation
    /// (`case delete` without `--yes`), a flag value the CLI checks itself, a stored
    /// answer `checks response` does not know, no terminal to ask a secret at, or no
    /// data folder to use.
    Usage = 2,
    /// A check ran and found a problem, already printed: a potential match (`screen`), a
    /// failed download (`lists update`), a broken chain or evidence file (`audit
    /// verify`), a red flag (`checks run`).
    Found = 3,
    /// `verify`: signed and intact, but its case changed after it was exported.
    CaseChanged = 4,
    /// `verify`: signed and intact, but its case is not in this data folder.
    CaseNotFound = 5,
    /// `checks run`: no red flag, but at least one check did not finish (offline, timed
    /// out or failed), so the results are incomplete.
    ChecksNotRun = 6,
    /// `verify`: the PDF carries a record but no signature.
    Unsigned = 7,
    /// `verify`: the signature does not hold (damaged, another key, or its time-stamp
    /// contradicts the record's time).
    BadSignature = 8,
    /// `verify`: the signature holds, but the signer is not trusted (`--trust CA.pem`).
    NotTrusted = 9,
    /// `verify`: the file was changed or added to after it was signed.
    ChangedAfterSigning = 10,
    /// `verify`: signed, but the pages are not what the embedded record renders to.
    PagesDoNotMatch = 11,
    /// `verify`: not a readable Bona Fide record, or larger than any record.
    Unreadable = 12,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// Failures the CLI reports: a core error, or a refusal of its own.
pub enum Failure {
    /// The core's error; printed, exit [`Exit::Error`].
    Core(bonafide::Error),
    /// The CLI's own refusal; printed, exit [`Exit::Usage`].
    Usage(String),
    /// A check ran and found problems, already printed; exit with this status.
    Found(Exit),
}

impl From<bonafide::Error> for Failure {
    fn from(e: bonafide::Error) -> Self {
        Failure::Core(e)
    }
}

impl Failure {
    /// Prints the message of the failure, if it has one, and says how to exit.
    pub fn report(self) -> Exit {
        match self {
            Failure::Core(e) => {
                eprintln!("bonafide: {e}");
                Exit::Error
            }
            Failure::Usage(m) => {
                eprintln!("bonafide: {m}");
                Exit::Usage
            }
            Failure::Found(exit) => exit,
        }
    }
}
