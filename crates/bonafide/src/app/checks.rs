//! Running a case's automated checks, their settings, and what they propose.
//!
//! The network side (one HTTP client, one resolver) and the tokio runtime it lives on are
//! built on first use and kept for the life of the [`App`], so connections and DNS caches
//! are shared across runs; changing the settings rebuilds them.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{App, Proposal};
use crate::audit::EventKind;
use crate::checklist;
use crate::checks::{
    self, CheckEvent, CheckResult, ChecksConfig, Collected, Context, Env, PageRecord, Progress,
    rdap,
};
use crate::error::{Error, Result};
use crate::model::{CaseFields, CaseId};
use crate::store::Store;
use bonafide_net::guard::AddressGuard;
use bonafide_net::{Net, NetFailure};

const PREFIX: &str = "checks.";
const BOOTSTRAP_SETTING: &str = "checks.bootstrap";
/// When a refresh was last tried, successful or not, so an unreachable source is not
/// asked again on every run.
const BOOTSTRAP_ATTEMPT_SETTING: &str = "checks.bootstrap_attempted_at";
/// Refresh the RDAP bootstrap when the copy in use is older than this.
const BOOTSTRAP_MAX_AGE_DAYS: i64 = 30;

/// The settings of the automated checks, as a user edits them. Empty means "default".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct ChecksSettings {
    /// RDAP server for every domain (empty: the IANA bootstrap's choice).
    pub rdap_domain_url: String,
    /// RDAP server for every IP address (empty: the bootstrap's choice).
    pub rdap_ip_url: String,
    /// Where to refresh the IANA bootstrap files from.
    pub bootstrap_url: String,
    /// Wayback Machine CDX server.
    pub wayback_url: String,
    /// crt.sh.
    pub crtsh_url: String,
    /// DNS server `ip:port` (empty: the system's).
    pub resolver: String,
    /// Seconds one check may take.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub timeout_secs: u64,
    /// Allow candidate-supplied addresses to reach private and loopback addresses. Off by
    /// default; only for testing against servers on this machine.
    pub allow_private_addresses: bool,
    /// Addresses allowed even with the guard on (a mock server in tests).
    pub guard_exempt: Vec<String>,
}

/// What the case screen shows about the checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChecksView {
    /// The latest result of each check, in key order.
    pub results: Vec<CheckResult>,
    /// Proposed outcomes for the items the checks inform.
    pub proposals: Vec<Proposal>,
    /// Checks that would run now but have no result yet (new details since the last run).
    pub not_yet_run: Vec<String>,
    /// When the checks last finished.
    pub last_run: Option<String>,
}

/// The shared runtime and network side.
pub(super) struct ChecksRuntime {
    runtime: Option<tokio::runtime::Runtime>,
    env: Option<(ChecksConfig, Arc<Env>)>,
}

impl Drop for ChecksRuntime {
    fn drop(&mut self) {
        // Dropping a runtime inside another async context panics; the desktop shell may
        // drop the app from one. Letting its threads wind down in the background is safe.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

fn key(name: &str) -> String {
    format!("{PREFIX}{name}")
}

impl App {
    /// The check settings.
    pub fn checks_settings(&self) -> Result<ChecksSettings> {
        let store = self.store();
        let get =
            |name: &str| -> Result<String> { Ok(store.setting(&key(name))?.unwrap_or_default()) };
        Ok(ChecksSettings {
            rdap_domain_url: get("rdap_domain_url")?,
            rdap_ip_url: get("rdap_ip_url")?,
            bootstrap_url: get("bootstrap_url")?,
            wayback_url: get("wayback_url")?,
            crtsh_url: get("crtsh_url")?,
            resolver: get("resolver")?,
            timeout_secs: get("timeout_secs")?.parse().unwrap_or(0),
            allow_private_addresses: get("allow_private_addresses")? == "true",
            guard_exempt: get("guard_exempt")?
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        })
    }

    /// Checks and saves the settings; the network side is rebuilt on the next run.
    pub fn set_checks_settings(&self, s: &ChecksSettings) -> Result<ChecksSettings> {
        // Validate by building the configuration.
        config_from(s)?;
        let mut values: BTreeMap<&str, String> = BTreeMap::new();
        values.insert("rdap_domain_url", s.rdap_domain_url.trim().to_string());
        values.insert("rdap_ip_url", s.rdap_ip_url.trim().to_string());
        values.insert("bootstrap_url", s.bootstrap_url.trim().to_string());
        values.insert("wayback_url", s.wayback_url.trim().to_string());
        values.insert("crtsh_url", s.crtsh_url.trim().to_string());
        values.insert("resolver", s.resolver.trim().to_string());
        values.insert(
            "timeout_secs",
            if s.timeout_secs == 0 {
                String::new()
            } else {
                s.timeout_secs.to_string()
            },
        );
        values.insert(
            "allow_private_addresses",
            s.allow_private_addresses.to_string(),
        );
        values.insert("guard_exempt", s.guard_exempt.join(","));
        let values: Vec<(String, String)> = values.into_iter().map(|(n, v)| (key(n), v)).collect();
        self.write_settings("checks", &values)?;
        self.drop_checks_env();
        self.checks_settings()
    }

    /// Makes the next run rebuild the network side, because the settings or the RDAP
    /// bootstrap changed.
    fn drop_checks_env(&self) {
        if let Some(rt) = self.checks_runtime().as_mut() {
            rt.env = None;
        }
    }

    fn checks_runtime(&self) -> std::sync::MutexGuard<'_, Option<ChecksRuntime>> {
        self.checks.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The bootstrap in use: the refreshed copy when there is one, else the shipped one.
    fn bootstrap(&self) -> Result<rdap::Bootstrap> {
        let stored = self.store().setting(BOOTSTRAP_SETTING)?;
        if let Some(json) = stored
            && let Ok(files) = serde_json::from_str::<BTreeMap<String, String>>(&json)
            && let (Some(d), Some(v4), Some(v6)) =
                (files.get("dns"), files.get("ipv4"), files.get("ipv6"))
            && let Ok(b) = rdap::Bootstrap::from_files(d, v4, v6, rdap::SHIPPED_OVERRIDES)
        {
            return Ok(b);
        }
        Ok(rdap::Bootstrap::shipped())
    }

    /// Builds (or reuses) the runtime and network side; returns the runtime handle and the
    /// environment.
    fn checks_env(&self) -> Result<(tokio::runtime::Handle, Arc<Env>)> {
        let config = config_from(&self.checks_settings()?)?;
        let mut guard = self.checks_runtime();
        if guard.is_none() {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("bonafide-checks")
                .enable_all()
                .build()
                .map_err(|e| NetFailure::Other(format!("cannot start the network runtime: {e}")))?;
            *guard = Some(ChecksRuntime {
                runtime: Some(runtime),
                env: None,
            });
        }
        let Some(rt) = guard.as_mut() else {
            return Err(NetFailure::Other("the network runtime is not available".into()).into());
        };
        let Some(runtime) = rt.runtime.as_ref() else {
            return Err(NetFailure::Other("the network runtime is not available".into()).into());
        };
        let handle = runtime.handle().clone();
        let reuse = rt
            .env
            .as_ref()
            .filter(|(c, _)| *c == config)
            .map(|(_, e)| e.clone());
        let env = match reuse {
            Some(e) => e,
            None => {
                let bootstrap = self.bootstrap()?;
                let _entered = handle.enter();
                let net = Net::new(config.net.clone())?;
                let env = Arc::new(Env {
                    net,
                    config: config.clone(),
                    bootstrap,
                });
                rt.env = Some((config, env.clone()));
                env
            }
        };
        Ok((handle, env))
    }

    /// Refreshes the RDAP bootstrap files from IANA (or the configured address). The new
    /// copy is used only if all three files read correctly; the shipped copy stays as the
    /// fallback. Returns the publication date of the domain file now in use.
    pub fn refresh_bootstrap(&self) -> Result<String> {
        let (handle, env) = self.checks_env()?;
        self.store()
            .set_setting(BOOTSTRAP_ATTEMPT_SETTING, &crate::clock::now())?;
        let base = env.config.bootstrap_base.clone();
        let fetched = handle.block_on(async {
            let get = |name: &'static str| {
                let url = format!(
                    "{}{}",
                    if base.ends_with('/') {
                        base.clone()
                    } else {
                        format!("{base}/")
                    },
                    name
                );
                let env = env.clone();
                async move {
                    env.get_json(&url)
                        .await
                        .map(|f| String::from_utf8_lossy(&f.body).into_owned())
                }
            };
            tokio::try_join!(get("dns.json"), get("ipv4.json"), get("ipv6.json"))
        })?;
        let (dns, v4, v6) = fetched;
        let b = rdap::Bootstrap::from_files(&dns, &v4, &v6, rdap::SHIPPED_OVERRIDES)
            .map_err(|e| NetFailure::Other(e.to_string()))?;
        let files =
            json!({ "dns": dns, "ipv4": v4, "ipv6": v6, "fetched_at": crate::clock::now() });
        self.store()
            .set_setting(BOOTSTRAP_SETTING, &files.to_string())?;
        self.drop_checks_env();
        Ok(b.dns_publication)
    }

    /// Runs a case's checks. `only` limits the network checks to these keys (a retry);
    /// the local checks always run, since they are cheap and depend on the others.
    /// `offline` runs no network check at all: each ends as "not run — offline".
    pub fn run_checks(
        &self,
        id: &CaseId,
        only: Option<&[String]>,
        offline: bool,
        progress: Progress,
    ) -> Result<ChecksView> {
        let (fields, context, own_pages) = self.check_inputs(id)?;
        let plan = checks::plan(&fields);
        let selected: Vec<checks::Task> = plan
            .iter()
            .filter(|t| only.is_none_or(|keys| keys.contains(&t.key)))
            .cloned()
            .collect();
        let fields = Arc::new(fields);
        let (results, collected) =
            self.run_network_checks(selected, fields.clone(), offline, progress.clone())?;
        let pages = pages_to_compare(&plan, &collected.pages, own_pages);
        let local = checks::run_local(&plan, &fields, &pages, &context);
        report_local(&progress, &local);
        let all: Vec<CheckResult> = results.into_iter().chain(local).collect();
        let keep: Vec<String> = plan.iter().map(|t| t.key.clone()).collect();
        self.save_check_run(id, offline, &all, &collected, &keep)?;
        self.checks_view(id)
    }

    /// What the checks of a case work from: its subject fields, the other cases to compare
    /// with (their fields and stored pages), and the case's own stored pages.
    fn check_inputs(&self, id: &CaseId) -> Result<(CaseFields, Context, Vec<PageRecord>)> {
        let store = self.store();
        let row = store
            .case(id)?
            .ok_or_else(|| Error::CaseNotFound(id.to_string()))?;
        let others = store.other_case_fields(id)?;
        let other_pages = store
            .web_pages(None, Some(id))?
            .into_iter()
            .map(|p| (p.case_id, p.case_name, p.page))
            .collect();
        let own = store
            .web_pages(Some(id), None)?
            .into_iter()
            .map(|p| p.page)
            .collect::<Vec<_>>();
        Ok((
            row.fields,
            Context {
                others,
                other_pages,
            },
            own,
        ))
    }

    /// Runs the selected network checks: on a throwaway runtime with no network when
    /// offline or when none needs it, else on the shared runtime (refreshing the RDAP
    /// bootstrap first when it is due).
    fn run_network_checks(
        &self,
        selected: Vec<checks::Task>,
        fields: Arc<CaseFields>,
        offline: bool,
        progress: Progress,
    ) -> Result<(Vec<CheckResult>, Collected)> {
        if offline || selected.iter().all(|t| !t.kind.is_network()) {
            let rt = tokio::runtime::Builder::new_current_thread()
                .build()
                .map_err(|e| NetFailure::Other(e.to_string()))?;
            Ok(rt.block_on(checks::run_network(None, selected, fields, progress)))
        } else {
            if self.bootstrap_refresh_due()? {
                // A failed refresh is not a failed check: the copy in use still works.
                let _ = self.refresh_bootstrap();
            }
            let (handle, env) = self.checks_env()?;
            Ok(handle.block_on(checks::run_network(Some(env), selected, fields, progress)))
        }
    }

    /// Stores the results, raw answers and pages of a run with its audit event, keeping
    /// only the results of checks still in the plan.
    fn save_check_run(
        &self,
        id: &CaseId,
        offline: bool,
        all: &[CheckResult],
        collected: &Collected,
        keep: &[String],
    ) -> Result<()> {
        let now = crate::clock::now();
        let actor = self.actor()?;
        // The digest of each result and the checks kept let `audit verify` tell a result
        // edited in the tables from the one this run produced.
        let payload = json!({
            "offline": offline,
            "kept": keep,
            "checks": all.iter().map(|r| json!({
                "key": r.key,
                "digest": super::verify::result_digest(r),
                "state": r.state,
                "red_flags": r.findings.iter().filter(|f| f.signal == checks::Signal::RedFlag).count(),
                "evidence": r.evidence.iter().map(|e| json!({"source": e.source_url, "sha256": e.sha256})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        });
        self.store().write(|tx| {
            Store::save_check_results(tx, id, all, &collected.bodies, &collected.pages, keep)?;
            crate::store::append_event(
                tx,
                id.as_str(),
                &now,
                &actor,
                EventKind::ChecksRun,
                None,
                payload,
            )
        })?;
        Ok(())
    }

    /// A refresh is due when the copy in use is older than 30 days and none was tried in
    /// the last day.
    fn bootstrap_refresh_due(&self) -> Result<bool> {
        let now = time::OffsetDateTime::now_utc();
        let older_than = |ts: Option<&str>, days: i64| {
            ts.and_then(crate::clock::parse_timestamp)
                .is_none_or(|t| (now - t).whole_days() >= days)
        };
        let (stored, attempted) = {
            let store = self.store();
            (
                store.setting(BOOTSTRAP_SETTING)?,
                store.setting(BOOTSTRAP_ATTEMPT_SETTING)?,
            )
        };
        if !older_than(attempted.as_deref(), 1) {
            return Ok(false);
        }
        let in_use = stored
            .and_then(|j| serde_json::from_str::<serde_json::Value>(&j).ok())
            .and_then(|v| {
                v.get("fetched_at")
                    .and_then(|f| f.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| rdap::Bootstrap::shipped().dns_publication);
        Ok(older_than(Some(&in_use), BOOTSTRAP_MAX_AGE_DAYS))
    }

    /// The latest check results of a case and what they propose.
    pub fn checks_view(&self, id: &CaseId) -> Result<ChecksView> {
        let (results, row) = {
            let store = self.store();
            let row = store
                .case(id)?
                .ok_or_else(|| Error::CaseNotFound(id.to_string()))?;
            (store.check_results(id)?, row)
        };
        let template = super::validation::template_of(&row)?;
        let fields = row.fields;
        let applicable: Vec<String> = checklist::applicable_sections(template, fields.kind)
            .into_iter()
            .flat_map(|s| s.items.into_iter().map(|i| i.id))
            .collect();
        let proposals = checks::propose(&results)
            .into_iter()
            .filter(|p| applicable.contains(&p.item_id))
            .map(|p| Proposal {
                item_id: p.item_id,
                outcome: p.outcome,
                summary: p.summary,
            })
            .collect();
        let not_yet_run = checks::plan(&fields)
            .into_iter()
            .filter(|t| !results.iter().any(|r| r.key == t.key))
            .map(|t| t.key)
            .collect();
        let last_run = results.iter().map(|r| r.finished_at.clone()).max();
        Ok(ChecksView {
            results,
            proposals,
            not_yet_run,
            last_run,
        })
    }

    /// The check results as they go into the record: every result with its state, findings
    /// and the provenance of each raw answer (address, time, hash, size).
    pub(super) fn findings_for_record(&self, id: &CaseId) -> Result<Vec<serde_json::Value>> {
        let results = self.store().check_results(id)?;
        Ok(results
            .into_iter()
            .map(|r| serde_json::to_value(r).unwrap_or(serde_json::Value::Null))
            .collect())
    }

    /// A raw answer kept as evidence: content type and bytes.
    pub fn check_response(&self, sha256: &str) -> Result<Option<(Option<String>, Vec<u8>)>> {
        Ok(self.store().check_response(sha256)?)
    }
}

/// Pages for comparison: fetched now, else the last stored copy of a planned site.
fn pages_to_compare(
    plan: &[checks::Task],
    fetched: &[PageRecord],
    own_pages: Vec<PageRecord>,
) -> Vec<PageRecord> {
    let mut pages = fetched.to_vec();
    for p in own_pages {
        let planned = plan.iter().any(|t| t.key == format!("website:{}", p.url));
        if planned && !pages.iter().any(|q| q.url == p.url) {
            pages.push(p);
        }
    }
    pages
}

/// Reports each local check's result to the progress callback, as the network checks
/// report theirs while they run.
fn report_local(progress: &Progress, local: &[CheckResult]) {
    for r in local {
        progress(CheckEvent {
            key: r.key.clone(),
            kind: r.kind,
            target: r.target.clone(),
            state: r.state,
            message: r.message.clone(),
        });
    }
}

/// Builds the configuration from the settings, refusing malformed addresses.
pub(super) fn config_from(s: &ChecksSettings) -> Result<ChecksConfig> {
    let mut c = ChecksConfig::default();
    let url = |field: &str, v: &str| -> Result<Option<String>> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        match url::Url::parse(v) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(Some(if v.ends_with('/') {
                v.to_string()
            } else {
                format!("{v}/")
            })),
            _ => Err(Error::invalid(
                field,
                format!("'{v}' is not an http(s) address"),
            )),
        }
    };
    c.rdap_domain_base = url("rdap_domain_url", &s.rdap_domain_url)?;
    c.rdap_ip_base = url("rdap_ip_url", &s.rdap_ip_url)?;
    if let Some(u) = url("bootstrap_url", &s.bootstrap_url)? {
        c.bootstrap_base = u;
    }
    if let Some(u) = url("wayback_url", &s.wayback_url)? {
        c.wayback_base = u;
    }
    if let Some(u) = url("crtsh_url", &s.crtsh_url)? {
        c.crtsh_base = u;
    }
    if !s.resolver.trim().is_empty() {
        let addr: SocketAddr = s.resolver.trim().parse().map_err(|_| {
            Error::invalid(
                "resolver",
                format!(
                    "'{}' is not an address like 192.0.2.53:53",
                    s.resolver.trim()
                ),
            )
        })?;
        c.net.resolver = Some(addr);
    }
    if s.timeout_secs > 0 {
        // One limit for the whole check; no single request or lookup may outlast it.
        c.check_timeout = Duration::from_secs(s.timeout_secs.min(600));
        c.net.request_timeout = c.net.request_timeout.min(c.check_timeout);
        c.net.connect_timeout = c.net.connect_timeout.min(c.check_timeout);
        c.net.dns_timeout = c.net.dns_timeout.min(c.check_timeout);
    }
    let exempt = s
        .guard_exempt
        .iter()
        .map(|a| {
            a.trim()
                .parse::<IpAddr>()
                .map_err(|_| Error::invalid("guard_exempt", format!("'{a}' is not an IP address")))
        })
        .collect::<Result<Vec<_>>>()?;
    c.net.guard = AddressGuard {
        enabled: !s.allow_private_addresses,
        exempt,
    };
    Ok(c)
}

/// A progress callback that drops every event (the CLI without `--progress`).
pub fn no_progress() -> Progress {
    Arc::new(|_e: CheckEvent| {})
}
