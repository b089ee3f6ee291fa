//! A small made-up internet on loopback for the automated checks: a front company
//! "Acme Dev" whose site copies the real firm "Northwind", its RDAP, DNS, history and
//! certificate answers, and hostile answers on named domains. Used by the core tests, the
//! end-to-end test and the benchmark.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use super::mock::{self, Rec, Reply};

pub const ORIGINAL_TEXT: &str = "Northwind Consulting helps mid-sized manufacturers modernise their supply chains. \
Our team of forty engineers has delivered more than two hundred integration projects across Europe \
and North America since 2009. We specialise in warehouse management systems, demand forecasting and \
supplier portals, and we stay with every client after launch with a dedicated support engineer.";

pub fn original_page() -> String {
    format!(
        "<!doctype html><html><head><title>Northwind Consulting</title></head><body><h1>About us</h1><p>{ORIGINAL_TEXT}</p></body></html>"
    )
}

pub fn copied_page() -> String {
    let copied = ORIGINAL_TEXT.replace("Northwind Consulting", "Acme Dev Solutions LLC");
    format!(
        "<!doctype html><html><head><title>Acme Dev Solutions</title><script>var x = 1 < 2;</script></head>\
         <body><h1>About us</h1><p>{copied}</p><p>Contact us today for a free quote.</p></body></html>"
    )
}

fn rdap_sample(name: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rdap")
        .join(name);
    let path = if path.exists() {
        path
    } else {
        // From src-tauri's tests.
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/rdap")
            .join(name)
    };
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

fn days_ago(days: i64) -> String {
    let t = time::OffsetDateTime::now_utc() - time::Duration::days(days);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// A domain answer for `domain` registered `days` ago, built from a real response.
pub fn domain_answer(domain: &str, days: i64) -> Vec<u8> {
    let mut v = rdap_sample("home.moscow.json");
    v["ldhName"] = domain.into();
    v["events"] = serde_json::json!([
        {"eventAction": "registration", "eventDate": days_ago(days)},
        {"eventAction": "expiration", "eventDate": "2027-07-01T00:00:00+03:00"},
        {"eventAction": "last changed", "eventDate": days_ago(days.min(20))}
    ]);
    serde_json::to_vec(&v).unwrap()
}

pub struct World {
    /// The HTTP server (RDAP under /rdap/, CDX, crt.sh, the web sites by Host).
    pub http: SocketAddr,
    /// The DNS server.
    pub dns: SocketAddr,
    /// A server on 127.0.0.2 that the guard must never let the checks reach.
    pub forbidden: SocketAddr,
    /// Connections the forbidden server accepted.
    pub forbidden_hits: Arc<AtomicUsize>,
}

impl World {
    pub fn start() -> World {
        let (forbidden, forbidden_hits) = mock::http("127.0.0.2:0", |_, _| {
            Reply::new(200, "text/html", "<p>router admin</p>")
        });
        let forbidden_url = format!("http://{forbidden}/");
        let (http, _) = mock::http("127.0.0.1:0", move |host, path| {
            route(host, path, &forbidden_url)
        });
        let dns = mock::dns(vec![
            Rec::A("acme-dev.test", [127, 0, 0, 1]),
            Rec::Mx("acme-dev.test", 10, "mail.acme-dev.test"),
            Rec::Ns("acme-dev.test", "ns1.example-dns.test"),
            Rec::Txt("acme-dev.test", "v=spf1 -all"),
            Rec::A("northwind.test", [127, 0, 0, 1]),
            Rec::A("redirector.test", [127, 0, 0, 1]),
            Rec::Mx("oldfirm.test", 10, "mx.oldfirm.test"),
            Rec::A("internal.test", [127, 0, 0, 2]),
            Rec::Aaaa("six.test", std::net::Ipv6Addr::LOCALHOST),
            // The anchor the checks ask before they believe a "no such name": this world's
            // resolver works, so its NXDOMAIN answers are evidence.
            Rec::A("example.com", [192, 0, 2, 1]),
        ]);
        World {
            http,
            dns,
            forbidden,
            forbidden_hits,
        }
    }

    /// Check settings that send everything to this world, with the guard on and only the
    /// world's own server exempt.
    pub fn settings(&self) -> bonafide::app::ChecksSettings {
        let base = format!("http://{}", self.http);
        bonafide::app::ChecksSettings {
            rdap_domain_url: format!("{base}/rdap/"),
            rdap_ip_url: format!("{base}/rdap/"),
            bootstrap_url: format!("{base}/bootstrap/"),
            wayback_url: format!("{base}/"),
            crtsh_url: format!("{base}/crtsh/"),
            resolver: self.dns.to_string(),
            timeout_secs: 3,
            allow_private_addresses: false,
            guard_exempt: vec!["127.0.0.1".into()],
        }
    }

    /// A front company of this world: a young domain, a site copied from Northwind, a
    /// referee on a look-alike of Northwind's domain, a VoIP phone.
    pub fn front_company(&self) -> bonafide::model::CaseFields {
        bonafide::model::CaseFields {
            kind: bonafide::model::SubjectKind::Company,
            display_name: "Acme Dev Solutions LLC".into(),
            company_name: "Acme Dev Solutions LLC".into(),
            websites: vec![self.site("acme-dev.test")],
            comparison_urls: vec![self.site("northwind.test")],
            emails: vec!["sales@acme-dev.test".into()],
            referee_emails: vec!["cto@northwind.co".into(), "hr@oldfirm.test".into()],
            known_domains: vec!["northwind.com".into()],
            phones: vec!["+445600123456".into()],
            country: "GB".into(),
            ..Default::default()
        }
    }

    /// A web address on this world's server.
    pub fn site(&self, host: &str) -> String {
        format!("http://{host}:{}/", self.http.port())
    }
}

fn route(host: &str, path: &str, forbidden_url: &str) -> Reply {
    let json = "application/rdap+json";
    if let Some(domain) = path.strip_prefix("/rdap/domain/") {
        let domain = domain.split('?').next().unwrap_or_default();
        return match domain {
            "acme-dev.test" => Reply::new(200, json, domain_answer(domain, 120)),
            "oldfirm.test" => Reply::new(200, json, domain_answer(domain, 4000)),
            // An honest candidate's personal domain, registered years ago.
            "alexkim.test" => Reply::new(200, json, domain_answer(domain, 2500)),
            "huge.test" => Reply::new(200, json, vec![b' '; 5 * 1024 * 1024]),
            "malformed.test" => Reply::new(
                200,
                json,
                "{\"objectClassName\": \"domain\", \"events\": [tru",
            ),
            "html.test" => Reply::new(
                200,
                "text/html",
                "<html><body>Registry maintenance</body></html>",
            ),
            "loop.test" => Reply::redirect(&format!("/rdap/domain/loop.test?again={}", path.len())),
            "slow.test" => Reply {
                delay: Duration::from_secs(10),
                ..Reply::new(200, json, domain_answer(domain, 4000))
            },
            _ => Reply::new(
                404,
                json,
                serde_json::to_vec(&rdap_sample("error_ripe_net.json")).unwrap(),
            ),
        };
    }
    if path.starts_with("/rdap/ip/") {
        return Reply::new(
            200,
            json,
            serde_json::to_vec(&rdap_sample("network_192_198_0_0.json")).unwrap(),
        );
    }
    if path.starts_with("/cdx/search/cdx") {
        if path.contains("acme-dev.test") {
            let ts = (time::OffsetDateTime::now_utc() - time::Duration::days(75))
                .format(time::macros::format_description!(
                    "[year][month][day]083000"
                ))
                .unwrap();
            return Reply::new(
                200,
                "application/json",
                format!(r#"[["timestamp","original"],["{ts}","http://acme-dev.test:80/"]]"#),
            );
        }
        if path.contains("alexkim.test") {
            // The honest candidate's site has been archived for years.
            return Reply::new(
                200,
                "application/json",
                r#"[["timestamp","original"],["20190312083000","http://alexkim.test:80/"]]"#,
            );
        }
        return Reply::new(200, "application/json", "[]");
    }
    if path.starts_with("/crtsh/") {
        let issued = if path.contains("alexkim.test") {
            days_ago(2400)
        } else {
            days_ago(90)
        };
        return Reply::new(
            200,
            "application/json",
            format!(
                r#"[{{"id": 1234567, "issuer_name": "C=US, O=Let's Encrypt, CN=R11", "not_before": "{}"}}]"#,
                issued.trim_end_matches('Z')
            ),
        );
    }
    if path.starts_with("/bootstrap/") {
        return Reply::new(404, "text/plain", "no");
    }
    match host {
        "acme-dev.test" => Reply::new(200, "text/html; charset=utf-8", copied_page()),
        "northwind.test" => Reply::new(200, "text/html", original_page()),
        "redirector.test" => Reply::redirect(forbidden_url),
        _ => Reply::new(404, "text/plain", "no such site"),
    }
}
