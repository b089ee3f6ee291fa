//! Cross-case duplicates: the same contact or payment detail, or near-identical résumé
//! text, in another case. Fraud rings reuse phones, payout accounts and résumés across
//! the identities they apply under.

use serde::{Deserialize, Serialize};

use super::web;
use bonafide_model::CaseFields;

/// Another case, as the duplicate search sees it.
#[derive(Debug, Clone)]
pub struct OtherCase {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its details.
    pub fields: CaseFields,
}

/// One detail found in two places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedDetail {
    /// What kind of detail ("e-mail", "phone", "payout account" …).
    pub what: String,
    /// The value as compared.
    pub value: String,
    /// Where it is in this case ("the subject's e-mail", "a referee's phone").
    pub here: String,
    /// Where it is in the other case; the other case is `None` when the overlap is within
    /// this case (a referee using the candidate's own number).
    pub there: String,
    /// The other case's id.
    pub case_id: Option<String>,
    /// The other case's name.
    pub case_name: Option<String>,
}

/// A URL reduced to what identifies a site or profile: host without `www.`, path without
/// trailing slash, lower case. `https://www.github.com/Alice/` → `github.com/alice`.
pub fn site_key(url: &str) -> String {
    let parsed = url::Url::parse(url);
    match parsed {
        Ok(u) => {
            let host = u.host_str().unwrap_or_default().trim_start_matches("www.");
            let path = u.path().trim_end_matches('/');
            format!("{host}{path}").to_lowercase()
        }
        Err(_) => url.trim().to_lowercase(),
    }
}

fn account_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// `(kind, value, where)` for every comparable detail of a case.
fn details(f: &CaseFields) -> Vec<(&'static str, String, &'static str)> {
    let mut out = Vec::new();
    for e in &f.emails {
        out.push(("e-mail", e.to_lowercase(), "the subject's e-mail"));
    }
    for p in &f.phones {
        out.push(("phone", p.clone(), "the subject's phone"));
    }
    for w in &f.websites {
        out.push(("website", site_key(w), "the subject's website"));
    }
    if !f.payout_account.trim().is_empty() {
        out.push((
            "payout account",
            account_key(&f.payout_account),
            "the payout account",
        ));
    }
    for w in &f.wallets {
        out.push(("wallet", w.trim().to_string(), "a wallet"));
    }
    for e in &f.referee_emails {
        out.push(("e-mail", e.to_lowercase(), "a referee's e-mail"));
    }
    for p in &f.referee_phones {
        out.push(("phone", p.clone(), "a referee's phone"));
    }
    out
}

/// Details of `subject` found in other cases, and referee details that repeat the
/// subject's own.
pub fn shared_details(subject: &CaseFields, others: &[OtherCase]) -> Vec<SharedDetail> {
    let mine = details(subject);
    let mut out = Vec::new();
    // Within the case: a referee reachable at the candidate's own address or number.
    for (kind, value, here) in &mine {
        if !here.starts_with("a referee") {
            continue;
        }
        if let Some((_, _, own)) = mine
            .iter()
            .find(|(k, v, w)| k == kind && v == value && w.starts_with("the subject"))
        {
            out.push(SharedDetail {
                what: kind.to_string(),
                value: value.clone(),
                here: here.to_string(),
                there: own.to_string(),
                case_id: None,
                case_name: None,
            });
        }
    }
    for other in others {
        let theirs = details(&other.fields);
        for (kind, value, here) in &mine {
            if let Some((_, _, there)) = theirs.iter().find(|(k, v, _)| k == kind && v == value) {
                out.push(SharedDetail {
                    what: kind.to_string(),
                    value: value.clone(),
                    here: here.to_string(),
                    there: there.to_string(),
                    case_id: Some(other.id.clone()),
                    case_name: Some(other.name.clone()),
                });
            }
        }
    }
    out
}

/// A near-identical résumé in another case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarText {
    /// The other case.
    pub case_id: String,
    /// Its name.
    pub case_name: String,
    /// How much they share.
    pub overlap: web::Overlap,
    /// The shared passages.
    pub passages: Vec<String>,
}

/// Other cases whose résumé text shares whole passages with the subject's.
pub fn similar_resumes(subject: &CaseFields, others: &[OtherCase]) -> Vec<SimilarText> {
    if subject.resume_text.trim().is_empty() {
        return Vec::new();
    }
    let mine = web::print(&subject.resume_text);
    let mut out = Vec::new();
    for other in others {
        if other.fields.resume_text.trim().is_empty() {
            continue;
        }
        let theirs = web::print(&other.fields.resume_text);
        let o = web::overlap(&mine.shingles, &theirs.shingles);
        if o.is_near_copy() {
            out.push(SimilarText {
                case_id: other.id.clone(),
                case_name: other.name.clone(),
                overlap: o,
                passages: web::shared_passages(&subject.resume_text, &theirs.shingles, 3),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: &str, f: impl FnOnce(&mut CaseFields)) -> OtherCase {
        let mut fields = CaseFields {
            display_name: id.into(),
            ..Default::default()
        };
        f(&mut fields);
        OtherCase {
            id: id.into(),
            name: id.into(),
            fields,
        }
    }

    #[test]
    fn shared_contacts_payouts_and_referees_are_found() {
        let subject = case("me", |f| {
            f.emails = vec!["dev@example.com".into()];
            f.phones = vec!["+447400123456".into()];
            f.websites = vec!["https://www.github.com/Alice/".into()];
            f.payout_account = "GB33 BUKB 2020 1555 5555 55".into();
            f.referee_phones = vec!["+447400123456".into()];
        })
        .fields;
        let others = vec![
            case("a", |f| f.payout_account = "gb33bukb20201555555555".into()),
            case("b", |f| {
                f.websites = vec!["https://github.com/alice".into()]
            }),
            case("c", |f| f.websites = vec!["https://github.com/bob".into()]),
            case("d", |f| f.referee_emails = vec!["DEV@example.com".into()]),
        ];
        let shared = shared_details(&subject, &others);
        let summary: Vec<(String, Option<String>)> = shared
            .iter()
            .map(|s| (s.what.clone(), s.case_id.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("phone".to_string(), None),
                ("payout account".to_string(), Some("a".to_string())),
                ("website".to_string(), Some("b".to_string())),
                ("e-mail".to_string(), Some("d".to_string())),
            ]
        );
        assert_eq!(shared[0].there, "the subject's phone");
    }

    #[test]
    fn near_identical_resumes_are_found_and_different_ones_are_not() {
        let text = "Senior full-stack engineer with nine years of experience building \
            payment platforms in React, Node.js and Go. Led a team of six at a fintech \
            start-up, cut checkout latency by forty percent and migrated the monolith to \
            services on Kubernetes. Available for remote contracts in any time zone.";
        let subject = case("me", |f| f.resume_text = text.replace("nine", "eight")).fields;
        let others = vec![
            case("twin", |f| f.resume_text = text.into()),
            case("other", |f| {
                f.resume_text = "Data analyst with a background in epidemiology and \
                    R; built dashboards for public health agencies."
                    .into()
            }),
        ];
        let similar = similar_resumes(&subject, &others);
        assert_eq!(similar.len(), 1);
        assert_eq!(similar[0].case_id, "twin");
        assert!(!similar[0].passages.is_empty());
    }
}
