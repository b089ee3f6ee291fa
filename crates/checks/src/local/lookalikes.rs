//! Look-alike domains: the subject's and the referees' domains against the real domains
//! the user entered for the claimed employer or company, and the referees' domains against
//! the subject's own. Only organisations' domains are compared; a free-mail provider
//! imitates nobody.

use bonafide_model::{CaseFields, host_of};

use crate::contact::{self, EmailClass};
use crate::items::{LOOKALIKE, REFEREE_DOMAINS};
use crate::lookalike::{self, Lookalike};
use crate::result::{Finding, Signal, fact};
use crate::task_end::TaskEnd;

/// Compares every organisation domain of the case with the real ones.
pub(crate) fn lookalikes(fields: &CaseFields) -> TaskEnd {
    let known = &fields.known_domains;
    let referee = referee_domains(fields);
    let own = own_domains(fields);
    let mut findings = Vec::new();
    for (domains, item, whose) in [
        (&own, LOOKALIKE, "the subject's"),
        (&referee, REFEREE_DOMAINS, "a referee's"),
    ] {
        for d in domains {
            if let Some(l) = organisation_lookalike(d, known) {
                findings.extend(imitation_findings(d, &l, item, whose));
            }
        }
    }
    // Referee domains that imitate the subject's own domains are as telling.
    for d in &referee {
        if let Some(l) = organisation_lookalike(d, &own) {
            findings.push(imitates_subject_finding(d, &l));
        }
    }
    add_all_clear(&mut findings, known, &referee);
    let flagged = findings
        .iter()
        .filter(|f| f.signal == Signal::RedFlag)
        .count();
    TaskEnd::done(format!("{flagged} look-alike(s)"), findings)
}

/// The subject's own domains: the websites' hosts and the e-mail domains, sorted, once each.
fn own_domains(fields: &CaseFields) -> Vec<String> {
    let mut out: Vec<String> = fields.websites.iter().filter_map(|w| host_of(w)).collect();
    out.extend(
        fields
            .emails
            .iter()
            .filter_map(|e| contact::email_domain(e)),
    );
    out.sort();
    out.dedup();
    out
}

/// The referees' e-mail domains, sorted, once each.
fn referee_domains(fields: &CaseFields) -> Vec<String> {
    let mut r: Vec<String> = fields
        .referee_emails
        .iter()
        .filter_map(|e| contact::email_domain(e))
        .collect();
    r.sort();
    r.dedup();
    r
}

/// The real domain `domain` imitates, when `domain` is an organisation's.
fn organisation_lookalike(domain: &str, real_domains: &[String]) -> Option<Lookalike> {
    if contact::email_class(domain) != EmailClass::Organisation {
        return None;
    }
    lookalike::compare(domain, real_domains)
}

fn reasons_words(l: &Lookalike) -> String {
    let reasons: Vec<String> = l.reasons.iter().map(|r| r.describe()).collect();
    reasons.join("; ")
}

/// A domain that imitates a real one, on `item`, with the reasons.
fn imitation_findings(domain: &str, l: &Lookalike, item: &str, whose: &str) -> Vec<Finding> {
    let reasons = reasons_words(l);
    // A referee's look-alike domain informs both the referee item and the company
    // look-alike item, which covers "the company's and referees'" domains.
    let targets: &[&str] = if item == REFEREE_DOMAINS {
        &[REFEREE_DOMAINS, LOOKALIKE]
    } else {
        &[LOOKALIKE]
    };
    targets
        .iter()
        .map(|target| {
            Finding::new(
                target,
                Signal::RedFlag,
                domain,
                format!(
                    "{whose} domain {} imitates {}: {}",
                    l.domain, l.resembles, reasons
                ),
            )
            .with(vec![
                fact("Domain", l.domain.clone()),
                fact("Real domain", l.resembles.clone()),
                fact("Why", reasons.clone()),
            ])
        })
        .collect()
}

/// A referee's domain that resembles one of the subject's own.
fn imitates_subject_finding(domain: &str, l: &Lookalike) -> Finding {
    Finding::new(
        REFEREE_DOMAINS,
        Signal::RedFlag,
        domain,
        format!(
            "a referee's domain {} resembles the subject's own {}: {}",
            l.domain,
            l.resembles,
            reasons_words(l)
        ),
    )
}

/// Says why nothing was compared, or that nothing imitates the real domains, so a clean
/// result reads as checked rather than as missing.
fn add_all_clear(findings: &mut Vec<Finding>, known: &[String], referee: &[String]) {
    if known.is_empty() {
        findings.push(Finding::new(
            LOOKALIKE,
            Signal::Info,
            "",
            "No real domain of the claimed employer or company was entered, so nothing was compared; add it under \"Real domains\"",
        ));
    } else if !findings
        .iter()
        .any(|f| f.item_id == LOOKALIKE && f.signal == Signal::RedFlag)
    {
        findings.push(Finding::new(
            LOOKALIKE,
            Signal::Ok,
            "",
            format!("No domain of the case imitates {}", known.join(", ")),
        ));
    }
    if !referee.is_empty()
        && !known.is_empty()
        && !findings.iter().any(|f| f.item_id == REFEREE_DOMAINS)
    {
        findings.push(Finding::new(
            REFEREE_DOMAINS,
            Signal::Ok,
            "",
            "No referee domain imitates a real one",
        ));
    }
}
