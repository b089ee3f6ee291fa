//! `bonafide evidence`: attaching a file or a web link to a checklist item.

use std::path::Path;

use bonafide::app::{App, EvidenceDetails};
use clap::Subcommand;

use crate::case_id;
use crate::exit::Failure;

/// The `evidence` subcommands.
#[derive(Subcommand)]
pub enum EvidenceCmd {
    /// Attach a file (copied into the data folder and hashed) or an http(s) link.
    Add {
        case: String,
        item: String,
        /// A file path, or a web address starting with http:// or https://.
        file: String,
        /// When the thing the evidence shows happened.
        #[arg(long, value_name = "YYYY-MM-DD")]
        effective_date: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
}

/// Runs one `evidence` subcommand.
pub fn run(app: &App, cmd: EvidenceCmd) -> Result<(), Failure> {
    match cmd {
        EvidenceCmd::Add {
            case,
            item,
            file,
            effective_date,
            note,
        } => {
            let id = case_id::resolve(app, &case)?;
            let details = EvidenceDetails {
                effective_date: effective_date.unwrap_or_default(),
                note: note.unwrap_or_default(),
            };
            // One argument takes both: a web address is a link, anything else a file path.
            let lower = file.to_ascii_lowercase();
            let ev = if lower.starts_with("http://") || lower.starts_with("https://") {
                app.add_evidence_url(&id, &item, &file, &details)?
            } else {
                app.add_evidence_file(&id, &item, Path::new(&file), &details)?
            };
            match ev.sha256 {
                Some(sha) => println!("{} {} bytes sha256:{}", ev.name, ev.size.unwrap_or(0), sha),
                None => println!("{}", ev.name),
            }
            Ok(())
        }
    }
}
