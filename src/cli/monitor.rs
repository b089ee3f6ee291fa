//! `bonafide monitor`: after hiring — import sign-in logs and device inventories into a
//! case, and show what they found.

use std::path::PathBuf;

use bonafide::app::{
    App, DUE_SOON_DAYS, DeliveryEdit, ImportFormat, MAX_CARRIER_TEXT, MonitorImport, MonitorView,
    NetworksStatus,
};
use bonafide::monitor::plan::Plan;
use bonafide::monitor::{Finding, Weight};
use clap::{Args, Subcommand};

use crate::case_id;
use crate::exit::Failure;
use crate::json::print_json;

/// The `monitor` subcommands.
#[derive(Subcommand)]
pub enum MonitorCmd {
    /// Import a sign-in log or a device inventory into a case. Sign-ins are matched to the
    /// case by its work accounts (`case edit CASE --account NAME`).
    Import {
        case: String,
        file: PathBuf,
        /// The file's format, when it cannot be told from its start: minimal-csv,
        /// okta-json, entra-json, entra-csv, google-json, osquery-json or intune-csv.
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show a case's after-hiring record: the monitoring plan, imports, findings with
    /// their rows, and what could not be assessed.
    Show {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Plan tasks overdue or due within a week, across cases.
    Due {
        #[arg(long)]
        json: bool,
    },
    /// Record a plan task (day 1, 7, 30, 60 or 90) done, with what was found.
    Done {
        case: String,
        day: i32,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Mark a case's monitoring complete; before day 90, --reason is required.
    Complete {
        case: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Show or set the company's own networks (office, company VPN egress), which
    /// sign-in findings leave unjudged: `monitor company-networks 203.0.113.0/24 …`.
    CompanyNetworks {
        /// The networks, replacing the ones set before (CIDR blocks or addresses).
        networks: Vec<String>,
        /// Remove every company network.
        #[arg(long, conflicts_with = "networks")]
        clear: bool,
    },
    /// Record the company device's delivery: the ID address, where it ships, who signed,
    /// redirect or hold events, its serial and first check-in; or paste the carrier's
    /// tracking text (--carrier-text FILE, or - for standard input) to fill what it can.
    Delivery(DeliveryArgs),
    /// The network table the findings use, and importing a newer ip-location-db release.
    #[command(subcommand)]
    Networks(NetworksCmd),
}

/// `monitor delivery`: each option replaces its field ("" clears it).
#[derive(Args)]
pub struct DeliveryArgs {
    case: String,
    /// The home address on the verified ID.
    #[arg(long, value_name = "TEXT")]
    id_address: Option<String>,
    /// Where the device ships.
    #[arg(long, value_name = "TEXT")]
    ship_to: Option<String>,
    /// The ship-to country, ISO 3166 two-letter code.
    #[arg(long, value_name = "CC")]
    ship_to_country: Option<String>,
    /// Who signed for the delivery.
    #[arg(long, value_name = "NAME")]
    signed_by: Option<String>,
    /// A redirect, hold or address-change event, as the carrier worded it (repeatable).
    #[arg(long = "event", value_name = "TEXT")]
    events: Vec<String>,
    /// The device's serial number.
    #[arg(long, value_name = "SERIAL")]
    serial: Option<String>,
    /// The IP address the device first checked in from.
    #[arg(long, value_name = "IP")]
    first_checkin_ip: Option<String>,
    /// A file holding the carrier's tracking text, or - to read it from standard input;
    /// it fills only the fields still empty.
    #[arg(long, value_name = "FILE")]
    carrier_text: Option<PathBuf>,
}

/// `monitor networks`.
#[derive(Subcommand)]
pub enum NetworksCmd {
    /// Each part of the table with its source, licence and size.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Replace parts of the table with newer ip-location-db files (asn-ipv4.csv,
    /// asn-ipv6.csv, geo-whois-asn-country-ipv4.csv, geo-whois-asn-country-ipv6.csv).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The release, as its package.json names it (2.3.2026061719).
        #[arg(long)]
        version: String,
    },
}

/// Runs one `monitor` subcommand.
pub fn run(app: &App, cmd: MonitorCmd) -> Result<(), Failure> {
    match cmd {
        MonitorCmd::Import {
            case,
            file,
            format,
            json,
        } => {
            let format = match format.as_deref() {
                None => None,
                Some(f) => Some(ImportFormat::from_id(f).ok_or_else(|| {
                    Failure::Usage(format!(
                        "--format {f:?} is not one of {}",
                        ImportFormat::ids().join(", ")
                    ))
                })?),
            };
            let import = app.monitor_import(&case_id::resolve(app, &case)?, &file, format)?;
            if json {
                return print_json(&import);
            }
            print_import(&import);
            Ok(())
        }
        MonitorCmd::Due { json } => due(app, json),
        MonitorCmd::Done { case, day, note } => {
            let plan = app.monitor_task_done(&case_id::resolve(app, &case)?, day, &note)?;
            print_plan(&plan);
            Ok(())
        }
        MonitorCmd::Complete { case, reason } => {
            let plan = app.monitor_complete(&case_id::resolve(app, &case)?, &reason)?;
            print_plan(&plan);
            Ok(())
        }
        MonitorCmd::CompanyNetworks { networks, clear } => company_networks(app, &networks, clear),
        MonitorCmd::Networks(NetworksCmd::Status { json }) => {
            let status = app.networks_status()?;
            if json {
                return print_json(&status);
            }
            print_networks(&status);
            Ok(())
        }
        MonitorCmd::Networks(NetworksCmd::Import { files, version }) => {
            let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
            print_networks(&app.import_networks(&paths, &version)?);
            Ok(())
        }
        MonitorCmd::Delivery(d) => delivery(app, d),
        MonitorCmd::Show { case, json } => {
            let view = app.monitor_show(&case_id::resolve(app, &case)?)?;
            if json {
                return print_json(&view);
            }
            print_view(&view);
            Ok(())
        }
    }
}

/// `monitor delivery`: saves the details given, then shows what the delivery shows.
fn delivery(app: &App, d: DeliveryArgs) -> Result<(), Failure> {
    let carrier_text = match &d.carrier_text {
        None => None,
        Some(p) => Some(read_text(p)?),
    };
    let edit = DeliveryEdit {
        id_address: d.id_address,
        ship_to: d.ship_to,
        ship_to_country: d.ship_to_country,
        signed_by: d.signed_by,
        events: d.events,
        device_serial: d.serial,
        first_checkin_ip: d.first_checkin_ip,
        carrier_text,
    };
    let given = [
        &edit.id_address,
        &edit.ship_to,
        &edit.ship_to_country,
        &edit.signed_by,
        &edit.device_serial,
        &edit.first_checkin_ip,
        &edit.carrier_text,
    ];
    if given.iter().all(|v| v.is_none()) && edit.events.is_empty() {
        return Err(Failure::Usage(
            "nothing to record: give at least one of --id-address, --ship-to, --ship-to-country, --signed-by, --event, --serial, --first-checkin-ip or --carrier-text".into(),
        ));
    }
    let id = case_id::resolve(app, &d.case)?;
    let (_, filled) = app.edit_delivery(&id, &edit)?;
    if edit.carrier_text.is_some() {
        if filled.is_empty() {
            println!("tracking text: nothing found that was not already recorded");
        } else {
            println!("tracking text filled: {}", filled.join(", "));
        }
    }
    let view = app.monitor_show(&id)?;
    print_findings(&view.delivery.findings, "");
    for n in &view.delivery.not_assessed {
        println!("not assessed: {n}");
    }
    Ok(())
}

/// A text file, or standard input for `-`, refused past the tracking-text limit.
fn read_text(path: &std::path::Path) -> Result<String, Failure> {
    use std::io::Read;
    let limit = (MAX_CARRIER_TEXT * 4) as u64;
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().take(limit + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
    if bytes.len() as u64 > limit {
        return Err(Failure::Usage(format!(
            "{} is longer than a carrier's tracking text ({limit} bytes at most)",
            path.display()
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| Failure::Usage(format!("{} is not UTF-8 text", path.display())))
}

/// `monitor due`: overdue tasks and those due within a week, across cases.
fn due(app: &App, json: bool) -> Result<(), Failure> {
    let due = app.monitor_due()?;
    if json {
        return print_json(&due);
    }
    if due.is_empty() {
        println!("No plan task is overdue or due within {DUE_SOON_DAYS} days.");
    }
    for d in &due {
        let state = if d.task.overdue { "OVERDUE" } else { "due" };
        println!(
            "{state:<8} {}  day {:>2}  {} ({})",
            d.task.due, d.task.day, d.case_name, d.case_id
        );
    }
    Ok(())
}

/// `monitor company-networks`: shows them, or replaces them with the ones given.
fn company_networks(app: &App, networks: &[String], clear: bool) -> Result<(), Failure> {
    let nets = if clear || !networks.is_empty() {
        app.set_company_networks(networks)?
    } else {
        app.company_networks()?
    };
    if nets.is_empty() {
        println!("No company networks are set: every sign-in is judged.");
    }
    for n in nets {
        println!("{n}");
    }
    Ok(())
}

fn print_import(i: &MonitorImport) {
    println!(
        "imported  {} ({}), {} rows, {} of this case",
        i.file_name, i.format, i.row_count, i.matched_count
    );
    println!("evidence  sha256 {} on monitoring.access", i.sha256);
    print_findings(&i.assessment.findings, &i.row_label);
    for n in &i.assessment.not_assessed {
        println!("not assessed: {n}");
    }
}

fn print_findings(findings: &[Finding], row_label: &str) {
    if findings.is_empty() {
        println!("findings  none");
    }
    for f in findings {
        let weight = match f.weight {
            Weight::Concern => "CONCERN",
            Weight::Context => "context",
        };
        println!("{weight}  {}: {}", f.kind.title(), f.summary);
        for r in &f.rows {
            if r.line > 0 {
                println!("    {row_label:<6} {:>7}  {}", r.line, r.text);
            } else {
                println!("    {}", r.text);
            }
        }
        if f.row_count > f.rows.len() as u64 {
            println!("    … {} more", f.row_count - f.rows.len() as u64);
        }
        for s in &f.sources {
            println!("    source: {s}");
        }
    }
}

fn print_networks(s: &NetworksStatus) {
    match &s.imported {
        Some((at, by)) => println!("table     imported {at} by {by}"),
        None => println!("table     as shipped"),
    }
    for p in &s.parts {
        match &p.source {
            Some(src) => println!(
                "{:<45} {:>7} ranges  {} {} ({}, {})",
                p.kind.label(),
                p.ranges,
                src.name.split(':').next().unwrap_or(""),
                src.version,
                src.licence,
                src.published
            ),
            None => println!("{:<45} not loaded", p.kind.label()),
        }
    }
}

fn print_plan(p: &Plan) {
    println!("plan      from {} (day {})", p.started_on, p.day_now);
    for t in &p.tasks {
        let state = match (&t.done, t.overdue) {
            (Some(d), _) => format!(
                "done {} by {}",
                &d.done_at[..10.min(d.done_at.len())],
                d.done_by
            ),
            (None, true) => "OVERDUE".into(),
            (None, false) => "to do".into(),
        };
        println!("  day {:>2}  {}  {state}", t.day, t.due);
        if t.done.is_none() {
            for i in &t.imports {
                println!("          import {i}");
            }
            println!("          check  {}", t.live_check);
        }
    }
    if let Some(c) = &p.completed {
        let why = if c.reason.is_empty() {
            String::new()
        } else {
            format!(": {}", c.reason)
        };
        println!(
            "  monitoring complete {} by {}{why}",
            c.completed_at, c.completed_by
        );
    }
}

fn print_view(v: &MonitorView) {
    match &v.plan {
        Some(p) => print_plan(p),
        None => println!("plan      none yet (it starts with a decision to proceed)"),
    }
    println!(
        "accounts  {}",
        if v.accounts.is_empty() {
            "none recorded".to_owned()
        } else {
            v.accounts.join(", ")
        }
    );
    if v.imports.is_empty() {
        println!(
            "No imports yet. Import a sign-in log or inventory with `bonafide monitor import CASE FILE`."
        );
    }
    for i in &v.imports {
        println!();
        println!("{} by {}", i.imported_at, i.imported_by);
        print_import(i);
    }
    if !v.across_cases.is_empty() {
        println!();
        println!("Across cases:");
        print_findings(&v.across_cases, "");
    }
    println!();
    for s in &v.data_sources {
        println!("data: {s}");
    }
}
