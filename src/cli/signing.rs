//! `bonafide signing`: the organisation's signing identity, which signs every exported
//! record, and the time-stamping authority that vouches for the signing time.

use std::path::PathBuf;

use bonafide::app::{App, SigningStatus, read_pkcs12_file};
use clap::Subcommand;

use crate::exit::Failure;
use crate::json::print_json;
use crate::secrets::{ask, secret_from_env};

/// Environment variable with the password of the PKCS#12 file `signing import` reads.
const P12_PASSWORD_ENV: &str = "BONAFIDE_P12_PASSWORD";

/// The `signing` subcommands.
#[derive(Subcommand)]
pub enum SigningCmd {
    /// Create the organisation's records CA and a signing certificate issued by it.
    /// Every record exported afterwards is signed.
    Init {
        /// The organisation, as the certificates and the signature will name it.
        #[arg(long, value_name = "NAME")]
        org: String,
        /// Replace an identity that exists (the old CA stays trusted here for the
        /// records it signed).
        #[arg(long)]
        replace: bool,
    },
    /// Sign records with a document-signing certificate from a CA instead: a PKCS#12 file
    /// (.p12, .pfx) with the private key and the CA's certificates. Its password comes
    /// from BONAFIDE_P12_PASSWORD or is asked.
    Import {
        /// The PKCS#12 file.
        file: PathBuf,
        /// Replace an identity that exists (the old CA stays trusted here for the
        /// records it signed).
        #[arg(long)]
        replace: bool,
    },
    /// Write the records CA certificate, the file an auditor trusts (`verify --trust`).
    ExportCa {
        /// Where to write the PEM file.
        out: PathBuf,
    },
    /// Whether records are signed, by whom, and the time-stamping authority.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Name the time-stamping authority (RFC 3161) records are stamped by, or none.
    Config {
        /// The authority's address, such as https://freetsa.org/tsr.
        #[arg(
            long,
            value_name = "URL",
            conflicts_with = "no_tsa",
            required_unless_present = "no_tsa"
        )]
        tsa_url: Option<String>,
        /// Stop time-stamping: records then carry this computer's clock as their only time.
        #[arg(long)]
        no_tsa: bool,
    },
}

fn print_status(s: &SigningStatus) {
    match (&s.organisation, &s.ca_sha256) {
        (Some(org), Some(sha)) if s.configured => {
            println!("records are signed for {org}");
            if s.imported {
                println!(
                    "with a certificate imported from a PKCS#12 file, issued under {}",
                    s.ca_subject.as_deref().unwrap_or("its CA")
                );
            }
            println!("records CA SHA-256: {sha}");
            if let Some(until) = &s.signer_valid_until {
                println!("signing certificate valid until {until}");
            }
        }
        _ => println!(
            "records are not signed: run `bonafide signing init --org NAME` to set up signing"
        ),
    }
    match &s.tsa_url {
        Some(url) => println!("time-stamping authority: {url}"),
        None => println!(
            "no time-stamping authority: records carry this computer's clock as their only time"
        ),
    }
    if s.previous_cas > 0 {
        println!(
            "{} earlier records CA(s) still trusted for old records",
            s.previous_cas
        );
    }
}

/// Runs a `signing` subcommand.
pub fn run(app: &App, cmd: SigningCmd) -> Result<(), Failure> {
    match cmd {
        SigningCmd::Init { org, replace } => {
            let s = app.signing_init(&org, replace)?;
            print_status(&s);
            println!("give auditors the CA certificate: bonafide signing export-ca records-ca.pem");
        }
        SigningCmd::Import { file, replace } => {
            // The file first: a wrong path is said before anything is asked.
            let bytes = read_pkcs12_file(&file)?;
            let password = match secret_from_env(P12_PASSWORD_ENV) {
                Some(p) => p,
                None => ask(&format!("Password of {}: ", file.display()))?.ok_or_else(|| {
                    Failure::Usage(format!(
                        "run this in a terminal to be asked for the file's password, or set \
                         {P12_PASSWORD_ENV}"
                    ))
                })?,
            };
            let s = app.signing_import(&bytes, &password, replace)?;
            print_status(&s);
            println!("give auditors the CA certificate: bonafide signing export-ca records-ca.pem");
        }
        SigningCmd::ExportCa { out } => {
            app.signing_export_ca(&out)?;
            println!("{}", out.display());
        }
        SigningCmd::Status { json } => {
            let s = app.signing_status()?;
            if json {
                print_json(&s)?;
            } else {
                print_status(&s);
            }
        }
        SigningCmd::Config { tsa_url, no_tsa } => {
            let url = if no_tsa { None } else { tsa_url };
            print_status(&app.set_tsa_url(url.as_deref())?);
        }
    }
    Ok(())
}
