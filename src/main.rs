//! The `bonafide` command: argument parsing and printing only. Every operation is one call
//! into `bonafide::app::App`, the same core the desktop app uses, on the same data folder.
//! This file holds the top-level command line and the dispatch; each command group is a
//! module of [`cli`], and [`exit`] holds the exit statuses.

mod case_id;
mod cli;
mod exit;
mod folder;
mod json;
mod secrets;

use std::path::PathBuf;
use std::process::ExitCode;

use bonafide::app::{self, App};
use clap::{Parser, Subcommand};

use cli::{
    attention, audit, backup, case, checks, decide, evidence, export, item, key, lists, monitor,
};
use cli::{retention, screen, screening, signing, verify};
use exit::{Exit, Failure};

/// The command line: the options every command takes, and the command.
#[derive(Parser)]
#[command(
    name = "bonafide",
    version,
    about = "Due diligence on remote hires and vendors: cases, checklist, evidence, decisions"
)]
struct Cli {
    /// Data folder (default: the desktop app's, e.g. ~/.local/share/bonafide).
    #[arg(long, global = true, env = app::DATA_DIR_ENV, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Your name, recorded as "who" on every change (default: the saved name, else the login name).
    #[arg(long, global = true, env = app::USER_ENV, value_name = "NAME")]
    user: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// The commands, one per command group.
#[derive(Subcommand)]
enum Command {
    /// Everything that waits for a person, newest first: alerts, potential matches,
    /// stale decisions, critical items pending, overdue monitoring, stale lists, checks
    /// that did not run, tamper-check problems, unsigned exports.
    Attention(attention::AttentionArgs),
    /// Open, list, show and delete cases.
    #[command(subcommand)]
    Case(case::CaseCmd),
    /// Checklist items of a case.
    #[command(subcommand)]
    Item(item::ItemCmd),
    /// Evidence of a case's items: attach a file or link, list, take off, copy a file out.
    #[command(subcommand)]
    Evidence(evidence::EvidenceCmd),
    /// Record a decision on a case.
    Decide(decide::DecideArgs),
    /// Check the audit log and evidence files.
    #[command(subcommand)]
    Audit(audit::AuditCmd),
    /// Export the PDF due-diligence record of one case, or of every case.
    Export(export::ExportArgs),
    /// Screen one name against the loaded sanctions lists and the watchlist; nothing is
    /// stored. Exit status 3 when there is a potential match.
    Screen(screen::ScreenArgs),
    /// Sanctions lists: import files, show status, download updates, settings.
    #[command(subcommand)]
    Lists(lists::ListsCmd),
    /// A case's screening: show it, run it again, record dispositions, alerts.
    #[command(subcommand)]
    Screening(screening::ScreeningCmd),
    /// Automated checks of a case: domains, DNS, hosting, web history, website text,
    /// look-alikes, contact details, duplicates.
    #[command(subcommand)]
    Checks(checks::ChecksCmd),
    /// After hiring: import sign-in logs and device inventories into a case and show what
    /// they found (hosting or VPN networks, another country, impossible travel, hours,
    /// addresses shared with other cases, IP-KVMs, remote-access tools, VPN clients).
    #[command(subcommand)]
    Monitor(monitor::MonitorCmd),
    /// The retention period (default 10 years, OFAC's) and the cases past it. Nothing
    /// is deleted here: delete a case yourself with `case delete`, which asks first.
    Retention(retention::RetentionArgs),
    /// Write one backup archive of the database and every evidence file, with a
    /// manifest of SHA-256 hashes. Safe while the desktop app is running.
    Backup(backup::BackupArgs),
    /// Replace the data folder with a backup archive. The archive is checked completely
    /// first; the current data folder is kept beside it, renamed, never deleted. Close the
    /// desktop app first. The archive's key is unlocked from the keychain, else with its
    /// passphrase (BONAFIDE_PASSPHRASE or asked).
    Restore(backup::RestoreArgs),
    /// The data folder's encryption key: status, passphrase, recovery code.
    #[command(subcommand)]
    Key(key::KeyCmd),
    /// The organisation's signing identity and time-stamping authority.
    #[command(subcommand)]
    Signing(signing::SigningCmd),
    /// Check a PDF record: signed by a trusted signer, showing exactly its record, and
    /// still matching the stored case. Without a data folder, only --trust certificates
    /// are trusted and the case is not compared.
    /// Exit status: 0 verified, 4 the case changed since export, 5 the case is not in
    /// this data folder, 7 unsigned, 8 bad signature, 9 signer not trusted, 10 changed
    /// after signing, 11 pages do not match the record, 12 unreadable or too large.
    Verify(verify::VerifyArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let exit = match run(cli) {
        Ok(()) => Exit::Ok,
        Err(failure) => failure.report(),
    };
    exit.into()
}

/// Runs the command. `restore` and `key` work on the data folder itself, so they run
/// without opening it; every other command gets the opened app.
fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Restore(args) => backup::restore(cli.data_dir, cli.user, args),
        Command::Key(cmd) => key::run(&folder::data_dir(cli.data_dir)?, cmd, cli.user),
        // An auditor checking a record needs no data folder; one is not set up for it.
        Command::Verify(args) if !folder::exists(cli.data_dir.clone())? => verify::run_alone(args),
        command => {
            let app = folder::open(cli.data_dir, cli.user)?;
            let done = dispatch(&app, command);
            if done.is_ok() {
                // The daily anchor, when an authority is named and one is due; it never
                // changes what the command did or reports.
                let _ = app.anchor_if_due();
            }
            done
        }
    }
}

/// Hands a command that needs the opened app to its module.
fn dispatch(app: &App, command: Command) -> Result<(), Failure> {
    match command {
        Command::Attention(args) => attention::run(app, args),
        Command::Case(cmd) => case::run(app, cmd),
        Command::Item(cmd) => item::run(app, cmd),
        Command::Evidence(cmd) => evidence::run(app, cmd),
        Command::Decide(args) => decide::run(app, args),
        Command::Audit(cmd) => audit::run(app, cmd),
        Command::Export(args) => export::run(app, args),
        Command::Screen(args) => screen::run(app, args),
        Command::Lists(cmd) => lists::run(app, cmd),
        Command::Screening(cmd) => screening::run(app, cmd),
        Command::Checks(cmd) => checks::run(app, cmd),
        Command::Monitor(cmd) => monitor::run(app, cmd),
        Command::Retention(args) => retention::run(app, args),
        Command::Backup(args) => backup::backup(app, args),
        Command::Signing(cmd) => signing::run(app, cmd),
        Command::Verify(args) => verify::run(app, args),
        Command::Restore(_) | Command::Key(_) => {
            unreachable!("handled before the data folder is opened")
        }
    }
}
