//! Checks on what a person typed or picked before an operation writes anything: the
//! case's checklist, item ids, evidence details and required text fields.
//!
//! Each returns the cleaned value or an [`Error`] naming the field, so every operation
//! refuses bad input with the same wording.

use super::EvidenceDetails;
use crate::checklist::{self, Template};
use crate::clock;
use crate::error::{Error, Result};
use crate::model::{FieldError, MAX_LONG_TEXT, clean_text};
use crate::store::CaseRow;

/// The checklist edition a case was opened with; an error when this build lacks it.
pub(super) fn template_of(row: &CaseRow) -> Result<&'static Template> {
    checklist::find_template(&row.template_id, row.template_version).ok_or_else(|| {
        Error::TemplateMissing {
            id: row.template_id.clone(),
            version: row.template_version,
        }
    })
}

/// Refuses an item id that is not in the case's checklist for its subject kind.
pub(super) fn check_item(row: &CaseRow, item_id: &str) -> Result<()> {
    let template = template_of(row)?;
    match template.item(item_id) {
        Some(item) if item.applies_to.contains(&row.fields.kind) => Ok(()),
        _ => Err(Error::ItemNotFound {
            case: row.id.to_string(),
            item: item_id.to_string(),
        }),
    }
}

/// The effective date and note of new evidence, cleaned; every bad field is reported at
/// once.
pub(super) fn check_details(d: &EvidenceDetails) -> Result<(Option<String>, String)> {
    let mut errors = Vec::new();
    let date = d.effective_date.trim();
    let effective_date = if date.is_empty() {
        None
    } else if clock::parse_date(date).is_some() {
        Some(date.to_string())
    } else {
        errors.push(FieldError {
            field: "effective_date".into(),
            message: format!("'{date}' is not a date in the form YYYY-MM-DD"),
        });
        None
    };
    let note = clean_text(&d.note, MAX_LONG_TEXT, true).unwrap_or_else(|m| {
        errors.push(FieldError {
            field: "note".into(),
            message: m,
        });
        String::new()
    });
    if errors.is_empty() {
        Ok((effective_date, note))
    } else {
        Err(Error::Invalid(errors))
    }
}

/// `value` cleaned, or an empty string with the field's error added to `errors` when it is
/// missing or malformed, so a form reports all its problems together.
pub(super) fn required(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    max: usize,
    multiline: bool,
) -> String {
    match clean_text(value, max, multiline) {
        Ok(v) if !v.is_empty() => v,
        Ok(_) => {
            errors.push(FieldError {
                field: field.into(),
                message: "is required".into(),
            });
            String::new()
        }
        Err(message) => {
            errors.push(FieldError {
                field: field.into(),
                message,
            });
            String::new()
        }
    }
}
