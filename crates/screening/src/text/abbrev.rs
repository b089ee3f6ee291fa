//! Abbreviated words in company names (`Tech`, `Intl`, `Mfg`), written out before
//! comparison. Both sides are expanded, so `Tech` meets `Technology` and `Tech` still
//! meets `Tech`. The table and its sources are in `data/company-abbreviations.tsv`.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::token::Token;

const TABLE: &str = include_str!("../../data/company-abbreviations.tsv");

fn table() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some((cols.next()?, cols.next()?))
            })
            .collect()
    })
}

/// Writes out abbreviated words. Only lower-case ASCII tokens can be abbreviations.
pub(super) fn expand_abbreviations(tokens: &mut [Token]) {
    let table = table();
    for t in tokens.iter_mut() {
        if let Some(word) = table.get(t.text.as_str()) {
            t.set_text(word.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_and_every_line_names_a_source() {
        let rows: Vec<&str> = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .collect();
        assert_eq!(rows.len(), table().len(), "no abbreviation twice");
        for row in rows {
            let cols: Vec<&str> = row.split('\t').collect();
            assert_eq!(cols.len(), 3, "{row:?}");
            assert!(cols.iter().all(|c| !c.trim().is_empty()), "{row:?}");
            assert!(cols[0].chars().all(|c| c.is_ascii_lowercase()), "{row:?}");
        }
    }
}
