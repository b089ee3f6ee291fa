//! A backup's manifest and entry names, read before anything in the archive is trusted:
//! an accepted manifest only ever names entries the format allows.
#![no_main]

use bonafide_backup::{EntryKind, entry_kind, parse_manifest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = parse_manifest(data) {
        for f in &m.files {
            match entry_kind(&f.path) {
                Some(EntryKind::Database) | Some(EntryKind::KeyFile) => {}
                // Evidence is stored encrypted: the name is the content's hash, the
                // manifest's hash the stored bytes'. Only the name's form is checked here.
                Some(EntryKind::Evidence(sha)) => assert_eq!(sha.len(), 64),
                other => panic!("accepted {:?} as {other:?}", f.path),
            }
        }
    }
    if let Some(kind) = entry_kind(&String::from_utf8_lossy(data)) {
        let name = String::from_utf8_lossy(data);
        assert!(!name.contains("..") && !name.starts_with('/'), "{name} {kind:?}");
    }
});
