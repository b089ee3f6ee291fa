//! Domain types and their invariants.
//!
//! Everything that reaches the store has been through a validated constructor here, so the
//! store and the UI can trust what they read back.

#![deny(missing_docs)]

mod fields;
mod ids;

pub use fields::{
    CaseFields, Delivery, FieldError, MAX_LONG_TEXT, MAX_SHORT_TEXT, fold_for_search, host_of,
};
pub use fields::{check_web_url, clean_text};
pub use ids::{CaseId, EvidenceId};

use serde::{Deserialize, Serialize};

/// Who or what a case is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// A candidate or freelancer.
    Person,
    /// An agency, vendor or contracting firm.
    Company,
}

/// How bad a failed check is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks a sound decision while pending.
    Critical,
    /// Serious.
    High,
    /// Worth resolving.
    Medium,
    /// Context.
    Low,
}

impl Severity {
    /// The word shown to people.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Critical => "Critical",
            Severity::High => "High",
            Severity::Medium => "Medium",
            Severity::Low => "Low",
        }
    }
}

/// The result of one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Not checked yet.
    #[default]
    Pending,
    /// Checked, nothing wrong.
    Pass,
    /// Something needs attention.
    Concern,
    /// The check failed: a red flag.
    Fail,
    /// Does not apply to this case; needs a reason.
    NotApplicable,
}

impl Outcome {
    /// Every outcome, in the order the UI offers them.
    pub const ALL: [Outcome; 5] = [
        Outcome::Pending,
        Outcome::Pass,
        Outcome::Concern,
        Outcome::Fail,
        Outcome::NotApplicable,
    ];

    /// The stable wire name (`not_applicable`).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Pass => "pass",
            Outcome::Concern => "concern",
            Outcome::Fail => "fail",
            Outcome::NotApplicable => "not_applicable",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The word shown to people ("Not applicable").
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Pending => "Pending",
            Outcome::Pass => "Pass",
            Outcome::Concern => "Concern",
            Outcome::Fail => "Fail",
            Outcome::NotApplicable => "Not applicable",
        }
    }

    /// The symbol shown beside the word, so an outcome never depends on colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            Outcome::Pending => "○",
            Outcome::Pass => "✓",
            Outcome::Concern => "⚠",
            Outcome::Fail => "✗",
            Outcome::NotApplicable => "–",
        }
    }

    /// Concern and fail are red flags.
    pub fn is_red_flag(self) -> bool {
        matches!(self, Outcome::Concern | Outcome::Fail)
    }
}

/// The sign-off on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Go ahead.
    Proceed,
    /// Go ahead with conditions stated in the rationale.
    ProceedWithConditions,
    /// Do not hire or contract.
    DoNotProceed,
    /// Hand over to counsel or compliance.
    Escalate,
}

impl Decision {
    /// Every decision, in the order the UI offers them.
    pub const ALL: [Decision; 4] = [
        Decision::Proceed,
        Decision::ProceedWithConditions,
        Decision::DoNotProceed,
        Decision::Escalate,
    ];

    /// The stable wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Proceed => "proceed",
            Decision::ProceedWithConditions => "proceed_with_conditions",
            Decision::DoNotProceed => "do_not_proceed",
            Decision::Escalate => "escalate",
        }
    }

    /// The words shown to people ("Do not proceed").
    pub fn word(self) -> &'static str {
        match self {
            Decision::Proceed => "Proceed",
            Decision::ProceedWithConditions => "Proceed with conditions",
            Decision::DoNotProceed => "Do not proceed",
            Decision::Escalate => "Escalate",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// Whether a case still awaits its decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// No decision recorded yet.
    Open,
    /// A decision has been recorded.
    Decided,
}

impl CaseStatus {
    /// The stable wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Decided => "decided",
        }
    }
}

/// Which cases to list by decision state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    /// No decision yet.
    Open,
    /// Decided.
    Decided,
}

/// Case-list filter. Every part is optional; all given parts must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct CaseFilter {
    /// Text that must occur in a name, alias, company, e-mail, phone or website (accents
    /// and case ignored).
    pub text: String,
    /// Open or decided.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub status: Option<StatusFilter>,
    /// A particular decision.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub decision: Option<Decision>,
    /// Person or company.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub kind: Option<SubjectKind>,
}
