//! Joining FtM records into list entries: targets become entries, and the entities
//! that point at them (sanctions, wallets, identifications, addresses, ownerships,
//! directorships, other links) fill in their programmes, identifiers and context.
//! Every source dataset becomes a list of its own.

use std::collections::{BTreeMap, HashMap};

use super::{OPENSANCTIONS_LICENCE, Raw};
use crate::entry::{EntryKind, IdentifierKind, ListEntry, NameType, Relation};
use crate::lists::{ListError, ListName, ParsedList};
use crate::text::{Script, dominant_script};

/// The schemata screened by name, with the kind of entry each becomes.
const SCREENED: &[(&str, EntryKind)] = &[
    ("Person", EntryKind::Individual),
    ("Organization", EntryKind::Entity),
    ("Company", EntryKind::Entity),
    ("LegalEntity", EntryKind::Entity),
    ("PublicBody", EntryKind::Entity),
    ("Vessel", EntryKind::Vessel),
    ("Airplane", EntryKind::Aircraft),
];

/// Identifier properties of the screened schemata, with the label shown.
const DOCUMENT_PROPS: &[(&str, &str)] = &[
    ("passportNumber", "Passport"),
    ("idNumber", "ID number"),
    ("registrationNumber", "Registration number"),
    ("taxNumber", "Tax number"),
    ("innCode", "INN"),
    ("ogrnCode", "OGRN"),
    ("leiCode", "LEI"),
    ("swiftBic", "SWIFT/BIC"),
    ("imoNumber", "IMO number"),
    ("mmsi", "MMSI"),
];

/// The dataset named for entities that name none (plain FtM files).
const UNATTRIBUTED: &str = "unattributed";

/// Links between two parties: the schema, its two ends, and how each end relates to
/// the other.
const LINKS: &[(&str, &str, &str, &str, &str)] = &[
    ("Ownership", "owner", "asset", "owner of", "owned by"),
    (
        "Directorship",
        "director",
        "organization",
        "director of",
        "has as director",
    ),
    ("UnknownLink", "subject", "object", "linked to", "linked to"),
];

/// What points at a target, gathered in one pass over the records.
#[derive(Default)]
struct Around<'a> {
    sanctions: HashMap<&'a str, Vec<&'a Raw>>,
    wallets: HashMap<&'a str, Vec<&'a Raw>>,
    documents: HashMap<&'a str, Vec<&'a Raw>>,
    relations: HashMap<&'a str, Vec<Relation>>,
    addresses: HashMap<&'a str, &'a Raw>,
    captions: HashMap<&'a str, &'a str>,
}

/// Builds one list per source dataset from the records of one file.
pub(super) fn lists(
    file: &str,
    sha256: &str,
    modified: Option<&str>,
    records: Vec<Raw>,
    unknown: HashMap<String, u64>,
) -> Result<Vec<ParsedList>, ListError> {
    let records = fullest(records);
    let around = gather(&records);
    let mut warnings: Vec<String> = unknown
        .iter()
        .map(|(schema, n)| {
            format!("{n} entities of schema {schema:?}, which is not a FollowTheMoney schema, were left out.")
        })
        .collect();
    warnings.sort();
    let mut datasets: BTreeMap<String, Dataset> = BTreeMap::new();
    let mut nameless = 0u64;
    for r in &records {
        let Some(kind) = SCREENED
            .iter()
            .find(|(s, _)| *s == r.schema)
            .map(|(_, k)| *k)
        else {
            continue;
        };
        if r.target == Some(false) {
            continue;
        }
        let Some(base) = entry(r, kind, &around) else {
            nameless += 1;
            continue;
        };
        add_to_datasets(r, base, &around, &mut datasets);
    }
    if nameless > 0 {
        warnings.push(format!(
            "{nameless} targets carry no name and cannot be screened by name; they were left out."
        ));
    }
    if datasets.is_empty() {
        return Err(ListError::format(
            file,
            None,
            "the file has no screenable targets (Person, Organization, Company, LegalEntity, \
             PublicBody, Vessel or Airplane entities)",
        ));
    }
    Ok(datasets
        .into_iter()
        .map(|(name, d)| d.into_list(&name, file, sha256, modified, &warnings))
        .collect())
}

/// One copy of each entity. A nested export repeats an entity under every target that
/// points at it, and a nested copy may leave out what its own line gives: the fullest
/// copy stands for all. Sorted by id, so a re-import of the same file is the same list.
fn fullest(records: Vec<Raw>) -> Vec<Raw> {
    let mut by_id: HashMap<String, Raw> = HashMap::with_capacity(records.len());
    for r in records {
        let size = |r: &Raw| r.props.values().map(Vec::len).sum::<usize>();
        match by_id.get(&r.id) {
            Some(have) if size(have) >= size(&r) => {}
            _ => {
                by_id.insert(r.id.clone(), r);
            }
        }
    }
    let mut records: Vec<Raw> = by_id.into_values().collect();
    records.sort_by(|a, b| a.id.cmp(&b.id));
    records
}

/// Files a target's entry under each source dataset it names, with the programmes of
/// that dataset's own sanctions.
fn add_to_datasets(
    r: &Raw,
    base: ListEntry,
    around: &Around,
    datasets: &mut BTreeMap<String, Dataset>,
) {
    let names: Vec<&str> = if r.datasets.is_empty() {
        vec![UNATTRIBUTED]
    } else {
        r.datasets.iter().map(String::as_str).collect()
    };
    for ds in names {
        let d = datasets.entry(ds.to_string()).or_default();
        let mut e = base.clone();
        for s in around.sanctions.get(r.id.as_str()).into_iter().flatten() {
            if s.datasets.is_empty() || s.datasets.iter().any(|x| x == ds) {
                for p in s.get("program").iter().chain(s.get("programId")) {
                    ListEntry::push_unique(&mut e.programs, p);
                }
                d.note_authority(s);
            }
        }
        if let Some(seen) = &r.last_seen {
            let day = seen.get(..10).unwrap_or(seen);
            if d.last_seen.as_deref().is_none_or(|l| l < day) {
                d.last_seen = Some(day.to_string());
            }
        }
        d.entries.push(e);
    }
}

/// One pass over every record, filing what points at whom.
fn gather(records: &[Raw]) -> Around<'_> {
    let mut a = Around::default();
    for r in records {
        if let Some(name) = r.first("name") {
            a.captions.insert(&r.id, name);
        }
        match r.schema.as_str() {
            "Sanction" => file_under(&mut a.sanctions, r.get("entity"), r),
            "CryptoWallet" => file_under(&mut a.wallets, r.get("holder"), r),
            "Identification" | "Passport" => file_under(&mut a.documents, r.get("holder"), r),
            "Address" => {
                a.addresses.insert(&r.id, r);
            }
            _ => {}
        }
    }
    for r in records {
        let Some((_, from, to, role_from, role_to)) = LINKS.iter().find(|l| l.0 == r.schema) else {
            continue;
        };
        let role = r.first("role");
        for x in r.get(from) {
            for y in r.get(to) {
                let caption = |id: &str| a.captions.get(id).copied().unwrap_or(id).to_string();
                let with_role = |words: &str| match role {
                    Some(role) if !role.is_empty() => format!("{words} ({role})"),
                    _ => words.to_string(),
                };
                let (cx, cy) = (caption(x), caption(y));
                a.relations.entry(x).or_default().push(Relation {
                    role: with_role(role_from),
                    name: cy,
                    id: y.clone(),
                });
                a.relations.entry(y).or_default().push(Relation {
                    role: with_role(role_to),
                    name: cx,
                    id: x.clone(),
                });
            }
        }
    }
    a
}

fn file_under<'a>(map: &mut HashMap<&'a str, Vec<&'a Raw>>, keys: &'a [String], r: &'a Raw) {
    for k in keys {
        map.entry(k.as_str()).or_default().push(r);
    }
}

/// One target as a list entry, without its programmes (they differ per dataset).
/// `None` when it has no name to screen.
fn entry(r: &Raw, kind: EntryKind, around: &Around) -> Option<ListEntry> {
    let mut names = r.get("name").iter();
    let primary = names
        .next()
        .or_else(|| r.get("alias").first())
        .filter(|n| !n.trim().is_empty())?;
    let mut e = ListEntry::new(r.id.clone(), kind, primary.as_str());
    let other_script = |n: &str| {
        if dominant_script(n) == Script::Latin {
            NameType::Aka
        } else {
            NameType::OriginalScript
        }
    };
    for n in names.chain(r.get("alias")) {
        e.add_name(n, other_script(n));
    }
    for n in r.get("previousName") {
        e.add_name(n, NameType::Fka);
    }
    // Publishers call these low quality; they are kept so a reviewer sees them, and a
    // match on one alone is weighted down by the index.
    for n in r.get("weakAlias") {
        e.add_name(n, NameType::Weak);
    }
    for d in r.get("birthDate") {
        ListEntry::push_unique(&mut e.dates_of_birth, d);
    }
    for c in r.get("nationality").iter().chain(r.get("citizenship")) {
        ListEntry::push_unique(&mut e.nationalities, &c.to_ascii_uppercase());
    }
    if e.nationalities.is_empty() {
        for c in r.get("country").iter().chain(r.get("jurisdiction")) {
            ListEntry::push_unique(&mut e.nationalities, &c.to_ascii_uppercase());
        }
    }
    for a in r.get("address") {
        ListEntry::push_unique(&mut e.addresses, a);
    }
    for id in r.get("addressEntity") {
        if let Some(full) = around
            .addresses
            .get(id.as_str())
            .and_then(|a| a.first("full"))
        {
            ListEntry::push_unique(&mut e.addresses, full);
        }
    }
    add_identifiers(&mut e, r, around);
    e.remarks = r.get("notes").join(" ");
    e.relations = around
        .relations
        .get(r.id.as_str())
        .cloned()
        .unwrap_or_default();
    Some(e)
}

fn add_identifiers(e: &mut ListEntry, r: &Raw, around: &Around) {
    for (prop, kind, label) in [
        ("email", IdentifierKind::Email, "E-mail"),
        ("phone", IdentifierKind::Phone, "Phone"),
        ("website", IdentifierKind::Website, "Website"),
    ] {
        for v in r.get(prop) {
            e.add_identifier(kind, label, v);
        }
    }
    for (prop, label) in DOCUMENT_PROPS {
        for v in r.get(prop) {
            e.add_identifier(IdentifierKind::Document, label, v);
        }
    }
    for d in around.documents.get(r.id.as_str()).into_iter().flatten() {
        let label = d.first("type").unwrap_or(d.schema.as_str());
        for v in d.get("number").iter().chain(d.get("passportNumber")) {
            e.add_identifier(IdentifierKind::Document, label, v);
        }
    }
    for w in around.wallets.get(r.id.as_str()).into_iter().flatten() {
        let label = match w.first("currencySymbol") {
            Some(c) => format!("Digital Currency Address - {c}"),
            None => "Digital Currency Address".to_string(),
        };
        for v in w.get("publicKey").iter().chain(w.get("cryptoAddress")) {
            e.add_identifier(IdentifierKind::Wallet, &label, v);
        }
    }
}

/// One source dataset as it is gathered.
#[derive(Default)]
struct Dataset {
    entries: Vec<ListEntry>,
    /// Sanctioning authorities named by the dataset's sanctions, with how often.
    authorities: BTreeMap<String, u64>,
    last_seen: Option<String>,
}

impl Dataset {
    fn note_authority(&mut self, sanction: &Raw) {
        if let Some(authority) = sanction.first("authority") {
            let who = match sanction.first("country") {
                Some(c) => format!("{authority} ({})", c.to_ascii_uppercase()),
                None => authority.to_string(),
            };
            *self.authorities.entry(who).or_default() += 1;
        }
    }

    fn into_list(
        self,
        name: &str,
        file: &str,
        sha256: &str,
        modified: Option<&str>,
        warnings: &[String],
    ) -> ParsedList {
        // The authority most of its sanctions name; the export has no other statement
        // of who publishes a source.
        let publisher = self
            .authorities
            .iter()
            .max_by_key(|(who, n)| (**n, std::cmp::Reverse((*who).clone())))
            .map(|(who, _)| who.clone())
            .unwrap_or_else(|| "not stated in the export".to_string());
        let mut warnings = warnings.to_vec();
        if self.last_seen.is_none() {
            warnings.push(format!(
                "{file} states no date for dataset {name}; the file date is used."
            ));
        }
        ParsedList {
            source: ListName {
                id: format!("opensanctions:{name}"),
                title: format!("{name} (OpenSanctions)"),
                publisher,
                licence: OPENSANCTIONS_LICENCE.to_string(),
            },
            publish_date_from_file: self.last_seen.is_some(),
            publish_date: self.last_seen.or_else(|| modified.map(str::to_string)),
            files: vec![(file.to_string(), sha256.to_string())],
            entries: self.entries,
            warnings,
        }
    }
}
