//! Screening a subject: every name and identifier of a case against the index, with
//! qualifiers (type, date of birth, country) and exact identifier matches.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::entry::{EntryKind, IdentifierKind, ListEntry, NameType};
use super::index::Index;
use super::score::{AlignedPair, PairReason};
use super::text::{NameKind, prepare};
use crate::model::{CaseFields, SubjectKind};

/// Recorded with every screening, so a result can be traced to the code that made it.
/// Bump when scoring changes.
pub const MATCHER_VERSION: &str = "bonafide-matcher 1.0";

/// The label the built-in watchlist is indexed under.
pub const WATCHLIST: &str = "watchlist";

/// Score limits. Recorded with every screening.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Thresholds {
    /// At or above: a potential match that needs a disposition.
    pub review: f32,
    /// At or above: a strong match.
    pub strong: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        // Chosen on the labelled pairs (best F1 near 0.83); review sits below that to
        // favour recall, as a missed match costs far more than a reviewed false one.
        Thresholds {
            review: 0.80,
            strong: 0.92,
        }
    }
}

/// One name screened and where it came from in the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Query {
    /// `name`, `other name`, `company`, `principal`, `payout account holder`.
    pub role: String,
    /// As written in the case.
    pub name: String,
    /// Person or company rules.
    pub kind: NameKind,
    /// The tokens it was compared by.
    pub normalised: String,
}

/// The parts of a case that are screened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    /// Person or company; `None` for ad-hoc queries without a kind.
    pub kind: Option<SubjectKind>,
    /// Names with their role.
    pub names: Vec<(String, String, NameKind)>,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// ISO 3166-1 alpha-2 codes the subject claims.
    pub countries: Vec<String>,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Websites.
    pub websites: Vec<String>,
    /// E.164 phones.
    pub phones: Vec<String>,
    /// Crypto wallets.
    pub wallets: Vec<String>,
}

impl Subject {
    /// What of a case is screened.
    pub fn from_case(f: &CaseFields) -> Subject {
        let main = match f.kind {
            SubjectKind::Person => NameKind::Person,
            SubjectKind::Company => NameKind::Company,
        };
        let mut names = Vec::new();
        let mut add = |role: &str, name: &str, kind: NameKind| {
            let name = name.trim();
            if !name.is_empty()
                && !names
                    .iter()
                    .any(|(_, n, _): &(String, String, NameKind)| n == name)
            {
                names.push((role.to_string(), name.to_string(), kind));
            }
        };
        add("name", &f.display_name, main);
        for n in &f.other_names {
            add("other name", n, main);
        }
        add("company", &f.company_name, NameKind::Company);
        for p in &f.principals {
            add("principal", p, NameKind::Person);
        }
        add(
            "payout account holder",
            &f.payout_account_holder,
            NameKind::Unknown,
        );
        let mut countries: Vec<String> = [&f.country, &f.company_country, &f.payout_bank_country]
            .into_iter()
            .filter(|c| !c.is_empty())
            .cloned()
            .collect();
        countries.dedup();
        Subject {
            kind: Some(f.kind),
            names,
            date_of_birth: f.date_of_birth.clone(),
            countries,
            emails: f.emails.clone(),
            websites: f.websites.clone(),
            phones: f.phones.clone(),
            wallets: f.wallets.clone(),
        }
    }

    /// An ad-hoc name.
    pub fn name(name: &str, kind: Option<SubjectKind>) -> Subject {
        let nk = match kind {
            Some(SubjectKind::Person) => NameKind::Person,
            Some(SubjectKind::Company) => NameKind::Company,
            None => NameKind::Unknown,
        };
        Subject {
            kind,
            names: vec![("name".into(), name.to_string(), nk)],
            ..Subject::default()
        }
    }

    /// A key that changes whenever anything screened changes: a false-positive
    /// disposition recorded against one version of the subject lapses when it does.
    pub fn key(&self) -> String {
        let bytes = serde_json::to_vec(self).expect("a subject serialises");
        hex::encode(Sha256::digest(bytes))
    }
}

/// A qualifier applied to a name score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Qualifier {
    /// What was compared.
    pub what: String,
    /// Added to the score (negative lowers it).
    pub effect: f32,
    /// In words.
    pub detail: String,
}

/// An identifier of the subject found on the entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IdentifierMatch {
    /// E-mail, website, phone, wallet.
    pub kind: IdentifierKind,
    /// The case's value.
    pub subject_value: String,
    /// The entry's value.
    pub entry_value: String,
    /// How they matched, in words.
    pub detail: String,
}

/// How strong a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// At or above the strong threshold, or an exact identifier.
    Strong,
    /// At or above the review threshold.
    Potential,
}

/// One potential match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Hit {
    /// List source id, or `watchlist`.
    pub list: String,
    /// The entry's id at its publisher.
    pub entry_id: String,
    /// The entry as it stood in the list version screened against.
    pub entry: ListEntry,
    /// SHA-256 of the entry's canonical JSON: a disposition lapses when it changes.
    pub entry_key: String,
    /// The entry's primary name.
    pub name: String,
    /// The entry name that matched best (may be an alias).
    pub matched_name: String,
    /// Primary, a.k.a. …
    pub matched_name_type: NameType,
    /// The case name that matched, and its role.
    pub query: String,
    /// Role of the query in the case.
    pub query_role: String,
    /// Name score before qualifiers, 0–1 (1 for identifier-only hits).
    pub name_score: f32,
    /// Final score, 0–1.
    pub score: f32,
    /// Token pairs that aligned.
    pub pairs: Vec<AlignedPair>,
    /// Query tokens with no partner.
    pub unmatched_query: Vec<String>,
    /// Entry tokens with no partner.
    pub unmatched_entry: Vec<String>,
    /// Qualifiers applied.
    pub qualifiers: Vec<Qualifier>,
    /// Identifiers in common.
    pub identifiers: Vec<IdentifierMatch>,
    /// Strong or potential.
    pub strength: Strength,
}

impl Hit {
    /// True for a hit on the built-in watchlist: a red flag from public reporting, not a
    /// sanctions match.
    pub fn is_watchlist(&self) -> bool {
        self.list == WATCHLIST
    }
}

/// The canonical key of an entry's content.
pub fn entry_key(entry: &ListEntry) -> String {
    let bytes = serde_json::to_vec(entry).expect("an entry serialises");
    hex::encode(Sha256::digest(bytes))
}

/// Screens a subject. Hits are sorted best first, one per list entry.
pub fn screen(index: &Index, subject: &Subject, thresholds: Thresholds) -> (Vec<Query>, Vec<Hit>) {
    let mut queries = Vec::new();
    let mut hits: BTreeMap<(String, String), Hit> = BTreeMap::new();
    for (role, name, kind) in &subject.names {
        let prepared = prepare(name, *kind);
        queries.push(Query {
            role: role.clone(),
            name: name.clone(),
            kind: *kind,
            normalised: prepared.normalised(),
        });
        // Qualifiers can lift a score by a little; look a little below the threshold.
        for c in index.search(&prepared, thresholds.review - 0.06) {
            let qualifiers = qualify(subject, *kind, c.entry);
            let lift: f32 = qualifiers.iter().map(|q| q.effect).sum();
            let score = (c.score.score + lift).clamp(0.0, 1.0);
            if score < thresholds.review {
                continue;
            }
            let name = &c.entry.names[c.name_index];
            let hit = Hit {
                list: c.list.to_string(),
                entry_id: c.entry.id.clone(),
                entry: c.entry.clone(),
                entry_key: entry_key(c.entry),
                name: c.entry.primary_name().to_string(),
                matched_name: name.name.clone(),
                matched_name_type: name.name_type,
                query: prepared.original.clone(),
                query_role: role.clone(),
                name_score: c.score.score,
                score,
                pairs: c.score.pairs,
                unmatched_query: c.score.unmatched_query,
                unmatched_entry: c.score.unmatched_candidate,
                qualifiers,
                identifiers: Vec::new(),
                strength: if score >= thresholds.strong {
                    Strength::Strong
                } else {
                    Strength::Potential
                },
            };
            let key = (hit.list.clone(), hit.entry_id.clone());
            if hits.get(&key).is_none_or(|h| h.score < hit.score) {
                hits.insert(key, hit);
            }
        }
    }
    for (list, entry, m) in identifier_matches(index, subject) {
        let key = (list.to_string(), entry.id.clone());
        let hit = hits.entry(key).or_insert_with(|| Hit {
            list: list.to_string(),
            entry_id: entry.id.clone(),
            entry: entry.clone(),
            entry_key: entry_key(entry),
            name: entry.primary_name().to_string(),
            matched_name: String::new(),
            matched_name_type: NameType::Primary,
            query: String::new(),
            query_role: String::new(),
            name_score: 0.0,
            score: 1.0,
            pairs: Vec::new(),
            unmatched_query: Vec::new(),
            unmatched_entry: Vec::new(),
            qualifiers: Vec::new(),
            identifiers: Vec::new(),
            strength: Strength::Strong,
        });
        // An exact identifier is the strongest evidence there is.
        hit.score = 1.0;
        hit.strength = Strength::Strong;
        if !hit.identifiers.contains(&m) {
            hit.identifiers.push(m);
        }
    }
    let mut hits: Vec<Hit> = hits.into_values().collect();
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.list.cmp(&b.list))
            .then(a.entry_id.cmp(&b.entry_id))
    });
    (queries, hits)
}

fn qualify(subject: &Subject, query_kind: NameKind, entry: &ListEntry) -> Vec<Qualifier> {
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
    let full = super::lists::iso_date(s).or_else(|| {
        let parts: Vec<&str> = s.split_whitespace().collect();
        (parts.len() == 3)
            .then(|| super::lists::iso_date(&parts.join("-")))
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

/// Identifier keys: lower-case e-mails, bare host names, phone digits, wallets (hex
/// wallets folded to lower case; base58 ones are case-sensitive).
pub(crate) fn identifier_key(kind: IdentifierKind, value: &str) -> Option<String> {
    let v = value.trim();
    let key = match kind {
        IdentifierKind::Email => v.to_lowercase(),
        IdentifierKind::Website => host_of(v)?,
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

/// `https://www.Example.com/path` → `example.com`.
pub fn host_of(v: &str) -> Option<String> {
    let v = v.trim();
    let with_scheme = if v.contains("://") {
        v.to_string()
    } else {
        format!("http://{v}")
    };
    let host = url::Url::parse(&with_scheme)
        .ok()?
        .host_str()?
        .to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (host.contains('.')).then_some(host)
}

fn identifier_matches<'a>(
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

/// Reasons of a hit in one line, for the CLI and the PDF.
pub fn explain(hit: &Hit) -> String {
    let mut parts: Vec<String> = hit
        .pairs
        .iter()
        .map(|p| {
            if p.reason == PairReason::Exact {
                format!("{} = {} ({:.2})", p.query, p.candidate, p.score)
            } else {
                format!(
                    "{} ~ {} ({}, {:.2})",
                    p.query,
                    p.candidate,
                    p.reason.word(),
                    p.score
                )
            }
        })
        .collect();
    if !hit.unmatched_query.is_empty() {
        parts.push(format!("not in entry: {}", hit.unmatched_query.join(" ")));
    }
    if !hit.unmatched_entry.is_empty() {
        parts.push(format!("not in query: {}", hit.unmatched_entry.join(" ")));
    }
    for q in &hit.qualifiers {
        parts.push(format!("{} {:+.2}: {}", q.what, q.effect, q.detail));
    }
    for m in &hit.identifiers {
        parts.push(format!(
            "{}: {} ({})",
            m.kind.word(),
            m.subject_value,
            m.detail
        ));
    }
    parts.join("; ")
}
