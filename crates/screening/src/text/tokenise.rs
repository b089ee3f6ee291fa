//! Splitting a name as written into transliterated tokens: `SURNAME, Given` put back in
//! reading order, words split where the script changes, Hangul and Han split per
//! syllable.

use super::NameKind;
use super::han::han_readings;
use super::legal::looks_like_legal_form;
use super::script::{Script, script_of};
use super::token::Token;

/// `KIM, Sang Man` → `Sang Man KIM`: lists write persons surname first with a comma.
/// Only one comma is read that way; `Smith, John, Jr` and company names with commas
/// (`CO., LTD.`) are left in order, which the order-free scorer tolerates anyway.
pub(super) fn reorder_surname_first(name: &str, kind: NameKind) -> String {
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

/// Splits into words and transliterates each.
pub(super) fn tokenise(name: &str) -> Vec<Token> {
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
