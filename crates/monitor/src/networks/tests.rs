use std::net::IpAddr;

use super::*;

fn src(kind: TableKind) -> DataSource {
    DataSource::ip_location_db(kind, "2.3.2026061719")
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn table(csv: &str, kind: TableKind) -> Result<NetworkTable, crate::MonitorError> {
    Ok(NetworkTable::default().with(read_table_csv(csv.as_bytes(), src(kind))?))
}

#[test]
fn the_shipped_table_knows_well_known_allocations() {
    let t = NetworkTable::shipped();
    let asn = |s: &str| t.lookup(ip(s)).asn;
    assert_eq!(asn("24.5.10.1"), Some(7922), "Comcast");
    assert_eq!(asn("13.32.0.1"), Some(16509), "Amazon");
    assert_eq!(asn("95.108.213.1"), Some(13238), "Yandex");
    assert_eq!(asn("1.1.1.1"), Some(13335), "Cloudflare");
    assert_eq!(asn("2001:4860:4860::8888"), Some(15169), "Google over IPv6");
    assert_eq!(
        asn("::ffff:24.5.10.1"),
        Some(7922),
        "IPv4-mapped IPv6 reads as IPv4"
    );
    assert_eq!(t.lookup(ip("24.5.10.1")).country.as_deref(), Some("US"));
    assert_eq!(t.lookup(ip("95.108.213.1")).country.as_deref(), Some("RU"));
    assert!(
        t.lookup(ip("24.5.10.1"))
            .organisation
            .unwrap()
            .contains("Comcast")
    );
    // Private and documentation space is announced by nobody.
    assert_eq!(
        t.lookup(ip("10.1.2.3")),
        Network {
            asn: None,
            organisation: None,
            country: None
        }
    );
    assert_eq!(t.lookup(ip("192.0.2.1")).asn, None);
    let sources = t.sources();
    assert_eq!(sources.len(), 4);
    assert!(
        sources
            .iter()
            .all(|s| s.published == "2026-06-17" && !s.licence.is_empty())
    );
}

#[test]
fn ranges_keep_their_edges_and_gaps_are_unknown() {
    let t = table(
        "1.0.0.0,1.0.0.255,13335,Cloudflare\n1.0.4.0,1.0.7.255,38803,Gtelecom\n",
        TableKind::AsnV4,
    )
    .unwrap();
    assert_eq!(t.lookup(ip("0.255.255.255")).asn, None);
    assert_eq!(t.lookup(ip("1.0.0.0")).asn, Some(13335));
    assert_eq!(t.lookup(ip("1.0.0.255")).asn, Some(13335));
    assert_eq!(
        t.lookup(ip("1.0.1.0")).asn,
        None,
        "the gap between two rows"
    );
    assert_eq!(t.lookup(ip("1.0.7.255")).asn, Some(38803));
    assert_eq!(t.lookup(ip("1.0.8.0")).asn, None, "after the last row");
    assert_eq!(
        t.lookup(ip("1.0.4.1")).organisation.as_deref(),
        Some("Gtelecom")
    );
}

#[test]
fn a_smaller_range_inside_a_larger_one_wins_and_the_larger_resumes_after_it() {
    // The published country file nests single addresses inside blocks.
    let csv = "2.56.0.0,2.59.255.255,DE\n2.58.197.15,2.58.197.15,BE\n";
    let t = table(csv, TableKind::CountryV4).unwrap();
    let cc = |s: &str| t.lookup(ip(s)).country;
    assert_eq!(cc("2.58.197.14").as_deref(), Some("DE"));
    assert_eq!(cc("2.58.197.15").as_deref(), Some("BE"));
    assert_eq!(cc("2.58.197.16").as_deref(), Some("DE"));
    assert_eq!(cc("2.59.255.255").as_deref(), Some("DE"));
    assert_eq!(cc("2.60.0.0"), None);
}

#[test]
fn the_last_address_of_the_space_is_a_valid_end() {
    let t = table(
        "255.255.255.0,255.255.255.255,64500,Top\n",
        TableKind::AsnV4,
    )
    .unwrap();
    assert_eq!(t.lookup(ip("255.255.255.255")).asn, Some(64500));
    let t = table(
        "ffff::,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,64501,Top6\n",
        TableKind::AsnV6,
    )
    .unwrap();
    assert_eq!(
        t.lookup(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).asn,
        Some(64501)
    );
}

#[test]
fn bad_rows_are_refused_with_their_line() {
    let cases = [
        (
            "1.0.0.0,1.0.0.255,13335,Cloudflare\n1.0.1.0,1.0.1.255,notanumber,X\n",
            2,
            "AS number",
        ),
        (
            "1.0.0.0,1.0.0.255,13335,Cloudflare\n16777216,16777471,13335,Cloudflare\n",
            2,
            "-num",
        ),
        (
            "1.0.0.9,1.0.0.1,13335,Backwards\n",
            1,
            "ends before it starts",
        ),
        ("1.0.0.0,::1,13335,Mixed\n", 1, "address families"),
        ("1.0.0.0,1.0.0.255,us\n", 1, "country code"),
        ("1.0.0.0,1.0.0.255\n", 1, "2 fields"),
        (
            "1.0.0.0,1.0.0.255,13335,Cloudflare\n::,::ffff,13335,Six\n",
            2,
            "the file began with",
        ),
        ("", 1, "no rows"),
    ];
    for (csv, line, text) in cases {
        let kind = if csv.contains("us\n") {
            TableKind::CountryV4
        } else {
            TableKind::AsnV4
        };
        match read_table_csv(csv.as_bytes(), src(kind)) {
            Err(crate::MonitorError::TableRow { line: l, message }) => {
                assert_eq!(l, line, "{csv:?}: {message}");
                assert!(message.contains(text), "{csv:?}: {message}");
            }
            other => panic!("{csv:?} gave {other:?}"),
        }
    }
    let mut bytes = b"1.0.0.0,1.0.0.255,13335,Cloud".to_vec();
    bytes.extend([0xff, 0xfe, b'\n']);
    let e = read_table_csv(&bytes[..], src(TableKind::AsnV4))
        .unwrap_err()
        .to_string();
    assert!(e.contains("not UTF-8"), "{e}");
}

#[test]
fn a_newer_file_replaces_only_its_own_part() {
    let old = table("1.0.0.0,1.0.0.255,13335,Cloudflare\n", TableKind::AsnV4)
        .unwrap()
        .with(
            read_table_csv(
                "1.0.0.0,1.0.0.255,AU\n".as_bytes(),
                src(TableKind::CountryV4),
            )
            .unwrap(),
        );
    let newer = read_table_csv(
        "1.0.0.0,1.0.0.255,64500,Renamed\n".as_bytes(),
        src(TableKind::AsnV4),
    )
    .unwrap();
    let t = old.with(newer);
    let n = t.lookup(ip("1.0.0.1"));
    assert_eq!((n.asn, n.country.as_deref()), (Some(64500), Some("AU")));
}

#[test]
fn the_file_form_round_trips() {
    let t = table(
        "1.0.0.0,1.0.0.255,13335,Cloudflare\n1.0.4.0,1.0.7.255,38803,Gtelecom\n",
        TableKind::AsnV4,
    )
    .unwrap()
    .with(
        read_table_csv(
            "2001::,2001::ffff,6939,Hurricane\n".as_bytes(),
            src(TableKind::AsnV6),
        )
        .unwrap(),
    );
    let back = NetworkTable::from_bytes(&t.to_bytes()).unwrap();
    assert_eq!(back, t);
}

#[test]
fn damaged_table_files_are_refused_without_panicking() {
    let good = NetworkTable::shipped().to_bytes();
    assert!(NetworkTable::from_bytes(b"PK\x03\x04 not ours").is_err());
    assert!(
        NetworkTable::from_bytes(&good[..good.len() / 2]).is_err(),
        "cut short"
    );
    // Flipping bytes anywhere must give an error or a table, never a panic.
    let small = table("1.0.0.0,1.0.0.255,13335,Cloudflare\n", TableKind::AsnV4)
        .unwrap()
        .to_bytes();
    for i in 0..small.len() {
        for bit in [0x01u8, 0x80] {
            let mut b = small.clone();
            b[i] ^= bit;
            let _ = NetworkTable::from_bytes(&b);
        }
    }
    // A decompression bomb: a few KB that inflate past the limit.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..(MAX_TABLE_BYTES >> 20) + 1 {
        std::io::Write::write_all(&mut z, &zeros).unwrap();
    }
    let mut bomb = b"BONAFIDE NETWORKS 1\n".to_vec();
    bomb.extend(z.finish().unwrap());
    let e = NetworkTable::from_bytes(&bomb).unwrap_err().to_string();
    assert!(e.contains("256 MiB"), "{e}");
}
