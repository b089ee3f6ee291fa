//! `bonafide case`: open, list, show and delete cases.

use bonafide::app::{App, CaseView};
use bonafide::model::{CaseFields, CaseFilter, StatusFilter};
use clap::{Args, Subcommand, ValueEnum};

use super::subject::{KindArg, kind_word};
use crate::case_id;
use crate::exit::Failure;
use crate::json::print_json;

/// The `case` subcommands.
#[derive(Subcommand)]
pub enum CaseCmd {
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
    /// Change a case's work accounts or time zone (what after-hiring imports are matched
    /// and judged by).
    Edit(EditCase),
    /// Move a case to a newer edition of its checklist (the newest unless --to names
    /// one): answered items keep their outcomes, the new items start pending, and a
    /// decision already signed off must be renewed. The move is recorded.
    MoveEdition {
        case: String,
        /// The edition to move to.
        #[arg(long, value_name = "N")]
        to: Option<u32>,
    },
    /// Delete a case and everything in it (the deletion is kept in the audit log).
    Delete {
        case: String,
        /// Confirm the deletion.
        #[arg(long)]
        yes: bool,
        /// Why the case goes before the end of its retention period (required then;
        /// kept in the audit log).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
}

/// `case new`: the subject's details; only the kind and the name are required.
#[derive(Args)]
pub struct NewCase {
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
    /// A work account given after hiring, as sign-in logs name it (repeatable).
    #[arg(long = "account", value_name = "NAME")]
    accounts: Vec<String>,
    /// The claimed working time zone, an IANA name such as Europe/Lisbon.
    #[arg(long, value_name = "ZONE")]
    time_zone: Option<String>,
}

/// `case edit`: the after-hiring details of a case.
#[derive(Args)]
pub struct EditCase {
    case: String,
    /// Add a work account (repeatable).
    #[arg(long = "account", value_name = "NAME")]
    accounts: Vec<String>,
    /// Remove a work account (repeatable).
    #[arg(long = "remove-account", value_name = "NAME")]
    remove: Vec<String>,
    /// Set the claimed working time zone (an IANA name; "" clears it).
    #[arg(long, value_name = "ZONE")]
    time_zone: Option<String>,
}

/// `case list --status`: open or decided cases only.
#[derive(Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Open,
    Decided,
}

/// Runs one `case` subcommand.
pub fn run(app: &App, cmd: CaseCmd) -> Result<(), Failure> {
    match cmd {
        CaseCmd::New(n) => {
            println!("{}", app.create_case(&n.into())?);
            Ok(())
        }
        CaseCmd::List {
            search,
            status,
            json,
        } => list(app, search, status, json),
        CaseCmd::Show { case, json } => {
            let view = app.case(&case_id::resolve(app, &case)?)?;
            if json {
                return print_json(&view);
            }
            print_case(&view);
            Ok(())
        }
        CaseCmd::Edit(e) => edit(app, e),
        CaseCmd::MoveEdition { case, to } => move_edition(app, &case, to),
        CaseCmd::Delete { case, yes, reason } => delete(app, &case, yes, reason.as_deref()),
    }
}

impl From<NewCase> for CaseFields {
    fn from(n: NewCase) -> Self {
        CaseFields {
            kind: n.kind.into(),
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
            accounts: n.accounts,
            time_zone: n.time_zone.unwrap_or_default(),
            ..CaseFields::default()
        }
    }
}

/// `case edit`: adds and removes work accounts and sets the time zone, keeping every
/// other field as it is.
fn edit(app: &App, e: EditCase) -> Result<(), Failure> {
    if e.accounts.is_empty() && e.remove.is_empty() && e.time_zone.is_none() {
        return Err(Failure::Usage(
            "nothing to change: give --account, --remove-account or --time-zone".into(),
        ));
    }
    let id = case_id::resolve(app, &e.case)?;
    let view = app.edit_work_accounts(&id, &e.accounts, &e.remove, e.time_zone.as_deref())?;
    print_case(&view);
    Ok(())
}

/// `case move-edition`: moves the case and says what it added.
fn move_edition(app: &App, case: &str, to: Option<u32>) -> Result<(), Failure> {
    let id = case_id::resolve(app, case)?;
    let before = app.case(&id)?;
    let version = match (to, &before.newer_edition) {
        (Some(v), _) => v,
        (None, Some(n)) => n.version,
        (None, None) => {
            println!(
                "The case is already on the newest edition of its checklist (edition {}).",
                before.case.template_version
            );
            return Ok(());
        }
    };
    let added = before
        .newer_edition
        .filter(|n| n.version == version)
        .map(|n| n.added)
        .unwrap_or_default();
    let view = app.move_to_edition(&id, version)?;
    println!(
        "moved     {} from edition {} to edition {}",
        view.case.fields.display_name, before.case.template_version, view.case.template_version
    );
    for title in added {
        println!("  new item (pending): {title}");
    }
    if view.decision_stale {
        println!("The decision in force was signed off on the old edition: renew it.");
    }
    Ok(())
}

/// `case list`: one line per case, or the hint to open one when there are none.
fn list(
    app: &App,
    search: Option<String>,
    status: Option<StatusArg>,
    json: bool,
) -> Result<(), Failure> {
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
        let overdue = match c.monitoring_overdue {
            0 => String::new(),
            n => format!("  ({n} monitoring task(s) OVERDUE)"),
        };
        println!(
            "{}  {:<7}  {:>2}/{:<2} answered  {} red flag(s)  {:<23}  {}{overdue}",
            c.id,
            kind_word(c.kind),
            c.answered,
            c.total,
            c.red_flags,
            c.decision.map(|d| d.as_str()).unwrap_or("open"),
            c.display_name
        );
    }
    Ok(())
}

/// `case delete`: says what would go and stops unless `--yes` confirms it.
fn delete(app: &App, case: &str, yes: bool, reason: Option<&str>) -> Result<(), Failure> {
    let id = case_id::resolve(app, case)?;
    let impact = app.deletion_impact(&id)?;
    if !yes {
        let history = if impact.within_retention {
            format!(
                "; its history of {} events is kept until {}, the end of its retention period",
                impact.events, impact.keep_until
            )
        } else {
            format!(" and its history of {} events", impact.events)
        };
        return Err(Failure::Usage(format!(
            "this would permanently delete '{}' with {} answered items, {} attached files, {} links and {} decisions{history}; add --yes to confirm",
            impact.display_name,
            impact.answered_items,
            impact.evidence_files,
            impact.evidence_links,
            impact.decisions,
        )));
    }
    app.delete_case(&id, reason)?;
    println!("deleted {id} ({})", impact.display_name);
    Ok(())
}

/// `case show`: the subject, progress, red flags and the latest decision.
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
        ("accounts", &f.accounts),
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
    if !f.time_zone.is_empty() {
        println!("time zone {}", f.time_zone);
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
