//! The compact file form of a network table: a magic line, then one zlib stream of
//! sections. Range starts are stored as the difference from the previous start in LEB128,
//! so the 470,000 IPv4 ranges cost about two bytes each before compression.
//!
//! The reader treats its input as hostile: the magic is checked, the decompressed size is
//! bounded, every count is checked against the bytes left, and starts must increase.

use std::collections::HashMap;
use std::io::Read;

use super::{DataSource, NetworkTable, Part, Ranges};
use crate::MonitorError;

const MAGIC: &[u8] = b"BONAFIDE NETWORKS 1\n";
/// The largest table file accepted, compressed or not. The full ip-location-db data is
/// about 5 MB compressed and 12 MB decompressed.
pub const MAX_TABLE_BYTES: u64 = 256 * 1024 * 1024;

pub(super) fn encode(t: &NetworkTable) -> Vec<u8> {
    let mut w = Vec::new();
    part(
        &mut w,
        &t.asn_v4,
        |w, v| leb(w, u128::from(*v)),
        |s| u128::from(*s),
    );
    part(&mut w, &t.asn_v6, |w, v| leb(w, u128::from(*v)), |s| *s);
    part(
        &mut w,
        &t.country_v4,
        |w, v| w.extend_from_slice(v),
        |s| u128::from(*s),
    );
    part(&mut w, &t.country_v6, |w, v| w.extend_from_slice(v), |s| *s);
    let mut orgs: Vec<(&u32, &String)> = t.organisations.iter().collect();
    orgs.sort();
    leb(&mut w, orgs.len() as u128);
    for (asn, name) in orgs {
        leb(&mut w, u128::from(*asn));
        text(&mut w, name);
    }
    let mut out = MAGIC.to_vec();
    let mut z = flate2::write::ZlibEncoder::new(&mut out, flate2::Compression::best());
    std::io::Write::write_all(&mut z, &w).expect("writing to a Vec cannot fail");
    z.finish().expect("writing to a Vec cannot fail");
    out
}

fn part<K, V>(
    w: &mut Vec<u8>,
    p: &Part<K, V>,
    value: impl Fn(&mut Vec<u8>, &V),
    wide: impl Fn(&K) -> u128,
) {
    match &p.source {
        None => w.push(0),
        Some(s) => {
            w.push(1);
            text(w, &serde_json::to_string(s).expect("a source serialises"));
        }
    }
    leb(w, p.ranges.starts.len() as u128);
    let mut prev = 0u128;
    for (s, v) in p.ranges.starts.iter().zip(&p.ranges.values) {
        let s = wide(s);
        leb(w, s - prev);
        value(w, v);
        prev = s;
    }
}

fn leb(w: &mut Vec<u8>, mut x: u128) {
    loop {
        let byte = (x & 0x7f) as u8;
        x >>= 7;
        if x == 0 {
            w.push(byte);
            return;
        }
        w.push(byte | 0x80);
    }
}

fn text(w: &mut Vec<u8>, s: &str) {
    leb(w, s.len() as u128);
    w.extend_from_slice(s.as_bytes());
}

pub(super) fn decode(bytes: &[u8]) -> Result<NetworkTable, MonitorError> {
    let body = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| MonitorError::BadTable("it is not a Bona Fide network table".into()))?;
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(body)
        .take(MAX_TABLE_BYTES + 1)
        .read_to_end(&mut raw)
        .map_err(|e| MonitorError::BadTable(format!("it does not decompress ({e})")))?;
    if raw.len() as u64 > MAX_TABLE_BYTES {
        return Err(MonitorError::BadTable(
            "it decompresses to more than 256 MiB".into(),
        ));
    }
    let mut r = Reader { buf: &raw, at: 0 };
    let asn_v4 = r.part(|r| r.u32(), |x| u32::try_from(x).ok())?;
    let asn_v6 = r.part(|r| r.u32(), Some)?;
    let country_v4 = r.part(|r| r.country(), |x| u32::try_from(x).ok())?;
    let country_v6 = r.part(|r| r.country(), Some)?;
    let n = r.count(2)?;
    let mut organisations = HashMap::with_capacity(n);
    for _ in 0..n {
        let asn = r.u32()?;
        organisations.insert(asn, r.text()?);
    }
    if r.at != raw.len() {
        return Err(MonitorError::BadTable(
            "it has bytes after its last section".into(),
        ));
    }
    Ok(NetworkTable {
        asn_v4,
        asn_v6,
        country_v4,
        country_v6,
        organisations,
    })
}

struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn damaged() -> MonitorError {
        MonitorError::BadTable("it is cut short or damaged".into())
    }

    fn byte(&mut self) -> Result<u8, MonitorError> {
        let b = *self.buf.get(self.at).ok_or_else(Self::damaged)?;
        self.at += 1;
        Ok(b)
    }

    fn leb(&mut self) -> Result<u128, MonitorError> {
        let mut x = 0u128;
        for shift in (0..128).step_by(7) {
            let b = self.byte()?;
            x |= u128::from(b & 0x7f)
                .checked_shl(shift)
                .ok_or_else(Self::damaged)?;
            if b & 0x80 == 0 {
                return Ok(x);
            }
        }
        Err(Self::damaged())
    }

    fn u32(&mut self) -> Result<u32, MonitorError> {
        u32::try_from(self.leb()?).map_err(|_| Self::damaged())
    }

    /// A count of items of at least `min_bytes` each, checked against what is left.
    fn count(&mut self, min_bytes: usize) -> Result<usize, MonitorError> {
        let n = usize::try_from(self.leb()?).map_err(|_| Self::damaged())?;
        if n.saturating_mul(min_bytes) > self.buf.len() - self.at {
            return Err(Self::damaged());
        }
        Ok(n)
    }

    fn bytes(&mut self, n: usize) -> Result<&[u8], MonitorError> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.buf.len());
        let s = &self.buf[self.at..end.ok_or_else(Self::damaged)?];
        self.at += n;
        Ok(s)
    }

    fn text(&mut self) -> Result<String, MonitorError> {
        let n = self.count(1)?;
        String::from_utf8(self.bytes(n)?.to_vec()).map_err(|_| Self::damaged())
    }

    fn country(&mut self) -> Result<[u8; 2], MonitorError> {
        let b = self.bytes(2)?;
        match b {
            [0, 0] => Ok([0, 0]),
            [x, y] if x.is_ascii_uppercase() && y.is_ascii_uppercase() => Ok([*x, *y]),
            _ => Err(Self::damaged()),
        }
    }

    fn part<K: Ord + Copy, V>(
        &mut self,
        value: impl Fn(&mut Self) -> Result<V, MonitorError>,
        narrow: impl Fn(u128) -> Option<K>,
    ) -> Result<Part<K, V>, MonitorError> {
        let source = match self.byte()? {
            0 => None,
            1 => Some(
                serde_json::from_str::<DataSource>(&self.text()?).map_err(|_| Self::damaged())?,
            ),
            _ => return Err(Self::damaged()),
        };
        let n = self.count(2)?;
        let mut ranges = Ranges {
            starts: Vec::with_capacity(n),
            values: Vec::with_capacity(n),
        };
        let mut prev: Option<u128> = None;
        for _ in 0..n {
            let delta = self.leb()?;
            if prev.is_some() && delta == 0 {
                return Err(Self::damaged());
            }
            let start = prev
                .unwrap_or(0)
                .checked_add(delta)
                .ok_or_else(Self::damaged)?;
            ranges.starts.push(narrow(start).ok_or_else(Self::damaged)?);
            ranges.values.push(value(self)?);
            prev = Some(start);
        }
        Ok(Part { source, ranges })
    }
}
