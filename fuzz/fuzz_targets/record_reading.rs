//! Reading a due-diligence record back: the canonical JSON, and a PDF handed to "Verify a
//! record" (any file a user picks). Whatever is read back must serialise to itself.
#![no_main]

use bonafide_record::Record;
use bonafide_record::verify_pdf_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = Record::from_bytes(data) {
        let bytes = r.canonical_bytes();
        let again = Record::from_bytes(&bytes).expect("a record reads its own bytes");
        assert_eq!(again.canonical_bytes(), bytes);
    }
    let _ = verify_pdf_bytes(data, &[]);
});
