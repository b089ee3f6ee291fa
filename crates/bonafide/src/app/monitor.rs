//! After hiring, on the [`App`] façade: importing sign-in logs and device inventories into
//! a case, and showing what they found, with the cross-case checks (one address behind
//! several hires, one MFA device on several accounts) that need every case's imports.
//!
//! An import is whole or nothing: the file is kept as evidence on the item it informs, and
//! its findings, addresses and MFA devices are stored in the same transaction.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::App;
use super::evidence::write_evidence;
use super::monitor_progress::{Counting, ImportProgress, ImportStage, stage};
use super::validation::check_item;
use crate::audit::EventKind;
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{CaseId, EvidenceId, MAX_SHORT_TEXT, clean_text};
use crate::monitor::findings::{ITEM_ACCESS, cite};
use crate::monitor::inventory::{self, InventoryFormat, MAX_INVENTORY_BYTES};
use crate::monitor::signins::{self, MAX_LOG_BYTES, SignInFormat};
use crate::monitor::{
    Assessment, Catalog, Finding, FindingKind, MonitorError, NetworkTable, Subject, Weight,
    analyse_inventory, analyse_signins,
};
use crate::store::{EvidenceRow, MonitorImportRow, Store};

/// What kind of file an import is, as `--format` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// A sign-in log.
    SignIns(SignInFormat),
    /// A device inventory.
    Inventory(InventoryFormat),
}

impl ImportFormat {
    /// Every `--format` name.
    pub fn ids() -> Vec<&'static str> {
        let mut ids: Vec<&str> = SignInFormat::ALL.iter().map(|f| f.id()).collect();
        ids.extend([
            InventoryFormat::Osquery.id(),
            InventoryFormat::IntuneCsv.id(),
        ]);
        ids
    }

    /// The format `--format id` names.
    pub fn from_id(id: &str) -> Option<ImportFormat> {
        SignInFormat::from_id(id)
            .map(ImportFormat::SignIns)
            .or_else(|| InventoryFormat::from_id(id).map(ImportFormat::Inventory))
    }

    fn id(self) -> &'static str {
        match self {
            ImportFormat::SignIns(f) => f.id(),
            ImportFormat::Inventory(f) => f.id(),
        }
    }

    /// What a cited row's number counts: lines of a CSV file, records of a JSON one.
    fn row_label(self) -> &'static str {
        match self {
            ImportFormat::SignIns(SignInFormat::Minimal | SignInFormat::EntraCsv)
            | ImportFormat::Inventory(InventoryFormat::IntuneCsv) => "line",
            _ => "record",
        }
    }

    fn label(self) -> &'static str {
        match self {
            ImportFormat::SignIns(f) => f.label(),
            ImportFormat::Inventory(f) => f.label(),
        }
    }
}

/// One import as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonitorImport {
    /// Import id.
    pub id: String,
    /// `sign_ins` or `inventory`.
    pub kind: String,
    /// The format, for people.
    pub format: String,
    /// The file's name.
    pub file_name: String,
    /// Its SHA-256, as kept in the evidence store.
    pub sha256: String,
    /// Rows (sign-ins, devices and software) read.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub row_count: u64,
    /// Rows that belong to this case (its work accounts); all of an inventory.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub matched_count: u64,
    /// When.
    pub imported_at: String,
    /// By whom.
    pub imported_by: String,
    /// What the numbers of its cited rows count: `line` (CSV) or `record` (JSON).
    pub row_label: String,
    /// What it found, and what it could not assess.
    pub assessment: Assessment,
}

/// A case's after-hiring record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonitorView {
    /// The case.
    pub case_id: String,
    /// Its work accounts.
    pub accounts: Vec<String>,
    /// Its imports, oldest first.
    pub imports: Vec<MonitorImport>,
    /// Findings across cases, as they stand now: they change as other cases import.
    pub across_cases: Vec<Finding>,
    /// What the company device's delivery details show (ship-to address, carrier events,
    /// first check-in).
    pub delivery: Assessment,
    /// The data the findings rely on: the network table's sources and the lists' edition.
    pub data_sources: Vec<String>,
    /// The monitoring plan, once the case has a decision to proceed.
    pub plan: Option<crate::monitor::plan::Plan>,
}

/// The sources findings rely on, one line each.
fn data_sources(networks: &NetworkTable) -> Vec<String> {
    let mut out: Vec<String> = networks
        .sources()
        .iter()
        .map(|s| {
            format!(
                "{} {} ({}, {}): {}",
                s.name, s.version, s.licence, s.published, s.attribution
            )
        })
        .collect();
    out.push(format!(
        "Bona Fide network, tool and device lists, edition {}",
        Catalog::shipped().edition
    ));
    out
}

/// The first bytes of a file, for telling its format.
fn head_of(path: &Path) -> Result<Vec<u8>> {
    let mut head = Vec::new();
    File::open(path)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .map_err(|source| Error::File {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(head)
}

fn detect(head: &[u8]) -> Result<ImportFormat> {
    signins::detect(head)
        .map(ImportFormat::SignIns)
        .or_else(|| inventory::detect(head).map(ImportFormat::Inventory))
        .ok_or_else(|| MonitorError::UnknownFormat(ImportFormat::ids().join(", ")).into())
}

/// What reading the file gave, before it is stored.
struct ReadFile {
    rows: u64,
    matched: u64,
    assessment: Assessment,
    addresses: Vec<crate::monitor::AddressUse>,
    mfa: Vec<(String, String)>,
}

impl App {
    /// Imports a sign-in log or device inventory into a case. The format is told from the
    /// file when `format` is `None`. The file is refused from its size before it is read.
    pub fn monitor_import(
        &self,
        id: &CaseId,
        path: &Path,
        format: Option<ImportFormat>,
    ) -> Result<MonitorImport> {
        self.monitor_import_reporting(id, path, format, &|_| {})
    }

    /// [`App::monitor_import`], reporting how far it has got to `report`.
    pub fn monitor_import_reporting(
        &self,
        id: &CaseId,
        path: &Path,
        format: Option<ImportFormat>,
        report: &dyn Fn(ImportProgress),
    ) -> Result<MonitorImport> {
        let case = self.case_row(id)?;
        check_item(&case, ITEM_ACCESS)?;
        let size = std::fs::metadata(path)
            .map_err(|source| Error::File {
                path: path.to_path_buf(),
                source,
            })?
            .len();
        let format = match format {
            Some(f) => f,
            None => detect(&head_of(path)?)?,
        };
        // The file is kept as evidence, so the evidence store's limit applies too: checked
        // here, before the file is read, not after it has been parsed.
        let limit = match format {
            ImportFormat::SignIns(_) => MAX_LOG_BYTES,
            ImportFormat::Inventory(_) => MAX_INVENTORY_BYTES,
        }
        .min(self.blobs.max_bytes());
        if size > limit {
            return Err(MonitorError::TooLarge { size, limit }.into());
        }
        let file = || {
            File::open(path)
                .map(|f| BufReader::new(Counting::new(f, size, report)))
                .map_err(|source| Error::File {
                    path: path.to_path_buf(),
                    source,
                })
        };
        let read = match format {
            ImportFormat::SignIns(f) => {
                if case.fields.accounts.is_empty() {
                    return Err(Error::invalid(
                        "accounts",
                        "the case records no work accounts, so no sign-in can be matched to it; add them first (bonafide case edit CASE --account NAME)",
                    ));
                }
                let log = signins::read_signins(file()?, f)?;
                stage(report, ImportStage::Analysing, size);
                let subject = Subject {
                    accounts: case.fields.accounts.clone(),
                    country: case.fields.country.clone(),
                    time_zone: case.fields.time_zone.clone(),
                    company_networks: self.company_networks()?,
                };
                let report =
                    analyse_signins(&log, &subject, &*self.network_table()?, Catalog::shipped());
                ReadFile {
                    rows: log.rows.len() as u64,
                    matched: report.matched,
                    assessment: report.assessment,
                    addresses: report.addresses,
                    mfa: report.mfa_devices,
                }
            }
            ImportFormat::Inventory(f) => {
                let inv = inventory::read_inventory(file()?, f)?;
                stage(report, ImportStage::Analysing, size);
                let rows = (inv.usb.len() + inv.software.len()) as u64;
                ReadFile {
                    rows,
                    matched: rows,
                    assessment: analyse_inventory(&inv, Catalog::shipped()),
                    addresses: Vec::new(),
                    mfa: Vec::new(),
                }
            }
        };
        stage(report, ImportStage::Storing, size);
        self.store_import(id, path, format, read)
    }

    fn store_import(
        &self,
        id: &CaseId,
        path: &Path,
        format: ImportFormat,
        read: ReadFile,
    ) -> Result<MonitorImport> {
        let blob = self.blobs.put_file(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "import".into());
        let name = clean_text(&name, MAX_SHORT_TEXT, false).unwrap_or_else(|_| "import".into());
        let now = clock::now();
        let actor = self.actor()?;
        let kind = match format {
            ImportFormat::SignIns(_) => "sign_ins",
            ImportFormat::Inventory(_) => "inventory",
        };
        let ev = evidence_row(&name, &blob, format, &now, &actor);
        let row = MonitorImportRow {
            id: EvidenceId::new().to_string(),
            case_id: id.to_string(),
            kind: kind.into(),
            format: format.id().into(),
            evidence_id: ev.id.to_string(),
            file_name: name.clone(),
            sha256: blob.sha256.clone(),
            row_count: read.rows as i64,
            matched_count: read.matched as i64,
            imported_at: now.clone(),
            imported_by: actor.clone(),
            report_json: serde_json::to_string(&read.assessment).expect("an assessment serialises"),
        };
        let result = self.store().write(|tx| {
            write_evidence(tx, id, &ev)?;
            Store::insert_monitor_import(tx, &row, &read.addresses, &read.mfa)?;
            let kinds: Vec<&str> = read
                .assessment
                .findings
                .iter()
                .map(|f| f.kind.title())
                .collect();
            crate::store::append_event(
                tx,
                id.as_str(),
                &now,
                &actor,
                EventKind::MonitorImported,
                Some(ITEM_ACCESS),
                json!({
                    "import_id": row.id, "format": row.format, "evidence_id": ev.id,
                    "sha256": row.sha256, "rows": row.row_count, "matched": row.matched_count,
                    "findings": kinds, "not_assessed": read.assessment.not_assessed,
                }),
            )
        });
        if let Err(e) = result {
            if !blob.deduplicated {
                let _ = self.blobs.remove(&blob.sha256);
            }
            return Err(e.into());
        }
        Ok(import_view(row, Some(format), read.assessment))
    }

    /// A case's after-hiring record: its imports with their findings, and the findings
    /// that need other cases' imports, as they stand now.
    pub fn monitor_show(&self, id: &CaseId) -> Result<MonitorView> {
        self.monitor_view(id, true)
    }

    /// The view, with the data sources when `sources` (they need the network table, which
    /// the record leaves out and so need not decode).
    fn monitor_view(&self, id: &CaseId, sources: bool) -> Result<MonitorView> {
        let case = self.case_row(id)?;
        let rows = self.store().monitor_imports(id)?;
        let imports = rows
            .into_iter()
            .map(|r| {
                let assessment: Assessment = serde_json::from_str(&r.report_json)
                    .map_err(|e| crate::store::decode("monitor_imports", e.to_string()))?;
                let format = ImportFormat::from_id(&r.format);
                Ok(import_view(r, format, assessment))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut across_cases = Vec::new();
        across_cases.extend(self.shared_address_finding(id)?);
        across_cases.extend(self.shared_mfa_finding(&case.fields.accounts)?);
        let delivery = self.delivery_assessment(id, &case.fields)?;
        Ok(MonitorView {
            case_id: id.to_string(),
            delivery,
            accounts: case.fields.accounts,
            imports,
            across_cases,
            data_sources: if sources {
                data_sources(&*self.network_table()?)
            } else {
                Vec::new()
            },
            plan: self.monitor_plan(id)?,
        })
    }

    /// The after-hiring part of the case's record: the view without what changes by
    /// itself with the calendar or the shipped data (the plan's day count, which tasks are
    /// overdue today, the data sources), so that a record still matches its case tomorrow.
    /// The PDF works out overdue tasks against the record's own generation time.
    pub(super) fn after_hiring_for_record(&self, id: &CaseId) -> Result<serde_json::Value> {
        let mut v = serde_json::to_value(self.monitor_view(id, false)?)
            .expect("the after-hiring view serialises");
        if let Some(obj) = v.as_object_mut() {
            obj.remove("data_sources");
        }
        if let Some(plan) = v["plan"].as_object_mut() {
            plan.remove("day_now");
            if let Some(tasks) = plan.get_mut("tasks").and_then(|t| t.as_array_mut()) {
                for t in tasks.iter_mut().filter_map(|t| t.as_object_mut()) {
                    t.remove("overdue");
                }
            }
        }
        Ok(v)
    }

    fn shared_address_finding(&self, id: &CaseId) -> Result<Option<Finding>> {
        let shared = self.store().shared_addresses(id)?;
        if shared.is_empty() {
            return Ok(None);
        }
        let mut others: BTreeMap<String, String> = BTreeMap::new();
        for s in &shared {
            others.insert(s.other_case.clone(), s.other_name.clone());
        }
        let names: Vec<String> = others
            .iter()
            .map(|(id, name)| format!("{name} ({id})"))
            .collect();
        // Rows of several imports of two cases: numbered by none of them, so no number.
        let (rows, n) = cite(shared.iter().map(|s| {
            (
                0,
                format!(
                    "{}: {} sign-in(s) of this case, {} of {}",
                    s.ip, s.count, s.other_count, s.other_name
                ),
            )
        }));
        Ok(Some(Finding {
            kind: FindingKind::SharedAddress,
            weight: Weight::Concern,
            item_id: ITEM_ACCESS.into(),
            summary: format!(
                "{n} address(es) that this case's accounts signed in from were also used by the accounts of {}: {}. Several hires behind one home network is the laptop-farm pattern; if it is your office or company VPN, that explains it.",
                if others.len() == 1 {
                    "another case"
                } else {
                    "other cases"
                },
                names.join(", ")
            ),
            rows,
            row_count: n,
            sources: vec!["Sign-in logs imported into the cases named".into()],
            other_cases: others.into_keys().collect(),
        }))
    }

    fn shared_mfa_finding(&self, accounts: &[String]) -> Result<Option<Finding>> {
        let mut pairs = Vec::new();
        for a in accounts {
            for (device, other) in self.store().mfa_devices_shared_by(a)? {
                if !accounts.contains(&other) {
                    pairs.push((a.clone(), device, other));
                }
            }
        }
        if pairs.is_empty() {
            return Ok(None);
        }
        let (rows, n) = cite(
            pairs
                .iter()
                .map(|(a, d, o)| (0, format!("MFA device {d}: {a} and {o}"))),
        );
        Ok(Some(Finding {
            kind: FindingKind::SharedMfaDevice,
            weight: Weight::Concern,
            item_id: ITEM_ACCESS.into(),
            summary: format!(
                "An MFA device of this case's accounts is also registered to {n} other account(s). One phone approving sign-ins for several people suggests one operator behind them."
            ),
            rows,
            row_count: n,
            sources: vec!["Sign-in logs imported into any case".into()],
            other_cases: Vec::new(),
        }))
    }
}

/// The evidence row that keeps an imported file on the item it informs.
fn evidence_row(
    name: &str,
    blob: &crate::blobs::StoredBlob,
    format: ImportFormat,
    now: &str,
    actor: &str,
) -> EvidenceRow {
    EvidenceRow {
        id: EvidenceId::new(),
        item_id: ITEM_ACCESS.into(),
        is_file: true,
        name: name.to_owned(),
        size: Some(blob.size as i64),
        sha256: Some(blob.sha256.clone()),
        media_type: Some(
            if name.ends_with(".csv") {
                "text/csv"
            } else {
                "application/json"
            }
            .into(),
        ),
        captured_at: now.to_owned(),
        effective_date: None,
        added_by: actor.to_owned(),
        note: format!("{} imported into the after-hiring record", format.label()),
    }
}

fn import_view(
    r: MonitorImportRow,
    format: Option<ImportFormat>,
    assessment: Assessment,
) -> MonitorImport {
    MonitorImport {
        id: r.id,
        kind: r.kind,
        format: format.map_or("import", ImportFormat::label).into(),
        row_label: format.map_or("row", ImportFormat::row_label).into(),
        file_name: r.file_name,
        sha256: r.sha256,
        row_count: r.row_count.max(0) as u64,
        matched_count: r.matched_count.max(0) as u64,
        imported_at: r.imported_at,
        imported_by: r.imported_by,
        assessment,
    }
}
