//! The OpenSanctions FtM reader on arbitrary bytes, flat or nested: it must return lists
//! or an error, never panic.
#![no_main]

use bonafide_screening::lists::ftm::parse_ftm;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_ftm("entities.ftm.json", data, None);
});
