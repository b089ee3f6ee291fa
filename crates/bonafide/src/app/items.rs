//! Checklist items on the [`App`] façade: setting an item's outcome and note, and reading
//! an item's history.

use serde_json::json;

use super::validation::check_item;
use super::{App, ItemState};
use crate::audit::{AuditEvent, EventKind};
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{CaseId, MAX_LONG_TEXT, Outcome, clean_text};
use crate::store::{ItemStateRow, Store};

impl App {
    /// Sets an item's outcome and/or note; `None` leaves that part as it is. Not applicable
    /// needs a reason in the note. A change that changes nothing records nothing.
    pub fn set_item(
        &self,
        id: &CaseId,
        item_id: &str,
        outcome: Option<Outcome>,
        note: Option<&str>,
    ) -> Result<ItemState> {
        let row = self.case_row(id)?;
        check_item(&row, item_id)?;
        let note = note
            .map(|n| clean_text(n, MAX_LONG_TEXT, true).map_err(|m| Error::invalid("note", m)))
            .transpose()?;
        let mut store = self.store();
        let current = store
            .item_states(id)?
            .into_iter()
            .find(|s| s.item_id == item_id);
        let (old_outcome, old_note) = current
            .as_ref()
            .map(|s| (s.outcome, s.note.clone()))
            .unwrap_or((Outcome::Pending, String::new()));
        let new_outcome = outcome.unwrap_or(old_outcome);
        let new_note = note.unwrap_or_else(|| old_note.clone());
        if new_outcome == Outcome::NotApplicable && new_note.is_empty() {
            return Err(Error::invalid(
                "note",
                "say why the item does not apply: a reason is required for not applicable",
            ));
        }
        if new_outcome == old_outcome && new_note == old_note {
            return Ok(item_state(item_id, current));
        }
        let mut changes = serde_json::Map::new();
        if new_outcome != old_outcome {
            changes.insert(
                "outcome".into(),
                json!({"from": old_outcome, "to": new_outcome}),
            );
        }
        if new_note != old_note {
            changes.insert("note".into(), json!({"from": old_note, "to": new_note}));
        }
        let state = ItemStateRow {
            item_id: item_id.to_string(),
            outcome: new_outcome,
            note: new_note,
            updated_at: clock::now(),
            updated_by: self.actor()?,
        };
        store.write(|tx| {
            Store::upsert_item_state(tx, id, &state)?;
            crate::store::append_event(
                tx,
                id.as_str(),
                &state.updated_at,
                &state.updated_by,
                EventKind::ItemUpdated,
                Some(item_id),
                serde_json::Value::Object(changes),
            )?;
            Store::touch_case(tx, id, &state.updated_at)
        })?;
        Ok(item_state(item_id, Some(state)))
    }

    /// The audit events of one item of a case, oldest first.
    pub fn item_history(&self, id: &CaseId, item_id: &str) -> Result<Vec<AuditEvent>> {
        let row = self.case_row(id)?;
        check_item(&row, item_id)?;
        Ok(self.store().item_events(id.as_str(), item_id)?)
    }
}

/// The state of an item as shown: the stored row, or pending when it was never touched.
fn item_state(item_id: &str, row: Option<ItemStateRow>) -> ItemState {
    match row {
        Some(s) => ItemState {
            item_id: s.item_id,
            outcome: s.outcome,
            note: s.note,
            updated_at: Some(s.updated_at),
            updated_by: Some(s.updated_by),
        },
        None => ItemState {
            item_id: item_id.to_string(),
            outcome: Outcome::Pending,
            note: String::new(),
            updated_at: None,
            updated_by: None,
        },
    }
}
