//! Qualifiers: the facts besides the name (type, date of birth, country) that lift or
//! lower a name score a little, each recorded with its effect for the explanation.

use super::{Qualifier, Subject};
use crate::entry::{EntryKind, ListEntry};
use crate::text::NameKind;

/// The qualifiers that move a name score for this entry: whether it is a person or
/// not as the name is, its date of birth against the subject's, and countries in common.
pub(super) fn qualify(
    subject: &Subject,
    query_kind: NameKind,
    entry: &ListEntry,
) -> Vec<Qualifier> {
    let mut out = Vec::new();
    let entry_is_person = entry.kind == EntryKind::Individual;
    match query_kind {
        NameKind::Person if !entry_is_person => out.push(Qualifier {
            what: "type".into(),
            effect: -0.15,
            detail: format!(
                "the entry is {} {}, the name is a person's",
                article(entry.kind),
                entry.kind.word()
            ),
        }),
        NameKind::Company if entry_is_person => out.push(Qualifier {
            what: "type".into(),
            effect: -0.15,
            detail: "the entry is an individual, the name is a company's".into(),
        }),
        _ => {}
    }
    if query_kind != NameKind::Company
        && entry_is_person
        && let Some((y, m, d)) = parse_iso(&subject.date_of_birth)
        && !entry.dates_of_birth.is_empty()
    {
        let dobs: Vec<DobFact> = entry.dates_of_birth.iter().map(|s| dob_fact(s)).collect();
        if dobs.iter().any(|f| f.full == Some((y, m, d))) {
            out.push(Qualifier {
                what: "date of birth".into(),
                effect: 0.05,
                detail: format!("{} is the entry's date of birth", subject.date_of_birth),
            });
        } else if dobs.iter().any(|f| f.years.contains(&y)) {
            out.push(Qualifier {
                what: "date of birth".into(),
                effect: 0.02,
                detail: format!("born {y}, a year the entry gives"),
            });
        } else if dobs
            .iter()
            .all(|f| !f.years.is_empty() && f.years.iter().all(|ey| ey.abs_diff(y) > 1))
        {
            out.push(Qualifier {
                what: "date of birth".into(),
                effect: -0.15,
                detail: format!(
                    "born {y}; the entry gives {}",
                    entry.dates_of_birth.join(", ")
                ),
            });
        }
    }
    let entry_countries: Vec<&str> = entry
        .nationalities
        .iter()
        .chain(entry.addresses.iter())
        .filter_map(|s| country_code(s))
        .collect();
    if let Some(cc) = subject
        .countries
        .iter()
        .find(|c| entry_countries.contains(&c.as_str()))
    {
        out.push(Qualifier {
            what: "country".into(),
            effect: 0.03,
            detail: format!("{cc} appears in the entry's nationality or addresses"),
        });
    }
    out
}

fn article(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Entity | EntryKind::Individual => "an",
        EntryKind::Vessel => "a",
        EntryKind::Aircraft => "an",
    }
}

fn parse_iso(s: &str) -> Option<(u32, u32, u32)> {
    let mut it = s.split('-').map(|p| p.parse::<u32>().ok());
    Some((it.next()??, it.next()??, it.next()??))
}

struct DobFact {
    full: Option<(u32, u32, u32)>,
    years: Vec<u32>,
}

/// `25 Apr 1965`, `1965`, `circa 1965`, `1965 to 1967`, `Apr 1965`.
fn dob_fact(s: &str) -> DobFact {
    let numbers: Vec<u32> = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|w| w.parse().ok())
        .collect();
    let years: Vec<u32> = numbers
        .iter()
        .copied()
        .filter(|n| (1000..=2200).contains(n))
        .collect();
    let full = crate::lists::iso_date(s).or_else(|| {
        let parts: Vec<&str> = s.split_whitespace().collect();
        (parts.len() == 3)
            .then(|| crate::lists::iso_date(&parts.join("-")))
            .flatten()
    });
    let full = full.and_then(|d| parse_iso(&d));
    let years = if s.contains(" to ") && years.len() == 2 {
        (years[0]..=years[1]).take(20).collect()
    } else if s.to_ascii_lowercase().starts_with("circa") && years.len() == 1 {
        (years[0] - 1..=years[0] + 1).collect()
    } else {
        years
    };
    DobFact { full, years }
}

/// ISO code for a country named the way lists write it (`Korea, North`, `Russia`).
fn country_code(s: &str) -> Option<&'static str> {
    let last = s.rsplit(',').next().unwrap_or(s).trim();
    let whole = s.trim();
    for candidate in [whole, last] {
        let lower = candidate.to_ascii_lowercase();
        let code = match lower.as_str() {
            "korea, north" | "north korea" | "dprk" | "korea (north)" => Some("KP"),
            "korea, south" | "south korea" | "republic of korea" => Some("KR"),
            "russia" | "russian federation" => Some("RU"),
            "china" | "people's republic of china" => Some("CN"),
            "iran" => Some("IR"),
            "syria" => Some("SY"),
            "united states" | "usa" | "united states of america" => Some("US"),
            "united kingdom" | "uk" => Some("GB"),
            "vietnam" | "viet nam" => Some("VN"),
            "laos" => Some("LA"),
            "burma" | "myanmar" => Some("MM"),
            "united arab emirates" | "uae" => Some("AE"),
            _ => None,
        };
        if code.is_some() {
            return code;
        }
        if let Ok(c) = isocountry::CountryCode::for_alpha2_caseless(candidate).or_else(|_| {
            isocountry::CountryCode::iter()
                .find(|c| c.name().eq_ignore_ascii_case(candidate))
                .copied()
                .ok_or(isocountry::CountryCodeParseErr::InvalidAlpha2 {
                    unknown: String::new(),
                })
        }) {
            return Some(c.alpha2());
        }
    }
    None
}
