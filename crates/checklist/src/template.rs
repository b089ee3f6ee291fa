//! Checklist templates: versioned data shipped with the app, never code.
//!
//! A template is a JSON document under `templates/`. Cases record the template id and
//! version they were opened with, so shipping a new edition never rewrites an old case:
//! every edition ever shipped stays in [`builtin_templates`].

use serde::{Deserialize, Serialize};

use bonafide_model::{Severity, SubjectKind};

/// A public document that guidance cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable key that items use to cite this source, e.g. `fbi-psa-2025-01`.
    pub key: String,
    /// Who published it, e.g. "FBI".
    pub publisher: String,
    /// The document's title.
    pub title: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// Where to find it, when a stable address is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub url: Option<String>,
}

/// How an item gets its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ItemMode {
    /// The user checks and records the outcome.
    Manual,
    /// The app runs a lookup and proposes an outcome that the user confirms.
    Automated,
    /// The app proposes, and the user must also check something by hand.
    AutomatedAndManual,
}

/// When in the hiring process an item is done. Only `pre_hire` items must be answered
/// before a decision is sound; the later phases are recorded as they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Before the offer or contract.
    PreHire,
    /// While the person or vendor is being set up.
    Onboarding,
    /// After hiring; the case stays open for these.
    AfterHire,
}

/// Plain-language guidance for one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    /// Why the check matters.
    pub why: String,
    /// How to do it, step by step where that helps.
    pub how: String,
    /// What a red flag looks like.
    pub red_flags: Vec<String>,
}

/// One thing to verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    /// Stable id, e.g. `interview.id_on_camera`. Never reused for a different check.
    pub id: String,
    /// Short title shown in lists.
    pub title: String,
    /// How bad a failure here is.
    pub severity: Severity,
    /// Subject kinds the item applies to.
    pub applies_to: Vec<SubjectKind>,
    /// Manual or automated.
    pub mode: ItemMode,
    /// When it is done.
    pub phase: Phase,
    /// Why, how and red flags.
    pub guidance: Guidance,
    /// What the user should record as the note or evidence.
    pub record: String,
    /// Keys into the template's `sources`.
    pub sources: Vec<String>,
}

/// A section of the checklist (A–J in the built-in template).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    /// Letter or short id, e.g. `B`.
    pub id: String,
    /// Section title.
    pub title: String,
    /// One or two sentences on what the section is about.
    pub summary: String,
    /// The items, in the order they are worked through.
    pub items: Vec<ItemDef>,
}

/// A versioned checklist template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Template id, e.g. `dprk-remote-hire`.
    pub id: String,
    /// Edition; a case keeps the edition it was opened with.
    pub version: u32,
    /// Human title.
    pub title: String,
    /// Shown at the top of every case: what the checklist is and is not.
    pub notice: String,
    /// Documents cited by the guidance.
    pub sources: Vec<Source>,
    /// Sections in order.
    pub sections: Vec<SectionDef>,
}
