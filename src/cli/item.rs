//! `bonafide item`: the checklist items of a case, their outcomes and their history.

use bonafide::app::App;
use bonafide::model::{Outcome, Severity};
use clap::{Subcommand, ValueEnum};
use serde::Serialize;

use crate::case_id;
use crate::exit::Failure;
use crate::json::print_json;

/// The `item` subcommands.
#[derive(Subcommand)]
pub enum ItemCmd {
    /// List the items of a case with their outcomes.
    List {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Set an item's outcome (and note).
    Set {
        case: String,
        item: String,
        #[arg(long, value_enum)]
        outcome: OutcomeArg,
        /// Note; required as the reason when the outcome is not_applicable.
        #[arg(long)]
        note: Option<String>,
    },
    /// Show who changed an item, when, and how.
    History {
        case: String,
        item: String,
        #[arg(long)]
        json: bool,
    },
}

/// `item set --outcome`: the outcomes an item can have.
#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum OutcomeArg {
    Pending,
    Pass,
    Concern,
    Fail,
    NotApplicable,
}

impl From<OutcomeArg> for Outcome {
    fn from(o: OutcomeArg) -> Self {
        match o {
            OutcomeArg::Pending => Outcome::Pending,
            OutcomeArg::Pass => Outcome::Pass,
            OutcomeArg::Concern => Outcome::Concern,
            OutcomeArg::Fail => Outcome::Fail,
            OutcomeArg::NotApplicable => Outcome::NotApplicable,
        }
    }
}

/// One item of `item list`, in checklist order, with its outcome so far.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    title: &'a str,
    section: &'a str,
    severity: Severity,
    outcome: Outcome,
    note: &'a str,
}

/// Runs one `item` subcommand.
pub fn run(app: &App, cmd: ItemCmd) -> Result<(), Failure> {
    match cmd {
        ItemCmd::List { case, json } => list(app, &case, json),
        ItemCmd::Set {
            case,
            item,
            outcome,
            note,
        } => {
            let id = case_id::resolve(app, &case)?;
            let state = app.set_item(&id, &item, Some(outcome.into()), note.as_deref())?;
            println!(
                "{} {} {}",
                item,
                state.outcome.symbol(),
                state.outcome.as_str()
            );
            Ok(())
        }
        ItemCmd::History { case, item, json } => {
            let id = case_id::resolve(app, &case)?;
            let events = app.item_history(&id, &item)?;
            if json {
                return print_json(&events);
            }
            for e in events {
                println!("{}  {}  {}  {}", e.at, e.actor, e.kind.as_str(), e.payload);
            }
            Ok(())
        }
    }
}

/// `item list`: every item of the case's checklist, answered or not.
fn list(app: &App, case: &str, json: bool) -> Result<(), Failure> {
    let view = app.case(&case_id::resolve(app, case)?)?;
    let mut lines = Vec::new();
    for s in &view.sections {
        for i in &s.items {
            let st = view.items.iter().find(|x| x.item_id == i.id);
            lines.push(Line {
                id: &i.id,
                title: &i.title,
                section: &s.id,
                severity: i.severity,
                outcome: st.map(|x| x.outcome).unwrap_or_default(),
                note: st.map(|x| x.note.as_str()).unwrap_or(""),
            });
        }
    }
    if json {
        return print_json(&lines);
    }
    for l in lines {
        println!(
            "{}  {:<34} {} {:<14} {}",
            l.section,
            l.id,
            l.outcome.symbol(),
            l.outcome.as_str(),
            l.title
        );
    }
    Ok(())
}
