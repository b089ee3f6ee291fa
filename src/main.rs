//! The `bonafide` command: argument parsing and printing only. Every operation is one call
//! into `bonafide::app::App`, the same core the desktop app uses, on the same data folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bonafide::app::{self, App, CaseView, Disposition, EvidenceDetails};
use bonafide::model::{CaseFields, Decision, Outcome, SubjectKind};
use bonafide::screening::lists::ListSource;
use bonafide::model::{CaseFilter, StatusFilter};
use bonafide::app::{Access, BackupSecret, Folder, Secret, needs_secret};
use bonafide::vault::{self, DataKey, FolderState, Keychain, VaultError};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;
use zeroize::Zeroizing;

/// The passphrase, for scripts (an interactive terminal is asked instead). Also the
/// passphrase a new data folder is set up with.
const PASSPHRASE_ENV: &str = "BONAFIDE_PASSPHRASE";
/// A new passphrase for `key passphrase` and `key recover`, for scripts.
const NEW_PASSPHRASE_ENV: &str = "BONAFIDE_NEW_PASSPHRASE";
/// The recovery code for `key recover` and `restore --recovery-code`, for scripts.
const RECOVERY_CODE_ENV: &str = "BONAFIDE_RECOVERY_CODE";

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

#[derive(Subcommand)]
enum Command {
    /// Open, list, show and delete cases.
    #[command(subcommand)]
    Case(CaseCmd),
    /// Checklist items of a case.
    #[command(subcommand)]
    Item(ItemCmd),
    /// Attach evidence to an item.
    #[command(subcommand)]
    Evidence(EvidenceCmd),
    /// Record a decision on a case.
    Decide {
        /// Case id (or a unique prefix of 8+ characters).
        case: String,
        #[arg(long, value_enum)]
        decision: DecisionArg,
        /// Why; required.
        #[arg(long)]
        rationale: String,
        /// Who signs the decision off; required.
        #[arg(long)]
        reviewer: String,
    },
    /// Check the audit log and evidence files.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Export the PDF due-diligence record of one case, or of every case.
    Export {
        /// Case id (or a unique prefix); leave out with --all.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        case: Option<String>,
        /// Where to write the PDF.
        #[arg(long, value_name = "OUT.pdf", required_unless_present = "all")]
        pdf: Option<PathBuf>,
        /// Also write the canonical record (the bytes embedded in the PDF).
        #[arg(long, value_name = "OUT.json", conflicts_with = "all")]
        json: Option<PathBuf>,
        /// Export every case, one PDF each, into --dir.
        #[arg(long, requires = "dir")]
        all: bool,
        /// Folder for --all.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Screen one name against the loaded sanctions lists and the watchlist; nothing is
    /// stored. Exit status 3 when there is a potential match.
    Screen {
        /// The name, in any script.
        name: String,
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Report matches at or above this score (0–1; default: the review threshold).
        #[arg(long)]
        threshold: Option<f32>,
        #[arg(long)]
        json: bool,
    },
    /// Sanctions lists: import files, show status, download updates, settings.
    #[command(subcommand)]
    Lists(ListsCmd),
    /// A case's screening: show it, run it again, record dispositions, alerts.
    #[command(subcommand)]
    Screening(ScreeningCmd),
    /// Automated checks of a case: domains, DNS, hosting, web history, website text,
    /// look-alikes, contact details, duplicates.
    #[command(subcommand)]
    Checks(ChecksCmd),
    /// The retention period (default 10 years, OFAC's) and the cases past it. Nothing
    /// is deleted here: delete a case yourself with `case delete`, which asks first.
    Retention {
        /// Set the period in years (1–100).
        #[arg(long)]
        years: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Write one backup archive of the database and every evidence file, with a
    /// manifest of SHA-256 hashes. Safe while the desktop app is running.
    Backup {
        /// The archive to write (e.g. bonafide-2026-11-24.tar).
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Replace the data folder with a backup archive. The archive is checked completely
    /// first; the current data folder is kept beside it, renamed, never deleted. Close the
    /// desktop app first. The archive's key is unlocked from the keychain, else with its
    /// passphrase (BONAFIDE_PASSPHRASE or asked).
    Restore {
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
    },
    /// The data folder's encryption key: status, passphrase, recovery code.
    #[command(subcommand)]
    Key(KeyCmd),
    /// Check a PDF record: intact, and still matching the stored case.
    /// Exit status: 0 verified, 3 the PDF was altered, 4 the case changed since export,
    /// 5 intact but the case is not in this data folder.
    Verify {
        /// The PDF to check.
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum KeyCmd {
    /// Whether the folder is set up, how it unlocks, and whether the keychain holds its key.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Set or change the passphrase (BONAFIDE_NEW_PASSPHRASE or asked twice).
    Passphrase {
        /// Remove the passphrase instead (only while the keychain holds the key).
        #[arg(long)]
        remove: bool,
    },
    /// Unlock with the recovery code (BONAFIDE_RECOVERY_CODE or asked), then keep the key
    /// in this computer's keychain and, where there is none, set a new passphrase.
    Recover,
    /// Replace the recovery code; the old one stops working. Shown once: write it down.
    NewRecoveryCode,
}

#[derive(Subcommand)]
enum CaseCmd {
    /// Open a new case; prints its id.
    New(NewCase),
    /// List cases, most recently changed first.
    List {
        /// Only cases whose names, e-mails, phones or websites contain this text.
        #[arg(long)]
        search: Option<String>,
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        #[arg(long)]
        json: bool,
    },
    /// Show a case: subject, progress, risk summary, decision.
    Show {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a case and everything in it (the deletion is kept in the audit log).
    Delete {
        case: String,
        /// Confirm the deletion.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args)]
struct NewCase {
    #[arg(long, value_enum)]
    kind: KindArg,
    /// Display name of the person or company.
    #[arg(long)]
    name: String,
    #[arg(long)]
    role: Option<String>,
    #[arg(long = "email", value_name = "E")]
    emails: Vec<String>,
    #[arg(long = "phone", value_name = "P")]
    phones: Vec<String>,
    /// Claimed country, ISO 3166 two-letter code.
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    #[arg(long = "website", value_name = "URL")]
    websites: Vec<String>,
    #[arg(long)]
    company: Option<String>,
    /// Alias or the name in another script (repeatable).
    #[arg(long = "alias", value_name = "NAME")]
    aliases: Vec<String>,
    #[arg(long = "wallet", value_name = "ADDRESS")]
    wallets: Vec<String>,
    /// Date of birth, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    dob: Option<String>,
}

#[derive(Subcommand)]
enum ItemCmd {
    /// List the items of a case with their outcomes.
    List {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Set an item's outcome (and note).
    Set {
        case: String,
        item: String,
        #[arg(long, value_enum)]
        outcome: OutcomeArg,
        /// Note; required as the reason when the outcome is not_applicable.
        #[arg(long)]
        note: Option<String>,
    },
    /// Show who changed an item, when, and how.
    History {
        case: String,
        item: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum EvidenceCmd {
    /// Attach a file (copied into the data folder and hashed) or an http(s) link.
    Add {
        case: String,
        item: String,
        /// A file path, or a web address starting with http:// or https://.
        file: String,
        /// When the thing the evidence shows happened.
        #[arg(long, value_name = "YYYY-MM-DD")]
        effective_date: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Subcommand)]
enum ListsCmd {
    /// Load list files: the OFAC CSV set (sdn.csv with alt.csv, add.csv, sdn_comments.csv),
    /// OFAC SDN.XML or CONSOLIDATED.XML, the UN consolidated XML, the UK Sanctions List CSV.
    /// Cases are re-screened; new potential matches raise alerts.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Show each list: source, publish date, SHA-256, counts, when loaded, staleness.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Download the lists from their configured addresses and load those that changed.
    /// A failed download keeps the version in force. Exit status 3 if any failed.
    Update {
        /// Only this list (repeatable): ofac_sdn, ofac_consolidated, un_consolidated,
        /// uk_sanctions_list.
        #[arg(long = "list", value_name = "LIST")]
        lists: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show or change screening settings.
    Config {
        /// Days after which a list is flagged stale.
        #[arg(long, value_name = "DAYS")]
        max_age_days: Option<i64>,
        /// Score at which a name match needs review (0.5–1).
        #[arg(long, value_name = "T")]
        review_threshold: Option<f32>,
        /// Score at which a name match is strong (0.5–1).
        #[arg(long, value_name = "T")]
        strong_threshold: Option<f32>,
        /// Years after a decision during which cases are still re-screened.
        #[arg(long, value_name = "YEARS")]
        retention_years: Option<i64>,
        /// Download address of a list, as LIST=URL (repeatable).
        #[arg(long = "url", value_name = "LIST=URL")]
        urls: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ScreeningCmd {
    /// Show the latest screening of a case with every potential match and why.
    Show {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Screen a case again now.
    Run {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Record a disposition for a potential match (see `screening show` for LIST and ENTRY).
    Dispose {
        case: String,
        /// List of the match: ofac_sdn, un_consolidated, … or watchlist.
        list: String,
        /// Entry id on that list.
        entry: String,
        #[arg(long = "as", value_enum)]
        disposition: DispositionArg,
        /// Why: which identifying details agree or differ.
        #[arg(long)]
        rationale: String,
    },
    /// Open alerts from re-screening, across all cases.
    Alerts {
        #[arg(long)]
        json: bool,
    },
    /// Acknowledge an alert.
    Ack { case: String, alert: i64 },
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
enum DispositionArg {
    TrueMatch,
    FalsePositive,
    NeedsReview,
}

#[derive(Subcommand)]
enum ChecksCmd {
    /// Run every check of a case (or only the named ones), concurrently, and show the
    /// results. Exit status 3 when a check found a red flag, 6 when one did not run.
    Run {
        /// Case id (or a unique prefix).
        case: String,
        /// Run no network check; they are recorded as "not run — offline".
        #[arg(long)]
        offline: bool,
        /// Only these checks (keys as shown by `checks show`, e.g. registration:acme.com).
        #[arg(long = "only")]
        only: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show a case's latest check results and proposals.
    Show {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Write a raw answer kept as evidence to standard output.
    Response {
        /// Its SHA-256, as shown in the results.
        sha256: String,
    },
    /// Refresh the RDAP bootstrap files (which server answers for which domain).
    BootstrapUpdate,
    /// Show or change where the checks look things up.
    Config {
        #[arg(long)]
        rdap_domain_url: Option<String>,
        #[arg(long)]
        rdap_ip_url: Option<String>,
        #[arg(long)]
        bootstrap_url: Option<String>,
        #[arg(long)]
        wayback_url: Option<String>,
        #[arg(long)]
        crtsh_url: Option<String>,
        /// DNS server as ip:port; empty for the system's.
        #[arg(long)]
        resolver: Option<String>,
        /// Seconds one check may take (0 for the default).
        #[arg(long)]
        timeout_secs: Option<u64>,
        /// Let candidate-supplied addresses reach private and loopback addresses (testing only).
        #[arg(long)]
        allow_private_addresses: Option<bool>,
        /// Addresses allowed despite the guard, comma-separated (a local test server).
        #[arg(long)]
        guard_exempt: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// Check every hash chain and re-hash every evidence file.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Person,
    Company,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusArg {
    Open,
    Decided,
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
enum OutcomeArg {
    Pending,
    Pass,
    Concern,
    Fail,
    NotApplicable,
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
enum DecisionArg {
    Proceed,
    ProceedWithConditions,
    DoNotProceed,
    Escalate,
}

impl From<OutcomeArg> for Outcome {
    fn from(o: OutcomeArg) -> Self {
        match o {
            OutcomeArg::Pending => Outcome::Pending,
            OutcomeArg::Pass => Outcome::Pass,
            OutcomeArg::Concern => Outcome::Concern,
            OutcomeArg::Fail => Outcome::Fail,
            OutcomeArg::NotApplicable => Outcome::NotApplicable,
        }
    }
}

impl From<DecisionArg> for Decision {
    fn from(d: DecisionArg) -> Self {
        match d {
            DecisionArg::Proceed => Decision::Proceed,
            DecisionArg::ProceedWithConditions => Decision::ProceedWithConditions,
            DecisionArg::DoNotProceed => Decision::DoNotProceed,
            DecisionArg::Escalate => Decision::Escalate,
        }
    }
}

/// Failures the CLI reports: a core error, or a refusal of its own.
enum Failure {
    Core(bonafide::Error),
    Usage(String),
    /// A check ran and found problems; already printed.
    Found,
    /// A check ran and found problems; exit with this status.
    FoundWith(u8),
}

impl From<bonafide::Error> for Failure {
    fn from(e: bonafide::Error) -> Self {
        Failure::Core(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Core(e)) => {
            eprintln!("bonafide: {e}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(m)) => {
            eprintln!("bonafide: {m}");
            ExitCode::from(2)
        }
        Err(Failure::Found) => ExitCode::from(3),
        Err(Failure::FoundWith(code)) => ExitCode::from(code),
    }
}

fn data_dir(cli: &Cli) -> Result<PathBuf, Failure> {
    cli.data_dir
        .clone()
        .or_else(app::default_data_dir)
        .ok_or_else(|| {
            Failure::Usage("no data folder could be determined; pass --data-dir DIR".into())
        })
}

fn open(cli: &Cli) -> Result<App, Failure> {
    let dir = data_dir(cli)?;
    let key = folder_key(&dir)?;
    Ok(App::open(&dir, &key, cli.user.clone())?)
}

fn secret_from_env(name: &str) -> Option<Zeroizing<String>> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .map(Zeroizing::new)
}

fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks for a secret without echo, when someone is at a terminal.
fn ask(prompt: &str) -> Result<Option<Zeroizing<String>>, Failure> {
    if !interactive() {
        return Ok(None);
    }
    rpassword::prompt_password(prompt)
        .map(|p| Some(Zeroizing::new(p)))
        .map_err(|e| Failure::Usage(format!("cannot read from the terminal: {e}")))
}

/// A new passphrase: from the environment, or asked twice.
fn new_passphrase(env: &str) -> Result<Option<Zeroizing<String>>, Failure> {
    if let Some(p) = secret_from_env(env) {
        return Ok(Some(p));
    }
    let Some(first) = ask(&format!(
        "Choose a passphrase ({} characters or more): ",
        vault::MIN_PASSPHRASE_CHARS
    ))?
    else {
        return Ok(None);
    };
    let again = ask("The same passphrase again: ")?.unwrap_or_default();
    if *first != *again {
        return Err(Failure::Usage(
            "the two passphrases differ; nothing was changed".into(),
        ));
    }
    Ok(Some(first))
}

fn show_recovery_code(code: &vault::RecoveryCode) {
    eprintln!(
        "\nRECOVERY CODE (shown once; write it down and keep it apart from this computer):\n\n    {}\n\n\
         It opens this data folder and its backups if the passphrase is forgotten or the \
         keychain is lost. Anyone holding it can read the data.\n",
        code.as_str()
    );
}

/// The key of `dir`: set up on first use, else from the keychain, else the passphrase.
fn folder_key(dir: &Path) -> Result<DataKey, Failure> {
    let folder = Folder::new(dir, Keychain::from_env());
    match folder.access()? {
        Access::Unlocked(key) => Ok(key),
        Access::NotSetUp { existing_data } => {
            let passphrase = match secret_from_env(PASSPHRASE_ENV) {
                Some(p) => Some(p),
                None if !folder.set_up_needs_passphrase() => None,
                None => new_passphrase(PASSPHRASE_ENV)?,
            };
            let set = folder.set_up(passphrase.as_deref().map(|p| p.as_str()))?;
            eprintln!(
                "set up encryption for {}{}",
                dir.display(),
                if existing_data {
                    "; encrypting the data already there"
                } else {
                    ""
                }
            );
            show_recovery_code(&set.recovery_code);
            Ok(set.key)
        }
        Access::Locked { .. } => {
            let passphrase = match secret_from_env(PASSPHRASE_ENV) {
                Some(p) => p,
                None => ask(&format!("Passphrase for {}: ", dir.display()))?.ok_or_else(|| {
                    Failure::Usage(format!(
                        "{} is locked: run this in a terminal to be asked for its passphrase, or set \
                         {PASSPHRASE_ENV}; if it is lost, use `bonafide key recover`",
                        dir.display()
                    ))
                })?,
            };
            Ok(folder.unlock(Secret::Passphrase {
                passphrase: &passphrase,
                keep_in_keychain: false,
            })?)
        }
    }
}

fn key_command(cli: &Cli, cmd: &KeyCmd) -> Result<(), Failure> {
    let dir = data_dir(cli)?;
    let keychain = Keychain::from_env();
    let vault_err = |e: VaultError| Failure::Core(e.into());
    match cmd {
        KeyCmd::Status { json } => {
            let state = vault::state(&dir).map_err(vault_err)?;
            let in_keychain = match &state {
                FolderState::Locked { key_id, .. } => keychain.holds(key_id),
                FolderState::NotSetUp { .. } => false,
            };
            if *json {
                return print_json(&serde_json::json!({
                    "folder": dir.display().to_string(),
                    "status": state,
                    "keychain_available": keychain.is_available(),
                    "in_keychain": in_keychain,
                }));
            }
            match state {
                FolderState::NotSetUp { existing_data } => println!(
                    "{} is not set up for encryption yet{}; the next command sets it up",
                    dir.display(),
                    if existing_data {
                        " (its data is still in the clear)"
                    } else {
                        ""
                    }
                ),
                FolderState::Locked { key_id, passphrase } => println!(
                    "{} is encrypted (key {key_id}); unlocks with: {}{}the recovery code",
                    dir.display(),
                    if in_keychain {
                        "this computer's keychain, "
                    } else {
                        ""
                    },
                    if passphrase { "the passphrase, " } else { "" },
                ),
            }
        }
        KeyCmd::Passphrase { remove } => {
            let key = folder_key(&dir)?;
            if *remove {
                vault::set_passphrase(&dir, &key, None, &keychain).map_err(vault_err)?;
                println!("the passphrase is removed; this computer's keychain unlocks the folder");
            } else {
                let p = new_passphrase(NEW_PASSPHRASE_ENV)?.ok_or_else(|| {
                    Failure::Usage(format!(
                        "run this in a terminal to choose the passphrase, or set {NEW_PASSPHRASE_ENV}"
                    ))
                })?;
                vault::set_passphrase(&dir, &key, Some(&p), &keychain).map_err(vault_err)?;
                println!("the passphrase is changed; backups made before keep the old one");
            }
        }
        KeyCmd::Recover => {
            let code = match secret_from_env(RECOVERY_CODE_ENV) {
                Some(c) => c,
                None => ask("Recovery code: ")?.ok_or_else(|| vault_err(VaultError::Locked))?,
            };
            let new = if keychain.is_available() {
                secret_from_env(NEW_PASSPHRASE_ENV)
            } else {
                new_passphrase(NEW_PASSPHRASE_ENV)?
            };
            let (_, kept) =
                vault::recover(&dir, &code, new.as_deref().map(|p| p.as_str()), &keychain)
                    .map_err(vault_err)?;
            if kept {
                println!("unlocked; this computer's keychain now holds the key");
            }
            if new.is_some() {
                println!("unlocked; the new passphrase is set");
            }
        }
        KeyCmd::NewRecoveryCode => {
            let key = folder_key(&dir)?;
            let code = vault::new_recovery_code(&dir, &key).map_err(vault_err)?;
            show_recovery_code(&code);
            println!("the old recovery code no longer opens this folder (older backups keep it)");
        }
    }
    Ok(())
}

/// Runs `f` with the secret of a backup the person gave: the recovery code (with
/// `recovery`), else a passphrase from the environment, else none, so the keychain is
/// tried; when that is not enough, the backup's passphrase is asked for at a terminal and
/// `f` runs once more. The order itself is [`Folder`]'s.
fn with_backup_key<T>(
    recovery: bool,
    f: impl Fn(BackupSecret<'_>) -> bonafide::Result<T>,
) -> Result<T, Failure> {
    if recovery {
        let code = match secret_from_env(RECOVERY_CODE_ENV) {
            Some(c) => c,
            None => ask("Recovery code of the backup: ")?
                .ok_or_else(|| Failure::Core(VaultError::Locked.into()))?,
        };
        return Ok(f(BackupSecret {
            recovery_code: Some(&code),
            ..BackupSecret::default()
        })?);
    }
    let passphrase = secret_from_env(PASSPHRASE_ENV);
    let given = BackupSecret {
        passphrase: passphrase.as_deref().map(|p| p.as_str()),
        ..BackupSecret::default()
    };
    match f(given) {
        Err(e) if passphrase.is_none() && needs_secret(&e) => {
            match ask("Passphrase of the backup: ")? {
                Some(p) => Ok(f(BackupSecret {
                    passphrase: Some(p.as_str()),
                    ..BackupSecret::default()
                })?),
                None => Err(Failure::Core(e)),
            }
        }
        other => Ok(other?),
    }
}

/// `restore` never opens the data folder: it must work when the database there is
/// damaged, and it must not hold the database open while the folder is swapped.
fn restore(
    cli: &Cli,
    archive: &Path,
    check: bool,
    recovery: bool,
    json: bool,
) -> Result<(), Failure> {
    if check {
        // Checking touches no folder; the keychain may still hold the backup's key.
        let folder = Folder::new(".", Keychain::from_env());
        let m = with_backup_key(recovery, |secret| folder.check_backup(archive, secret))?;
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
        return Ok(());
    }
    let folder = Folder::new(data_dir(cli)?, Keychain::from_env());
    let (report, _key) = with_backup_key(recovery, |secret| folder.restore(archive, secret))?;
    if json {
        return print_json(&report);
    }
    println!(
        "restored {} cases and {} evidence files from the backup made {}",
        report.cases, report.evidence_files, report.created_at
    );
    if let Some(previous) = &report.previous_data {
        println!(
            "the data it replaced is kept in {previous}; delete it when you no longer need it"
        );
    }
    Ok(())
}

fn print_json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Usage(format!("cannot print JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

fn run(cli: Cli) -> Result<(), Failure> {
    match &cli.command {
        Command::Restore {
            archive,
            check,
            recovery_code,
            json,
        } => return restore(&cli, archive, *check, *recovery_code, *json),
        Command::Key(cmd) => return key_command(&cli, cmd),
        _ => {}
    }
    let app = open(&cli)?;
    match cli.command {
        Command::Case(CaseCmd::New(n)) => {
            let fields = CaseFields {
                kind: match n.kind {
                    KindArg::Person => SubjectKind::Person,
                    KindArg::Company => SubjectKind::Company,
                },
                display_name: n.name,
                other_names: n.aliases,
                role: n.role.unwrap_or_default(),
                emails: n.emails,
                phones: n.phones,
                country: n.country.unwrap_or_default(),
                websites: n.websites,
                company_name: n.company.unwrap_or_default(),
                wallets: n.wallets,
                date_of_birth: n.dob.unwrap_or_default(),
                ..CaseFields::default()
            };
            println!("{}", app.create_case(&fields)?);
        }
        Command::Case(CaseCmd::List {
            search,
            status,
            json,
        }) => {
            let filter = CaseFilter {
                text: search.unwrap_or_default(),
                status: status.map(|s| match s {
                    StatusArg::Open => StatusFilter::Open,
                    StatusArg::Decided => StatusFilter::Decided,
                }),
                ..CaseFilter::default()
            };
            let cases = app.list_cases(&filter)?;
            if json {
                return print_json(&cases);
            }
            if cases.is_empty() {
                println!("No cases. Open one with: bonafide case new --kind person --name NAME");
            }
            for c in cases {
                println!(
                    "{}  {:<7}  {:>2}/{:<2} answered  {} red flag(s)  {:<23}  {}",
                    c.id,
                    kind_word(c.kind),
                    c.answered,
                    c.total,
                    c.red_flags,
                    c.decision.map(|d| d.as_str()).unwrap_or("open"),
                    c.display_name
                );
            }
        }
        Command::Case(CaseCmd::Show { case, json }) => {
            let view = app.case(&app.resolve_case_id(&case)?)?;
            if json {
                return print_json(&view);
            }
            print_case(&view);
        }
        Command::Case(CaseCmd::Delete { case, yes }) => {
            let id = app.resolve_case_id(&case)?;
            let impact = app.deletion_impact(&id)?;
            if !yes {
                return Err(Failure::Usage(format!(
                    "this would permanently delete '{}' with {} answered items, {} evidence files, {} links, {} decisions and {} history events; add --yes to confirm",
                    impact.display_name,
                    impact.answered_items,
                    impact.evidence_files,
                    impact.evidence_links,
                    impact.decisions,
                    impact.events
                )));
            }
            app.delete_case(&id)?;
            println!("deleted {id} ({})", impact.display_name);
        }
        Command::Item(ItemCmd::List { case, json }) => {
            let view = app.case(&app.resolve_case_id(&case)?)?;
            #[derive(Serialize)]
            struct Line<'a> {
                id: &'a str,
                title: &'a str,
                section: &'a str,
                severity: bonafide::model::Severity,
                outcome: Outcome,
                note: &'a str,
            }
            let mut lines = Vec::new();
            for s in &view.sections {
                for i in &s.items {
                    let st = view.items.iter().find(|x| x.item_id == i.id);
                    lines.push(Line {
                        id: &i.id,
                        title: &i.title,
                        section: &s.id,
                        severity: i.severity,
                        outcome: st.map(|x| x.outcome).unwrap_or_default(),
                        note: st.map(|x| x.note.as_str()).unwrap_or(""),
                    });
                }
            }
            if json {
                return print_json(&lines);
            }
            for l in lines {
                println!(
                    "{}  {:<34} {} {:<14} {}",
                    l.section,
                    l.id,
                    l.outcome.symbol(),
                    l.outcome.as_str(),
                    l.title
                );
            }
        }
        Command::Item(ItemCmd::Set {
            case,
            item,
            outcome,
            note,
        }) => {
            let id = app.resolve_case_id(&case)?;
            let state = app.set_item(&id, &item, Some(outcome.into()), note.as_deref())?;
            println!(
                "{} {} {}",
                item,
                state.outcome.symbol(),
                state.outcome.as_str()
            );
        }
        Command::Item(ItemCmd::History { case, item, json }) => {
            let id = app.resolve_case_id(&case)?;
            let events = app.item_history(&id, &item)?;
            if json {
                return print_json(&events);
            }
            for e in events {
                println!("{}  {}  {}  {}", e.at, e.actor, e.kind.as_str(), e.payload);
            }
        }
        Command::Evidence(EvidenceCmd::Add {
            case,
            item,
            file,
            effective_date,
            note,
        }) => {
            let id = app.resolve_case_id(&case)?;
            let details = EvidenceDetails {
                effective_date: effective_date.unwrap_or_default(),
                note: note.unwrap_or_default(),
            };
            let lower = file.to_ascii_lowercase();
            let ev = if lower.starts_with("http://") || lower.starts_with("https://") {
                app.add_evidence_url(&id, &item, &file, &details)?
            } else {
                app.add_evidence_file(&id, &item, Path::new(&file), &details)?
            };
            match ev.sha256 {
                Some(sha) => println!("{} {} bytes sha256:{}", ev.name, ev.size.unwrap_or(0), sha),
                None => println!("{}", ev.name),
            }
        }
        Command::Decide {
            case,
            decision,
            rationale,
            reviewer,
        } => {
            let id = app.resolve_case_id(&case)?;
            let d = app.decide(&id, decision.into(), &rationale, &reviewer)?;
            println!(
                "{} recorded for {} by {}",
                d.decision.as_str(),
                id,
                d.reviewer
            );
        }
        Command::Export {
            case,
            pdf,
            json,
            all,
            dir,
        } => {
            if all {
                let dir = dir.ok_or_else(|| Failure::Usage("--all needs --dir DIR".into()))?;
                let started = std::time::Instant::now();
                let done = app.export_all(&dir)?;
                for e in &done {
                    println!("{}  {}", e.path, e.fingerprint);
                }
                eprintln!(
                    "exported {} records to {} in {:.1} s",
                    done.len(),
                    dir.display(),
                    started.elapsed().as_secs_f64()
                );
            } else {
                let (Some(case), Some(pdf)) = (case, pdf) else {
                    return Err(Failure::Usage(
                        "give a CASE and --pdf OUT.pdf, or --all --dir DIR".into(),
                    ));
                };
                let id = app.resolve_case_id(&case)?;
                let done = app.export_pdf(&id, &pdf)?;
                println!(
                    "{}  {} bytes  fingerprint {}",
                    done.path, done.bytes, done.fingerprint
                );
                if let Some(json) = json {
                    app.export_json(&id, &json)?;
                    println!("{}", json.display());
                }
            }
        }
        Command::Verify { file, json } => {
            let bytes = std::fs::read(&file).map_err(|source| {
                Failure::Core(bonafide::Error::File {
                    path: file.clone(),
                    source,
                })
            })?;
            let check = app.verify_pdf(&bytes)?;
            if json {
                print_json(&check)?;
            } else if check.status == bonafide::app::RecordStatus::Verified {
                println!("verified");
                println!("{}", check.message);
            } else {
                println!("{}", check.message);
            }
            let code = match check.status {
                bonafide::app::RecordStatus::Verified => return Ok(()),
                bonafide::app::RecordStatus::Altered => 3,
                bonafide::app::RecordStatus::CaseChanged => 4,
                bonafide::app::RecordStatus::CaseNotFound => 5,
            };
            return Err(Failure::FoundWith(code));
        }
        Command::Screen {
            name,
            kind,
            threshold,
            json,
        } => {
            let kind = kind.map(|k| match k {
                KindArg::Person => SubjectKind::Person,
                KindArg::Company => SubjectKind::Company,
            });
            let result = app.screen_name(&name, kind, threshold)?;
            if json {
                print_json(&result)?;
            } else {
                print_lists_used(&result.lists);
                if result.hits.is_empty() {
                    println!("no potential matches at or above {:.2}", result.threshold);
                }
                for h in &result.hits {
                    print_hit(h, None);
                }
            }
            if !result.hits.is_empty() {
                return Err(Failure::Found);
            }
        }
        Command::Lists(cmd) => return lists(&app, cmd),
        Command::Screening(cmd) => return screening(&app, cmd),
        Command::Checks(cmd) => return checks(&app, cmd),
        Command::Backup { out, json } => {
            let report = app.backup(&out)?;
            if json {
                print_json(&report)?;
            } else {
                println!(
                    "backed up {} cases and {} evidence files to {} ({} bytes)\nSHA-256 {}",
                    report.cases, report.evidence_files, report.path, report.bytes, report.sha256
                );
                for sha in &report.altered_evidence {
                    println!(
                        "WARNING: evidence file {sha} no longer matches its hash; it is in the backup as found (see `bonafide audit verify`)"
                    );
                }
            }
        }
        Command::Retention { years, json } => {
            if let Some(y) = years {
                app.set_retention_years(y)?;
            }
            let years = app.retention_years()?;
            let due = app.cases_past_retention()?;
            if json {
                print_json(&serde_json::json!({ "years": years, "past_retention": due }))?;
            } else {
                println!(
                    "cases are kept {years} years after their last decision (or after opening while undecided)"
                );
                if due.is_empty() {
                    println!("no case is past its retention date");
                }
                for c in &due {
                    println!(
                        "{}  {}  kept until {}  (past retention; delete with `bonafide case delete {}` if you decide to)",
                        c.id, c.display_name, c.retention.keep_until, c.id
                    );
                }
            }
        }
        Command::Restore { .. } | Command::Key(_) => {
            unreachable!("handled before the data folder is opened")
        }
        Command::Audit(AuditCmd::Verify { json }) => {
            let report = app.verify()?;
            if json {
                print_json(&report)?;
            } else {
                for b in &report.breaks {
                    println!("BROKEN: {b}");
                }
                for m in &report.state_mismatches {
                    println!(
                        "CHANGED: {} in case {} ({}): {}",
                        m.what, m.case_id, m.subject, m.problem
                    );
                }
                for p in &report.evidence_problems {
                    println!(
                        "EVIDENCE: {} ({}) in case {}: {}",
                        p.name, p.evidence_id, p.case_id, p.problem
                    );
                }
                if report.is_intact() {
                    println!(
                        "verified: {} chains, {} events, {} cases, {} evidence files intact",
                        report.chains, report.events, report.cases, report.evidence_files
                    );
                }
            }
            if !report.is_intact() {
                return Err(Failure::Found);
            }
        }
    }
    Ok(())
}

fn lists(app: &App, cmd: ListsCmd) -> Result<(), Failure> {
    match cmd {
        ListsCmd::Import { files, json } => {
            let report = app.import_list_files(&files)?;
            if json {
                print_json(&report)?;
            } else {
                print_import(&report);
            }
        }
        ListsCmd::Status { json } => {
            let status = app.list_status()?;
            if json {
                print_json(&status)?;
            } else {
                for s in &status {
                    match &s.version {
                        None => println!(
                            "{}: not loaded (import a file or run `bonafide lists update`)",
                            s.title
                        ),
                        Some(v) => {
                            println!("{}", s.title);
                            println!(
                                "  published {}{}",
                                v.publish_date.as_deref().unwrap_or("unknown"),
                                if v.publish_date_from_file {
                                    ""
                                } else {
                                    " (file date; the file carries none)"
                                }
                            );
                            println!("  sha256    {}", v.sha256);
                            println!(
                                "  entries   {} ({} names with aliases)",
                                v.entity_count, v.name_count
                            );
                            println!(
                                "  loaded    {} by {} from {}",
                                v.loaded_at, v.loaded_by, v.origin
                            );
                            if s.stale {
                                println!(
                                    "  STALE: {} days old; update it (`bonafide lists update`)",
                                    s.age_days.unwrap_or(0)
                                );
                            }
                        }
                    }
                }
            }
        }
        ListsCmd::Update { lists, json } => {
            let only: Vec<ListSource> = lists
                .iter()
                .map(|l| {
                    ListSource::from_id(l).ok_or_else(|| {
                        Failure::Usage(format!(
                            "unknown list {l:?}; use ofac_sdn, ofac_consolidated, un_consolidated or uk_sanctions_list"
                        ))
                    })
                })
                .collect::<Result<_, _>>()?;
            let quiet = json;
            let progress = move |p: bonafide::screening::download::DownloadProgress| {
                if !quiet {
                    match p.total {
                        Some(t) => eprint!(
                            "\r{}: {} of {} KB   ",
                            p.source,
                            p.received / 1024,
                            t / 1024
                        ),
                        None => eprint!("\r{}: {} KB   ", p.source, p.received / 1024),
                    }
                }
            };
            let report =
                app.update_lists((!only.is_empty()).then_some(only.as_slice()), &progress)?;
            if !json {
                eprintln!();
            }
            if json {
                print_json(&report)?;
            } else {
                for r in &report.results {
                    println!(
                        "{}: {}{}",
                        r.title,
                        if r.ok { "" } else { "FAILED: " },
                        r.message
                    );
                }
                if let Some(i) = &report.import {
                    print_import(i);
                }
            }
            if report.results.iter().any(|r| !r.ok) {
                return Err(Failure::Found);
            }
        }
        ListsCmd::Config {
            max_age_days,
            review_threshold,
            strong_threshold,
            retention_years,
            urls,
            json,
        } => {
            let mut s = app.screening_settings()?;
            let changed = max_age_days.is_some()
                || review_threshold.is_some()
                || strong_threshold.is_some()
                || retention_years.is_some()
                || !urls.is_empty();
            if let Some(v) = max_age_days {
                s.max_age_days = v;
            }
            if let Some(v) = review_threshold {
                s.thresholds.review = v;
            }
            if let Some(v) = strong_threshold {
                s.thresholds.strong = v;
            }
            if let Some(v) = retention_years {
                s.retention_years = v;
            }
            for u in urls {
                let (list, url) = u
                    .split_once('=')
                    .ok_or_else(|| Failure::Usage(format!("--url takes LIST=URL, got {u:?}")))?;
                s.urls.insert(list.to_string(), url.to_string());
            }
            if changed {
                s = app.set_screening_settings(&s)?;
            }
            if json {
                print_json(&s)?;
            } else {
                println!("stale after      {} days", s.max_age_days);
                println!("review threshold {:.2}", s.thresholds.review);
                println!("strong threshold {:.2}", s.thresholds.strong);
                println!("retention        {} years", s.retention_years);
                for (list, url) in &s.urls {
                    println!("url {list:<18} {url}");
                }
            }
        }
    }
    Ok(())
}

fn checks(app: &App, cmd: ChecksCmd) -> Result<(), Failure> {
    use bonafide::checks::{CheckState, Signal};
    let show = |view: &bonafide::app::ChecksView, json: bool| -> Result<(), Failure> {
        if json {
            return print_json(view);
        }
        if view.results.is_empty() {
            println!("no checks have run yet");
        }
        for r in &view.results {
            println!(
                "{:<22} {}  [{}] {}",
                r.kind.label(),
                r.target,
                r.state.describe(),
                r.message
            );
            for f in &r.findings {
                let mark = match f.signal {
                    Signal::RedFlag => "RED FLAG",
                    Signal::Ok => "ok",
                    Signal::Info => "info",
                };
                println!("    {mark:<8} {}", f.summary);
                for p in &f.passages {
                    println!("             shared: \"{p}\"");
                }
            }
            for e in &r.evidence {
                println!(
                    "    source   {} at {} ({} bytes, sha256 {})",
                    e.source_url, e.retrieved_at, e.size, e.sha256
                );
            }
        }
        for key in &view.not_yet_run {
            println!("not yet run: {key}");
        }
        for p in &view.proposals {
            println!(
                "proposed  {} {}: {}",
                p.outcome.symbol(),
                p.item_id,
                p.summary
            );
        }
        Ok(())
    };
    match cmd {
        ChecksCmd::Run {
            case,
            offline,
            only,
            json,
        } => {
            let id = app.resolve_case_id(&case)?;
            let progress: bonafide::checks::Progress = if json {
                bonafide::app::no_progress()
            } else {
                std::sync::Arc::new(|e: bonafide::checks::CheckEvent| {
                    if e.state != CheckState::Running {
                        eprintln!(
                            "{:<22} {}: {}",
                            e.kind.label(),
                            e.target,
                            e.state.describe()
                        );
                    }
                })
            };
            let only = (!only.is_empty()).then_some(only);
            let view = app.run_checks(&id, only.as_deref(), offline, progress)?;
            show(&view, json)?;
            if view
                .results
                .iter()
                .any(|r| r.findings.iter().any(|f| f.signal == Signal::RedFlag))
            {
                return Err(Failure::Found);
            }
            if view.results.iter().any(|r| r.state != CheckState::Done) {
                return Err(Failure::FoundWith(6));
            }
            Ok(())
        }
        ChecksCmd::Show { case, json } => {
            let id = app.resolve_case_id(&case)?;
            show(&app.checks_view(&id)?, json)
        }
        ChecksCmd::Response { sha256 } => match app.check_response(&sha256)? {
            Some((_, bytes)) => {
                use std::io::Write;
                std::io::stdout()
                    .write_all(&bytes)
                    .map_err(|e| Failure::Usage(format!("cannot write to standard output: {e}")))
            }
            None => Err(Failure::Usage(format!(
                "no stored answer has the hash {sha256}"
            ))),
        },
        ChecksCmd::BootstrapUpdate => {
            let published = app.refresh_bootstrap()?;
            println!("RDAP bootstrap updated; the domain file was published {published}");
            Ok(())
        }
        ChecksCmd::Config {
            rdap_domain_url,
            rdap_ip_url,
            bootstrap_url,
            wayback_url,
            crtsh_url,
            resolver,
            timeout_secs,
            allow_private_addresses,
            guard_exempt,
            json,
        } => {
            let mut s = app.checks_settings()?;
            let mut changed = false;
            for (value, slot) in [
                (rdap_domain_url, &mut s.rdap_domain_url),
                (rdap_ip_url, &mut s.rdap_ip_url),
                (bootstrap_url, &mut s.bootstrap_url),
                (wayback_url, &mut s.wayback_url),
                (crtsh_url, &mut s.crtsh_url),
                (resolver, &mut s.resolver),
            ] {
                if let Some(v) = value {
                    *slot = v;
                    changed = true;
                }
            }
            if let Some(t) = timeout_secs {
                s.timeout_secs = t;
                changed = true;
            }
            if let Some(a) = allow_private_addresses {
                s.allow_private_addresses = a;
                changed = true;
            }
            if let Some(g) = guard_exempt {
                s.guard_exempt = g
                    .split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect();
                changed = true;
            }
            if changed {
                s = app.set_checks_settings(&s)?;
            }
            if json {
                return print_json(&s);
            }
            let or_default = |v: &str| {
                if v.is_empty() {
                    "(default)".to_string()
                } else {
                    v.to_string()
                }
            };
            println!("rdap domain url  {}", or_default(&s.rdap_domain_url));
            println!("rdap ip url      {}", or_default(&s.rdap_ip_url));
            println!("bootstrap url    {}", or_default(&s.bootstrap_url));
            println!("wayback url      {}", or_default(&s.wayback_url));
            println!("crt.sh url       {}", or_default(&s.crtsh_url));
            println!("resolver         {}", or_default(&s.resolver));
            println!(
                "timeout          {}",
                if s.timeout_secs == 0 {
                    "(default)".into()
                } else {
                    format!("{} s", s.timeout_secs)
                }
            );
            println!(
                "private guard    {}",
                if s.allow_private_addresses {
                    "OFF (testing only)"
                } else {
                    "on"
                }
            );
            println!("guard exempt     {}", or_default(&s.guard_exempt.join(",")));
            Ok(())
        }
    }
}

fn screening(app: &App, cmd: ScreeningCmd) -> Result<(), Failure> {
    let show = |view: &bonafide::app::ScreeningView, json: bool| -> Result<(), Failure> {
        if json {
            return print_json(view);
        }
        let Some(s) = &view.screening else {
            println!("not screened yet");
            return Ok(());
        };
        println!(
            "screened  {} by {} ({})",
            s.screened_at, s.screened_by, s.reason
        );
        println!(
            "matcher   {}; review {:.2}, strong {:.2}",
            s.matcher_version, s.thresholds.review, s.thresholds.strong
        );
        print_lists_used(&s.lists);
        for q in &s.queries {
            println!("query     {} ({}): {}", q.name, q.role, q.normalised);
        }
        if view.hits.is_empty() {
            println!("no potential matches");
        }
        for h in &view.hits {
            print_hit(&h.hit, h.disposition.as_ref());
        }
        for p in &view.proposals {
            println!(
                "proposed  {} {}: {}",
                p.outcome.symbol(),
                p.item_id,
                p.summary
            );
        }
        for a in view.alerts.iter().filter(|a| a.acknowledged_at.is_none()) {
            println!("ALERT {}  {} {}", a.id, a.raised_at, a.message);
        }
        Ok(())
    };
    match cmd {
        ScreeningCmd::Show { case, json } => {
            let id = app.resolve_case_id(&case)?;
            show(&app.screening(&id)?, json)?;
        }
        ScreeningCmd::Run { case, json } => {
            let id = app.resolve_case_id(&case)?;
            show(&app.screen_case(&id)?, json)?;
        }
        ScreeningCmd::Dispose {
            case,
            list,
            entry,
            disposition,
            rationale,
        } => {
            let id = app.resolve_case_id(&case)?;
            let d = match disposition {
                DispositionArg::TrueMatch => Disposition::TrueMatch,
                DispositionArg::FalsePositive => Disposition::FalsePositive,
                DispositionArg::NeedsReview => Disposition::NeedsReview,
            };
            app.set_disposition(&id, &list, &entry, d, &rationale)?;
            println!("recorded: {list}/{entry} {}", d.word());
        }
        ScreeningCmd::Alerts { json } => {
            let alerts = app.open_alerts()?;
            if json {
                print_json(&alerts)?;
            } else if alerts.is_empty() {
                println!("no open alerts");
            } else {
                for a in &alerts {
                    println!(
                        "{} {} {} ({}): {}",
                        a.id, a.raised_at, a.display_name, a.case_id, a.message
                    );
                }
            }
        }
        ScreeningCmd::Ack { case, alert } => {
            let id = app.resolve_case_id(&case)?;
            app.acknowledge_alert(&id, alert)?;
            println!("acknowledged alert {alert}");
        }
    }
    Ok(())
}

fn print_import(r: &bonafide::app::ImportReport) {
    for v in &r.lists {
        println!(
            "loaded {}: {} entries, {} names, published {}, sha256 {}",
            ListSource::from_id(&v.source)
                .map(|s| s.title())
                .unwrap_or(&v.source),
            v.entity_count,
            v.name_count,
            v.publish_date.as_deref().unwrap_or("unknown"),
            v.sha256
        );
        for w in &v.warnings {
            println!("  note: {w}");
        }
    }
    for u in &r.unchanged {
        println!("unchanged: {u} (identical to the version in force)");
    }
    println!(
        "re-screened {} cases; {} alerts raised",
        r.rescreened, r.alerts
    );
}

fn print_lists_used(lists: &[bonafide::app::ListUsed]) {
    for l in lists {
        println!(
            "list      {} ({}), {} entries{}{}",
            l.title,
            l.published.as_deref().unwrap_or("date unknown"),
            l.entity_count,
            if l.watchlist {
                ", reported fronts: not a sanctions list"
            } else {
                ""
            },
            if l.stale { ", STALE" } else { "" }
        );
    }
    if !lists.iter().any(|l| !l.watchlist) {
        println!("note      no sanctions list is loaded; only the watchlist was searched");
    }
}

fn print_hit(h: &bonafide::screening::screen::Hit, d: Option<&bonafide::app::DispositionView>) {
    let label = if h.is_watchlist() {
        "WATCHLIST red flag"
    } else {
        "POTENTIAL MATCH"
    };
    println!(
        "{label} {:.2} {}/{} {} [{}]{}",
        h.score,
        h.list,
        h.entry_id,
        h.name,
        h.entry.kind.word(),
        if h.matched_name.is_empty() || h.matched_name == h.name {
            String::new()
        } else {
            format!(" via {} \"{}\"", h.matched_name_type.word(), h.matched_name)
        }
    );
    if !h.query.is_empty() {
        println!("  query   {} ({})", h.query, h.query_role);
    }
    println!("  why     {}", bonafide::screening::screen::explain(h));
    if !h.entry.programs.is_empty() {
        println!("  programs {}", h.entry.programs.join(", "));
    }
    if !h.entry.dates_of_birth.is_empty() {
        println!("  DOB     {}", h.entry.dates_of_birth.join("; "));
    }
    if !h.entry.nationalities.is_empty() {
        println!("  nationality {}", h.entry.nationalities.join("; "));
    }
    for s in &h.entry.sources {
        println!("  source  {s}");
    }
    if let Some(d) = d {
        println!(
            "  disposition {} by {} at {}: {}{}",
            d.disposition.word(),
            d.decided_by,
            d.decided_at,
            d.rationale,
            if d.current {
                ""
            } else {
                " (LAPSED: the subject or the entry changed; review again)"
            }
        );
    }
}

fn kind_word(k: SubjectKind) -> &'static str {
    match k {
        SubjectKind::Person => "person",
        SubjectKind::Company => "company",
    }
}

fn print_case(v: &CaseView) {
    let f = &v.case.fields;
    println!("{} ({})", f.display_name, kind_word(f.kind));
    println!("case      {}", v.case.id);
    println!("opened    {} by {}", v.case.created_at, v.case.created_by);
    println!(
        "checklist {} v{}",
        v.case.template_id, v.case.template_version
    );
    for (label, values) in [
        ("aliases", &f.other_names),
        ("e-mails", &f.emails),
        ("phones", &f.phones),
        ("websites", &f.websites),
        ("wallets", &f.wallets),
    ] {
        if !values.is_empty() {
            println!("{label:<9} {}", values.join(", "));
        }
    }
    if !f.country.is_empty() {
        println!("country   {}", f.country);
    }
    if !f.company_name.is_empty() {
        println!("company   {}", f.company_name);
    }
    let c = &v.summary.counts;
    println!(
        "progress  {} of {} answered: {} pass, {} concern, {} fail, {} n/a, {} pending",
        v.progress.answered,
        v.progress.total,
        c.pass,
        c.concern,
        c.fail,
        c.not_applicable,
        c.pending
    );
    println!("summary   {}", v.summary.assessment.headline());
    for flag in &v.summary.red_flags {
        println!(
            "  {} {:?} {} — {}",
            flag.outcome.symbol(),
            flag.item.severity,
            flag.item.title,
            flag.note
        );
    }
    match v.decisions.last() {
        Some(d) => println!(
            "decision  {} by {} at {}: {}{}",
            d.decision.as_str(),
            d.reviewer,
            d.decided_at,
            d.rationale,
            if v.decision_stale {
                "\n          STALE: the case changed after this decision; renew it"
            } else {
                ""
            }
        ),
        None => println!("decision  none yet"),
    }
}
