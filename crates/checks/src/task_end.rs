//! How a task ended, before it is stamped with its key and times. Every check body ends in
//! a [`TaskEnd`]; the constructors here decide the state, so that a failure to reach the
//! network always reads as "not run" and never as a pass.

use bonafide_net::NetFailure;

use crate::result::{CheckState, Finding, ResponseEvidence};

/// How a task ended, before it is stamped with its key and times.
pub(crate) struct TaskEnd {
    pub(crate) state: CheckState,
    pub(crate) message: String,
    pub(crate) findings: Vec<Finding>,
    pub(crate) evidence: Vec<ResponseEvidence>,
    /// The name that did not resolve, when that is what this end rests on. Such an end
    /// counts only once the resolver is shown to answer for names that must exist (see
    /// [`crate::resolver`]); on a network that resolves nothing it becomes "not run".
    pub(crate) unresolved: Option<String>,
}

impl TaskEnd {
    /// The check ran; its findings stand.
    pub(crate) fn done(message: impl Into<String>, findings: Vec<Finding>) -> TaskEnd {
        TaskEnd {
            state: CheckState::Done,
            message: message.into(),
            findings,
            evidence: Vec::new(),
            unresolved: None,
        }
    }

    /// The check could not even be attempted (no server known for the target).
    pub(crate) fn cannot(message: String) -> TaskEnd {
        TaskEnd {
            state: CheckState::Failed,
            message,
            findings: Vec::new(),
            evidence: Vec::new(),
            unresolved: None,
        }
    }

    /// An answer arrived but could not be read; it is kept as evidence all the same.
    pub(crate) fn unreadable(message: String, evidence: ResponseEvidence) -> TaskEnd {
        TaskEnd {
            state: CheckState::Failed,
            message,
            findings: Vec::new(),
            evidence: vec![evidence],
            unresolved: None,
        }
    }

    /// The request or lookup produced nothing.
    pub(crate) fn failed(f: &NetFailure) -> TaskEnd {
        TaskEnd {
            state: state_after(f),
            message: f.to_string(),
            findings: Vec::new(),
            evidence: Vec::new(),
            unresolved: match f {
                NetFailure::NoSuchName(name) => Some(name.clone()),
                _ => None,
            },
        }
    }

    /// Not run: a name this check needed did not resolve, and neither did the names that
    /// must exist (`anchors`), so the network's resolver, not the target, is what failed.
    pub(crate) fn unresolvable(name: &str, anchors: &[String]) -> TaskEnd {
        TaskEnd {
            state: CheckState::NotRunUnresolved,
            message: format!(
                "not run — names do not resolve on this network: {name} did not resolve, and \
                 neither did {}, which must exist; retry on another network",
                anchors.join(", ")
            ),
            findings: Vec::new(),
            evidence: Vec::new(),
            unresolved: None,
        }
    }

    /// The same end, resting on `name` not resolving.
    pub(crate) fn resting_on_unresolved(self, name: &str) -> TaskEnd {
        TaskEnd {
            unresolved: Some(name.to_string()),
            ..self
        }
    }

    /// Not run at all: the app is working offline.
    pub(crate) fn offline() -> TaskEnd {
        TaskEnd {
            state: CheckState::NotRunOffline,
            message: "working offline; retry when connected".into(),
            findings: Vec::new(),
            evidence: Vec::new(),
            unresolved: None,
        }
    }

    /// Not run: nothing came back within the check's time limit.
    pub(crate) fn timed_out(limit_secs: u64) -> TaskEnd {
        TaskEnd {
            state: CheckState::NotRunTimedOut,
            message: format!("no result within {limit_secs} s"),
            findings: Vec::new(),
            evidence: Vec::new(),
            unresolved: None,
        }
    }

    /// The same end, with the one answer it was read from kept as evidence.
    pub(crate) fn with_evidence(self, evidence: ResponseEvidence) -> TaskEnd {
        TaskEnd {
            evidence: vec![evidence],
            ..self
        }
    }
}

/// Offline and time-outs say nothing about the target, so the check counts as not run and
/// can be retried; every other failure came from the target or its answer, so the check
/// ran and could not be completed.
fn state_after(f: &NetFailure) -> CheckState {
    match f {
        NetFailure::Offline(_) => CheckState::NotRunOffline,
        NetFailure::TimedOut => CheckState::NotRunTimedOut,
        NetFailure::Refused(_)
        | NetFailure::TooManyRedirects(_)
        | NetFailure::BadUrl(_)
        | NetFailure::Status { .. }
        | NetFailure::TooLarge { .. }
        | NetFailure::WrongContentType { .. }
        | NetFailure::NoSuchName(_)
        | NetFailure::Other(_) => CheckState::Failed,
    }
}
