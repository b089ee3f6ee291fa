//! One sanctions and watchlist screening: how it was run and against which lists, then
//! every potential match with the entry, why it matched, and the reviewer's disposition,
//! and last the outcomes it proposed for checklist items.
//!
//! Printed from the screening's canonical JSON so the record format, not the app's
//! types, decides what is printed.

use crate::time::human_time;
use serde_json::Value;

use super::json::{join, list, num, text, words};
use crate::layout::{Layout, Style};

/// The fields of a sanctions entry printed as lists, with their labels.
const ENTRY_LISTS: [(&str, &str); 5] = [
    ("Programs", "programs"),
    ("Born", "dates_of_birth"),
    ("Nationality", "nationalities"),
    ("Addresses", "addresses"),
    ("Sources", "sources"),
];

/// Writes one screening with its dispositions and proposals.
pub(super) fn write_screening(l: &mut Layout<'_>, v: &Value) {
    let s = &v["screening"];
    write_run(l, s);
    write_lists(l, s);
    write_queries(l, s);
    let hits = list(&s["hits"]);
    if hits.is_empty() {
        l.text("No potential matches.", Style::BODY);
    }
    let dispositions = list(&v["dispositions"]);
    for h in hits {
        write_hit(l, s, h, dispositions);
    }
    write_proposals(l, v);
}

/// When, by whom and why it was screened, and the matcher with its thresholds.
fn write_run(l: &mut Layout<'_>, s: &Value) {
    l.field(
        "Screened",
        &format!(
            "{} by {} ({})",
            human_time(&text(&s["screened_at"])),
            text(&s["screened_by"]),
            words(&s["reason"])
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
}

/// Every list searched, with its date, size and hash; says so when none was a sanctions
/// list, since a screening against the watchlist alone clears nobody.
fn write_lists(l: &mut Layout<'_>, s: &Value) {
    let is_watchlist = |entry: &Value| entry["watchlist"].as_bool().unwrap_or(false);
    let lists = list(&s["lists"]);
    if lists.iter().all(is_watchlist) {
        l.field(
            "Lists",
            "No sanctions list was loaded: only the built-in watchlist was searched.",
        );
    }
    for entry in lists {
        let kind = if is_watchlist(entry) {
            " (reported fronts; not a sanctions list)"
        } else {
            ""
        };
        // Publisher and licence were added later; screenings without them print as
        // they always did.
        let mut from = String::new();
        if let Some(p) = entry["publisher"].as_str().filter(|p| !p.is_empty()) {
            from.push_str(&format!("\nPublisher: {p}"));
        }
        if let Some(lic) = entry["licence"].as_str().filter(|p| !p.is_empty()) {
            from.push_str(&format!("\nLicence: {lic}"));
        }
        l.field(
            "List",
            &format!(
                "{}{kind}, published {}, {} entries{}\nSHA-256 {}{from}",
                text(&entry["title"]),
                entry["published"].as_str().unwrap_or("unknown"),
                entry["entity_count"].as_u64().unwrap_or(0),
                if entry["stale"].as_bool().unwrap_or(false) {
                    "; STALE when screened"
                } else {
                    ""
                },
                text(&entry["sha256"])
            ),
        );
    }
}

/// The names searched for, as given and as normalised, and the identifiers searched.
fn write_queries(l: &mut Layout<'_>, s: &Value) {
    for q in list(&s["queries"]) {
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
    if !list(&s["identifiers"]).is_empty() {
        l.field("Identifiers", &join(&s["identifiers"]));
    }
}

/// One potential match: a heading with its score, the entry, what matched and why, and
/// the latest disposition.
fn write_hit(l: &mut Layout<'_>, s: &Value, h: &Value, dispositions: &[Value]) {
    let label = if text(&h["list"]) == "watchlist" {
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
    write_entry(l, &h["entry"]);
    write_matched_name(l, h);
    let why = why_lines(h);
    if !why.is_empty() {
        l.field("Why", &why.join("\n"));
    }
    write_disposition(l, s, h, dispositions);
}

/// The listed entry: its kind and names, its listed details, and its identifiers.
fn write_entry(l: &mut Layout<'_>, e: &Value) {
    let names: Vec<String> = list(&e["names"])
        .iter()
        .map(|n| format!("{} ({})", text(&n["name"]), words(&n["type"])))
        .collect();
    l.field(
        "Entry",
        &format!("{} — {}", text(&e["kind"]), names.join("; ")),
    );
    for (label, key) in ENTRY_LISTS {
        let value = join(&e[key]);
        if !value.is_empty() {
            l.field(label, &value);
        }
    }
    let ids: Vec<String> = list(&e["identifiers"])
        .iter()
        .map(|i| format!("{} {}", text(&i["label"]), text(&i["value"])))
        .collect();
    if !ids.is_empty() {
        l.field("Entry identifiers", &ids.join("; "));
    }
    let linked: Vec<String> = list(&e["relations"])
        .iter()
        .map(|r| format!("{} {}", text(&r["role"]), text(&r["name"])))
        .collect();
    if !linked.is_empty() {
        l.field(
            "Linked parties",
            &format!("{} (context, not matches)", linked.join("; ")),
        );
    }
}

/// Which of the case's names matched which of the entry's, with the name score.
fn write_matched_name(l: &mut Layout<'_>, h: &Value) {
    if text(&h["query"]).is_empty() {
        return;
    }
    l.field(
        "Matched",
        &format!(
            "case {} \"{}\" against {} \"{}\"; name score {:.2}",
            text(&h["query_role"]),
            text(&h["query"]),
            words(&h["matched_name_type"]),
            text(&h["matched_name"]),
            num(&h["name_score"])
        ),
    );
}

/// The reasons behind the score, one per line: the name parts paired, the parts left
/// unmatched on either side, the qualifiers applied, and the identifiers compared.
fn why_lines(h: &Value) -> Vec<String> {
    let mut why: Vec<String> = list(&h["pairs"])
        .iter()
        .map(|p| {
            format!(
                "{} ↔ {} {:.2} ({})",
                text(&p["query"]),
                text(&p["candidate"]),
                num(&p["score"]),
                words(&p["reason"])
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
    let weights: Vec<String> = list(&h["weights"])
        .iter()
        .map(|w| {
            let common = if num(&w["rarity"]) < 1.0 {
                " (common)"
            } else {
                ""
            };
            format!("{} {:.2}{common}", text(&w["token"]), num(&w["weight"]))
        })
        .collect();
    if !weights.is_empty() {
        why.push(format!("weights: {}", weights.join(", ")));
    }
    for q in list(&h["qualifiers"]) {
        why.push(format!(
            "{} {:+.2}: {}",
            text(&q["what"]),
            num(&q["effect"]),
            text(&q["detail"])
        ));
    }
    for m in list(&h["identifiers"]) {
        why.push(format!(
            "{} {}: {}",
            text(&m["kind"]),
            text(&m["subject_value"]),
            text(&m["detail"])
        ));
    }
    why
}

/// The latest disposition of this entry, marked lapsed when the subject or the entry
/// changed since it was made.
fn write_disposition(l: &mut Layout<'_>, s: &Value, h: &Value, dispositions: &[Value]) {
    let latest = dispositions
        .iter()
        .rev()
        .find(|d| d["list"] == h["list"] && d["entry_id"] == h["entry_id"]);
    let Some(d) = latest else {
        l.field("Disposition", "none recorded");
        return;
    };
    let current = d["subject_key"] == s["subject_key"] && d["entry_key"] == h["entry_key"];
    l.field(
        "Disposition",
        &format!(
            "{} by {} at {}{}\n{}",
            words(&d["disposition"]),
            text(&d["decided_by"]),
            human_time(&text(&d["decided_at"])),
            if current {
                ""
            } else {
                " (lapsed: the subject or the entry changed since)"
            },
            text(&d["rationale"])
        ),
    );
}

/// The outcomes the screening proposed for checklist items.
fn write_proposals(l: &mut Layout<'_>, v: &Value) {
    for p in list(&v["proposals"]) {
        l.field(
            &format!("Proposed for {}", text(&p["item_id"])),
            &format!("{}: {}", words(&p["outcome"]), text(&p["summary"])),
        );
    }
}
