//! `bonafide checks`: a case's automated checks — running them, their results and
//! proposals, the raw answers kept as evidence, and where they look things up.

use std::sync::Arc;

use bonafide::app::{self, App, ChecksView};
use bonafide::checks::{CheckEvent, CheckState, Progress, Signal};
use clap::{Args, Subcommand};

use crate::case_id;
use crate::exit::{Exit, Failure};
use crate::json::print_json;

/// The `checks` subcommands.
#[derive(Subcommand)]
pub enum ChecksCmd {
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
    Config(ConfigArgs),
}

/// What `checks config` takes: each setting to change, if any.
#[derive(Args)]
pub struct ConfigArgs {
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
}

/// Runs one `checks` subcommand.
pub fn run(app: &App, cmd: ChecksCmd) -> Result<(), Failure> {
    match cmd {
        ChecksCmd::Run {
            case,
            offline,
            only,
            json,
        } => run_checks(app, &case, offline, only, json),
        ChecksCmd::Show { case, json } => {
            let id = case_id::resolve(app, &case)?;
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
        ChecksCmd::Config(args) => config(app, args),
    }
}

/// `checks run`: progress on stderr, then the results; a red flag ends in
/// [`Exit::Found`], else a check that did not finish in [`Exit::ChecksNotRun`].
fn run_checks(
    app: &App,
    case: &str,
    offline: bool,
    only: Vec<String>,
    json: bool,
) -> Result<(), Failure> {
    let id = case_id::resolve(app, case)?;
    let progress: Progress = if json {
        app::no_progress()
    } else {
        Arc::new(|e: CheckEvent| {
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
        return Err(Failure::Found(Exit::Found));
    }
    if view.results.iter().any(|r| r.state != CheckState::Done) {
        return Err(Failure::Found(Exit::ChecksNotRun));
    }
    Ok(())
}

/// The results of a case's checks with their findings and sources, the checks not yet
/// run, and the outcomes they propose.
fn show(view: &ChecksView, json: bool) -> Result<(), Failure> {
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
}

/// `checks config`: saves the settings given, if any, then shows them all.
fn config(app: &App, args: ConfigArgs) -> Result<(), Failure> {
    let mut s = app.checks_settings()?;
    let mut changed = false;
    for (value, slot) in [
        (args.rdap_domain_url, &mut s.rdap_domain_url),
        (args.rdap_ip_url, &mut s.rdap_ip_url),
        (args.bootstrap_url, &mut s.bootstrap_url),
        (args.wayback_url, &mut s.wayback_url),
        (args.crtsh_url, &mut s.crtsh_url),
        (args.resolver, &mut s.resolver),
    ] {
        if let Some(v) = value {
            *slot = v;
            changed = true;
        }
    }
    if let Some(t) = args.timeout_secs {
        s.timeout_secs = t;
        changed = true;
    }
    if let Some(a) = args.allow_private_addresses {
        s.allow_private_addresses = a;
        changed = true;
    }
    if let Some(g) = args.guard_exempt {
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
    if args.json {
        return print_json(&s);
    }
    print_config(&s);
    Ok(())
}

/// The checks' settings, one per line, with "(default)" for those left empty.
fn print_config(s: &app::ChecksSettings) {
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
}
