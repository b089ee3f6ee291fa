//! Domain registration from the registry's RDAP server: when the domain was registered,
//! by which registrar, and what the registry redacts. A domain younger than the configured
//! age is a red flag; a domain the registry does not know is one too.

use time::OffsetDateTime;

use bonafide_net::{Fetched, NetFailure};

use super::{Collected, Env, is_json, keep, with_slash};
use crate::age::{age_words, date_part};
use crate::plan::Task;
use crate::rdap::{self, DomainRegistration};
use crate::result::{Fact, Finding, Signal, fact};
use crate::task_end::TaskEnd;

/// Looks the task's domain up at its registry and reports its age and registrar.
pub(crate) async fn registration(env: &Env, task: &Task, c: &mut Collected) -> TaskEnd {
    let domain = &task.target;
    let base = match rdap_server(env, domain) {
        Ok(b) => b,
        Err(end) => return end,
    };
    let url = format!("{}domain/{}", with_slash(&base), domain);
    let fetched = match env.get_rdap(&url, false).await {
        Ok(f) => f,
        Err(e) => return TaskEnd::failed(&e),
    };
    let evidence = keep(&fetched, c);
    if fetched.status == 404 {
        return not_registered(domain, &task.item_ids).with_evidence(evidence);
    }
    if let Err(e) = readable(&fetched) {
        return TaskEnd::failed(&e).with_evidence(evidence);
    }
    let reg = match rdap::parse_domain(&fetched.body) {
        Ok(r) => r,
        Err(e) => return TaskEnd::unreadable(e.to_string(), evidence),
    };
    let (signal, age) = age_signal(&reg, env.config.young_domain_days);
    let registrar = registrar_words(&reg);
    let facts = registration_facts(&reg, &registrar);
    let summary = format!("{domain}: {age}, registrar {registrar}");
    let findings = task
        .item_ids
        .iter()
        .map(|i| Finding::new(i, signal, domain, summary.clone()).with(facts.clone()))
        .collect();
    TaskEnd::done(age, findings).with_evidence(evidence)
}

/// The configured RDAP server, else the bootstrap's choice for the domain's TLD; without
/// either the check cannot be attempted, and the user is told where to look instead.
fn rdap_server(env: &Env, domain: &str) -> Result<String, TaskEnd> {
    env.config
        .rdap_domain_base
        .as_deref()
        .or_else(|| env.bootstrap.domain_base(domain))
        .map(str::to_string)
        .ok_or_else(|| {
            TaskEnd::cannot(format!(
                "no RDAP server is known for .{}; look the domain up at the registry by hand",
                domain.rsplit('.').next().unwrap_or_default()
            ))
        })
}

/// The registry answered 404: it has no record of the domain, a red flag on every item.
fn not_registered(domain: &str, item_ids: &[String]) -> TaskEnd {
    let findings = item_ids
        .iter()
        .map(|i| {
            Finding::new(
                i,
                Signal::RedFlag,
                domain,
                format!("{domain}: the registry has no record of this domain"),
            )
        })
        .collect();
    TaskEnd::done("not registered", findings)
}

/// Any other error status fails the check, as does an answer that is not JSON.
fn readable(fetched: &Fetched) -> Result<(), NetFailure> {
    if fetched.status >= 400 {
        return Err(NetFailure::Status {
            status: fetched.status,
            url: fetched.final_url.clone(),
        });
    }
    is_json(fetched)
}

/// How old the domain is, in words, and whether that is young enough to flag.
fn age_signal(reg: &DomainRegistration, young_domain_days: i64) -> (Signal, String) {
    let now = OffsetDateTime::now_utc();
    let registered = reg
        .registered
        .as_deref()
        .and_then(bonafide_base::clock::parse_timestamp);
    match registered {
        Some(t) => {
            let young = (now - t).whole_days() < young_domain_days;
            (
                if young { Signal::RedFlag } else { Signal::Ok },
                format!(
                    "registered {} ({})",
                    age_words(t, now),
                    date_part(reg.registered.as_deref().unwrap_or(""))
                ),
            )
        }
        None => (
            Signal::Info,
            "registration date unknown (the registry does not say)".to_string(),
        ),
    }
}

/// The registrar by name and IANA id, whichever the registry gives.
fn registrar_words(reg: &DomainRegistration) -> String {
    match (&reg.registrar, &reg.registrar_iana_id) {
        (Some(r), Some(id)) => format!("{r} (IANA {id})"),
        (Some(r), None) => r.clone(),
        (None, Some(id)) => format!("IANA {id}"),
        (None, None) => "unknown".into(),
    }
}

/// The registration's dates, registrar and status, then what only some registries say.
fn registration_facts(reg: &DomainRegistration, registrar: &str) -> Vec<Fact> {
    let mut facts = vec![
        fact("Registered", date_or_unknown(reg.registered.as_deref())),
        fact("Expires", date_or_unknown(reg.expires.as_deref())),
        fact("Last changed", date_or_unknown(reg.last_changed.as_deref())),
        fact("Registrar", registrar),
        fact(
            "Status",
            if reg.status.is_empty() {
                "unknown".into()
            } else {
                reg.status.join(", ")
            },
        ),
    ];
    if let Some(r) = &reg.registrant {
        facts.push(fact("Registrant", r.clone()));
    }
    if !reg.redacted.is_empty() {
        facts.push(fact("Redacted by the registry", reg.redacted.join(", ")));
    }
    if let Some(s) = reg.dnssec {
        facts.push(fact("DNSSEC", if s { "signed" } else { "not signed" }));
    }
    facts
}

/// A timestamp's date, or "unknown" when the registry does not give it.
fn date_or_unknown(ts: Option<&str>) -> &str {
    ts.map(date_part).unwrap_or("unknown")
}
