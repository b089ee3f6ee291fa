//! Fetching a website's home page (the subject's own, or a comparison site the user
//! named) and keeping its visible text, fingerprint and shingles, so the copied-content
//! check can compare it with other sites afterwards.

use bonafide_net::{Fetched, NetFailure, Oversize};

use super::{Collected, Env, keep};
use crate::items;
use crate::plan::Task;
use crate::result::{Fact, Finding, PageRecord, Signal, fact};
use crate::task_end::TaskEnd;
use crate::web::{self, PageText, TextPrint};

/// Fetches the task's page and stores its text in `c.pages`; `comparison` marks a site
/// the user named for comparison rather than the subject's own.
pub(crate) async fn website(
    env: &Env,
    task: &Task,
    c: &mut Collected,
    comparison: bool,
) -> TaskEnd {
    let url = &task.target;
    let fetched = match env
        .net
        .get_ok(
            url,
            "text/html, text/plain;q=0.8, */*;q=0.1",
            env.config.page_cap,
            Oversize::Truncate,
        )
        .await
    {
        Ok(f) => f,
        Err(e) => return TaskEnd::failed(&e),
    };
    let evidence = keep(&fetched, c);
    let ct = fetched
        .content_type
        .clone()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !(ct.is_empty() || ct.contains("html") || ct.contains("text/plain")) {
        return TaskEnd::failed(&NetFailure::WrongContentType {
            expected: "a web page",
            got: ct,
        })
        .with_evidence(evidence);
    }
    let page = page_text(&fetched.body, &ct);
    let print = web::print(&page.text);
    let facts = page_facts(env, url, &fetched, &page, &print);
    let summary = format!(
        "{} fetched: “{}”, {} words{}",
        url,
        page.title,
        print.word_count,
        if comparison { " (comparison site)" } else { "" }
    );
    c.pages.push(PageRecord {
        url: url.clone(),
        final_url: fetched.final_url.clone(),
        fetched_at: fetched.retrieved_at.clone(),
        title: page.title,
        text: page.text,
        fingerprint: print.fingerprint,
        shingles: print.shingles,
        comparison,
    });
    TaskEnd::done(
        summary.clone(),
        vec![Finding::new(items::COPIED, Signal::Info, url, summary).with(facts)],
    )
    .with_evidence(evidence)
}

/// The page's title and visible text; a plain-text answer is all text and has no title.
fn page_text(body: &[u8], content_type: &str) -> PageText {
    let html = String::from_utf8_lossy(body);
    if content_type.contains("text/plain") {
        PageText {
            title: String::new(),
            text: html.to_string(),
        }
    } else {
        web::extract(&html)
    }
}

/// Title, size and fingerprint, plus where the page redirected and whether it was cut.
fn page_facts(
    env: &Env,
    url: &str,
    fetched: &Fetched,
    page: &PageText,
    print: &TextPrint,
) -> Vec<Fact> {
    let mut facts = vec![
        fact(
            "Title",
            if page.title.is_empty() {
                "(none)".to_string()
            } else {
                page.title.clone()
            },
        ),
        fact("Words", print.word_count.to_string()),
        fact("Text fingerprint", print.fingerprint.clone()),
    ];
    if fetched.final_url != url {
        facts.push(fact("Redirected to", fetched.final_url.clone()));
    }
    if fetched.truncated {
        facts.push(fact(
            "Note",
            format!("only the first {} bytes were read", env.config.page_cap),
        ));
    }
    facts
}
