//! The EU Financial Sanctions Files parser on arbitrary bytes: it must return entries or
//! an error, never panic.
#![no_main]

use bonafide_screening::lists::{InputFile, parse_eu_xml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_eu_xml(&InputFile {
        name: "xmlFullSanctionsList_1_1.xml".into(),
        bytes: data.to_vec(),
        modified: None,
    });
});
