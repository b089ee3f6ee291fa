//! TypeScript declarations of every type that crosses into the desktop UI, generated with
//! ts-rs. The desktop shell's tests compare them with the committed copy in
//! `ui/src/lib/api/bindings/` and fail when they are stale; `./x bindings` regenerates them.

use std::path::Path;

use ts_rs::{Config, ExportError, TS};

/// Writes the declaration files of every UI-facing type (and the types they use) into `dir`.
pub fn export_all(dir: &Path) -> Result<(), ExportError> {
    let cfg = Config::new().with_out_dir(dir);
    crate::app::AppInfo::export_all(&cfg)?;
    crate::app::CaseSummary::export_all(&cfg)?;
    crate::app::CaseView::export_all(&cfg)?;
    crate::app::DeletionImpact::export_all(&cfg)?;
    crate::app::AuditReport::export_all(&cfg)?;
    crate::backup::BackupReport::export_all(&cfg)?;
    crate::backup::RestoreReport::export_all(&cfg)?;
    crate::app::EvidenceDetails::export_all(&cfg)?;
    crate::app::ExportedRecord::export_all(&cfg)?;
    crate::app::RecordCheck::export_all(&cfg)?;
    crate::app::SigningStatus::export_all(&cfg)?;
    crate::app::Anchor::export_all(&cfg)?;
    crate::app::AnchorCheck::export_all(&cfg)?;
    crate::app::ListStatus::export_all(&cfg)?;
    crate::app::ImportReport::export_all(&cfg)?;
    crate::app::UpdateReport::export_all(&cfg)?;
    crate::app::ScreeningSettings::export_all(&cfg)?;
    crate::app::ScreeningView::export_all(&cfg)?;
    crate::app::AlertView::export_all(&cfg)?;
    crate::app::Attention::export_all(&cfg)?;
    crate::prefs::Preferences::export_all(&cfg)?;
    crate::app::KeyKeeping::export_all(&cfg)?;
    crate::app::Disposition::export_all(&cfg)?;
    crate::app::ChecksView::export_all(&cfg)?;
    crate::app::ChecksSettings::export_all(&cfg)?;
    crate::app::MonitorView::export_all(&cfg)?;
    crate::app::CarrierFill::export_all(&cfg)?;
    crate::app::ImportProgress::export_all(&cfg)?;
    crate::checks::CheckEvent::export_all(&cfg)?;
    crate::screening::download::DownloadProgress::export_all(&cfg)?;
    crate::audit::AuditEvent::export_all(&cfg)?;
    crate::model::CaseFilter::export_all(&cfg)?;
    crate::model::FieldError::export_all(&cfg)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn exports_every_type() {
        let dir = tempfile::tempdir().unwrap();
        super::export_all(dir.path()).unwrap();
        if let Some(out) = std::env::var_os("BONAFIDE_DUMP_BINDINGS") {
            super::export_all(std::path::Path::new(&out)).unwrap();
        }
        assert!(dir.path().join("CaseView.ts").is_file());
    }
}
