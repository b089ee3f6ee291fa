//! OFAC's legacy CSV set: `sdn.csv` (or `cons_prim.csv`) with `alt.csv`, `add.csv` and
//! `sdn_comments.csv`, joined on the entry number.
//!
//! No header row; `-0-` (often followed by a space) means empty; files end with a
//! DOS end-of-file byte (0x1A) on its own line. Columns are documented in
//! `docs/screening.md`.

use std::collections::HashMap;

use super::{InputFile, LineCounter, ListError, ListSource, ParsedList, remarks, text_of};
use crate::entry::{EntryKind, ListEntry, NameType};

/// Which file of the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Primary names and remarks.
    Primary,
    /// Aliases.
    Alt,
    /// Addresses.
    Add,
    /// Continuations of long remarks.
    Comments,
}

/// The files of one CSV set; only the primary file is required.
#[derive(Debug, Default, Clone)]
pub struct OfacCsvSet {
    /// `sdn.csv` or `cons_prim.csv`.
    pub primary: Option<InputFile>,
    /// `alt.csv`.
    pub alt: Option<InputFile>,
    /// `add.csv`.
    pub add: Option<InputFile>,
    /// `sdn_comments.csv`.
    pub comments: Option<InputFile>,
}

impl OfacCsvSet {
    pub(crate) fn put(&mut self, part: Part, file: InputFile) -> Result<(), ListError> {
        let slot = match part {
            Part::Primary => &mut self.primary,
            Part::Alt => &mut self.alt,
            Part::Add => &mut self.add,
            Part::Comments => &mut self.comments,
        };
        if let Some(existing) = slot {
            return Err(ListError::Incomplete(format!(
                "{} and {} are the same part of the OFAC CSV set; give one of them.",
                existing.name, file.name
            )));
        }
        *slot = Some(file);
        Ok(())
    }
}

/// Reads one CSV file into rows of trimmed fields, `-0-` as empty. Checks every row has
/// `columns` fields.
fn rows(file: &InputFile, columns: usize) -> Result<Vec<(u64, Vec<String>)>, ListError> {
    let text = text_of(file)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e
                .position()
                .map(|p| LineCounter::new(text).line_at(p.byte()));
            ListError::format(&file.name, line, format!("not valid CSV ({e})"))
        })?;
        let line = record
            .position()
            .map(|p| lines.line_at(p.byte()))
            .unwrap_or(0);
        let last = record.len().saturating_sub(1);
        let fields: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if f.trim() == "-0-" {
                    String::new()
                } else if i == last {
                    // Remarks: long ones are cut mid-word and continue in the comments
                    // file, so their edges are kept as they are.
                    f.to_string()
                } else {
                    f.trim().to_string()
                }
            })
            .collect();
        // The DOS end-of-file marker, or a blank line.
        if fields.len() == 1 && fields[0].trim_matches('\u{1a}').is_empty() {
            continue;
        }
        if fields.len() != columns {
            return Err(ListError::format(
                &file.name,
                Some(line),
                format!(
                    "expected {columns} columns, found {}. Is this the right file of the OFAC CSV set, \
                     and complete?",
                    fields.len()
                ),
            ));
        }
        if fields[0].parse::<u64>().is_err() {
            return Err(ListError::format(
                &file.name,
                Some(line),
                format!(
                    "the first column should be an entry number, found {:?}",
                    fields[0]
                ),
            ));
        }
        out.push((line, fields));
    }
    Ok(out)
}

/// Joins a CSV set into entries.
pub fn parse_ofac_csv(source: ListSource, set: OfacCsvSet) -> Result<ParsedList, ListError> {
    let Some(primary) = &set.primary else {
        return Err(missing_primary(&set));
    };
    let mut joined = Joined::read_primary(primary)?;
    if let Some(comments) = &set.comments {
        joined.add_comments(comments)?;
    }
    joined.apply_remarks();
    if let Some(alt) = &set.alt {
        joined.add_aliases(alt)?;
    }
    if let Some(add) = &set.add {
        joined.add_addresses(add)?;
    }
    let mut warnings = Vec::new();
    if joined.orphans > 0 {
        warnings.push(format!(
            "{} alias, address or comment rows name entries that are not in {}; they were \
             left out. The files may come from different publication dates.",
            joined.orphans, primary.name
        ));
    }
    let mut files = vec![(primary.name.clone(), primary.sha256())];
    for f in [&set.alt, &set.add, &set.comments].into_iter().flatten() {
        files.push((f.name.clone(), f.sha256()));
    }
    Ok(ParsedList {
        source: source.name(),
        publish_date: primary.modified.clone(),
        publish_date_from_file: false,
        files,
        entries: joined.entries,
        warnings,
    })
}

/// The error for a set given without its main file, naming the files that were given.
fn missing_primary(set: &OfacCsvSet) -> ListError {
    let given: Vec<&str> = [&set.alt, &set.add, &set.comments]
        .into_iter()
        .flatten()
        .map(|f| f.name.as_str())
        .collect();
    ListError::Incomplete(format!(
        "{} belong to the OFAC CSV set, which needs its main file too (sdn.csv or cons_prim.csv).",
        given.join(", ")
    ))
}

/// The entries of the primary file, found by entry number, as the other files' rows are
/// joined onto them.
struct Joined {
    entries: Vec<ListEntry>,
    /// Entry number → position in `entries`.
    index: HashMap<String, usize>,
    /// Each entry's remarks, gathered whole before they are read: long remarks continue
    /// in the comments file.
    remarks: Vec<String>,
    /// Rows of the other files whose entry number is not in the primary file.
    orphans: usize,
}

impl Joined {
    /// Reads the primary file: one entry per row, with its type, name and programmes.
    fn read_primary(primary: &InputFile) -> Result<Joined, ListError> {
        let mut joined = Joined {
            entries: Vec::new(),
            index: HashMap::new(),
            remarks: Vec::new(),
            orphans: 0,
        };
        for (line, f) in rows(primary, 12)? {
            let kind = match f[2].to_ascii_lowercase().as_str() {
                "individual" => EntryKind::Individual,
                "vessel" => EntryKind::Vessel,
                "aircraft" => EntryKind::Aircraft,
                "" => EntryKind::Entity,
                other => {
                    return Err(ListError::format(
                        &primary.name,
                        Some(line),
                        format!("unknown entry type {other:?}"),
                    ));
                }
            };
            if f[1].is_empty() {
                return Err(ListError::format(
                    &primary.name,
                    Some(line),
                    "the entry has no name",
                ));
            }
            if joined.index.contains_key(&f[0]) {
                return Err(ListError::format(
                    &primary.name,
                    Some(line),
                    format!("entry number {} appears twice", f[0]),
                ));
            }
            let mut e = ListEntry::new(f[0].clone(), kind, f[1].clone());
            for program in f[3].split("] [") {
                ListEntry::push_unique(&mut e.programs, program.trim_matches(['[', ']', ' ']));
            }
            joined.index.insert(f[0].clone(), joined.entries.len());
            joined.entries.push(e);
            joined.remarks.push(f[11].clone());
        }
        Ok(joined)
    }

    /// Where the entry numbered `number` is, counting the row as an orphan if nowhere.
    fn position(&mut self, number: &str) -> Option<usize> {
        let found = self.index.get(number).copied();
        if found.is_none() {
            self.orphans += 1;
        }
        found
    }

    /// Appends the continuations of long remarks from the comments file.
    fn add_comments(&mut self, comments: &InputFile) -> Result<(), ListError> {
        for (_, f) in rows(comments, 2)? {
            if let Some(i) = self.position(&f[0]) {
                self.remarks[i].push_str(&f[1]);
            }
        }
        Ok(())
    }

    /// Reads each entry's whole remarks into the entry.
    fn apply_remarks(&mut self) {
        for (e, r) in self.entries.iter_mut().zip(&self.remarks) {
            remarks::apply(e, r);
            e.remarks = r.clone();
        }
    }

    /// Adds the aliases of the alt file.
    fn add_aliases(&mut self, alt: &InputFile) -> Result<(), ListError> {
        for (line, f) in rows(alt, 5)? {
            let Some(i) = self.position(&f[0]) else {
                continue;
            };
            let name_type = match f[2].to_ascii_lowercase().as_str() {
                "aka" => NameType::Aka,
                "fka" => NameType::Fka,
                "nka" => NameType::Nka,
                other => {
                    return Err(ListError::format(
                        &alt.name,
                        Some(line),
                        format!("unknown alias type {other:?} (expected aka, fka or nka)"),
                    ));
                }
            };
            self.entries[i].add_name(&f[3], name_type);
        }
        Ok(())
    }

    /// Adds the addresses of the add file, each as one line.
    fn add_addresses(&mut self, add: &InputFile) -> Result<(), ListError> {
        for (_, f) in rows(add, 6)? {
            let Some(i) = self.position(&f[0]) else {
                continue;
            };
            let line = [&f[2], &f[3], &f[4]]
                .into_iter()
                .filter(|p| !p.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            ListEntry::push_unique(&mut self.entries[i].addresses, &line);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> InputFile {
        InputFile {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
            modified: Some("2025-01-10".into()),
        }
    }

    #[test]
    fn joins_the_set() {
        let set = OfacCsvSet {
            primary: Some(file(
                "sdn.csv",
                "24977,\"YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.\",-0- ,\"DPRK3] [DPRK4\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Website www.silverstarchina.com; Email \"\r\n\u{1a}",
            )),
            alt: Some(file(
                "alt.csv",
                "24977,1,\"aka\",\"CHINA YANBIAN SILVERSTAR\",-0- \r\n9,2,\"aka\",\"NOBODY\",-0- \r\n",
            )),
            add: Some(file(
                "add.csv",
                "24977,3,-0- ,\"Yanbian\",\"China\",-0- \r\n",
            )),
            comments: Some(file(
                "sdn_comments.csv",
                "24977,\"Address info@silverstarchina.com.\"\r\n",
            )),
        };
        let list = parse_ofac_csv(ListSource::OfacSdn, set).unwrap();
        let e = &list.entries[0];
        assert_eq!(e.kind, EntryKind::Entity);
        assert_eq!(e.programs, ["DPRK3", "DPRK4"]);
        assert_eq!(e.names.len(), 2);
        assert_eq!(e.addresses, ["Yanbian, China"]);
        let ids: Vec<_> = e.identifiers.iter().map(|i| i.value.as_str()).collect();
        assert_eq!(ids, ["www.silverstarchina.com", "info@silverstarchina.com"]);
        assert_eq!(list.warnings.len(), 1, "{:?}", list.warnings);
        assert_eq!(list.files.len(), 4);
    }

    #[test]
    fn bad_rows_name_the_file_and_line() {
        let set = OfacCsvSet {
            primary: Some(file(
                "sdn.csv",
                "1,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n2,\"B\",-0-\r\n",
            )),
            ..Default::default()
        };
        let err = parse_ofac_csv(ListSource::OfacSdn, set).unwrap_err();
        assert_eq!(
            err.to_string(),
            "sdn.csv, line 2: expected 12 columns, found 3. Is this the right file of the OFAC CSV set, and complete?"
        );
        let only_alt = OfacCsvSet {
            alt: Some(file("alt.csv", "")),
            ..Default::default()
        };
        assert!(
            parse_ofac_csv(ListSource::OfacSdn, only_alt)
                .unwrap_err()
                .to_string()
                .contains("needs its main file")
        );
    }

    #[test]
    fn latin1_is_refused_with_its_line() {
        let mut bytes =
            b"1,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n2,\"JOS".to_vec();
        bytes.push(0xC9);
        bytes.extend_from_slice(b"\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n");
        let set = OfacCsvSet {
            primary: Some(InputFile {
                name: "sdn.csv".into(),
                bytes,
                modified: None,
            }),
            ..Default::default()
        };
        let err = parse_ofac_csv(ListSource::OfacSdn, set).unwrap_err();
        assert_eq!(
            err,
            ListError::Encoding {
                file: "sdn.csv".into(),
                line: 2,
                byte: 0xC9
            }
        );
    }
}
