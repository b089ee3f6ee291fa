//! Stored list versions, screenings, dispositions and alerts.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, decode};
use bonafide_model::CaseId;
use bonafide_screening::entry::ListEntry;
use bonafide_screening::lists::{ListVersion, ParsedList};

/// A stored disposition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispositionRow {
    /// List source id or `watchlist`.
    pub list: String,
    /// Entry id.
    pub entry_id: String,
    /// Subject key when recorded.
    pub subject_key: String,
    /// Entry key when recorded.
    pub entry_key: String,
    /// `true_match`, `false_positive`, `needs_review`.
    pub disposition: String,
    /// Why.
    pub rationale: String,
    /// Who.
    pub decided_by: String,
    /// When.
    pub decided_at: String,
}

/// A stored alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertRow {
    /// Row id.
    pub id: i64,
    /// Case.
    pub case_id: String,
    /// The screening that raised it.
    pub screening_id: String,
    /// When.
    pub raised_at: String,
    /// What.
    pub message: String,
    /// When acknowledged.
    pub acknowledged_at: Option<String>,
    /// By whom.
    pub acknowledged_by: Option<String>,
}

/// The columns of a version, with its name from `list_names` (empty for versions loaded
/// before lists named themselves). Use with [`VERSIONS`].
const VERSION_COLUMNS: &str = "v.id, v.source, v.publish_date, v.publish_date_from_file, v.sha256, \
     v.files_json, v.entity_count, v.name_count, v.loaded_at, v.loaded_by, v.origin, \
     v.warnings_json, COALESCE(n.title, ''), COALESCE(n.publisher, ''), COALESCE(n.licence, '')";

/// What [`VERSION_COLUMNS`] selects from.
const VERSIONS: &str = "list_versions v LEFT JOIN list_names n ON n.version_id = v.id";

fn version_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ListVersion, String, String)> {
    Ok((
        ListVersion {
            id: r.get(0)?,
            source: r.get(1)?,
            title: r.get(12)?,
            publisher: r.get(13)?,
            licence: r.get(14)?,
            publish_date: r.get(2)?,
            publish_date_from_file: r.get::<_, i64>(3)? != 0,
            sha256: r.get(4)?,
            files: Vec::new(),
            entity_count: r.get(6)?,
            name_count: r.get(7)?,
            loaded_at: r.get(8)?,
            loaded_by: r.get(9)?,
            origin: r.get(10)?,
            warnings: Vec::new(),
        },
        r.get(5)?,
        r.get(11)?,
    ))
}

fn finish_version(
    (mut row, files, warnings): (ListVersion, String, String),
) -> Result<ListVersion, StoreError> {
    row.files = serde_json::from_str(&files).map_err(|e| decode("list_versions", e.to_string()))?;
    row.warnings =
        serde_json::from_str(&warnings).map_err(|e| decode("list_versions", e.to_string()))?;
    Ok(row)
}

impl Store {
    /// Stores a parsed list as the version in force for its source and drops the entries
    /// of versions older than the previous one. Returns the new row id.
    pub fn insert_list_version(
        tx: &Transaction<'_>,
        list: &ParsedList,
        loaded_at: &str,
        loaded_by: &str,
        origin: &str,
    ) -> Result<i64, StoreError> {
        let entries = serde_json::to_string(&list.entries)
            .map_err(|e| decode("list_versions", e.to_string()))?;
        tx.execute(
            "INSERT INTO list_versions (source, publish_date, publish_date_from_file, sha256, files_json,
                 entity_count, name_count, loaded_at, loaded_by, origin, warnings_json, entries_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                list.source.id,
                list.publish_date,
                list.publish_date_from_file as i64,
                list.sha256(),
                serde_json::to_string(&list.files).expect("strings serialise"),
                list.entries.len() as i64,
                list.name_count() as i64,
                loaded_at,
                loaded_by,
                origin,
                serde_json::to_string(&list.warnings).expect("strings serialise"),
                entries,
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO list_names (version_id, title, publisher, licence) VALUES (?1, ?2, ?3, ?4)",
            params![
                id,
                list.source.title,
                list.source.publisher,
                list.source.licence
            ],
        )?;
        tx.execute(
            "UPDATE list_versions SET entries_json = NULL
             WHERE source = ?1 AND entries_json IS NOT NULL AND id NOT IN
                 (SELECT id FROM list_versions WHERE source = ?1 ORDER BY id DESC LIMIT 2)",
            [&list.source.id],
        )?;
        Ok(id)
    }

    /// The version in force for each source that has one.
    pub fn current_list_versions(&self) -> Result<Vec<ListVersion>, StoreError> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM {VERSIONS}
             WHERE v.id = (SELECT MAX(id) FROM list_versions w WHERE w.source = v.source)
             ORDER BY v.source"
        );
        let rows: Vec<_> = self
            .conn()
            .prepare(&sql)?
            .query_map([], version_row)?
            .collect::<Result<_, _>>()?;
        rows.into_iter().map(finish_version).collect()
    }

    /// Every stored version of a source, newest first.
    pub fn list_version_history(&self, source: &str) -> Result<Vec<ListVersion>, StoreError> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM {VERSIONS} WHERE v.source = ?1 ORDER BY v.id DESC"
        );
        let rows: Vec<_> = self
            .conn()
            .prepare(&sql)?
            .query_map([source], version_row)?
            .collect::<Result<_, _>>()?;
        rows.into_iter().map(finish_version).collect()
    }

    /// The entries of a stored version.
    pub fn list_entries(&self, version_id: i64) -> Result<Vec<ListEntry>, StoreError> {
        let json: Option<String> = self
            .conn()
            .query_row(
                "SELECT entries_json FROM list_versions WHERE id = ?1",
                [version_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let json = json.ok_or_else(|| {
            decode(
                "list_versions",
                format!("version {version_id} has no entries"),
            )
        })?;
        serde_json::from_str(&json).map_err(|e| decode("list_versions", e.to_string()))
    }

    /// Stores a screening result.
    pub fn insert_screening(
        tx: &Transaction<'_>,
        id: &str,
        case: &CaseId,
        at: &str,
        result_json: &str,
    ) -> Result<(), StoreError> {
        tx.execute(
            "INSERT INTO screenings (id, case_id, screened_at, result_json) VALUES (?1, ?2, ?3, ?4)",
            params![id, case.as_str(), at, result_json],
        )?;
        Ok(())
    }

    /// The latest screening of a case, as stored JSON.
    pub fn latest_screening_json(&self, case: &CaseId) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT result_json FROM screenings WHERE case_id = ?1
                 ORDER BY screened_at DESC, id DESC LIMIT 1",
                [case.as_str()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// How many times a case was screened.
    pub fn screening_count(&self, case: &CaseId) -> Result<i64, StoreError> {
        Ok(self.conn().query_row(
            "SELECT COUNT(*) FROM screenings WHERE case_id = ?1",
            [case.as_str()],
            |r| r.get(0),
        )?)
    }

    /// Stores a disposition.
    pub fn insert_disposition(
        tx: &Transaction<'_>,
        case: &CaseId,
        d: &DispositionRow,
    ) -> Result<(), StoreError> {
        tx.execute(
            "INSERT INTO dispositions (case_id, list, entry_id, subject_key, entry_key, disposition,
                 rationale, decided_by, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                case.as_str(),
                d.list,
                d.entry_id,
                d.subject_key,
                d.entry_key,
                d.disposition,
                d.rationale,
                d.decided_by,
                d.decided_at
            ],
        )?;
        Ok(())
    }

    /// Every disposition of a case, oldest first.
    pub fn dispositions(&self, case: &CaseId) -> Result<Vec<DispositionRow>, StoreError> {
        let rows = self
            .conn()
            .prepare(
                "SELECT list, entry_id, subject_key, entry_key, disposition, rationale, decided_by, decided_at
                 FROM dispositions WHERE case_id = ?1 ORDER BY id",
            )?
            .query_map([case.as_str()], |r| {
                Ok(DispositionRow {
                    list: r.get(0)?,
                    entry_id: r.get(1)?,
                    subject_key: r.get(2)?,
                    entry_key: r.get(3)?,
                    disposition: r.get(4)?,
                    rationale: r.get(5)?,
                    decided_by: r.get(6)?,
                    decided_at: r.get(7)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Raises an alert.
    pub fn insert_alert(
        tx: &Transaction<'_>,
        case: &CaseId,
        screening_id: &str,
        at: &str,
        message: &str,
    ) -> Result<(), StoreError> {
        tx.execute(
            "INSERT INTO alerts (case_id, screening_id, raised_at, message) VALUES (?1, ?2, ?3, ?4)",
            params![case.as_str(), screening_id, at, message],
        )?;
        Ok(())
    }

    /// Marks an alert acknowledged. Returns false when there is no such open alert.
    pub fn acknowledge_alert(
        tx: &Transaction<'_>,
        case: &CaseId,
        id: i64,
        at: &str,
        by: &str,
    ) -> Result<bool, StoreError> {
        let n = tx.execute(
            "UPDATE alerts SET acknowledged_at = ?3, acknowledged_by = ?4
             WHERE id = ?1 AND case_id = ?2 AND acknowledged_at IS NULL",
            params![id, case.as_str(), at, by],
        )?;
        Ok(n == 1)
    }

    /// Alerts of one case (or every case when `None`), newest first.
    pub fn alerts(
        &self,
        case: Option<&CaseId>,
        open_only: bool,
    ) -> Result<Vec<AlertRow>, StoreError> {
        let rows = self
            .conn()
            .prepare(
                "SELECT id, case_id, screening_id, raised_at, message, acknowledged_at, acknowledged_by
                 FROM alerts WHERE (?1 IS NULL OR case_id = ?1) AND (?2 = 0 OR acknowledged_at IS NULL)
                 ORDER BY id DESC",
            )?
            .query_map(params![case.map(|c| c.as_str()), open_only as i64], |r| {
                Ok(AlertRow {
                    id: r.get(0)?,
                    case_id: r.get(1)?,
                    screening_id: r.get(2)?,
                    raised_at: r.get(3)?,
                    message: r.get(4)?,
                    acknowledged_at: r.get(5)?,
                    acknowledged_by: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Cases to re-screen after a list update: open, or decided on or after `since`.
    pub fn cases_to_rescreen(&self, since: &str) -> Result<Vec<CaseId>, StoreError> {
        let ids = self
            .conn()
            .prepare(
                "SELECT id FROM cases WHERE decided_at IS NULL OR decided_at >= ?1 ORDER BY id",
            )?
            .query_map([since], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids.into_iter().map(CaseId::from_stored).collect())
    }
}
