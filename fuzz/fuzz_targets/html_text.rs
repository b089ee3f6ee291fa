//! Visible-text extraction from fetched pages, then the fingerprint and near-copy
//! comparison built on it: any page gives text, never a panic or a runaway.
#![no_main]

use bonafide_checks::web::{extract, overlap, print, shared_passages};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let page = extract(&html);
    let p = print(&page.text);
    let _ = overlap(&p.shingles, &p.shingles).is_near_copy();
    let _ = shared_passages(&page.text, &p.shingles, 3);
});
