//! The case's history: every decision in order, then the audit trail with its chain head.

use crate::Record;
use crate::layout::{CONTENT_W, Cell, Layout, Style};
use crate::time::human_time;

/// The most characters of an event's payload printed; the full payload is in the
/// embedded record.
const EVENT_DETAIL_CHARS: usize = 400;

/// Writes every decision, oldest first.
pub(super) fn write_decisions(l: &mut Layout<'_>, r: &Record) {
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
                    human_time(&d.decided_at)
                ),
                style: Style::BODY,
                width: CONTENT_W - 30.0,
            },
        ]);
    }
}

/// Writes the audit trail, oldest first, and the hash at its head.
pub(super) fn write_audit(l: &mut Layout<'_>, r: &Record) {
    l.heading("Audit trail", Style::H2, 40.0);
    l.text(
        "Every change, oldest first. Each event is chained to the one before it by SHA-256; the last hash is the chain head.",
        Style::SMALL,
    );
    for e in &r.audit_events {
        write_event(l, e);
    }
    let head = r
        .audit_events
        .last()
        .map(|e| e.hash.as_str())
        .unwrap_or(bonafide_audit::GENESIS_HASH);
    l.gap(4.0);
    l.field("Chain head", head);
    l.field("Events", &r.audit_events.len().to_string());
}

/// One event as a row: its number, when and by whom, and what changed.
fn write_event(l: &mut Layout<'_>, e: &bonafide_audit::AuditEvent) {
    let mut detail = bonafide_audit::canonical_json(&e.payload);
    if detail.chars().count() > EVENT_DETAIL_CHARS {
        detail = detail.chars().take(EVENT_DETAIL_CHARS).collect::<String>() + "…";
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
            text: &format!("{}\n{}", human_time(&e.at), e.actor),
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
