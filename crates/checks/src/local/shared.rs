//! Details the case shares with other cases: the same e-mail, phone or site in another
//! case, a referee contact that repeats the candidate's own, or a résumé whose text is
//! largely another's.

use bonafide_model::CaseFields;

use super::Context;
use crate::duplicates::{self, SharedDetail, SimilarText};
use crate::items::{DUPLICATES, NO_OVERLAP};
use crate::result::{Finding, Signal, fact};
use crate::task_end::TaskEnd;

/// Compares the case's details and résumé with every other case.
pub(crate) fn duplicate_details(fields: &CaseFields, context: &Context) -> TaskEnd {
    let mut findings: Vec<Finding> = duplicates::shared_details(fields, &context.others)
        .iter()
        .map(shared_detail_finding)
        .collect();
    findings.extend(
        duplicates::similar_resumes(fields, &context.others)
            .into_iter()
            .map(similar_resume_finding),
    );
    let n = findings.len();
    add_all_clear(&mut findings, fields, context);
    TaskEnd::done(format!("{n} shared detail(s)"), findings)
}

/// A detail found in another case; a referee's detail informs the no-overlap item.
fn shared_detail_finding(s: &SharedDetail) -> Finding {
    let item = if s.here.starts_with("a referee") {
        NO_OVERLAP
    } else {
        DUPLICATES
    };
    let mut f = match &s.case_name {
        Some(name) => Finding::new(
            item,
            Signal::RedFlag,
            &s.value,
            format!(
                "{} {} is also {} in the case “{name}”",
                capitalise(&s.here),
                s.value,
                s.there
            ),
        ),
        None => Finding::new(
            item,
            Signal::RedFlag,
            &s.value,
            format!("{} {} is {}", capitalise(&s.here), s.value, s.there),
        ),
    };
    f.related_case_id = s.case_id.clone();
    f.related_case_name = s.case_name.clone();
    f.with(vec![fact("Detail", s.what.clone())])
}

/// A résumé that shares much of its text with another case's, with the shared passages.
fn similar_resume_finding(t: SimilarText) -> Finding {
    let mut f = Finding::new(
        DUPLICATES,
        Signal::RedFlag,
        "résumé",
        format!(
            "The résumé shares {:.0}% of its text with the one in the case “{}”",
            t.overlap.of_first * 100.0,
            t.case_name
        ),
    );
    f.passages = t.passages;
    f.related_case_id = Some(t.case_id);
    f.related_case_name = Some(t.case_name);
    f
}

/// Says so when nothing was found, so a clean result reads as checked, not as missing;
/// the no-overlap item only when the case has referee contacts to overlap. With no other
/// case in the folder nothing was compared, and that is said instead: information that
/// leaves the item pending, never a pass.
fn add_all_clear(findings: &mut Vec<Finding>, fields: &CaseFields, context: &Context) {
    if context.others.is_empty() {
        findings.push(Finding::new(
            DUPLICATES,
            Signal::Info,
            "",
            "Nothing to compare with yet: this is the only case in the data folder. The \
             comparison runs again with every check run once there are other cases",
        ));
    } else if !findings.iter().any(|f| f.item_id == DUPLICATES) {
        findings.push(Finding::new(
            DUPLICATES,
            Signal::Ok,
            "",
            format!(
                "No detail or résumé text is shared with any of {} other case(s)",
                context.others.len()
            ),
        ));
    }
    if (!fields.referee_emails.is_empty() || !fields.referee_phones.is_empty())
        && !findings.iter().any(|f| f.item_id == NO_OVERLAP)
    {
        findings.push(Finding::new(
            NO_OVERLAP,
            Signal::Ok,
            "",
            "No referee contact repeats the candidate's own or another case's",
        ));
    }
}

/// The sentence case of a phrase ("a referee's e-mail" becomes "A referee's e-mail").
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_no_other_case_nothing_is_compared_and_nothing_passes() {
        let fields = CaseFields {
            emails: vec!["alex.kim@example.com".into()],
            ..CaseFields::default()
        };
        let end = duplicate_details(&fields, &Context::default());
        let dup: Vec<_> = end
            .findings
            .iter()
            .filter(|f| f.item_id == DUPLICATES)
            .collect();
        assert_eq!(dup.len(), 1);
        assert_eq!(dup[0].signal, Signal::Info);
        assert!(dup[0].summary.contains("Nothing to compare with"));
        assert!(!dup[0].summary.contains("0 other"));
    }
}
