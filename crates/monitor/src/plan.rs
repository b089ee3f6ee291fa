//! The monitoring plan: what to import and which live check to repeat on days 1, 7, 30,
//! 60 and 90 after a decision to proceed. Most reported cases were caught in these first
//! months, by the signals the plan asks for.
//!
//! Pure: the façade passes in the start date, today and what has been recorded.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The plan's days, counted from the decision to proceed.
pub const PLAN_DAYS: [i32; 5] = [1, 7, 30, 60, 90];
/// Before this day, marking monitoring complete needs a recorded reason.
pub const FULL_TERM_DAYS: i32 = 90;

/// One task of the plan, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TaskDone {
    /// The plan day.
    pub day: i32,
    /// When it was recorded done.
    pub done_at: String,
    /// By whom.
    pub done_by: String,
    /// What was found.
    pub note: String,
}

/// Monitoring marked complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Completion {
    /// When.
    pub completed_at: String,
    /// By whom.
    pub completed_by: String,
    /// Why, when it ended before day 90.
    pub reason: String,
}

/// One task with its due date and state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanTask {
    /// Day after the decision.
    pub day: i32,
    /// Due date, `YYYY-MM-DD`.
    pub due: String,
    /// Files to import.
    pub imports: Vec<String>,
    /// The live check to repeat.
    pub live_check: String,
    /// Recorded done, if it was.
    pub done: Option<TaskDone>,
    /// Past its due date and not done (and the plan not completed).
    pub overdue: bool,
}

/// A case's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Plan {
    /// The decision date it counts from, `YYYY-MM-DD`.
    pub started_on: String,
    /// Days since then.
    pub day_now: i32,
    /// The tasks.
    pub tasks: Vec<PlanTask>,
    /// Monitoring marked complete, if it was.
    pub completed: Option<Completion>,
}

fn what(day: i32) -> (Vec<String>, String) {
    let signins = "the sign-in log of the work accounts since the last task (Okta, Entra ID, Google Workspace or CSV)";
    let inventory = "a device inventory of the company device (osquery or the MDM's software export), including USB devices";
    let spot = "an unannounced camera-on call: the same person as at interview, liveness prompts (turn the head, a hand across the face) and a spoken phrase they could not prepare";
    match day {
        1 => (
            vec![inventory.into()],
            "a camera-on call on the company device: the person shows it and its serial number, and confirms it arrived at the address on their ID".into(),
        ),
        7 => (
            vec![signins.into()],
            format!("{spot}; compare the device's first check-in address with the ship-to address"),
        ),
        90 => (
            vec![signins.into(), inventory.into()],
            format!("{spot}; review every finding so far before marking monitoring complete"),
        ),
        _ => (vec![signins.into(), inventory.into()], format!("{spot}; confirm the payout details did not change")),
    }
}

/// The plan from `started_on`, as it stands on `today`.
pub fn plan(
    started_on: Date,
    today: Date,
    done: &[TaskDone],
    completed: Option<Completion>,
) -> Plan {
    let day_now = days_between(started_on, today);
    let tasks = PLAN_DAYS
        .iter()
        .map(|&day| {
            let due = started_on
                .checked_add(jiff::Span::new().days(i64::from(day)))
                .unwrap_or(started_on);
            let done = done.iter().find(|d| d.day == day).cloned();
            let (imports, live_check) = what(day);
            PlanTask {
                day,
                due: due.to_string(),
                imports,
                live_check,
                overdue: done.is_none() && completed.is_none() && today > due,
                done,
            }
        })
        .collect();
    Plan {
        started_on: started_on.to_string(),
        day_now,
        tasks,
        completed,
    }
}

/// Today in UTC, the calendar the plan's due dates are in.
pub fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// The plan for a decision taken at `decided_at` (an RFC 3339 time), as it stands today.
pub fn plan_now(
    decided_at: &str,
    done: &[TaskDone],
    completed: Option<Completion>,
) -> Option<Plan> {
    let start: Date = decided_at.get(..10)?.parse().ok()?;
    Some(plan(start, today(), done, completed))
}

/// Whether `task` is not done and is overdue or falls due within `days` of today.
pub fn due_within(task: &PlanTask, days: i32) -> bool {
    let soon = today()
        .checked_add(jiff::Span::new().days(i64::from(days)))
        .unwrap_or(today());
    let due = task.due.parse::<Date>().ok();
    task.done.is_none() && (task.overdue || due.is_some_and(|d| d <= soon))
}

/// Whole days from `a` to `b`.
pub fn days_between(a: Date, b: Date) -> i32 {
    a.until(b).map(|s| s.get_days()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn overdue(p: &Plan) -> Vec<i32> {
        p.tasks
            .iter()
            .filter(|t| t.overdue)
            .map(|t| t.day)
            .collect()
    }

    #[test]
    fn tasks_fall_due_on_their_days_and_are_overdue_only_after() {
        let p = plan(d("2026-03-01"), d("2026-03-09"), &[], None);
        let dues: Vec<&str> = p.tasks.iter().map(|t| t.due.as_str()).collect();
        assert_eq!(
            dues,
            [
                "2026-03-02",
                "2026-03-08",
                "2026-03-31",
                "2026-04-30",
                "2026-05-30"
            ]
        );
        assert_eq!(p.day_now, 8);
        assert_eq!(overdue(&p), [1, 7]);
        let on_the_day = plan(d("2026-03-01"), d("2026-03-08"), &[], None);
        assert_eq!(overdue(&on_the_day), [1], "due today is not overdue");
    }

    #[test]
    fn done_tasks_and_a_completed_plan_are_not_overdue() {
        let done = TaskDone {
            day: 1,
            done_at: "2026-03-02T10:00:00.000Z".into(),
            done_by: "Dana".into(),
            note: "laptop shown".into(),
        };
        let p = plan(d("2026-03-01"), d("2026-03-09"), &[done], None);
        assert_eq!(overdue(&p), [7]);
        let c = Completion {
            completed_at: "2026-03-09T10:00:00.000Z".into(),
            completed_by: "Dana".into(),
            reason: "contract ended".into(),
        };
        let p = plan(d("2026-03-01"), d("2026-03-09"), &[], Some(c));
        assert_eq!(overdue(&p), Vec::<i32>::new());
    }
}
