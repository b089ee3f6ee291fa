//! `bonafide audit`: checking the hash chains, the stored state and the evidence files,
//! and anchoring the history outside this computer.

use std::path::PathBuf;

use bonafide::app::{App, read_anchor, trust_files};
use clap::Subcommand;

use crate::exit::{Exit, Failure};
use crate::json::print_json;

/// The `audit` subcommands.
#[derive(Subcommand)]
pub enum AuditCmd {
    /// Check every hash chain, the stored state, every evidence file and the anchors.
    Verify {
        /// An anchor file written earlier by `audit anchor`; today's histories must extend
        /// it. Repeat for more.
        #[arg(long, value_name = "FILE")]
        anchor: Vec<PathBuf>,
        /// The certificate (PEM) of a time-stamping authority to trust for the anchors.
        #[arg(long, value_name = "CA.pem")]
        trust: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Anchor every history now (time-stamped when an authority is configured) and write
    /// the anchor to FILE, for the compliance officer to keep off this computer.
    Anchor {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// Runs one `audit` subcommand; any problem found ends in [`Exit::Found`].
pub fn run(app: &App, cmd: AuditCmd) -> Result<(), Failure> {
    match cmd {
        AuditCmd::Anchor { out } => {
            let a = app.write_anchor(&out)?;
            println!("{}", out.display());
            match (&a.stamped_at, &a.authority) {
                (Some(t), Some(who)) => println!(
                    "{} histories anchored, time-stamped {t} by {who}",
                    a.heads.len()
                ),
                _ => println!(
                    "{} histories anchored at {} by this computer's clock (no time-stamping authority answered)",
                    a.heads.len(),
                    a.created_at
                ),
            }
            Ok(())
        }
        AuditCmd::Verify {
            anchor,
            trust,
            json,
        } => verify(app, &anchor, &trust, json),
    }
}

fn verify(app: &App, anchors: &[PathBuf], trust: &[PathBuf], json: bool) -> Result<(), Failure> {
    let anchors = anchors
        .iter()
        .map(|p| read_anchor(p))
        .collect::<Result<Vec<_>, _>>()?;
    let report = app.verify_with_anchors(&anchors, &trust_files(trust)?)?;
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
        for t in &report.times_backwards {
            println!("TIME: {t}");
        }
        for a in &report.anchors {
            for p in &a.problems {
                println!("ANCHOR of {}: {p}", a.created_at);
            }
            for d in &a.deleted {
                println!(
                    "anchor of {}: case {d} was deleted since, as recorded",
                    a.created_at
                );
            }
        }
        if report.is_intact() {
            println!(
                "verified: {} chains, {} events, {} cases, {} attached files intact",
                report.chains, report.events, report.cases, report.evidence_files
            );
            match &report.last_trusted_time {
                Some(t) => {
                    println!("the history is vouched for as it is now at {t} (time-stamped anchor)")
                }
                None => println!(
                    "no time-stamped anchor: nothing outside this computer vouches for the history's times"
                ),
            }
        }
    }
    if !report.is_intact() {
        return Err(Failure::Found(Exit::Found));
    }
    Ok(())
}
