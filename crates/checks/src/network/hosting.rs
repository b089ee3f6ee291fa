//! Who owns the network a website is hosted on, from an RDAP lookup of its first address.
//! The owner is context, not a verdict; a host with no address, or one on a private
//! address, is a red flag.

use std::net::IpAddr;

use bonafide_net::{Fetched, NetFailure};

use super::{Collected, Env, is_json, keep, with_slash};
use crate::items::HOSTING;
use crate::plan::Task;
use crate::rdap::{self, NetworkOwner};
use crate::result::{Fact, Finding, Signal, fact};
use crate::task_end::TaskEnd;

/// Hosting providers named in public reporting on DPRK IT fronts: shown as context only.
const REPORTED_PROVIDERS: &[&str] = &["interserver", "asia web services", "namecheap", "netlify"];

/// Finds the network owner of the task's host.
pub(crate) async fn hosting(env: &Env, task: &Task, c: &mut Collected) -> TaskEnd {
    let host = &task.target;
    let ip = match public_address(env, host).await {
        Ok(ip) => ip,
        Err(end) => return end,
    };
    let base = match env
        .config
        .rdap_ip_base
        .as_deref()
        .or_else(|| env.bootstrap.ip_base(ip))
    {
        Some(b) => b.to_string(),
        None => return TaskEnd::cannot(format!("no RDAP server is known for {ip}")),
    };
    let url = format!("{}ip/{}", with_slash(&base), ip);
    let fetched = match env.get_rdap(&url, true).await {
        Ok(f) => f,
        Err(e) => return TaskEnd::failed(&e),
    };
    let evidence = keep(&fetched, c);
    let owner = match read_owner(&fetched) {
        Ok(o) => o,
        Err(message) => return TaskEnd::unreadable(message, evidence),
    };
    let who = owner
        .organisation
        .clone()
        .or(owner.name.clone())
        .unwrap_or_else(|| "an unnamed network".into());
    let facts = owner_facts(ip, &who, &owner);
    let summary = format!("{host} ({ip}) is hosted on a network of {who}");
    TaskEnd::done(
        who,
        vec![Finding::new(HOSTING, Signal::Info, host, summary).with(facts)],
    )
    .with_evidence(evidence)
}

/// The host's first address, when it has one and it is public. Otherwise the check ends
/// here: no address, or an address no public site lives at, is itself the finding.
async fn public_address(env: &Env, host: &str) -> Result<IpAddr, TaskEnd> {
    let ips = match env.net.addresses(host).await {
        Ok(ips) => ips,
        Err(NetFailure::NoSuchName(_)) => {
            return Err(TaskEnd::done(
                "no address",
                vec![Finding::new(
                    HOSTING,
                    Signal::RedFlag,
                    host,
                    format!("{host} has no address"),
                )],
            )
            .resting_on_unresolved(host));
        }
        Err(e) => return Err(TaskEnd::failed(&e)),
    };
    let ip = ips[0];
    if let Err(refused) = env.net.config().guard.check(ip) {
        // Not looked up: a public site never lives there, and that is the finding.
        return Err(TaskEnd::done(
            "private address",
            vec![Finding::new(
                HOSTING,
                Signal::RedFlag,
                host,
                format!(
                    "{host} resolves to {ip}, {}; a public website is never hosted there",
                    refused.class.describe()
                ),
            )],
        ));
    }
    Ok(ip)
}

/// The network owner from the RDAP answer, or why it could not be read.
fn read_owner(fetched: &Fetched) -> Result<NetworkOwner, String> {
    is_json(fetched)
        .map_err(|e| e.to_string())
        .and_then(|_| rdap::parse_network(&fetched.body).map_err(|e| e.to_string()))
}

/// The address and its owner, what else the registry says about the network, and the
/// public-reporting context when the owner is one of the providers named there.
fn owner_facts(ip: IpAddr, who: &str, owner: &NetworkOwner) -> Vec<Fact> {
    let mut facts = vec![fact("Address", ip.to_string()), fact("Network owner", who)];
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
    facts
}
