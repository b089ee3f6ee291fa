//! The UK-Sanctions-List.csv parser on arbitrary bytes: it must return entries or an error, never panic.
#![no_main]

use bonafide_screening::lists::{InputFile, parse_uk_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_uk_csv(&InputFile {
        name: "UK-Sanctions-List.csv".into(),
        bytes: data.to_vec(),
        modified: None,
    });
});
