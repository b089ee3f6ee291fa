//! `bonafide export`: the PDF due-diligence record of one case, or of every case.

use std::path::PathBuf;

use bonafide::app::App;
use clap::Args;

use crate::case_id;
use crate::exit::Failure;

/// What `export` takes: one case and its PDF, or `--all` into a folder.
#[derive(Args)]
pub struct ExportArgs {
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
}

/// Runs `export`.
pub fn run(app: &App, args: ExportArgs) -> Result<(), Failure> {
    if args.all {
        let dir = args
            .dir
            .ok_or_else(|| Failure::Usage("--all needs --dir DIR".into()))?;
        return export_all(app, dir);
    }
    let (Some(case), Some(pdf)) = (args.case, args.pdf) else {
        return Err(Failure::Usage(
            "give a CASE and --pdf OUT.pdf, or --all --dir DIR".into(),
        ));
    };
    let id = case_id::resolve(app, &case)?;
    let done = app.export_pdf(&id, &pdf)?;
    println!(
        "{}  {} bytes  fingerprint {}",
        done.path, done.bytes, done.fingerprint
    );
    match (&done.signed_by, &done.time_stamp) {
        (Some(org), Some(ts)) => println!("signed for {org}, time-stamped {ts}"),
        (Some(org), None) => println!("signed for {org}"),
        _ => {}
    }
    if let Some(note) = &done.signing_note {
        eprintln!("bonafide: {note}");
    }
    if let Some(json) = args.json {
        app.export_json(&id, &json)?;
        println!("{}", json.display());
    }
    Ok(())
}

/// `export --all`: one line per record on stdout, the count and time on stderr.
fn export_all(app: &App, dir: PathBuf) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let done = app.export_all(&dir)?;
    for e in &done {
        println!("{}  {}", e.path, e.fingerprint);
    }
    if let Some(note) = done.iter().find_map(|e| e.signing_note.as_ref()) {
        eprintln!("bonafide: {note}");
    }
    eprintln!(
        "exported {} records to {} in {:.1} s",
        done.len(),
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
