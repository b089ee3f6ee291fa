//! How rare each word is across the names of the loaded lists, per script: generic
//! words (`trading`, `network`, `star`) and very common surnames count less in a score
//! than rare surnames and coined company words.
//!
//! The factor depends on the word's document frequency `df` (names containing it) among
//! the `n` names of its script: words in at most [`RARE_DF`] names keep their full
//! weight; from there the factor falls with `ln(df)` to [`FLOOR`] at [`COMMON_SHARE`]
//! of the names. Words the lists do not contain (a query's own words) count in full.

use std::collections::HashMap;

use super::Prepared;
use super::script::Script;
use super::token::{Token, TokenRole};

/// Words in this many names or fewer are rare: full weight.
const RARE_DF: f32 = 2.0;

/// Share of a script's names at which a word counts least.
const COMMON_SHARE: f32 = 0.005;

/// Fewer names than this in a script say nothing about which words are common: every
/// word keeps its full weight.
const MIN_NAMES: u32 = 500;

/// The least a word counts, as a share of its length-based weight. Not zero: a common
/// word still tells names apart when everything else agrees.
const FLOOR: f32 = 0.4;

/// Document frequencies of words across the names of the loaded lists.
#[derive(Debug, Default, Clone)]
pub struct Rarity {
    /// Per script, names containing each word. Nested so that a look-up borrows the
    /// token's text instead of building a key: an index looks up every token it holds.
    df: HashMap<Script, HashMap<String, u32>>,
    names: HashMap<Script, u32>,
}

impl Rarity {
    /// Counts the words of one name (each word once).
    pub fn count(&mut self, name: &Prepared) {
        let mut seen: Vec<(Script, &str)> = Vec::new();
        for t in name.tokens.iter().filter(|t| t.role == TokenRole::Word) {
            if !seen.contains(&(t.script, t.text.as_str())) {
                seen.push((t.script, t.text.as_str()));
            }
        }
        let mut scripts: Vec<Script> = seen.iter().map(|(s, _)| *s).collect();
        scripts.dedup();
        for s in scripts {
            *self.names.entry(s).or_default() += 1;
        }
        for (s, w) in seen {
            let words = self.df.entry(s).or_default();
            match words.get_mut(w) {
                Some(n) => *n += 1,
                None => {
                    words.insert(w.to_string(), 1);
                }
            }
        }
    }

    /// How much of its length-based weight a word keeps, 0.4–1.
    pub fn factor(&self, t: &Token) -> f32 {
        if t.role != TokenRole::Word {
            return 1.0;
        }
        let Some(&df) = self.df.get(&t.script).and_then(|w| w.get(t.text.as_str())) else {
            return 1.0;
        };
        let n = self.names.get(&t.script).copied().unwrap_or(0);
        if n < MIN_NAMES {
            return 1.0;
        }
        let n = n as f32;
        let common = (n * COMMON_SHARE).max(RARE_DF * 2.0);
        let df = df as f32;
        if df <= RARE_DF {
            return 1.0;
        }
        let share = ((df / RARE_DF).ln() / (common / RARE_DF).ln()).clamp(0.0, 1.0);
        1.0 - (1.0 - FLOOR) * share
    }

    /// Sets the rarity of every word of a prepared name.
    pub fn apply(&self, name: &mut Prepared) {
        for i in 0..name.tokens.len() {
            let f = self.factor(&name.tokens[i]);
            name.tokens[i].rarity = f;
        }
    }

    /// Words counted.
    pub fn word_count(&self) -> usize {
        self.df.values().map(HashMap::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{NameKind, prepare};
    use super::*;

    #[test]
    fn common_words_count_less_than_rare_ones() {
        let mut r = Rarity::default();
        for i in 0..1000 {
            r.count(&prepare(&format!("Star Trading Zq{i}x"), NameKind::Company));
        }
        r.count(&prepare("Volasys Silverstar", NameKind::Company));
        let p = prepare("Volasys Star Trading", NameKind::Company);
        let f: Vec<f32> = p.tokens.iter().map(|t| r.factor(t)).collect();
        assert_eq!(f[0], 1.0, "volasys is in one name");
        assert!((f[1] - FLOOR).abs() < 1e-6, "star is in every name: {f:?}");
        assert!((f[2] - FLOOR).abs() < 1e-6);
        let unseen = prepare("Qwertyuiop", NameKind::Company);
        assert_eq!(r.factor(&unseen.tokens[0]), 1.0);
    }

    #[test]
    fn a_few_names_weigh_nothing_down() {
        let mut r = Rarity::default();
        for i in 0..100 {
            r.count(&prepare(&format!("Star Trading Zq{i}x"), NameKind::Company));
        }
        let p = prepare("Star Trading", NameKind::Company);
        assert!(p.tokens.iter().all(|t| r.factor(t) == 1.0));
    }
}
