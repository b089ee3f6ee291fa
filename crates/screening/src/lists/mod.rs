//! Reading sanctions list files: those published by OFAC, the UN, the UK and the EU, and
//! OpenSanctions exports, whose every source dataset becomes a list of its own.
//!
//! Every parser takes bytes and returns entries or a [`ListError`] naming the file and
//! line. Parsers never touch the store: a file is parsed completely before anything is
//! written, so a bad file leaves the lists in force untouched.

mod eu_xml;
pub mod ftm;
mod ofac_csv;
mod ofac_xml;
pub mod remarks;
mod uk_csv;
mod un_xml;
mod version;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::entry::ListEntry;

pub use eu_xml::parse_eu_xml;
pub use ofac_csv::{OfacCsvSet, parse_ofac_csv};
pub use ofac_xml::parse_ofac_xml;
pub use uk_csv::parse_uk_csv;
pub use un_xml::parse_un_xml;
pub use version::ListVersion;

/// Largest list file accepted. The biggest real one (OFAC's consolidated XML) is about a
/// tenth of this; anything larger is not a list.
pub const MAX_LIST_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Which published list a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ListSource {
    /// OFAC Specially Designated Nationals and Blocked Persons.
    OfacSdn,
    /// OFAC Consolidated Sanctions List (non-SDN lists).
    OfacConsolidated,
    /// UN Security Council Consolidated List.
    UnConsolidated,
    /// UK Sanctions List (FCDO).
    UkSanctionsList,
    /// EU Consolidated Financial Sanctions List (the Financial Sanctions Files).
    EuFsf,
}

impl ListSource {
    /// Every list, in display order.
    pub const ALL: [ListSource; 5] = [
        ListSource::OfacSdn,
        ListSource::OfacConsolidated,
        ListSource::UnConsolidated,
        ListSource::UkSanctionsList,
        ListSource::EuFsf,
    ];

    /// Stable identifier, as stored and typed on the command line.
    pub fn id(self) -> &'static str {
        match self {
            ListSource::OfacSdn => "ofac_sdn",
            ListSource::OfacConsolidated => "ofac_consolidated",
            ListSource::UnConsolidated => "un_consolidated",
            ListSource::UkSanctionsList => "uk_sanctions_list",
            ListSource::EuFsf => "eu_fsf",
        }
    }

    /// Parses [`ListSource::id`].
    pub fn from_id(id: &str) -> Option<ListSource> {
        ListSource::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The list's name as shown to people.
    pub fn title(self) -> &'static str {
        match self {
            ListSource::OfacSdn => "OFAC SDN list",
            ListSource::OfacConsolidated => "OFAC Consolidated (non-SDN) list",
            ListSource::UnConsolidated => "UN Security Council Consolidated List",
            ListSource::UkSanctionsList => "UK Sanctions List",
            ListSource::EuFsf => "EU Consolidated Financial Sanctions List",
        }
    }

    /// Who publishes the list.
    pub fn publisher(self) -> &'static str {
        match self {
            ListSource::OfacSdn | ListSource::OfacConsolidated => {
                "US Department of the Treasury, Office of Foreign Assets Control"
            }
            ListSource::UnConsolidated => "United Nations Security Council",
            ListSource::UkSanctionsList => "UK Foreign, Commonwealth and Development Office",
            ListSource::EuFsf => "European Commission (Financial Sanctions Database)",
        }
    }

    /// The list as the record names it.
    pub fn name(self) -> ListName {
        ListName {
            id: self.id().to_string(),
            title: self.title().to_string(),
            publisher: self.publisher().to_string(),
            licence: String::new(),
        }
    }

    /// Where the publisher serves the current file, by default. Each can be overridden
    /// in the settings.
    pub fn default_url(self) -> &'static str {
        match self {
            ListSource::OfacSdn => {
                "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML"
            }
            ListSource::OfacConsolidated => {
                "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML"
            }
            ListSource::UnConsolidated => {
                "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
            }
            ListSource::UkSanctionsList => {
                "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv"
            }
            // The token is the public one the Commission publishes for the file; it is not
            // a credential.
            ListSource::EuFsf => {
                "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"
            }
        }
    }
}

/// A list as the record names it: the publishers' own files have a [`ListSource`]; each
/// source dataset of an OpenSanctions export is a list of its own, so a hit says which
/// government listed the entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListName {
    /// Stable id: a [`ListSource::id`], or `opensanctions:` and the dataset's name.
    pub id: String,
    /// The list's name as shown to people.
    pub title: String,
    /// Who publishes it, as far as the file says.
    pub publisher: String,
    /// The terms the data comes under, when they are not a government's own publication
    /// (OpenSanctions: free for non-commercial use only).
    pub licence: String,
}

/// One file as read from disk or downloaded.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// File name as shown in messages (no directories).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// File modification or HTTP `Last-Modified` date (`YYYY-MM-DD`), used as the publish
    /// date of formats that carry none.
    pub modified: Option<String>,
}

impl InputFile {
    /// SHA-256 of the bytes, lower-case hex.
    pub fn sha256(&self) -> String {
        hex::encode(Sha256::digest(&self.bytes))
    }
}

/// What went wrong reading a list file. Every message names the file, and the line
/// where there is one.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ListError {
    /// The content does not follow the format.
    #[error("{file}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Format {
        /// File name.
        file: String,
        /// 1-based line, where known.
        line: Option<u64>,
        /// What is wrong.
        message: String,
    },
    /// Not UTF-8.
    #[error(
        "{file}, line {line}: the file is not UTF-8 text (byte 0x{byte:02X}). It may have been saved \
         as Latin-1 or Windows-1252; download it again from the publisher or save it as UTF-8."
    )]
    Encoding {
        /// File name.
        file: String,
        /// 1-based line of the first bad byte.
        line: u64,
        /// The first bad byte.
        byte: u8,
    },
    /// Larger than any real list.
    #[error(
        "{file} is {size} bytes; list files larger than {max} bytes are refused. Check that it is \
         the list file and not an archive or another document."
    )]
    TooLarge {
        /// File name.
        file: String,
        /// Its size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// No parser recognises the file.
    #[error(
        "{file} is not a list file this app reads. Expected the OFAC CSV set (sdn.csv with \
         alt.csv, add.csv, sdn_comments.csv), OFAC SDN.XML or CONSOLIDATED.XML, the UN \
         consolidated XML, the UK Sanctions List CSV, the EU Financial Sanctions Files XML, or an \
         OpenSanctions export (entities.ftm.json or targets.nested.json)."
    )]
    UnknownFormat {
        /// File name.
        file: String,
    },
    /// The files given do not make one complete list.
    #[error("{0}")]
    Incomplete(String),
}

impl ListError {
    pub(crate) fn format(file: &str, line: Option<u64>, message: impl Into<String>) -> ListError {
        ListError::Format {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

/// Checks size and encoding, and returns the text without a byte-order mark.
pub(crate) fn text_of(file: &InputFile) -> Result<&str, ListError> {
    if file.bytes.len() > MAX_LIST_FILE_BYTES {
        return Err(ListError::TooLarge {
            file: file.name.clone(),
            size: file.bytes.len(),
            max: MAX_LIST_FILE_BYTES,
        });
    }
    match std::str::from_utf8(&file.bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => {
            let at = e.valid_up_to();
            let line = file.bytes[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
            Err(ListError::Encoding {
                file: file.name.clone(),
                line,
                byte: file.bytes[at],
            })
        }
    }
}

/// Turns the byte offsets the csv crate reports into 1-based line numbers. Records come
/// in order, so the count moves forward only and a whole file costs one pass.
pub(crate) struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line a record starting at `byte` is on. The csv crate reports a record's start
    /// just after the previous record's `\r`, so line breaks at the start are skipped.
    pub(crate) fn line_at(&mut self, byte: u64) -> u64 {
        let mut target = (byte as usize).min(self.bytes.len());
        while target < self.bytes.len() && matches!(self.bytes[target], b'\r' | b'\n') {
            target += 1;
        }
        if target < self.at {
            self.at = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.at..target]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.at = target;
        self.line
    }
}

/// A list read from files, ready to be stored.
#[derive(Debug, Clone)]
pub struct ParsedList {
    /// Which list.
    pub source: ListName,
    /// Publish date `YYYY-MM-DD`, from the file where it says, else the file date.
    pub publish_date: Option<String>,
    /// True when the publish date came from the file's own metadata.
    pub publish_date_from_file: bool,
    /// The files, by name with their SHA-256.
    pub files: Vec<(String, String)>,
    /// Entries.
    pub entries: Vec<ListEntry>,
    /// Things worth telling the user that did not stop the import.
    pub warnings: Vec<String>,
}

impl ParsedList {
    /// One hash for the whole version: the file's own SHA-256 when there is one file,
    /// else the SHA-256 of the sorted `name:sha256` lines.
    pub fn sha256(&self) -> String {
        if let [(_, only)] = self.files.as_slice() {
            return only.clone();
        }
        let mut lines: Vec<String> = self
            .files
            .iter()
            .map(|(n, h)| format!("{n}:{h}\n"))
            .collect();
        lines.sort();
        hex::encode(Sha256::digest(lines.concat().as_bytes()))
    }

    /// How many names (primary and aliases) the entries carry.
    pub fn name_count(&self) -> usize {
        self.entries.iter().map(|e| e.names.len()).sum()
    }
}

/// A list read from one file. `published` is the date the file states, if any; without
/// it the file's own date is used and a warning says so. `expected` names what an empty
/// file lacks, for the error.
pub(crate) fn one_file_list(
    source: ListSource,
    file: &InputFile,
    published: Option<String>,
    entries: Vec<ListEntry>,
    expected: &str,
) -> Result<ParsedList, ListError> {
    if entries.is_empty() {
        return Err(ListError::format(
            &file.name,
            None,
            format!("the file has no {expected}"),
        ));
    }
    let mut warnings = Vec::new();
    if published.is_none() {
        warnings.push(format!(
            "{} states no publish date; the file date is used.",
            file.name
        ));
    }
    Ok(ParsedList {
        publish_date_from_file: published.is_some(),
        publish_date: published.or_else(|| file.modified.clone()),
        files: vec![(file.name.clone(), file.sha256())],
        entries,
        warnings,
        source: source.name(),
    })
}

/// A fixture from `tests/fixtures/lists/`, named as the publisher names the file.
#[cfg(test)]
pub(crate) fn fixture(fixture: &str, published_name: &str) -> InputFile {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/lists")
        .join(fixture);
    InputFile {
        name: published_name.into(),
        bytes: std::fs::read(path).expect("fixture exists"),
        modified: None,
    }
}

/// Which reader a file needs, from its name and first bytes: the desktop and the CLI
/// stream OpenSanctions exports (which can be larger than any list read whole) instead
/// of reading them into memory.
pub fn is_ftm_stream(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(head);
    ftm::looks_like_ftm(head.trim_start_matches('\u{feff}').trim_start())
}

/// What a single file looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    OfacCsv(ofac_csv::Part, ListSource),
    OfacXml,
    UnXml,
    UkCsv,
    EuXml,
    Ftm,
}

fn sniff(file: &InputFile) -> Result<Kind, ListError> {
    let lower = file.name.to_ascii_lowercase();
    let head = String::from_utf8_lossy(&file.bytes[..file.bytes.len().min(4096)]).to_string();
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        if head.contains("<sdnList") || head.contains(":sdnList") {
            return Ok(Kind::OfacXml);
        }
        if head.contains("<CONSOLIDATED_LIST") {
            return Ok(Kind::UnXml);
        }
        if head.contains("fpi/fsd/export") || head.contains("<sanctionEntity") {
            return Ok(Kind::EuXml);
        }
        return Err(ListError::UnknownFormat {
            file: file.name.clone(),
        });
    }
    if ftm::looks_like_ftm(trimmed) {
        return Ok(Kind::Ftm);
    }
    if head.contains("Unique ID") && head.contains("Name 6") {
        return Ok(Kind::UkCsv);
    }
    if lower.ends_with(".csv") {
        let part = |stem: &str| lower.starts_with(stem);
        let found = if part("sdn_comments") {
            Some((ofac_csv::Part::Comments, ListSource::OfacSdn))
        } else if part("cons_comments") {
            Some((ofac_csv::Part::Comments, ListSource::OfacConsolidated))
        } else if part("cons_prim") {
            Some((ofac_csv::Part::Primary, ListSource::OfacConsolidated))
        } else if part("cons_alt") {
            Some((ofac_csv::Part::Alt, ListSource::OfacConsolidated))
        } else if part("cons_add") {
            Some((ofac_csv::Part::Add, ListSource::OfacConsolidated))
        } else if part("sdn") {
            Some((ofac_csv::Part::Primary, ListSource::OfacSdn))
        } else if part("alt") {
            Some((ofac_csv::Part::Alt, ListSource::OfacSdn))
        } else if part("add") {
            Some((ofac_csv::Part::Add, ListSource::OfacSdn))
        } else {
            None
        };
        if let Some((p, s)) = found {
            return Ok(Kind::OfacCsv(p, s));
        }
    }
    Err(ListError::UnknownFormat {
        file: file.name.clone(),
    })
}

/// Reads a set of files into lists. Files of the OFAC CSV set are joined; every other
/// file is a list on its own. Any error stops the whole import.
pub fn parse_files(files: Vec<InputFile>) -> Result<Vec<ParsedList>, ListError> {
    let mut out = Vec::new();
    let mut csv_sets: Vec<(ListSource, OfacCsvSet)> = Vec::new();
    for file in files {
        let kind = sniff(&file)?;
        match kind {
            Kind::OfacCsv(part, source) => {
                let set = match csv_sets.iter_mut().find(|(s, _)| *s == source) {
                    Some((_, set)) => set,
                    None => {
                        csv_sets.push((source, OfacCsvSet::default()));
                        &mut csv_sets.last_mut().expect("just pushed").1
                    }
                };
                set.put(part, file)?;
            }
            Kind::OfacXml => out.push(parse_ofac_xml(&file)?),
            Kind::UnXml => out.push(parse_un_xml(&file)?),
            Kind::UkCsv => out.push(parse_uk_csv(&file)?),
            Kind::EuXml => out.push(parse_eu_xml(&file)?),
            Kind::Ftm => out.extend(ftm::parse_ftm(
                &file.name,
                file.bytes.as_slice(),
                file.modified.as_deref(),
            )?),
        }
    }
    for (source, set) in csv_sets {
        out.push(parse_ofac_csv(source, set)?);
    }
    Ok(out)
}

/// Publish dates written in the files come in several shapes (`05/03/2024`,
/// `2024-05-03T00:00:00`, `03-May-2024`); all become `YYYY-MM-DD`.
pub(crate) fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let date = s.split(['T', ' ']).next().unwrap_or(s);
    if date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-' {
        return date
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-')
            .then(|| date.to_string());
    }
    let parts: Vec<&str> = date.split(['/', '-', '.']).collect();
    if parts.len() != 3 {
        return None;
    }
    let month_of = |m: &str| -> Option<u32> {
        let names = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        m.parse().ok().or_else(|| {
            let m = m.to_ascii_lowercase();
            names
                .iter()
                .position(|n| m.starts_with(n))
                .map(|i| i as u32 + 1)
        })
    };
    let (y, m, d): (u32, u32, u32) = if parts[0].len() == 4 {
        (
            parts[0].parse().ok()?,
            month_of(parts[1])?,
            parts[2].parse().ok()?,
        )
    } else if parts[1].chars().all(|c| c.is_ascii_digit()) {
        // OFAC writes US style: month/day/year. UK writes day/month/year; it is read by
        // its own parser.
        (
            parts[2].parse().ok()?,
            parts[0].parse().ok()?,
            parts[1].parse().ok()?,
        )
    } else {
        (
            parts[2].parse().ok()?,
            month_of(parts[1])?,
            parts[0].parse().ok()?,
        )
    };
    ((1900..=2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}
