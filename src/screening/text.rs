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

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

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
    fn writes_consonants_only(self) -> bool {
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
    fn word(text: String, script: Script) -> Token {
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
            keys: std::sync::OnceLock::new(),
        }
    }

    fn set_text(&mut self, text: String) {
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

    /// How much the token counts in a score: longer tokens carry more information; a
    /// single Han or Hangul syllable counts as a short word; legal forms count little.
    pub fn weight(&self) -> f32 {
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

/// `KIM, Sang Man` → `Sang Man KIM`: lists write persons surname first with a comma.
/// Only one comma is read that way; `Smith, John, Jr` and company names with commas
/// (`CO., LTD.`) are left in order, which the order-free scorer tolerates anyway.
fn reorder_surname_first(name: &str, kind: NameKind) -> String {
    if kind == NameKind::Company || name.matches(',').count() != 1 {
        return name.to_string();
    }
    let (surname, given) = name.split_once(',').unwrap_or((name, ""));
    let given = given.trim();
    if given.is_empty() || surname.trim().is_empty() || looks_like_legal_form(given) {
        return name.to_string();
    }
    format!("{given} {}", surname.trim())
}

fn looks_like_legal_form(s: &str) -> bool {
    let folded = any_ascii::any_ascii(s).to_lowercase();
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty() && words.iter().all(|w| LEGAL_WORDS.contains(w))
}

/// Splits into words and transliterates each.
fn tokenise(name: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut word_script: Option<Script> = None;
    let flush = |word: &mut String, script: Option<Script>, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            push_word(word, script.unwrap_or(Script::Latin), tokens);
            word.clear();
        }
    };
    for c in name.chars() {
        if c.is_alphanumeric() {
            let script = script_of(c);
            let same = match (script, word_script) {
                (None, _) | (_, None) => true,
                (Some(a), Some(b)) => a == b,
            };
            if !same {
                flush(&mut word, word_script, &mut tokens);
                word_script = None;
            }
            if script.is_some() {
                word_script = script;
            }
            word.push(c);
        } else if matches!(c, '\'' | '’' | '`' | '.' | 'ʼ' | 'ʻ')
            && word_script == Some(Script::Latin)
        {
            // O'Brien, S.A., Ch'oe: apostrophes and dots join rather than split.
            continue;
        } else {
            flush(&mut word, word_script, &mut tokens);
            word_script = None;
        }
    }
    flush(&mut word, word_script, &mut tokens);
    tokens
}

fn push_word(word: &str, script: Script, tokens: &mut Vec<Token>) {
    match script {
        Script::Hangul => {
            for syllable in word.chars() {
                let text = ascii_fold(&syllable.to_string());
                if !text.is_empty() {
                    let mut token = Token::word(text, script);
                    token.original = Some(syllable);
                    tokens.push(token);
                }
            }
        }
        Script::Han => {
            for ch in word.chars() {
                let text = ascii_fold(&ch.to_string());
                if text.is_empty() {
                    continue;
                }
                let mut token = Token::word(text, script);
                token.alts = han_readings(ch);
                token.original = Some(ch);
                tokens.push(token);
            }
        }
        _ => {
            let text = ascii_fold(word);
            if !text.is_empty() {
                tokens.push(Token::word(text, script));
            }
        }
    }
}

/// Lower-case ASCII letters and digits only.
pub fn ascii_fold(s: &str) -> String {
    any_ascii::any_ascii(s)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mister",
    "dr",
    "doctor",
    "prof",
    "professor",
    "sir",
    "dame",
    "madam",
    "madame",
    "mme",
    "herr",
    "frau",
    "sheikh",
    "shaykh",
    "sheik",
    "haji",
    "hajji",
    "mullah",
    "imam",
    "gen",
    "general",
    "col",
    "colonel",
    "maj",
    "major",
    "capt",
    "captain",
    "lt",
    "rev",
    "reverend",
    "hon",
    "jr",
    "sr",
    "president",
    "minister",
    "senator",
];

/// Spellings of the same particle.
pub(crate) fn particle_class(token: &str) -> &str {
    match token {
        "el" => "al",
        "ibn" | "ben" => "bin",
        "abou" => "abu",
        "von" => "van",
        other => other,
    }
}

/// Name particles: connectors and articles that many names share.
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "ben", "bint", "abu", "abou", "van", "von", "der", "den", "de", "da",
    "dos", "das", "di", "del", "della",
];

fn drop_honorifics(tokens: &mut Vec<Token>, dropped: &mut Vec<String>) {
    let keep = |t: &Token| !HONORIFICS.contains(&t.text.as_str());
    if tokens.iter().filter(|t| keep(t)).count() == 0 {
        return;
    }
    tokens.retain(|t| {
        let k = keep(t);
        if !k {
            dropped.push(t.text.clone());
        }
        k
    });
}

/// Legal-form words. Multi-word forms are folded to one token first (see
/// [`LEGAL_PHRASES`]), so only single words are listed here.
const LEGAL_WORDS: &[&str] = &[
    "co",
    "company",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "oy",
    "ab",
    "as",
    "aps",
    "kg",
    "pte",
    "pty",
    "pvt",
    "jsc",
    "pjsc",
    "ojsc",
    "cjsc",
    "ooo",
    "zao",
    "oao",
    "pao",
    "ao",
    "tov",
    "fzc",
    "fze",
    "fzco",
    "bhd",
    "sdn",
    "kk",
    "group",
    "holding",
    "holdings",
    "cv",
    "aktiengesellschaft",
    "ug",
    "eg",
];

/// Legal forms that are written before the name.
const LEGAL_PREFIXES: &[&str] = &[
    "ooo", "oao", "zao", "pao", "ao", "jsc", "ojsc", "cjsc", "pjsc", "llc", "tov", "srl",
];

/// Legal forms that mean the same thing in different languages, folded to one spelling:
/// a Russian OOO is a limited liability company, an OAO an open joint-stock company.
const LEGAL_SYNONYMS: &[(&str, &str)] = &[
    ("ooo", "llc"),
    ("tov", "llc"),
    ("oao", "ojsc"),
    ("zao", "cjsc"),
    ("pao", "pjsc"),
    ("ao", "jsc"),
    ("aktiengesellschaft", "ag"),
    ("company", "co"),
    ("limited", "ltd"),
    ("corporation", "corp"),
    ("incorporated", "inc"),
];

/// Multi-word legal forms and the single token each stands for.
const LEGAL_PHRASES: &[(&[&str], &str)] = &[
    (&["limited", "liability", "company"], "llc"),
    (&["gesellschaft", "mit", "beschrankter", "haftung"], "gmbh"),
    (&["aktien", "gesellschaft"], "ag"),
    (&["limited", "liability", "partnership"], "llp"),
    (
        &["obshchestvo", "s", "ogranichennoi", "otvetstvennostiu"],
        "ooo",
    ),
    (
        &["obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"],
        "ooo",
    ),
    (&["joint", "stock", "company"], "jsc"),
    (&["public", "joint", "stock", "company"], "pjsc"),
    (&["closed", "joint", "stock", "company"], "cjsc"),
    (&["open", "joint", "stock", "company"], "ojsc"),
    (&["public", "limited", "company"], "plc"),
    (&["private", "limited"], "pvt"),
    (&["sociedad", "anonima"], "sa"),
    (&["societe", "anonyme"], "sa"),
    (&["co", "ltd"], "ltd"),
    (&["company", "limited"], "ltd"),
    (&["corporation"], "corp"),
    (&["incorporated"], "inc"),
    (&["limited"], "ltd"),
    (&["company"], "co"),
];

/// Folds legal forms to their short token and marks them, unless that would leave the
/// name with nothing but legal forms (`Company Ltd` stays a name).
fn mark_legal_forms(tokens: &mut Vec<Token>) {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    'outer: while i < tokens.len() {
        for (phrase, short) in LEGAL_PHRASES {
            let n = phrase.len();
            if i + n <= tokens.len()
                && tokens[i..i + n]
                    .iter()
                    .zip(phrase.iter())
                    .all(|(t, p)| t.text == *p)
            {
                let mut t = tokens[i].clone();
                t.set_text((*short).to_string());
                t.role = TokenRole::Legal;
                out.push(t);
                i += n;
                continue 'outer;
            }
        }
        let mut t = tokens[i].clone();
        // A legal word counts as one only after the first word (`Group Four Ltd`),
        // except the forms that are written first (`OOO Alis`, `JSC Gazprom`).
        if (!out.is_empty() || LEGAL_PREFIXES.contains(&t.text.as_str()))
            && LEGAL_WORDS.contains(&t.text.as_str())
        {
            t.role = TokenRole::Legal;
            if let Some((_, same)) = LEGAL_SYNONYMS.iter().find(|(w, _)| *w == t.text) {
                t.set_text((*same).to_string());
            }
        }
        out.push(t);
        i += 1;
    }
    if out.iter().all(|t| t.role == TokenRole::Legal) {
        return;
    }
    *tokens = out;
}

/// Korean and Japanese readings of one Han character, as lower-case ASCII.
fn han_readings(ch: char) -> Vec<String> {
    let Some((korean, japanese)) = han_table().get(&ch) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for r in korean.split(' ').filter(|r| !r.is_empty()) {
        let r = ascii_fold(r);
        if !out.contains(&r) {
            out.push(r);
        }
    }
    for r in japanese.split(' ').filter(|r| !r.is_empty()) {
        // Unihan writes long vowels doubled (rou, chuu); names in Latin lists mostly drop
        // the length (Taro, Chuji), so both are kept.
        for form in [r.to_string(), shorten_long_vowels(r)] {
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

fn shorten_long_vowels(s: &str) -> String {
    s.replace("ou", "o").replace("uu", "u").replace("oo", "o")
}

type HanTable = HashMap<char, (&'static str, &'static str)>;

fn han_table() -> &'static HanTable {
    static TABLE: OnceLock<HanTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../data/unihan-readings.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|line| {
                let mut parts = line.split('\t');
                let ch = parts.next()?.chars().next()?;
                Some((ch, (parts.next().unwrap_or(""), parts.next().unwrap_or(""))))
            })
            .collect()
    })
}

/// A romanised Korean syllable or surname reduced to a key shared by its usual
/// spellings: Revised Romanisation (`jeong`, `eun`), McCune–Reischauer (`chong`, `un`)
/// and the spellings people choose (`Lee`, `Park`, `Choi`). `None` for tokens that are
/// too long to be one syllable.
pub fn korean_key(token: &str) -> Option<String> {
    if token.len() > 6 || token.is_empty() {
        return None;
    }
    if let Some((_, key)) = KOREAN_SURNAMES
        .iter()
        .find(|(spellings, _)| spellings.contains(&token))
    {
        return Some((*key).to_string());
    }
    let mut s = token
        .replace("eo", "o")
        .replace("eu", "u")
        .replace("oo", "u")
        .replace("ee", "i")
        .replace("wo", "o")
        .replace("ae", "ae");
    // Initial consonants differ between the systems (g/k, d/t, b/p, j/ch, r/l).
    for (from, to) in [
        ("ch", "j"),
        ("k", "g"),
        ("t", "d"),
        ("p", "b"),
        ("l", "r"),
        ("sh", "s"),
    ] {
        if let Some(rest) = s.strip_prefix(from) {
            s = format!("{to}{rest}");
            break;
        }
    }
    // Final consonants: -l/-r, -k/-g, -t/-d, -p/-b.
    for (from, to) in [("r", "l"), ("g", "k"), ("d", "t"), ("b", "p")] {
        if s.len() > 2
            && s.ends_with(from)
            && !s.ends_with("ng")
            && let Some(stem) = s.strip_suffix(from)
        {
            s = format!("{stem}{to}");
            break;
        }
    }
    Some(s)
}

/// Surnames whose spellings vary beyond what the syllable rules catch.
const KOREAN_SURNAMES: &[(&[&str], &str)] = &[
    (&["kim", "gim"], "gim"),
    (
        &[
            "lee", "rhee", "yi", "i", "ri", "li", "rhie", "ree", "rhi", "yee",
        ],
        "ri",
    ),
    (&["park", "pak", "bak", "bahk", "pack", "pahk"], "bak"),
    (&["choi", "choe", "chwe", "choy"], "joe"),
    (
        &["jong", "jeong", "chong", "cheong", "jung", "chung"],
        "jong",
    ),
    (&["rim", "lim", "im", "yim"], "rim"),
    (&["ryu", "yu", "yoo", "ryoo", "yoo"], "ryu"),
    (&["ro", "roh", "no", "noh"], "ro"),
    (&["ryom", "yeom", "yom"], "ryom"),
    (&["o", "oh"], "o"),
    (&["an", "ahn"], "an"),
    (&["sin", "shin"], "sin"),
    (&["kang", "gang"], "gang"),
    (&["ko", "go", "koh"], "go"),
    (&["kwon", "gwon"], "gwon"),
    (&["jon", "jeon", "chon", "cheon"], "jon"),
    (&["han"], "han"),
    (&["hyon", "hyeon", "hyun"], "hyon"),
];

/// A coarse sound key for blocking and for a floor on similar-sounding tokens:
/// `Scholz`/`Schulze`, `Mohammed`/`Muhamad`. The first letter stays; vowels go; letters
/// that sound alike collapse.
pub fn sound_key(token: &str) -> String {
    let s = token
        .replace("ph", "f")
        .replace("ck", "k")
        .replace("sch", "s")
        .replace("sh", "s")
        .replace("ch", "c")
        .replace("kh", "k")
        .replace("gh", "g")
        .replace("th", "t")
        .replace("dh", "d")
        .replace("tz", "s")
        .replace("ts", "s")
        .replace('x', "ks");
    let mut out = String::with_capacity(s.len());
    let mut last = '\0';
    for (i, c) in s.chars().enumerate() {
        let mapped = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h' | 'w' => {
                if i == 0 {
                    'a'
                } else {
                    last = '\0';
                    continue;
                }
            }
            'q' | 'c' | 'g' | 'k' => 'k',
            'z' | 's' => 's',
            'v' | 'f' | 'b' | 'p' => 'p',
            'd' | 't' => 't',
            'j' => 'j',
            'm' | 'n' => 'n',
            other => other,
        };
        if mapped != last {
            out.push(mapped);
        }
        last = mapped;
    }
    out
}

/// The consonant skeleton used to compare transliterations of scripts that leave vowels
/// out: `Mohamed` → `mhmd` meets `محمد` → `mhmd`.
pub fn skeleton(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    let mut last = '\0';
    for c in token.chars() {
        if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w') {
            continue;
        }
        let c = match c {
            'v' | 'p' => 'b',
            'q' => 'k',
            other => other,
        };
        if c != last {
            out.push(c);
        }
        last = c;
    }
    out
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

    #[test]
    fn korean_spellings_share_a_key() {
        for group in [
            &["jong", "jeong", "chong"][..],
            &["un", "eun"],
            &["lee", "ri", "rhee", "yi"],
            &["park", "pak", "bak"],
            &["chol", "cheol"],
            &["song", "seong"],
        ] {
            let keys: Vec<_> = group.iter().map(|t| korean_key(t)).collect();
            assert!(
                keys.windows(2).all(|w| w[0] == w[1]),
                "{group:?} → {keys:?}"
            );
        }
        assert_ne!(korean_key("min"), korean_key("mun"));
        assert_eq!(korean_key("silverstar"), None);
    }

    #[test]
    fn sound_keys_and_skeletons() {
        assert_eq!(sound_key("scholz"), sound_key("schulze"));
        assert_eq!(skeleton("mohamed"), "mhmd");
        assert_eq!(skeleton("abdullah"), "bdlh");
    }
}
