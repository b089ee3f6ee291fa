//! The company device's delivery on the [`App`] façade: the findings its recorded details
//! raise (ship-to against the ID address and other cases, carrier events, the first
//! check-in), and filling those details from a carrier's tracking text.

use serde::Serialize;

use super::App;
use crate::error::{Error, Result};
use crate::model::{CaseFields, CaseId, MAX_LONG_TEXT, clean_text};
use crate::monitor::{
    Assessment, CarrierText, Catalog, OtherAddress, analyse_delivery, read_carrier_text,
};

/// Longest tracking text accepted: a carrier's page pasted whole is a few kilobytes.
pub const MAX_CARRIER_TEXT: usize = MAX_LONG_TEXT;

impl App {
    /// What the case's delivery details show, against every other case's ship-to address.
    pub(super) fn delivery_assessment(
        &self,
        id: &CaseId,
        fields: &CaseFields,
    ) -> Result<Assessment> {
        if fields.shipping_address.trim().is_empty() && fields.delivery.is_empty() {
            return Ok(Assessment::default());
        }
        let others: Vec<OtherAddress> = self
            .store()
            .other_case_fields(id)?
            .into_iter()
            .filter(|o| !o.fields.shipping_address.trim().is_empty())
            .map(|o| OtherAddress {
                case_id: o.id,
                case_name: o.name,
                address: o.fields.shipping_address,
            })
            .collect();
        let table = self.network_table()?;
        Ok(analyse_delivery(
            fields,
            &others,
            &table,
            Catalog::shipped(),
        ))
    }

    /// Reads a carrier's tracking text for what it says about the delivery.
    fn read_carrier_text(&self, text: &str) -> Result<CarrierText> {
        let text = clean_text(text, MAX_CARRIER_TEXT, true)
            .map_err(|m| Error::invalid("carrier_text", m))?;
        Ok(read_carrier_text(&text))
    }

    /// Fills the delivery fields of `fields` (a form's unsaved details) that are still
    /// empty from a carrier's tracking text, by the same rule a saved edit uses; nothing is
    /// stored. Returns the fields and what was filled.
    pub fn fill_from_carrier_text(&self, fields: &CaseFields, text: &str) -> Result<CarrierFill> {
        let mut fields = fields.clone();
        let filled = self
            .read_carrier_text(text)?
            .fill(&mut fields)
            .into_iter()
            .map(str::to_owned)
            .collect();
        Ok(CarrierFill { fields, filled })
    }
}

/// A form's details after [`App::fill_from_carrier_text`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CarrierFill {
    /// The details, with the empty delivery fields filled where the text said something.
    pub fields: CaseFields,
    /// What was filled ("signed for by", "delivery events" …).
    pub filled: Vec<String>,
}

/// Changes to a case's delivery details: each `Some` replaces the field (an empty string
/// clears it), `events` are added, and `carrier_text` then fills what is still empty.
#[derive(Debug, Clone, Default)]
pub struct DeliveryEdit {
    /// The address on the verified ID.
    pub id_address: Option<String>,
    /// Where the device ships.
    pub ship_to: Option<String>,
    /// The ship-to country, ISO 3166-1 alpha-2.
    pub ship_to_country: Option<String>,
    /// Who signed for it.
    pub signed_by: Option<String>,
    /// Redirect, hold or address-change events to add.
    pub events: Vec<String>,
    /// The device's serial number.
    pub device_serial: Option<String>,
    /// The IP address of the device's first check-in.
    pub first_checkin_ip: Option<String>,
    /// A carrier's tracking text, pasted.
    pub carrier_text: Option<String>,
}

impl App {
    /// Applies a delivery edit and saves the case (validated and recorded as any edit);
    /// returns the case and which fields the tracking text filled.
    pub fn edit_delivery(
        &self,
        id: &CaseId,
        edit: &DeliveryEdit,
    ) -> Result<(super::CaseView, Vec<&'static str>)> {
        let mut fields = self.case_row(id)?.fields;
        let set = |slot: &mut String, v: &Option<String>| {
            if let Some(v) = v {
                slot.clone_from(v);
            }
        };
        set(&mut fields.id_address, &edit.id_address);
        set(&mut fields.shipping_address, &edit.ship_to);
        let d = &mut fields.delivery;
        set(&mut d.ship_to_country, &edit.ship_to_country);
        set(&mut d.signed_by, &edit.signed_by);
        set(&mut d.device_serial, &edit.device_serial);
        set(&mut d.first_checkin_ip, &edit.first_checkin_ip);
        for e in &edit.events {
            if !d.events.contains(e) {
                d.events.push(e.clone());
            }
        }
        let filled = match &edit.carrier_text {
            Some(text) => self.read_carrier_text(text)?.fill(&mut fields),
            None => Vec::new(),
        };
        Ok((self.update_case(id, &fields)?, filled))
    }
}
