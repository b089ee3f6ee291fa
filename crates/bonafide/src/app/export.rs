//! The record of a case leaving the app, and coming back: rendering and exporting the PDF
//! (and its canonical JSON), naming the files, and verifying a PDF someone hands back.
//!
//! Every export is written to a temporary file and renamed, so a reader never sees half a
//! record, and each PDF export is itself recorded in the case's audit log.

use std::path::Path;

use serde_json::json;

use super::{App, ExportedRecord};
use crate::audit::EventKind;
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{CaseFilter, CaseId, fold_for_search};
use bonafide_base::files::replace_file;

/// Who exports, and with what the records are signed.
struct Signer {
    actor: String,
    identity: Option<crate::signing::Identity>,
    tsa: Option<super::signing::HttpTimeStamper>,
}

/// A rendered record and what its signing found.
struct Rendered {
    pdf: Vec<u8>,
    fingerprint: String,
    signed_by: Option<String>,
    time_stamp: Option<String>,
    note: Option<String>,
}

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
    /// Renders the PDF record of a case into memory, signed when the folder has a signing
    /// identity, with its fingerprint.
    pub fn render_record(&self, id: &CaseId) -> Result<(Vec<u8>, String)> {
        let rendered = self.render_signed(&self.signer()?, id)?;
        Ok((rendered.pdf, rendered.fingerprint))
    }

    /// The signing identity and time-stamping client, read and built once for however
    /// many records an export writes.
    fn signer(&self) -> Result<Signer> {
        Ok(Signer {
            actor: self.actor()?,
            identity: self.signing_identity()?,
            tsa: self.time_stamper()?,
        })
    }

    /// Renders the record and signs it (time-stamped when an authority is named).
    fn render_signed(&self, signer: &Signer, id: &CaseId) -> Result<Rendered> {
        let record = self.record(id)?;
        let generated_at = clock::now();
        let fingerprint = record.fingerprint();
        let Some(identity) = &signer.identity else {
            return Ok(Rendered {
                pdf: crate::record::render_pdf(&record, &generated_at)?,
                fingerprint,
                signed_by: None,
                time_stamp: None,
                note: Some(
                    "unsigned: this data folder has no signing identity, so nobody can check \
                     who made the record; set one up with `bonafide signing init --org NAME` \
                     (or in Settings, Signing) and export again"
                        .into(),
                ),
            });
        };
        let appearance = crate::record::Appearance {
            organisation: identity.organisation(),
            exporter: signer.actor.clone(),
            generated_at,
        };
        let tsa_ref = signer
            .tsa
            .as_ref()
            .map(|t| t as &dyn crate::signing::TimeStamper);
        let (pdf, signed) = crate::record::sign_record(&record, &appearance, identity, tsa_ref)?;
        Ok(Rendered {
            pdf,
            fingerprint,
            signed_by: Some(appearance.organisation),
            time_stamp: signed
                .time_stamp
                .map(|t| format!("{} by {}", t.time, t.authority)),
            note: signed.time_stamp_error.map(|why| {
                format!(
                    "no time-stamp: the time-stamping authority {why}; the record is signed with \
                     this computer's clock as its only time"
                )
            }),
        })
    }

    /// Exports the PDF record of a case to `path` (written to a temporary file first, then
    /// renamed, so a reader never sees half a file) and records the export in the audit
    /// log.
    pub fn export_pdf(&self, id: &CaseId, path: &Path) -> Result<ExportedRecord> {
        let done = self.export_signed(&self.signer()?, id, path)?;
        self.anchor_if_time_stamped();
        Ok(done)
    }

    /// One export with a signer already built; the caller anchors the history.
    fn export_signed(&self, signer: &Signer, id: &CaseId, path: &Path) -> Result<ExportedRecord> {
        let rendered = self.render_signed(signer, id)?;
        let (pdf, fingerprint) = (&rendered.pdf, rendered.fingerprint.clone());
        write_atomically(path, pdf)?;
        let now = clock::now();
        self.store().write(|tx| {
            crate::store::append_event(
                tx,
                id.as_str(),
                &now,
                &signer.actor,
                EventKind::RecordExported,
                None,
                json!({
                    "fingerprint": fingerprint,
                    "file": path.file_name().map(|n| n.to_string_lossy().into_owned()),
                    "signed_by": rendered.signed_by,
                    "time_stamp": rendered.time_stamp,
                }),
            )?;
            Ok(())
        })?;
        Ok(ExportedRecord {
            case_id: id.to_string(),
            path: path.display().to_string(),
            fingerprint,
            bytes: pdf.len() as u64,
            signed_by: rendered.signed_by,
            time_stamp: rendered.time_stamp,
            signing_note: rendered.note,
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
        let signer = self.signer()?;
        let mut out = Vec::with_capacity(cases.len());
        for c in cases {
            let name = self.default_record_name(&c.id)?;
            out.push(self.export_signed(&signer, &c.id, &dir.join(name))?);
        }
        // One anchor for the batch, not one time-stamp request per record.
        self.anchor_if_time_stamped();
        Ok(out)
    }
}

/// Writes `bytes` to a temporary file beside `path`, flushes it, and renames it into place.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    replace_file(path, bytes).map_err(|source| Error::File {
        path: path.to_path_buf(),
        source,
    })
}
