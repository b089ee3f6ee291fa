//! The EU Consolidated Financial Sanctions List, as the Financial Sanctions Files XML
//! (`xmlFullSanctionsList_1_1`).
//!
//! Everything sits in attributes: one `sanctionEntity` per listed party, with its
//! `subjectType` (`person` or `enterprise`), `nameAlias` elements (`strong="false"` marks
//! a weak alias; `nameLanguage` the language of names written in another script),
//! `birthdate`, `citizenship`, `address`, `identification` and `regulation` (which names
//! the programme, `PRK` for North Korea). `countryIso2Code="00"` stands for "unknown".

use roxmltree::{Document, Node};

use super::ofac_xml::{children as elements, line_of, read_xml};
use super::{InputFile, ListError, ListSource, ParsedList, iso_date, one_file_list};
use crate::entry::{EntryKind, IdentifierKind, ListEntry, NameType};
use crate::text::{Script, dominant_script};

fn attr<'a>(n: Node<'a, '_>, name: &str) -> &'a str {
    n.attribute(name).unwrap_or("").trim()
}

/// Reads an `export` document of the Financial Sanctions Files.
pub fn parse_eu_xml(file: &InputFile) -> Result<ParsedList, ListError> {
    let doc = read_xml(file, "export")?;
    let root = doc.root_element();
    let publish_date = root
        .attribute("generationDate")
        .or_else(|| {
            elements(root, "exportGenerationDate")
                .next()
                .and_then(|n| n.text())
        })
        .and_then(iso_date);
    let mut entries = Vec::new();
    for e in elements(root, "sanctionEntity") {
        entries.push(entry(file, &doc, e)?);
    }
    one_file_list(
        ListSource::EuFsf,
        file,
        publish_date,
        entries,
        "sanctionEntity elements",
    )
}

/// One `sanctionEntity`: an id and a name, which every entry must have, then everything
/// else it gives.
fn entry(file: &InputFile, doc: &Document, e: Node) -> Result<ListEntry, ListError> {
    let line = line_of(doc, e);
    let id = [attr(e, "euReferenceNumber"), attr(e, "logicalId")]
        .into_iter()
        .find(|s| !s.is_empty())
        .ok_or_else(|| {
            ListError::format(
                &file.name,
                Some(line),
                "a sanctionEntity has neither euReferenceNumber nor logicalId",
            )
        })?;
    let kind = subject_type(file, line, id, e)?;
    let mut names = elements(e, "nameAlias")
        .map(|n| (attr(n, "wholeName"), attr(n, "strong") != "false"))
        .filter(|(n, _)| !n.is_empty());
    let Some((primary, _)) = names.next() else {
        return Err(ListError::format(
            &file.name,
            Some(line),
            format!("entry {id} has no nameAlias with a wholeName"),
        ));
    };
    let mut entry = ListEntry::new(id, kind, primary);
    for (name, strong) in names {
        let name_type = if !strong {
            NameType::Weak
        } else if dominant_script(name) != Script::Latin {
            NameType::OriginalScript
        } else {
            NameType::Aka
        };
        entry.add_name(name, name_type);
    }
    for r in elements(e, "regulation") {
        ListEntry::push_unique(&mut entry.programs, attr(r, "programme"));
    }
    for b in elements(e, "birthdate") {
        ListEntry::push_unique(&mut entry.dates_of_birth, &date_of_birth(b));
    }
    for c in elements(e, "citizenship") {
        ListEntry::push_unique(&mut entry.nationalities, &country(c));
    }
    for a in elements(e, "address") {
        let country = country(a);
        let parts: Vec<&str> = ["street", "poBox", "city", "zipCode", "region", "place"]
            .iter()
            .map(|f| attr(a, f))
            .chain(std::iter::once(country.as_str()))
            .filter(|p| !p.is_empty())
            .collect();
        ListEntry::push_unique(&mut entry.addresses, &parts.join(", "));
    }
    for i in elements(e, "identification") {
        let label = [
            attr(i, "identificationTypeDescription"),
            attr(i, "identificationTypeCode"),
        ]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or("Document");
        entry.add_identifier(IdentifierKind::Document, label, attr(i, "number"));
    }
    entry.remarks = elements(e, "remark")
        .filter_map(|r| r.text())
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(entry)
}

/// Person or enterprise, from `subjectType`; anything else is refused.
fn subject_type(file: &InputFile, line: u64, id: &str, e: Node) -> Result<EntryKind, ListError> {
    match elements(e, "subjectType")
        .next()
        .map(|t| (attr(t, "code"), attr(t, "classificationCode")))
    {
        Some(("person", _)) | Some((_, "P")) => Ok(EntryKind::Individual),
        Some(("enterprise", _)) | Some((_, "E")) => Ok(EntryKind::Entity),
        Some((code, class)) => Err(ListError::format(
            &file.name,
            Some(line),
            format!(
                "entry {id} has subjectType {:?}; expected person or enterprise",
                if code.is_empty() { class } else { code }
            ),
        )),
        None => Err(ListError::format(
            &file.name,
            Some(line),
            format!("entry {id} has no subjectType"),
        )),
    }
}

/// A country as the file gives it: the two-letter code, else the description; `00` is
/// the file's "unknown".
fn country(n: Node) -> String {
    match attr(n, "countryIso2Code") {
        "" | "00" => match attr(n, "countryDescription") {
            "UNKNOWN" => String::new(),
            d => d.to_string(),
        },
        code => code.to_ascii_uppercase(),
    }
}

/// A `birthdate` as written: the full date, else the year (`circa` when so marked).
fn date_of_birth(b: Node) -> String {
    let (date, year) = (attr(b, "birthdate"), attr(b, "year"));
    if !date.is_empty() {
        date.to_string()
    } else if !year.is_empty() && attr(b, "circa") == "true" {
        format!("circa {year}")
    } else {
        year.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> InputFile {
        InputFile {
            name: "eu.xml".into(),
            bytes: text.as_bytes().to_vec(),
            modified: None,
        }
    }

    #[test]
    fn reads_the_fixture() {
        let file = super::super::fixture("eu-fsf.xml", "xmlFullSanctionsList_1_1.xml");
        let list = parse_eu_xml(&file).unwrap();
        assert_eq!(list.source.id, "eu_fsf");
        assert_eq!(list.publish_date.as_deref(), Some("2026-11-20"));
        assert!(list.publish_date_from_file);
        let kp = list.entries.iter().find(|e| e.id == "EU.5478.10").unwrap();
        assert_eq!(kp.kind, EntryKind::Individual);
        assert_eq!(kp.primary_name(), "Jo Yong Chol");
        assert!(
            kp.names
                .iter()
                .any(|n| n.name == "조영철" && n.name_type == NameType::OriginalScript)
        );
        assert!(
            kp.names
                .iter()
                .any(|n| n.name == "Cho Yong-chol" && n.name_type == NameType::Weak)
        );
        assert_eq!(kp.programs, ["PRK"]);
        assert_eq!(kp.dates_of_birth, ["1978-03-04", "circa 1979"]);
        assert_eq!(kp.nationalities, ["KP"]);
        assert!(kp.identifiers.iter().any(|i| i.value == "745120034"));
        let front = list.entries.iter().find(|e| e.id == "EU.5479.22").unwrap();
        assert_eq!(front.kind, EntryKind::Entity);
        assert!(front.addresses.iter().any(|a| a.contains("Shenyang")));
    }

    #[test]
    fn bad_files_are_refused_with_their_line() {
        let head = r#"<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-11-20T10:00:00">"#;
        let no_type = format!(
            "{head}\n<sanctionEntity logicalId=\"1\">\n<nameAlias wholeName=\"A\"/></sanctionEntity></export>"
        );
        let err = parse_eu_xml(&file(&no_type)).unwrap_err().to_string();
        assert!(
            err.contains("line 2") && err.contains("no subjectType"),
            "{err}"
        );
        let no_name = format!(
            "{head}<sanctionEntity logicalId=\"1\"><subjectType code=\"person\"/></sanctionEntity></export>"
        );
        let err = parse_eu_xml(&file(&no_name)).unwrap_err().to_string();
        assert!(err.contains("no nameAlias"), "{err}");
        let empty = format!("{head}</export>");
        let err = parse_eu_xml(&file(&empty)).unwrap_err().to_string();
        assert!(err.contains("no sanctionEntity"), "{err}");
        let truncated = format!("{head}<sanctionEntity logicalId=\"1\">");
        assert!(parse_eu_xml(&file(&truncated)).is_err());
    }
}
