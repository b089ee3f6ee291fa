//! OpenSanctions exports in the FollowTheMoney (FtM) entity format.
//!
//! Two shapes are read, both one JSON entity per line:
//! - `entities.ftm.json`: every entity flat, links (sanctions, ownerships, wallets)
//!   as entities of their own that name the others by id;
//! - `targets.nested.json`: one line per target, with the linked entities nested
//!   inside its properties.
//!
//! Each entity names the source datasets it comes from (`us_ofac_sdn`, `eu_fsf`, a
//! Korean or Japanese government list …). Every source dataset becomes a list of its
//! own, so a hit says which government listed the entry. Only targets (`"target":
//! true`) are screened; the entities around them give context (owners, directors,
//! wallets, programmes).
//!
//! This module reads lines into compact records; `build` joins them into lists.

mod build;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{ListError, ParsedList};

/// Largest OpenSanctions export accepted. The `sanctions` collection is well under a
/// gigabyte; the file is streamed, so the limit is on time, not memory.
pub const MAX_FTM_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Longest line: one entity, with its nested neighbours in `targets.nested.json`.
const MAX_LINE_BYTES: u64 = 32 * 1024 * 1024;

/// The terms OpenSanctions data comes under, shown wherever a list from it is.
pub const OPENSANCTIONS_LICENCE: &str = "OpenSanctions data: free for non-commercial use; a \
     business needs a data licence from OpenSanctions (opensanctions.org/licensing). The \
     underlying government lists are public.";

/// Every schema of FollowTheMoney 4.11. A name outside this list is not FtM; its
/// entities are counted in a warning and left out.
pub const FTM_SCHEMATA: &[&str] = &[
    "Address",
    "Airplane",
    "Analyzable",
    "Article",
    "Asset",
    "Associate",
    "Audio",
    "BankAccount",
    "Call",
    "CallForTenders",
    "Company",
    "Contract",
    "ContractAward",
    "Control",
    "CourtCase",
    "CourtCaseParty",
    "CryptoWallet",
    "Debt",
    "Directorship",
    "Document",
    "Documentation",
    "EconomicActivity",
    "Email",
    "Employment",
    "Event",
    "Family",
    "Folder",
    "HyperText",
    "Identification",
    "Image",
    "Interest",
    "Interval",
    "LegalEntity",
    "License",
    "Membership",
    "Mention",
    "Message",
    "Note",
    "Occupancy",
    "Organization",
    "Ownership",
    "Package",
    "Page",
    "Pages",
    "Passport",
    "Payment",
    "Person",
    "PlainText",
    "Position",
    "Project",
    "ProjectParticipant",
    "PublicBody",
    "RealEstate",
    "Representation",
    "Risk",
    "Sanction",
    "Security",
    "Similar",
    "Succession",
    "Table",
    "TaxRoll",
    "Territory",
    "Thing",
    "Trip",
    "UnknownLink",
    "UserAccount",
    "Value",
    "Vehicle",
    "Vessel",
    "Video",
    "Workbook",
];

/// Whether the start of a file looks like FtM entity lines.
pub(crate) fn looks_like_ftm(head: &str) -> bool {
    head.starts_with('{') && head.contains("\"schema\"") && head.contains("\"id\"")
}

/// One entity as read: its id, schema, datasets and string properties. Nested entities
/// are read as entities of their own and replaced by their id.
#[derive(Debug, Default)]
pub(crate) struct Raw {
    pub(crate) id: String,
    pub(crate) schema: String,
    pub(crate) datasets: Vec<String>,
    /// `None` when the file does not say (plain FtM files made by other tools).
    pub(crate) target: Option<bool>,
    /// When OpenSanctions last saw the entity at its source (`YYYY-MM-DD…`).
    pub(crate) last_seen: Option<String>,
    pub(crate) props: HashMap<String, Vec<String>>,
}

impl Raw {
    pub(crate) fn get(&self, prop: &str) -> &[String] {
        self.props.get(prop).map(Vec::as_slice).unwrap_or(&[])
    }

    pub(crate) fn first(&self, prop: &str) -> Option<&str> {
        self.get(prop).first().map(String::as_str)
    }
}

/// Reads an FtM export from `reader` (the whole file; it is hashed as it is read) into
/// one list per source dataset. Any malformed line stops the import with its number.
pub fn parse_ftm(
    file: &str,
    reader: impl Read,
    modified: Option<&str>,
) -> Result<Vec<ParsedList>, ListError> {
    let mut hashing = HashingReader {
        inner: reader,
        hasher: Sha256::new(),
    };
    let mut lines = BufReader::with_capacity(1 << 20, &mut hashing);
    let mut entities: Vec<Raw> = Vec::new();
    let mut unknown: HashMap<String, u64> = HashMap::new();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let read = (&mut lines)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| ListError::format(file, Some(line_no + 1), format!("cannot read: {e}")))?;
        if read == 0 {
            break;
        }
        line_no += 1;
        if buf.len() as u64 > MAX_LINE_BYTES {
            return Err(ListError::format(
                file,
                Some(line_no),
                format!("the line is longer than {MAX_LINE_BYTES} bytes; no entity is that large"),
            ));
        }
        let text = match std::str::from_utf8(&buf) {
            Ok(t) => t.trim().trim_start_matches('\u{feff}'),
            Err(e) => {
                return Err(ListError::Encoding {
                    file: file.to_string(),
                    line: line_no,
                    byte: buf[e.valid_up_to()],
                });
            }
        };
        if text.is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(text).map_err(|e| {
            ListError::format(
                file,
                Some(line_no),
                format!("not one JSON entity per line ({e})"),
            )
        })?;
        read_entity(file, line_no, value, &mut entities, &mut unknown, 0)?;
    }
    drop(lines);
    let sha256 = hex::encode(hashing.hasher.finalize());
    if entities.is_empty() {
        return Err(ListError::format(file, None, "the file has no entities"));
    }
    build::lists(file, &sha256, modified, entities, unknown)
}

/// Turns one JSON entity (and any nested in it) into [`Raw`] records.
fn read_entity(
    file: &str,
    line: u64,
    value: Value,
    out: &mut Vec<Raw>,
    unknown: &mut HashMap<String, u64>,
    depth: u32,
) -> Result<String, ListError> {
    let bad = |message: String| ListError::format(file, Some(line), message);
    let Value::Object(mut object) = value else {
        return Err(bad("each line must be a JSON object, one entity".into()));
    };
    let id = take_string(&mut object, "id").ok_or_else(|| bad("an entity has no \"id\"".into()))?;
    let schema = take_string(&mut object, "schema")
        .ok_or_else(|| bad(format!("entity {id} has no \"schema\"")))?;
    if depth > 8 {
        return Err(bad(format!("entity {id} nests more than 8 levels deep")));
    }
    if !FTM_SCHEMATA.contains(&schema.as_str()) {
        *unknown.entry(schema).or_default() += 1;
        return Ok(id);
    }
    let mut raw = Raw {
        datasets: match object.remove("datasets") {
            Some(Value::Array(ds)) => ds
                .into_iter()
                .filter_map(|d| d.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        },
        target: object.get("target").and_then(Value::as_bool),
        last_seen: take_string(&mut object, "last_seen"),
        id: id.clone(),
        schema,
        props: HashMap::new(),
    };
    match object.remove("properties") {
        Some(Value::Object(props)) => {
            for (prop, values) in props {
                let Value::Array(values) = values else {
                    return Err(bad(format!(
                        "entity {id}: property {prop} is not a list of values"
                    )));
                };
                let mut strings = Vec::with_capacity(values.len());
                for v in values {
                    match v {
                        Value::String(s) => strings.push(s),
                        nested @ Value::Object(_) => {
                            strings.push(read_entity(file, line, nested, out, unknown, depth + 1)?)
                        }
                        _ => {
                            return Err(bad(format!(
                                "entity {id}: property {prop} holds a value that is neither text nor an entity"
                            )));
                        }
                    }
                }
                raw.props.insert(prop, strings);
            }
        }
        None => {}
        Some(_) => return Err(bad(format!("entity {id}: \"properties\" is not an object"))),
    }
    out.push(raw);
    Ok(id)
}

fn take_string(object: &mut Map<String, Value>, key: &str) -> Option<String> {
    match object.remove(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        _ => None,
    }
}

/// Hashes what passes through, so the file's SHA-256 costs no second read.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests;
