//! `bonafide audit`: checking the hash chains, the stored state and the evidence files.

use bonafide::app::App;
use clap::Subcommand;

use crate::exit::{Exit, Failure};
use crate::json::print_json;

/// The `audit` subcommands.
#[derive(Subcommand)]
pub enum AuditCmd {
    /// Check every hash chain and re-hash every evidence file.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

/// Runs one `audit` subcommand; any problem found ends in [`Exit::Found`].
pub fn run(app: &App, cmd: AuditCmd) -> Result<(), Failure> {
    let AuditCmd::Verify { json } = cmd;
    let report = app.verify()?;
    if json {
        print_json(&report)?;
    } else {
        for b in &report.breaks {
            println!("BROKEN: {b}");
        }
        for m in &report.state_mismatches {
            println!(
                "CHANGED: {} in case {} ({}): {}",
                m.what, m.case_id, m.subject, m.problem
            );
        }
        for p in &report.evidence_problems {
            println!(
                "EVIDENCE: {} ({}) in case {}: {}",
                p.name, p.evidence_id, p.case_id, p.problem
            );
        }
        if report.is_intact() {
            println!(
                "verified: {} chains, {} events, {} cases, {} attached files intact",
                report.chains, report.events, report.cases, report.evidence_files
            );
        }
    }
    if !report.is_intact() {
        return Err(Failure::Found(Exit::Found));
    }
    Ok(())
}
