//! `bonafide lists`: the sanctions lists — importing files, their status, downloading
//! updates, and the screening settings.

use std::path::PathBuf;

use bonafide::app::{App, ImportReport, ListStatus};
use bonafide::screening::download::DownloadProgress;
use bonafide::screening::lists::ListSource;
use clap::Subcommand;

use crate::exit::{Exit, Failure};
use crate::json::print_json;

/// The `lists` subcommands.
#[derive(Subcommand)]
pub enum ListsCmd {
    /// Load list files: the OFAC CSV set (sdn.csv with alt.csv, add.csv, sdn_comments.csv),
    /// OFAC SDN.XML or CONSOLIDATED.XML, the UN consolidated XML, the UK Sanctions List CSV,
    /// the EU Financial Sanctions Files XML, or an OpenSanctions export (entities.ftm.json
    /// or targets.nested.json; each source dataset becomes a list). The format is detected.
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
        /// uk_sanctions_list, eu_fsf.
        #[arg(long = "list", value_name = "LIST")]
        lists: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show or change screening settings.
    Config(ConfigArgs),
}

/// What `lists config` takes: each setting to change, if any.
#[derive(clap::Args)]
pub struct ConfigArgs {
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
}

/// Runs one `lists` subcommand.
pub fn run(app: &App, cmd: ListsCmd) -> Result<(), Failure> {
    match cmd {
        ListsCmd::Import { files, json } => {
            let report = app.import_list_files(&files)?;
            if json {
                return print_json(&report);
            }
            print_import(&report);
            Ok(())
        }
        ListsCmd::Status { json } => {
            let status = app.list_status()?;
            if json {
                return print_json(&status);
            }
            status.iter().for_each(print_status);
            Ok(())
        }
        ListsCmd::Update { lists, json } => update(app, &lists, json),
        ListsCmd::Config(args) => config(app, args),
    }
}

/// One list of `lists status`: what version is in force and whether it is stale.
fn print_status(s: &ListStatus) {
    let Some(v) = &s.version else {
        println!(
            "{}: not loaded (import a file or run `bonafide lists update`)",
            s.title
        );
        return;
    };
    println!("{}", s.title);
    if !s.publisher.is_empty() {
        println!("  publisher {}", s.publisher);
    }
    if !s.licence.is_empty() {
        println!("  licence   {}", s.licence);
    }
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

/// `lists update`: downloads with progress on stderr; any failed list ends in
/// [`Exit::Found`].
fn update(app: &App, lists: &[String], json: bool) -> Result<(), Failure> {
    let only: Vec<ListSource> = lists
        .iter()
        .map(|l| {
            ListSource::from_id(l).ok_or_else(|| {
                Failure::Usage(format!(
                    "unknown list {l:?}; use ofac_sdn, ofac_consolidated, un_consolidated, uk_sanctions_list \
                     or eu_fsf (OpenSanctions datasets are imported from a file, never downloaded)"
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    // With --json stdout is for the report alone, and stderr stays quiet too.
    let quiet = json;
    let progress = move |p: DownloadProgress| {
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
    let report = app.update_lists((!only.is_empty()).then_some(only.as_slice()), &progress)?;
    if json {
        print_json(&report)?;
    } else {
        eprintln!();
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
        return Err(Failure::Found(Exit::Found));
    }
    Ok(())
}

/// `lists config`: saves the settings given, if any, then shows them all.
fn config(app: &App, args: ConfigArgs) -> Result<(), Failure> {
    let mut s = app.screening_settings()?;
    let changed = args.max_age_days.is_some()
        || args.review_threshold.is_some()
        || args.strong_threshold.is_some()
        || args.retention_years.is_some()
        || !args.urls.is_empty();
    if let Some(v) = args.max_age_days {
        s.max_age_days = v;
    }
    if let Some(v) = args.review_threshold {
        s.thresholds.review = v;
    }
    if let Some(v) = args.strong_threshold {
        s.thresholds.strong = v;
    }
    if let Some(v) = args.retention_years {
        s.retention_years = v;
    }
    for u in args.urls {
        let (list, url) = u
            .split_once('=')
            .ok_or_else(|| Failure::Usage(format!("--url takes LIST=URL, got {u:?}")))?;
        s.urls.insert(list.to_string(), url.to_string());
    }
    if changed {
        s = app.set_screening_settings(&s)?;
    }
    if args.json {
        return print_json(&s);
    }
    println!("stale after      {} days", s.max_age_days);
    println!("review threshold {:.2}", s.thresholds.review);
    println!("strong threshold {:.2}", s.thresholds.strong);
    println!("retention        {} years", s.retention_years);
    for (list, url) in &s.urls {
        println!("url {list:<18} {url}");
    }
    Ok(())
}

/// What an import loaded, what was already in force, and the re-screening it caused.
fn print_import(r: &ImportReport) {
    let plural = |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    for v in &r.lists {
        println!(
            "loaded {} [{}]: {}, {}, published {}, sha256 {}{}",
            v.name().title,
            v.source,
            plural(v.entity_count, "entry", "entries"),
            plural(v.name_count, "name", "names"),
            v.publish_date.as_deref().unwrap_or("unknown"),
            v.sha256,
            if v.files.len() == 1 {
                " (of the file)"
            } else {
                " (of the file set)"
            }
        );
        if !v.licence.is_empty() {
            println!("  licence: {}", v.licence);
        }
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
