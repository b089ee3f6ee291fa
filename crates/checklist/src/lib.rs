//! The checklist: template data and the engine that applies it to a case.
//!
//! Everything here is pure: no I/O, no clock. The store supplies outcomes, this module
//! says which items apply, how far along a case is and what its risks are.

#![deny(missing_docs)]

mod engine;
mod template;

pub use engine::{
    Assessment, ItemOutcomes, ItemRef, OutcomeCounts, Progress, RedFlag, RiskSummary,
    SectionProgress, applicable_sections, progress, risk_summary,
};
pub use template::{Guidance, ItemDef, ItemMode, Phase, SectionDef, Source, Template};

use std::sync::OnceLock;

/// Id of the built-in template.
pub const DEFAULT_TEMPLATE_ID: &str = "dprk-remote-hire";

/// Every template edition shipped with this build. Old editions stay here forever so that
/// cases opened with them still show the checklist they were worked against.
const SHIPPED: &[(&str, &str)] = &[
    (
        "dprk-remote-hire.v1.json",
        include_str!("../templates/dprk-remote-hire.v1.json"),
    ),
    (
        "dprk-remote-hire.v2.json",
        include_str!("../templates/dprk-remote-hire.v2.json"),
    ),
];

/// All shipped templates, parsed once. A template that fails to parse is a build defect,
/// caught by the test below, so this never fails at run time in a tested build.
pub fn builtin_templates() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        SHIPPED
            .iter()
            .filter_map(
                |(name, json)| match serde_json::from_str::<Template>(json) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        eprintln!("bonafide: shipped template {name} is unreadable: {e}");
                        None
                    }
                },
            )
            .collect()
    })
}

/// Finds a shipped template by id and version.
pub fn find_template(id: &str, version: u32) -> Option<&'static Template> {
    builtin_templates()
        .iter()
        .find(|t| t.id == id && t.version == version)
}

/// The newest edition of a template, used for new cases.
pub fn latest_template(id: &str) -> Option<&'static Template> {
    builtin_templates()
        .iter()
        .filter(|t| t.id == id)
        .max_by_key(|t| t.version)
}

/// What moving a case from one edition of its template to another changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionChange {
    /// Items the newer edition adds, which start pending.
    pub added: Vec<String>,
    /// Items of the older edition that the newer one no longer has.
    pub removed: Vec<String>,
    /// Items whose guidance, severity or sources changed.
    pub changed: Vec<String>,
}

/// Compares two editions item by item.
pub fn edition_change(from: &Template, to: &Template) -> EditionChange {
    let items = |t: &Template| -> Vec<ItemDef> {
        t.sections
            .iter()
            .flat_map(|s| s.items.iter().cloned())
            .collect()
    };
    let (a, b) = (items(from), items(to));
    EditionChange {
        added: b
            .iter()
            .filter(|i| !a.iter().any(|o| o.id == i.id))
            .map(|i| i.id.clone())
            .collect(),
        removed: a
            .iter()
            .filter(|i| !b.iter().any(|n| n.id == i.id))
            .map(|i| i.id.clone())
            .collect(),
        changed: b
            .iter()
            .filter(|i| a.iter().any(|o| o.id == i.id && o != *i))
            .map(|i| i.id.clone())
            .collect(),
    }
}

impl Template {
    /// Finds an item definition by id.
    pub fn item(&self, id: &str) -> Option<&ItemDef> {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter())
            .find(|i| i.id == id)
    }

    /// Checks the template's internal consistency: unique ids, known sources, every item
    /// applying to someone. Returns every problem found.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for section in &self.sections {
            if section.items.is_empty() {
                problems.push(format!("section {} has no items", section.id));
            }
            for item in &section.items {
                if !seen.insert(item.id.as_str()) {
                    problems.push(format!("item id {} is used twice", item.id));
                }
                if item.applies_to.is_empty() {
                    problems.push(format!("item {} applies to nobody", item.id));
                }
                if item.sources.is_empty() {
                    problems.push(format!("item {} cites no source", item.id));
                }
                for key in &item.sources {
                    if !self.sources.iter().any(|s| &s.key == key) {
                        problems.push(format!("item {} cites unknown source {key}", item.id));
                    }
                }
                if item.guidance.why.trim().is_empty()
                    || item.guidance.how.trim().is_empty()
                    || item.guidance.red_flags.is_empty()
                {
                    problems.push(format!("item {} has incomplete guidance", item.id));
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bonafide_model::SubjectKind;

    #[test]
    fn shipped_templates_parse_and_are_consistent() {
        assert_eq!(
            builtin_templates().len(),
            SHIPPED.len(),
            "a shipped template failed to parse"
        );
        for t in builtin_templates() {
            assert_eq!(
                t.problems(),
                Vec::<String>::new(),
                "{} v{}",
                t.id,
                t.version
            );
        }
    }

    #[test]
    fn no_shipped_text_promises_a_later_version_or_speaks_of_releases() {
        // A promise ages into a false statement the day the feature ships (or does not):
        // the guidance says what to do now. "released" about a technology is fine.
        let promises = [
            "later release",
            "future release",
            "next release",
            "coming soon",
            "not available yet",
            "in a future version",
            "for now",
        ];
        for (name, json) in SHIPPED {
            let text = json.to_lowercase();
            for p in promises {
                assert!(!text.contains(p), "{name} says \"{p}\"");
            }
        }
        assert!(
            "Record your own check for now"
                .to_lowercase()
                .contains("for now")
        );
    }

    #[test]
    fn edition_2_keeps_every_edition_1_item_as_it_was_and_adds_the_new_ones() {
        let (v1, v2) = (
            find_template(DEFAULT_TEMPLATE_ID, 1).expect("v1"),
            find_template(DEFAULT_TEMPLATE_ID, 2).expect("v2"),
        );
        assert_eq!(latest_template(DEFAULT_TEMPLATE_ID), Some(v2));
        let change = edition_change(v1, v2);
        assert_eq!(change.removed, Vec::<String>::new());
        assert_eq!(change.changed, Vec::<String>::new());
        assert_eq!(
            change.added,
            [
                "profile.account_history",
                "profile.image_provenance",
                "interview.voice_prompts",
                "identity.employer_chosen_agent",
                "identity.right_to_work",
                "company.vendor_personnel",
                "payment.change_reverified",
                "onboarding.device_direct_use",
                "monitoring.spot_checks",
                "monitoring.offboarding",
            ]
        );
        // The backwards comparison names the same items as removed.
        assert_eq!(edition_change(v2, v1).removed, change.added);
        // Sources v1 had keep their text: a record citing one reads the same.
        for s in &v1.sources {
            assert_eq!(v2.sources.iter().find(|n| n.key == s.key), Some(s));
        }
    }

    #[test]
    fn builtin_template_has_every_section_and_item_of_the_spec() {
        let t = find_template(DEFAULT_TEMPLATE_ID, 1).expect("v1 shipped");
        let sections: Vec<&str> = t.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(sections, ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]);
        let ids: Vec<&str> = t
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(ids.len(), 41);
        for id in [
            "profile.duplicates",
            "interview.id_on_camera",
            "identity.document",
            "references.no_overlap",
            "credentials.timeline",
            "company.watchlist",
            "screening.identifiers",
            "payment.pressure",
            "onboarding.day_one",
            "monitoring.exfiltration",
        ] {
            assert!(ids.contains(&id), "missing {id}");
        }
        // Company cases skip the interview of a person but keep screening and payment.
        let company: Vec<String> = applicable_sections(t, SubjectKind::Company)
            .into_iter()
            .map(|s| s.id)
            .collect();
        let company: Vec<&str> = company.iter().map(String::as_str).collect();
        assert!(company.contains(&"G") && company.contains(&"H") && !company.contains(&"B"));
    }
}
