//! `bonafide decide`: recording the decision on a case.

use bonafide::app::App;
use bonafide::model::Decision;
use clap::{Args, ValueEnum};

use crate::case_id;
use crate::exit::Failure;

/// What `decide` takes.
#[derive(Args)]
pub struct DecideArgs {
    /// Case id (or a unique prefix of 8+ characters).
    case: String,
    #[arg(long, value_enum)]
    decision: DecisionArg,
    /// Why; required.
    #[arg(long)]
    rationale: String,
    /// Who signs the decision off; required.
    #[arg(long)]
    reviewer: String,
}

/// `decide --decision`: the decisions a reviewer can sign off.
#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum DecisionArg {
    Proceed,
    ProceedWithConditions,
    DoNotProceed,
    Escalate,
}

impl From<DecisionArg> for Decision {
    fn from(d: DecisionArg) -> Self {
        match d {
            DecisionArg::Proceed => Decision::Proceed,
            DecisionArg::ProceedWithConditions => Decision::ProceedWithConditions,
            DecisionArg::DoNotProceed => Decision::DoNotProceed,
            DecisionArg::Escalate => Decision::Escalate,
        }
    }
}

/// Runs `decide`.
pub fn run(app: &App, args: DecideArgs) -> Result<(), Failure> {
    let id = case_id::resolve(app, &args.case)?;
    let d = app.decide(&id, args.decision.into(), &args.rationale, &args.reviewer)?;
    println!(
        "{} recorded for {} by {}",
        d.decision.as_str(),
        id,
        d.reviewer
    );
    Ok(())
}
