//! Alerts raised when re-screening after a list update finds a new potential match, and
//! their acknowledgement.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::ScreeningView;
use crate::app::App;
use crate::audit::EventKind;
use crate::clock;
use crate::error::Result;
use crate::model::CaseId;
use crate::store::{AlertRow, Store};

/// An alert raised by re-screening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AlertView {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Case.
    pub case_id: String,
    /// Case name.
    pub display_name: String,
    /// When.
    pub raised_at: String,
    /// What.
    pub message: String,
    /// When acknowledged.
    pub acknowledged_at: Option<String>,
    /// By whom.
    pub acknowledged_by: Option<String>,
}

impl App {
    /// Acknowledges an alert.
    pub fn acknowledge_alert(&self, id: &CaseId, alert_id: i64) -> Result<ScreeningView> {
        let now = clock::now();
        let actor = self.actor()?;
        self.store().write(|tx| {
            if !Store::acknowledge_alert(tx, id, alert_id, &now, &actor)? {
                return Err(crate::store::decode(
                    "alerts",
                    format!("no open alert {alert_id} on this case"),
                ));
            }
            crate::store::append_event(
                tx,
                id.as_str(),
                &now,
                &actor,
                EventKind::AlertAcknowledged,
                None,
                json!({ "alert_id": alert_id }),
            )?;
            Ok(())
        })?;
        self.screening(id)
    }

    /// Open alerts across all cases.
    pub fn open_alerts(&self) -> Result<Vec<AlertView>> {
        let store = self.store();
        let alerts = store.alerts(None, true)?;
        let mut names: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        for a in alerts {
            let name = match names.get(&a.case_id) {
                Some(n) => n.clone(),
                None => {
                    let n = store
                        .case(&CaseId::from_stored(a.case_id.clone()))?
                        .map(|c| c.fields.display_name)
                        .unwrap_or_default();
                    names.insert(a.case_id.clone(), n.clone());
                    n
                }
            };
            out.push(alert_view(a, &name));
        }
        Ok(out)
    }
}

/// An alert as shown, with the name of the case it is about.
pub(super) fn alert_view(a: AlertRow, name: &str) -> AlertView {
    AlertView {
        id: a.id,
        case_id: a.case_id,
        display_name: name.to_string(),
        raised_at: a.raised_at,
        message: a.message,
        acknowledged_at: a.acknowledged_at,
        acknowledged_by: a.acknowledged_by,
    }
}
