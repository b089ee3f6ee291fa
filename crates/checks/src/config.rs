//! Where the checks look things up and the limits they work under. Kept on its own because
//! the app stores and edits it as settings, independently of how the checks run.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use bonafide_net::NetConfig;

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
    /// Names that exist on any working network. When a name a check needs does not
    /// resolve, these and the lookup services' own host names are asked too: if none of
    /// them resolves either, the resolver is what failed, and no check counts its "no such
    /// name" as evidence.
    #[serde(default = "default_anchors")]
    pub dns_anchors: Vec<String>,
}

/// IANA's reserved example domain: it has resolved on the public internet for decades and
/// belongs to no candidate.
fn default_anchors() -> Vec<String> {
    vec!["example.com".into()]
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
            dns_anchors: default_anchors(),
        }
    }
}
