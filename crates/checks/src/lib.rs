//! Automated checks of SPEC §4: domain registration (RDAP), DNS, hosting owner, web
//! history, the website's text, look-alike domains, e-mail and phone facts, and cross-case
//! duplicates.
//!
//! A case's checks are planned as independent tasks keyed by what they look at
//! (`registration:acme.com`, `website:https://acme.com/`), so one can be retried alone.
//! Network tasks run concurrently, each under its own time limit; local tasks run after
//! them because copied-content comparison needs the fetched pages. Every task ends in a
//! [`CheckResult`] whose state says plainly whether it ran: a check that could not reach
//! the network is `not_run_offline`, never a pass. Findings say which checklist item they
//! inform, and [`propose`] turns them into proposed outcomes the user confirms.
//!
//! Nothing here touches SQLite; the app feeds in the other cases and stored pages and
//! stores what comes out.
//!
//! The crate is laid out by concern: [`items`] names the checklist items, `plan` decides
//! which tasks a case needs, `network` and `local` hold the check bodies, `run` runs them
//! (the dispatch is exhaustive, driven by `kind`), and `proposals` turns results into
//! proposed outcomes. The modules below them (`rdap`, `web`, `contact`, ...) parse and
//! compare, and know nothing of tasks.

#![deny(missing_docs)]

pub mod contact;
pub mod duplicates;
pub mod history;
pub mod items;
pub mod lookalike;
pub mod rdap;
pub mod web;

mod age;
mod config;
mod kind;
mod local;
mod network;
mod plan;
mod proposals;
mod resolver;
mod result;
mod run;
mod task_end;

pub use age::age_words;
pub use config::ChecksConfig;
pub use kind::CheckKind;
pub use local::Context;
pub use network::{Collected, Env};
pub use plan::{Task, plan};
pub use proposals::{CheckProposal, propose};
pub use result::{
    CheckEvent, CheckResult, CheckState, Fact, Finding, PageRecord, ResponseBody, ResponseEvidence,
    Signal,
};
pub use run::{Progress, run_local, run_network};
