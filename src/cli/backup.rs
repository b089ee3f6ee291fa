//! `bonafide backup` and `bonafide restore`: one archive of the whole data folder, and
//! putting one back.

use std::path::{Path, PathBuf};

use bonafide::app::{App, Folder};
use bonafide::vault::Keychain;
use clap::Args;

use crate::exit::Failure;
use crate::folder::{data_dir, with_backup_key};
use crate::json::print_json;

/// What `backup` takes.
#[derive(Args)]
pub struct BackupArgs {
    /// The archive to write (e.g. bonafide-2026-11-24.tar).
    out: PathBuf,
    #[arg(long)]
    json: bool,
}

/// What `restore` takes.
#[derive(Args)]
pub struct RestoreArgs {
    /// The archive to restore.
    archive: PathBuf,
    /// Only check the archive; change nothing.
    #[arg(long)]
    check: bool,
    /// Unlock the archive with its recovery code (BONAFIDE_RECOVERY_CODE or asked).
    #[arg(long)]
    recovery_code: bool,
    #[arg(long)]
    json: bool,
}

/// Runs `backup`, warning about evidence files that no longer match their hashes.
pub fn backup(app: &App, args: BackupArgs) -> Result<(), Failure> {
    let report = app.backup(&args.out)?;
    if args.json {
        return print_json(&report);
    }
    println!(
        "backed up {} cases and {} stored files to {} ({} bytes)\nSHA-256 {}",
        report.cases, report.evidence_files, report.path, report.bytes, report.sha256
    );
    for sha in &report.altered_evidence {
        println!(
            "WARNING: evidence file {sha} no longer matches its hash; it is in the backup as found (see `bonafide audit verify`)"
        );
    }
    Ok(())
}

/// Runs `restore`. It never opens the data folder: it must work when the database there
/// is damaged, and it must not hold the database open while the folder is swapped.
/// `user` is recorded in the restored history as who restored it.
pub fn restore(
    data: Option<PathBuf>,
    user: Option<String>,
    args: RestoreArgs,
) -> Result<(), Failure> {
    if args.check {
        return check(&args.archive, args.recovery_code, args.json);
    }
    let folder = Folder::new(data_dir(data)?, Keychain::from_env());
    let (report, _key) = with_backup_key(args.recovery_code, |secret| {
        folder.restore(&args.archive, secret, user.as_deref())
    })?;
    if args.json {
        return print_json(&report);
    }
    println!(
        "restored {} cases and {} stored files from the backup made {}",
        report.cases, report.evidence_files, report.created_at
    );
    if let Some(why) = &report.not_recorded {
        println!("note: the restore could not be written into the restored history: {why}");
    }
    if let Some(previous) = &report.previous_data {
        println!(
            "the data it replaced is kept in {previous}; delete it when you no longer need it"
        );
    }
    Ok(())
}

/// `restore --check`: the whole archive is read and every hash compared; nothing changes.
fn check(archive: &Path, recovery: bool, json: bool) -> Result<(), Failure> {
    // Checking touches no folder; the keychain may still hold the backup's key.
    let keychain = Keychain::from_env();
    let m = with_backup_key(recovery, |secret| {
        Folder::check_backup(archive, &keychain, secret)
    })?;
    if json {
        return print_json(&m);
    }
    println!(
        "{} is a sound backup made {} by version {}: {} cases, {} files, every hash matches",
        archive.display(),
        m.created_at,
        m.app_version,
        m.cases,
        m.files.len()
    );
    Ok(())
}
