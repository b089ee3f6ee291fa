//! The checklist: every item under its section heading, with its outcome, note and the
//! evidence attached to it.

use crate::layout::{Layout, Style};
use crate::time::human_time;
use crate::{Record, RecordEvidence, RecordItem};

/// A file size in words: bytes, KB or MB with one decimal.
fn size_words(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Writes the checklist, starting on a new page.
pub(super) fn write_checklist(l: &mut Layout<'_>, r: &Record) {
    l.new_page();
    l.text("Checklist", Style::H1);
    let mut section = String::new();
    for item in &r.items {
        // Items arrive in checklist order, so a section's items are together.
        if item.section_id != section {
            section = item.section_id.clone();
            l.heading(
                &format!("{}. {}", item.section_id, item.section_title),
                Style::H2,
                50.0,
            );
        }
        write_item(l, item);
        for e in r.evidence.iter().filter(|e| e.item_id == item.item_id) {
            write_evidence(l, e);
        }
    }
}

/// One item: outcome and title, id and severity, who set it, and the note.
fn write_item(l: &mut Layout<'_>, item: &RecordItem) {
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
        l.field("Set", &format!("{} by {by}", human_time(at)));
    }
    l.field("Note", &item.note);
}

/// One piece of evidence: what it is (a file with its size, type and hash, or a link),
/// then when and by whom it was captured.
fn write_evidence(l: &mut Layout<'_>, e: &RecordEvidence) {
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
    let mut when = format!("captured {} by {}", human_time(&e.captured_at), e.added_by);
    if let Some(d) = &e.effective_date {
        when.push_str(&format!("; effective {d}"));
    }
    if !e.note.is_empty() {
        when.push_str(&format!("; {}", e.note));
    }
    l.field("Evidence", &format!("{what}\n{when}"));
}
