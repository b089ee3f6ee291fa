//! What a check produces: how it ended ([`CheckState`]), its findings and their facts, the
//! raw answers kept as evidence, the pages stored for later comparisons, and the progress
//! events the UI shows. These are the types the app stores and the desktop displays, so
//! they sit apart from the code that fills them.

use serde::{Deserialize, Serialize};

use crate::kind::CheckKind;

/// How a task ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    /// Started, not finished (progress only).
    Running,
    /// Ran; its findings stand.
    Done,
    /// Not run: the network could not be reached.
    NotRunOffline,
    /// Not run: no answer within the time limit.
    NotRunTimedOut,
    /// Not run: the resolver answered "no such name" for names that must exist too, so no
    /// answer it gave says anything about the target (a captive portal, a filtering
    /// resolver, a laptop offline behind a local resolver).
    NotRunUnresolved,
    /// Ran but could not be completed (a refused address, an unreadable answer).
    Failed,
}

impl CheckState {
    /// True when the check did not run at all (offline, timed out, names not resolving),
    /// so it can be retried.
    pub fn is_not_run(self) -> bool {
        matches!(
            self,
            CheckState::NotRunOffline | CheckState::NotRunTimedOut | CheckState::NotRunUnresolved
        )
    }

    /// Words for the UI and the record.
    pub fn describe(self) -> &'static str {
        match self {
            CheckState::Running => "running",
            CheckState::Done => "done",
            CheckState::NotRunOffline => "not run — offline",
            CheckState::NotRunTimedOut => "not run — timed out",
            CheckState::NotRunUnresolved => "not run — names do not resolve on this network",
            CheckState::Failed => "could not be completed",
        }
    }
}

/// What a finding says about its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// Consistent with the claims.
    Ok,
    /// Context, neither good nor bad.
    Info,
    /// Needs the reviewer's attention.
    RedFlag,
}

/// One labelled fact of a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Fact {
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
}

/// A fact with its label, the way every check body writes them.
pub(crate) fn fact(label: &str, value: impl Into<String>) -> Fact {
    Fact {
        label: label.into(),
        value: value.into(),
    }
}

/// One observation, on one checklist item, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    /// The checklist item it informs.
    pub item_id: String,
    /// Good, neutral or a red flag.
    pub signal: Signal,
    /// What it is about (a domain, a number, an address).
    pub subject: String,
    /// One sentence.
    pub summary: String,
    /// The details.
    pub facts: Vec<Fact>,
    /// Passages shared with another text (copied content, résumés).
    pub passages: Vec<String>,
    /// Another case this finding links to.
    pub related_case_id: Option<String>,
    /// Its name.
    pub related_case_name: Option<String>,
}

impl Finding {
    /// A finding with no facts, passages or related case yet.
    pub(crate) fn new(
        item: &str,
        signal: Signal,
        subject: &str,
        summary: impl Into<String>,
    ) -> Finding {
        Finding {
            item_id: item.into(),
            signal,
            subject: subject.into(),
            summary: summary.into(),
            facts: Vec::new(),
            passages: Vec::new(),
            related_case_id: None,
            related_case_name: None,
        }
    }

    /// The same finding with these facts.
    pub(crate) fn with(mut self, facts: Vec<Fact>) -> Finding {
        self.facts = facts;
        self
    }
}

/// A raw answer kept as evidence: where from, when, and its hash. The bytes themselves
/// travel beside the result and are stored by hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResponseEvidence {
    /// The address asked (a URL, or `dns:` + name for DNS answers).
    pub source_url: String,
    /// When the answer arrived.
    pub retrieved_at: String,
    /// HTTP status, when HTTP.
    pub status: Option<u16>,
    /// Content type.
    pub content_type: Option<String>,
    /// SHA-256 of the stored bytes.
    pub sha256: String,
    /// Bytes stored.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// True when the answer was cut at the size cap.
    pub truncated: bool,
}

/// A raw answer's bytes, to be stored by hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseBody {
    /// SHA-256, hex.
    pub sha256: String,
    /// Content type.
    pub content_type: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A fetched page's text, stored for later comparisons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord {
    /// The address the user gave.
    pub url: String,
    /// The address that answered.
    pub final_url: String,
    /// When.
    pub fetched_at: String,
    /// Title.
    pub title: String,
    /// Visible text.
    pub text: String,
    /// Fingerprint (SHA-256 of the normalised words).
    pub fingerprint: String,
    /// Shingle hashes.
    pub shingles: Vec<u64>,
    /// True for a comparison site the user named (not the subject's own).
    pub comparison: bool,
}

/// How one task ended, with its findings and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckResult {
    /// Stable key: kind and target.
    pub key: String,
    /// What kind of check.
    pub kind: CheckKind,
    /// What it looked at.
    pub target: String,
    /// The items it informs.
    pub item_ids: Vec<String>,
    /// How it ended.
    pub state: CheckState,
    /// One line: the result, or why it did not run.
    pub message: String,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Raw answers kept.
    pub evidence: Vec<ResponseEvidence>,
    /// When it started.
    pub started_at: String,
    /// When it ended.
    pub finished_at: String,
}

/// Progress of one task, for the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckEvent {
    /// Task key.
    pub key: String,
    /// Kind.
    pub kind: CheckKind,
    /// Target.
    pub target: String,
    /// State now.
    pub state: CheckState,
    /// One line.
    pub message: String,
}
