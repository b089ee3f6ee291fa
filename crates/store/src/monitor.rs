//! After-hiring imports and what the cross-case checks need of them: the addresses each
//! case's accounts signed in from and the MFA devices each log showed.

use rusqlite::{OptionalExtension, Transaction, params};

use super::Store;
use crate::StoreError;
use bonafide_model::CaseId;
use bonafide_monitor::AddressUse;
use bonafide_monitor::catalog::NetworkClass;
use bonafide_monitor::plan::{Completion, TaskDone};

/// One import as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonitorImportRow {
    /// Import id.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// `sign_ins` or `inventory`.
    pub kind: String,
    /// The format id (`okta-json` …).
    pub format: String,
    /// The evidence row holding the file.
    pub evidence_id: String,
    /// The file's name.
    pub file_name: String,
    /// Its SHA-256.
    pub sha256: String,
    /// Rows read.
    pub row_count: i64,
    /// Rows that belong to the case.
    pub matched_count: i64,
    /// When.
    pub imported_at: String,
    /// By whom.
    pub imported_by: String,
    /// The report, JSON.
    pub report_json: String,
}

/// An address of this case that another case's accounts also used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedAddressRow {
    /// The address.
    pub ip: String,
    /// This case's first row with it, and its import.
    pub first_line: i64,
    /// This case's import it came from.
    pub import_id: String,
    /// Sign-ins of this case from it.
    pub count: i64,
    /// The other case.
    pub other_case: String,
    /// Its display name.
    pub other_name: String,
    /// Sign-ins of the other case from it.
    pub other_count: i64,
}

fn class_text(c: Option<NetworkClass>) -> Option<&'static str> {
    c.map(|c| match c {
        NetworkClass::Hosting => "hosting",
        NetworkClass::Vpn => "vpn",
        NetworkClass::Company => "company",
    })
}

impl Store {
    /// Stores one import with its addresses and MFA devices.
    pub fn insert_monitor_import(
        tx: &Transaction<'_>,
        row: &MonitorImportRow,
        addresses: &[AddressUse],
        mfa_devices: &[(String, String)],
    ) -> Result<(), StoreError> {
        tx.execute(
            "INSERT INTO monitor_imports (id, case_id, kind, format, evidence_id, file_name, sha256,
                 row_count, matched_count, imported_at, imported_by, report_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                row.id,
                row.case_id,
                row.kind,
                row.format,
                row.evidence_id,
                row.file_name,
                row.sha256,
                row.row_count,
                row.matched_count,
                row.imported_at,
                row.imported_by,
                row.report_json
            ],
        )?;
        let mut add = tx.prepare(
            "INSERT INTO monitor_addresses (import_id, case_id, ip, first_line, count, first_at, last_at, class)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for a in addresses {
            add.execute(params![
                row.id,
                row.case_id,
                a.ip,
                a.first_line as i64,
                a.count as i64,
                a.first_at,
                a.last_at,
                class_text(a.class)
            ])?;
        }
        let mut mfa = tx.prepare(
            "INSERT OR IGNORE INTO monitor_mfa_devices (import_id, case_id, device, account)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (device, account) in mfa_devices {
            mfa.execute(params![row.id, row.case_id, device, account])?;
        }
        Ok(())
    }

    /// A case's imports, oldest first.
    pub fn monitor_imports(&self, case: &CaseId) -> Result<Vec<MonitorImportRow>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT id, case_id, kind, format, evidence_id, file_name, sha256, row_count,
                    matched_count, imported_at, imported_by, report_json
             FROM monitor_imports WHERE case_id = ?1 ORDER BY imported_at, id",
        )?;
        let rows = stmt
            .query_map([case.as_str()], |r| {
                Ok(MonitorImportRow {
                    id: r.get(0)?,
                    case_id: r.get(1)?,
                    kind: r.get(2)?,
                    format: r.get(3)?,
                    evidence_id: r.get(4)?,
                    file_name: r.get(5)?,
                    sha256: r.get(6)?,
                    row_count: r.get(7)?,
                    matched_count: r.get(8)?,
                    imported_at: r.get(9)?,
                    imported_by: r.get(10)?,
                    report_json: r.get(11)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The unclassified addresses of `case` that other cases' accounts also signed in
    /// from: the laptop-farm pattern, one household network behind several hires.
    pub fn shared_addresses(&self, case: &CaseId) -> Result<Vec<SharedAddressRow>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT mine.ip, MIN(mine.first_line), MIN(mine.import_id), MAX(mine.count),
                    other.case_id, c.display_name, SUM(other.count)
             FROM monitor_addresses mine
             JOIN monitor_addresses other ON other.ip = mine.ip AND other.case_id != mine.case_id
             JOIN cases c ON c.id = other.case_id
             WHERE mine.case_id = ?1 AND mine.class IS NULL AND other.class IS NULL
             GROUP BY mine.ip, other.case_id
             ORDER BY mine.ip, other.case_id",
        )?;
        let rows = stmt
            .query_map([case.as_str()], |r| {
                Ok(SharedAddressRow {
                    ip: r.get(0)?,
                    first_line: r.get(1)?,
                    import_id: r.get(2)?,
                    count: r.get(3)?,
                    other_case: r.get(4)?,
                    other_name: r.get(5)?,
                    other_count: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// `(device, other account)` for every MFA device that `account` used and another
    /// account used too, in any import of any case.
    pub fn mfa_devices_shared_by(
        &self,
        account: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT DISTINCT m2.device, m2.account
             FROM monitor_mfa_devices m1
             JOIN monitor_mfa_devices m2 ON m2.device = m1.device AND m2.account != m1.account
             WHERE m1.account = ?1
             ORDER BY m2.device, m2.account",
        )?;
        let rows = stmt
            .query_map([account], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

impl Store {
    /// Records a plan task done (again: the later record replaces the earlier).
    pub fn record_monitor_task(
        tx: &Transaction<'_>,
        case: &CaseId,
        task: &TaskDone,
    ) -> Result<(), StoreError> {
        tx.execute(
            "INSERT OR REPLACE INTO monitor_tasks (case_id, day, done_at, done_by, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![case.as_str(), task.day, task.done_at, task.done_by, task.note],
        )?;
        Ok(())
    }

    /// The plan tasks a case has recorded done.
    pub fn monitor_tasks(&self, case: &CaseId) -> Result<Vec<TaskDone>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT day, done_at, done_by, note FROM monitor_tasks WHERE case_id = ?1 ORDER BY day",
        )?;
        let rows = stmt
            .query_map([case.as_str()], |r| {
                Ok(TaskDone {
                    day: r.get(0)?,
                    done_at: r.get(1)?,
                    done_by: r.get(2)?,
                    note: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Marks a case's monitoring complete.
    pub fn record_monitor_completion(
        tx: &Transaction<'_>,
        case: &CaseId,
        c: &Completion,
    ) -> Result<(), StoreError> {
        tx.execute(
            "INSERT OR REPLACE INTO monitor_completions (case_id, completed_at, completed_by, reason) VALUES (?1, ?2, ?3, ?4)",
            params![case.as_str(), c.completed_at, c.completed_by, c.reason],
        )?;
        Ok(())
    }

    /// A case's monitoring completion, if it was marked.
    pub fn monitor_completion(&self, case: &CaseId) -> Result<Option<Completion>, StoreError> {
        self.conn()
            .query_row(
                "SELECT completed_at, completed_by, reason FROM monitor_completions WHERE case_id = ?1",
                [case.as_str()],
                |r| Ok(Completion { completed_at: r.get(0)?, completed_by: r.get(1)?, reason: r.get(2)? }),
            )
            .optional()
            .map_err(Into::into)
    }

    /// Stores an imported network table in place of any earlier one.
    pub fn put_network_table(
        tx: &Transaction<'_>,
        bytes: &[u8],
        at: &str,
        by: &str,
    ) -> Result<(), StoreError> {
        tx.execute(
            "INSERT OR REPLACE INTO monitor_network_table (id, bytes, imported_at, imported_by) VALUES (1, ?1, ?2, ?3)",
            params![bytes, at, by],
        )?;
        Ok(())
    }

    /// The imported network table with when and by whom, if one was imported.
    pub fn network_table(&self) -> Result<Option<(Vec<u8>, String, String)>, StoreError> {
        self.conn()
            .query_row(
                "SELECT bytes, imported_at, imported_by FROM monitor_network_table WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(Into::into)
    }
}
