//! Moving a case to a newer edition of its checklist, on the [`App`] façade.
//!
//! A case keeps the edition it was opened with until someone moves it, because a
//! checklist that changed under a case would make its record say it was checked against
//! items nobody saw. The move is a recorded event; answered items keep their outcomes,
//! the new items start pending, and a decision signed off before the move is stale, as
//! after any material change.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::App;
use crate::audit::EventKind;
use crate::checklist::{self, Template};
use crate::clock;
use crate::error::{Error, Result};
use crate::model::CaseId;
use crate::store::Store;

/// A newer edition a case could move to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewerEdition {
    /// Its version.
    pub version: u32,
    /// The titles of the items it adds.
    pub added: Vec<String>,
}

/// The newest edition of `current`'s template, when it is newer, with the items it adds.
pub(super) fn newer_edition(current: &Template) -> Option<NewerEdition> {
    let latest = checklist::latest_template(&current.id)?;
    if latest.version <= current.version {
        return None;
    }
    let change = checklist::edition_change(current, latest);
    Some(NewerEdition {
        version: latest.version,
        added: change
            .added
            .iter()
            .filter_map(|id| latest.item(id).map(|i| i.title.clone()))
            .collect(),
    })
}

impl App {
    /// Moves a case to edition `version` of its template. Refused when that edition is
    /// not newer, is not shipped, or drops an item the case has answered.
    pub fn move_to_edition(&self, id: &CaseId, version: u32) -> Result<super::CaseView> {
        let row = self.case_row(id)?;
        let from = super::validation::template_of(&row)?;
        let to = checklist::find_template(&row.template_id, version).ok_or_else(|| {
            Error::invalid(
                "version",
                format!(
                    "this build has no edition {version} of the {} checklist",
                    row.template_id
                ),
            )
        })?;
        if to.version <= from.version {
            return Err(Error::invalid(
                "version",
                format!(
                    "the case is on edition {}; it can only move to a newer one",
                    from.version
                ),
            ));
        }
        let change = checklist::edition_change(from, to);
        let answered: Vec<String> = self
            .store()
            .item_states(id)?
            .into_iter()
            .filter(|s| change.removed.contains(&s.item_id))
            .map(|s| s.item_id)
            .collect();
        if !answered.is_empty() {
            return Err(Error::invalid(
                "version",
                format!(
                    "edition {version} no longer has the answered item(s) {}; the case stays on edition {}",
                    answered.join(", "),
                    from.version
                ),
            ));
        }
        let (now, actor) = (clock::now(), self.actor()?);
        self.store().write(|tx| {
            Store::set_template(tx, id, &to.id, to.version, &now)?;
            crate::store::append_event(
                tx,
                id.as_str(),
                &now,
                &actor,
                EventKind::TemplateChanged,
                None,
                json!({
                    "from": {"id": from.id, "version": from.version},
                    "to": {"id": to.id, "version": to.version},
                    "added": change.added,
                    "removed": change.removed,
                    "changed": change.changed,
                }),
            )?;
            Store::touch_case(tx, id, &now)
        })?;
        self.case(id)
    }
}
