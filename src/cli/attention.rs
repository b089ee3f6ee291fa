//! `bonafide attention`: everything that waits for a person, newest first, the same list
//! the app's "Needs attention" screen shows.

use bonafide::app::{App, AttentionPlace};
use clap::Args;

use crate::exit::Failure;
use crate::json::print_json;

/// What `attention` takes.
#[derive(Args)]
pub struct AttentionArgs {
    /// Skip the tamper check (re-hashing every evidence file), which is the slow part.
    #[arg(long)]
    no_tamper_check: bool,
    #[arg(long)]
    json: bool,
}

/// Runs `attention`.
pub fn run(app: &App, args: AttentionArgs) -> Result<(), Failure> {
    if !args.no_tamper_check {
        app.verify()?;
    }
    let list = app.needs_attention()?;
    if args.json {
        return print_json(&list);
    }
    if list.is_empty() {
        println!("nothing needs attention");
    }
    for a in &list {
        let place = match (a.place, &a.case_id, &a.item_id) {
            (AttentionPlace::Case, Some(case), Some(item)) => format!("case {case}, item {item}"),
            (AttentionPlace::Case | AttentionPlace::Records, Some(case), _) => {
                format!("case {case}")
            }
            (AttentionPlace::Lists, ..) => "bonafide lists status".to_string(),
            _ => "bonafide audit verify".to_string(),
        };
        println!("{}  {}: {}  ({place})", a.since, a.subject, a.what);
    }
    Ok(())
}
