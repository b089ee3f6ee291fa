//! RDAP: which server to ask (the IANA bootstrap registry) and what the answers mean.
//!
//! Real servers bend RFC 9083 in many small ways: numbers and booleans arrive as strings,
//! `secureDNS` is spelt `secureDns`, dates carry offsets or fractions or no zone at all,
//! registrants are redacted. Parsing therefore walks a `serde_json::Value` and takes what
//! it can recognise; a missing or odd field makes that fact unknown, never the whole answer
//! unreadable. Only a body that is not JSON, or JSON that is not an object, is an error.

use std::collections::HashMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The IANA bootstrap file for domains shipped with the app.
pub const SHIPPED_DNS: &str = include_str!("../data/rdap-bootstrap/dns.json");
/// The IANA bootstrap file for IPv4 networks shipped with the app.
pub const SHIPPED_IPV4: &str = include_str!("../data/rdap-bootstrap/ipv4.json");
/// The IANA bootstrap file for IPv6 networks shipped with the app.
pub const SHIPPED_IPV6: &str = include_str!("../data/rdap-bootstrap/ipv6.json");
/// Servers for country-code domains that IANA does not list.
pub const SHIPPED_OVERRIDES: &str = include_str!("../data/rdap-bootstrap/overrides.json");

/// A bootstrap file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the RDAP bootstrap file is not usable: {0}")]
pub struct BootstrapError(pub String);

#[derive(Deserialize)]
struct BootstrapFile {
    #[serde(default)]
    publication: String,
    services: Vec<(Vec<String>, Vec<String>)>,
}

fn read_file(text: &str) -> Result<BootstrapFile, BootstrapError> {
    let file: BootstrapFile =
        serde_json::from_str(text).map_err(|e| BootstrapError(e.to_string()))?;
    if file.services.is_empty() {
        return Err(BootstrapError("it lists no services".into()));
    }
    Ok(file)
}

/// Prefers the https address of a service entry, as IANA lists http ones too.
fn pick_url(urls: &[String]) -> Option<String> {
    urls.iter()
        .find(|u| u.starts_with("https://"))
        .or_else(|| urls.first())
        .map(|u| {
            if u.ends_with('/') {
                u.clone()
            } else {
                format!("{u}/")
            }
        })
}

/// One IP block and its server.
#[derive(Debug, Clone)]
struct IpBlock {
    network: IpAddr,
    prefix: u8,
    base: String,
}

/// Which RDAP server answers for which domain or address.
#[derive(Debug, Clone)]
pub struct Bootstrap {
    tlds: HashMap<String, String>,
    overrides: HashMap<String, String>,
    blocks: Vec<IpBlock>,
    /// Publication date of the domain file in use.
    pub dns_publication: String,
    /// Publication date of the IPv4 file in use.
    pub ipv4_publication: String,
    /// Publication date of the IPv6 file in use.
    pub ipv6_publication: String,
}

impl Bootstrap {
    /// The copy shipped with the app.
    pub fn shipped() -> Bootstrap {
        Bootstrap::from_files(SHIPPED_DNS, SHIPPED_IPV4, SHIPPED_IPV6, SHIPPED_OVERRIDES)
            .expect("the shipped RDAP bootstrap files are valid (tested)")
    }

    /// Reads the three IANA files and the override table.
    pub fn from_files(
        dns: &str,
        ipv4: &str,
        ipv6: &str,
        overrides: &str,
    ) -> Result<Bootstrap, BootstrapError> {
        let dns = read_file(dns)?;
        let v4 = read_file(ipv4)?;
        let v6 = read_file(ipv6)?;
        let over = read_file(overrides)?;
        let mut tlds = HashMap::new();
        for (names, urls) in &dns.services {
            if let Some(url) = pick_url(urls) {
                for n in names {
                    tlds.insert(n.to_ascii_lowercase(), url.clone());
                }
            }
        }
        let mut overrides = HashMap::new();
        for (names, urls) in &over.services {
            if let Some(url) = pick_url(urls) {
                for n in names {
                    overrides.insert(n.to_ascii_lowercase(), url.clone());
                }
            }
        }
        let mut blocks = Vec::new();
        for (ranges, urls) in v4.services.iter().chain(&v6.services) {
            let Some(base) = pick_url(urls) else { continue };
            for r in ranges {
                let Some((net, prefix)) = r.split_once('/') else {
                    continue;
                };
                if let (Ok(network), Ok(prefix)) = (net.parse::<IpAddr>(), prefix.parse::<u8>()) {
                    blocks.push(IpBlock {
                        network,
                        prefix,
                        base: base.clone(),
                    });
                }
            }
        }
        // Longest prefix first, so the most specific block wins.
        blocks.sort_by_key(|b| std::cmp::Reverse(b.prefix));
        Ok(Bootstrap {
            tlds,
            overrides,
            blocks,
            dns_publication: dns.publication,
            ipv4_publication: v4.publication,
            ipv6_publication: v6.publication,
        })
    }

    /// The server base URL (ending in `/`) for a domain, from IANA's file or else the
    /// override table.
    pub fn domain_base(&self, domain: &str) -> Option<&str> {
        let tld = domain.trim_end_matches('.').rsplit('.').next()?;
        let tld = tld.to_ascii_lowercase();
        self.tlds
            .get(&tld)
            .or_else(|| self.overrides.get(&tld))
            .map(String::as_str)
    }

    /// The server base URL for an IP address.
    pub fn ip_base(&self, ip: IpAddr) -> Option<&str> {
        self.blocks
            .iter()
            .find(|b| in_block(ip, b.network, b.prefix))
            .map(|b| b.base.as_str())
    }
}

fn in_block(ip: IpAddr, net: IpAddr, prefix: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) if prefix <= 32 => {
            let mask = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(prefix))
            };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) if prefix <= 128 => {
            let mask = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(prefix))
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// A response that is not an RDAP object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RdapError {
    /// Not JSON at all.
    #[error("the RDAP server's answer is not JSON: {0}")]
    NotJson(String),
    /// JSON, but not an object.
    #[error("the RDAP server's answer is not an RDAP object")]
    NotAnObject,
    /// An RDAP error object (RFC 9083 §6).
    #[error("the RDAP server answered with error {code}: {title}")]
    ServerError {
        /// `errorCode`.
        code: i64,
        /// `title` and `description`.
        title: String,
    },
}

/// What the registry says about a domain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DomainRegistration {
    /// The domain as the registry spells it.
    pub domain: String,
    /// Registration date (RFC 3339, UTC), when the registry says.
    pub registered: Option<String>,
    /// Expiry date.
    pub expires: Option<String>,
    /// Last change.
    pub last_changed: Option<String>,
    /// Registrar name.
    pub registrar: Option<String>,
    /// Registrar's IANA id.
    pub registrar_iana_id: Option<String>,
    /// Registrant organisation or name, when not redacted.
    pub registrant: Option<String>,
    /// EPP status values.
    pub status: Vec<String>,
    /// Whether the delegation is DNSSEC-signed, when said.
    pub dnssec: Option<bool>,
    /// Name servers.
    pub nameservers: Vec<String>,
    /// Fields the registry redacted (RFC 9537), or "registrant" when its contact is blank.
    pub redacted: Vec<String>,
}

/// The network an address belongs to, from an RDAP IP lookup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NetworkOwner {
    /// Network name (`name`).
    pub name: Option<String>,
    /// Registry handle.
    pub handle: Option<String>,
    /// First and last address.
    pub range: Option<String>,
    /// Country, when given.
    pub country: Option<String>,
    /// The registrant organisation.
    pub organisation: Option<String>,
    /// Registration date of the network.
    pub registered: Option<String>,
}

fn parse_object(body: &[u8]) -> Result<serde_json::Map<String, Value>, RdapError> {
    let v: Value = serde_json::from_slice(body).map_err(|e| RdapError::NotJson(e.to_string()))?;
    let Value::Object(map) = v else {
        return Err(RdapError::NotAnObject);
    };
    if let Some(code) = map.get("errorCode").and_then(lenient_i64) {
        let mut title = map
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if let Some(Value::Array(d)) = map.get("description") {
            let d: Vec<&str> = d.iter().filter_map(Value::as_str).collect();
            if !d.is_empty() {
                if !title.is_empty() {
                    title.push_str(" — ");
                }
                title.push_str(&d.join(" "));
            }
        }
        return Err(RdapError::ServerError { code, title });
    }
    Ok(map)
}

/// A number that may arrive as a string.
fn lenient_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean that may arrive as a string.
fn lenient_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        _ => None,
    }
}

/// Any of the date forms seen in RDAP answers, as the app's RFC 3339 UTC form with
/// milliseconds (see [`bonafide_base::clock`]).
pub fn lenient_date(s: &str) -> Option<String> {
    let s = s.trim();
    let t = if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        t
    } else if let Ok(t) = OffsetDateTime::parse(&format!("{s}Z"), &Rfc3339) {
        // A date-time without a zone: read as UTC.
        t
    } else if let Some(d) = bonafide_base::clock::parse_date(s.get(..10).unwrap_or(s)) {
        d.midnight().assume_utc()
    } else {
        return None;
    };
    Some(bonafide_base::clock::format_timestamp(t))
}

fn events(map: &serde_json::Map<String, Value>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(Value::Array(evs)) = map.get("events") {
        for e in evs {
            let action = e.get("eventAction").and_then(Value::as_str);
            let date = e
                .get("eventDate")
                .and_then(Value::as_str)
                .and_then(lenient_date);
            if let (Some(a), Some(d)) = (action, date) {
                out.entry(a.trim().to_ascii_lowercase()).or_insert(d);
            }
        }
    }
    out
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
        _ => Vec::new(),
    }
}

fn roles(entity: &Value) -> Vec<String> {
    strings(entity.get("roles"))
        .into_iter()
        .map(|r| r.to_ascii_lowercase())
        .collect()
}

/// A vCard property's text value (`fn`, `org`), blank treated as absent.
fn vcard_text(entity: &Value, property: &str) -> Option<String> {
    let props = entity.get("vcardArray")?.get(1)?.as_array()?;
    props.iter().find_map(|p| {
        let p = p.as_array()?;
        if p.first()?.as_str()? != property {
            return None;
        }
        let value = match p.get(3)? {
            Value::String(s) => s.trim().to_string(),
            Value::Array(parts) => parts
                .iter()
                .filter_map(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            _ => return None,
        };
        (!value.is_empty()).then_some(value)
    })
}

fn vcard_country(entity: &Value) -> Option<String> {
    let props = entity.get("vcardArray")?.get(1)?.as_array()?;
    props.iter().find_map(|p| {
        let p = p.as_array()?;
        if p.first()?.as_str()? != "adr" {
            return None;
        }
        let parts = p.get(3)?.as_array()?;
        parts
            .get(6)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    })
}

fn entities(map: &serde_json::Map<String, Value>) -> Vec<&Value> {
    match map.get("entities") {
        Some(Value::Array(a)) => a.iter().collect(),
        _ => Vec::new(),
    }
}

fn entity_name(e: &Value) -> Option<String> {
    vcard_text(e, "org").or_else(|| vcard_text(e, "fn"))
}

/// Reads a domain answer.
pub fn parse_domain(body: &[u8]) -> Result<DomainRegistration, RdapError> {
    let map = parse_object(body)?;
    let ev = events(&map);
    let mut reg = DomainRegistration {
        domain: map
            .get("ldhName")
            .or_else(|| map.get("unicodeName"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase(),
        registered: ev.get("registration").cloned(),
        expires: ev.get("expiration").cloned(),
        last_changed: ev.get("last changed").cloned(),
        status: strings(map.get("status")),
        ..Default::default()
    };
    // RFC 9083 says `secureDNS`; some servers send `secureDns`.
    let secure = map
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("securedns"))
        .map(|(_, v)| v);
    reg.dnssec = secure
        .and_then(|s| s.get("delegationSigned"))
        .and_then(lenient_bool);
    if let Some(Value::Array(ns)) = map.get("nameservers") {
        reg.nameservers = ns
            .iter()
            .filter_map(|n| n.get("ldhName").and_then(Value::as_str))
            .map(|n| n.to_ascii_lowercase())
            .collect();
    }
    for e in entities(&map) {
        let r = roles(e);
        if r.iter().any(|r| r == "registrar") && reg.registrar.is_none() {
            reg.registrar = entity_name(e);
            if let Some(Value::Array(ids)) = e.get("publicIds") {
                reg.registrar_iana_id = ids.iter().find_map(|id| {
                    let kind = id.get("type").and_then(Value::as_str)?;
                    if !kind.to_ascii_lowercase().contains("iana") {
                        return None;
                    }
                    match id.get("identifier")? {
                        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    }
                });
            }
        }
        if r.iter().any(|r| r == "registrant") && reg.registrant.is_none() {
            reg.registrant = entity_name(e);
            if reg.registrant.is_none() {
                reg.redacted.push("registrant".into());
            }
        }
    }
    if let Some(Value::Array(red)) = map.get("redacted") {
        for r in red {
            let name = r
                .get("name")
                .and_then(|n| n.get("description").or_else(|| n.get("type")))
                .and_then(Value::as_str);
            if let Some(name) = name {
                let name = name.trim().to_string();
                if !reg.redacted.contains(&name) {
                    reg.redacted.push(name);
                }
            }
        }
    }
    Ok(reg)
}

/// Reads an IP network answer.
pub fn parse_network(body: &[u8]) -> Result<NetworkOwner, RdapError> {
    let map = parse_object(body)?;
    let text = |k: &str| {
        map.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let range = match (text("startAddress"), text("endAddress")) {
        (Some(a), Some(b)) => Some(format!("{a} – {b}")),
        _ => None,
    };
    let mut owner = NetworkOwner {
        name: text("name"),
        handle: text("handle"),
        range,
        country: text("country"),
        registered: events(&map).get("registration").cloned(),
        ..Default::default()
    };
    for e in entities(&map) {
        if roles(e).iter().any(|r| r == "registrant") {
            owner.organisation = entity_name(e);
            if owner.country.is_none() {
                owner.country = vcard_country(e);
            }
            break;
        }
    }
    Ok(owner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/rdap")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn shipped_bootstrap_knows_common_tlds_and_blocks() {
        let b = Bootstrap::shipped();
        assert_eq!(
            b.domain_base("example.com"),
            Some("https://rdap.verisign.com/com/v1/")
        );
        assert_eq!(b.domain_base("lemonde.FR"), Some("https://rdap.nic.fr/"));
        // Not in IANA's file: from the override table.
        assert_eq!(b.domain_base("denic.de"), Some("https://rdap.denic.de/"));
        assert_eq!(b.domain_base("example.invalid"), None);
        assert!(b.dns_publication.starts_with("2025-"));
        let arin = b.ip_base("192.198.0.1".parse().unwrap()).unwrap();
        assert!(arin.contains("arin"), "{arin}");
        assert!(
            b.ip_base("2a00:1450::1".parse().unwrap())
                .unwrap()
                .contains("ripe")
        );
    }

    #[test]
    fn afnic_domain_with_secure_dns_spelling_and_string_ids() {
        let d = parse_domain(&sample("domain_afnic_fr.json")).unwrap();
        assert_eq!(d.domain, "afnic.fr");
        assert_eq!(d.registered.as_deref(), Some("2001-12-10T23:00:00.000Z"));
        assert_eq!(d.expires.as_deref(), Some("2029-07-18T08:26:59.000Z"));
        assert_eq!(d.registrar_iana_id.as_deref(), Some("9999"));
        assert_eq!(d.dnssec, Some(true));
        assert_eq!(d.status, vec!["active"]);
        assert!(d.registrant.is_some());
    }

    #[test]
    fn offsets_and_fractions_in_dates_become_utc() {
        let d = parse_domain(&sample("microsoft.click.json")).unwrap();
        assert_eq!(d.registered.as_deref(), Some("2014-11-12T19:15:55.283Z"));
        assert_eq!(d.registrar.as_deref(), Some("MarkMonitor Inc."));
        assert_eq!(d.registrant.as_deref(), Some("Microsoft Corporation"));
        let m = parse_domain(&sample("home.moscow.json")).unwrap();
        assert_eq!(m.registrar_iana_id.as_deref(), Some("1606"));
        assert_eq!(m.redacted, vec!["registrant"]);
        assert_eq!(
            lenient_date("2012-03-02T08:03:18-05:00").as_deref(),
            Some("2012-03-02T13:03:18.000Z")
        );
        assert_eq!(
            lenient_date("2012-03-02 08:03").as_deref(),
            Some("2012-03-02T00:00:00.000Z")
        );
        assert_eq!(
            lenient_date("2012-03-02T08:03:18").as_deref(),
            Some("2012-03-02T08:03:18.000Z")
        );
        assert_eq!(lenient_date("last tuesday"), None);
    }

    #[test]
    fn redactions_are_listed() {
        let d = parse_domain(&sample("lookup_with_redaction.json")).unwrap();
        assert_eq!(d.registrar.as_deref(), Some("Example Registrar Inc."));
        assert!(
            d.redacted.iter().any(|r| r.contains("Registrant")),
            "{:?}",
            d.redacted
        );
    }

    #[test]
    fn network_owner_from_arin() {
        let n = parse_network(&sample("network_192_198_0_0.json")).unwrap();
        assert_eq!(n.organisation.as_deref(), Some("Radio Link Internet"));
        assert!(n.range.unwrap().starts_with("192.198.0.0"));
        assert!(n.name.is_some());
    }

    #[test]
    fn error_objects_and_garbage_are_refused_with_reasons() {
        match parse_domain(&sample("error_ripe_net.json")) {
            Err(RdapError::ServerError { code, .. }) => assert!(code >= 400),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_domain(b"<html>"),
            Err(RdapError::NotJson(_))
        ));
        assert_eq!(parse_domain(b"[1,2]"), Err(RdapError::NotAnObject));
        // Strings where numbers and booleans belong.
        let quirky = br#"{"objectClassName":"domain","ldhName":"X.COM",
            "secureDNS":{"delegationSigned":"true"},
            "entities":[{"roles":["registrar"],"publicIds":[{"type":"IANA Registrar ID","identifier":146}],
              "vcardArray":["vcard",[["fn",{},"text","Reg"]]]}],
            "events":[{"eventAction":"registration","eventDate":"2024-07-01"}]}"#;
        let d = parse_domain(quirky).unwrap();
        assert_eq!(d.domain, "x.com");
        assert_eq!(d.dnssec, Some(true));
        assert_eq!(d.registrar_iana_id.as_deref(), Some("146"));
        assert_eq!(d.registered.as_deref(), Some("2024-07-01T00:00:00.000Z"));
    }
}
