//! Cases: insert, edit, read, list, delete.

use rusqlite::{OptionalExtension, Transaction, params, params_from_iter, types::Value};

use super::Store;
use crate::StoreError;
use bonafide_model::{CaseFields, CaseFilter, CaseId, Decision, StatusFilter, SubjectKind};

/// A case as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    /// Id.
    pub id: CaseId,
    /// Subject fields (validated).
    pub fields: CaseFields,
    /// Template id the case was opened with.
    pub template_id: String,
    /// Template edition the case was opened with.
    pub template_version: u32,
    /// When opened.
    pub created_at: String,
    /// Who opened it.
    pub created_by: String,
    /// Last change of anything in the case.
    pub updated_at: String,
}

/// One line of the case list.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseSummaryRow {
    /// Id.
    pub id: CaseId,
    /// Person or company.
    pub kind: SubjectKind,
    /// Name.
    pub display_name: String,
    /// Template id.
    pub template_id: String,
    /// Template edition.
    pub template_version: u32,
    /// When opened.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Items answered.
    pub answered: u32,
    /// Concerns and fails.
    pub red_flags: u32,
    /// Latest decision.
    pub decision: Option<Decision>,
    /// When it was made.
    pub decided_at: Option<String>,
}

fn kind_str(k: SubjectKind) -> &'static str {
    match k {
        SubjectKind::Person => "person",
        SubjectKind::Company => "company",
    }
}

fn parse_kind(s: &str) -> Result<SubjectKind, StoreError> {
    match s {
        "person" => Ok(SubjectKind::Person),
        "company" => Ok(SubjectKind::Company),
        other => Err(StoreError::Decode {
            table: "cases",
            detail: format!("unknown subject kind {other}"),
        }),
    }
}

fn parse_decision(s: Option<String>) -> Result<Option<Decision>, StoreError> {
    s.map(|s| {
        Decision::parse(&s).ok_or(StoreError::Decode {
            table: "cases",
            detail: format!("unknown decision {s}"),
        })
    })
    .transpose()
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl Store {
    /// Inserts a new case inside the caller's transaction.
    pub fn insert_case(
        tx: &Transaction<'_>,
        row: &CaseRow,
        search_text: &str,
    ) -> Result<(), StoreError> {
        tx.execute(
            "INSERT INTO cases (id, kind, display_name, search_text, fields_json, template_id,
                                template_version, created_at, created_by, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                row.id.as_str(),
                kind_str(row.fields.kind),
                row.fields.display_name,
                search_text,
                to_json(&row.fields)?,
                row.template_id,
                row.template_version,
                row.created_at,
                row.created_by,
                row.updated_at,
            ],
        )?;
        Ok(())
    }

    /// Replaces a case's subject fields inside the caller's transaction.
    pub fn update_case_fields(
        tx: &Transaction<'_>,
        id: &CaseId,
        fields: &CaseFields,
        search_text: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        tx.execute(
            "UPDATE cases SET display_name = ?2, search_text = ?3, fields_json = ?4, updated_at = ?5
             WHERE id = ?1",
            params![id.as_str(), fields.display_name, search_text, to_json(fields)?, at],
        )?;
        Ok(())
    }

    /// Moves a case to another edition of its template, inside the caller's transaction.
    pub fn set_template(
        tx: &Transaction<'_>,
        id: &CaseId,
        template_id: &str,
        version: u32,
        at: &str,
    ) -> Result<(), StoreError> {
        tx.execute(
            "UPDATE cases SET template_id = ?2, template_version = ?3, updated_at = ?4 WHERE id = ?1",
            params![id.as_str(), template_id, version, at],
        )?;
        Ok(())
    }

    /// Marks a case changed and refreshes its list counters from its item states and
    /// decisions, inside the caller's transaction.
    pub fn touch_case(tx: &Transaction<'_>, id: &CaseId, at: &str) -> Result<(), StoreError> {
        tx.execute(
            "UPDATE cases SET updated_at = ?2,
               answered_count = (SELECT count(*) FROM item_states
                                  WHERE case_id = ?1 AND outcome <> 'pending'),
               red_flag_count = (SELECT count(*) FROM item_states
                                  WHERE case_id = ?1 AND outcome IN ('concern', 'fail')),
               decision = (SELECT decision FROM decisions WHERE case_id = ?1
                            ORDER BY seq DESC LIMIT 1),
               decided_at = (SELECT decided_at FROM decisions WHERE case_id = ?1
                              ORDER BY seq DESC LIMIT 1)
             WHERE id = ?1",
            params![id.as_str(), at],
        )?;
        Ok(())
    }

    /// Reads one case.
    pub fn case(&self, id: &CaseId) -> Result<Option<CaseRow>, StoreError> {
        let row = self
            .conn()
            .query_row(
                "SELECT fields_json, template_id, template_version, created_at, created_by, updated_at
                 FROM cases WHERE id = ?1",
                [id.as_str()],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, u32>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                },
            )
            .optional()?;
        row.map(
            |(json, template_id, template_version, created_at, created_by, updated_at)| {
                Ok(CaseRow {
                    id: id.clone(),
                    fields: serde_json::from_str(&json).map_err(|e| StoreError::Decode {
                        table: "cases",
                        detail: e.to_string(),
                    })?,
                    template_id,
                    template_version,
                    created_at,
                    created_by,
                    updated_at,
                })
            },
        )
        .transpose()
    }

    /// Lists cases matching `filter`, most recently changed first. `folded_text` is the
    /// filter text already folded the way `search_text` was.
    pub fn list_cases(
        &self,
        filter: &CaseFilter,
        folded_text: &str,
    ) -> Result<Vec<CaseSummaryRow>, StoreError> {
        let mut sql = String::from(
            "SELECT id, kind, display_name, template_id, template_version, created_at, updated_at,
                    answered_count, red_flag_count, decision, decided_at
             FROM cases WHERE 1 = 1",
        );
        let mut args: Vec<Value> = Vec::new();
        if !folded_text.is_empty() {
            sql.push_str(" AND search_text LIKE ? ESCAPE '\\'");
            args.push(Value::Text(format!("%{}%", like_escape(folded_text))));
        }
        match filter.status {
            Some(StatusFilter::Open) => sql.push_str(" AND decision IS NULL"),
            Some(StatusFilter::Decided) => sql.push_str(" AND decision IS NOT NULL"),
            None => {}
        }
        if let Some(d) = filter.decision {
            sql.push_str(" AND decision = ?");
            args.push(Value::Text(d.as_str().into()));
        }
        if let Some(k) = filter.kind {
            sql.push_str(" AND kind = ?");
            args.push(Value::Text(kind_str(k).into()));
        }
        sql.push_str(" ORDER BY updated_at DESC, id DESC");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                CaseSummaryRow {
                    id: CaseId::from_stored(String::new()),
                    kind: SubjectKind::Person,
                    display_name: r.get(2)?,
                    template_id: r.get(3)?,
                    template_version: r.get(4)?,
                    created_at: r.get(5)?,
                    updated_at: r.get(6)?,
                    answered: r.get(7)?,
                    red_flags: r.get(8)?,
                    decision: None,
                    decided_at: r.get(10)?,
                },
                r.get::<_, Option<String>>(9)?,
            ))
        })?;
        rows.map(|r| {
            let (id, kind, mut row, decision) = r?;
            row.id = CaseId::from_stored(id);
            row.kind = parse_kind(&kind)?;
            row.decision = parse_decision(decision)?;
            Ok(row)
        })
        .collect()
    }

    /// Deletes a case with its items, evidence rows and decisions, and unless `keep_history`
    /// its events, inside the caller's transaction. Returns the hashes of evidence files no
    /// other case uses.
    pub fn delete_case(
        tx: &Transaction<'_>,
        id: &CaseId,
        keep_history: bool,
    ) -> Result<Vec<String>, StoreError> {
        let hashes: Vec<String> = tx
            .prepare(
                "SELECT DISTINCT sha256 FROM evidence e WHERE case_id = ?1 AND sha256 IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM evidence o WHERE o.sha256 = e.sha256 AND o.case_id <> ?1)",
            )?
            .query_map([id.as_str()], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        // The case row goes first: the trigger lets a case's events go only once the case
        // no longer exists.
        tx.execute("DELETE FROM cases WHERE id = ?1", [id.as_str()])?;
        if !keep_history {
            Store::erase_history(tx, id.as_str())?;
        }
        super::checks::prune_responses(tx)?;
        Ok(hashes)
    }

    /// Erases the history of a case that no longer exists: its events and its chain head.
    /// The trigger refuses this for a case that still exists.
    pub fn erase_history(tx: &Transaction<'_>, stream: &str) -> Result<usize, StoreError> {
        let n = tx.execute("DELETE FROM events WHERE stream = ?1", [stream])?;
        tx.execute("DELETE FROM chains WHERE stream = ?1", [stream])?;
        Ok(n)
    }

    /// Ids that start with `prefix` (at most two: enough to tell unique from ambiguous).
    pub fn case_ids_with_prefix(&self, prefix: &str) -> Result<Vec<CaseId>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id FROM cases WHERE id LIKE ?1 ESCAPE '\\' ORDER BY id LIMIT 2",
        )?;
        let rows = stmt.query_map([format!("{}%", like_escape(prefix))], |r| {
            r.get::<_, String>(0)
        })?;
        rows.map(|r| Ok(CaseId::from_stored(r?))).collect()
    }

    /// Every case id, oldest first.
    pub fn all_case_ids(&self) -> Result<Vec<CaseId>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id FROM cases ORDER BY created_at, id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|r| Ok(CaseId::from_stored(r?))).collect()
    }

    /// Number of cases.
    pub fn case_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?)
    }
}

fn to_json(fields: &CaseFields) -> Result<String, StoreError> {
    serde_json::to_string(fields).map_err(|e| StoreError::Decode {
        table: "cases",
        detail: e.to_string(),
    })
}
