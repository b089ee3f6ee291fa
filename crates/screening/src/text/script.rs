//! Which writing system a character or a name is in: the script decides how a word is
//! split (per syllable for Hangul and Han) and whether its transliteration is compared
//! by consonants only.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// The writing system a name (or a part of one) is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Script {
    /// Latin letters, with or without diacritics.
    Latin,
    /// Cyrillic.
    Cyrillic,
    /// Greek.
    Greek,
    /// Chinese characters (also used in Korean and Japanese names).
    Han,
    /// Korean Hangul.
    Hangul,
    /// Japanese kana.
    Kana,
    /// Arabic.
    Arabic,
    /// Hebrew.
    Hebrew,
    /// Thai.
    Thai,
    /// Anything else.
    Other,
}

impl Script {
    /// The word shown to people.
    pub fn word(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
            Script::Han => "Han",
            Script::Hangul => "Hangul",
            Script::Kana => "Kana",
            Script::Arabic => "Arabic",
            Script::Hebrew => "Hebrew",
            Script::Thai => "Thai",
            Script::Other => "other",
        }
    }

    /// Scripts whose usual spelling leaves most vowels out, so a transliteration gives
    /// consonants only (`محمد` → `mhmd`) and must be compared by consonants.
    pub(super) fn writes_consonants_only(self) -> bool {
        matches!(self, Script::Arabic | Script::Hebrew | Script::Thai)
    }
}

/// The script of one character, or `None` for digits, spaces and punctuation.
pub fn script_of(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0..=0x024F | 0x1E00..=0x1EFF => Script::Latin,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F => Script::Cyrillic,
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x0E00..=0x0E7F => Script::Thai,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3040..=0x30FF | 0x31F0..=0x31FF => Script::Kana,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => Script::Han,
        _ => Script::Other,
    })
}

/// The script most of a name's letters are in.
pub fn dominant_script(s: &str) -> Script {
    let mut counts: HashMap<Script, usize> = HashMap::new();
    for script in s.chars().filter_map(script_of) {
        *counts.entry(script).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(script, n)| (*n, *script == Script::Latin))
        .map(|(script, _)| script)
        .unwrap_or(Script::Latin)
}
