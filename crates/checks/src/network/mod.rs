//! The checks that need the network, and what they share: the [`Env`] they run in, the
//! requests they make, and the keeping of every raw answer as evidence. Each check body
//! lives in its own module and ends in a [`TaskEnd`](crate::task_end::TaskEnd).

mod archives;
mod dns;
mod hosting;
mod registration;
mod website;

pub(crate) use archives::{certificates, wayback};
pub(crate) use dns::dns;
pub(crate) use hosting::hosting;
pub(crate) use registration::registration;
pub(crate) use website::website;

use serde::Serialize;

use bonafide_net::{Fetched, Net, NetFailure, Oversize};

use crate::config::ChecksConfig;
use crate::rdap;
use crate::result::{PageRecord, ResponseBody, ResponseEvidence};

/// Everything a network task needs, shared across the concurrent tasks.
pub struct Env {
    /// Client and resolver.
    pub net: Net,
    /// Addresses and limits.
    pub config: ChecksConfig,
    /// RDAP servers.
    pub bootstrap: rdap::Bootstrap,
}

impl Env {
    /// GETs an RDAP answer. With `ok_only` an error status fails; without it the caller
    /// reads the status itself (a 404 from a registry is a finding, not a failure).
    pub(crate) async fn get_rdap(&self, url: &str, ok_only: bool) -> Result<Fetched, NetFailure> {
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

/// What a network task produced besides its result.
#[derive(Debug, Default)]
pub struct Collected {
    /// Raw answers to store.
    pub bodies: Vec<ResponseBody>,
    /// Pages to store.
    pub pages: Vec<PageRecord>,
}

/// Keeps a fetched answer's bytes to be stored, and says where and when it came from.
pub(crate) fn keep(fetched: &Fetched, collected: &mut Collected) -> ResponseEvidence {
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

/// Keeps a value that arrived without bytes of its own (DNS records) as pretty JSON.
pub(crate) fn keep_json(
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
        retrieved_at: bonafide_base::clock::now(),
        status: None,
        content_type: Some("application/json".into()),
        sha256,
        size: bytes.len() as u64,
        truncated: false,
    }
}

/// A JSON service's answer must say it is JSON; an answer without a type is given a chance.
pub(crate) fn is_json(f: &Fetched) -> Result<(), NetFailure> {
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

/// A configured base address with a trailing slash, so paths can be appended.
pub(crate) fn with_slash(base: &str) -> String {
    if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}
