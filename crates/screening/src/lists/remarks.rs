//! Reading the facts OFAC writes into an entry's remarks.
//!
//! The legacy CSV has no columns for dates of birth, nationalities or identifiers; they
//! are written into the remarks as `;`-separated phrases: `DOB 25 Apr 1965; nationality
//! Korea, North; Digital Currency Address - XBT 1D6g…; Email Address x@y.com; a.k.a.
//! 'BNC'.` Each phrase may start with `alt.` for a second value of the same kind.

use crate::entry::{IdentifierKind, ListEntry, NameType};

/// Splits `remarks` into phrases and records every fact it recognises on `entry`. The
/// remarks themselves are kept as published.
pub fn apply(entry: &mut ListEntry, remarks: &str) {
    for phrase in split_phrases(remarks) {
        let phrase = phrase.trim().trim_end_matches('.').trim();
        let phrase = phrase.strip_prefix("alt. ").unwrap_or(phrase).trim();
        if phrase.is_empty() {
            continue;
        }
        if let Some(rest) = phrase.strip_prefix("DOB ") {
            ListEntry::push_unique(&mut entry.dates_of_birth, rest);
        } else if let Some(rest) = strip_any(phrase, &["nationality ", "citizen "]) {
            ListEntry::push_unique(&mut entry.nationalities, rest);
        } else if let Some(rest) = strip_any(phrase, &["Email Address ", "Email "]) {
            entry.add_identifier(IdentifierKind::Email, "Email Address", rest);
        } else if let Some(rest) = phrase.strip_prefix("Website ") {
            entry.add_identifier(IdentifierKind::Website, "Website", rest);
        } else if let Some(rest) = strip_any(phrase, &["Phone Number ", "Telephone ", "Phone "]) {
            entry.add_identifier(IdentifierKind::Phone, "Phone Number", rest);
        } else if let Some(rest) = phrase.strip_prefix("Digital Currency Address - ") {
            // `XBT 1D6g…`: currency code, then the address.
            let (currency, address) = rest.split_once(' ').unwrap_or(("", rest));
            entry.add_identifier(
                IdentifierKind::Wallet,
                &format!("Digital Currency Address - {currency}"),
                address,
            );
        } else if let Some(rest) = phrase.strip_prefix("a.k.a. ") {
            // Weak aliases are quoted: a.k.a. 'BNC'.
            let name = rest.trim().trim_matches(['\'', '"', '‘', '’']);
            entry.add_name(name, NameType::Weak);
        } else if let Some((label, number)) = document(phrase) {
            entry.add_identifier(IdentifierKind::Document, label, number);
        }
    }
}

/// Splits on `;` outside parentheses and quotes (`Passport 12 (Korea; North)` stays
/// whole).
fn split_phrases(remarks: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in remarks.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            ';' if depth == 0 => {
                out.push(&remarks[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&remarks[start..]);
    out
}

fn strip_any<'a>(s: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| s.strip_prefix(p))
}

/// Identity and registration documents: the label up to the first token with a digit,
/// the number up to the country in parentheses.
fn document(phrase: &str) -> Option<(&str, &str)> {
    const LABELS: &[&str] = &[
        "Passport",
        "National ID No.",
        "Identification Number",
        "Registration Number",
        "Registration ID",
        "Tax ID No.",
        "Unified Social Credit Code (USCC)",
        "Business Registration Number",
        "Company Number",
        "Cedula No.",
        "Vessel Registration Identification",
    ];
    let label = LABELS.iter().find(|l| phrase.starts_with(**l))?;
    let rest = phrase[label.len()..].trim();
    let number = rest.split(" (").next().unwrap_or(rest).trim();
    let number = number.split(" issued").next().unwrap_or(number).trim();
    (!number.is_empty()).then_some((*label, number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::EntryKind;

    #[test]
    fn reads_the_facts_of_a_dprk_entry() {
        let mut e = ListEntry::new("43377", EntryKind::Individual, "KIM, Sang Man");
        apply(
            &mut e,
            "DOB 25 Apr 1965; POB North Pyongan Province, North Korea; nationality Korea, North; \
             Gender Male; Digital Currency Address - XBT 1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ; \
             alt. Digital Currency Address - ETH 0x97b1043abd9e6fc31681635166d430a458d14f9c; \
             Passport 109420132 (Korea, North) issued 16 Oct 2019 expires 16 Oct 2024; \
             Email Address info@example.com; Website www.example.com; a.k.a. 'BNC'.",
        );
        assert_eq!(e.dates_of_birth, ["25 Apr 1965"]);
        assert_eq!(e.nationalities, ["Korea, North"]);
        let ids: Vec<_> = e
            .identifiers
            .iter()
            .map(|i| (i.kind, i.value.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                (IdentifierKind::Wallet, "1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ"),
                (
                    IdentifierKind::Wallet,
                    "0x97b1043abd9e6fc31681635166d430a458d14f9c"
                ),
                (IdentifierKind::Document, "109420132"),
                (IdentifierKind::Email, "info@example.com"),
                (IdentifierKind::Website, "www.example.com"),
            ]
        );
        assert_eq!(e.identifiers[1].label, "Digital Currency Address - ETH");
        assert_eq!(e.names[1].name, "BNC");
        assert_eq!(e.names[1].name_type, NameType::Weak);
    }
}
