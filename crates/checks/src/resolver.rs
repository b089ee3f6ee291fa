//! Whether this network's resolver can be believed when it says a name does not exist.
//!
//! A hotel or captive-portal network, a filtering company resolver, or a laptop offline
//! behind a local resolver answers "no such name" for everything. Taken at its word, every
//! candidate's domain would look invented and every lookup service unreachable. So a "no
//! such name" counts as evidence only once the resolver has answered for names that must
//! exist: the host names of the lookup services in use and a well-known anchor
//! ([`ChecksConfig::dns_anchors`]). The question is asked once per run, and only when some
//! check met a name that did not resolve.

use std::collections::BTreeSet;

use tokio::sync::OnceCell;

use crate::config::ChecksConfig;
use crate::network::Env;

/// What the resolver was found to do, shared by every task of one run.
#[derive(Debug, Default)]
pub(crate) struct Trust {
    verdict: OnceCell<Verdict>,
}

/// The answer to "does the resolver answer for names that must exist?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// At least one of the names resolved.
    pub(crate) trusted: bool,
    /// The names asked.
    pub(crate) asked: Vec<String>,
}

impl Trust {
    /// The verdict of this run, asking the resolver the first time it is needed.
    pub(crate) async fn verdict(&self, env: &Env) -> &Verdict {
        self.verdict.get_or_init(|| ask(env)).await
    }
}

/// Asks for the names that must exist, in turn, until one resolves. A working resolver
/// answers the first at once, and one that answers "no such name" to everything answers
/// each at once too; the run's time limit bounds a resolver that does neither.
async fn ask(env: &Env) -> Verdict {
    let asked = names_that_must_exist(&env.config);
    let mut trusted = false;
    for name in &asked {
        if env.net.addresses(name).await.is_ok() {
            trusted = true;
            break;
        }
    }
    Verdict { trusted, asked }
}

/// The anchors and the host names (not IP addresses) of every lookup service configured.
pub(crate) fn names_that_must_exist(config: &ChecksConfig) -> Vec<String> {
    let services = [
        config.rdap_domain_base.as_deref(),
        config.rdap_ip_base.as_deref(),
        Some(config.bootstrap_base.as_str()),
        Some(config.wayback_base.as_str()),
        Some(config.crtsh_base.as_str()),
    ];
    let hosts =
        services
            .into_iter()
            .flatten()
            .filter_map(|u| match url::Url::parse(u).ok()?.host()? {
                url::Host::Domain(d) => Some(d.trim_end_matches('.').to_lowercase()),
                url::Host::Ipv4(_) | url::Host::Ipv6(_) => None,
            });
    let mut seen = BTreeSet::new();
    config
        .dns_anchors
        .iter()
        .map(|a| a.trim().trim_end_matches('.').to_lowercase())
        .chain(hosts)
        .filter(|n| !n.is_empty() && seen.insert(n.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_for_the_anchors_and_the_services_by_name_but_not_by_address() {
        let config = ChecksConfig {
            rdap_domain_base: Some("http://127.0.0.1:8080/rdap/".into()),
            rdap_ip_base: Some("https://RDAP.example.net/ip/".into()),
            ..ChecksConfig::default()
        };
        assert_eq!(
            names_that_must_exist(&config),
            [
                "example.com",
                "rdap.example.net",
                "data.iana.org",
                "web.archive.org",
                "crt.sh"
            ]
        );
        let none = ChecksConfig {
            dns_anchors: vec![" ".into()],
            bootstrap_base: "http://127.0.0.1/".into(),
            wayback_base: "http://[::1]/".into(),
            crtsh_base: "http://127.0.0.1/".into(),
            ..ChecksConfig::default()
        };
        assert!(names_that_must_exist(&none).is_empty());
    }
}
