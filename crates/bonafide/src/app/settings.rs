//! Writing settings as the audit trail expects: every change to a setting that shapes a
//! result (screening thresholds and list addresses, check services and limits) is stored
//! together with a global event naming the person, the old value and the new one, so a
//! threshold lowered to clear a match cannot be lowered without trace.

use serde_json::{Map, Value, json};

use super::App;
use crate::error::Result;
use crate::store::put_setting;

impl App {
    /// Stores `values` (setting key, new value) in one transaction with one event for the
    /// group `what`, listing only the values that change. Nothing changes, nothing is
    /// recorded.
    pub(crate) fn write_settings(&self, what: &str, values: &[(String, String)]) -> Result<()> {
        let mut changed = Map::new();
        {
            let store = self.store();
            for (key, value) in values {
                let old = store.setting(key)?;
                if old.as_deref() != Some(value.as_str()) {
                    changed.insert(key.clone(), json!({ "from": old, "to": value }));
                }
            }
        }
        if changed.is_empty() {
            return Ok(());
        }
        let actor = self.actor()?;
        let now = crate::clock::now();
        self.store().write(|tx| {
            for (key, value) in values {
                put_setting(tx, key, value)?;
            }
            crate::store::append_setting_changed(
                tx,
                &now,
                &actor,
                json!({ "setting": what, "changes": Value::Object(changed) }),
            )?;
            Ok(())
        })?;
        Ok(())
    }
}
