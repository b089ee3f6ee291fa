//! Printing screening results, shared by `screen` (one name) and `screening` (a case):
//! which lists were searched, and each potential match with why it matched.

use bonafide::app::{DispositionView, ListUsed};
use bonafide::screening::screen::{Hit, explain};

/// The lists a screening searched, and a note when only the watchlist was loaded.
pub fn print_lists_used(lists: &[ListUsed]) {
    for l in lists {
        println!(
            "list      {} ({}), {} {}{}{}",
            l.title,
            l.published.as_deref().unwrap_or("date unknown"),
            l.entity_count,
            if l.entity_count == 1 {
                "entry"
            } else {
                "entries"
            },
            if l.watchlist {
                ", reported fronts: not a sanctions list"
            } else {
                ""
            },
            if l.stale { ", STALE" } else { "" }
        );
    }
    if !lists.iter().any(|l| !l.watchlist) {
        println!("note      no sanctions list is loaded; only the watchlist was searched");
    }
}

/// One potential match: score, entry, the details that identify it, and its disposition.
pub fn print_hit(h: &Hit, d: Option<&DispositionView>) {
    let label = if h.is_watchlist() {
        "WATCHLIST red flag"
    } else {
        "POTENTIAL MATCH"
    };
    println!(
        "{label} {:.2} {}/{} {} [{}]{}",
        h.score,
        h.list,
        h.entry_id,
        h.name,
        h.entry.kind.word(),
        if h.matched_name.is_empty() || h.matched_name == h.name {
            String::new()
        } else {
            format!(" via {} \"{}\"", h.matched_name_type.word(), h.matched_name)
        }
    );
    if !h.query.is_empty() {
        println!("  query   {} ({})", h.query, h.query_role);
    }
    println!("  why     {}", explain(h));
    if !h.entry.programs.is_empty() {
        println!("  programs {}", h.entry.programs.join(", "));
    }
    if !h.entry.dates_of_birth.is_empty() {
        println!("  DOB     {}", h.entry.dates_of_birth.join("; "));
    }
    if !h.entry.nationalities.is_empty() {
        println!("  nationality {}", h.entry.nationalities.join("; "));
    }
    for s in &h.entry.sources {
        println!("  source  {s}");
    }
    // Linked parties are context for the reviewer, not matches themselves.
    for r in &h.entry.relations {
        println!("  linked  {} {} ({})", r.role, r.name, r.id);
    }
    if let Some(d) = d {
        println!(
            "  disposition {} by {} at {}: {}{}",
            d.disposition.word(),
            d.decided_by,
            d.decided_at,
            d.rationale,
            if d.current {
                ""
            } else {
                " (LAPSED: the subject or the entry changed; review again)"
            }
        );
    }
}
