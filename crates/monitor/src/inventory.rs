//! What is on the company device: osquery results (`usb_devices`, `programs`, `apps`,
//! `deb_packages`, `processes`) and Microsoft Intune's discovered-apps export.
//!
//! osquery prints `osqueryi --json` results as arrays of flat objects whose values are all
//! strings, and logs scheduled results one JSON object per line (`columns` for one row,
//! `snapshot` for many, `diffResults` in batch mode). Both are read as one stream. The
//! table a row came from is told by its columns, which is how the schema names them.

use std::io::{BufRead, Read};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::MonitorError;

/// The largest inventory accepted.
pub const MAX_INVENTORY_BYTES: u64 = 256 * 1024 * 1024;

/// The formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum InventoryFormat {
    /// osquery JSON (interactive `--json` output or the results log).
    Osquery,
    /// Microsoft Intune "Discovered apps" export, CSV (`AppInvRawData` or `AppInvAggregate`).
    IntuneCsv,
}

impl InventoryFormat {
    /// The name used on the command line.
    pub fn id(self) -> &'static str {
        match self {
            InventoryFormat::Osquery => "osquery-json",
            InventoryFormat::IntuneCsv => "intune-csv",
        }
    }

    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            InventoryFormat::Osquery => "osquery results (JSON)",
            InventoryFormat::IntuneCsv => "Intune discovered apps (CSV)",
        }
    }

    /// The format named `id`.
    pub fn from_id(id: &str) -> Option<InventoryFormat> {
        [InventoryFormat::Osquery, InventoryFormat::IntuneCsv]
            .into_iter()
            .find(|f| f.id() == id)
    }
}

/// Where a piece of software was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SoftwareSource {
    /// osquery `programs` (Windows installed programs).
    Program,
    /// osquery `apps` (macOS applications).
    App,
    /// osquery `deb_packages`.
    DebPackage,
    /// osquery `processes` (running now).
    Process,
    /// An MDM's software inventory.
    Mdm,
}

/// One USB device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UsbDevice {
    /// Where it was in the file (event number).
    pub record: u64,
    /// Vendor id, four lower-case hex digits.
    pub vendor_id: String,
    /// Product id, four lower-case hex digits.
    pub product_id: String,
    /// Vendor string.
    pub vendor: String,
    /// Product string.
    pub model: String,
    /// Serial number.
    pub serial: String,
}

/// One program, app, package or process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Software {
    /// Where it was in the file (event or line number).
    pub record: u64,
    /// Which table it came from.
    pub source: SoftwareSource,
    /// The name (program, package or process name).
    pub name: String,
    /// Bundle identifier, executable path or device name: what else identifies it.
    pub identifier: String,
    /// Publisher or maintainer, when given.
    pub publisher: String,
}

/// What an inventory held.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Inventory {
    /// USB devices.
    pub usb: Vec<UsbDevice>,
    /// Software.
    pub software: Vec<Software>,
    /// Rows of other tables, skipped.
    pub skipped: u64,
}

/// Tells the format from the first bytes of a file.
pub fn detect(head: &[u8]) -> Option<InventoryFormat> {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('[') || text.starts_with('{') {
        let osquery = [
            "\"vendor_id\"",
            "\"bundle_identifier\"",
            "\"identifying_number\"",
            "\"cmdline\"",
            "\"maintainer\"",
            "\"hostIdentifier\"",
        ];
        return osquery
            .iter()
            .any(|k| text.contains(k))
            .then_some(InventoryFormat::Osquery);
    }
    let header = text.lines().next()?;
    header
        .contains("ApplicationName")
        .then_some(InventoryFormat::IntuneCsv)
}

/// Reads an inventory in `format`.
pub fn read_inventory(
    input: impl BufRead,
    format: InventoryFormat,
) -> Result<Inventory, MonitorError> {
    let input = input.take(MAX_INVENTORY_BYTES);
    match format {
        InventoryFormat::Osquery => osquery(input),
        InventoryFormat::IntuneCsv => intune(input),
    }
}

fn osquery(input: impl Read) -> Result<Inventory, MonitorError> {
    let mut inv = Inventory::default();
    let mut n = 0u64;
    for value in serde_json::Deserializer::from_reader(input).into_iter::<Value>() {
        let value = value.map_err(|e| MonitorError::Inventory {
            what: format!("line {} of the osquery results", e.line()),
            message: if e.is_eof() {
                "the JSON ends too early; the file may be cut short".into()
            } else {
                "this is not valid JSON here".into()
            },
        })?;
        for row in rows_of(value) {
            n += 1;
            take_row(&mut inv, &row, n);
        }
    }
    if n == 0 {
        return Err(MonitorError::Inventory {
            what: "the osquery results".into(),
            message: "they hold no rows".into(),
        });
    }
    Ok(inv)
}

/// The rows of one top-level value, whichever of osquery's shapes it has.
fn rows_of(value: Value) -> Vec<Map<String, Value>> {
    let objects = |v: Value| match v {
        Value::Array(a) => a
            .into_iter()
            .filter_map(|x| match x {
                Value::Object(o) => Some(o),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    match value {
        Value::Array(_) => objects(value),
        Value::Object(mut o) => {
            if let Some(Value::Object(cols)) = o.remove("columns") {
                vec![cols]
            } else if let Some(snap) = o.remove("snapshot") {
                objects(snap)
            } else if let Some(Value::Object(mut diff)) = o.remove("diffResults") {
                objects(diff.remove("added").unwrap_or(Value::Null))
            } else {
                vec![o]
            }
        }
        _ => Vec::new(),
    }
}

fn take_row(inv: &mut Inventory, row: &Map<String, Value>, record: u64) {
    let get = |k: &str| match row.get(k) {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let has = |k: &str| row.contains_key(k);
    let software = |source, name: String, identifier: String, publisher: String| Software {
        record,
        source,
        name,
        identifier,
        publisher,
    };
    if has("vendor_id") && has("model_id") {
        inv.usb.push(UsbDevice {
            record,
            vendor_id: hex4(&get("vendor_id")),
            product_id: hex4(&get("model_id")),
            vendor: get("vendor"),
            model: get("model"),
            serial: get("serial"),
        });
    } else if has("bundle_identifier") {
        inv.software.push(software(
            SoftwareSource::App,
            get("name"),
            get("bundle_identifier"),
            String::new(),
        ));
    } else if has("identifying_number") || has("uninstall_string") {
        inv.software.push(software(
            SoftwareSource::Program,
            get("name"),
            get("install_location"),
            get("publisher"),
        ));
    } else if has("maintainer") || has("arch") {
        inv.software.push(software(
            SoftwareSource::DebPackage,
            get("name"),
            String::new(),
            get("maintainer"),
        ));
    } else if has("pid") && has("name") {
        inv.software.push(software(
            SoftwareSource::Process,
            get("name"),
            get("path"),
            String::new(),
        ));
    } else {
        inv.skipped += 1;
    }
}

/// osquery writes USB ids as hex without a prefix (`0781`); some versions drop leading zeros.
fn hex4(s: &str) -> String {
    let t = s.trim().trim_start_matches("0x").to_ascii_lowercase();
    if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return t;
    }
    format!("{t:0>4}")
}

fn intune(input: impl Read) -> Result<Inventory, MonitorError> {
    let bad = |line: u64, message: String| MonitorError::Inventory {
        what: format!("line {line} of the Intune export"),
        message,
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
    };
    let name = col("ApplicationName").ok_or_else(|| {
        bad(
            1,
            "it has no ApplicationName column; export Apps > Monitor > Discovered apps".into(),
        )
    })?;
    let (publisher, device) = (col("ApplicationPublisher"), col("DeviceName"));
    let mut inv = Inventory::default();
    crate::csv_rows::each_row(
        &mut reader,
        |record, line| {
            let f = |i: Option<usize>| {
                i.and_then(|i| record.get(i))
                    .unwrap_or("")
                    .trim()
                    .to_owned()
            };
            inv.software.push(Software {
                record: line,
                source: SoftwareSource::Mdm,
                name: f(Some(name)),
                identifier: f(device),
                publisher: f(publisher),
            });
            Ok(())
        },
        bad,
    )?;
    Ok(inv)
}
