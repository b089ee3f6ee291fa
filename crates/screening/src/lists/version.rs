//! One loaded version of a list as stored, and the name it goes by.

use serde::{Deserialize, Serialize};

use super::{ListName, ListSource};

/// One loaded version of a list, without its entries: what a screening cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListVersion {
    /// Row id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// List source id.
    pub source: String,
    /// The list's name as shown to people (empty in versions loaded before lists named
    /// themselves: [`ListSource::title`] then applies).
    #[serde(default)]
    pub title: String,
    /// Who publishes it.
    #[serde(default)]
    pub publisher: String,
    /// The terms the data comes under, if not a government's own publication.
    #[serde(default)]
    pub licence: String,
    /// `YYYY-MM-DD`.
    pub publish_date: Option<String>,
    /// Whether the publish date came from the file itself (else the file's date).
    pub publish_date_from_file: bool,
    /// SHA-256 of the version.
    pub sha256: String,
    /// Files with their SHA-256.
    pub files: Vec<(String, String)>,
    /// Entries.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entity_count: i64,
    /// Names including aliases.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub name_count: i64,
    /// When loaded.
    pub loaded_at: String,
    /// Who loaded it.
    pub loaded_by: String,
    /// `file` or the URL it was downloaded from.
    pub origin: String,
    /// Import warnings.
    pub warnings: Vec<String>,
}

impl ListVersion {
    /// The list as the record names it. Versions loaded before lists named themselves
    /// carry no name: a publisher's list then takes its built-in one, anything else its id.
    pub fn name(&self) -> ListName {
        if !self.title.is_empty() {
            return ListName {
                id: self.source.clone(),
                title: self.title.clone(),
                publisher: self.publisher.clone(),
                licence: self.licence.clone(),
            };
        }
        match ListSource::from_id(&self.source) {
            Some(s) => s.name(),
            None => ListName {
                id: self.source.clone(),
                title: self.source.clone(),
                publisher: String::new(),
                licence: String::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(source: &str, title: &str) -> ListVersion {
        ListVersion {
            id: 1,
            source: source.into(),
            title: title.into(),
            publisher: if title.is_empty() { "" } else { "Ministry" }.into(),
            licence: String::new(),
            publish_date: None,
            publish_date_from_file: false,
            sha256: String::new(),
            files: Vec::new(),
            entity_count: 0,
            name_count: 0,
            loaded_at: String::new(),
            loaded_by: String::new(),
            origin: String::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn a_version_names_itself_else_falls_back_to_the_built_in_name() {
        let named = version("opensanctions:kr_mofa_sanctions", "Korean list").name();
        assert_eq!(
            (named.title.as_str(), named.publisher.as_str()),
            ("Korean list", "Ministry")
        );
        // Loaded before lists named themselves.
        assert_eq!(version("ofac_sdn", "").name(), ListSource::OfacSdn.name());
        assert_eq!(version("other", "").name().title, "other");
    }
}
