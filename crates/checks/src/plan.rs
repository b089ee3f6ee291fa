//! Which tasks a case needs. Each task is keyed by its kind and what it looks at
//! (`registration:acme.com`), so one can be retried alone, and the order is stable so
//! results and progress lines line up from run to run.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use bonafide_model::{CaseFields, host_of};

use crate::contact::{self, EmailClass};
use crate::items::*;
use crate::kind::CheckKind;

/// Why a domain is looked at; decides which items its findings inform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum DomainRole {
    Website,
    SubjectEmail,
    RefereeEmail,
}

/// One planned task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// Key.
    pub key: String,
    /// Kind.
    pub kind: CheckKind,
    /// Target.
    pub target: String,
    /// Items it informs.
    pub item_ids: Vec<String>,
    /// Why its domain is looked at (empty for tasks not about one domain).
    pub(crate) roles: BTreeSet<DomainRole>,
}

/// The tasks for a case, in a stable order.
pub fn plan(fields: &CaseFields) -> Vec<Task> {
    let domains = domains_by_role(fields);
    let hosts: BTreeSet<String> = fields.websites.iter().filter_map(|w| host_of(w)).collect();
    let mut tasks = Vec::new();
    for (domain, roles) in &domains {
        tasks.extend(domain_tasks(domain, roles));
    }
    for h in &hosts {
        tasks.extend(host_tasks(h));
    }
    for url in fields.websites.iter().chain(&fields.comparison_urls) {
        tasks.push(task(CheckKind::Website, url, &[COPIED], BTreeSet::new()));
    }
    tasks.extend(local_tasks(fields, !domains.is_empty()));
    tasks
}

/// Every domain of the case (the websites' hosts, and the organisations' e-mail domains)
/// with the reasons it is looked at.
fn domains_by_role(fields: &CaseFields) -> BTreeMap<String, BTreeSet<DomainRole>> {
    let mut domains: BTreeMap<String, BTreeSet<DomainRole>> = BTreeMap::new();
    for h in fields.websites.iter().filter_map(|w| host_of(w)) {
        domains.entry(h).or_default().insert(DomainRole::Website);
    }
    for (list, role) in [
        (&fields.emails, DomainRole::SubjectEmail),
        (&fields.referee_emails, DomainRole::RefereeEmail),
    ] {
        for d in list.iter().filter_map(|e| contact::email_domain(e)) {
            // A free or disposable provider's registration says nothing about the
            // person; the e-mail check reports the provider instead.
            if contact::email_class(&d) == EmailClass::Organisation {
                domains.entry(d).or_default().insert(role);
            }
        }
    }
    domains
}

/// A task, keyed by its kind and target.
fn task(kind: CheckKind, target: &str, items: &[&str], roles: BTreeSet<DomainRole>) -> Task {
    Task {
        key: format!("{}:{}", kind.key_prefix(), target),
        kind,
        target: target.to_string(),
        item_ids: items.iter().map(|s| s.to_string()).collect(),
        roles,
    }
}

/// Registration and DNS of one domain; its roles decide which items they inform.
fn domain_tasks(domain: &str, roles: &BTreeSet<DomainRole>) -> [Task; 2] {
    let mut reg_items = Vec::new();
    let mut dns_items = Vec::new();
    if roles.contains(&DomainRole::Website) {
        reg_items.push(DOMAIN_AGE);
        dns_items.push(HOSTING);
    }
    if roles.contains(&DomainRole::SubjectEmail) {
        reg_items.push(DOMAIN_AGE);
        dns_items.push(CONTACT);
    }
    if roles.contains(&DomainRole::RefereeEmail) {
        reg_items.push(REFEREE_DOMAINS);
        dns_items.push(REFEREE_DOMAINS);
    }
    reg_items.dedup();
    [
        task(CheckKind::Registration, domain, &reg_items, roles.clone()),
        task(CheckKind::Dns, domain, &dns_items, roles.clone()),
    ]
}

/// What is looked up about a website's host: its network owner and its history.
fn host_tasks(host: &str) -> [Task; 3] {
    [
        task(CheckKind::Hosting, host, &[HOSTING], BTreeSet::new()),
        task(CheckKind::Wayback, host, &[WEB_HISTORY], BTreeSet::new()),
        task(
            CheckKind::Certificates,
            host,
            &[WEB_HISTORY],
            BTreeSet::new(),
        ),
    ]
}

/// The local tasks, each planned only when the case has something for it to look at
/// (except duplicates, which always compares with the other cases).
fn local_tasks(fields: &CaseFields, has_domains: bool) -> Vec<Task> {
    let mut tasks = Vec::new();
    let every = BTreeSet::new();
    if !fields.websites.is_empty() {
        tasks.push(task(
            CheckKind::CopiedContent,
            "websites",
            &[COPIED, DUPLICATES],
            every.clone(),
        ));
    }
    if has_domains || !fields.known_domains.is_empty() {
        tasks.push(task(
            CheckKind::Lookalike,
            "domains",
            &[LOOKALIKE, REFEREE_DOMAINS],
            every.clone(),
        ));
    }
    if !fields.emails.is_empty() || !fields.referee_emails.is_empty() {
        tasks.push(task(
            CheckKind::Email,
            "addresses",
            &[CONTACT, REFEREE_DOMAINS],
            every.clone(),
        ));
    }
    if !fields.phones.is_empty() {
        tasks.push(task(CheckKind::Phone, "numbers", &[CONTACT], every.clone()));
    }
    tasks.push(task(
        CheckKind::Duplicates,
        "other cases",
        &[DUPLICATES, NO_OVERLAP],
        every,
    ));
    tasks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::items;

    #[test]
    fn plan_covers_every_domain_once_and_skips_free_mail_registration() {
        let fields = CaseFields {
            display_name: "X".into(),
            websites: vec!["https://www.acme-dev.io/".into()],
            emails: vec!["x@gmail.com".into(), "x@acme-dev.io".into()],
            referee_emails: vec!["boss@globex.example".into()],
            phones: vec!["+447400123456".into()],
            ..Default::default()
        };
        let keys: Vec<String> = plan(&fields).into_iter().map(|t| t.key).collect();
        assert_eq!(
            keys,
            vec![
                "registration:acme-dev.io",
                "dns:acme-dev.io",
                "registration:globex.example",
                "dns:globex.example",
                "hosting:acme-dev.io",
                "wayback:acme-dev.io",
                "certificates:acme-dev.io",
                "website:https://www.acme-dev.io/",
                "copied:websites",
                "lookalike:domains",
                "email:addresses",
                "phone:numbers",
                "duplicates:other cases",
            ]
        );
        let reg = &plan(&fields)[0];
        assert_eq!(reg.item_ids, vec![items::DOMAIN_AGE]);
    }
}
