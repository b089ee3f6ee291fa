//! The SDN.XML parser on arbitrary bytes: it must return entries or an error, never panic.
#![no_main]

use bonafide_screening::lists::{InputFile, parse_ofac_xml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_ofac_xml(&InputFile {
        name: "SDN.XML".into(),
        bytes: data.to_vec(),
        modified: None,
    });
});
