//! `bonafide screening`: a case's screening — show it, run it again, record dispositions
//! of potential matches, and the alerts re-screening raises.

use bonafide::app::{App, Disposition, ScreeningView};
use clap::{Subcommand, ValueEnum};

use super::matches::{print_hit, print_lists_used};
use crate::case_id;
use crate::exit::Failure;
use crate::json::print_json;

/// The `screening` subcommands.
#[derive(Subcommand)]
pub enum ScreeningCmd {
    /// Show the latest screening of a case with every potential match and why.
    Show {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Screen a case again now.
    Run {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Record a disposition for a potential match (see `screening show` for LIST and ENTRY).
    Dispose {
        case: String,
        /// List of the match: ofac_sdn, un_consolidated, … or watchlist.
        list: String,
        /// Entry id on that list.
        entry: String,
        #[arg(long = "as", value_enum)]
        disposition: DispositionArg,
        /// Why: which identifying details agree or differ.
        #[arg(long)]
        rationale: String,
    },
    /// Open alerts from re-screening, across all cases.
    Alerts {
        #[arg(long)]
        json: bool,
    },
    /// Acknowledge an alert.
    Ack { case: String, alert: i64 },
}

/// `screening dispose --as`: what a potential match turned out to be.
#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum DispositionArg {
    TrueMatch,
    FalsePositive,
    NeedsReview,
}

impl From<DispositionArg> for Disposition {
    fn from(d: DispositionArg) -> Self {
        match d {
            DispositionArg::TrueMatch => Disposition::TrueMatch,
            DispositionArg::FalsePositive => Disposition::FalsePositive,
            DispositionArg::NeedsReview => Disposition::NeedsReview,
        }
    }
}

/// Runs one `screening` subcommand.
pub fn run(app: &App, cmd: ScreeningCmd) -> Result<(), Failure> {
    match cmd {
        ScreeningCmd::Show { case, json } => {
            let id = case_id::resolve(app, &case)?;
            show(&app.screening(&id)?, json)
        }
        ScreeningCmd::Run { case, json } => {
            let id = case_id::resolve(app, &case)?;
            show(&app.screen_case(&id)?, json)
        }
        ScreeningCmd::Dispose {
            case,
            list,
            entry,
            disposition,
            rationale,
        } => {
            let id = case_id::resolve(app, &case)?;
            let d: Disposition = disposition.into();
            app.set_disposition(&id, &list, &entry, d, &rationale)?;
            println!("recorded: {list}/{entry} {}", d.word());
            Ok(())
        }
        ScreeningCmd::Alerts { json } => alerts(app, json),
        ScreeningCmd::Ack { case, alert } => {
            let id = case_id::resolve(app, &case)?;
            app.acknowledge_alert(&id, alert)?;
            println!("acknowledged alert {alert}");
            Ok(())
        }
    }
}

/// A case's screening: when and how it ran, what it searched, every match and alert.
fn show(view: &ScreeningView, json: bool) -> Result<(), Failure> {
    if json {
        return print_json(view);
    }
    let Some(s) = &view.screening else {
        println!("not screened yet");
        return Ok(());
    };
    println!(
        "screened  {} by {} ({})",
        s.screened_at, s.screened_by, s.reason
    );
    println!(
        "matcher   {}; review {:.2}, strong {:.2}",
        s.matcher_version, s.thresholds.review, s.thresholds.strong
    );
    print_lists_used(&s.lists);
    for q in &s.queries {
        println!("query     {} ({}): {}", q.name, q.role, q.normalised);
    }
    if view.hits.is_empty() {
        println!("no potential matches");
    }
    for h in &view.hits {
        print_hit(&h.hit, h.disposition.as_ref());
    }
    for p in &view.proposals {
        println!(
            "proposed  {} {}: {}",
            p.outcome.symbol(),
            p.item_id,
            p.summary
        );
    }
    for a in view.alerts.iter().filter(|a| a.acknowledged_at.is_none()) {
        println!("ALERT {}  {} {}", a.id, a.raised_at, a.message);
    }
    Ok(())
}

/// `screening alerts`: the open alerts of every case.
fn alerts(app: &App, json: bool) -> Result<(), Failure> {
    let alerts = app.open_alerts()?;
    if json {
        return print_json(&alerts);
    }
    if alerts.is_empty() {
        println!("no open alerts");
    }
    for a in &alerts {
        println!(
            "{} {} {} ({}): {}",
            a.id, a.raised_at, a.display_name, a.case_id, a.message
        );
    }
    Ok(())
}
