//! `bonafide screen`: one name against the loaded lists and the watchlist, stored nowhere.

use bonafide::app::App;
use clap::Args;

use super::matches::{print_hit, print_lists_used};
use super::subject::KindArg;
use crate::exit::{Exit, Failure};
use crate::json::print_json;

/// What `screen` takes.
#[derive(Args)]
pub struct ScreenArgs {
    /// The name, in any script.
    name: String,
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// Report matches at or above this score (0–1; default: the review threshold).
    #[arg(long)]
    threshold: Option<f32>,
    #[arg(long)]
    json: bool,
}

/// Runs `screen`; a potential match ends in [`Exit::Found`].
pub fn run(app: &App, args: ScreenArgs) -> Result<(), Failure> {
    let result = app.screen_name(&args.name, args.kind.map(Into::into), args.threshold)?;
    if args.json {
        print_json(&result)?;
    } else {
        print_lists_used(&result.lists);
        if result.hits.is_empty() {
            println!("no potential matches at or above {:.2}", result.threshold);
        }
        for h in &result.hits {
            print_hit(h, None);
        }
    }
    if !result.hits.is_empty() {
        return Err(Failure::Found(Exit::Found));
    }
    Ok(())
}
