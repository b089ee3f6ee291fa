//! Lenient readers for the parts of the record printed from their JSON: check results
//! and screenings.
//!
//! Those parts are read from the record's canonical JSON rather than the app's types, so
//! the record format alone decides what is printed; a value that is missing or of another
//! type prints as empty (or zero) instead of failing the whole PDF.

use serde_json::Value;

/// A string, or empty.
pub(super) fn text(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

/// A string with its underscores as spaces, for wire names (`false_positive`).
pub(super) fn words(v: &Value) -> String {
    text(v).replace('_', " ")
}

/// A number, or zero.
pub(super) fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(0.0)
}

/// The elements of an array; none when it is not one.
pub(super) fn list(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or_default()
}

/// The strings of an array joined with `; `.
pub(super) fn join(v: &Value) -> String {
    list(v).iter().map(text).collect::<Vec<_>>().join("; ")
}
