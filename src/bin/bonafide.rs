//! The `bonafide` command: argument parsing and printing only. Every operation is one call
//! into `bonafide::app::App`, the same core the desktop app uses, on the same data folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bonafide::app::{self, App, CaseView, EvidenceDetails};
use bonafide::model::{CaseFields, Decision, Outcome, SubjectKind};
use bonafide::store::{CaseFilter, StatusFilter};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

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

fn open(cli: &Cli) -> Result<App, Failure> {
    let dir = cli
        .data_dir
        .clone()
        .or_else(app::default_data_dir)
        .ok_or_else(|| {
            Failure::Usage("no data folder could be determined; pass --data-dir DIR".into())
        })?;
    Ok(App::open(&dir, cli.user.clone())?)
}

fn print_json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Usage(format!("cannot print JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

fn run(cli: Cli) -> Result<(), Failure> {
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
        Command::Audit(AuditCmd::Verify { json }) => {
            let report = app.verify()?;
            if json {
                print_json(&report)?;
            } else {
                for b in &report.breaks {
                    println!("BROKEN: {b}");
                }
                for p in &report.evidence_problems {
                    println!(
                        "EVIDENCE: {} ({}) in case {}: {}",
                        p.name, p.evidence_id, p.case_id, p.problem
                    );
                }
                if report.is_intact() {
                    println!(
                        "verified: {} chains, {} events, {} evidence files intact",
                        report.chains, report.events, report.evidence_files
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
