//! Renders a [`Record`] as the PDF due-diligence record, with the canonical record
//! embedded as a file so the PDF can be verified on its own.
//!
//! Rendering is a pure function of the record and the generation time: verification
//! renders again from the embedded record and compares the pages' text.

use lopdf::{Dictionary, Object, Stream, StringFormat};
use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

use super::fonts::{Face, FontSet};
use super::layout::{CONTENT_W, Cell, Layout, Style};
use super::{EMBEDDED_RECORD_NAME, Record, RecordItem};
use crate::checklist::{Assessment, Phase};
use crate::model::{Outcome, Severity, SubjectKind};

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The shipped fonts could not be loaded (a build defect).
    #[error("the fonts shipped with this build could not be loaded")]
    Fonts,
    /// Writing the PDF structure failed.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// Info-dictionary key holding the record fingerprint.
pub(crate) const INFO_FINGERPRINT: &str = "BonafideFingerprint";
/// Info-dictionary key holding the generation time (needed to render again).
pub(crate) const INFO_GENERATED_AT: &str = "BonafideGeneratedAt";

/// The first `max` characters of a note, for the cover; the full note is in the checklist.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}… (full note in the checklist)")
}

fn size_words(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// The assessment the risk summary would give, recomputed from the record's items so the
/// PDF needs nothing but the record.
fn assessment(items: &[RecordItem]) -> Assessment {
    let pending_pre_hire =
        |i: &&RecordItem| i.outcome == Outcome::Pending && i.phase == Phase::PreHire;
    if items
        .iter()
        .filter(pending_pre_hire)
        .any(|i| i.severity == Severity::Critical)
    {
        Assessment::CriticalPending
    } else if items.iter().any(|i| i.outcome == Outcome::Fail) {
        Assessment::FailedChecks
    } else if items.iter().any(|i| i.outcome == Outcome::Concern) {
        Assessment::Concerns
    } else if items.iter().any(|i| pending_pre_hire(&i)) {
        Assessment::NoRedFlagsYet
    } else {
        Assessment::NoRedFlags
    }
}

/// Renders the record. `generated_at` is printed on every page and stored in the PDF.
pub fn render_pdf(record: &Record, generated_at: &str) -> Result<Vec<u8>, PdfError> {
    let fonts = FontSet::get().ok_or(PdfError::Fonts)?;
    let fingerprint = record.fingerprint();
    let name = &record.case.fields.display_name;
    let mut doc = PdfDocument::new(&format!("Due-diligence record: {name}"));
    let ids: Vec<(Face, printpdf::FontId)> = Face::ALL
        .iter()
        .map(|&f| (f, doc.add_font(fonts.parsed(f))))
        .collect();
    let mut l = Layout::new(fonts, ids.clone());
    write_cover(&mut l, record, &fingerprint);
    write_subject(&mut l, record);
    write_checklist(&mut l, record);
    write_checks_and_screening(&mut l, record);
    write_decisions(&mut l, record);
    write_audit(&mut l, record);
    let mut pages = l.finish();
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let first = format!(
            "Case {} · Fingerprint {}",
            record.case.id,
            &fingerprint[..16]
        );
        let second = format!("Generated {generated_at} UTC");
        Layout::footer(
            fonts,
            &ids,
            page,
            &[&first, &second],
            &format!("Page {} of {}", i + 1, total),
        );
    }
    let pages = pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
        .collect();
    doc.with_pages(pages);
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&opts, &mut warnings);
    embed_record(&mut pdf, record, &fingerprint, generated_at)?;
    let mut out = Vec::new();
    pdf.save_to(&mut out)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

fn write_cover(l: &mut Layout<'_>, r: &Record, fingerprint: &str) {
    let f = &r.case.fields;
    l.text("Due-diligence record", Style::H1);
    l.gap(4.0);
    l.text(&f.display_name, Style::H2);
    if !f.other_names.is_empty() {
        l.text(&f.other_names.join(" · "), Style::BODY);
    }
    l.gap(6.0);
    let kind = match r.case.kind {
        SubjectKind::Person => "Person (candidate or freelancer)",
        SubjectKind::Company => "Company (agency, vendor or contractor)",
    };
    l.field("Subject", kind);
    l.field("Role", &f.role);
    l.field("Case", &r.case.id);
    l.field(
        "Opened",
        &format!("{} by {}", r.case.created_at, r.case.created_by),
    );
    match r.current_decision() {
        Some(d) => {
            l.field("Closed", &d.decided_at);
            l.field("Decision", d.decision.word());
            l.field("Reviewer", &d.reviewer);
            l.field("Rationale", &d.rationale);
            if r.decision_is_stale() {
                l.field(
                    "Sign-off",
                    "STALE: the case changed after this decision was recorded; it must be renewed.",
                );
            } else if d.material_fingerprint.is_some() {
                l.field(
                    "Sign-off",
                    "Current: the decision covers the case as recorded here.",
                );
            }
        }
        None => l.field("Decision", "None recorded: the case is open."),
    }
    l.field(
        "Checklist",
        &format!(
            "{} ({} v{})",
            r.case.template_title, r.case.template_id, r.case.template_version
        ),
    );
    l.field("App version", &r.app_version);
    l.field("Record fingerprint", fingerprint);

    l.heading("Risk summary", Style::H2, 60.0);
    let mut counts = [0u32; 5];
    for i in &r.items {
        counts[Outcome::ALL
            .iter()
            .position(|o| *o == i.outcome)
            .unwrap_or(0)] += 1;
    }
    let line = Outcome::ALL
        .iter()
        .zip(counts)
        .map(|(o, n)| format!("{} {} {}", o.symbol(), o.word(), n))
        .collect::<Vec<_>>()
        .join("    ");
    l.text(&line, Style::BODY);
    l.gap(3.0);
    l.text(assessment(&r.items).headline(), Style::BODY_BOLD);
    let mut flags: Vec<&RecordItem> = r.items.iter().filter(|i| i.outcome.is_red_flag()).collect();
    flags.sort_by_key(|i| (i.severity, i.outcome != Outcome::Fail, i.position));
    l.heading(&format!("Red flags ({})", flags.len()), Style::H3, 20.0);
    if flags.is_empty() {
        l.text("No concern or failure recorded.", Style::BODY);
    }
    for i in flags {
        l.row(&[
            Cell {
                text: &format!("{} {}", i.outcome.symbol(), i.outcome.word()),
                style: Style::BODY_BOLD,
                width: 80.0,
            },
            Cell {
                text: i.severity.word(),
                style: Style::BODY,
                width: 50.0,
            },
            Cell {
                text: &format!("{} — {}", i.title, excerpt(&i.note, 240)),
                style: Style::BODY,
                width: CONTENT_W - 130.0,
            },
        ]);
    }
    let mut open: Vec<&RecordItem> = r
        .items
        .iter()
        .filter(|i| i.outcome == Outcome::Pending && i.phase == Phase::PreHire)
        .collect();
    open.sort_by_key(|i| (i.severity, i.position));
    l.heading(
        &format!("Open items before a decision ({})", open.len()),
        Style::H3,
        20.0,
    );
    if open.is_empty() {
        l.text("Every pre-hire item is answered.", Style::BODY);
    }
    for i in open {
        l.row(&[
            Cell {
                text: i.severity.word(),
                style: Style::BODY,
                width: 60.0,
            },
            Cell {
                text: &format!("{} ({})", i.title, i.item_id),
                style: Style::BODY,
                width: CONTENT_W - 60.0,
            },
        ]);
    }
    l.gap(8.0);
    l.text(
        "Not legal advice. This record documents the checks made; sanctions questions and potential matches go to legal counsel or the regulator. Keep this record for at least 10 years: OFAC's record-keeping period since March 2025.",
        Style::SMALL,
    );
}

fn write_subject(l: &mut Layout<'_>, r: &Record) {
    let f = &r.case.fields;
    l.heading("Subject details", Style::H2, 40.0);
    l.field("Name", &f.display_name);
    l.field("Other names", &f.other_names.join("; "));
    l.field("E-mails", &f.emails.join("; "));
    l.field("Phones", &f.phones.join("; "));
    l.field(
        "Claimed location",
        &[f.city.as_str(), f.country.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
    );
    l.field("Websites", &f.websites.join("; "));
    l.field("Date of birth", &f.date_of_birth);
    l.field("Company", &f.company_name);
    l.field(
        "Registration",
        &[
            f.company_registration_number.as_str(),
            f.company_country.as_str(),
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", "),
    );
    l.field("Payout holder", &f.payout_account_holder);
    l.field("Payout account", &f.payout_account);
    l.field("Payout bank country", &f.payout_bank_country);
    l.field("Wallets", &f.wallets.join("; "));
    l.field("Shipping address", &f.shipping_address);
    l.field("Sourcing channel", &f.sourcing_channel);
    l.field(
        "Consent to checks",
        if f.consent_recorded {
            "Recorded"
        } else {
            "Not recorded"
        },
    );
    l.field("Notes", &f.notes);
}

fn write_checklist(l: &mut Layout<'_>, r: &Record) {
    l.new_page();
    l.text("Checklist", Style::H1);
    let mut section = String::new();
    for item in &r.items {
        if item.section_id != section {
            section = item.section_id.clone();
            l.heading(
                &format!("{}. {}", item.section_id, item.section_title),
                Style::H2,
                50.0,
            );
        }
        l.rule();
        l.heading(
            &format!(
                "{} {} · {}",
                item.outcome.symbol(),
                item.outcome.word().to_uppercase(),
                item.title
            ),
            Style::H3,
            20.0,
        );
        l.text(
            &format!("{} · {} severity", item.item_id, item.severity.word()),
            Style::SMALL,
        );
        if let (Some(at), Some(by)) = (&item.updated_at, &item.updated_by) {
            l.field("Set", &format!("{at} by {by}"));
        }
        l.field("Note", &item.note);
        for e in r.evidence.iter().filter(|e| e.item_id == item.item_id) {
            let what = match (&e.sha256, e.size) {
                (Some(sha), Some(size)) => format!(
                    "{} ({}, {}) SHA-256 {}",
                    e.name,
                    size_words(size),
                    e.media_type.as_deref().unwrap_or("unknown type"),
                    sha
                ),
                _ => format!("Link: {}", e.name),
            };
            let mut when = format!("captured {} by {}", e.captured_at, e.added_by);
            if let Some(d) = &e.effective_date {
                when.push_str(&format!("; effective {d}"));
            }
            if !e.note.is_empty() {
                when.push_str(&format!("; {}", e.note));
            }
            l.field("Evidence", &format!("{what}\n{when}"));
        }
    }
}

fn write_checks_and_screening(l: &mut Layout<'_>, r: &Record) {
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
fn write_check(l: &mut Layout<'_>, v: &serde_json::Value) {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let state = match v["state"].as_str().unwrap_or("") {
        "done" => "done",
        "not_run_offline" => "NOT RUN — offline",
        "not_run_timed_out" => "NOT RUN — timed out",
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
            text(&v["finished_at"]),
            text(&v["message"])
        ),
    );
    for f in v["findings"].as_array().into_iter().flatten() {
        let mark = match f["signal"].as_str().unwrap_or("") {
            "red_flag" => "RED FLAG",
            "ok" => "ok",
            _ => "info",
        };
        let mut body = format!("[{mark}] {} ({})", text(&f["summary"]), text(&f["item_id"]));
        for fact in f["facts"].as_array().into_iter().flatten() {
            body.push_str(&format!(
                "\n{}: {}",
                text(&fact["label"]),
                text(&fact["value"])
            ));
        }
        for p in f["passages"].as_array().into_iter().flatten() {
            body.push_str(&format!("\nShared passage: “{}”", text(p)));
        }
        if let Some(case) = f["related_case_id"].as_str() {
            body.push_str(&format!(
                "\nOther case: {} ({case})",
                text(&f["related_case_name"])
            ));
        }
        l.field("Finding", &body);
    }
    for e in v["evidence"].as_array().into_iter().flatten() {
        l.field(
            "Source",
            &format!(
                "{}\nretrieved {}{}; {} bytes{}; SHA-256 {}",
                text(&e["source_url"]),
                text(&e["retrieved_at"]),
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
            ),
        );
    }
}

/// The latest screening, read from its canonical JSON so the record format, not the
/// app's types, decides what is printed.
fn write_screening(l: &mut Layout<'_>, v: &serde_json::Value) {
    let s = &v["screening"];
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let num = |v: &serde_json::Value| v.as_f64().unwrap_or(0.0);
    l.field(
        "Screened",
        &format!(
            "{} by {} ({})",
            text(&s["screened_at"]),
            text(&s["screened_by"]),
            text(&s["reason"]).replace('_', " ")
        ),
    );
    l.field(
        "Matcher",
        &format!(
            "{}; potential match at {:.2}, strong match at {:.2}",
            text(&s["matcher_version"]),
            num(&s["thresholds"]["review"]),
            num(&s["thresholds"]["strong"])
        ),
    );
    let lists = s["lists"].as_array().cloned().unwrap_or_default();
    if !lists
        .iter()
        .any(|l| !l["watchlist"].as_bool().unwrap_or(false))
    {
        l.field(
            "Lists",
            "No sanctions list was loaded: only the built-in watchlist was searched.",
        );
    }
    for list in &lists {
        let kind = if list["watchlist"].as_bool().unwrap_or(false) {
            " (reported fronts; not a sanctions list)"
        } else {
            ""
        };
        l.field(
            "List",
            &format!(
                "{}{kind}, published {}, {} entries{}\nSHA-256 {}",
                text(&list["title"]),
                list["published"].as_str().unwrap_or("unknown"),
                list["entity_count"].as_u64().unwrap_or(0),
                if list["stale"].as_bool().unwrap_or(false) {
                    "; STALE when screened"
                } else {
                    ""
                },
                text(&list["sha256"])
            ),
        );
    }
    for q in s["queries"].as_array().into_iter().flatten() {
        l.field(
            "Query",
            &format!(
                "{} ({}) → {}",
                text(&q["name"]),
                text(&q["role"]),
                text(&q["normalised"])
            ),
        );
    }
    let ids = s["identifiers"].as_array().cloned().unwrap_or_default();
    if !ids.is_empty() {
        l.field(
            "Identifiers",
            &ids.iter().map(text).collect::<Vec<_>>().join("; "),
        );
    }
    let hits = s["hits"].as_array().cloned().unwrap_or_default();
    if hits.is_empty() {
        l.text("No potential matches.", Style::BODY);
    }
    let dispositions = v["dispositions"].as_array().cloned().unwrap_or_default();
    for h in &hits {
        let watch = text(&h["list"]) == "watchlist";
        let label = if watch {
            "Watchlist red flag (public reporting, not a sanctions match)"
        } else {
            "Potential match"
        };
        l.heading(
            &format!(
                "{label}: {} — {} {} — score {:.2}",
                text(&h["name"]),
                text(&h["list"]),
                text(&h["entry_id"]),
                num(&h["score"])
            ),
            Style::H3,
            60.0,
        );
        let e = &h["entry"];
        let join = |v: &serde_json::Value| {
            v.as_array()
                .into_iter()
                .flatten()
                .map(|x| x.as_str().unwrap_or("").to_string())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let names: Vec<String> = e["names"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|n| {
                format!(
                    "{} ({})",
                    text(&n["name"]),
                    text(&n["type"]).replace('_', " ")
                )
            })
            .collect();
        l.field(
            "Entry",
            &format!("{} — {}", text(&e["kind"]), names.join("; ")),
        );
        for (label, key) in [
            ("Programs", "programs"),
            ("Born", "dates_of_birth"),
            ("Nationality", "nationalities"),
            ("Addresses", "addresses"),
            ("Sources", "sources"),
        ] {
            let value = join(&e[key]);
            if !value.is_empty() {
                l.field(label, &value);
            }
        }
        let ids: Vec<String> = e["identifiers"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| format!("{} {}", text(&i["label"]), text(&i["value"])))
            .collect();
        if !ids.is_empty() {
            l.field("Entry identifiers", &ids.join("; "));
        }
        if !text(&h["query"]).is_empty() {
            l.field(
                "Matched",
                &format!(
                    "case {} \"{}\" against {} \"{}\"; name score {:.2}",
                    text(&h["query_role"]),
                    text(&h["query"]),
                    text(&h["matched_name_type"]).replace('_', " "),
                    text(&h["matched_name"]),
                    num(&h["name_score"])
                ),
            );
        }
        let mut why: Vec<String> = h["pairs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                format!(
                    "{} ↔ {} {:.2} ({})",
                    text(&p["query"]),
                    text(&p["candidate"]),
                    num(&p["score"]),
                    text(&p["reason"]).replace('_', " ")
                )
            })
            .collect();
        for (key, label) in [
            ("unmatched_query", "not in entry"),
            ("unmatched_entry", "not in case"),
        ] {
            let v = join(&h[key]);
            if !v.is_empty() {
                why.push(format!("{label}: {v}"));
            }
        }
        for q in h["qualifiers"].as_array().into_iter().flatten() {
            why.push(format!(
                "{} {:+.2}: {}",
                text(&q["what"]),
                num(&q["effect"]),
                text(&q["detail"])
            ));
        }
        for m in h["identifiers"].as_array().into_iter().flatten() {
            why.push(format!(
                "{} {}: {}",
                text(&m["kind"]),
                text(&m["subject_value"]),
                text(&m["detail"])
            ));
        }
        if !why.is_empty() {
            l.field("Why", &why.join("\n"));
        }
        let latest = dispositions
            .iter()
            .rev()
            .find(|d| d["list"] == h["list"] && d["entry_id"] == h["entry_id"]);
        match latest {
            Some(d) => {
                let current =
                    d["subject_key"] == s["subject_key"] && d["entry_key"] == h["entry_key"];
                l.field(
                    "Disposition",
                    &format!(
                        "{} by {} at {}{}\n{}",
                        text(&d["disposition"]).replace('_', " "),
                        text(&d["decided_by"]),
                        text(&d["decided_at"]),
                        if current {
                            ""
                        } else {
                            " (lapsed: the subject or the entry changed since)"
                        },
                        text(&d["rationale"])
                    ),
                );
            }
            None => l.field("Disposition", "none recorded"),
        }
    }
    for p in v["proposals"].as_array().into_iter().flatten() {
        l.field(
            &format!("Proposed for {}", text(&p["item_id"])),
            &format!(
                "{}: {}",
                text(&p["outcome"]).replace('_', " "),
                text(&p["summary"])
            ),
        );
    }
}

fn write_decisions(l: &mut Layout<'_>, r: &Record) {
    l.heading("Decisions", Style::H2, 30.0);
    if r.decisions.is_empty() {
        l.text("No decision recorded.", Style::BODY);
    }
    for d in &r.decisions {
        l.row(&[
            Cell {
                text: &format!("#{}", d.seq),
                style: Style::BODY_BOLD,
                width: 30.0,
            },
            Cell {
                text: &format!(
                    "{} — {} (reviewer {}, entered by {} at {})",
                    d.decision.word(),
                    d.rationale,
                    d.reviewer,
                    d.recorded_by,
                    d.decided_at
                ),
                style: Style::BODY,
                width: CONTENT_W - 30.0,
            },
        ]);
    }
}

fn write_audit(l: &mut Layout<'_>, r: &Record) {
    l.heading("Audit trail", Style::H2, 40.0);
    l.text(
        "Every change, oldest first. Each event is chained to the one before it by SHA-256; the last hash is the chain head.",
        Style::SMALL,
    );
    for e in &r.audit_events {
        let mut detail = crate::audit::canonical_json(&e.payload);
        if detail.chars().count() > 400 {
            detail = detail.chars().take(400).collect::<String>() + "…";
        }
        let item = e
            .item_id
            .as_deref()
            .map(|i| format!(" {i}"))
            .unwrap_or_default();
        l.row(&[
            Cell {
                text: &e.seq.to_string(),
                style: Style::SMALL,
                width: 24.0,
            },
            Cell {
                text: &format!("{}\n{}", e.at, e.actor),
                style: Style::SMALL,
                width: 110.0,
            },
            Cell {
                text: &format!("{}{}: {}", e.kind.as_str(), item, detail),
                style: Style::SMALL,
                width: CONTENT_W - 134.0,
            },
        ]);
    }
    let head = r
        .audit_events
        .last()
        .map(|e| e.hash.as_str())
        .unwrap_or(crate::audit::GENESIS_HASH);
    l.gap(4.0);
    l.field("Chain head", head);
    l.field("Events", &r.audit_events.len().to_string());
}

/// Adds the canonical record as an embedded file (`/EmbeddedFiles` and `/AF`), and the
/// fingerprint and generation time to the document information dictionary.
fn embed_record(
    doc: &mut lopdf::Document,
    record: &Record,
    fingerprint: &str,
    generated_at: &str,
) -> Result<(), PdfError> {
    let bytes = record.canonical_bytes();
    let write = |e: lopdf::Error| PdfError::Write(e.to_string());
    let mut params = Dictionary::new();
    params.set("Size", Object::Integer(bytes.len() as i64));
    let mut stream_dict = Dictionary::new();
    stream_dict.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
    stream_dict.set("Subtype", Object::Name(b"application/json".to_vec()));
    stream_dict.set("Params", Object::Dictionary(params));
    let mut stream = Stream::new(stream_dict, bytes);
    let _ = stream.compress();
    let file_id = doc.add_object(stream);
    let mut ef = Dictionary::new();
    ef.set("F", Object::Reference(file_id));
    ef.set("UF", Object::Reference(file_id));
    let name = || {
        Object::String(
            EMBEDDED_RECORD_NAME.as_bytes().to_vec(),
            StringFormat::Literal,
        )
    };
    let mut spec = Dictionary::new();
    spec.set("Type", Object::Name(b"Filespec".to_vec()));
    spec.set("F", name());
    spec.set("UF", name());
    spec.set("EF", Object::Dictionary(ef));
    spec.set(
        "Desc",
        Object::String(
            b"Canonical due-diligence record (bonafide-record/1)".to_vec(),
            StringFormat::Literal,
        ),
    );
    spec.set("AFRelationship", Object::Name(b"Data".to_vec()));
    let spec_id = doc.add_object(spec);
    let mut tree = Dictionary::new();
    tree.set(
        "Names",
        Object::Array(vec![name(), Object::Reference(spec_id)]),
    );
    let catalog = doc.catalog_mut().map_err(write)?;
    let mut names = match catalog.get(b"Names") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    names.set("EmbeddedFiles", Object::Dictionary(tree));
    catalog.set("Names", Object::Dictionary(names));
    catalog.set("AF", Object::Array(vec![Object::Reference(spec_id)]));

    let text = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    let info_id = match doc.trailer.get(b"Info") {
        Ok(Object::Reference(id)) => *id,
        _ => {
            let id = doc.add_object(Dictionary::new());
            doc.trailer.set("Info", Object::Reference(id));
            id
        }
    };
    let info = doc
        .get_object_mut(info_id)
        .and_then(Object::as_dict_mut)
        .map_err(write)?;
    info.set(INFO_FINGERPRINT, text(fingerprint));
    info.set(INFO_GENERATED_AT, text(generated_at));
    Ok(())
}
