//! `bonafide verify`: whether a PDF record is signed by a trusted signer, shows exactly
//! its record, and still matches its stored case, told apart by exit status for scripts.

use std::io::Read;
use std::path::PathBuf;

use bonafide::app::{App, RecordCheck, RecordStatus, trust_files, verify_record};
use bonafide::record::MAX_PDF_BYTES;
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

/// Reads the file, refusing one larger than any record before reading it.
fn read_bounded(path: &PathBuf) -> Result<Vec<u8>, Failure> {
    let file_err = |source| {
        Failure::Core(bonafide::Error::File {
            path: path.clone(),
            source,
        })
    };
    let file = std::fs::File::open(path).map_err(file_err)?;
    let len = file.metadata().map_err(file_err)?.len();
    if len > MAX_PDF_BYTES as u64 {
        eprintln!("bonafide: {}", bonafide::record::VerifyError::TooLarge(len));
        return Err(Failure::Found(Exit::Unreadable));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_PDF_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(file_err)?;
    Ok(bytes)
}

/// Runs `verify` with the data folder open: the case is compared too.
pub fn run(app: &App, args: VerifyArgs) -> Result<(), Failure> {
    let bytes = read_bounded(&args.file)?;
    let trusted = trust_files(&args.trust)?;
    finish(app.verify_pdf(&bytes, &trusted), args.json)
}

/// Runs `verify` without a data folder: only `--trust` certificates are trusted.
pub fn run_alone(args: VerifyArgs) -> Result<(), Failure> {
    let bytes = read_bounded(&args.file)?;
    let trusted = trust_files(&args.trust)?;
    finish(verify_record(&bytes, &trusted), args.json)
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
