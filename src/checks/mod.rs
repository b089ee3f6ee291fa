//! Automated checks of SPEC §4: domain registration (RDAP), DNS, hosting owner, web
//! history, the website's text, look-alike domains, e-mail and phone facts, and cross-case
//! duplicates.
//!
//! A case's checks are planned as independent tasks keyed by what they look at
//! (`registration:acme.com`, `website:https://acme.com/`), so one can be retried alone.
//! Network tasks run concurrently, each under its own time limit; local tasks run after
//! them because copied-content comparison needs the fetched pages. Every task ends in a
//! [`CheckResult`] whose state says plainly whether it ran: a check that could not reach
//! the network is `not_run_offline`, never a pass. Findings say which checklist item they
//! inform, and [`propose`] turns them into proposed outcomes the user confirms.
//!
//! Nothing here touches SQLite; the app feeds in the other cases and stored pages and
//! stores what comes out.

pub mod contact;
pub mod duplicates;
pub mod guard;
pub mod history;
pub mod lookalike;
pub mod net;
pub mod rdap;
pub mod web;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::model::{CaseFields, Outcome};
use crate::screening::screen::host_of;
use contact::EmailClass;
use net::{Fetched, Net, NetConfig, NetFailure, Oversize};

/// Item ids the checks inform.
pub mod items {
    /// Cross-case duplicates.
    pub const DUPLICATES: &str = "profile.duplicates";
    /// Phone and e-mail facts.
    pub const CONTACT: &str = "profile.contact_details";
    /// Referee e-mail domains.
    pub const REFEREE_DOMAINS: &str = "references.referee_domains";
    /// Referee contacts overlapping others.
    pub const NO_OVERLAP: &str = "references.no_overlap";
    /// Domain registration age.
    pub const DOMAIN_AGE: &str = "company.domain_age";
    /// DNS and hosting network.
    pub const HOSTING: &str = "company.hosting";
    /// First capture and certificate.
    pub const WEB_HISTORY: &str = "company.web_history";
    /// Copied website text.
    pub const COPIED: &str = "company.copied_content";
    /// Look-alike domains.
    pub const LOOKALIKE: &str = "company.lookalike";
    /// All of them, in checklist order.
    pub const ALL: &[&str] = &[
        DUPLICATES,
        CONTACT,
        REFEREE_DOMAINS,
        NO_OVERLAP,
        DOMAIN_AGE,
        HOSTING,
        WEB_HISTORY,
        COPIED,
        LOOKALIKE,
    ];
}

/// Where the checks look things up. Every address is configuration so tests can point
/// them at servers on 127.0.0.1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecksConfig {
    /// HTTP client, resolver and address guard.
    pub net: NetConfig,
    /// Ask this RDAP server for every domain instead of the bootstrap's choice.
    pub rdap_domain_base: Option<String>,
    /// Ask this RDAP server for every IP address instead of the bootstrap's choice.
    pub rdap_ip_base: Option<String>,
    /// Where the IANA bootstrap files are refreshed from.
    pub bootstrap_base: String,
    /// Wayback Machine CDX server.
    pub wayback_base: String,
    /// crt.sh.
    pub crtsh_base: String,
    /// Longest time one check may take, all its requests included.
    pub check_timeout: Duration,
    /// Most bytes read of a web page.
    pub page_cap: usize,
    /// Most bytes read of a JSON answer.
    pub json_cap: usize,
    /// Domains younger than this many days are a red flag.
    pub young_domain_days: i64,
}

impl Default for ChecksConfig {
    fn default() -> Self {
        ChecksConfig {
            net: NetConfig::default(),
            rdap_domain_base: None,
            rdap_ip_base: None,
            bootstrap_base: "https://data.iana.org/rdap/".into(),
            wayback_base: "https://web.archive.org/".into(),
            crtsh_base: "https://crt.sh/".into(),
            check_timeout: Duration::from_secs(30),
            page_cap: 2 * 1024 * 1024,
            json_cap: 4 * 1024 * 1024,
            young_domain_days: 365,
        }
    }
}

/// What a task looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// RDAP domain registration.
    Registration,
    /// DNS records.
    Dns,
    /// Network owner of the web host.
    Hosting,
    /// First archived capture.
    Wayback,
    /// First certificate.
    Certificates,
    /// The website's home page.
    Website,
    /// Copied website text (local, after the fetches).
    CopiedContent,
    /// Look-alike domains (local).
    Lookalike,
    /// E-mail providers (local).
    Email,
    /// Phone numbers (local).
    Phone,
    /// Cross-case duplicates (local).
    Duplicates,
}

impl CheckKind {
    /// Whether the task needs the network.
    pub fn is_network(self) -> bool {
        matches!(
            self,
            CheckKind::Registration
                | CheckKind::Dns
                | CheckKind::Hosting
                | CheckKind::Wayback
                | CheckKind::Certificates
                | CheckKind::Website
        )
    }

    /// A short label for progress lines.
    pub fn label(self) -> &'static str {
        match self {
            CheckKind::Registration => "Domain registration (RDAP)",
            CheckKind::Dns => "DNS records",
            CheckKind::Hosting => "Hosting network owner",
            CheckKind::Wayback => "First archived capture",
            CheckKind::Certificates => "First TLS certificate",
            CheckKind::Website => "Website text",
            CheckKind::CopiedContent => "Copied content",
            CheckKind::Lookalike => "Look-alike domains",
            CheckKind::Email => "E-mail providers",
            CheckKind::Phone => "Phone numbers",
            CheckKind::Duplicates => "Cross-case duplicates",
        }
    }

    fn key_prefix(self) -> &'static str {
        match self {
            CheckKind::Registration => "registration",
            CheckKind::Dns => "dns",
            CheckKind::Hosting => "hosting",
            CheckKind::Wayback => "wayback",
            CheckKind::Certificates => "certificates",
            CheckKind::Website => "website",
            CheckKind::CopiedContent => "copied",
            CheckKind::Lookalike => "lookalike",
            CheckKind::Email => "email",
            CheckKind::Phone => "phone",
            CheckKind::Duplicates => "duplicates",
        }
    }
}

/// How a task ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    /// Started, not finished (progress only).
    Running,
    /// Ran; its findings stand.
    Done,
    /// Not run: the network could not be reached.
    NotRunOffline,
    /// Not run: no answer within the time limit.
    NotRunTimedOut,
    /// Ran but could not be completed (a refused address, an unreadable answer).
    Failed,
}

impl CheckState {
    /// True when the check did not run at all (offline, timed out), so it can be retried.
    pub fn is_not_run(self) -> bool {
        matches!(self, CheckState::NotRunOffline | CheckState::NotRunTimedOut)
    }

    /// Words for the UI and the record.
    pub fn describe(self) -> &'static str {
        match self {
            CheckState::Running => "running",
            CheckState::Done => "done",
            CheckState::NotRunOffline => "not run — offline",
            CheckState::NotRunTimedOut => "not run — timed out",
            CheckState::Failed => "could not be completed",
        }
    }
}

/// What a finding says about its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// Consistent with the claims.
    Ok,
    /// Context, neither good nor bad.
    Info,
    /// Needs the reviewer's attention.
    RedFlag,
}

/// One labelled fact of a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Fact {
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
}

fn fact(label: &str, value: impl Into<String>) -> Fact {
    Fact {
        label: label.into(),
        value: value.into(),
    }
}

/// One observation, on one checklist item, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    /// The checklist item it informs.
    pub item_id: String,
    /// Good, neutral or a red flag.
    pub signal: Signal,
    /// What it is about (a domain, a number, an address).
    pub subject: String,
    /// One sentence.
    pub summary: String,
    /// The details.
    pub facts: Vec<Fact>,
    /// Passages shared with another text (copied content, résumés).
    pub passages: Vec<String>,
    /// Another case this finding links to.
    pub related_case_id: Option<String>,
    /// Its name.
    pub related_case_name: Option<String>,
}

impl Finding {
    fn new(item: &str, signal: Signal, subject: &str, summary: impl Into<String>) -> Finding {
        Finding {
            item_id: item.into(),
            signal,
            subject: subject.into(),
            summary: summary.into(),
            facts: Vec::new(),
            passages: Vec::new(),
            related_case_id: None,
            related_case_name: None,
        }
    }

    fn with(mut self, facts: Vec<Fact>) -> Finding {
        self.facts = facts;
        self
    }
}

/// A raw answer kept as evidence: where from, when, and its hash. The bytes themselves
/// travel beside the result and are stored by hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResponseEvidence {
    /// The address asked (a URL, or `dns:` + name for DNS answers).
    pub source_url: String,
    /// When the answer arrived.
    pub retrieved_at: String,
    /// HTTP status, when HTTP.
    pub status: Option<u16>,
    /// Content type.
    pub content_type: Option<String>,
    /// SHA-256 of the stored bytes.
    pub sha256: String,
    /// Bytes stored.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// True when the answer was cut at the size cap.
    pub truncated: bool,
}

/// A raw answer's bytes, to be stored by hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseBody {
    /// SHA-256, hex.
    pub sha256: String,
    /// Content type.
    pub content_type: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A fetched page's text, stored for later comparisons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord {
    /// The address the user gave.
    pub url: String,
    /// The address that answered.
    pub final_url: String,
    /// When.
    pub fetched_at: String,
    /// Title.
    pub title: String,
    /// Visible text.
    pub text: String,
    /// Fingerprint (SHA-256 of the normalised words).
    pub fingerprint: String,
    /// Shingle hashes.
    pub shingles: Vec<u64>,
    /// True for a comparison site the user named (not the subject's own).
    pub comparison: bool,
}

/// How one task ended, with its findings and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckResult {
    /// Stable key: kind and target.
    pub key: String,
    /// What kind of check.
    pub kind: CheckKind,
    /// What it looked at.
    pub target: String,
    /// The items it informs.
    pub item_ids: Vec<String>,
    /// How it ended.
    pub state: CheckState,
    /// One line: the result, or why it did not run.
    pub message: String,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Raw answers kept.
    pub evidence: Vec<ResponseEvidence>,
    /// When it started.
    pub started_at: String,
    /// When it ended.
    pub finished_at: String,
}

/// Progress of one task, for the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckEvent {
    /// Task key.
    pub key: String,
    /// Kind.
    pub kind: CheckKind,
    /// Target.
    pub target: String,
    /// State now.
    pub state: CheckState,
    /// One line.
    pub message: String,
}

/// Why a domain is looked at; decides which items its findings inform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
enum DomainRole {
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
    roles: BTreeSet<DomainRole>,
}

/// The tasks for a case, in a stable order.
pub fn plan(fields: &CaseFields) -> Vec<Task> {
    use items::*;
    let mut domains: BTreeMap<String, BTreeSet<DomainRole>> = BTreeMap::new();
    let mut hosts = BTreeSet::new();
    for w in &fields.websites {
        if let Some(h) = host_of(w) {
            domains
                .entry(h.clone())
                .or_default()
                .insert(DomainRole::Website);
            hosts.insert(h);
        }
    }
    for (list, role) in [
        (&fields.emails, DomainRole::SubjectEmail),
        (&fields.referee_emails, DomainRole::RefereeEmail),
    ] {
        for e in list {
            if let Some(d) = contact::email_domain(e) {
                // A free or disposable provider's registration says nothing about the
                // person; the e-mail check reports the provider instead.
                if contact::email_class(&d) == EmailClass::Organisation {
                    domains.entry(d).or_default().insert(role);
                }
            }
        }
    }
    let mut tasks = Vec::new();
    let mut push = |kind: CheckKind, target: &str, items: &[&str], roles: BTreeSet<DomainRole>| {
        tasks.push(Task {
            key: format!("{}:{}", kind.key_prefix(), target),
            kind,
            target: target.to_string(),
            item_ids: items.iter().map(|s| s.to_string()).collect(),
            roles,
        });
    };
    for (domain, roles) in &domains {
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
        push(CheckKind::Registration, domain, &reg_items, roles.clone());
        push(CheckKind::Dns, domain, &dns_items, roles.clone());
    }
    for h in &hosts {
        push(CheckKind::Hosting, h, &[HOSTING], BTreeSet::new());
        push(CheckKind::Wayback, h, &[WEB_HISTORY], BTreeSet::new());
        push(CheckKind::Certificates, h, &[WEB_HISTORY], BTreeSet::new());
    }
    for url in fields.websites.iter().chain(&fields.comparison_urls) {
        push(CheckKind::Website, url, &[COPIED], BTreeSet::new());
    }
    let every = BTreeSet::new();
    if !fields.websites.is_empty() {
        push(
            CheckKind::CopiedContent,
            "websites",
            &[COPIED, DUPLICATES],
            every.clone(),
        );
    }
    if !domains.is_empty() || !fields.known_domains.is_empty() {
        push(
            CheckKind::Lookalike,
            "domains",
            &[LOOKALIKE, REFEREE_DOMAINS],
            every.clone(),
        );
    }
    if !fields.emails.is_empty() || !fields.referee_emails.is_empty() {
        push(
            CheckKind::Email,
            "addresses",
            &[CONTACT, REFEREE_DOMAINS],
            every.clone(),
        );
    }
    if !fields.phones.is_empty() {
        push(CheckKind::Phone, "numbers", &[CONTACT], every.clone());
    }
    push(
        CheckKind::Duplicates,
        "other cases",
        &[DUPLICATES, NO_OVERLAP],
        every,
    );
    tasks
}

/// What a network task produced besides its result.
#[derive(Debug, Default)]
pub struct Collected {
    /// Raw answers to store.
    pub bodies: Vec<ResponseBody>,
    /// Pages to store.
    pub pages: Vec<PageRecord>,
}

/// The other cases and stored pages the local checks compare against.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Every other case.
    pub others: Vec<duplicates::OtherCase>,
    /// Pages stored for other cases: (case id, case name, page).
    pub other_pages: Vec<(String, String, PageRecord)>,
}

/// Plain-words age: "registered 4 months ago".
pub fn age_words(from: OffsetDateTime, now: OffsetDateTime) -> String {
    let days = (now - from).whole_days();
    if days < 0 {
        return "in the future".into();
    }
    let plural = |n: i64, unit: &str| format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" });
    match days {
        0 => "today".into(),
        1..=60 => plural(days, "day"),
        61..=729 => plural(days / 30, "month"),
        _ => {
            let years = days / 365;
            let months = (days % 365) / 30;
            if months == 0 {
                plural(years, "year")
            } else {
                format!(
                    "{years} year{} and {months} month{} ago",
                    if years == 1 { "" } else { "s" },
                    if months == 1 { "" } else { "s" }
                )
            }
        }
    }
}

fn date_part(ts: &str) -> &str {
    ts.get(..10).unwrap_or(ts)
}

/// How a task ended, before it is stamped with its key and times.
struct TaskEnd {
    state: CheckState,
    message: String,
    findings: Vec<Finding>,
    evidence: Vec<ResponseEvidence>,
}

impl TaskEnd {
    fn done(message: impl Into<String>, findings: Vec<Finding>) -> TaskEnd {
        TaskEnd {
            state: CheckState::Done,
            message: message.into(),
            findings,
            evidence: Vec::new(),
        }
    }

    /// The check could not even be attempted (no server known for the target).
    fn cannot(message: String) -> TaskEnd {
        TaskEnd {
            state: CheckState::Failed,
            message,
            findings: Vec::new(),
            evidence: Vec::new(),
        }
    }

    /// An answer arrived but could not be read; it is kept as evidence all the same.
    fn unreadable(message: String, evidence: ResponseEvidence) -> TaskEnd {
        TaskEnd {
            state: CheckState::Failed,
            message,
            findings: Vec::new(),
            evidence: vec![evidence],
        }
    }

    fn failed(f: &NetFailure) -> TaskEnd {
        let state = match f {
            NetFailure::Offline(_) => CheckState::NotRunOffline,
            NetFailure::TimedOut => CheckState::NotRunTimedOut,
            _ => CheckState::Failed,
        };
        TaskEnd {
            state,
            message: f.to_string(),
            findings: Vec::new(),
            evidence: Vec::new(),
        }
    }
}

fn keep(fetched: &Fetched, collected: &mut Collected) -> ResponseEvidence {
    collected.bodies.push(ResponseBody {
        sha256: fetched.sha256.clone(),
        content_type: fetched.content_type.clone(),
        bytes: fetched.body.clone(),
    });
    ResponseEvidence {
        source_url: fetched.final_url.clone(),
        retrieved_at: fetched.retrieved_at.clone(),
        status: Some(fetched.status),
        content_type: fetched.content_type.clone(),
        sha256: fetched.sha256.clone(),
        size: fetched.body.len() as u64,
        truncated: fetched.truncated,
    }
}

fn keep_json(
    source: String,
    value: &impl Serialize,
    collected: &mut Collected,
) -> ResponseEvidence {
    use sha2::{Digest, Sha256};
    let bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    let sha256 = hex::encode(Sha256::digest(&bytes));
    collected.bodies.push(ResponseBody {
        sha256: sha256.clone(),
        content_type: Some("application/json".into()),
        bytes: bytes.clone(),
    });
    ResponseEvidence {
        source_url: source,
        retrieved_at: crate::clock::now(),
        status: None,
        content_type: Some("application/json".into()),
        sha256,
        size: bytes.len() as u64,
        truncated: false,
    }
}

fn is_json(f: &Fetched) -> Result<(), NetFailure> {
    match &f.content_type {
        Some(ct) if !ct.to_ascii_lowercase().contains("json") => {
            Err(NetFailure::WrongContentType {
                expected: "JSON",
                got: ct.clone(),
            })
        }
        _ => Ok(()),
    }
}

impl Env {
    /// GETs an RDAP answer. With `ok_only` an error status fails; without it the caller
    /// reads the status itself (a 404 from a registry is a finding, not a failure).
    async fn get_rdap(&self, url: &str, ok_only: bool) -> Result<Fetched, NetFailure> {
        let accept = "application/rdap+json, application/json";
        if ok_only {
            self.net
                .get_ok(url, accept, self.config.json_cap, Oversize::Refuse)
                .await
        } else {
            self.net
                .get(url, accept, self.config.json_cap, Oversize::Refuse)
                .await
        }
    }

    /// GETs a JSON answer from a configured service: error statuses fail, and an answer
    /// over the JSON cap is refused rather than cut.
    pub async fn get_json(&self, url: &str) -> Result<Fetched, NetFailure> {
        self.net
            .get_ok(
                url,
                "application/json",
                self.config.json_cap,
                Oversize::Refuse,
            )
            .await
    }
}

/// Everything a network task needs, shared across the concurrent tasks.
pub struct Env {
    /// Client and resolver.
    pub net: Net,
    /// Addresses and limits.
    pub config: ChecksConfig,
    /// RDAP servers.
    pub bootstrap: rdap::Bootstrap,
}

async fn registration(env: &Env, task: &Task, c: &mut Collected) -> TaskEnd {
    let domain = &task.target;
    let base = match env
        .config
        .rdap_domain_base
        .as_deref()
        .or_else(|| env.bootstrap.domain_base(domain))
    {
        Some(b) => b.to_string(),
        None => {
            return TaskEnd::cannot(format!(
                "no RDAP server is known for .{}; look the domain up at the registry by hand",
                domain.rsplit('.').next().unwrap_or_default()
            ));
        }
    };
    let url = format!("{}domain/{}", with_slash(&base), domain);
    let fetched = match env.get_rdap(&url, false).await {
        Ok(f) => f,
        Err(e) => return TaskEnd::failed(&e),
    };
    let evidence = keep(&fetched, c);
    let items: Vec<&str> = task.item_ids.iter().map(String::as_str).collect();
    if fetched.status == 404 {
        let findings = items
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
        return TaskEnd {
            evidence: vec![evidence],
            ..TaskEnd::done("not registered", findings)
        };
    }
    if fetched.status >= 400 {
        return TaskEnd {
            evidence: vec![evidence],
            ..TaskEnd::failed(&NetFailure::Status {
                status: fetched.status,
                url: fetched.final_url,
            })
        };
    }
    if let Err(e) = is_json(&fetched) {
        return TaskEnd {
            evidence: vec![evidence],
            ..TaskEnd::failed(&e)
        };
    }
    let reg = match rdap::parse_domain(&fetched.body) {
        Ok(r) => r,
        Err(e) => return TaskEnd::unreadable(e.to_string(), evidence),
    };
    let now = OffsetDateTime::now_utc();
    let registered = reg
        .registered
        .as_deref()
        .and_then(crate::clock::parse_timestamp);
    let (signal, age) = match registered {
        Some(t) => {
            let young = (now - t).whole_days() < env.config.young_domain_days;
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
    };
    let registrar = match (&reg.registrar, &reg.registrar_iana_id) {
        (Some(r), Some(id)) => format!("{r} (IANA {id})"),
        (Some(r), None) => r.clone(),
        (None, Some(id)) => format!("IANA {id}"),
        (None, None) => "unknown".into(),
    };
    let mut facts = vec![
        fact(
            "Registered",
            reg.registered
                .as_deref()
                .map(date_part)
                .unwrap_or("unknown"),
        ),
        fact(
            "Expires",
            reg.expires.as_deref().map(date_part).unwrap_or("unknown"),
        ),
        fact(
            "Last changed",
            reg.last_changed
                .as_deref()
                .map(date_part)
                .unwrap_or("unknown"),
        ),
        fact("Registrar", registrar.clone()),
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
    let summary = format!("{domain}: {age}, registrar {registrar}");
    let findings = items
        .iter()
        .map(|i| Finding::new(i, signal, domain, summary.clone()).with(facts.clone()))
        .collect();
    TaskEnd {
        evidence: vec![evidence],
        ..TaskEnd::done(age, findings)
    }
}

fn with_slash(base: &str) -> String {
    if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}

async fn dns(env: &Env, task: &Task, c: &mut Collected) -> TaskEnd {
    use items::*;
    let name = &task.target;
    let records = match env.net.records(name).await {
        Ok(r) => r,
        Err(NetFailure::NoSuchName(_)) => {
            let findings = task
                .item_ids
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
            return TaskEnd::done("no such name", findings);
        }
        Err(e) => return TaskEnd::failed(&e),
    };
    let source = format!(
        "dns:{}/{}",
        env.net
            .config()
            .resolver
            .map(|a| a.to_string())
            .unwrap_or_else(|| "system".into()),
        name
    );
    let evidence = keep_json(source, &records, c);
    let join = |l: &[String]| {
        if l.is_empty() {
            "none".to_string()
        } else {
            l.join(", ")
        }
    };
    let facts = vec![
        fact("A", join(&records.a)),
        fact("AAAA", join(&records.aaaa)),
        fact("MX", join(&records.mx)),
        fact("NS", join(&records.ns)),
        fact("TXT", join(&records.txt)),
    ];
    let mut findings = Vec::new();
    let email_role = task.roles.contains(&DomainRole::SubjectEmail)
        || task.roles.contains(&DomainRole::RefereeEmail);
    for item in &task.item_ids {
        let f = if item == HOSTING {
            let addrs = records.a.len() + records.aaaa.len();
            Finding::new(
                item,
                if addrs == 0 {
                    Signal::RedFlag
                } else {
                    Signal::Info
                },
                name,
                if addrs == 0 {
                    format!("{name} has no web address records")
                } else {
                    format!(
                        "{name} points to {}",
                        join(&[records.a.clone(), records.aaaa.clone()].concat())
                    )
                },
            )
        } else if email_role {
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
        } else {
            continue;
        };
        findings.push(f.with(facts.clone()));
    }
    TaskEnd {
        evidence: vec![evidence],
        ..TaskEnd::done(
            format!(
                "{} address(es), {} mail server(s)",
                records.a.len() + records.aaaa.len(),
                records.mx.len()
            ),
            findings,
        )
    }
}

/// Hosting providers named in public reporting on DPRK IT fronts: shown as context only.
const REPORTED_PROVIDERS: &[&str] = &["interserver", "asia web services", "namecheap", "netlify"];

async fn hosting(env: &Env, task: &Task, c: &mut Collected) -> TaskEnd {
    let host = &task.target;
    let ips = match env.net.addresses(host).await {
        Ok(ips) => ips,
        Err(NetFailure::NoSuchName(_)) => {
            return TaskEnd::done(
                "no address",
                vec![Finding::new(
                    items::HOSTING,
                    Signal::RedFlag,
                    host,
                    format!("{host} has no address"),
                )],
            );
        }
        Err(e) => return TaskEnd::failed(&e),
    };
    let ip = ips[0];
    if let Err(refused) = env.net.config().guard.check(ip) {
        // Not looked up: a public site never lives there, and that is the finding.
        return TaskEnd::done(
            "private address",
            vec![Finding::new(
                items::HOSTING,
                Signal::RedFlag,
                host,
                format!(
                    "{host} resolves to {ip}, {}; a public website is never hosted there",
                    refused.class.describe()
                ),
            )],
        );
    }
    let base = match env
        .config
        .rdap_ip_base
        .as_deref()
        .or_else(|| env.bootstrap.ip_base(ip))
    {
        Some(b) => b.to_string(),
        None => {
            return TaskEnd::cannot(format!("no RDAP server is known for {ip}"));
        }
    };
    let url = format!("{}ip/{}", with_slash(&base), ip);
    let fetched = match env.get_rdap(&url, true).await {
        Ok(f) => f,
        Err(e) => return TaskEnd::failed(&e),
    };
    let evidence = keep(&fetched, c);
    let owner = match is_json(&fetched)
        .map_err(|e| e.to_string())
        .and_then(|_| rdap::parse_network(&fetched.body).map_err(|e| e.to_string()))
    {
        Ok(o) => o,
        Err(message) => {
            return TaskEnd {
                state: CheckState::Failed,
                message,
                findings: Vec::new(),
                evidence: vec![evidence],
            };
        }
    };
    let who = owner
        .organisation
        .clone()
        .or(owner.name.clone())
        .unwrap_or_else(|| "an unnamed network".into());
    let mut facts = vec![
        fact("Address", ip.to_string()),
        fact("Network owner", who.clone()),
    ];
    if let Some(n) = &owner.name {
        facts.push(fact("Network name", n.clone()));
    }
    if let Some(r) = &owner.range {
        facts.push(fact("Range", r.clone()));
    }
    if let Some(cc) = &owner.country {
        facts.push(fact("Country", cc.clone()));
    }
    let lower = who.to_lowercase();
    if let Some(p) = REPORTED_PROVIDERS.iter().find(|p| lower.contains(*p)) {
        facts.push(fact(
            "Context",
            format!("{p} is named in public reporting on DPRK IT front companies; most of its customers are legitimate, so this is context, not a verdict"),
        ));
    }
    let summary = format!("{host} ({ip}) is hosted on a network of {who}");
    TaskEnd {
        evidence: vec![evidence],
        ..TaskEnd::done(
            who,
            vec![Finding::new(items::HOSTING, Signal::Info, host, summary).with(facts)],
        )
    }
}

fn young_signal(env: &Env, at: &str) -> (Signal, String) {
    let now = OffsetDateTime::now_utc();
    match crate::clock::parse_timestamp(at) {
        Some(t) => (
            if (now - t).whole_days() < env.config.young_domain_days {
                Signal::RedFlag
            } else {
                Signal::Ok
            },
            age_words(t, now),
        ),
        None => (Signal::Info, "at an unknown time".into()),
    }
}

async fn wayback(env: &Env, task: &Task, c: &mut Collected) -> TaskEnd {
    let host = &task.target;
    let url = format!(
        "{}{}",
        with_slash(&env.config.wayback_base),
        history::wayback_query(host)
    );
    let fetched = match env.get_json(&url).await {
        Ok(f) => f,
        Err(e) => return TaskEnd::failed(&e),
    };
    let evidence = keep(&fetched, c);
    let finding = match history::parse_wayback(&fetched.body) {
        Ok(Some(first)) => {
            let (signal, age) = young_signal(env, &first.at);
            Finding::new(
                items::WEB_HISTORY,
                signal,
                host,
                format!("{host} was first archived {age} ({})", date_part(&first.at)),
            )
            .with(vec![
                fact("First capture", first.at.clone()),
                fact("Captured address", first.original),
            ])
        }
        Ok(None) => Finding::new(
            items::WEB_HISTORY,
            Signal::RedFlag,
            host,
            format!("{host} has never been archived by the Wayback Machine"),
        ),
        Err(e) => return TaskEnd::unreadable(e.to_string(), evidence),
    };
    TaskEnd {
        evidence: vec![evidence],
        ..TaskEnd::done(finding.summary.clone(), vec![finding])
    }
}

async fn certificates(env: &Env, task: &Task, c: &mut Collected) -> TaskEnd {
    let host = &task.target;
    let url = format!(
        "{}{}",
        with_slash(&env.config.crtsh_base),
        history::crtsh_query(host)
    );
    let fetched = match env.get_json(&url).await {
        Ok(f) => f,
        Err(e) => return TaskEnd::failed(&e),
    };
    let evidence = keep(&fetched, c);
    let finding = match history::parse_crtsh(&fetched.body) {
        Ok(Some(first)) => {
            let (signal, age) = young_signal(env, &first.not_before);
            Finding::new(
                items::WEB_HISTORY,
                signal,
                host,
                format!(
                    "{host}'s first TLS certificate dates from {age} ({})",
                    date_part(&first.not_before)
                ),
            )
            .with(vec![
                fact("Valid from", first.not_before.clone()),
                fact("Issuer", first.issuer),
                fact("crt.sh id", first.id),
                fact("Certificates listed", first.count.to_string()),
            ])
        }
        Ok(None) => Finding::new(
            items::WEB_HISTORY,
            Signal::Info,
            host,
            format!("no certificate for {host} is in the Certificate Transparency logs"),
        ),
        Err(e) => return TaskEnd::unreadable(e.to_string(), evidence),
    };
    TaskEnd {
        evidence: vec![evidence],
        ..TaskEnd::done(finding.summary.clone(), vec![finding])
    }
}

async fn website(env: &Env, task: &Task, c: &mut Collected, comparison: bool) -> TaskEnd {
    let url = &task.target;
    let fetched = match env
        .net
        .get_ok(
            url,
            "text/html, text/plain;q=0.8, */*;q=0.1",
            env.config.page_cap,
            Oversize::Truncate,
        )
        .await
    {
        Ok(f) => f,
        Err(e) => return TaskEnd::failed(&e),
    };
    let evidence = keep(&fetched, c);
    let ct = fetched
        .content_type
        .clone()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !(ct.is_empty() || ct.contains("html") || ct.contains("text/plain")) {
        return TaskEnd {
            evidence: vec![evidence],
            ..TaskEnd::failed(&NetFailure::WrongContentType {
                expected: "a web page",
                got: ct,
            })
        };
    }
    let html = String::from_utf8_lossy(&fetched.body);
    let page = if ct.contains("text/plain") {
        web::PageText {
            title: String::new(),
            text: html.to_string(),
        }
    } else {
        web::extract(&html)
    };
    let print = web::print(&page.text);
    let mut facts = vec![
        fact(
            "Title",
            if page.title.is_empty() {
                "(none)".to_string()
            } else {
                page.title.clone()
            },
        ),
        fact("Words", print.word_count.to_string()),
        fact("Text fingerprint", print.fingerprint.clone()),
    ];
    if fetched.final_url != *url {
        facts.push(fact("Redirected to", fetched.final_url.clone()));
    }
    if fetched.truncated {
        facts.push(fact(
            "Note",
            format!("only the first {} bytes were read", env.config.page_cap),
        ));
    }
    c.pages.push(PageRecord {
        url: url.clone(),
        final_url: fetched.final_url.clone(),
        fetched_at: fetched.retrieved_at.clone(),
        title: page.title.clone(),
        text: page.text,
        fingerprint: print.fingerprint,
        shingles: print.shingles,
        comparison,
    });
    let summary = format!(
        "{} fetched: “{}”, {} words{}",
        url,
        page.title,
        print.word_count,
        if comparison { " (comparison site)" } else { "" }
    );
    TaskEnd {
        evidence: vec![evidence],
        ..TaskEnd::done(
            summary.clone(),
            vec![Finding::new(items::COPIED, Signal::Info, url, summary).with(facts)],
        )
    }
}

async fn run_network_task(env: &Env, task: &Task, fields: &CaseFields) -> (TaskEnd, Collected) {
    let mut c = Collected::default();
    let run = async {
        match task.kind {
            CheckKind::Registration => registration(env, task, &mut c).await,
            CheckKind::Dns => dns(env, task, &mut c).await,
            CheckKind::Hosting => hosting(env, task, &mut c).await,
            CheckKind::Wayback => wayback(env, task, &mut c).await,
            CheckKind::Certificates => certificates(env, task, &mut c).await,
            CheckKind::Website => {
                let comparison = !fields.websites.contains(&task.target);
                website(env, task, &mut c, comparison).await
            }
            _ => TaskEnd::done("", Vec::new()),
        }
    };
    match tokio::time::timeout(env.config.check_timeout, run).await {
        Ok(o) => (o, c),
        Err(_) => (
            TaskEnd {
                state: CheckState::NotRunTimedOut,
                message: format!("no result within {} s", env.config.check_timeout.as_secs()),
                findings: Vec::new(),
                evidence: Vec::new(),
            },
            Collected::default(),
        ),
    }
}

fn result_of(task: &Task, o: TaskEnd, started_at: String) -> CheckResult {
    CheckResult {
        key: task.key.clone(),
        kind: task.kind,
        target: task.target.clone(),
        item_ids: task.item_ids.clone(),
        state: o.state,
        message: o.message,
        findings: o.findings,
        evidence: o.evidence,
        started_at,
        finished_at: crate::clock::now(),
    }
}

/// Progress callback.
pub type Progress = Arc<dyn Fn(CheckEvent) + Send + Sync>;

fn event(task: &Task, state: CheckState, message: &str) -> CheckEvent {
    CheckEvent {
        key: task.key.clone(),
        kind: task.kind,
        target: task.target.clone(),
        state,
        message: message.to_string(),
    }
}

/// Runs the network tasks concurrently; `None` for `env` means offline: each ends as
/// `not_run_offline` without touching the network.
pub async fn run_network(
    env: Option<Arc<Env>>,
    tasks: Vec<Task>,
    fields: Arc<CaseFields>,
    progress: Progress,
) -> (Vec<CheckResult>, Collected) {
    let mut set = tokio::task::JoinSet::new();
    let mut results = Vec::new();
    let mut collected = Collected::default();
    for task in tasks.into_iter().filter(|t| t.kind.is_network()) {
        let started = crate::clock::now();
        let Some(env) = env.clone() else {
            let o = TaskEnd {
                state: CheckState::NotRunOffline,
                message: "working offline; retry when connected".into(),
                findings: Vec::new(),
                evidence: Vec::new(),
            };
            progress(event(&task, o.state, &o.message));
            results.push(result_of(&task, o, started));
            continue;
        };
        progress(event(&task, CheckState::Running, ""));
        let fields = fields.clone();
        let progress = progress.clone();
        set.spawn(async move {
            let (o, c) = run_network_task(&env, &task, &fields).await;
            progress(event(&task, o.state, &o.message));
            (result_of(&task, o, started), c)
        });
    }
    while let Some(joined) = set.join_next().await {
        if let Ok((r, c)) = joined {
            results.push(r);
            collected.bodies.extend(c.bodies);
            collected.pages.extend(c.pages);
        }
    }
    results.sort_by(|a, b| a.key.cmp(&b.key));
    (results, collected)
}

/// Runs the local tasks: look-alikes, e-mail, phones, duplicates and copied content
/// (against `pages`, this case's fetched pages, and the other cases' stored pages).
pub fn run_local(
    tasks: &[Task],
    fields: &CaseFields,
    pages: &[PageRecord],
    context: &Context,
) -> Vec<CheckResult> {
    let mut out = Vec::new();
    for task in tasks.iter().filter(|t| !t.kind.is_network()) {
        let started = crate::clock::now();
        let o = match task.kind {
            CheckKind::Lookalike => lookalikes(fields),
            CheckKind::Email => emails(fields),
            CheckKind::Phone => phones(fields),
            CheckKind::Duplicates => duplicate_details(fields, context),
            CheckKind::CopiedContent => copied(fields, pages, context),
            _ => continue,
        };
        out.push(result_of(task, o, started));
    }
    out
}

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

fn lookalikes(fields: &CaseFields) -> TaskEnd {
    use items::*;
    let mut findings = Vec::new();
    let known = &fields.known_domains;
    let referee: Vec<String> = {
        let mut r: Vec<String> = fields
            .referee_emails
            .iter()
            .filter_map(|e| contact::email_domain(e))
            .collect();
        r.sort();
        r.dedup();
        r
    };
    let own = own_domains(fields);
    for (domains, item, whose) in [
        (&own, LOOKALIKE, "the subject's"),
        (&referee, REFEREE_DOMAINS, "a referee's"),
    ] {
        for d in domains.iter().cloned() {
            if contact::email_class(&d) != EmailClass::Organisation {
                continue;
            }
            if let Some(l) = lookalike::compare(&d, known) {
                let reasons: Vec<String> = l.reasons.iter().map(|r| r.describe()).collect();
                // A referee's look-alike domain informs both the referee item and the
                // company look-alike item, which covers "the company's and referees'" domains.
                let targets: &[&str] = if item == REFEREE_DOMAINS {
                    &[REFEREE_DOMAINS, LOOKALIKE]
                } else {
                    &[LOOKALIKE]
                };
                for target in targets {
                    findings.push(
                        Finding::new(
                            target,
                            Signal::RedFlag,
                            &d,
                            format!(
                                "{whose} domain {} imitates {}: {}",
                                l.domain,
                                l.resembles,
                                reasons.join("; ")
                            ),
                        )
                        .with(vec![
                            fact("Domain", l.domain.clone()),
                            fact("Real domain", l.resembles.clone()),
                            fact("Why", reasons.join("; ")),
                        ]),
                    );
                }
            }
        }
    }
    // Referee domains that imitate the subject's own domains are as telling.
    for d in &referee {
        if contact::email_class(d) != EmailClass::Organisation {
            continue;
        }
        if let Some(l) = lookalike::compare(d, &own) {
            let reasons: Vec<String> = l.reasons.iter().map(|r| r.describe()).collect();
            findings.push(Finding::new(
                REFEREE_DOMAINS,
                Signal::RedFlag,
                d,
                format!(
                    "a referee's domain {} resembles the subject's own {}: {}",
                    l.domain,
                    l.resembles,
                    reasons.join("; ")
                ),
            ));
        }
    }
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
    let flagged = findings
        .iter()
        .filter(|f| f.signal == Signal::RedFlag)
        .count();
    TaskEnd::done(format!("{flagged} look-alike(s)"), findings)
}

fn emails(fields: &CaseFields) -> TaskEnd {
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

fn phones(fields: &CaseFields) -> TaskEnd {
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

fn duplicate_details(fields: &CaseFields, context: &Context) -> TaskEnd {
    use items::*;
    let mut findings = Vec::new();
    for s in duplicates::shared_details(fields, &context.others) {
        let item = if s.here.starts_with("a referee") {
            NO_OVERLAP
        } else {
            DUPLICATES
        };
        let mut f = match &s.case_name {
            Some(name) => Finding::new(
                item,
                Signal::RedFlag,
                &s.value,
                format!(
                    "{} {} is also {} in the case “{name}”",
                    capitalise(&s.here),
                    s.value,
                    s.there
                ),
            ),
            None => Finding::new(
                item,
                Signal::RedFlag,
                &s.value,
                format!("{} {} is {}", capitalise(&s.here), s.value, s.there),
            ),
        };
        f.related_case_id = s.case_id.clone();
        f.related_case_name = s.case_name.clone();
        findings.push(f.with(vec![fact("Detail", s.what.clone())]));
    }
    for t in duplicates::similar_resumes(fields, &context.others) {
        let mut f = Finding::new(
            DUPLICATES,
            Signal::RedFlag,
            "résumé",
            format!(
                "The résumé shares {:.0}% of its text with the one in the case “{}”",
                t.overlap.of_first * 100.0,
                t.case_name
            ),
        );
        f.passages = t.passages;
        f.related_case_id = Some(t.case_id);
        f.related_case_name = Some(t.case_name);
        findings.push(f);
    }
    let n = findings.len();
    if !findings.iter().any(|f| f.item_id == DUPLICATES) {
        findings.push(Finding::new(
            DUPLICATES,
            Signal::Ok,
            "",
            format!(
                "No detail or résumé text is shared with any of {} other case(s)",
                context.others.len()
            ),
        ));
    }
    if (!fields.referee_emails.is_empty() || !fields.referee_phones.is_empty())
        && !findings.iter().any(|f| f.item_id == NO_OVERLAP)
    {
        findings.push(Finding::new(
            NO_OVERLAP,
            Signal::Ok,
            "",
            "No referee contact repeats the candidate's own or another case's",
        ));
    }
    TaskEnd::done(format!("{n} shared detail(s)"), findings)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn copied(fields: &CaseFields, pages: &[PageRecord], context: &Context) -> TaskEnd {
    use items::*;
    let mut findings = Vec::new();
    let own: Vec<&PageRecord> = pages.iter().filter(|p| !p.comparison).collect();
    let named: Vec<&PageRecord> = pages.iter().filter(|p| p.comparison).collect();
    let mut compared = 0usize;
    for page in &own {
        for other in &named {
            compared += 1;
            let o = web::overlap(&page.shingles, &other.shingles);
            if o.is_near_copy() {
                let mut f = Finding::new(
                    COPIED,
                    Signal::RedFlag,
                    &page.url,
                    format!(
                        "{} shares {:.0}% of its text with {}",
                        page.url,
                        o.of_first * 100.0,
                        other.url
                    ),
                );
                f.passages = web::shared_passages(&page.text, &other.shingles, 3);
                findings.push(f.with(vec![fact(
                    "Shared passages (5-word runs)",
                    o.shared.to_string(),
                )]));
            }
        }
        for (case_id, case_name, other) in &context.other_pages {
            compared += 1;
            let o = web::overlap(&page.shingles, &other.shingles);
            if o.is_near_copy() {
                for item in [COPIED, DUPLICATES] {
                    let mut f = Finding::new(
                        item,
                        Signal::RedFlag,
                        &page.url,
                        format!(
                            "{} shares {:.0}% of its text with {} in the case “{case_name}”",
                            page.url,
                            o.of_first * 100.0,
                            other.url
                        ),
                    );
                    f.passages = web::shared_passages(&page.text, &other.shingles, 3);
                    f.related_case_id = Some(case_id.clone());
                    f.related_case_name = Some(case_name.clone());
                    findings.push(f);
                }
            }
        }
    }
    if own.is_empty() && !fields.websites.is_empty() {
        findings.push(Finding::new(
            COPIED,
            Signal::Info,
            "",
            "The website could not be fetched, so its text was not compared",
        ));
    } else if !findings.iter().any(|f| f.item_id == COPIED) {
        findings.push(Finding::new(
            COPIED,
            Signal::Info,
            "",
            format!("No near-copy found in {compared} comparison(s) with stored and named sites; reviews, client logos and certifications still need a manual check"),
        ));
    }
    TaskEnd::done(format!("{compared} comparison(s)"), findings)
}

/// What the checks propose for one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckProposal {
    /// Item.
    pub item_id: String,
    /// Proposed outcome.
    pub outcome: Outcome,
    /// Why; becomes the item's note when accepted.
    pub summary: String,
}

/// Proposed outcomes from the latest results: a red flag proposes a concern; a check that
/// did not run leaves the item pending (never passed); otherwise all-good findings
/// propose a pass. Copied content is never passed automatically, as part of it is manual.
pub fn propose(results: &[CheckResult]) -> Vec<CheckProposal> {
    let mut out = Vec::new();
    for item in items::ALL {
        let relevant: Vec<&CheckResult> = results
            .iter()
            .filter(|r| r.item_ids.iter().any(|i| i == item))
            .collect();
        if relevant.is_empty() {
            continue;
        }
        let findings: Vec<&Finding> = relevant
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.item_id == *item)
            .collect();
        let not_run: Vec<String> = relevant
            .iter()
            .filter(|r| r.state != CheckState::Done)
            .map(|r| {
                format!(
                    "{} for {}: {}",
                    r.kind.label(),
                    r.target,
                    r.state.describe()
                )
            })
            .collect();
        let reds: Vec<&str> = findings
            .iter()
            .filter(|f| f.signal == Signal::RedFlag)
            .map(|f| f.summary.as_str())
            .collect();
        let mut summary;
        let outcome = if !reds.is_empty() {
            summary = reds.join(". ");
            Outcome::Concern
        } else if !not_run.is_empty() {
            summary = String::from("Not complete");
            Outcome::Pending
        } else if findings.is_empty() {
            continue;
        } else if *item == items::COPIED || findings.iter().all(|f| f.signal == Signal::Info) {
            summary = findings
                .iter()
                .map(|f| f.summary.as_str())
                .collect::<Vec<_>>()
                .join(". ");
            Outcome::Pending
        } else {
            summary = findings
                .iter()
                .map(|f| f.summary.as_str())
                .collect::<Vec<_>>()
                .join(". ");
            Outcome::Pass
        };
        if !not_run.is_empty() {
            summary.push_str(&format!(
                ". Not run: {}. Retry when online.",
                not_run.join("; ")
            ));
        } else if !summary.ends_with('.') {
            summary.push('.');
        }
        out.push(CheckProposal {
            item_id: item.to_string(),
            outcome,
            summary: format!("Automated checks: {summary}"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_plain_words() {
        let now = OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap();
        let ago = |days: i64| age_words(now - time::Duration::days(days), now);
        assert_eq!(ago(0), "today");
        assert_eq!(ago(1), "1 day ago");
        assert_eq!(ago(45), "45 days ago");
        assert_eq!(ago(125), "4 months ago");
        assert_eq!(ago(365 * 3), "3 years ago");
        assert_eq!(ago(365 * 12 + 70), "12 years and 2 months ago");
        assert_eq!(ago(-3), "in the future");
    }

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

    fn result(
        kind: CheckKind,
        item: &str,
        state: CheckState,
        signal: Option<Signal>,
    ) -> CheckResult {
        CheckResult {
            key: format!("{kind:?}"),
            kind,
            target: "acme.example".into(),
            item_ids: vec![item.into()],
            state,
            message: String::new(),
            findings: signal
                .map(|s| {
                    vec![Finding::new(
                        item,
                        s,
                        "acme.example",
                        format!("{s:?} finding"),
                    )]
                })
                .unwrap_or_default(),
            evidence: Vec::new(),
            started_at: String::new(),
            finished_at: String::new(),
        }
    }

    #[test]
    fn proposals_never_pass_what_did_not_run() {
        use CheckState::*;
        let p = propose(&[result(
            CheckKind::Registration,
            items::DOMAIN_AGE,
            NotRunOffline,
            None,
        )]);
        assert_eq!(p[0].outcome, Outcome::Pending);
        assert!(
            p[0].summary.contains("not run — offline"),
            "{}",
            p[0].summary
        );

        let p = propose(&[result(
            CheckKind::Registration,
            items::DOMAIN_AGE,
            Done,
            Some(Signal::Ok),
        )]);
        assert_eq!(p[0].outcome, Outcome::Pass);

        let p = propose(&[
            result(
                CheckKind::Registration,
                items::DOMAIN_AGE,
                Done,
                Some(Signal::RedFlag),
            ),
            result(
                CheckKind::Registration,
                items::DOMAIN_AGE,
                NotRunTimedOut,
                None,
            ),
        ]);
        assert_eq!(p[0].outcome, Outcome::Concern);
        assert!(p[0].summary.contains("RedFlag finding"));
        assert!(p[0].summary.contains("timed out"));

        let p = propose(&[result(
            CheckKind::CopiedContent,
            items::COPIED,
            Done,
            Some(Signal::Ok),
        )]);
        assert_eq!(p[0].outcome, Outcome::Pending);
    }
}
