//! The automated checks and the screening section: each check result with its findings
//! and the provenance of every raw answer, then each screening (laid out by `screening`).

use crate::time::human_time;
use serde_json::Value;

use super::json::{list, text};
use super::screening::write_screening;
use crate::Record;
use crate::layout::{Layout, Style};

/// Writes the automated checks, then the sanctions and watchlist screenings.
pub(super) fn write_checks_and_screening(l: &mut Layout<'_>, r: &Record) {
    l.heading("Automated checks", Style::H2, 30.0);
    if r.findings.is_empty() {
        l.text(
            "No automated check findings are part of this record.",
            Style::BODY,
        );
    }
    for f in &r.findings {
        write_check(l, f);
    }
    l.heading("Sanctions and watchlist screening", Style::H2, 30.0);
    if r.screenings.is_empty() {
        l.text(
            "No screening results are part of this record. Item G records the reviewer's own screening.",
            Style::BODY,
        );
    }
    for s in &r.screenings {
        write_screening(l, s);
    }
}

/// One check result with its findings and the provenance of every raw answer, read from
/// the record's JSON like the screening.
fn write_check(l: &mut Layout<'_>, v: &Value) {
    let state = match v["state"].as_str().unwrap_or("") {
        "done" => "done",
        "not_run_offline" => "NOT RUN — offline",
        "not_run_timed_out" => "NOT RUN — timed out",
        "not_run_unresolved" => "NOT RUN — names do not resolve on this network",
        "failed" => "could not be completed",
        other => other,
    };
    l.field(
        &text(&v["key"])
            .split(':')
            .next()
            .unwrap_or("check")
            .replace('_', " "),
        &format!(
            "{} — {state}, {}\n{}",
            text(&v["target"]),
            human_time(&text(&v["finished_at"])),
            text(&v["message"])
        ),
    );
    for f in list(&v["findings"]) {
        l.field("Finding", &finding_text(f));
    }
    for e in list(&v["evidence"]) {
        l.field("Source", &source_text(e));
    }
}

/// A finding: its signal, summary and item, then its facts, shared passages and the
/// other case it points to, one per line.
fn finding_text(f: &Value) -> String {
    let mark = match f["signal"].as_str().unwrap_or("") {
        "red_flag" => "RED FLAG",
        "ok" => "ok",
        _ => "info",
    };
    let mut body = format!("[{mark}] {} ({})", text(&f["summary"]), text(&f["item_id"]));
    for fact in list(&f["facts"]) {
        body.push_str(&format!(
            "\n{}: {}",
            text(&fact["label"]),
            text(&fact["value"])
        ));
    }
    for p in list(&f["passages"]) {
        body.push_str(&format!("\nShared passage: “{}”", text(p)));
    }
    if let Some(case) = f["related_case_id"].as_str() {
        body.push_str(&format!(
            "\nOther case: {} ({case})",
            text(&f["related_case_name"])
        ));
    }
    body
}

/// Where a raw answer came from: the address, when it was retrieved, the HTTP status,
/// its size (and whether it was cut) and its hash.
fn source_text(e: &Value) -> String {
    format!(
        "{}\nretrieved {}{}; {} bytes{}; SHA-256 {}",
        text(&e["source_url"]),
        human_time(&text(&e["retrieved_at"])),
        e["status"]
            .as_u64()
            .map(|s| format!(", HTTP {s}"))
            .unwrap_or_default(),
        e["size"].as_u64().unwrap_or(0),
        if e["truncated"].as_bool().unwrap_or(false) {
            " (cut at the size cap)"
        } else {
            ""
        },
        text(&e["sha256"])
    )
}
