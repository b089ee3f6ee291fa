//! Korean and Japanese readings of Han characters, from the Unihan table shipped with
//! the crate, so `金正恩` can meet `Kim Jong Un` and `山田太郎` can meet `Yamada Taro`.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::tokenise::ascii_fold;

/// Korean and Japanese readings of one Han character, as lower-case ASCII.
pub(super) fn han_readings(ch: char) -> Vec<String> {
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
