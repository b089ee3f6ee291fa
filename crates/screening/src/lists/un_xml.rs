//! The UN Security Council Consolidated List (`consolidated.xml`).
//!
//! Individuals split their names over `FIRST_NAME` … `FOURTH_NAME` (not in given/family
//! order); entities keep theirs in `FIRST_NAME`. Empty placeholder elements are common
//! and are skipped. Element order is not relied on.

use roxmltree::{Document, Node};

use super::ofac_xml::{children as elements, line_of, read_xml};
use super::{InputFile, ListError, ListSource, ParsedList, iso_date, one_file_list};
use crate::entry::{EntryKind, IdentifierKind, ListEntry, NameType};

fn text<'a>(n: Node<'a, '_>, name: &'static str) -> &'a str {
    elements(n, name)
        .next()
        .and_then(|c| c.text())
        .unwrap_or("")
        .trim()
}

fn values<'a>(n: Node<'a, '_>, name: &'static str) -> Vec<&'a str> {
    elements(n, name)
        .flat_map(|list| elements(list, "VALUE"))
        .filter_map(|v| v.text())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

/// Reads a `CONSOLIDATED_LIST` document.
pub fn parse_un_xml(file: &InputFile) -> Result<ParsedList, ListError> {
    let doc = read_xml(file, "CONSOLIDATED_LIST")?;
    let root = doc.root_element();
    let publish_date = root.attribute("dateGenerated").and_then(iso_date);
    let mut entries = Vec::new();
    let groups = [
        ("INDIVIDUALS", "INDIVIDUAL", EntryKind::Individual),
        ("ENTITIES", "ENTITY", EntryKind::Entity),
    ];
    for (group, item, kind) in groups {
        for g in elements(root, group) {
            for e in elements(g, item) {
                entries.push(entry(file, &doc, e, kind)?);
            }
        }
    }
    one_file_list(
        ListSource::UnConsolidated,
        file,
        publish_date,
        entries,
        "INDIVIDUAL or ENTITY elements",
    )
}

/// One `INDIVIDUAL` or `ENTITY`: its reference and name, which every entry must have,
/// then everything else it lists.
fn entry(
    file: &InputFile,
    doc: &Document,
    e: Node,
    kind: EntryKind,
) -> Result<ListEntry, ListError> {
    let line = line_of(doc, e);
    let reference = text(e, "REFERENCE_NUMBER");
    let id = if reference.is_empty() {
        text(e, "DATAID")
    } else {
        reference
    };
    if id.is_empty() {
        return Err(ListError::format(
            &file.name,
            Some(line),
            "an entry has neither REFERENCE_NUMBER nor DATAID",
        ));
    }
    let name = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
        .iter()
        .map(|f| text(e, f))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        return Err(ListError::format(
            &file.name,
            Some(line),
            format!("entry {id} has no name"),
        ));
    }
    let mut entry = ListEntry::new(id, kind, name);
    ListEntry::push_unique(&mut entry.programs, text(e, "UN_LIST_TYPE"));
    let original = text(e, "NAME_ORIGINAL_SCRIPT");
    entry.add_name(original, NameType::OriginalScript);
    add_aliases(&mut entry, e, kind);
    for n in values(e, "NATIONALITY") {
        ListEntry::push_unique(&mut entry.nationalities, n);
    }
    add_addresses(&mut entry, e, kind);
    for d in elements(e, "INDIVIDUAL_DATE_OF_BIRTH") {
        ListEntry::push_unique(&mut entry.dates_of_birth, &date_of_birth(d));
    }
    add_documents(&mut entry, e);
    entry.remarks = text(e, "COMMENTS1").to_string();
    Ok(entry)
}

/// The aliases of an entry, with the quality the list gives each.
fn add_aliases(entry: &mut ListEntry, e: Node, kind: EntryKind) {
    let alias_tag = if kind == EntryKind::Individual {
        "INDIVIDUAL_ALIAS"
    } else {
        "ENTITY_ALIAS"
    };
    for a in elements(e, alias_tag) {
        let name_type = match text(a, "QUALITY").to_ascii_lowercase().as_str() {
            "low" => NameType::Weak,
            "f.k.a." => NameType::Fka,
            _ => NameType::Aka,
        };
        // Several names may share one element, separated by `;`.
        for n in text(a, "ALIAS_NAME").split(';') {
            entry.add_name(n, name_type);
        }
    }
}

/// The addresses of an entry, each as one line.
fn add_addresses(entry: &mut ListEntry, e: Node, kind: EntryKind) {
    let address_tag = if kind == EntryKind::Individual {
        "INDIVIDUAL_ADDRESS"
    } else {
        "ENTITY_ADDRESS"
    };
    for a in elements(e, address_tag) {
        let parts: Vec<&str> = ["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"]
            .iter()
            .map(|f| text(a, f))
            .filter(|p| !p.is_empty())
            .collect();
        ListEntry::push_unique(&mut entry.addresses, &parts.join(", "));
    }
}

/// One `INDIVIDUAL_DATE_OF_BIRTH` as written: an exact date, a range of years, a year
/// (perhaps approximate), or failing those the list's note.
fn date_of_birth(d: Node) -> String {
    let (date, year) = (text(d, "DATE"), text(d, "YEAR"));
    let (from, to) = (text(d, "FROM_YEAR"), text(d, "TO_YEAR"));
    let approx = text(d, "TYPE_OF_DATE").eq_ignore_ascii_case("APPROXIMATELY");
    if !date.is_empty() {
        date.to_string()
    } else if !from.is_empty() && !to.is_empty() {
        format!("{from} to {to}")
    } else if !year.is_empty() && approx {
        format!("circa {year}")
    } else if !year.is_empty() {
        year.to_string()
    } else {
        text(d, "NOTE").to_string()
    }
}

/// The identity documents of an individual that give a number.
fn add_documents(entry: &mut ListEntry, e: Node) {
    for d in elements(e, "INDIVIDUAL_DOCUMENT") {
        let label = text(d, "TYPE_OF_DOCUMENT");
        let number = text(d, "NUMBER");
        if !number.is_empty() {
            entry.add_identifier(
                IdentifierKind::Document,
                if label.is_empty() { "Document" } else { label },
                number,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fixture() {
        let file = super::super::fixture("un-consolidated.xml", "consolidated.xml");
        let list = parse_un_xml(&file).unwrap();
        assert_eq!(list.publish_date.as_deref(), Some("2026-02-27"));
        assert!(list.entries.iter().any(|e| e.kind == EntryKind::Entity));
        let kp = list.entries.iter().find(|e| e.id == "KPi.066").unwrap();
        assert_eq!(kp.dates_of_birth, ["1967 to 1969"]);
        let ta = list.entries.iter().find(|e| e.id == "TAi.154").unwrap();
        assert!(
            ta.names
                .iter()
                .any(|n| n.name_type == NameType::OriginalScript)
        );
        assert!(ta.identifiers.iter().any(|i| i.label == "Passport"));
    }
}
