//! How long a website has existed, from two public records: its first capture in the
//! Wayback Machine and its first certificate in the Certificate Transparency logs. A
//! first sighting younger than the configured age is a red flag.

use time::OffsetDateTime;

use super::{Collected, Env, keep, with_slash};
use crate::age::{age_words, date_part};
use crate::history;
use crate::items;
use crate::plan::Task;
use crate::result::{Finding, Signal, fact};
use crate::task_end::TaskEnd;

/// How long ago `at` was, and whether that is young enough to flag.
fn young_signal(env: &Env, at: &str) -> (Signal, String) {
    let now = OffsetDateTime::now_utc();
    match bonafide_base::clock::parse_timestamp(at) {
        Some(t) => (
            if (now - t).whole_days() < env.config.young_domain_days {
                Signal::RedFlag
            } else {
                Signal::Ok
            },
            age_words(t, now),
        ),
        None => (Signal::Info, "at an unknown time".into()),
    }
}

/// Finds the host's first capture in the Wayback Machine.
pub(crate) async fn wayback(env: &Env, task: &Task, c: &mut Collected) -> TaskEnd {
    let host = &task.target;
    let url = format!(
        "{}{}",
        with_slash(&env.config.wayback_base),
        history::wayback_query(host)
    );
    let fetched = match env.get_json(&url).await {
        Ok(f) => f,
        Err(e) => return TaskEnd::failed(&e),
    };
    let evidence = keep(&fetched, c);
    let finding = match history::parse_wayback(&fetched.body) {
        Ok(Some(first)) => {
            let (signal, age) = young_signal(env, &first.at);
            Finding::new(
                items::WEB_HISTORY,
                signal,
                host,
                format!("{host} was first archived {age} ({})", date_part(&first.at)),
            )
            .with(vec![
                fact("First capture", first.at.clone()),
                fact("Captured address", first.original),
            ])
        }
        Ok(None) => Finding::new(
            items::WEB_HISTORY,
            Signal::RedFlag,
            host,
            format!("{host} has never been archived by the Wayback Machine"),
        ),
        Err(e) => return TaskEnd::unreadable(e.to_string(), evidence),
    };
    TaskEnd::done(finding.summary.clone(), vec![finding]).with_evidence(evidence)
}

/// Finds the host's first certificate on crt.sh.
pub(crate) async fn certificates(env: &Env, task: &Task, c: &mut Collected) -> TaskEnd {
    let host = &task.target;
    let url = format!(
        "{}{}",
        with_slash(&env.config.crtsh_base),
        history::crtsh_query(host)
    );
    let fetched = match env.get_json(&url).await {
        Ok(f) => f,
        Err(e) => return TaskEnd::failed(&e),
    };
    let evidence = keep(&fetched, c);
    let finding = match history::parse_crtsh(&fetched.body) {
        Ok(Some(first)) => {
            let (signal, age) = young_signal(env, &first.not_before);
            Finding::new(
                items::WEB_HISTORY,
                signal,
                host,
                format!(
                    "{host}'s first TLS certificate dates from {age} ({})",
                    date_part(&first.not_before)
                ),
            )
            .with(vec![
                fact("Valid from", first.not_before.clone()),
                fact("Issuer", first.issuer),
                fact("crt.sh id", first.id),
                fact("Certificates listed", first.count.to_string()),
            ])
        }
        Ok(None) => Finding::new(
            items::WEB_HISTORY,
            Signal::Info,
            host,
            format!("no certificate for {host} is in the Certificate Transparency logs"),
        ),
        Err(e) => return TaskEnd::unreadable(e.to_string(), evidence),
    };
    TaskEnd::done(finding.summary.clone(), vec![finding]).with_evidence(evidence)
}
