//! The after-hiring numbers: IP → network lookups (target under 1 µs median) and a
//! 1,000,000-row sign-in log read and analysed (target under 10 s on one core).
//!
//! `cargo bench -p bonafide-monitor`

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use bonafide_monitor::{
    Catalog, NetworkTable, SignInFormat, Subject, analyse_signins, read_signins,
};
use criterion::{Criterion, criterion_group, criterion_main};

/// A fixed pseudo-random sequence, so every run looks up the same addresses.
fn addresses(n: usize) -> Vec<IpAddr> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if i % 4 == 3 {
                IpAddr::V6(Ipv6Addr::from(
                    0x2000_0000_0000_0000_0000_0000_0000_0000u128 | u128::from(x) << 32,
                ))
            } else {
                IpAddr::V4(Ipv4Addr::from(x as u32))
            }
        })
        .collect()
}

/// A million sign-ins: 50 accounts over 2,000 addresses of real networks, a year long.
fn big_log() -> String {
    let ips = addresses(2_000);
    let mut csv = String::with_capacity(100 << 20);
    csv.push_str("time,account,ip,device_id,user_agent,mfa_device\n");
    let start = 1_767_225_600i64; // 2026-01-01
    for i in 0..1_000_000i64 {
        let t = jiff::Timestamp::from_second(start + i * 31).unwrap();
        let who = i % 50;
        csv.push_str(&format!(
            "{t},user{who}@example.com,{},DEV-{who},Mozilla/5.0 (X11; Linux x86_64),phone-{who}\n",
            ips[(i as usize * 7) % ips.len()]
        ));
    }
    csv
}

fn lookups(c: &mut Criterion) {
    let table = NetworkTable::shipped();
    let ips = addresses(4096);
    let mut i = 0;
    c.bench_function("ip_to_network_lookup", |b| {
        b.iter(|| {
            i = (i + 1) % ips.len();
            black_box(table.lookup(black_box(ips[i])))
        })
    });
}

fn million_row_log(c: &mut Criterion) {
    let table = NetworkTable::shipped();
    let csv = big_log();
    let subject = Subject {
        accounts: (0..50).map(|w| format!("user{w}@example.com")).collect(),
        country: "US".into(),
        time_zone: "America/New_York".into(),
        company_networks: Vec::new(),
    };
    let mut g = c.benchmark_group("signin_log");
    g.sample_size(10);
    g.bench_function("read_and_analyse_1m_rows", |b| {
        b.iter(|| {
            let log = read_signins(csv.as_bytes(), SignInFormat::Minimal).unwrap();
            black_box(analyse_signins(&log, &subject, &table, Catalog::shipped()))
        })
    });
    g.finish();
}

criterion_group!(benches, lookups, million_row_log);
criterion_main!(benches);
