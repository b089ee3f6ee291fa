//! Legal forms of companies (`Ltd`, `LLC`, `OOO`): recognised in single words and
//! multi-word phrases, folded to one spelling across languages, and marked so they
//! count little in a score.

use super::token::{Token, TokenRole};

pub(super) fn looks_like_legal_form(s: &str) -> bool {
    let folded = any_ascii::any_ascii(s).to_lowercase();
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty() && words.iter().all(|w| LEGAL_WORDS.contains(w))
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
pub(super) fn mark_legal_forms(tokens: &mut Vec<Token>) {
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
