//! Name preparation and scoring on arbitrary text in any script: scores stay within
//! 0–1 and nothing panics.
#![no_main]

use bonafide_screening::score::score_names;
use bonafide_screening::text::{NameKind, prepare};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_once('|').unwrap_or((&text, "Kim Jong Un"));
    for kind in [NameKind::Person, NameKind::Company, NameKind::Unknown] {
        let s = score_names(&prepare(a, kind), &prepare(b, kind)).score;
        assert!((0.0..=1.0).contains(&s), "score {s} out of range");
    }
});
