//! Identifier matches: the subject's e-mails, websites, phones and wallets looked up
//! among the identifiers the lists give, compared by their normalised keys.

use super::{IdentifierMatch, Subject};
use crate::entry::{IdentifierKind, ListEntry, identifier_key};
use crate::index::Index;

/// Every identifier of the subject (e-mail, e-mail domain, website, phone, wallet) that
/// an indexed entry also gives, with the list and entry it is on.
pub(super) fn identifier_matches<'a>(
    index: &'a Index,
    subject: &Subject,
) -> Vec<(&'a str, &'a ListEntry, IdentifierMatch)> {
    let mut wanted: Vec<(IdentifierKind, String, String, &str)> = Vec::new();
    for e in &subject.emails {
        if let Some(k) = identifier_key(IdentifierKind::Email, e) {
            wanted.push((IdentifierKind::Email, k, e.clone(), "same e-mail address"));
        }
        if let Some(domain) = e.rsplit_once('@').map(|(_, d)| d.to_lowercase()) {
            wanted.push((
                IdentifierKind::Website,
                domain,
                e.clone(),
                "the e-mail's domain is the entry's website",
            ));
        }
    }
    for w in &subject.websites {
        if let Some(k) = identifier_key(IdentifierKind::Website, w) {
            wanted.push((IdentifierKind::Website, k, w.clone(), "same website domain"));
        }
    }
    for p in &subject.phones {
        if let Some(k) = identifier_key(IdentifierKind::Phone, p) {
            wanted.push((IdentifierKind::Phone, k, p.clone(), "same phone number"));
        }
    }
    for w in &subject.wallets {
        if let Some(k) = identifier_key(IdentifierKind::Wallet, w) {
            wanted.push((IdentifierKind::Wallet, k, w.clone(), "same wallet address"));
        }
    }
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (key, list, entry, id) in index.identifiers() {
        for (kind, wanted_key, subject_value, detail) in &wanted {
            let wanted_key = wanted_key.as_str();
            let same = *kind == id.kind
                && match kind {
                    // Country codes are written or left out: compare the national
                    // significant part when one number ends with the other.
                    IdentifierKind::Phone => {
                        key == wanted_key
                            || (key.len().min(wanted_key.len()) >= 9
                                && (key.ends_with(wanted_key) || wanted_key.ends_with(key)))
                    }
                    _ => key == wanted_key,
                };
            if same {
                out.push((
                    list,
                    entry,
                    IdentifierMatch {
                        kind: *kind,
                        subject_value: subject_value.clone(),
                        entry_value: id.value.clone(),
                        detail: detail.to_string(),
                    },
                ));
            }
        }
    }
    out
}
