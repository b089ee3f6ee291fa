//! PKCS#12 files given to `signing import`: any bytes, under any password, are refused
//! with a typed error or become an identity whose key belongs to its certificate.
#![no_main]

use bonafide_signing::Identity;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the password, so both the right one (for seeds made with
    // "fuzz") and wrong ones are tried.
    let password = if data.first().is_some_and(|b| b % 2 == 0) { "fuzz" } else { "" };
    if let Ok(id) = Identity::from_pkcs12(data, password, std::time::SystemTime::now()) {
        let stored = id.to_stored().expect("an imported identity stores");
        Identity::from_stored(&stored).expect("and reads back");
    }
});
