//! Turning a name as written into tokens that can be compared across scripts and
//! spellings.
//!
//! A name is split into words; each word is transliterated to lower-case ASCII
//! (`any_ascii`), so that `Владимир`, `Vladimir` and `VLADIMIR` meet. Hangul and Han
//! are split per syllable, because a Korean or Chinese name's syllables are written
//! together in the original script but apart (or hyphenated, or glued) in Latin
//! lists; the scorer puts them back together where that matches better. Han
//! characters also carry their Korean and Japanese readings, so `金正恩` can meet
//! `Kim Jong Un` and `山田太郎` can meet `Yamada Taro`.
//!
//! [`prepare`] runs the steps in order; each lives in its own module: `tokenise`
//! (reading order, splitting, transliteration), `han` (readings of Han characters),
//! `particles` (honorifics and name particles), `legal` (company legal forms), `keys`
//! (the romanisation, sound and skeleton keys the scorer compares by), `abbrev` (words
//! abbreviated in company names), `rarity` (how common each word is on the loaded
//! lists, which sets how much it counts), with the
//! [`Script`] and [`Token`] types in `script` and `token`.

mod abbrev;
mod han;
mod keys;
mod legal;
mod particles;
mod rarity;
mod script;
mod token;
mod tokenise;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

pub use keys::{korean_key, skeleton, sound_key};
pub(crate) use particles::particle_class;
pub use rarity::Rarity;
pub use script::{Script, dominant_script, script_of};
pub use token::{Token, TokenRole};
pub use tokenise::ascii_fold;

use abbrev::expand_abbreviations;
use legal::mark_legal_forms;
use particles::drop_honorifics;
use tokenise::{reorder_surname_first, tokenise};

/// Whether a name is of a person, a company or not known (list entries of unknown type,
/// ad-hoc queries without `--kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    /// A natural person.
    Person,
    /// A company, organisation, vessel or aircraft.
    Company,
    /// Not known: both person and company rules apply.
    Unknown,
}

/// A name ready for comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The name as given.
    pub original: String,
    /// The script most of it is in.
    pub script: Script,
    /// Comparable tokens, in reading order (`SURNAME, Given` put back as `Given SURNAME`).
    pub tokens: Vec<Token>,
    /// Exact key in the original script (non-Latin names only): an entry written in the
    /// same script with the same characters is an exact match whatever the transliteration.
    pub original_key: Option<String>,
    /// Honorifics that were set aside (`dr`, `mr` …), for the explanation.
    pub dropped: Vec<String>,
}

impl Prepared {
    /// The tokens as one lower-case string, for display in explanations.
    pub fn normalised(&self) -> String {
        self.tokens
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Prepares a name for comparison.
pub fn prepare(name: &str, kind: NameKind) -> Prepared {
    let nfkc: String = name.nfkc().collect();
    let script = dominant_script(&nfkc);
    let reordered = reorder_surname_first(&nfkc, kind);
    let mut tokens = tokenise(&reordered);
    let mut dropped = Vec::new();
    if kind != NameKind::Company {
        drop_honorifics(&mut tokens, &mut dropped);
    }
    if kind != NameKind::Person {
        expand_abbreviations(&mut tokens);
        mark_legal_forms(&mut tokens);
    }
    let original_key = (script != Script::Latin).then(|| {
        nfkc.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    });
    Prepared {
        original: name.to_string(),
        script,
        tokens,
        original_key: original_key.filter(|k| !k.is_empty()),
        dropped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Prepared) -> Vec<&str> {
        p.tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn surname_first_is_reordered_for_persons_only() {
        assert_eq!(
            texts(&prepare("KIM, Sang Man", NameKind::Person)),
            ["sang", "man", "kim"]
        );
        let company = prepare(
            "YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.",
            NameKind::Company,
        );
        assert_eq!(
            texts(&company),
            ["yanbian", "silverstar", "network", "technology", "ltd"]
        );
        assert_eq!(company.tokens[4].role, TokenRole::Legal);
    }

    #[test]
    fn a_name_is_never_reduced_to_its_legal_form() {
        let p = prepare("Company Limited", NameKind::Company);
        assert!(p.tokens.iter().all(|t| t.role == TokenRole::Word));
        let p = prepare("Limited Liability Company Alis", NameKind::Company);
        assert_eq!(texts(&p), ["llc", "alis"]);
    }

    #[test]
    fn scripts_are_transliterated_and_split_by_syllable() {
        assert_eq!(
            texts(&prepare("Владимир Путин", NameKind::Person)),
            ["vladimir", "putin"]
        );
        assert_eq!(
            texts(&prepare("김정은", NameKind::Person)),
            ["gim", "jeong", "eun"]
        );
        let han = prepare("金正恩", NameKind::Person);
        assert_eq!(texts(&han), ["jin", "zheng", "en"]);
        assert!(han.tokens[0].alts.contains(&"gim".to_string()));
        assert_eq!(han.original_key.as_deref(), Some("金正恩"));
        assert_eq!(prepare("Kim Jong Un", NameKind::Person).original_key, None);
    }

    #[test]
    fn apostrophes_and_dots_join_hyphens_split() {
        assert_eq!(
            texts(&prepare("Ch'oe Jong-un", NameKind::Person)),
            ["choe", "jong", "un"]
        );
        assert_eq!(
            texts(&prepare("S.A. O'Brien", NameKind::Person)),
            ["sa", "obrien"]
        );
    }

    #[test]
    fn honorifics_are_dropped_but_never_everything() {
        let p = prepare("Dr. John Smith", NameKind::Person);
        assert_eq!(texts(&p), ["john", "smith"]);
        assert_eq!(p.dropped, ["dr"]);
        assert_eq!(texts(&prepare("Major", NameKind::Person)), ["major"]);
    }
}
