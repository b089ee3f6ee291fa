//! `bonafide monitor`: after hiring — import sign-in logs and device inventories into a
//! case, and show what they found.

use std::path::PathBuf;

use bonafide::app::{App, ImportFormat, MonitorImport, MonitorView};
use bonafide::monitor::{Finding, Weight};
use clap::Subcommand;

use crate::case_id;
use crate::exit::Failure;
use crate::json::print_json;

/// The `monitor` subcommands.
#[derive(Subcommand)]
pub enum MonitorCmd {
    /// Import a sign-in log or a device inventory into a case. Sign-ins are matched to the
    /// case by its work accounts (`case edit CASE --account NAME`).
    Import {
        case: String,
        file: PathBuf,
        /// The file's format, when it cannot be told from its start: minimal-csv,
        /// okta-json, entra-json, entra-csv, google-json, osquery-json or intune-csv.
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show a case's after-hiring record: imports, findings with their rows, and what
    /// could not be assessed.
    Show {
        case: String,
        #[arg(long)]
        json: bool,
    },
}

/// Runs one `monitor` subcommand.
pub fn run(app: &App, cmd: MonitorCmd) -> Result<(), Failure> {
    match cmd {
        MonitorCmd::Import {
            case,
            file,
            format,
            json,
        } => {
            let format = match format.as_deref() {
                None => None,
                Some(f) => Some(ImportFormat::from_id(f).ok_or_else(|| {
                    Failure::Usage(format!(
                        "--format {f:?} is not one of {}",
                        ImportFormat::ids().join(", ")
                    ))
                })?),
            };
            let import = app.monitor_import(&case_id::resolve(app, &case)?, &file, format)?;
            if json {
                return print_json(&import);
            }
            print_import(&import);
            Ok(())
        }
        MonitorCmd::Show { case, json } => {
            let view = app.monitor_show(&case_id::resolve(app, &case)?)?;
            if json {
                return print_json(&view);
            }
            print_view(&view);
            Ok(())
        }
    }
}

fn print_import(i: &MonitorImport) {
    println!(
        "imported  {} ({}), {} rows, {} of this case",
        i.file_name, i.format, i.row_count, i.matched_count
    );
    println!("evidence  sha256 {} on monitoring.access", i.sha256);
    print_findings(&i.assessment.findings);
    for n in &i.assessment.not_assessed {
        println!("not assessed: {n}");
    }
}

fn print_findings(findings: &[Finding]) {
    if findings.is_empty() {
        println!("findings  none");
    }
    for f in findings {
        let weight = match f.weight {
            Weight::Concern => "CONCERN",
            Weight::Context => "context",
        };
        println!("{weight}  {}: {}", f.kind.title(), f.summary);
        for r in &f.rows {
            if r.line > 0 {
                println!("    line {:>7}  {}", r.line, r.text);
            } else {
                println!("    {}", r.text);
            }
        }
        if f.row_count > f.rows.len() as u64 {
            println!("    … {} more", f.row_count - f.rows.len() as u64);
        }
        for s in &f.sources {
            println!("    source: {s}");
        }
    }
}

fn print_view(v: &MonitorView) {
    println!(
        "accounts  {}",
        if v.accounts.is_empty() {
            "none recorded".to_owned()
        } else {
            v.accounts.join(", ")
        }
    );
    if v.imports.is_empty() {
        println!(
            "No imports yet. Import a sign-in log or inventory with `bonafide monitor import CASE FILE`."
        );
    }
    for i in &v.imports {
        println!();
        println!("{} by {}", i.imported_at, i.imported_by);
        print_import(i);
    }
    if !v.across_cases.is_empty() {
        println!();
        println!("Across cases:");
        print_findings(&v.across_cases);
    }
    println!();
    for s in &v.data_sources {
        println!("data: {s}");
    }
}
