//! Copied website text: each of the subject's fetched pages against the comparison sites
//! the user named and the pages stored for other cases. Only near-copies are reported;
//! reviews, client logos and certifications still need a person to look.

use bonafide_model::CaseFields;

use super::Context;
use crate::items;
use crate::result::{Finding, PageRecord, Signal, fact};
use crate::task_end::TaskEnd;
use crate::web;

/// Compares this case's own pages with the named and stored ones.
pub(crate) fn copied(fields: &CaseFields, pages: &[PageRecord], context: &Context) -> TaskEnd {
    use items::*;
    let mut findings = Vec::new();
    let own: Vec<&PageRecord> = pages.iter().filter(|p| !p.comparison).collect();
    let named: Vec<&PageRecord> = pages.iter().filter(|p| p.comparison).collect();
    let mut compared = 0usize;
    for page in &own {
        for other in &named {
            compared += 1;
            let o = web::overlap(&page.shingles, &other.shingles);
            if o.is_near_copy() {
                let mut f = Finding::new(
                    COPIED,
                    Signal::RedFlag,
                    &page.url,
                    format!(
                        "{} shares {:.0}% of its text with {}",
                        page.url,
                        o.of_first * 100.0,
                        other.url
                    ),
                );
                f.passages = web::shared_passages(&page.text, &other.shingles, 3);
                findings.push(f.with(vec![fact(
                    "Shared passages (5-word runs)",
                    o.shared.to_string(),
                )]));
            }
        }
        for (case_id, case_name, other) in &context.other_pages {
            compared += 1;
            let o = web::overlap(&page.shingles, &other.shingles);
            if o.is_near_copy() {
                for item in [COPIED, DUPLICATES] {
                    let mut f = Finding::new(
                        item,
                        Signal::RedFlag,
                        &page.url,
                        format!(
                            "{} shares {:.0}% of its text with {} in the case “{case_name}”",
                            page.url,
                            o.of_first * 100.0,
                            other.url
                        ),
                    );
                    f.passages = web::shared_passages(&page.text, &other.shingles, 3);
                    f.related_case_id = Some(case_id.clone());
                    f.related_case_name = Some(case_name.clone());
                    findings.push(f);
                }
            }
        }
    }
    if own.is_empty() && !fields.websites.is_empty() {
        findings.push(Finding::new(
            COPIED,
            Signal::Info,
            "",
            "The website could not be fetched, so its text was not compared",
        ));
    } else if !findings.iter().any(|f| f.item_id == COPIED) {
        findings.push(Finding::new(
            COPIED,
            Signal::Info,
            "",
            format!("No near-copy found in {compared} comparison(s) with stored and named sites; reviews, client logos and certifications still need a manual check"),
        ));
    }
    TaskEnd::done(format!("{compared} comparison(s)"), findings)
}
