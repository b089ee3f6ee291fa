//! Identifiers. They cross IPC and the CLI as strings (UUID v7: sortable by creation time),
//! never as raw integers, so JavaScript cannot round them.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub struct $name(String);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7().hyphenated().to_string())
            }

            /// Parses an id given by a user or the UI. Accepts any case and returns the
            /// canonical lower-case form, or `None` when it is not a UUID.
            pub fn parse(s: &str) -> Option<Self> {
                uuid::Uuid::parse_str(s.trim())
                    .ok()
                    .map(|u| Self(u.hyphenated().to_string()))
            }

            /// The canonical string form.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Wraps a value read back from the store, which only ever holds canonical ids.
            pub fn from_stored(s: String) -> Self {
                Self(s)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

uuid_id!(
    /// Identifies a case.
    CaseId
);
uuid_id!(
    /// Identifies one piece of evidence attached to an item.
    EvidenceId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_upper_case_and_canonicalises() {
        let id = CaseId::new();
        let parsed = CaseId::parse(&id.as_str().to_uppercase()).expect("valid uuid");
        assert_eq!(parsed, id);
    }

    #[test]
    fn parse_rejects_garbage() {
        assert!(CaseId::parse("not-an-id").is_none());
        assert!(CaseId::parse("").is_none());
    }

    #[test]
    fn new_ids_sort_by_creation() {
        let a = CaseId::new();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = CaseId::new();
        assert!(a < b);
    }
}
