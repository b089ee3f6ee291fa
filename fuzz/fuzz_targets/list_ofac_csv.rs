//! The OFAC CSV set parser on arbitrary bytes: the input is split into the four files
//! of the set at the first three 0xFF bytes, so the fuzzer can shape each part.
#![no_main]

use bonafide_screening::lists::{InputFile, ListSource, OfacCsvSet, parse_ofac_csv};
use libfuzzer_sys::fuzz_target;

fn file(name: &str, bytes: &[u8]) -> Option<InputFile> {
    Some(InputFile {
        name: name.into(),
        bytes: bytes.to_vec(),
        modified: None,
    })
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |b| *b == 0xFF);
    let set = OfacCsvSet {
        primary: parts.next().and_then(|p| file("sdn.csv", p)),
        alt: parts.next().and_then(|p| file("alt.csv", p)),
        add: parts.next().and_then(|p| file("add.csv", p)),
        comments: parts.next().and_then(|p| file("sdn_comments.csv", p)),
    };
    let _ = parse_ofac_csv(ListSource::OfacSdn, set);
});
