//! One comparable unit of a name, with its role (word, particle, legal form), its other
//! readings and the lazily computed keys the scorer compares it by.

use serde::{Deserialize, Serialize};

use super::keys::{korean_key, sound_key};
use super::particles::PARTICLES;
use super::script::Script;

/// What a token is, which sets how much it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenRole {
    /// Part of the name proper.
    Word,
    /// A legal form (`ltd`, `llc`, `ooo`): counts a little, so `Alis LLC` and
    /// `Alis Ltd` stay close but `Acme LLC` and `Zenith LLC` do not.
    Legal,
    /// A name particle (`al`, `bin`, `van`, `de`): counts a little, so the parts that
    /// tell names apart carry the score.
    Particle,
}

/// One comparable unit of a name.
#[derive(Debug, Clone)]
pub struct Token {
    /// Lower-case ASCII form.
    pub text: String,
    /// Other readings of the same characters (Korean and Japanese readings of Han).
    pub alts: Vec<String>,
    /// The script the token was written in.
    pub script: Script,
    /// Word, particle or legal form.
    pub role: TokenRole,
    /// The character itself, for a Han or Hangul syllable: two different characters
    /// that read the same (`石`/`市`, both `shi`) are homophones, not the same name.
    pub original: Option<char>,
    /// How much of its weight the word keeps for being common on the loaded lists
    /// (0.4–1; 1 until an index sets it, see `rarity`).
    pub rarity: f32,
    /// Keys of `text`, computed once on first use: scoring compares an indexed token with
    /// many queries.
    keys: std::sync::OnceLock<(String, Option<String>)>,
}

impl PartialEq for Token {
    fn eq(&self, other: &Token) -> bool {
        self.text == other.text
            && self.alts == other.alts
            && self.script == other.script
            && self.role == other.role
            && self.original == other.original
    }
}

impl Token {
    pub(super) fn word(text: String, script: Script) -> Token {
        let role = if PARTICLES.contains(&text.as_str()) {
            TokenRole::Particle
        } else {
            TokenRole::Word
        };
        Token {
            text,
            alts: Vec::new(),
            script,
            role,
            original: None,
            rarity: 1.0,
            keys: std::sync::OnceLock::new(),
        }
    }

    pub(super) fn set_text(&mut self, text: String) {
        self.text = text;
        self.keys = std::sync::OnceLock::new();
    }

    fn keys(&self) -> &(String, Option<String>) {
        self.keys
            .get_or_init(|| (sound_key(&self.text), korean_key(&self.text)))
    }

    /// The sound key of the spelling.
    pub fn sound(&self) -> &str {
        &self.keys().0
    }

    /// The Korean romanisation key of the spelling, if it can be one syllable.
    pub fn korean(&self) -> Option<&str> {
        self.keys().1.as_deref()
    }

    /// The token's spelling and its other readings.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.text.as_str()).chain(self.alts.iter().map(String::as_str))
    }

    fn is_patronymic(&self) -> bool {
        self.text.len() >= 7
            && ["ovich", "evich", "ovna", "evna", "ichna"]
                .iter()
                .any(|s| self.text.ends_with(s))
    }

    /// Whether this token's transliteration lacks vowels (Arabic, Hebrew, Thai).
    pub fn consonants_only(&self) -> bool {
        self.script.writes_consonants_only()
    }

    /// How much the token counts when it aligns with a partner: its
    /// [`base_weight`](Token::base_weight) times its rarity on the loaded lists, since
    /// agreeing on a common word (`trading`, `kim`) says little about identity.
    pub fn weight(&self) -> f32 {
        match self.role {
            TokenRole::Word => self.base_weight() * self.rarity,
            TokenRole::Legal | TokenRole::Particle => self.base_weight(),
        }
    }

    /// How much the token counts by its form alone: longer tokens carry more
    /// information; a single Han or Hangul syllable counts as a short word; legal forms
    /// count little. A token left without a partner counts this much whatever its
    /// rarity: `Ben Hamid` against `Ben Abdallah` differ however common both words are.
    pub fn base_weight(&self) -> f32 {
        let len = self.text.chars().count().clamp(1, 10) as f32;
        let base = 0.6 + len.sqrt() * 0.5;
        match self.role {
            // A patronymic (`Yuryevich`, `Ivanovna`) is extra detail lists add and
            // people leave out.
            TokenRole::Word if self.is_patronymic() => base * 0.4,
            TokenRole::Word => base,
            TokenRole::Legal | TokenRole::Particle => 0.3,
        }
    }
}
