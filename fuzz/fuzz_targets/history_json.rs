//! Wayback CDX and crt.sh answers: any bytes give a first capture, none, or a typed error.
#![no_main]

use bonafide_checks::history::{parse_crtsh, parse_wayback};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_wayback(data);
    let _ = parse_crtsh(data);
});
