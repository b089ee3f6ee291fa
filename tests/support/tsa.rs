//! A real RFC 3161 time-stamping authority on loopback: OpenSSL's `openssl ts -reply`
//! behind a small HTTP server, with its own CA and a TSA certificate whose extended key
//! usage is timeStamping (critical), as public authorities have.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A running authority; it stops with the test process.
pub struct Tsa {
    /// Where it answers, such as `http://127.0.0.1:41234/tsr`.
    pub url: String,
    /// The authority's CA certificate (PEM), to trust.
    pub ca: PathBuf,
    /// Requests answered so far.
    pub answered: Arc<AtomicUsize>,
    _dir: tempfile::TempDir,
}

/// Runs `openssl` in `dir`; panics with its output when it fails.
pub fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const CONFIG: &str = r#"
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
[ tsa_ext ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
[ ca_ext ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = .
serial = ./serial
crypto_device = builtin
signer_cert = ./tsa.pem
certs = ./ca.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"#;

/// Makes the authority's keys and certificates and starts answering.
pub fn start() -> Tsa {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("ts.cnf"), CONFIG).unwrap();
    std::fs::write(d.join("serial"), "01\n").unwrap();
    openssl(
        d,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "3650",
            "-subj",
            "/O=Loopback Time/CN=Loopback Time Root",
            "-config",
            "ts.cnf",
            "-extensions",
            "ca_ext",
        ],
    );
    openssl(
        d,
        &[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "tsa.key",
            "-out",
            "tsa.csr",
            "-subj",
            "/O=Loopback Time/CN=Loopback TSA",
            "-config",
            "ts.cnf",
        ],
    );
    openssl(
        d,
        &[
            "x509",
            "-req",
            "-in",
            "tsa.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-set_serial",
            "2",
            "-days",
            "3650",
            "-out",
            "tsa.pem",
            "-extfile",
            "ts.cnf",
            "-extensions",
            "tsa_ext",
        ],
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/tsr", listener.local_addr().unwrap());
    let answered = Arc::new(AtomicUsize::new(0));
    let (count, root) = (answered.clone(), d.to_path_buf());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if answer(stream, &root).is_ok() {
                count.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    Tsa {
        url,
        ca: d.join("ca.pem"),
        answered,
        _dir: dir,
    }
}

/// Reads one POST, runs `openssl ts -reply` on its body and sends the reply back.
fn answer(stream: std::net::TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut query = vec![0u8; length];
    reader.read_exact(&mut query)?;
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let (q, r) = (dir.join(format!("{n}.tsq")), dir.join(format!("{n}.tsr")));
    std::fs::write(&q, &query)?;
    let ok = Command::new("openssl")
        .current_dir(dir)
        .args(["ts", "-reply", "-config", "ts.cnf", "-queryfile"])
        .arg(&q)
        .arg("-out")
        .arg(&r)
        .output()?
        .status
        .success();
    let mut out = stream;
    if !ok {
        out.write_all(
            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )?;
        return Err(std::io::Error::other("openssl ts -reply failed"));
    }
    let body = std::fs::read(&r)?;
    write!(
        out,
        "HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    out.write_all(&body)?;
    out.flush()
}
