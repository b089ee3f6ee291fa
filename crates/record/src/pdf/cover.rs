//! The cover page: who the subject is, where the case stands, and the risk summary a
//! reader needs before turning to the detail (red flags and the items still open).

use crate::layout::{CONTENT_W, Cell, Layout, Style};
use crate::time::human_time;
use crate::{Record, RecordItem};
use bonafide_checklist::{Assessment, Phase};
use bonafide_model::{Outcome, Severity, SubjectKind};

/// The longest note excerpt shown beside a red flag.
const FLAG_NOTE_CHARS: usize = 240;

/// The first `max` characters of a note, for the cover; the full note is in the checklist.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}… (full note in the checklist)")
}

/// Whether an item still needs an answer before a decision.
fn is_open_pre_hire(item: &RecordItem) -> bool {
    item.outcome == Outcome::Pending && item.phase == Phase::PreHire
}

/// The assessment the risk summary would give, recomputed from the record's items so the
/// PDF needs nothing but the record.
fn assessment(items: &[RecordItem]) -> Assessment {
    if items
        .iter()
        .filter(|i| is_open_pre_hire(i))
        .any(|i| i.severity == Severity::Critical)
    {
        Assessment::CriticalPending
    } else if items.iter().any(|i| i.outcome == Outcome::Fail) {
        Assessment::FailedChecks
    } else if items.iter().any(|i| i.outcome == Outcome::Concern) {
        Assessment::Concerns
    } else if items.iter().any(is_open_pre_hire) {
        Assessment::NoRedFlagsYet
    } else {
        Assessment::NoRedFlags
    }
}

/// Writes the cover page.
pub(super) fn write_cover(l: &mut Layout<'_>, r: &Record, fingerprint: &str) {
    write_title(l, r);
    write_case_fields(l, r, fingerprint);
    write_risk_summary(l, r);
    write_red_flags(l, r);
    write_open_items(l, r);
    write_disclaimer(l);
}

/// The title and the subject's names.
fn write_title(l: &mut Layout<'_>, r: &Record) {
    let f = &r.case.fields;
    l.text("Due-diligence record", Style::H1);
    l.gap(4.0);
    l.text(&f.display_name, Style::H2);
    if !f.other_names.is_empty() {
        l.text(&f.other_names.join(" · "), Style::BODY);
    }
    l.gap(6.0);
}

/// The case at a glance: subject kind, role, opening, decision, checklist and fingerprint.
fn write_case_fields(l: &mut Layout<'_>, r: &Record, fingerprint: &str) {
    let kind = match r.case.kind {
        SubjectKind::Person => "Person (candidate or freelancer)",
        SubjectKind::Company => "Company (agency, vendor or contractor)",
    };
    l.field("Subject", kind);
    l.field("Role", &r.case.fields.role);
    l.field("Case", &r.case.id);
    l.field(
        "Opened",
        &format!(
            "{} by {}",
            human_time(&r.case.created_at),
            r.case.created_by
        ),
    );
    write_decision_fields(l, r);
    l.field(
        "Checklist",
        &format!(
            "{} ({} v{})",
            r.case.template_title, r.case.template_id, r.case.template_version
        ),
    );
    l.field("App version", &r.app_version);
    l.field("Record fingerprint", fingerprint);
}

/// The decision in force and whether it still covers the case, or that there is none.
fn write_decision_fields(l: &mut Layout<'_>, r: &Record) {
    let Some(d) = r.current_decision() else {
        l.field("Decision", "None recorded: the case is open.");
        return;
    };
    l.field("Closed", &human_time(&d.decided_at));
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

/// How many items have each outcome, and the assessment's headline.
fn write_risk_summary(l: &mut Layout<'_>, r: &Record) {
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
}

/// Every concern and failure, most severe first, failures before concerns.
fn write_red_flags(l: &mut Layout<'_>, r: &Record) {
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
                text: &format!("{} — {}", i.title, excerpt(&i.note, FLAG_NOTE_CHARS)),
                style: Style::BODY,
                width: CONTENT_W - 130.0,
            },
        ]);
    }
}

/// The pre-hire items still pending, most severe first.
fn write_open_items(l: &mut Layout<'_>, r: &Record) {
    let mut open: Vec<&RecordItem> = r.items.iter().filter(|i| is_open_pre_hire(i)).collect();
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
}

/// What the record is not, and how long to keep it.
fn write_disclaimer(l: &mut Layout<'_>) {
    l.gap(8.0);
    l.text(
        "Not legal advice. This record documents the checks made; sanctions questions and potential matches go to legal counsel or the regulator. Keep this record for at least 10 years: OFAC's record-keeping period since March 2025.",
        Style::SMALL,
    );
}
