//! The network side of the checks: one HTTP client and one DNS resolver, built once from
//! [`NetConfig`], both behind the private-address guard.
//!
//! Every name the HTTP client connects to is resolved by our own resolver, which refuses
//! the whole name if any of its addresses is not public (a name that answers with both a
//! public and a private address could otherwise be steered to the private one). Address
//! literals never reach a resolver, so they are checked before a request is sent and in
//! every redirect. System proxies are ignored: a proxy would resolve names itself and the
//! guard would see nothing.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::rr::{RData, RecordType};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use url::Url;

use crate::guard::{AddressGuard, Refused};

/// How the checks reach the network. Everything a test needs to point at 127.0.0.1 is here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetConfig {
    /// Sent with every request, so site owners can see who asked.
    pub user_agent: String,
    /// Longest wait for one HTTP exchange, body included.
    pub request_timeout: Duration,
    /// Longest wait for a connection.
    pub connect_timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// The DNS server to ask; `None` uses the system's (`/etc/resolv.conf`).
    pub resolver: Option<SocketAddr>,
    /// Longest wait for one DNS answer.
    pub dns_timeout: Duration,
    /// Which addresses may be contacted.
    pub guard: AddressGuard,
}

impl Default for NetConfig {
    fn default() -> Self {
        NetConfig {
            user_agent: format!(
                "BonaFide/{} (due-diligence checks; +https://example.invalid/bonafide)",
                env!("CARGO_PKG_VERSION")
            ),
            request_timeout: Duration::from_secs(15),
            connect_timeout: Duration::from_secs(8),
            max_redirects: 5,
            resolver: None,
            dns_timeout: Duration::from_secs(4),
            guard: AddressGuard::default(),
        }
    }
}

/// Why a request or lookup produced nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetFailure {
    /// No connection could be made: no network, a refused port, no route.
    #[error("could not connect ({0}); the computer may be offline")]
    Offline(String),
    /// The other side did not answer in time.
    #[error("no answer within the time limit")]
    TimedOut,
    /// The guard refused an address.
    #[error(transparent)]
    Refused(#[from] Refused),
    /// Redirected more often than allowed, or in a loop.
    #[error("redirected more than {0} times; stopped")]
    TooManyRedirects(usize),
    /// Not an http(s) address.
    #[error("{0} is not an http or https address")]
    BadUrl(String),
    /// The server answered with an error status.
    #[error("the server answered HTTP {status} for {url}")]
    Status {
        /// HTTP status.
        status: u16,
        /// Where.
        url: String,
    },
    /// The answer was larger than allowed.
    #[error("the answer is larger than {limit} bytes; it was not read")]
    TooLarge {
        /// The cap.
        limit: usize,
    },
    /// The answer was of the wrong kind.
    #[error("expected {expected}, the server sent {got}")]
    WrongContentType {
        /// What was asked for.
        expected: &'static str,
        /// The `Content-Type` received.
        got: String,
    },
    /// The name does not exist.
    #[error("the name {0} does not exist in DNS")]
    NoSuchName(String),
    /// Anything else, with the underlying message.
    #[error("{0}")]
    Other(String),
}

impl NetFailure {
    /// True when the failure says nothing about the target, only about the connection.
    pub fn is_offline(&self) -> bool {
        matches!(self, NetFailure::Offline(_))
    }
}

/// What to do with an answer larger than the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Oversize {
    /// Keep the first `cap` bytes (web pages: the top of the page is what matters).
    Truncate,
    /// Fail (JSON: half a document is no document).
    Refuse,
}

/// One HTTP answer, kept as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fetched {
    /// The address asked.
    pub url: String,
    /// The address that answered, after redirects.
    pub final_url: String,
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`, when sent.
    pub content_type: Option<String>,
    /// The body, at most the cap.
    pub body: Vec<u8>,
    /// True when the body was cut at the cap.
    pub truncated: bool,
    /// When the answer arrived.
    pub retrieved_at: String,
    /// SHA-256 of `body`, hex.
    pub sha256: String,
}

/// The HTTP client and DNS resolver, shared by every check.
pub struct Net {
    client: reqwest::Client,
    dns: TokioResolver,
    guard: Arc<AddressGuard>,
    config: NetConfig,
}

impl std::fmt::Debug for Net {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Net").field("config", &self.config).finish()
    }
}

struct GuardedResolver {
    dns: TokioResolver,
    guard: Arc<AddressGuard>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let dns = self.dns.clone();
        let guard = self.guard.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            // Boxed once, as the trait object itself, so the error can be downcast back
            // to a NetFailure from reqwest's error chain.
            let boxed = |f: NetFailure| -> Box<dyn std::error::Error + Send + Sync> { Box::new(f) };
            let ips = lookup_ips(&dns, &host).await.map_err(boxed)?;
            for ip in &ips {
                guard
                    .check(*ip)
                    .map_err(|r| boxed(NetFailure::Refused(r)))?;
            }
            let addrs: reqwest::dns::Addrs =
                Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

async fn lookup_ips(dns: &TokioResolver, host: &str) -> Result<Vec<IpAddr>, NetFailure> {
    let found = dns
        .lookup_ip(host)
        .await
        .map_err(|e| dns_failure(host, e))?;
    let ips: Vec<IpAddr> = found.iter().collect();
    if ips.is_empty() {
        return Err(NetFailure::NoSuchName(host.to_string()));
    }
    Ok(ips)
}

fn dns_failure(name: &str, e: NetError) -> NetFailure {
    match &e {
        NetError::Timeout => NetFailure::TimedOut,
        // NXDOMAIN, or a name with no records of the type asked.
        NetError::Dns(DnsError::NoRecordsFound(_)) => NetFailure::NoSuchName(name.to_string()),
        NetError::NoConnections | NetError::Io(_) => NetFailure::Offline(e.to_string()),
        _ => NetFailure::Other(format!("DNS lookup of {name} failed: {e}")),
    }
}

fn http_failure(e: reqwest::Error, max_redirects: usize) -> NetFailure {
    // Our own refusals travel inside reqwest's error chain.
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(s) = source {
        if let Some(f) = s.downcast_ref::<NetFailure>() {
            return f.clone();
        }
        if let Some(r) = s.downcast_ref::<Refused>() {
            return NetFailure::Refused(r.clone());
        }
        source = s.source();
    }
    if e.is_timeout() {
        NetFailure::TimedOut
    } else if e.is_redirect() {
        NetFailure::TooManyRedirects(max_redirects)
    } else if e.is_connect() {
        NetFailure::Offline(e.to_string())
    } else {
        NetFailure::Other(e.to_string())
    }
}

fn check_url(guard: &AddressGuard, url: &Url) -> Result<(), NetFailure> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(NetFailure::BadUrl(url.to_string()));
    }
    match url.host() {
        Some(url::Host::Ipv4(ip)) => guard.check(IpAddr::V4(ip))?,
        Some(url::Host::Ipv6(ip)) => guard.check(IpAddr::V6(ip))?,
        Some(url::Host::Domain(_)) => {}
        None => return Err(NetFailure::BadUrl(url.to_string())),
    }
    Ok(())
}

/// DNS records of one name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DnsRecords {
    /// The name.
    pub name: String,
    /// IPv4 addresses.
    pub a: Vec<String>,
    /// IPv6 addresses.
    pub aaaa: Vec<String>,
    /// Mail exchangers as `preference host`.
    pub mx: Vec<String>,
    /// Name servers.
    pub ns: Vec<String>,
    /// TXT strings.
    pub txt: Vec<String>,
}

impl Net {
    /// Builds the client and resolver. Must be called inside a tokio runtime that outlives
    /// the `Net` (the resolver keeps background tasks on it).
    pub fn new(config: NetConfig) -> Result<Net, NetFailure> {
        let mut opts = ResolverOpts::default();
        opts.timeout = config.dns_timeout;
        opts.attempts = 1;
        let dns = match config.resolver {
            Some(addr) => {
                let mut conn = ConnectionConfig::udp();
                conn.port = addr.port();
                let ns = NameServerConfig::new(addr.ip(), true, vec![conn]);
                TokioResolver::builder_with_config(
                    ResolverConfig::from_name_servers(vec![ns]),
                    TokioRuntimeProvider::default(),
                )
                .with_options(opts)
                .build()
            }
            None => TokioResolver::builder_tokio()
                .map(|b| b.with_options(opts))
                .and_then(|b| b.build()),
        }
        .map_err(|e| NetFailure::Other(format!("cannot set up DNS: {e}")))?;
        let guard = Arc::new(config.guard.clone());
        let redirect_guard = guard.clone();
        let max = config.max_redirects;
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max {
                return attempt.error(NetFailure::TooManyRedirects(max));
            }
            if attempt.previous().contains(attempt.url()) {
                return attempt.error(NetFailure::TooManyRedirects(max));
            }
            match check_url(&redirect_guard, attempt.url()) {
                Ok(()) => attempt.follow(),
                Err(e) => attempt.error(e),
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .timeout(config.request_timeout)
            .connect_timeout(config.connect_timeout)
            .redirect(policy)
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolver {
                dns: dns.clone(),
                guard: guard.clone(),
            }))
            .build()
            .map_err(|e| NetFailure::Other(format!("cannot set up HTTP: {e}")))?;
        Ok(Net {
            client,
            dns,
            guard,
            config,
        })
    }

    /// The configuration this was built from.
    pub fn config(&self) -> &NetConfig {
        &self.config
    }

    /// GETs `url`, reading at most `cap` bytes of body.
    pub async fn get(
        &self,
        url: &str,
        accept: &str,
        cap: usize,
        oversize: Oversize,
    ) -> Result<Fetched, NetFailure> {
        let (fetched, _) = self.fetch(url, accept, cap, oversize, &|_, _| {}).await?;
        Ok(fetched)
    }

    /// GETs a large file, such as a sanctions list: more than `cap` bytes is a failure,
    /// and `progress` hears the bytes received so far and the size the server announced
    /// as they arrive. Also returns the server's `Last-Modified` date (`YYYY-MM-DD`).
    pub async fn download(
        &self,
        url: &str,
        cap: usize,
        progress: &(dyn Fn(u64, Option<u64>) + Send + Sync),
    ) -> Result<(Fetched, Option<String>), NetFailure> {
        self.fetch(url, "*/*", cap, Oversize::Refuse, progress)
            .await
    }

    async fn fetch(
        &self,
        url: &str,
        accept: &str,
        cap: usize,
        oversize: Oversize,
        progress: &(dyn Fn(u64, Option<u64>) + Send + Sync),
    ) -> Result<(Fetched, Option<String>), NetFailure> {
        let parsed = Url::parse(url).map_err(|_| NetFailure::BadUrl(url.to_string()))?;
        check_url(&self.guard, &parsed)?;
        let max = self.config.max_redirects;
        let mut resp = self
            .client
            .get(parsed)
            .header(reqwest::header::ACCEPT, accept)
            .send()
            .await
            .map_err(|e| http_failure(e, max))?;
        let status = resp.status().as_u16();
        let final_url = resp.url().to_string();
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let last_modified = header(reqwest::header::LAST_MODIFIED)
            .and_then(|v| {
                time::OffsetDateTime::parse(&v, &time::format_description::well_known::Rfc2822).ok()
            })
            .map(|t| bonafide_base::clock::format_timestamp(t)[..10].to_string());
        let total = resp.content_length();
        if oversize == Oversize::Refuse && total.is_some_and(|n| n > cap as u64) {
            return Err(NetFailure::TooLarge { limit: cap });
        }
        let mut body =
            Vec::with_capacity(total.unwrap_or(0).min(cap as u64).min(64 << 20) as usize);
        let mut truncated = false;
        while let Some(chunk) = resp.chunk().await.map_err(|e| http_failure(e, max))? {
            if body.len() + chunk.len() > cap {
                if oversize == Oversize::Refuse {
                    return Err(NetFailure::TooLarge { limit: cap });
                }
                body.extend_from_slice(&chunk[..cap - body.len()]);
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
            progress(body.len() as u64, total);
        }
        let sha256 = hex::encode(Sha256::digest(&body));
        let fetched = Fetched {
            url: url.to_string(),
            final_url,
            status,
            content_type,
            body,
            truncated,
            retrieved_at: bonafide_base::clock::now(),
            sha256,
        };
        Ok((fetched, last_modified))
    }

    /// POSTs `body` as `content_type` (an RFC 3161 time-stamp request, say) and returns
    /// the answer, which must be a success of type `expected` and at most `cap` bytes.
    /// Redirects are not followed for a POST.
    pub async fn post(
        &self,
        url: &str,
        content_type: &str,
        body: Vec<u8>,
        expected: &'static str,
        cap: usize,
    ) -> Result<Vec<u8>, NetFailure> {
        let parsed = Url::parse(url).map_err(|_| NetFailure::BadUrl(url.to_string()))?;
        check_url(&self.guard, &parsed)?;
        let max = self.config.max_redirects;
        let mut resp = self
            .client
            .post(parsed)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .header(reqwest::header::ACCEPT, expected)
            .body(body)
            .send()
            .await
            .map_err(|e| http_failure(e, max))?;
        let status = resp.status().as_u16();
        if status >= 300 {
            return Err(NetFailure::Status {
                status,
                url: resp.url().to_string(),
            });
        }
        let got = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        if !got.to_ascii_lowercase().starts_with(expected) {
            return Err(NetFailure::WrongContentType { expected, got });
        }
        if resp.content_length().is_some_and(|n| n > cap as u64) {
            return Err(NetFailure::TooLarge { limit: cap });
        }
        let mut out = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| http_failure(e, max))? {
            if out.len() + chunk.len() > cap {
                return Err(NetFailure::TooLarge { limit: cap });
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }

    /// Like [`Net::get`], but an error status is a failure.
    pub async fn get_ok(
        &self,
        url: &str,
        accept: &str,
        cap: usize,
        oversize: Oversize,
    ) -> Result<Fetched, NetFailure> {
        let f = self.get(url, accept, cap, oversize).await?;
        if f.status >= 400 {
            return Err(NetFailure::Status {
                status: f.status,
                url: f.final_url,
            });
        }
        Ok(f)
    }

    /// The addresses of a host, after the guard (for the hosting lookup).
    pub async fn addresses(&self, host: &str) -> Result<Vec<IpAddr>, NetFailure> {
        lookup_ips(&self.dns, host).await
    }

    /// A, AAAA, MX, NS and TXT records of `name`, asked concurrently. A type with no
    /// records is empty; a name that does not exist is [`NetFailure::NoSuchName`].
    pub async fn records(&self, name: &str) -> Result<DnsRecords, NetFailure> {
        let fqdn = format!("{}.", name.trim_end_matches('.'));
        let (a, aaaa, mx, ns, txt) = tokio::join!(
            self.dns.lookup(fqdn.as_str(), RecordType::A),
            self.dns.lookup(fqdn.as_str(), RecordType::AAAA),
            self.dns.lookup(fqdn.as_str(), RecordType::MX),
            self.dns.lookup(fqdn.as_str(), RecordType::NS),
            self.dns.lookup(fqdn.as_str(), RecordType::TXT),
        );
        let mut out = DnsRecords {
            name: name.to_string(),
            ..Default::default()
        };
        let mut missing = 0;
        for result in [a, aaaa, mx, ns, txt] {
            let lookup = match result {
                Ok(l) => l,
                Err(e) => match dns_failure(name, e) {
                    NetFailure::NoSuchName(_) => {
                        missing += 1;
                        continue;
                    }
                    other => return Err(other),
                },
            };
            for record in lookup.answers() {
                match &record.data {
                    RData::A(a) => out.a.push(a.0.to_string()),
                    RData::AAAA(a) => out.aaaa.push(a.0.to_string()),
                    RData::MX(mx) => out.mx.push(format!(
                        "{} {}",
                        mx.preference,
                        mx.exchange.to_ascii().trim_end_matches('.')
                    )),
                    RData::NS(ns) => out
                        .ns
                        .push(ns.0.to_ascii().trim_end_matches('.').to_string()),
                    RData::TXT(t) => out.txt.push(
                        t.txt_data
                            .iter()
                            .map(|part| String::from_utf8_lossy(part))
                            .collect::<String>(),
                    ),
                    _ => {}
                }
            }
        }
        if missing == 5 {
            return Err(NetFailure::NoSuchName(name.to_string()));
        }
        for list in [
            &mut out.a,
            &mut out.aaaa,
            &mut out.mx,
            &mut out.ns,
            &mut out.txt,
        ] {
            list.sort();
            list.dedup();
        }
        Ok(out)
    }
}
