//! `bonafide retention`: the retention period and the cases past it. Nothing is deleted
//! here; deleting stays a deliberate `case delete`.

use bonafide::app::App;
use clap::Args;

use crate::exit::Failure;
use crate::json::print_json;

/// What `retention` takes.
#[derive(Args)]
pub struct RetentionArgs {
    /// Set the period in years (1–100).
    #[arg(long)]
    years: Option<u32>,
    #[arg(long)]
    json: bool,
}

/// Runs `retention`: sets the period if asked, then shows it and the cases past it.
pub fn run(app: &App, args: RetentionArgs) -> Result<(), Failure> {
    if let Some(y) = args.years {
        app.set_retention_years(y)?;
    }
    let years = app.retention_years()?;
    let due = app.cases_past_retention()?;
    if args.json {
        return print_json(&serde_json::json!({ "years": years, "past_retention": due }));
    }
    println!(
        "cases are kept {years} years after their last decision (or after opening while undecided)"
    );
    if due.is_empty() {
        println!("no case is past its retention date");
    }
    for c in &due {
        println!(
            "{}  {}  kept until {}  (past retention; delete with `bonafide case delete {}` if you decide to)",
            c.id, c.display_name, c.retention.keep_until, c.id
        );
    }
    Ok(())
}
