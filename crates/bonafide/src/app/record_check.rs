//! Verifying a PDF record someone hands back: the signature first (see the record
//! crate), then, when a data folder is open, the stored case. An auditor without a data
//! folder gets the same verdict on the signature, with the case left uncompared.

use super::{App, RecordCheck, RecordStatus};
use crate::error::{Error, Result};
use crate::model::CaseId;
use crate::record::{Record, Verified, VerifyOutcome, human_time, verify_pdf_bytes};
use crate::signing::Certificate;

fn empty(status: RecordStatus, message: String) -> RecordCheck {
    RecordCheck {
        status,
        message,
        case_id: None,
        subject: None,
        fingerprint: None,
        differences: Vec::new(),
        signer: None,
        trusted_by: None,
        exported_by: None,
        signed_at: None,
        time_source: None,
        time_trusted: false,
    }
}

/// The case and subject of the record a failed check is about, when readable.
fn about(mut check: RecordCheck, pdf: &[u8]) -> RecordCheck {
    let embedded = crate::record::extract_record(pdf)
        .ok()
        .and_then(|b| Record::from_bytes(&b).ok());
    check.case_id = embedded.as_ref().map(|r| r.case.id.clone());
    check.subject = embedded.map(|r| r.case.fields.display_name);
    check
}

/// The verdict on everything but the stored case: `Ok` with the verified record, or the
/// finished check that says why not.
fn signature_verdict(
    pdf: &[u8],
    anchors: &[Certificate],
) -> Result<std::result::Result<Verified, RecordCheck>> {
    let failed = |status, message: String| Ok(Err(about(empty(status, message), pdf)));
    match verify_pdf_bytes(pdf, anchors)? {
        VerifyOutcome::Verified(v) => Ok(Ok(*v)),
        VerifyOutcome::Unsigned(_) => failed(
            RecordStatus::Unsigned,
            "The PDF is not signed, so nothing shows who made it or that it is unchanged. \
             Ask for a signed export: Bona Fide signs every record once `bonafide signing \
             init` has been run."
                .into(),
        ),
        VerifyOutcome::BadSignature(why) => failed(
            RecordStatus::BadSignature,
            format!(
                "The signature does not hold ({why}). Do not rely on this record; ask the sender for the original file."
            ),
        ),
        VerifyOutcome::NotTrusted { signer, reason } => failed(
            RecordStatus::NotTrusted,
            format!(
                "Signed by {}, but not by a signer you trust: {reason}.",
                signer.organisation.unwrap_or(signer.subject)
            ),
        ),
        VerifyOutcome::ChangedAfterSigning(why) => failed(
            RecordStatus::ChangedAfterSigning,
            format!(
                "The PDF was changed after it was signed: {why}. Ask the sender for the original file."
            ),
        ),
        VerifyOutcome::PagesDoNotMatch(why) => failed(
            RecordStatus::PagesDoNotMatch,
            format!(
                "The PDF is signed, but what it shows is not its record: {why}. Do not rely on it."
            ),
        ),
    }
}

/// The check of a verified record, before any comparison with a stored case, and the
/// sentence saying who signed when, which the comparison's message continues.
fn signed_check(v: &Verified) -> (RecordCheck, String) {
    let sig = &v.signature;
    let (signed_at, time_source) = match &sig.time_stamp {
        Some(ts) => (
            ts.time.clone(),
            format!(
                "time from {}{}",
                ts.authority,
                if sig.time_stamp_trusted {
                    ""
                } else {
                    ", a time-stamping authority you have not said you trust"
                }
            ),
        ),
        None => (
            v.generated_at.clone(),
            "time from the exporting computer's own clock; no time-stamping authority vouches for it".into(),
        ),
    };
    let organisation = sig
        .signer
        .organisation
        .clone()
        .unwrap_or(sig.signer.subject.clone());
    let signed = format!(
        "Signed by {organisation} at {} ({time_source}), exported by {}",
        human_time(&signed_at),
        v.exported_by
    );
    let mut check = empty(
        RecordStatus::NotCompared,
        format!("{signed}; not compared with a stored case."),
    );
    check.case_id = Some(v.record.case.id.clone());
    check.subject = Some(v.record.case.fields.display_name.clone());
    check.fingerprint = Some(v.record.fingerprint());
    check.signer = Some(organisation.clone());
    check.trusted_by = Some(sig.anchor.sha256.clone());
    check.exported_by = Some(v.exported_by.clone());
    check.signed_at = Some(signed_at);
    check.time_source = Some(time_source);
    check.time_trusted = sig.time_stamp.is_some() && sig.time_stamp_trusted;
    (check, signed)
}

/// Reads a PDF someone hands in for verification, refusing one larger than any record
/// before reading it, and reading no more than that even if it grows meanwhile.
pub fn read_record_file(path: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let file_err = |source| Error::File {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(file_err)?;
    let len = file.metadata().map_err(file_err)?.len();
    let max = crate::record::MAX_PDF_BYTES as u64;
    if len > max {
        return Err(crate::record::VerifyError::TooLarge(len).into());
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(file_err)?;
    Ok(bytes)
}

/// Reads certificate files given with `--trust`.
pub fn trust_files(files: &[std::path::PathBuf]) -> Result<Vec<Certificate>> {
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).map_err(|source| Error::File {
            path: f.clone(),
            source,
        })?;
        let certs = crate::signing::certificate_from_pem(&bytes)
            .map_err(|e| Error::invalid("trust", format!("{}: {e}", f.display())))?;
        out.extend(certs);
    }
    Ok(out)
}

/// Verifies a PDF record with no data folder: only `trusted` certificates are trusted.
pub fn verify_record(pdf: &[u8], trusted: &[Certificate]) -> Result<RecordCheck> {
    Ok(match signature_verdict(pdf, trusted)? {
        Ok(v) => signed_check(&v).0,
        Err(check) => check,
    })
}

impl App {
    /// Verifies a PDF record: its signature against this folder's records CAs and
    /// `trusted`, then against the stored case.
    pub fn verify_pdf(&self, pdf: &[u8], trusted: &[Certificate]) -> Result<RecordCheck> {
        let mut anchors = self.own_cas()?;
        anchors.extend(trusted.iter().cloned());
        let v = match signature_verdict(pdf, &anchors)? {
            Ok(v) => v,
            Err(check) => return Ok(check),
        };
        let (mut check, signed) = signed_check(&v);
        let fingerprint = v.record.fingerprint();
        match CaseId::parse(&v.record.case.id).map(|id| self.record(&id)) {
            Some(Ok(now)) if now.fingerprint() == fingerprint => {
                check.status = RecordStatus::Verified;
                check.message = format!(
                    "Verified. {signed}; identical to the stored case (fingerprint {}…).",
                    &fingerprint[..16]
                );
            }
            Some(Ok(now)) => {
                check.status = RecordStatus::CaseChanged;
                check.differences = v.record.differences(&now);
                check.message = format!(
                    "{signed}; intact, but the case changed since this record was exported ({}).",
                    check.differences.join("; ")
                );
            }
            Some(Err(Error::CaseNotFound(_))) | None => {
                check.status = RecordStatus::CaseNotFound;
                check.message = format!(
                    "{signed}; intact, but this data folder has no such case to compare it with."
                );
            }
            Some(Err(e)) => return Err(e),
        }
        Ok(check)
    }
}
