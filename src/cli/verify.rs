//! `bonafide verify`: whether a PDF record is intact and still matches its stored case,
//! told apart by exit status for scripts.

use std::path::PathBuf;

use bonafide::app::{App, RecordStatus};
use clap::Args;

use crate::exit::{Exit, Failure};
use crate::json::print_json;

/// What `verify` takes.
#[derive(Args)]
pub struct VerifyArgs {
    /// The PDF to check.
    file: PathBuf,
    #[arg(long)]
    json: bool,
}

/// Runs `verify`: prints the verdict, then exits with the status that names it.
pub fn run(app: &App, args: VerifyArgs) -> Result<(), Failure> {
    let bytes = std::fs::read(&args.file).map_err(|source| {
        Failure::Core(bonafide::Error::File {
            path: args.file.clone(),
            source,
        })
    })?;
    let check = app.verify_pdf(&bytes)?;
    if args.json {
        print_json(&check)?;
    } else if check.status == RecordStatus::Verified {
        println!("verified");
        println!("{}", check.message);
    } else {
        println!("{}", check.message);
    }
    let exit = match check.status {
        RecordStatus::Verified => return Ok(()),
        RecordStatus::Altered => Exit::Found,
        RecordStatus::CaseChanged => Exit::CaseChanged,
        RecordStatus::CaseNotFound => Exit::CaseNotFound,
    };
    Err(Failure::Found(exit))
}
