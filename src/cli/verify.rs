//! `bonafide verify`: whether a PDF record is signed by a trusted signer, shows exactly
//! its record, and still matches its stored case, told apart by exit status for scripts.

use std::path::PathBuf;

use bonafide::app::{App, RecordCheck, RecordStatus, read_record_file, trust_files, verify_record};
use clap::Args;

use crate::exit::{Exit, Failure};
use crate::json::print_json;

/// What `verify` takes.
#[derive(Args)]
pub struct VerifyArgs {
    /// The PDF to check.
    file: PathBuf,
    /// A CA certificate (PEM or DER) whose records to trust, besides this data folder's
    /// own; repeat for more.
    #[arg(long, value_name = "CA.pem")]
    trust: Vec<PathBuf>,
    #[arg(long)]
    json: bool,
}

/// Runs `verify` with the data folder open: the case is compared too.
pub fn run(app: &App, args: VerifyArgs) -> Result<(), Failure> {
    let trusted = trust_files(&args.trust)?;
    let check = read_record_file(&args.file).and_then(|b| app.verify_pdf(&b, &trusted));
    finish(check, args.json)
}

/// Runs `verify` without a data folder: only `--trust` certificates are trusted.
pub fn run_alone(args: VerifyArgs) -> Result<(), Failure> {
    let trusted = trust_files(&args.trust)?;
    let check = read_record_file(&args.file).and_then(|b| verify_record(&b, &trusted));
    finish(check, args.json)
}

fn finish(check: bonafide::Result<RecordCheck>, json: bool) -> Result<(), Failure> {
    let check = match check {
        Ok(c) => c,
        Err(bonafide::Error::NotARecord(e)) => {
            eprintln!("bonafide: {e}");
            return Err(Failure::Found(Exit::Unreadable));
        }
        Err(e) => return Err(e.into()),
    };
    if json {
        print_json(&check)?;
    } else {
        println!("{}", check.message);
    }
    let exit = match check.status {
        RecordStatus::Verified | RecordStatus::NotCompared => return Ok(()),
        RecordStatus::CaseChanged => Exit::CaseChanged,
        RecordStatus::CaseNotFound => Exit::CaseNotFound,
        RecordStatus::Unsigned => Exit::Unsigned,
        RecordStatus::BadSignature => Exit::BadSignature,
        RecordStatus::NotTrusted => Exit::NotTrusted,
        RecordStatus::ChangedAfterSigning => Exit::ChangedAfterSigning,
        RecordStatus::PagesDoNotMatch => Exit::PagesDoNotMatch,
    };
    Err(Failure::Found(exit))
}
