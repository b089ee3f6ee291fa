//! Mock servers on loopback for the automated checks: an HTTP server that answers by
//! host and path (RDAP, Wayback CDX, crt.sh, web pages, and hostile answers), and a DNS
//! server that answers from a fixed zone. Shared by the core tests, the end-to-end test
//! and the benchmark, so every one of them stays on 127.0.0.0/8.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hickory_resolver::proto::op::{Message, MessageType, OpCode, ResponseCode};
use hickory_resolver::proto::rr::rdata::{A, AAAA, MX, NS, TXT};
use hickory_resolver::proto::rr::{Name, RData, Record, RecordType};

/// One HTTP answer.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    pub location: Option<String>,
    /// Wait this long before answering.
    pub delay: Duration,
    /// Accept and never answer.
    pub silent: bool,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type: content_type.into(),
            body: body.into(),
            location: None,
            delay: Duration::ZERO,
            silent: false,
        }
    }

    pub fn redirect(to: &str) -> Reply {
        Reply {
            location: Some(to.into()),
            ..Reply::new(302, "text/plain", "moved")
        }
    }
}

type Handler = dyn Fn(&str, &str) -> Reply + Send + Sync;

/// Serves HTTP on `bind` (e.g. "127.0.0.1:0"); `handler(host, path)` decides each answer.
/// Returns the address and a counter of connections accepted.
pub fn http(
    bind: &str,
    handler: impl Fn(&str, &str) -> Reply + Send + Sync + 'static,
) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind(bind).expect("bind a loopback port");
    let addr = listener.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let handler: Arc<Handler> = Arc::new(handler);
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let handler = handler.clone();
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut chunk) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let request = String::from_utf8_lossy(&buf).to_string();
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                let host = request
                    .lines()
                    .find_map(|l| {
                        l.strip_prefix("host: ")
                            .or_else(|| l.strip_prefix("Host: "))
                    })
                    .map(|h| h.split(':').next().unwrap_or("").trim().to_string())
                    .unwrap_or_default();
                let reply = handler(&host, &path);
                if reply.silent {
                    std::thread::sleep(Duration::from_secs(120));
                    return;
                }
                std::thread::sleep(reply.delay);
                let mut head = format!(
                    "HTTP/1.1 {} X\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                    reply.status,
                    reply.content_type,
                    reply.body.len()
                );
                if let Some(l) = &reply.location {
                    head.push_str(&format!("Location: {l}\r\n"));
                }
                head.push_str("\r\n");
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&reply.body);
            });
        }
    });
    (addr, hits)
}

/// A TCP port that accepts connections and never answers.
pub fn silent_port() -> SocketAddr {
    http("127.0.0.1:0", |_, _| Reply {
        silent: true,
        ..Reply::new(200, "text/plain", "")
    })
    .0
}

/// A port with nothing listening.
pub fn closed_port() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let a = l.local_addr().unwrap();
    drop(l);
    a
}

/// A DNS record in the mock zone.
pub enum Rec {
    A(&'static str, [u8; 4]),
    Aaaa(&'static str, std::net::Ipv6Addr),
    Mx(&'static str, u16, &'static str),
    Ns(&'static str, &'static str),
    Txt(&'static str, &'static str),
}

impl Rec {
    fn name(&self) -> &'static str {
        match self {
            Rec::A(n, _) | Rec::Aaaa(n, _) | Rec::Mx(n, _, _) | Rec::Ns(n, _) | Rec::Txt(n, _) => n,
        }
    }

    fn record(&self) -> (RecordType, RData) {
        let name = |n: &str| Name::from_ascii(format!("{n}.")).unwrap();
        match self {
            Rec::A(_, ip) => (RecordType::A, RData::A(A::new(ip[0], ip[1], ip[2], ip[3]))),
            Rec::Aaaa(_, ip) => (RecordType::AAAA, RData::AAAA(AAAA(*ip))),
            Rec::Mx(_, pref, host) => (RecordType::MX, RData::MX(MX::new(*pref, name(host)))),
            Rec::Ns(_, host) => (RecordType::NS, RData::NS(NS(name(host)))),
            Rec::Txt(_, text) => (
                RecordType::TXT,
                RData::TXT(TXT::new(vec![text.to_string()])),
            ),
        }
    }
}

/// Answers DNS queries over UDP on 127.0.0.1 from `zone`; names not in it are NXDOMAIN.
pub fn dns(zone: Vec<Rec>) -> SocketAddr {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = socket.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 1500];
        loop {
            let Ok((n, from)) = socket.recv_from(&mut buf) else {
                continue;
            };
            let Ok(query) = Message::from_vec(&buf[..n]) else {
                continue;
            };
            let mut resp = Message::response(query.metadata.id, OpCode::Query);
            resp.metadata.message_type = MessageType::Response;
            resp.metadata.recursion_desired = query.metadata.recursion_desired;
            resp.metadata.recursion_available = true;
            resp.metadata.authoritative = true;
            let mut known = false;
            for q in &query.queries {
                resp.add_query(q.clone());
                let qname = q.name().to_ascii().trim_end_matches('.').to_lowercase();
                for rec in zone.iter().filter(|r| r.name() == qname) {
                    known = true;
                    let (t, data) = rec.record();
                    if t == q.query_type() {
                        resp.add_answer(Record::from_rdata(q.name().clone(), 60, data));
                    }
                }
            }
            if !known {
                resp.metadata.response_code = ResponseCode::NXDomain;
            }
            if let Ok(bytes) = resp.to_vec() {
                let _ = socket.send_to(&bytes, from);
            }
        }
    });
    addr
}
