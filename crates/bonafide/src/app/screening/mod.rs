//! Screening on the [`App`](super::App) façade: loading lists, screening cases,
//! dispositions, alerts and the proposals screening makes for its checklist items.
//!
//! One submodule per concern: the settings, the lists in force and their import, the
//! `lists update` download, the search index, screening itself, dispositions, alerts,
//! proposals, and the view that brings the last four together for the case screen.

mod alerts;
mod dispositions;
mod index;
mod lists;
mod proposals;
mod run;
mod settings;
mod update;
mod view;

pub use alerts::AlertView;
pub use dispositions::{Disposition, DispositionView, HitView};
pub(crate) use index::LoadedIndex;
pub use lists::{ImportReport, ListStatus};
pub use proposals::Proposal;
pub use run::{AdHocScreening, ListUsed, ScreeningRecord};
pub use settings::ScreeningSettings;
pub use update::{UpdateReport, UpdateResult};
pub use view::ScreeningView;

use crate::clock;

/// Checklist items that screening answers.
pub const NAMES_ITEM: &str = "screening.names";
/// Identifiers item.
pub const IDENTIFIERS_ITEM: &str = "screening.identifiers";
/// Watchlist item.
pub const WATCHLIST_ITEM: &str = "company.watchlist";

/// Days since `date` (a stored date or timestamp); `None` when it cannot be read.
fn age_days(date: &str) -> Option<i64> {
    let d = clock::parse_date(date.get(..10)?)?;
    Some((clock::today() - d).whole_days())
}
