//! The small words around a name proper: honorifics, which are set aside, and name
//! particles, which stay but count little.

use super::token::Token;

/// Titles and honorifics that lists and queries add or leave out freely, so they are
/// set aside rather than compared.
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
pub(super) const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "ben", "bint", "abu", "abou", "van", "von", "der", "den", "de", "da",
    "dos", "das", "di", "del", "della",
];

pub(super) fn drop_honorifics(tokens: &mut Vec<Token>, dropped: &mut Vec<String>) {
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
