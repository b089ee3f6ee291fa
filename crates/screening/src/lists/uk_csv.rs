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
use crate::entry::{EntryKind, IdentifierKind, ListEntry, NameType};

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
    let (report_date, header_line, body) = split_report_date(text);
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
    let columns = Columns::find(&headers, file, header_line)?;
    let mut designations = Designations::default();
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
        let row = Row {
            record: &record,
            columns: &columns,
        };
        designations.add_row(file, line, &row)?;
    }
    one_file_list(
        ListSource::UkSanctionsList,
        file,
        report_date,
        designations.entries,
        "designations",
    )
}

/// Reads the `Report Date:` line, if the file starts with one, and returns the date, the
/// line the header is on, and the text from the header on.
fn split_report_date(text: &str) -> (Option<String>, u64, &str) {
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
    (report_date, header_line, body)
}

/// Identifier columns and the kind of identifier each holds.
const IDENTIFIER_COLUMNS: [(&str, IdentifierKind); 7] = [
    ("Email address", IdentifierKind::Email),
    ("Website", IdentifierKind::Website),
    ("Phone number", IdentifierKind::Phone),
    ("Passport number", IdentifierKind::Document),
    ("National Identifier number", IdentifierKind::Document),
    ("Business registration number (s)", IdentifierKind::Document),
    ("IMO number", IdentifierKind::Document),
];

/// Where each column the parser reads is, found by header name. Only the ID, surname
/// (`Name 6`) and designation type columns are required.
struct Columns {
    id: usize,
    name6: usize,
    /// `Name 1` … `Name 5`, the given names, in order.
    names: Vec<usize>,
    kind: usize,
    name_type: Option<usize>,
    strength: Option<usize>,
    non_latin: Option<usize>,
    regime: Option<usize>,
    dob: Option<usize>,
    nationality: Option<usize>,
    /// The address lines, postal code and country, in order.
    address: Vec<usize>,
    /// The identifier columns present, with their header and kind.
    identifiers: Vec<(&'static str, IdentifierKind, usize)>,
    other: Option<usize>,
}

impl Columns {
    fn find(
        headers: &csv::StringRecord,
        file: &InputFile,
        header_line: u64,
    ) -> Result<Columns, ListError> {
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
        let opt = |n: &str| col.get(n).copied();
        let all = |names: &[&str]| -> Vec<usize> { names.iter().filter_map(|n| opt(n)).collect() };
        Ok(Columns {
            id: need(&["Unique ID"])?,
            name6: need(&["Name 6"])?,
            names: all(&["Name 1", "Name 2", "Name 3", "Name 4", "Name 5"]),
            kind: need(&["Designation Type", "Individual, Entity, Ship"])?,
            name_type: opt("Name type"),
            strength: opt("Alias strength"),
            non_latin: opt("Name non-latin script"),
            regime: opt("Regime Name"),
            dob: opt("D.O.B"),
            nationality: opt("Nationality(/ies)"),
            address: all(&[
                "Address Line 1",
                "Address Line 2",
                "Address Line 3",
                "Address Line 4",
                "Address Line 5",
                "Address Line 6",
                "Address Postal Code",
                "Address Country",
            ]),
            identifiers: IDENTIFIER_COLUMNS
                .iter()
                .filter_map(|&(header, kind)| Some((header, kind, opt(header)?)))
                .collect(),
            other: opt("Other Information"),
        })
    }
}

/// One row, read through the columns: fields trimmed, missing ones empty.
struct Row<'a> {
    record: &'a csv::StringRecord,
    columns: &'a Columns,
}

impl Row<'_> {
    fn get(&self, i: usize) -> &str {
        self.record.get(i).unwrap_or("").trim()
    }

    fn get_opt(&self, i: Option<usize>) -> &str {
        i.map(|i| self.get(i)).unwrap_or("")
    }

    fn kind(&self, file: &InputFile, line: u64) -> Result<EntryKind, ListError> {
        match self.get(self.columns.kind).to_ascii_lowercase().as_str() {
            "individual" => Ok(EntryKind::Individual),
            "entity" => Ok(EntryKind::Entity),
            "ship" => Ok(EntryKind::Vessel),
            other => Err(ListError::format(
                &file.name,
                Some(line),
                format!("unknown designation type {other:?} (expected Individual, Entity or Ship)"),
            )),
        }
    }

    /// The row's name: `SURNAME, Given` for individuals (the order name preparation
    /// reads back), the given names then `Name 6` for the rest.
    fn name(&self, kind: EntryKind) -> String {
        let given: Vec<&str> = self
            .columns
            .names
            .iter()
            .map(|&i| self.get(i))
            .filter(|p| !p.is_empty())
            .collect();
        let given = given.join(" ");
        let surname = self
            .get(self.columns.name6)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match (kind, given.is_empty()) {
            (EntryKind::Individual, false) if !surname.is_empty() => format!("{surname}, {given}"),
            (_, false) => format!("{given} {surname}").trim().to_string(),
            (_, true) => surname,
        }
    }

    fn name_type(&self) -> NameType {
        let name_type_text = self.get_opt(self.columns.name_type).to_ascii_lowercase();
        let strength = self.get_opt(self.columns.strength).to_ascii_lowercase();
        if name_type_text.starts_with("primary name") && !name_type_text.contains("variation") {
            NameType::Primary
        } else if strength.starts_with("low") {
            NameType::Weak
        } else {
            NameType::Aka
        }
    }
}

/// The designations read so far, found by `Unique ID`: a designation spans one row per
/// name.
#[derive(Default)]
struct Designations {
    entries: Vec<ListEntry>,
    index: HashMap<String, usize>,
}

impl Designations {
    /// Adds a row to its designation, starting the designation at its first row.
    fn add_row(&mut self, file: &InputFile, line: u64, row: &Row) -> Result<(), ListError> {
        let id = row.get(row.columns.id);
        if id.is_empty() {
            return Err(ListError::format(
                &file.name,
                Some(line),
                "the row has no Unique ID",
            ));
        }
        let kind = row.kind(file, line)?;
        let name = row.name(kind);
        let name_type = row.name_type();
        let i = match self.index.get(id) {
            Some(&i) => i,
            None => {
                if name.is_empty() {
                    return Err(ListError::format(
                        &file.name,
                        Some(line),
                        format!("designation {id} has no name"),
                    ));
                }
                self.index.insert(id.to_string(), self.entries.len());
                self.entries.push(ListEntry::new(id, kind, name.clone()));
                self.entries.len() - 1
            }
        };
        let e = &mut self.entries[i];
        if name_type == NameType::Primary && e.names[0].name != name && !name.is_empty() {
            // A second primary row: keep it as an alias.
            e.add_name(&name, NameType::Aka);
        } else {
            e.add_name(&name, name_type);
        }
        add_details(e, row);
        Ok(())
    }
}

/// Everything but the name that a row adds to its designation.
fn add_details(e: &mut ListEntry, row: &Row) {
    let columns = row.columns;
    if let Some(c) = columns.non_latin {
        e.add_name(row.get(c), NameType::OriginalScript);
    }
    if let Some(c) = columns.regime {
        ListEntry::push_unique(&mut e.programs, row.get(c));
    }
    if let Some(c) = columns.dob
        && !row.get(c).is_empty()
    {
        ListEntry::push_unique(&mut e.dates_of_birth, &uk_date(row.get(c)));
    }
    if let Some(c) = columns.nationality {
        for n in row.get(c).split(['|', ';']) {
            ListEntry::push_unique(&mut e.nationalities, n);
        }
    }
    let address: Vec<&str> = columns
        .address
        .iter()
        .map(|&c| row.get(c))
        .filter(|p| !p.is_empty())
        .collect();
    ListEntry::push_unique(&mut e.addresses, &address.join(", "));
    for &(header, kind, c) in &columns.identifiers {
        for v in row
            .get(c)
            .split(['\n', ';'])
            .filter(|v| !v.trim().is_empty())
        {
            e.add_identifier(kind, header, v);
        }
    }
    if let Some(c) = columns.other
        && e.remarks.is_empty()
    {
        e.remarks = row.get(c).to_string();
    }
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
