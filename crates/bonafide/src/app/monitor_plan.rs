//! The monitoring plan on the [`App`] façade (tasks on days 1, 7, 30, 60 and 90 after a
//! decision to proceed, what is due across cases, marking monitoring complete), and the
//! network table the sign-in findings use, with its import of a newer release.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use serde_json::json;

use super::App;
use crate::audit::{EventKind, GLOBAL_STREAM};
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{CaseFilter, CaseId, Decision, MAX_LONG_TEXT, clean_text};
use crate::monitor::networks::{TablePart, read_ip_location_db};
use crate::monitor::plan::{self, Completion, FULL_TERM_DAYS, PLAN_DAYS, Plan, PlanTask, TaskDone};
use crate::monitor::{MonitorError, NetworkTable};
use crate::store::Store;

/// A task due or overdue, across cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DueTask {
    /// The case.
    pub case_id: String,
    /// Its name.
    pub case_name: String,
    /// The task.
    pub task: PlanTask,
}

/// The network table in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NetworksStatus {
    /// Each part with its source and size.
    pub parts: Vec<TablePart>,
    /// When a newer table was imported, and by whom; `None` while the shipped one is used.
    pub imported: Option<(String, String)>,
}

/// Tasks due within this many days are listed by `monitor due` with the overdue ones.
pub const DUE_SOON_DAYS: i32 = 7;

impl App {
    /// A case's monitoring plan: `None` unless the decision in force is to proceed. It
    /// counts from the first decision to proceed since the last decision that was not one.
    pub fn monitor_plan(&self, id: &CaseId) -> Result<Option<Plan>> {
        self.case_row(id)?;
        self.plan_of(id)
    }

    /// The plan of a case known to exist (listed from the store), without loading and
    /// decoding the case again: the case list and `monitor due` ask for every hire's.
    pub(super) fn plan_of(&self, id: &CaseId) -> Result<Option<Plan>> {
        // The decisions alone, straight from the store: building the whole case view here
        // would cost every export and every `monitor due` a second case load.
        let decisions = self.store().decisions(id)?;
        let proceed =
            |d: Decision| matches!(d, Decision::Proceed | Decision::ProceedWithConditions);
        let Some(first) = decisions
            .iter()
            .rev()
            .take_while(|d| proceed(d.decision))
            .last()
        else {
            return Ok(None);
        };
        let done = self.store().monitor_tasks(id)?;
        let completed = self.store().monitor_completion(id)?;
        Ok(plan::plan_now(&first.decided_at, &done, completed))
    }

    /// Records a plan task done, with what was found.
    pub fn monitor_task_done(&self, id: &CaseId, day: i32, note: &str) -> Result<Plan> {
        if !PLAN_DAYS.contains(&day) {
            return Err(Error::invalid(
                "day",
                format!("the plan has tasks on days {PLAN_DAYS:?}, not {day}"),
            ));
        }
        self.monitor_plan(id)?.ok_or_else(no_plan)?;
        let note = clean_text(note, MAX_LONG_TEXT, true).map_err(|m| Error::invalid("note", m))?;
        let task = TaskDone {
            day,
            done_at: clock::now(),
            done_by: self.actor()?,
            note,
        };
        self.store().write(|tx| {
            Store::record_monitor_task(tx, id, &task)?;
            crate::store::append_event(
                tx,
                id.as_str(),
                &task.done_at,
                &task.done_by,
                EventKind::MonitorTaskDone,
                Some(crate::monitor::findings::ITEM_ACCESS),
                json!({"day": day, "note": task.note}),
            )?;
            Store::touch_case(tx, id, &task.done_at)
        })?;
        self.monitor_plan(id)?.ok_or_else(no_plan)
    }

    /// Marks a case's monitoring complete. Before day 90 a reason is required.
    pub fn monitor_complete(&self, id: &CaseId, reason: &str) -> Result<Plan> {
        let current = self.monitor_plan(id)?.ok_or_else(no_plan)?;
        let reason =
            clean_text(reason, MAX_LONG_TEXT, true).map_err(|m| Error::invalid("reason", m))?;
        if current.day_now < FULL_TERM_DAYS && reason.is_empty() {
            return Err(Error::invalid(
                "reason",
                format!(
                    "monitoring is on day {} of {FULL_TERM_DAYS}; give the reason it ends early (--reason)",
                    current.day_now
                ),
            ));
        }
        let c = Completion {
            completed_at: clock::now(),
            completed_by: self.actor()?,
            reason,
        };
        self.store().write(|tx| {
            Store::record_monitor_completion(tx, id, &c)?;
            crate::store::append_event(
                tx,
                id.as_str(),
                &c.completed_at,
                &c.completed_by,
                EventKind::MonitorCompleted,
                None,
                json!({"day": current.day_now, "reason": c.reason}),
            )?;
            Store::touch_case(tx, id, &c.completed_at)
        })?;
        self.monitor_plan(id)?.ok_or_else(no_plan)
    }

    /// Plan tasks overdue or due within a week, across every case whose plan is running.
    pub fn monitor_due(&self) -> Result<Vec<DueTask>> {
        let mut out = Vec::new();
        for case in self.list_cases(&CaseFilter::default())? {
            let Some(plan) = self.plan_of(&case.id)? else {
                continue;
            };
            if plan.completed.is_some() {
                continue;
            }
            for task in plan.tasks {
                if plan::due_within(&task, DUE_SOON_DAYS) {
                    out.push(DueTask {
                        case_id: case.id.to_string(),
                        case_name: case.display_name.clone(),
                        task,
                    });
                }
            }
        }
        out.sort_by(|a, b| {
            a.task
                .due
                .cmp(&b.task.due)
                .then(a.case_name.cmp(&b.case_name))
        });
        Ok(out)
    }

    /// The network table the findings use: an imported one, else the shipped one.
    pub(super) fn network_table(&self) -> Result<Arc<NetworkTable>> {
        let mut cached = self.networks.lock().expect("network table lock");
        if let Some(t) = cached.as_ref() {
            return Ok(t.clone());
        }
        let table = match self.store().network_table()? {
            Some((bytes, _, _)) => NetworkTable::from_bytes(&bytes)?,
            None => NetworkTable::shipped(),
        };
        let table = Arc::new(table);
        *cached = Some(table.clone());
        Ok(table)
    }

    /// The network table in use, part by part.
    pub fn networks_status(&self) -> Result<NetworksStatus> {
        let imported = self.store().network_table()?.map(|(_, at, by)| (at, by));
        Ok(NetworksStatus {
            parts: self.network_table()?.parts(),
            imported,
        })
    }

    /// Imports newer ip-location-db files (`asn-ipv4.csv` …, as named in
    /// `docs/after-hiring.md`): each replaces the part of the table it holds, the rest is
    /// kept. `version` names the release, as its package.json does. All files are read
    /// before anything is stored: one bad file leaves the table as it was.
    pub fn import_networks(&self, files: &[&Path], version: &str) -> Result<NetworksStatus> {
        let version = clean_text(version, 100, false).map_err(|m| Error::invalid("version", m))?;
        if version.is_empty() {
            return Err(Error::invalid(
                "version",
                "name the release the files come from (--version, as in its package.json)",
            ));
        }
        let mut table = (*self.network_table()?).clone();
        for path in files {
            let file = std::fs::File::open(path).map_err(|source| Error::File {
                path: path.to_path_buf(),
                source,
            })?;
            let part = read_ip_location_db(std::io::BufReader::new(file), &version)
                .map_err(|e| named(path, e))?;
            table = table.with(part);
        }
        let bytes = table.to_bytes();
        let (now, actor) = (clock::now(), self.actor()?);
        let parts = table.parts();
        self.store().write(|tx| {
            Store::put_network_table(tx, &bytes, &now, &actor)?;
            crate::store::append_event(
                tx,
                GLOBAL_STREAM,
                &now,
                &actor,
                EventKind::NetworksImported,
                None,
                json!({"version": version, "parts": parts}),
            )
        })?;
        *self.networks.lock().expect("network table lock") = Some(Arc::new(table));
        self.networks_status()
    }
}

impl App {
    /// Adds and removes work accounts and sets the working time zone, keeping every other
    /// field: what after-hiring imports are matched and judged by. Accounts compare
    /// lower-cased, as identity providers do; removing one the case lacks is refused.
    pub fn edit_work_accounts(
        &self,
        id: &CaseId,
        add: &[String],
        remove: &[String],
        time_zone: Option<&str>,
    ) -> Result<super::CaseView> {
        let mut fields = self.case_row(id)?.fields;
        let remove: Vec<String> = remove.iter().map(|a| a.trim().to_lowercase()).collect();
        if let Some(missing) = remove.iter().find(|a| !fields.accounts.contains(a)) {
            return Err(Error::invalid(
                "accounts",
                format!("the case has no work account {missing:?}"),
            ));
        }
        fields.accounts.retain(|a| !remove.contains(a));
        for a in add {
            if !fields
                .accounts
                .iter()
                .any(|x| x.eq_ignore_ascii_case(a.trim()))
            {
                fields.accounts.push(a.clone());
            }
        }
        if let Some(tz) = time_zone {
            fields.time_zone = tz.to_owned();
        }
        self.update_case(id, &fields)
    }
}

/// The setting holding the company's own networks, one CIDR block per line.
const COMPANY_NETWORKS_SETTING: &str = "monitor.company_networks";

impl App {
    /// The business's own networks (office, company VPN egress), which sign-in findings
    /// leave unjudged.
    pub fn company_networks(&self) -> Result<Vec<crate::monitor::IpNet>> {
        let text = self
            .store()
            .setting(COMPANY_NETWORKS_SETTING)?
            .unwrap_or_default();
        Ok(text.lines().filter_map(|l| l.parse().ok()).collect())
    }

    /// Replaces the company's networks. Each is a CIDR block (`203.0.113.0/24`) or one
    /// address; the change is recorded in the audit log like every setting.
    pub fn set_company_networks(&self, networks: &[String]) -> Result<Vec<crate::monitor::IpNet>> {
        let mut parsed = Vec::new();
        for n in networks {
            let n = n.trim();
            let net = n
                .parse::<crate::monitor::IpNet>()
                .or_else(|_| {
                    n.parse::<std::net::IpAddr>()
                        .map(crate::monitor::IpNet::from)
                })
                .map_err(|_| {
                    Error::invalid(
                        "networks",
                        format!("{n:?} is not a network like 203.0.113.0/24 or an address"),
                    )
                })?;
            parsed.push(net.trunc());
        }
        parsed.sort();
        parsed.dedup();
        let text: Vec<String> = parsed.iter().map(ToString::to_string).collect();
        self.write_settings(
            "monitor company networks",
            &[(COMPANY_NETWORKS_SETTING.to_owned(), text.join("\n"))],
        )?;
        Ok(parsed)
    }
}

fn no_plan() -> Error {
    Error::invalid(
        "decision",
        "the case has no monitoring plan: it starts with a decision to proceed",
    )
}

/// A table file's error, with the file's name in front.
fn named(path: &Path, e: MonitorError) -> Error {
    Error::invalid("file", format!("{}: {e}", path.display()))
}
