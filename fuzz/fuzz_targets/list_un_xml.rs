//! The consolidated.xml parser on arbitrary bytes: it must return entries or an error, never panic.
#![no_main]

use bonafide_screening::lists::{InputFile, parse_un_xml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_un_xml(&InputFile {
        name: "consolidated.xml".into(),
        bytes: data.to_vec(),
        modified: None,
    });
});
