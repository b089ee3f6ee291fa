//! `bonafide retention`: the retention period, the cases past it and the kept histories of
//! deleted cases. No case is deleted here; deleting stays a deliberate `case delete`, and
//! kept histories are erased only with `--erase-kept-histories`.

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
    /// Erase the kept histories of deleted cases whose retention period has ended.
    #[arg(long)]
    erase_kept_histories: bool,
    #[arg(long)]
    json: bool,
}

/// Runs `retention`: sets the period if asked, then shows it and the cases past it.
pub fn run(app: &App, args: RetentionArgs) -> Result<(), Failure> {
    if let Some(y) = args.years {
        app.set_retention_years(y)?;
    }
    let erased = if args.erase_kept_histories {
        app.erase_histories_past_retention()?
    } else {
        Vec::new()
    };
    let years = app.retention_years()?;
    let due = app.cases_past_retention()?;
    let kept = app.kept_histories()?;
    if args.json {
        return print_json(&serde_json::json!({
            "years": years,
            "past_retention": due,
            "kept_histories": kept,
            "erased_histories": erased,
        }));
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
    if args.erase_kept_histories && erased.is_empty() {
        println!("no kept history is past its retention period; nothing was erased");
    }
    for h in &erased {
        println!(
            "erased the kept history of {} ({}, {} events)",
            h.case_id, h.display_name, h.events
        );
    }
    for h in &kept {
        println!(
            "{}  {}  deleted {} by {}; its history of {} events is kept until {}{}",
            h.case_id,
            h.display_name,
            h.deleted_at.get(..10).unwrap_or(&h.deleted_at),
            h.deleted_by,
            h.events,
            h.keep_until,
            if h.due {
                " (past; erase with `bonafide retention --erase-kept-histories`)"
            } else {
                ""
            }
        );
    }
    Ok(())
}
