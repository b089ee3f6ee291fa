//! The UK Sanctions List CSV (FCDO).
//!
//! Line 1 is `Report Date: 18-Sep-2026`, line 2 the header, then one row per name; rows
//! sharing a `Unique ID` are one designation. Columns are looked up by header name, since
//! the FCDO has renamed some (`Designation Type` was once `Individual, Entity, Ship`).
//! Dates are day/month/year, with `00` or `dd`/`mm` for unknown parts.

use std::collections::HashMap;

use super::{
    InputFile, LineCounter, ListError, ListSource, ParsedList, iso_date, one_file_list, text_of,
};
use crate::screening::entry::{EntryKind, IdentifierKind, ListEntry, NameType};

/// `12/05/1971` → `1971-05-12`; `00/00/1975` or `dd/mm/1975` → `1975`.
fn uk_date(s: &str) -> String {
    let s = s.trim();
    let parts: Vec<&str> = s.split('/').collect();
    if let [d, m, y] = parts.as_slice() {
        let (d, m, y) = (
            d.parse::<u32>().ok(),
            m.parse::<u32>().ok(),
            y.parse::<u32>().ok(),
        );
        return match (d, m, y) {
            (Some(d), Some(m), Some(y)) if d > 0 && m > 0 => format!("{y:04}-{m:02}-{d:02}"),
            (_, _, Some(y)) => y.to_string(),
            _ => s.to_string(),
        };
    }
    s.to_string()
}

/// Reads the CSV.
pub fn parse_uk_csv(file: &InputFile) -> Result<ParsedList, ListError> {
    let text = text_of(file)?;
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let report_date = first
        .trim()
        .trim_end_matches(',')
        .strip_prefix("Report Date:")
        .and_then(|d| iso_date(d.trim()));
    // The first line is the report date; the header is the second.
    let header_line = if report_date.is_some() || first.starts_with("Report Date") {
        2
    } else {
        1
    };
    let body = if header_line == 2 { rest } else { text };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(body.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            ListError::format(
                &file.name,
                Some(header_line),
                format!("unreadable header ({e})"),
            )
        })?
        .clone();
    let col: HashMap<&str, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim(), i))
        .collect();
    let need = |names: &[&str]| -> Result<usize, ListError> {
        names
            .iter()
            .find_map(|n| col.get(n).copied())
            .ok_or_else(|| {
                ListError::format(
                    &file.name,
                    Some(header_line),
                    format!(
                        "the header has no {:?} column; is this the UK Sanctions List CSV?",
                        names[0]
                    ),
                )
            })
    };
    let c_id = need(&["Unique ID"])?;
    let c_name6 = need(&["Name 6"])?;
    let c_names: Vec<usize> = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5"]
        .iter()
        .filter_map(|n| col.get(n).copied())
        .collect();
    let c_type = need(&["Designation Type", "Individual, Entity, Ship"])?;
    let opt = |n: &str| col.get(n).copied();
    let (c_name_type, c_strength) = (opt("Name type"), opt("Alias strength"));
    let c_non_latin = opt("Name non-latin script");
    let c_regime = opt("Regime Name");
    let c_dob = opt("D.O.B");
    let c_nat = opt("Nationality(/ies)");
    let c_addr: Vec<usize> = [
        "Address Line 1",
        "Address Line 2",
        "Address Line 3",
        "Address Line 4",
        "Address Line 5",
        "Address Line 6",
        "Address Postal Code",
        "Address Country",
    ]
    .iter()
    .filter_map(|n| col.get(n).copied())
    .collect();
    let ids = [
        ("Email address", IdentifierKind::Email),
        ("Website", IdentifierKind::Website),
        ("Phone number", IdentifierKind::Phone),
        ("Passport number", IdentifierKind::Document),
        ("National Identifier number", IdentifierKind::Document),
        ("Business registration number (s)", IdentifierKind::Document),
        ("IMO number", IdentifierKind::Document),
    ];
    let c_other = opt("Other Information");

    let mut entries: Vec<ListEntry> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut lines = LineCounter::new(body);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e
                .position()
                .map(|p| LineCounter::new(body).line_at(p.byte()) + header_line - 1);
            ListError::format(&file.name, line, format!("not valid CSV ({e})"))
        })?;
        let line = record
            .position()
            .map(|p| lines.line_at(p.byte()) + header_line - 1)
            .unwrap_or(0);
        let get = |i: usize| record.get(i).unwrap_or("").trim();
        let id = get(c_id);
        if id.is_empty() {
            return Err(ListError::format(
                &file.name,
                Some(line),
                "the row has no Unique ID",
            ));
        }
        let kind = match get(c_type).to_ascii_lowercase().as_str() {
            "individual" => EntryKind::Individual,
            "entity" => EntryKind::Entity,
            "ship" => EntryKind::Vessel,
            other => {
                return Err(ListError::format(
                    &file.name,
                    Some(line),
                    format!(
                        "unknown designation type {other:?} (expected Individual, Entity or Ship)"
                    ),
                ));
            }
        };
        let given: Vec<&str> = c_names
            .iter()
            .map(|&i| get(i))
            .filter(|p| !p.is_empty())
            .collect();
        let given = given.join(" ");
        let surname = get(c_name6)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let name = match (kind, given.is_empty()) {
            (EntryKind::Individual, false) if !surname.is_empty() => format!("{surname}, {given}"),
            (_, false) => format!("{given} {surname}").trim().to_string(),
            (_, true) => surname,
        };
        let name_type_text = c_name_type.map(get).unwrap_or("").to_ascii_lowercase();
        let strength = c_strength.map(get).unwrap_or("").to_ascii_lowercase();
        let name_type = if name_type_text.starts_with("primary name")
            && !name_type_text.contains("variation")
        {
            NameType::Primary
        } else if strength.starts_with("low") {
            NameType::Weak
        } else {
            NameType::Aka
        };
        let i = match index.get(id) {
            Some(&i) => i,
            None => {
                if name.is_empty() {
                    return Err(ListError::format(
                        &file.name,
                        Some(line),
                        format!("designation {id} has no name"),
                    ));
                }
                index.insert(id.to_string(), entries.len());
                entries.push(ListEntry::new(id, kind, name.clone()));
                entries.len() - 1
            }
        };
        let e = &mut entries[i];
        if name_type == NameType::Primary && e.names[0].name != name && !name.is_empty() {
            // A second primary row: keep it as an alias.
            e.add_name(&name, NameType::Aka);
        } else {
            e.add_name(&name, name_type);
        }
        if let Some(c) = c_non_latin {
            e.add_name(get(c), NameType::OriginalScript);
        }
        if let Some(c) = c_regime {
            ListEntry::push_unique(&mut e.programs, get(c));
        }
        if let Some(c) = c_dob
            && !get(c).is_empty()
        {
            ListEntry::push_unique(&mut e.dates_of_birth, &uk_date(get(c)));
        }
        if let Some(c) = c_nat {
            for n in get(c).split(['|', ';']) {
                ListEntry::push_unique(&mut e.nationalities, n);
            }
        }
        let address: Vec<&str> = c_addr
            .iter()
            .map(|&c| get(c))
            .filter(|p| !p.is_empty())
            .collect();
        ListEntry::push_unique(&mut e.addresses, &address.join(", "));
        for (header, kind) in ids {
            if let Some(&c) = col.get(header) {
                for v in get(c).split(['\n', ';']).filter(|v| !v.trim().is_empty()) {
                    e.add_identifier(kind, header, v);
                }
            }
        }
        if let Some(c) = c_other
            && e.remarks.is_empty()
        {
            e.remarks = get(c).to_string();
        }
    }
    one_file_list(
        ListSource::UkSanctionsList,
        file,
        report_date,
        entries,
        "designations",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fixture() {
        let file = super::super::fixture("uk-sanctions-list.csv", "UK-Sanctions-List.csv");
        let list = parse_uk_csv(&file).unwrap();
        assert_eq!(list.publish_date.as_deref(), Some("2026-09-18"));
        let p = list.entries.iter().find(|e| e.id == "TST0001").unwrap();
        assert_eq!(p.kind, EntryKind::Individual);
        assert_eq!(p.primary_name(), "PETROVSKY, Ivan Sergeyevich");
        assert!(
            p.names
                .iter()
                .any(|n| n.name_type == NameType::OriginalScript)
        );
        assert_eq!(p.dates_of_birth, ["1971-05-12"]);
        let ship = list.entries.iter().find(|e| e.id == "RUS2176").unwrap();
        assert_eq!(ship.kind, EntryKind::Vessel);
        assert!(list.entries.iter().any(|e| {
            e.identifiers
                .iter()
                .any(|i| i.kind == IdentifierKind::Website)
        }));
    }

    #[test]
    fn dates_are_day_first() {
        assert_eq!(uk_date("12/05/1971"), "1971-05-12");
        assert_eq!(uk_date("00/00/1975"), "1975");
        assert_eq!(uk_date("dd/mm/1945"), "1945");
    }
}
