//! Running the planned tasks. Network tasks run concurrently, each under its own time
//! limit, and report progress as they start and end; local tasks run afterwards, in plan
//! order, because copied-content comparison needs the fetched pages. Each side dispatches
//! with an exhaustive `match` on its own kind of check (see [`crate::kind`]), so every
//! planned task either runs or fails to compile.

use std::sync::Arc;

use bonafide_model::CaseFields;

use crate::kind::{LocalCheck, NetworkCheck, Placement};
use crate::local::{self, Context};
use crate::network::{self, Collected, Env};
use crate::plan::Task;
use crate::resolver::Trust;
use crate::result::{CheckEvent, CheckResult, CheckState, PageRecord};
use crate::task_end::TaskEnd;

/// Progress callback.
pub type Progress = Arc<dyn Fn(CheckEvent) + Send + Sync>;

/// Runs the network tasks concurrently; `None` for `env` means offline: each ends as
/// `not_run_offline` without touching the network.
pub async fn run_network(
    env: Option<Arc<Env>>,
    tasks: Vec<Task>,
    fields: Arc<CaseFields>,
    progress: Progress,
) -> (Vec<CheckResult>, Collected) {
    let mut set = tokio::task::JoinSet::new();
    let trust = Arc::new(Trust::default());
    let mut results = Vec::new();
    let mut collected = Collected::default();
    for task in tasks {
        let check = match task.kind.placement() {
            Placement::Network(check) => check,
            Placement::Local(_) => continue,
        };
        let started = bonafide_base::clock::now();
        let Some(env) = env.clone() else {
            let o = TaskEnd::offline();
            progress(event(&task, o.state, &o.message));
            results.push(result_of(&task, o, started));
            continue;
        };
        progress(event(&task, CheckState::Running, ""));
        let fields = fields.clone();
        let progress = progress.clone();
        let trust = trust.clone();
        set.spawn(async move {
            let (o, c) = run_network_task(&env, &task, check, &fields, &trust).await;
            progress(event(&task, o.state, &o.message));
            (result_of(&task, o, started), c)
        });
    }
    while let Some(joined) = set.join_next().await {
        if let Ok((r, c)) = joined {
            results.push(r);
            collected.bodies.extend(c.bodies);
            collected.pages.extend(c.pages);
        }
    }
    results.sort_by(|a, b| a.key.cmp(&b.key));
    (results, collected)
}

/// Runs one network task under the check time limit. A task that runs out of time ends
/// as not run, and nothing it collected is kept. An end that rests on a name not resolving
/// stands only if the resolver answers for names that must exist ([`crate::resolver`]).
async fn run_network_task(
    env: &Env,
    task: &Task,
    check: NetworkCheck,
    fields: &CaseFields,
    trust: &Trust,
) -> (TaskEnd, Collected) {
    let mut c = Collected::default();
    let run = async {
        let end = dispatch(env, task, check, fields, &mut c).await;
        let Some(name) = end.unresolved.clone() else {
            return end;
        };
        let verdict = trust.verdict(env).await;
        if verdict.trusted {
            end
        } else {
            c = Collected::default();
            TaskEnd::unresolvable(&name, &verdict.asked)
        }
    };
    match tokio::time::timeout(env.config.check_timeout, run).await {
        Ok(o) => (o, c),
        Err(_) => (
            TaskEnd::timed_out(env.config.check_timeout.as_secs()),
            Collected::default(),
        ),
    }
}

/// The check body of one network task.
async fn dispatch(
    env: &Env,
    task: &Task,
    check: NetworkCheck,
    fields: &CaseFields,
    c: &mut Collected,
) -> TaskEnd {
    match check {
        NetworkCheck::Registration => network::registration(env, task, c).await,
        NetworkCheck::Dns => network::dns(env, task, c).await,
        NetworkCheck::Hosting => network::hosting(env, task, c).await,
        NetworkCheck::Wayback => network::wayback(env, task, c).await,
        NetworkCheck::Certificates => network::certificates(env, task, c).await,
        NetworkCheck::Website => {
            let comparison = !fields.websites.contains(&task.target);
            network::website(env, task, c, comparison).await
        }
    }
}

/// Runs the local tasks: look-alikes, e-mail, phones, duplicates and copied content
/// (against `pages`, this case's fetched pages, and the other cases' stored pages).
pub fn run_local(
    tasks: &[Task],
    fields: &CaseFields,
    pages: &[PageRecord],
    context: &Context,
) -> Vec<CheckResult> {
    let mut out = Vec::new();
    for task in tasks {
        let check = match task.kind.placement() {
            Placement::Local(check) => check,
            Placement::Network(_) => continue,
        };
        let started = bonafide_base::clock::now();
        let o = match check {
            LocalCheck::Lookalike => local::lookalikes(fields),
            LocalCheck::Email => local::emails(fields),
            LocalCheck::Phone => local::phones(fields),
            LocalCheck::Duplicates => local::duplicate_details(fields, context),
            LocalCheck::CopiedContent => local::copied(fields, pages, context),
        };
        out.push(result_of(task, o, started));
    }
    out
}

/// The task's result: its end, stamped with the task's key and the times.
fn result_of(task: &Task, o: TaskEnd, started_at: String) -> CheckResult {
    CheckResult {
        key: task.key.clone(),
        kind: task.kind,
        target: task.target.clone(),
        item_ids: task.item_ids.clone(),
        state: o.state,
        message: o.message,
        findings: o.findings,
        evidence: o.evidence,
        started_at,
        finished_at: bonafide_base::clock::now(),
    }
}

fn event(task: &Task, state: CheckState, message: &str) -> CheckEvent {
    CheckEvent {
        key: task.key.clone(),
        kind: task.kind,
        target: task.target.clone(),
        state,
        message: message.to_string(),
    }
}
