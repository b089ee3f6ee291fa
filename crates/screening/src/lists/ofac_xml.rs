//! OFAC's `SDN.XML` and `CONSOLIDATED.XML` (the `sdnList` schema).
//!
//! Elements are namespace-qualified, and the namespace has changed over the years, so
//! elements are matched by local name only. Element order is not relied on.

use roxmltree::{Document, Node};

use super::{InputFile, ListError, ListSource, ParsedList, iso_date, one_file_list, text_of};
use crate::entry::{EntryKind, IdentifierKind, ListEntry, NameType};

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The child elements of `n` with the local name `name`.
pub(crate) fn children<'a, 'i: 'a>(
    n: Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn text<'a>(n: Node<'a, '_>, name: &str) -> &'a str {
    child(n, name).and_then(|c| c.text()).unwrap_or("").trim()
}

pub(crate) fn line_of(doc: &Document, node: Node) -> u64 {
    doc.text_pos_at(node.range().start).row as u64
}

/// Parses an XML list file whose root element has the local name `root`; any other
/// document is not this list.
pub(crate) fn read_xml<'a>(file: &'a InputFile, root: &str) -> Result<Document<'a>, ListError> {
    let doc = Document::parse(text_of(file)?).map_err(|e| xml_error(file, e))?;
    if doc.root_element().tag_name().name() != root {
        return Err(ListError::UnknownFormat {
            file: file.name.clone(),
        });
    }
    Ok(doc)
}

pub(crate) fn xml_error(file: &InputFile, e: roxmltree::Error) -> ListError {
    let pos = e.pos();
    ListError::format(
        &file.name,
        Some(pos.row as u64),
        format!("cannot be read as XML: {e}"),
    )
}

/// Full name from `firstName` and `lastName`, written the way the CSV writes it
/// (`LAST, First`) so both formats give the same names.
fn full_name(n: Node) -> String {
    let (first, last) = (text(n, "firstName"), text(n, "lastName"));
    match (first.is_empty(), last.is_empty()) {
        (false, false) => format!("{last}, {first}"),
        (true, _) => last.to_string(),
        (false, true) => first.to_string(),
    }
}

/// Reads an `sdnList` document.
pub fn parse_ofac_xml(file: &InputFile) -> Result<ParsedList, ListError> {
    let source_text = text_of(file)?;
    let doc = Document::parse(source_text).map_err(|e| xml_error(file, e))?;
    let root = doc.root_element();
    if root.tag_name().name() != "sdnList" {
        return Err(ListError::UnknownFormat {
            file: file.name.clone(),
        });
    }
    let info = child(root, "publshInformation");
    let publish_date = info.and_then(|i| iso_date(text(i, "Publish_Date")));
    let declared: Option<usize> = info.and_then(|i| text(i, "Record_Count").parse().ok());
    // The same schema carries the SDN list and the consolidated non-SDN list; the file
    // name is the only thing that tells them apart.
    let source = if file.name.to_ascii_lowercase().contains("cons") {
        ListSource::OfacConsolidated
    } else {
        ListSource::OfacSdn
    };
    let mut entries = Vec::new();
    for e in children(root, "sdnEntry") {
        entries.push(sdn_entry(file, &doc, e)?);
    }
    check_record_count(file, declared, entries.len())?;
    one_file_list(source, file, publish_date, entries, "sdnEntry elements")
}

/// One `sdnEntry`: its uid, type and primary name, which every entry must have, then
/// everything else it lists.
fn sdn_entry(file: &InputFile, doc: &Document, e: Node) -> Result<ListEntry, ListError> {
    let line = line_of(doc, e);
    let uid = text(e, "uid");
    if uid.parse::<u64>().is_err() {
        return Err(ListError::format(
            &file.name,
            Some(line),
            format!("an sdnEntry has no numeric uid (found {uid:?})"),
        ));
    }
    let kind = match text(e, "sdnType").to_ascii_lowercase().as_str() {
        "individual" => EntryKind::Individual,
        "vessel" => EntryKind::Vessel,
        "aircraft" => EntryKind::Aircraft,
        "entity" | "" => EntryKind::Entity,
        other => {
            return Err(ListError::format(
                &file.name,
                Some(line),
                format!("entry {uid} has an unknown sdnType {other:?}"),
            ));
        }
    };
    let name = full_name(e);
    if name.is_empty() {
        return Err(ListError::format(
            &file.name,
            Some(line),
            format!("entry {uid} has no name"),
        ));
    }
    let mut entry = ListEntry::new(uid, kind, name);
    add_programs_and_names(&mut entry, e);
    add_addresses_and_personal_details(&mut entry, e);
    add_identifiers(&mut entry, e);
    let remarks = text(e, "remarks");
    super::remarks::apply(&mut entry, remarks);
    entry.remarks = remarks.to_string();
    Ok(entry)
}

/// The sanctions programmes and the aliases (`akaList`) of an entry.
fn add_programs_and_names(entry: &mut ListEntry, e: Node) {
    if let Some(list) = child(e, "programList") {
        for p in children(list, "program") {
            ListEntry::push_unique(&mut entry.programs, p.text().unwrap_or(""));
        }
    }
    if let Some(list) = child(e, "akaList") {
        for a in children(list, "aka") {
            let name_type = if text(a, "category").eq_ignore_ascii_case("weak") {
                NameType::Weak
            } else {
                match text(a, "type").to_ascii_lowercase().as_str() {
                    "f.k.a." => NameType::Fka,
                    "n.k.a." => NameType::Nka,
                    _ => NameType::Aka,
                }
            };
            entry.add_name(&full_name(a), name_type);
        }
    }
}

/// Addresses, nationalities and citizenships, and dates of birth of an entry.
fn add_addresses_and_personal_details(entry: &mut ListEntry, e: Node) {
    if let Some(list) = child(e, "addressList") {
        for a in children(list, "address") {
            let parts: Vec<&str> = [
                "address1",
                "address2",
                "address3",
                "city",
                "stateOrProvince",
                "postalCode",
                "country",
            ]
            .iter()
            .map(|f| text(a, f))
            .filter(|p| !p.is_empty())
            .collect();
            ListEntry::push_unique(&mut entry.addresses, &parts.join(", "));
        }
    }
    for (list, item) in [
        ("nationalityList", "nationality"),
        ("citizenshipList", "citizenship"),
    ] {
        if let Some(list) = child(e, list) {
            for n in children(list, item) {
                ListEntry::push_unique(&mut entry.nationalities, text(n, "country"));
            }
        }
    }
    if let Some(list) = child(e, "dateOfBirthList") {
        for d in children(list, "dateOfBirthItem") {
            ListEntry::push_unique(&mut entry.dates_of_birth, text(d, "dateOfBirth"));
        }
    }
}

/// The `idList` of an entry, less the statements OFAC files among the identifiers.
fn add_identifiers(entry: &mut ListEntry, e: Node) {
    let Some(list) = child(e, "idList") else {
        return;
    };
    for id in children(list, "id") {
        let (label, number) = (text(id, "idType"), text(id, "idNumber"));
        if let Some(kind) = identifier_kind(label, number) {
            entry.add_identifier(kind, label, number);
        }
    }
}

/// What an `idType` label names, or `None` for the labels that are not identifiers.
fn identifier_kind(label: &str, number: &str) -> Option<IdentifierKind> {
    if label == "Email Address" {
        Some(IdentifierKind::Email)
    } else if label == "Website" {
        Some(IdentifierKind::Website)
    } else if label.starts_with("Phone") {
        Some(IdentifierKind::Phone)
    } else if label.starts_with("Digital Currency Address") {
        Some(IdentifierKind::Wallet)
    } else if label.ends_with(':') || label == "Gender" || number.is_empty() {
        // Statements (`Secondary sanctions risk:`) rather than identifiers.
        None
    } else {
        Some(IdentifierKind::Document)
    }
}

/// A file whose entries fall short of its own `Record_Count` was cut off in transit.
fn check_record_count(
    file: &InputFile,
    declared: Option<usize>,
    found: usize,
) -> Result<(), ListError> {
    if let Some(n) = declared
        && n != found
    {
        return Err(ListError::format(
            &file.name,
            None,
            format!(
                "the file says it has {n} entries but {} were found; it may be truncated. \
                 Download it again.",
                found
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> InputFile {
        super::super::fixture("sdn.xml", "SDN.XML")
    }

    #[test]
    fn reads_the_fixture() {
        let list = parse_ofac_xml(&fixture()).unwrap();
        assert_eq!(list.source.id, ListSource::OfacSdn.id());
        assert_eq!(list.publish_date.as_deref(), Some("2026-09-17"));
        assert!(list.publish_date_from_file);
        let silverstar = list.entries.iter().find(|e| e.id == "24977").unwrap();
        assert_eq!(silverstar.programs, ["DPRK3", "DPRK4"]);
        assert_eq!(silverstar.names.len(), 8);
        assert_eq!(silverstar.addresses.len(), 3);
        let gicdf = list.entries.iter().find(|e| e.id == "12685").unwrap();
        assert!(
            gicdf
                .identifiers
                .iter()
                .any(|i| i.kind == IdentifierKind::Website)
        );
        assert!(
            gicdf
                .identifiers
                .iter()
                .any(|i| i.kind == IdentifierKind::Email)
        );
        let lifshits = list.entries.iter().find(|e| e.id == "29702").unwrap();
        assert_eq!(lifshits.kind, EntryKind::Individual);
        assert!(lifshits.primary_name().starts_with("LIFSHITS, "));
        assert!(!lifshits.dates_of_birth.is_empty());
        assert!(
            lifshits
                .identifiers
                .iter()
                .any(|i| i.kind == IdentifierKind::Wallet)
        );
    }

    #[test]
    fn truncated_and_hostile_files_are_refused() {
        let mut f = fixture();
        f.bytes.truncate(f.bytes.len() / 2);
        let err = parse_ofac_xml(&f).unwrap_err().to_string();
        assert!(err.starts_with("SDN.XML, line "), "{err}");
        let bomb = InputFile {
            name: "SDN.XML".into(),
            bytes: br#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><sdnList>&b;</sdnList>"#.to_vec(),
            modified: None,
        };
        assert!(
            parse_ofac_xml(&bomb)
                .unwrap_err()
                .to_string()
                .contains("cannot be read as XML")
        );
    }
}
