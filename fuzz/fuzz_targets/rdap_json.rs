//! RDAP answers from registries and RIRs (domain and IP network objects) and the IANA
//! bootstrap files: any bytes give a value or a typed error, never a panic.
#![no_main]

use bonafide_checks::rdap::{Bootstrap, lenient_date, parse_domain, parse_network};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = parse_domain(data) {
        // Dates kept from an answer are normalised or dropped, never passed through raw.
        for date in [&d.registered, &d.expires, &d.last_changed].into_iter().flatten() {
            assert_eq!(lenient_date(date).as_deref(), Some(date.as_str()));
        }
    }
    let _ = parse_network(data);
    let text = String::from_utf8_lossy(data);
    if let Ok(b) = Bootstrap::from_files(&text, "{}", "{}", "{}") {
        let _ = b.domain_base("example.com");
    }
    let _ = lenient_date(&text);
});
