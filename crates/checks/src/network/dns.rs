//! DNS records of a domain: whether a website's domain has web addresses, and whether an
//! e-mail domain can receive mail at all. The records themselves are kept as evidence.

use bonafide_net::{DnsRecords, NetFailure};

use super::{Collected, Env, keep_json};
use crate::items::HOSTING;
use crate::plan::{DomainRole, Task};
use crate::result::{Fact, Finding, Signal, fact};
use crate::task_end::TaskEnd;

/// Reads the task's domain's records and reports on each item the task informs.
pub(crate) async fn dns(env: &Env, task: &Task, c: &mut Collected) -> TaskEnd {
    let name = &task.target;
    let records = match env.net.records(name).await {
        Ok(r) => r,
        Err(NetFailure::NoSuchName(_)) => return no_such_name(name, &task.item_ids),
        Err(e) => return TaskEnd::failed(&e),
    };
    let evidence = keep_json(answer_source(env, name), &records, c);
    let facts = record_facts(&records);
    let email_role = task.roles.contains(&DomainRole::SubjectEmail)
        || task.roles.contains(&DomainRole::RefereeEmail);
    let findings = task
        .item_ids
        .iter()
        .filter_map(|item| item_finding(item, name, &records, email_role))
        .map(|f| f.with(facts.clone()))
        .collect();
    let message = format!(
        "{} address(es), {} mail server(s)",
        records.a.len() + records.aaaa.len(),
        records.mx.len()
    );
    TaskEnd::done(message, findings).with_evidence(evidence)
}

/// The name does not exist: a red flag on every item the task informs.
fn no_such_name(name: &str, item_ids: &[String]) -> TaskEnd {
    let findings = item_ids
        .iter()
        .map(|i| {
            Finding::new(
                i,
                Signal::RedFlag,
                name,
                format!("{name} does not exist in DNS"),
            )
        })
        .collect();
    TaskEnd::done("no such name", findings).resting_on_unresolved(name)
}

/// Where the answer came from, for the evidence: the configured resolver, or the system's.
fn answer_source(env: &Env, name: &str) -> String {
    format!(
        "dns:{}/{}",
        env.net
            .config()
            .resolver
            .map(|a| a.to_string())
            .unwrap_or_else(|| "system".into()),
        name
    )
}

/// Every record type looked at, "none" where there are none.
fn record_facts(records: &DnsRecords) -> Vec<Fact> {
    vec![
        fact("A", list_or_none(&records.a)),
        fact("AAAA", list_or_none(&records.aaaa)),
        fact("MX", list_or_none(&records.mx)),
        fact("NS", list_or_none(&records.ns)),
        fact("TXT", list_or_none(&records.txt)),
    ]
}

fn list_or_none(l: &[String]) -> String {
    if l.is_empty() {
        "none".to_string()
    } else {
        l.join(", ")
    }
}

/// The hosting item reads the web addresses; the other items, when the domain is an
/// e-mail domain, read the mail servers. A website-only domain says nothing on them.
fn item_finding(item: &str, name: &str, records: &DnsRecords, email_role: bool) -> Option<Finding> {
    if item == HOSTING {
        Some(address_finding(item, name, records))
    } else if email_role {
        Some(mail_finding(item, name, records))
    } else {
        None
    }
}

fn address_finding(item: &str, name: &str, records: &DnsRecords) -> Finding {
    if records.a.is_empty() && records.aaaa.is_empty() {
        Finding::new(
            item,
            Signal::RedFlag,
            name,
            format!("{name} has no web address records"),
        )
    } else {
        Finding::new(
            item,
            Signal::Info,
            name,
            format!(
                "{name} points to {}",
                list_or_none(&[records.a.clone(), records.aaaa.clone()].concat())
            ),
        )
    }
}

fn mail_finding(item: &str, name: &str, records: &DnsRecords) -> Finding {
    if records.mx.is_empty() {
        Finding::new(
            item,
            Signal::RedFlag,
            name,
            format!("{name} has no mail server (MX) records, so it cannot receive e-mail"),
        )
    } else {
        Finding::new(
            item,
            Signal::Ok,
            name,
            format!("{name} receives mail ({})", records.mx.join(", ")),
        )
    }
}
