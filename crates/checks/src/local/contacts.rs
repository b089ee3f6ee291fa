//! What the case's e-mail addresses and phone numbers say by themselves: a disposable or
//! free-mail provider, a number that is invalid, from another country than claimed, or not
//! tied to a place.

use bonafide_model::CaseFields;

use crate::contact::{self, EmailClass};
use crate::items;
use crate::result::{Finding, Signal, fact};
use crate::task_end::TaskEnd;

/// Classifies every address of the subject and the referees by its provider.
pub(crate) fn emails(fields: &CaseFields) -> TaskEnd {
    use items::*;
    let mut findings = Vec::new();
    let lists = format!(
        "disposable list of {}, free-mail list of {}",
        contact::disposable_list().date,
        contact::free_list().date
    );
    for (list, item, whose) in [
        (&fields.emails, CONTACT, "The subject's"),
        (&fields.referee_emails, REFEREE_DOMAINS, "A referee's"),
    ] {
        for e in list {
            let Some(d) = contact::email_domain(e) else {
                continue;
            };
            let (signal, words) = match contact::email_class(&d) {
                EmailClass::Disposable => (Signal::RedFlag, "a disposable (throw-away) address"),
                EmailClass::Free if item == REFEREE_DOMAINS => (
                    Signal::RedFlag,
                    "a free-mail address; a referee speaking for a company should write from its domain",
                ),
                EmailClass::Free => (
                    Signal::Info,
                    "a free-mail address (noted, not a red flag on its own)",
                ),
                EmailClass::Organisation => (Signal::Ok, "on an organisation's own domain"),
            };
            findings.push(
                Finding::new(item, signal, e, format!("{whose} address {e} is {words}"))
                    .with(vec![fact("Domain", d), fact("Lists", lists.clone())]),
            );
        }
    }
    TaskEnd::done(format!("{} address(es)", findings.len()), findings)
}

/// Checks every phone number against its numbering plan and the claimed country.
pub(crate) fn phones(fields: &CaseFields) -> TaskEnd {
    let mut findings = Vec::new();
    for p in &fields.phones {
        let facts = contact::phone_facts(p, &fields.country);
        let mut problems = Vec::new();
        if !facts.valid {
            problems.push("is not valid in its numbering plan".to_string());
        }
        if facts.matches_claimed == Some(false) {
            problems.push(format!(
                "belongs to {} but the claimed country is {}",
                facts.region.as_deref().unwrap_or("?"),
                facts.claimed_country.as_deref().unwrap_or("?")
            ));
        }
        if facts.non_geographic {
            problems.push(format!("is a {} number, not tied to a place", facts.kind));
        }
        let signal = if problems.is_empty() {
            Signal::Ok
        } else {
            Signal::RedFlag
        };
        let summary = if problems.is_empty() {
            format!(
                "{p} is a valid {} number in {}",
                facts.kind,
                facts.region.as_deref().unwrap_or("an unknown region")
            )
        } else {
            format!("{p} {}", problems.join(" and "))
        };
        findings.push(Finding::new(items::CONTACT, signal, p, summary).with(vec![
                fact("Valid", if facts.valid { "yes" } else { "no" }),
                fact(
                    "Region",
                    facts.region.clone().unwrap_or_else(|| "unknown".into()),
                ),
                fact(
                    "Claimed country",
                    facts
                        .claimed_country
                        .clone()
                        .unwrap_or_else(|| "not given".into()),
                ),
                fact("Type", facts.kind.clone()),
            ]));
    }
    TaskEnd::done(format!("{} number(s)", findings.len()), findings)
}
