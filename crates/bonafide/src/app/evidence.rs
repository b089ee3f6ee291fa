//! Evidence on the [`App`] façade: attaching files and web addresses to checklist items,
//! taking them off again (recorded, with the reason), and reading stored files back out
//! of the encrypted evidence store.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::export::write_atomically;
use super::validation::{check_details, check_item};
use super::{App, Evidence, EvidenceDetails, EvidenceKind};
use crate::audit::EventKind;
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{CaseId, EvidenceId, MAX_SHORT_TEXT, check_web_url, clean_text};
use crate::store::{EvidenceRow, Store};
use bonafide_base::files::create_file;

impl App {
    /// Copies a file into the evidence store and attaches it to an item.
    pub fn add_evidence_file(
        &self,
        id: &CaseId,
        item_id: &str,
        path: &Path,
        details: &EvidenceDetails,
    ) -> Result<Evidence> {
        let row = self.case_row(id)?;
        check_item(&row, item_id)?;
        let (effective_date, note) = check_details(details)?;
        let blob = self.blobs.put_file(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "evidence".into());
        let name = clean_text(&name, MAX_SHORT_TEXT, false).unwrap_or_else(|_| {
            name.chars()
                .filter(|c| !c.is_control())
                .take(MAX_SHORT_TEXT)
                .collect()
        });
        let media_type = mime_guess::from_path(path)
            .first()
            .map(|m| m.essence_str().to_string())
            .unwrap_or_else(|| "application/octet-stream".into());
        let ev = EvidenceRow {
            id: EvidenceId::new(),
            item_id: item_id.to_string(),
            is_file: true,
            name,
            size: Some(blob.size as i64),
            sha256: Some(blob.sha256.clone()),
            media_type: Some(media_type),
            captured_at: clock::now(),
            effective_date,
            added_by: self.actor()?,
            note,
        };
        let result = self.record_evidence(id, &ev);
        if result.is_err() && !blob.deduplicated {
            // Nothing refers to the file we just stored; do not leave it behind.
            let _ = self.blobs.remove(&blob.sha256);
        }
        result
    }

    /// Attaches a web address to an item as evidence.
    pub fn add_evidence_url(
        &self,
        id: &CaseId,
        item_id: &str,
        url: &str,
        details: &EvidenceDetails,
    ) -> Result<Evidence> {
        let row = self.case_row(id)?;
        check_item(&row, item_id)?;
        let (effective_date, note) = check_details(details)?;
        let url = check_web_url(url).map_err(|m| Error::invalid("url", m))?;
        let ev = EvidenceRow {
            id: EvidenceId::new(),
            item_id: item_id.to_string(),
            is_file: false,
            name: url,
            size: None,
            sha256: None,
            media_type: None,
            captured_at: clock::now(),
            effective_date,
            added_by: self.actor()?,
            note,
        };
        self.record_evidence(id, &ev)
    }

    /// Stores an evidence row with its audit event and marks the case changed.
    fn record_evidence(&self, id: &CaseId, ev: &EvidenceRow) -> Result<Evidence> {
        self.store().write(|tx| write_evidence(tx, id, ev))?;
        Ok(evidence_from_row(ev.clone()))
    }

    /// Takes one piece of evidence off its item. The removal is an event of the case with
    /// the reason and what was attached (name, size, SHA-256), so the history still shows
    /// what had been there. The stored file goes too unless another item still holds the
    /// same content. A file an after-hiring import rests on is refused: its findings would
    /// be left citing nothing.
    pub fn remove_evidence(&self, id: &CaseId, evidence: &str, reason: &str) -> Result<()> {
        let reason =
            clean_text(reason, MAX_SHORT_TEXT, false).map_err(|m| Error::invalid("reason", m))?;
        if reason.is_empty() {
            return Err(Error::invalid(
                "reason",
                "say why the evidence is taken off (for example \"attached to the wrong case\"); \
                 the reason is kept in the history",
            ));
        }
        let evidence_id = EvidenceId::parse(evidence).ok_or_else(|| Error::EvidenceNotFound {
            case: id.to_string(),
            evidence: evidence.to_string(),
        })?;
        self.case_row(id)?;
        let now = clock::now();
        let actor = self.actor()?;
        let removed = self.store().write(|tx| {
            if Store::evidence_is_imported(tx, id, &evidence_id)? {
                return Ok(Err(Error::invalid(
                    "evidence",
                    "this file is an after-hiring import, and that import's findings rest on \
                     it; it stays attached",
                )));
            }
            let Some(removed) = Store::delete_evidence(tx, id, &evidence_id)? else {
                return Ok(Err(Error::EvidenceNotFound {
                    case: id.to_string(),
                    evidence: evidence.to_string(),
                }));
            };
            let ev = &removed.row;
            crate::store::append_event(
                tx,
                id.as_str(),
                &now,
                &actor,
                EventKind::EvidenceRemoved,
                Some(&ev.item_id),
                json!({
                    "evidence_id": ev.id,
                    "kind": if ev.is_file { "file" } else { "url" },
                    "name": ev.name,
                    "size": ev.size,
                    "sha256": ev.sha256,
                    "reason": reason,
                }),
            )?;
            Store::touch_case(tx, id, &now)?;
            Ok(Ok(removed))
        })??;
        if let (false, Some(sha)) = (removed.in_use_elsewhere, &removed.row.sha256) {
            // Best effort, after the commit: a file left behind is unreferenced and harmless,
            // while a file removed before a failed commit would be evidence lost.
            let _ = self.blobs.remove(sha);
        }
        Ok(())
    }

    /// Writes a decrypted copy of one attached file into `dir`, under the name it was
    /// attached with, and returns the copy's path. A file of that name already there is
    /// left alone and the copy refused: it may be someone's own document.
    pub fn copy_evidence_into(&self, id: &CaseId, evidence: &str, dir: &Path) -> Result<PathBuf> {
        let ev = self.evidence_file(id, evidence)?;
        let dest = dir.join(safe_file_name(&ev.name));
        let content = self.evidence_content(ev.sha256.as_deref().unwrap_or_default())?;
        match create_file(&dest, &content) {
            Ok(()) => Ok(dest),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::invalid(
                "to",
                format!(
                    "{} already exists; choose another folder, or move that file first",
                    dest.display()
                ),
            )),
            Err(source) => Err(Error::File { path: dest, source }),
        }
    }

    /// Every file and link attached to a case's items, oldest first.
    pub fn case_evidence(&self, id: &CaseId) -> Result<Vec<Evidence>> {
        self.case_row(id)?;
        Ok(self
            .store()
            .evidence(id)?
            .into_iter()
            .map(evidence_from_row)
            .collect())
    }

    /// One attached file of a case (not a link), as stored.
    pub fn evidence_file(&self, id: &CaseId, evidence: &str) -> Result<EvidenceRow> {
        let not_found = || Error::EvidenceNotFound {
            case: id.to_string(),
            evidence: evidence.to_string(),
        };
        let evidence_id = EvidenceId::parse(evidence).ok_or_else(not_found)?;
        self.case_row(id)?;
        let row = self
            .store()
            .evidence(id)?
            .into_iter()
            .find(|e| e.id == evidence_id)
            .ok_or_else(not_found)?;
        if !row.is_file || row.sha256.is_none() {
            // Saying "no such evidence" here would send the person looking for an id
            // that is right there in the list.
            return Err(Error::invalid(
                "evidence",
                format!(
                    "{} is a link, not a file, so there is nothing to copy; open it in a browser",
                    row.name
                ),
            ));
        }
        Ok(row)
    }

    /// Where a stored evidence file lives, encrypted (for diagnostics and tests; its
    /// content is read with [`App::export_evidence`]).
    pub fn evidence_path(&self, sha256: &str) -> PathBuf {
        self.blobs.path_of(sha256)
    }

    /// Writes the decrypted content of a stored evidence file to `dest` (to open it with
    /// the system's viewer or hand it over), checking it against its hash on the way.
    pub fn export_evidence(&self, sha256: &str, dest: &Path) -> Result<()> {
        write_atomically(dest, &self.evidence_content(sha256)?)
    }

    /// The decrypted content of a stored evidence file, checked against its hash.
    fn evidence_content(&self, sha256: &str) -> Result<Vec<u8>> {
        let mut content = Vec::new();
        self.blobs
            .read_to(sha256, &mut content)
            .map_err(|source| Error::File {
                path: self.blobs.path_of(sha256),
                source,
            })?;
        Ok(content)
    }
}

/// Stores an evidence row with its audit event and marks the case changed, inside a
/// transaction the caller may be adding more to (an after-hiring import keeps its file
/// and its findings in one).
pub(super) fn write_evidence(
    tx: &crate::store::Tx<'_>,
    id: &CaseId,
    ev: &EvidenceRow,
) -> std::result::Result<(), crate::store::StoreError> {
    Store::insert_evidence(tx, id, ev)?;
    crate::store::append_event(
        tx,
        id.as_str(),
        &ev.captured_at,
        &ev.added_by,
        EventKind::EvidenceAdded,
        Some(&ev.item_id),
        json!({
            "evidence_id": ev.id,
            "kind": if ev.is_file { "file" } else { "url" },
            "name": ev.name,
            "size": ev.size,
            "sha256": ev.sha256,
            "media_type": ev.media_type,
            "effective_date": ev.effective_date,
            "note": ev.note,
        }),
    )?;
    Store::touch_case(tx, id, &ev.captured_at)
}

/// A stored evidence row as the UI shows it.
fn evidence_from_row(e: EvidenceRow) -> Evidence {
    Evidence {
        id: e.id,
        item_id: e.item_id,
        kind: if e.is_file {
            EvidenceKind::File
        } else {
            EvidenceKind::Url
        },
        name: e.name,
        size: e.size.map(|s| s.max(0) as u64),
        sha256: e.sha256,
        media_type: e.media_type,
        captured_at: e.captured_at,
        effective_date: e.effective_date,
        added_by: e.added_by,
        note: e.note,
    }
}

/// A stored name made safe as one path component: no separators, no leading dot (which
/// would hide the file), never empty.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | '\0') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').trim();
    if cleaned.is_empty() {
        "evidence".into()
    } else {
        cleaned.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_file_name;

    #[test]
    fn a_stored_name_cannot_climb_out_of_its_folder_or_hide() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name(".bashrc"), "bashrc");
        assert_eq!(safe_file_name(".."), "evidence");
        assert_eq!(safe_file_name("scan 1.pdf"), "scan 1.pdf");
    }
}
