//! Sign-in logs, device inventories, network tables and pasted carrier tracking text as a
//! user imports them: any bytes, in any of the formats, are read or refused with a typed
//! error, and never panic.
#![no_main]

use bonafide_monitor::networks::{DataSource, NetworkTable, TableKind, read_table_csv};
use bonafide_monitor::{
    InventoryFormat, SignInFormat, read_carrier_text, read_inventory, read_signins,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the reader, so every parser sees every input.
    let Some((pick, rest)) = data.split_first() else { return };
    match pick % 9 {
        n @ 0..=4 => {
            let _ = read_signins(rest, SignInFormat::ALL[n as usize]);
        }
        5 => {
            let _ = read_inventory(rest, InventoryFormat::Osquery);
            let _ = read_inventory(rest, InventoryFormat::IntuneCsv);
        }
        6 => {
            let _ = read_table_csv(rest, DataSource::ip_location_db(TableKind::AsnV4, "0"));
        }
        7 => {
            let _ = read_carrier_text(&String::from_utf8_lossy(rest));
        }
        _ => {
            if let Ok(t) = NetworkTable::from_bytes(rest) {
                let _ = t.lookup("1.2.3.4".parse().unwrap());
            }
        }
    }
});
