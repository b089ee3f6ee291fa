//! Screening a subject: every name and identifier of a case against the index, with
//! qualifiers (type, date of birth, country) and exact identifier matches.
//!
//! This module holds the result types and the screening itself; `qualify` holds the
//! qualifiers and `identifiers` the identifier lookup.

mod identifiers;
mod qualify;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use bonafide_model::{CaseFields, SubjectKind};
use identifiers::identifier_matches;
use qualify::qualify;

use super::entry::{IdentifierKind, ListEntry, NameType};
use super::index::{Candidate, Index};
use super::score::{AlignedPair, PairReason, TokenWeight};
use super::text::{NameKind, Prepared, prepare};

/// Recorded with every screening, so a result can be traced to the code that made it.
/// Bump when scoring changes.
pub const MATCHER_VERSION: &str = "bonafide-matcher 1.1";

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
    /// What each token of both names counted.
    #[serde(default)]
    pub weights: Vec<TokenWeight>,
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

    /// True for a hit on a watchlist entry of a person charged but not sanctioned: shown
    /// as context, never proposed as a match, never alerted on.
    pub fn is_context_only(&self) -> bool {
        self.is_watchlist() && self.entry.standing == Some(crate::entry::Standing::Charged)
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
            let Some(hit) = name_hit(subject, role, *kind, &prepared, c, thresholds) else {
                continue;
            };
            let key = (hit.list.clone(), hit.entry_id.clone());
            if hits.get(&key).is_none_or(|h| h.score < hit.score) {
                hits.insert(key, hit);
            }
        }
    }
    add_identifier_hits(&mut hits, index, subject);
    let mut hits: Vec<Hit> = hits.into_values().collect();
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.list.cmp(&b.list))
            .then(a.entry_id.cmp(&b.entry_id))
    });
    (queries, hits)
}

/// The hit a name candidate makes once qualified, or `None` if the qualifiers leave it
/// below the review threshold.
fn name_hit(
    subject: &Subject,
    role: &str,
    kind: NameKind,
    prepared: &Prepared,
    c: Candidate,
    thresholds: Thresholds,
) -> Option<Hit> {
    let qualifiers = qualify(subject, kind, c.entry);
    let lift: f32 = qualifiers.iter().map(|q| q.effect).sum();
    let score = (c.score.score + lift).clamp(0.0, 1.0);
    if score < thresholds.review {
        return None;
    }
    let name = &c.entry.names[c.name_index];
    Some(Hit {
        list: c.list.to_string(),
        entry_id: c.entry.id.clone(),
        entry: c.entry.clone(),
        entry_key: entry_key(c.entry),
        name: c.entry.primary_name().to_string(),
        matched_name: name.name.clone(),
        matched_name_type: name.name_type,
        query: prepared.original.clone(),
        query_role: role.to_string(),
        name_score: c.score.score,
        score,
        pairs: c.score.pairs,
        unmatched_query: c.score.unmatched_query,
        unmatched_entry: c.score.unmatched_candidate,
        weights: c.score.weights,
        qualifiers,
        identifiers: Vec::new(),
        strength: if score >= thresholds.strong {
            Strength::Strong
        } else {
            Strength::Potential
        },
    })
}

/// Adds the identifiers the subject shares with entries: to the entry's name hit if
/// there is one, else as a hit of its own. Either way the hit becomes strong.
fn add_identifier_hits(
    hits: &mut BTreeMap<(String, String), Hit>,
    index: &Index,
    subject: &Subject,
) {
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
            weights: Vec::new(),
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
    if !hit.weights.is_empty() {
        let words: Vec<String> = hit
            .weights
            .iter()
            .map(|w| {
                if w.rarity < 1.0 {
                    format!("{} {:.2} (common on the lists)", w.token, w.weight)
                } else {
                    format!("{} {:.2}", w.token, w.weight)
                }
            })
            .collect();
        parts.push(format!("weights: {}", words.join(", ")));
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
