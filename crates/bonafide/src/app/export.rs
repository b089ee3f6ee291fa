//! The record of a case leaving the app, and coming back: rendering and exporting the PDF
//! (and its canonical JSON), naming the files, and verifying a PDF someone hands back.
//!
//! Every export is written to a temporary file and renamed, so a reader never sees half a
//! record, and each PDF export is itself recorded in the case's audit log.

use std::path::Path;

use serde_json::json;

use super::{App, ExportedRecord, RecordCheck, RecordStatus};
use crate::audit::EventKind;
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{CaseFilter, CaseId, fold_for_search};
use bonafide_base::files::replace_file;

/// A file name a compliance officer can find: subject, date, case id.
pub fn record_file_name(subject: &str, date: &str, case_id: &str) -> String {
    let folded = fold_for_search(subject);
    let mut slug = String::new();
    for c in folded.chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = if slug.is_empty() {
        "case".to_string()
    } else {
        slug
    };
    format!("{slug}_{date}_{}.pdf", case_id.get(..8).unwrap_or(case_id))
}

impl App {
    /// Renders the PDF record of a case into memory, with its fingerprint.
    pub fn render_record(&self, id: &CaseId) -> Result<(Vec<u8>, String)> {
        let record = self.record(id)?;
        let pdf = crate::record::render_pdf(&record, &clock::now())?;
        Ok((pdf, record.fingerprint()))
    }

    /// Exports the PDF record of a case to `path` (written to a temporary file first, then
    /// renamed, so a reader never sees half a file) and records the export in the audit
    /// log.
    pub fn export_pdf(&self, id: &CaseId, path: &Path) -> Result<ExportedRecord> {
        let (pdf, fingerprint) = self.render_record(id)?;
        write_atomically(path, &pdf)?;
        let now = clock::now();
        let actor = self.actor()?;
        self.store().write(|tx| {
            crate::store::append_event(
                tx,
                id.as_str(),
                &now,
                &actor,
                EventKind::RecordExported,
                None,
                json!({
                    "fingerprint": fingerprint,
                    "file": path.file_name().map(|n| n.to_string_lossy().into_owned()),
                }),
            )?;
            Ok(())
        })?;
        Ok(ExportedRecord {
            case_id: id.to_string(),
            path: path.display().to_string(),
            fingerprint,
            bytes: pdf.len() as u64,
        })
    }

    /// Writes the canonical record of a case (the bytes embedded in its PDF) to `path`.
    pub fn export_json(&self, id: &CaseId, path: &Path) -> Result<String> {
        let record = self.record(id)?;
        write_atomically(path, &record.canonical_bytes())?;
        Ok(record.fingerprint())
    }

    /// The file name the PDF of a case gets by default.
    pub fn default_record_name(&self, id: &CaseId) -> Result<String> {
        let row = self.case_row(id)?;
        Ok(record_file_name(
            &row.fields.display_name,
            &clock::now()[..10],
            id.as_str(),
        ))
    }

    /// Exports every case into `dir`, one PDF each, named by subject, date and case id.
    pub fn export_all(&self, dir: &Path) -> Result<Vec<ExportedRecord>> {
        std::fs::create_dir_all(dir).map_err(|source| Error::File {
            path: dir.to_path_buf(),
            source,
        })?;
        let cases = self.list_cases(&CaseFilter::default())?;
        let mut out = Vec::with_capacity(cases.len());
        for c in cases {
            let name = self.default_record_name(&c.id)?;
            out.push(self.export_pdf(&c.id, &dir.join(name))?);
        }
        Ok(out)
    }

    /// Verifies a PDF record on its own, then against this data folder.
    pub fn verify_pdf(&self, pdf: &[u8]) -> Result<RecordCheck> {
        use crate::record::{VerifyOutcome, verify_pdf_bytes};
        let record = match verify_pdf_bytes(pdf)? {
            VerifyOutcome::Altered(reason) => {
                let embedded = crate::record::extract_record(pdf)
                    .ok()
                    .and_then(|b| crate::record::Record::from_bytes(&b).ok());
                return Ok(RecordCheck {
                    status: RecordStatus::Altered,
                    message: format!("The PDF was altered: {reason}."),
                    case_id: embedded.as_ref().map(|r| r.case.id.clone()),
                    subject: embedded.map(|r| r.case.fields.display_name),
                    fingerprint: None,
                    differences: Vec::new(),
                });
            }
            VerifyOutcome::Intact(r) => *r,
        };
        let fingerprint = record.fingerprint();
        let mut check = RecordCheck {
            status: RecordStatus::Verified,
            message: String::new(),
            case_id: Some(record.case.id.clone()),
            subject: Some(record.case.fields.display_name.clone()),
            fingerprint: Some(fingerprint.clone()),
            differences: Vec::new(),
        };
        let current = CaseId::parse(&record.case.id).map(|id| self.record(&id));
        match current {
            Some(Ok(now)) if now.fingerprint() == fingerprint => {
                check.message = format!(
                    "Verified: the PDF is intact and matches the stored case (fingerprint {}…).",
                    &fingerprint[..16]
                );
            }
            Some(Ok(now)) => {
                check.status = RecordStatus::CaseChanged;
                check.differences = record.differences(&now);
                check.message = format!(
                    "The PDF is intact, but the case changed since this record was exported ({}).",
                    check.differences.join("; ")
                );
            }
            Some(Err(Error::CaseNotFound(_))) | None => {
                check.status = RecordStatus::CaseNotFound;
                check.message =
                    "The PDF is intact, but this data folder has no such case to compare it with."
                        .into();
            }
            Some(Err(e)) => return Err(e),
        }
        Ok(check)
    }
}

/// Writes `bytes` to a temporary file beside `path`, flushes it, and renames it into place.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    replace_file(path, bytes).map_err(|source| Error::File {
        path: path.to_path_buf(),
        source,
    })
}
