//! One entry of a sanctions list or of the built-in watchlist, in a shape shared by
//! every list format.

use serde::{Deserialize, Serialize};

/// What kind of party a list entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A natural person.
    Individual,
    /// A company, organisation or other legal person.
    Entity,
    /// A ship.
    Vessel,
    /// An aircraft.
    Aircraft,
}

impl EntryKind {
    /// The word shown to people.
    pub fn word(self) -> &'static str {
        match self {
            EntryKind::Individual => "individual",
            EntryKind::Entity => "entity",
            EntryKind::Vessel => "vessel",
            EntryKind::Aircraft => "aircraft",
        }
    }
}

/// How a name belongs to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NameType {
    /// The entry's main name.
    Primary,
    /// Also known as.
    Aka,
    /// Formerly known as.
    Fka,
    /// Now known as.
    Nka,
    /// A low-quality alias: publishers list them for context, and a match on one alone
    /// deserves less weight.
    Weak,
    /// The name in its original (non-Latin) script.
    OriginalScript,
}

impl NameType {
    /// The words shown to people.
    pub fn word(self) -> &'static str {
        match self {
            NameType::Primary => "primary name",
            NameType::Aka => "a.k.a.",
            NameType::Fka => "f.k.a.",
            NameType::Nka => "n.k.a.",
            NameType::Weak => "weak a.k.a.",
            NameType::OriginalScript => "original script",
        }
    }
}

/// One name of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntryName {
    /// As published.
    pub name: String,
    /// Primary, alias …
    #[serde(rename = "type")]
    pub name_type: NameType,
}

/// What kind of identifier an entry carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    /// E-mail address.
    Email,
    /// Website or domain.
    Website,
    /// Phone number.
    Phone,
    /// Digital currency (crypto) address.
    Wallet,
    /// Passport, national ID, registration or tax number.
    Document,
}

impl IdentifierKind {
    /// The words shown to people.
    pub fn word(self) -> &'static str {
        match self {
            IdentifierKind::Email => "e-mail",
            IdentifierKind::Website => "website",
            IdentifierKind::Phone => "phone",
            IdentifierKind::Wallet => "wallet",
            IdentifierKind::Document => "document",
        }
    }
}

/// One identifier of an entry, as published plus the key it is matched by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Identifier {
    /// E-mail, website, phone …
    pub kind: IdentifierKind,
    /// What the value is called at the publisher (`Passport`, `Digital Currency Address
    /// - XBT`, `Email Address`).
    pub label: String,
    /// As published.
    pub value: String,
}

/// A party the list links an entry to (an owner, a director, an associate), shown as
/// context on a hit. The linked party is not itself a match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Relation {
    /// How the entry relates to the other party (`owned by`, `director of`, `linked to`).
    pub role: String,
    /// The other party's name.
    pub name: String,
    /// The other party's id in the same export.
    pub id: String,
}

/// What public record puts a watchlist entry there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Sanctioned by a government for IT-worker activity (also on its sanctions list).
    Designated,
    /// Named as a front by a government or by research, neither sanctioned nor charged.
    Reported,
    /// A person charged or convicted, not sanctioned: context, never a match, because a
    /// shared name is no link to a case that names someone else.
    Charged,
}

/// One list entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListEntry {
    /// The publisher's identifier (OFAC ent_num, UN reference, UK unique id).
    pub id: String,
    /// Individual, entity, vessel or aircraft.
    pub kind: EntryKind,
    /// Names, the primary name first.
    pub names: Vec<EntryName>,
    /// Sanctions programmes or regimes.
    pub programs: Vec<String>,
    /// Dates of birth as published (`25 Apr 1965`, `1965`, `circa 1970`).
    pub dates_of_birth: Vec<String>,
    /// Nationalities and citizenships as published.
    pub nationalities: Vec<String>,
    /// Addresses, one line each.
    pub addresses: Vec<String>,
    /// E-mails, websites, phones, wallets and documents.
    pub identifiers: Vec<Identifier>,
    /// Free remarks as published, for the reviewer to read.
    pub remarks: String,
    /// Where a watchlist entry comes from (public reporting); empty for sanctions lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Owners, directors and other linked parties, where the list gives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// For a watchlist entry, what puts it there; `None` on sanctions lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub standing: Option<Standing>,
}

impl ListEntry {
    /// An entry with only an id, kind and primary name; parsers fill in the rest.
    pub fn new(id: impl Into<String>, kind: EntryKind, name: impl Into<String>) -> ListEntry {
        ListEntry {
            id: id.into(),
            kind,
            names: vec![EntryName {
                name: name.into(),
                name_type: NameType::Primary,
            }],
            programs: Vec::new(),
            dates_of_birth: Vec::new(),
            nationalities: Vec::new(),
            addresses: Vec::new(),
            identifiers: Vec::new(),
            remarks: String::new(),
            sources: Vec::new(),
            relations: Vec::new(),
            standing: None,
        }
    }

    /// The primary name.
    pub fn primary_name(&self) -> &str {
        self.names.first().map(|n| n.name.as_str()).unwrap_or("")
    }

    /// Adds a name unless the entry already has it.
    pub fn add_name(&mut self, name: &str, name_type: NameType) {
        let name = name.trim();
        if !name.is_empty() && !self.names.iter().any(|n| n.name == name) {
            self.names.push(EntryName {
                name: name.to_string(),
                name_type,
            });
        }
    }

    /// Adds a value unless it is empty or already there.
    pub fn push_unique(list: &mut Vec<String>, value: &str) {
        let value = value.trim();
        if !value.is_empty() && !list.iter().any(|v| v == value) {
            list.push(value.to_string());
        }
    }

    /// Adds an identifier unless it is empty or already there.
    pub fn add_identifier(&mut self, kind: IdentifierKind, label: &str, value: &str) {
        let value = value.trim().trim_end_matches(['.', ',', ';']);
        if value.is_empty()
            || self
                .identifiers
                .iter()
                .any(|i| i.kind == kind && i.value == value)
        {
            return;
        }
        self.identifiers.push(Identifier {
            kind,
            label: label.trim().to_string(),
            value: value.to_string(),
        });
    }
}

/// Identifier keys: lower-case e-mails, bare host names, phone digits, wallets (hex
/// wallets folded to lower case; base58 ones are case-sensitive).
pub fn identifier_key(kind: IdentifierKind, value: &str) -> Option<String> {
    let v = value.trim();
    let key = match kind {
        IdentifierKind::Email => v.to_lowercase(),
        IdentifierKind::Website => bonafide_model::host_of(v)?,
        IdentifierKind::Phone => {
            let digits: String = v.chars().filter(char::is_ascii_digit).collect();
            if digits.len() < 7 {
                return None;
            }
            digits
        }
        IdentifierKind::Wallet => {
            if v.starts_with("0x") || v.starts_with("0X") {
                v.to_lowercase()
            } else {
                v.to_string()
            }
        }
        IdentifierKind::Document => return None,
    };
    (!key.is_empty()).then_some(key)
}
