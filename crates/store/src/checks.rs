//! Automated check results, their raw answers, and fetched page text.

use rusqlite::{OptionalExtension, Transaction, params};

use super::Store;
use crate::StoreError;
use bonafide_checks::{CheckResult, PageRecord, ResponseBody, web};
use bonafide_model::CaseId;

/// A stored page with the case it belongs to.
#[derive(Debug, Clone)]
pub struct StoredPage {
    /// Case id.
    pub case_id: String,
    /// Case name.
    pub case_name: String,
    /// The page.
    pub page: PageRecord,
}

/// Removes raw answers that no result cites any more.
pub(super) fn prune_responses(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM check_responses
         WHERE sha256 NOT IN (SELECT sha256 FROM check_evidence)",
        [],
    )?;
    Ok(())
}

impl Store {
    /// Stores the results of one run: each result replaces the earlier one with its key,
    /// results whose key is not in `keep_keys` (checks no longer planned, because the case
    /// changed) are removed, and raw answers and pages are stored with them.
    pub fn save_check_results(
        tx: &Transaction<'_>,
        case: &CaseId,
        results: &[CheckResult],
        bodies: &[ResponseBody],
        pages: &[PageRecord],
        keep_keys: &[String],
    ) -> Result<(), StoreError> {
        for b in bodies {
            tx.execute(
                "INSERT OR IGNORE INTO check_responses (sha256, content_type, body) VALUES (?1, ?2, ?3)",
                params![b.sha256, b.content_type, b.bytes],
            )?;
        }
        for r in results {
            let json = serde_json::to_string(r)
                .map_err(|e| super::decode("check_results", e.to_string()))?;
            tx.execute(
                "DELETE FROM check_results WHERE case_id = ?1 AND key = ?2",
                params![case.as_str(), r.key],
            )?;
            tx.execute(
                "INSERT INTO check_results (case_id, key, state, finished_at, result_json)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    case.as_str(),
                    r.key,
                    serde_json::to_value(r.state)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    r.finished_at,
                    json
                ],
            )?;
            for e in &r.evidence {
                tx.execute(
                    "INSERT OR IGNORE INTO check_evidence (case_id, key, sha256) VALUES (?1, ?2, ?3)",
                    params![case.as_str(), r.key, e.sha256],
                )?;
            }
        }
        let existing: Vec<String> = tx
            .prepare("SELECT key FROM check_results WHERE case_id = ?1")?
            .query_map([case.as_str()], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for key in existing.iter().filter(|k| !keep_keys.contains(k)) {
            tx.execute(
                "DELETE FROM check_results WHERE case_id = ?1 AND key = ?2",
                params![case.as_str(), key],
            )?;
        }
        for p in pages {
            tx.execute(
                "INSERT OR REPLACE INTO web_pages
                 (case_id, url, final_url, fetched_at, title, text, fingerprint, shingles, comparison)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    case.as_str(),
                    p.url,
                    p.final_url,
                    p.fetched_at,
                    p.title,
                    p.text,
                    p.fingerprint,
                    web::shingles_to_bytes(&p.shingles),
                    p.comparison
                ],
            )?;
        }
        // Pages of sites no longer on the case go with the checks that fetched them.
        tx.execute(
            "DELETE FROM web_pages WHERE case_id = ?1
             AND ('website:' || url) NOT IN (SELECT key FROM check_results WHERE case_id = ?1)",
            [case.as_str()],
        )?;
        prune_responses(tx)?;
        Ok(())
    }

    /// Every case but `except`, with its details, for the cross-case duplicate search.
    pub fn other_case_fields(
        &self,
        except: &CaseId,
    ) -> Result<Vec<bonafide_checks::duplicates::OtherCase>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, display_name, fields_json FROM cases WHERE id <> ?1 ORDER BY id",
        )?;
        let rows: Vec<(String, String, String)> = stmt
            .query_map([except.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(id, name, json)| {
                Ok(bonafide_checks::duplicates::OtherCase {
                    id,
                    name,
                    fields: serde_json::from_str(&json)
                        .map_err(|e| super::decode("cases", e.to_string()))?,
                })
            })
            .collect()
    }

    /// The latest results of a case's checks, in key order.
    pub fn check_results(&self, case: &CaseId) -> Result<Vec<CheckResult>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT result_json FROM check_results WHERE case_id = ?1 ORDER BY key",
        )?;
        let rows: Vec<String> = stmt
            .query_map([case.as_str()], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        rows.iter()
            .map(|j| {
                serde_json::from_str(j).map_err(|e| super::decode("check_results", e.to_string()))
            })
            .collect()
    }

    /// A stored raw answer: content type and bytes.
    pub fn check_response(
        &self,
        sha256: &str,
    ) -> Result<Option<(Option<String>, Vec<u8>)>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT content_type, body FROM check_responses WHERE sha256 = ?1",
                [sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Stored pages: of one case (`only`), or the subject sites of every case but one
    /// (`except`, without their text, which comparisons do not need).
    pub fn web_pages(
        &self,
        only: Option<&CaseId>,
        except: Option<&CaseId>,
    ) -> Result<Vec<StoredPage>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.case_id, c.display_name, p.url, p.final_url, p.fetched_at, p.title,
                    -- Other cases' text is not needed: passages come from this case's text.
                    CASE WHEN ?2 IS NULL THEN p.text ELSE '' END,
                    p.fingerprint, p.shingles, p.comparison
             FROM web_pages p JOIN cases c ON c.id = p.case_id
             WHERE (?1 IS NULL OR p.case_id = ?1)
               AND (?2 IS NULL OR (p.case_id <> ?2 AND p.comparison = 0))
             ORDER BY p.case_id, p.url",
        )?;
        let rows = stmt.query_map(
            params![only.map(CaseId::as_str), except.map(CaseId::as_str)],
            |r| {
                let shingles: Vec<u8> = r.get(8)?;
                Ok(StoredPage {
                    case_id: r.get(0)?,
                    case_name: r.get(1)?,
                    page: PageRecord {
                        url: r.get(2)?,
                        final_url: r.get(3)?,
                        fetched_at: r.get(4)?,
                        title: r.get(5)?,
                        text: r.get(6)?,
                        fingerprint: r.get(7)?,
                        shingles: web::shingles_from_bytes(&shingles),
                        comparison: r.get(9)?,
                    },
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
