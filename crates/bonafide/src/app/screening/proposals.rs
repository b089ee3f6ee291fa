//! What screening proposes for its three checklist items (names, identifiers and the
//! watchlist), from the latest screening and the dispositions of its hits.
//!
//! A proposal is only a suggestion with its reasoning: a person accepts it, and its
//! summary becomes the item's note.

use serde::{Deserialize, Serialize};

use super::{
    Disposition, HitView, IDENTIFIERS_ITEM, ListUsed, NAMES_ITEM, ScreeningRecord, WATCHLIST_ITEM,
};
use crate::model::Outcome;

/// What screening proposes for one of its checklist items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Proposal {
    /// Checklist item.
    pub item_id: String,
    /// Proposed outcome.
    pub outcome: Outcome,
    /// Why, in one paragraph; becomes the item's note when accepted.
    pub summary: String,
}

/// The outcomes screening proposes for its three items.
pub(super) fn proposals(s: &ScreeningRecord, hits: &[HitView]) -> Vec<Proposal> {
    let sanctions_lists: Vec<&ListUsed> = s.lists.iter().filter(|l| !l.watchlist).collect();
    let mut out = if sanctions_lists.is_empty() {
        nothing_screened()
    } else {
        let lists_text = lists_text(&sanctions_lists);
        let stale_note = stale_note(&sanctions_lists);
        let mut sanctions = vec![
            names_proposal(s, hits, &lists_text, &stale_note),
            identifiers_proposal(s, hits, &lists_text, &stale_note),
        ];
        if !stale_note.is_empty() {
            // A list past its maximum age may lack the latest designations: finding nothing
            // on it is no pass. Concerns and failures stand.
            for p in sanctions.iter_mut().filter(|p| p.outcome == Outcome::Pass) {
                p.outcome = Outcome::Pending;
            }
        }
        sanctions
    };
    out.push(watchlist_proposal(s, hits));
    out
}

/// The sanctions lists screened against, each with its publication date.
fn lists_text(sanctions_lists: &[&ListUsed]) -> String {
    sanctions_lists
        .iter()
        .map(|l| {
            format!(
                "{} ({})",
                l.title,
                l.published.as_deref().unwrap_or("date unknown")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A warning naming the stale lists, appended to the sanctions proposals; empty when every
/// list is recent enough.
fn stale_note(sanctions_lists: &[&ListUsed]) -> String {
    let stale: Vec<&str> = sanctions_lists
        .iter()
        .filter(|l| l.stale)
        .map(|l| l.title.as_str())
        .collect();
    if stale.is_empty() {
        String::new()
    } else {
        format!(
            " Warning: {} is older than the configured maximum age; update it and screen again \
             before passing this item.",
            stale.join(", ")
        )
    }
}

/// With no sanctions list loaded, the name and identifier items stay pending.
fn nothing_screened() -> Vec<Proposal> {
    let msg =
        "No sanctions list is loaded, so nothing was screened. Import or update the lists first."
            .to_string();
    vec![
        Proposal {
            item_id: NAMES_ITEM.into(),
            outcome: Outcome::Pending,
            summary: msg.clone(),
        },
        Proposal {
            item_id: IDENTIFIERS_ITEM.into(),
            outcome: Outcome::Pending,
            summary: msg,
        },
    ]
}

/// The names item: judged on the sanctions hits that matched a name.
fn names_proposal(
    s: &ScreeningRecord,
    hits: &[HitView],
    lists_text: &str,
    stale_note: &str,
) -> Proposal {
    let name_hits: Vec<&HitView> = hits
        .iter()
        .filter(|h| !h.hit.is_watchlist() && h.hit.name_score > 0.0)
        .collect();
    let names: Vec<&str> = s.queries.iter().map(|q| q.name.as_str()).collect();
    let (o, t) = judge(
        &name_hits,
        "name",
        format!(
            "No potential matches at or above {:.2} for {} on {}.",
            s.thresholds.review,
            names.join(", "),
            lists_text
        ),
    );
    Proposal {
        item_id: NAMES_ITEM.into(),
        outcome: o,
        summary: format!("{t}{stale_note}"),
    }
}

/// The identifiers item: judged on the sanctions hits that matched an identifier; pending
/// when the case has none to screen.
fn identifiers_proposal(
    s: &ScreeningRecord,
    hits: &[HitView],
    lists_text: &str,
    stale_note: &str,
) -> Proposal {
    let id_hits: Vec<&HitView> = hits
        .iter()
        .filter(|h| !h.hit.is_watchlist() && !h.hit.identifiers.is_empty())
        .collect();
    let (o, t) = if s.identifiers.is_empty() {
        (Outcome::Pending, "The case has no e-mail, website, phone or wallet to screen; add them or mark the item not applicable with a reason.".to_string())
    } else {
        judge(
            &id_hits,
            "identifier",
            format!(
                "No identifier of the case ({}) appears on {}.",
                s.identifiers.len(),
                lists_text
            ),
        )
    };
    Proposal {
        item_id: IDENTIFIERS_ITEM.into(),
        outcome: o,
        summary: format!("{t}{stale_note}"),
    }
}

/// The watchlist item: judged on the watchlist hits, which are red flags from public
/// reporting and never sanctions matches.
fn watchlist_proposal(s: &ScreeningRecord, hits: &[HitView]) -> Proposal {
    let (context, wl_hits): (Vec<&HitView>, Vec<&HitView>) = hits
        .iter()
        .filter(|h| h.hit.is_watchlist())
        .partition(|h| h.hit.is_context_only());
    let wl = s.lists.iter().find(|l| l.watchlist);
    let (o, t) = judge(
        &wl_hits,
        "watchlist",
        format!(
            "Not on the built-in watchlist of reported DPRK IT fronts (version {}). A watchlist is not a sanctions list.",
            wl.and_then(|l| l.published.as_deref()).unwrap_or("unknown")
        ),
    );
    let mut t = if wl_hits.is_empty() {
        t
    } else {
        format!("{t} These are red flags from public reporting, not sanctions matches.")
    };
    if !context.is_empty() {
        let mut names: Vec<&str> = context.iter().map(|h| h.hit.name.as_str()).collect();
        names.dedup();
        t.push_str(&format!(
            " A name also resembles {} charged in a DPRK IT-worker case but not sanctioned ({}): context only, never a match, since a shared name does not make someone the person charged.",
            if names.len() == 1 { "a person" } else { "people" },
            names.join(", ")
        ));
    }
    Proposal {
        item_id: WATCHLIST_ITEM.into(),
        outcome: o,
        summary: t,
    }
}

/// The outcome and wording for one item from its hits: any true match fails it, any hit
/// still unresolved is a concern, and otherwise it passes (with `clean` when there were
/// no hits at all).
fn judge(hs: &[&HitView], what: &str, clean: String) -> (Outcome, String) {
    let count = |n: usize| match_count(n, what);
    let true_matches = hs
        .iter()
        .filter(|h| h.resolved_as() == Some(Disposition::TrueMatch))
        .count();
    let open = hs
        .iter()
        .filter(|h| {
            !matches!(
                h.resolved_as(),
                Some(Disposition::TrueMatch | Disposition::FalsePositive)
            )
        })
        .count();
    if true_matches > 0 {
        (
            Outcome::Fail,
            format!(
                "{} confirmed as a true match. Do not proceed without legal advice; report as required.",
                count(true_matches)
            ),
        )
    } else if open > 0 {
        (
            Outcome::Concern,
            format!(
                "{} need{} a disposition.",
                count(open),
                if open == 1 { "s" } else { "" }
            ),
        )
    } else if hs.is_empty() {
        (Outcome::Pass, clean)
    } else {
        (
            Outcome::Pass,
            format!(
                "{} reviewed and recorded as false positives.",
                count(hs.len())
            ),
        )
    }
}

/// "1 potential name match", "2 potential name matches".
fn match_count(n: usize, what: &str) -> String {
    format!(
        "{n} potential {what} match{}",
        if n == 1 { "" } else { "es" }
    )
}
