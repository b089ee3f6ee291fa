//! `bonafide evidence`: attaching a file or a web link to a checklist item, listing what
//! is attached, taking it off again and copying a stored file back out.

use std::path::{Path, PathBuf};

use bonafide::app::{App, EvidenceDetails};
use clap::Subcommand;

use crate::case_id;
use crate::exit::Failure;
use crate::json::print_json;

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
    /// List the evidence of a case, with the ids `remove` and `copy` take.
    List {
        case: String,
        /// Print the evidence as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Take a file or link off its item. The removal and the reason are kept in the
    /// case's history, with the file's name, size and SHA-256.
    Remove {
        case: String,
        /// The evidence id, as `evidence list` shows it.
        evidence: String,
        /// Why it is taken off, for the history.
        #[arg(long)]
        reason: String,
    },
    /// Write a decrypted copy of an attached file into a folder, under its own name.
    Copy {
        case: String,
        /// The evidence id, as `evidence list` shows it.
        evidence: String,
        /// The folder to write into.
        #[arg(long, value_name = "FOLDER")]
        to: PathBuf,
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
        EvidenceCmd::List { case, json } => {
            let id = case_id::resolve(app, &case)?;
            let evidence = app.case_evidence(&id)?;
            if json {
                return print_json(&evidence);
            }
            if evidence.is_empty() {
                println!("No evidence is attached to this case.");
            }
            for e in &evidence {
                let what = match &e.sha256 {
                    Some(sha) => format!("{} bytes sha256:{}", e.size.unwrap_or(0), sha),
                    None => "link".to_string(),
                };
                println!("{}  {}  {}  ({what})", e.id, e.item_id, e.name);
            }
            Ok(())
        }
        EvidenceCmd::Remove {
            case,
            evidence,
            reason,
        } => {
            let id = case_id::resolve(app, &case)?;
            app.remove_evidence(&id, &evidence, &reason)?;
            println!("Removed {evidence}; the removal and its reason are in the case's history.");
            Ok(())
        }
        EvidenceCmd::Copy { case, evidence, to } => {
            let id = case_id::resolve(app, &case)?;
            let path = app.copy_evidence_into(&id, &evidence, &to)?;
            println!("{}", path.display());
            Ok(())
        }
    }
}
