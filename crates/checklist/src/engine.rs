//! Applicability, progress and the risk summary. Pure functions over a template and the
//! outcomes recorded so far.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::template::{ItemDef, Phase, SectionDef, Template};
use bonafide_model::{Outcome, Severity, SubjectKind};

/// The sections of `template` that apply to `kind`, each holding only its applicable items.
/// Sections left with no items are dropped.
pub fn applicable_sections(template: &Template, kind: SubjectKind) -> Vec<SectionDef> {
    template
        .sections
        .iter()
        .filter_map(|s| {
            let items: Vec<ItemDef> = s
                .items
                .iter()
                .filter(|i| i.applies_to.contains(&kind))
                .cloned()
                .collect();
            (!items.is_empty()).then(|| SectionDef { items, ..s.clone() })
        })
        .collect()
}

/// How many items of one section are answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SectionProgress {
    /// Section id.
    pub section_id: String,
    /// Applicable items.
    pub total: u32,
    /// Items with an outcome other than pending.
    pub answered: u32,
}

/// How far along a case is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    /// Applicable items.
    pub total: u32,
    /// Items with an outcome other than pending.
    pub answered: u32,
    /// Per section, in template order.
    pub sections: Vec<SectionProgress>,
}

/// Counts of items by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutcomeCounts {
    /// Not yet checked.
    pub pending: u32,
    /// Passed.
    pub pass: u32,
    /// Concerns.
    pub concern: u32,
    /// Failed.
    pub fail: u32,
    /// Not applicable.
    pub not_applicable: u32,
}

impl OutcomeCounts {
    fn add(&mut self, outcome: Outcome) {
        let slot = match outcome {
            Outcome::Pending => &mut self.pending,
            Outcome::Pass => &mut self.pass,
            Outcome::Concern => &mut self.concern,
            Outcome::Fail => &mut self.fail,
            Outcome::NotApplicable => &mut self.not_applicable,
        };
        *slot += 1;
    }
}

/// A reference to an item, enough to list and link it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemRef {
    /// Item id.
    pub item_id: String,
    /// Item title.
    pub title: String,
    /// Section id.
    pub section_id: String,
    /// Severity class.
    pub severity: Severity,
}

/// An item whose outcome is concern or fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RedFlag {
    /// The item.
    pub item: ItemRef,
    /// Concern or fail.
    pub outcome: Outcome,
    /// The note recorded with it.
    pub note: String,
}

/// What the summary can honestly say about the case so far. It is an indication for the
/// person deciding, never a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Assessment {
    /// Critical pre-hire items are still pending: no indication is given at all.
    CriticalPending,
    /// At least one check failed.
    FailedChecks,
    /// Concerns were raised, nothing failed.
    Concerns,
    /// No red flags so far, but pre-hire items are still pending.
    NoRedFlagsYet,
    /// Every pre-hire item is answered and none raised a red flag.
    NoRedFlags,
}

impl Assessment {
    /// One line for the person deciding.
    pub fn headline(self) -> &'static str {
        match self {
            Assessment::CriticalPending => {
                "Critical checks are still pending: no assessment until they are done."
            }
            Assessment::FailedChecks => {
                "Checks failed: do not proceed, or escalate, unless each failure is resolved."
            }
            Assessment::Concerns => {
                "Concerns were raised: resolve them, or proceed only with stated conditions."
            }
            Assessment::NoRedFlagsYet => "No red flags so far, but some checks are still pending.",
            Assessment::NoRedFlags => "All pre-hire checks are done and none raised a red flag.",
        }
    }
}

/// The live risk summary of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskSummary {
    /// Items by outcome.
    pub counts: OutcomeCounts,
    /// Every concern and fail, most severe first.
    pub red_flags: Vec<RedFlag>,
    /// Pre-hire items still pending, most severe first. These must be answered before a
    /// decision is well founded.
    pub pending_before_decision: Vec<ItemRef>,
    /// How many of those are critical.
    pub critical_pending: u32,
    /// What can be said so far.
    pub assessment: Assessment,
}

/// The outcome and note of one item, as the store holds them.
pub type ItemOutcomes = HashMap<String, (Outcome, String)>;

fn outcome_of(outcomes: &ItemOutcomes, id: &str) -> Outcome {
    outcomes.get(id).map(|(o, _)| *o).unwrap_or_default()
}

/// Progress of a case: answered items per section and overall.
pub fn progress(template: &Template, kind: SubjectKind, outcomes: &ItemOutcomes) -> Progress {
    let sections: Vec<SectionProgress> = applicable_sections(template, kind)
        .iter()
        .map(|s| SectionProgress {
            section_id: s.id.clone(),
            total: s.items.len() as u32,
            answered: s
                .items
                .iter()
                .filter(|i| outcome_of(outcomes, &i.id) != Outcome::Pending)
                .count() as u32,
        })
        .collect();
    Progress {
        total: sections.iter().map(|s| s.total).sum(),
        answered: sections.iter().map(|s| s.answered).sum(),
        sections,
    }
}

/// The risk summary of a case.
pub fn risk_summary(
    template: &Template,
    kind: SubjectKind,
    outcomes: &ItemOutcomes,
) -> RiskSummary {
    let mut counts = OutcomeCounts::default();
    let mut red_flags = Vec::new();
    let mut pending = Vec::new();
    for section in applicable_sections(template, kind) {
        for item in &section.items {
            let (outcome, note) = outcomes
                .get(&item.id)
                .map(|(o, n)| (*o, n.as_str()))
                .unwrap_or((Outcome::Pending, ""));
            counts.add(outcome);
            let item_ref = || ItemRef {
                item_id: item.id.clone(),
                title: item.title.clone(),
                section_id: section.id.clone(),
                severity: item.severity,
            };
            if outcome.is_red_flag() {
                red_flags.push(RedFlag {
                    item: item_ref(),
                    outcome,
                    note: note.to_string(),
                });
            } else if outcome == Outcome::Pending && item.phase == Phase::PreHire {
                pending.push(item_ref());
            }
        }
    }
    // Most severe first; a fail before a concern of the same severity. The sort is stable,
    // so template order breaks ties.
    red_flags.sort_by_key(|f| (f.item.severity, f.outcome != Outcome::Fail));
    pending.sort_by_key(|i| i.severity);
    let critical_pending = pending
        .iter()
        .filter(|i| i.severity == Severity::Critical)
        .count() as u32;
    let assessment = if critical_pending > 0 {
        Assessment::CriticalPending
    } else if counts.fail > 0 {
        Assessment::FailedChecks
    } else if counts.concern > 0 {
        Assessment::Concerns
    } else if !pending.is_empty() {
        Assessment::NoRedFlagsYet
    } else {
        Assessment::NoRedFlags
    };
    RiskSummary {
        counts,
        red_flags,
        pending_before_decision: pending,
        critical_pending,
        assessment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DEFAULT_TEMPLATE_ID, find_template};

    fn template() -> &'static Template {
        find_template(DEFAULT_TEMPLATE_ID, 1).expect("shipped")
    }

    fn outcomes(pairs: &[(&str, Outcome)]) -> ItemOutcomes {
        pairs
            .iter()
            .map(|(id, o)| (id.to_string(), (*o, format!("note on {id}"))))
            .collect()
    }

    fn pre_hire_ids(kind: SubjectKind) -> Vec<(String, Severity)> {
        applicable_sections(template(), kind)
            .into_iter()
            .flat_map(|s| s.items)
            .filter(|i| i.phase == Phase::PreHire)
            .map(|i| (i.id, i.severity))
            .collect()
    }

    #[test]
    fn applicability_follows_subject_kind() {
        let person: Vec<String> = applicable_sections(template(), SubjectKind::Person)
            .into_iter()
            .flat_map(|s| s.items)
            .map(|i| i.id)
            .collect();
        let company: Vec<String> = applicable_sections(template(), SubjectKind::Company)
            .into_iter()
            .flat_map(|s| s.items)
            .map(|i| i.id)
            .collect();
        assert!(person.contains(&"interview.liveness".to_string()));
        assert!(!company.contains(&"interview.liveness".to_string()));
        assert!(company.contains(&"company.registry".to_string()));
        assert!(company.contains(&"screening.names".to_string()));
        assert!(company.len() < person.len());
    }

    #[test]
    fn progress_counts_answered_items_per_section() {
        let o = outcomes(&[
            ("interview.camera", Outcome::Pass),
            ("interview.liveness", Outcome::NotApplicable),
            ("identity.document", Outcome::Pending),
        ]);
        let p = progress(template(), SubjectKind::Person, &o);
        assert_eq!(p.answered, 2);
        let b = p.sections.iter().find(|s| s.section_id == "B").unwrap();
        assert_eq!((b.answered, b.total), (2, 6));
        assert_eq!(p.total, p.sections.iter().map(|s| s.total).sum::<u32>());
    }

    #[test]
    fn no_assessment_while_critical_items_are_pending_even_with_failures() {
        let o = outcomes(&[("profile.consistency", Outcome::Fail)]);
        let r = risk_summary(template(), SubjectKind::Person, &o);
        assert_eq!(r.assessment, Assessment::CriticalPending);
        assert!(r.critical_pending > 0);
        assert_eq!(r.red_flags.len(), 1, "red flags are listed regardless");
        assert_eq!(r.pending_before_decision[0].severity, Severity::Critical);
    }

    #[test]
    fn assessment_moves_through_its_states() {
        let kind = SubjectKind::Company;
        let ids = pre_hire_ids(kind);
        let mut o: ItemOutcomes = ids
            .iter()
            .filter(|(_, s)| *s == Severity::Critical)
            .map(|(id, _)| (id.clone(), (Outcome::Pass, String::new())))
            .collect();
        assert_eq!(
            risk_summary(template(), kind, &o).assessment,
            Assessment::NoRedFlagsYet
        );
        for (id, _) in &ids {
            o.insert(id.clone(), (Outcome::Pass, String::new()));
        }
        assert_eq!(
            risk_summary(template(), kind, &o).assessment,
            Assessment::NoRedFlags
        );
        o.insert(
            "payment.pressure".into(),
            (Outcome::Concern, "asked for prepayment".into()),
        );
        assert_eq!(
            risk_summary(template(), kind, &o).assessment,
            Assessment::Concerns
        );
        o.insert(
            "company.registry".into(),
            (Outcome::Fail, "no such company".into()),
        );
        let r = risk_summary(template(), kind, &o);
        assert_eq!(r.assessment, Assessment::FailedChecks);
        assert_eq!(r.counts.fail, 1);
        assert_eq!(r.counts.concern, 1);
        // Severity first: high registry fail before medium payment concern.
        assert_eq!(r.red_flags[0].item.item_id, "company.registry");
        assert_eq!(r.red_flags[1].note, "asked for prepayment");
    }

    #[test]
    fn after_hire_items_never_block_a_decision() {
        let r = risk_summary(template(), SubjectKind::Person, &ItemOutcomes::new());
        assert!(r.pending_before_decision.iter().all(
            |i| !i.item_id.starts_with("monitoring.") && !i.item_id.starts_with("onboarding.")
        ));
        let total: u32 = progress(template(), SubjectKind::Person, &ItemOutcomes::new()).total;
        assert_eq!(r.counts.pending, total);
    }
}
