//! The after-hiring section: the monitoring plan, each imported sign-in log or inventory
//! with its findings and the rows that raised them, what could not be assessed, the
//! findings across cases, what the device's delivery shows, and the data the findings
//! used. Read from the record's JSON, as
//! the checks are. Records made before the section existed have none and print none.
//!
//! The record holds only what stays true: due dates, what was done, the imports. Whether a
//! task was overdue is worked out against the record's own generation time, so the same
//! record always renders the same pages.

use serde_json::Value;

use super::json::{list, text};
use crate::Record;
use crate::layout::{Layout, Style};
use crate::time::human_time;

/// Writes the section, when the record has one.
pub(super) fn write_after_hiring(l: &mut Layout<'_>, r: &Record, generated_at: &str) {
    let Some(v) = &r.after_hiring else { return };
    l.heading("After hiring", Style::H2, 30.0);
    let accounts: Vec<String> = list(&v["accounts"]).iter().map(text).collect();
    l.field(
        "Work accounts",
        &if accounts.is_empty() {
            "none recorded".to_owned()
        } else {
            accounts.join(", ")
        },
    );
    write_plan(l, &v["plan"], generated_at.get(..10).unwrap_or(""));
    if list(&v["imports"]).is_empty() {
        l.text(
            "No sign-in log or device inventory was imported.",
            Style::BODY,
        );
    }
    for i in list(&v["imports"]) {
        l.field(
            "Import",
            &format!(
                "{} — {}; {} rows, {} of this case; imported {} by {}; SHA-256 {}",
                text(&i["file_name"]),
                text(&i["format"]),
                i["row_count"].as_u64().unwrap_or(0),
                i["matched_count"].as_u64().unwrap_or(0),
                human_time(&text(&i["imported_at"])),
                text(&i["imported_by"]),
                text(&i["sha256"]),
            ),
        );
        let label = text(&i["row_label"]);
        for f in list(&i["assessment"]["findings"]) {
            l.field("Finding", &finding_text(f, &label));
        }
        for n in list(&i["assessment"]["not_assessed"]) {
            l.field("Not assessed", &text(n));
        }
    }
    for f in list(&v["across_cases"]) {
        l.field("Across cases", &finding_text(f, ""));
    }
    for f in list(&v["delivery"]["findings"]) {
        l.field("Delivery", &finding_text(f, ""));
    }
    for n in list(&v["delivery"]["not_assessed"]) {
        l.field("Not assessed", &text(n));
    }
    for s in list(&v["data_sources"]) {
        l.field("Data", &text(s));
    }
}

/// The plan; `today` is the generation date, `YYYY-MM-DD` (dates compare as text).
fn write_plan(l: &mut Layout<'_>, p: &Value, today: &str) {
    if p.is_null() {
        l.field(
            "Monitoring plan",
            "none: it starts with a decision to proceed",
        );
        return;
    }
    let mut body = format!("from {}", text(&p["started_on"]));
    let running = p["completed"].is_null();
    for t in list(&p["tasks"]) {
        let state = if !t["done"].is_null() {
            format!(
                "done {} by {}: {}",
                human_time(&text(&t["done"]["done_at"])),
                text(&t["done"]["done_by"]),
                text(&t["done"]["note"])
            )
        } else if running && text(&t["due"]).as_str() < today {
            "OVERDUE when this record was made".to_owned()
        } else {
            "to do".to_owned()
        };
        body.push_str(&format!(
            "\nday {}, due {}: {state}",
            t["day"].as_i64().unwrap_or(0),
            text(&t["due"])
        ));
    }
    let c = &p["completed"];
    if !c.is_null() {
        body.push_str(&format!(
            "\nmonitoring complete {} by {}{}",
            human_time(&text(&c["completed_at"])),
            text(&c["completed_by"]),
            match text(&c["reason"]) {
                r if r.is_empty() => String::new(),
                r => format!(": {r}"),
            }
        ));
    }
    l.field("Monitoring plan", &body);
}

/// A finding with its weight, item, rows and sources, one per line.
fn finding_text(f: &Value, row_label: &str) -> String {
    let mark = if text(&f["weight"]) == "concern" {
        "CONCERN"
    } else {
        "context"
    };
    let mut body = format!("[{mark}] {} ({})", text(&f["summary"]), text(&f["item_id"]));
    for row in list(&f["rows"]) {
        match row["line"].as_u64().unwrap_or(0) {
            0 => body.push_str(&format!("\n{}", text(&row["text"]))),
            n => body.push_str(&format!("\n{row_label} {n}: {}", text(&row["text"]))),
        }
    }
    let shown = list(&f["rows"]).len() as u64;
    let all = f["row_count"].as_u64().unwrap_or(shown);
    if all > shown {
        body.push_str(&format!("\n… and {} more rows", all - shown));
    }
    for s in list(&f["sources"]) {
        body.push_str(&format!("\nSource: {}", text(s)));
    }
    body
}
