//! Timestamps and dates. Times are stored and exchanged as RFC 3339 strings in UTC with
//! millisecond precision, so they sort as text and read the same in SQLite, JSON and PDF.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

/// The current time as an RFC 3339 UTC string, e.g. `2026-11-24T06:40:12.345Z`.
pub fn now() -> String {
    format_timestamp(OffsetDateTime::now_utc())
}

/// Formats a time as RFC 3339 UTC with milliseconds.
pub fn format_timestamp(t: OffsetDateTime) -> String {
    // A fixed width (always three fraction digits) keeps text order equal to time order.
    let fmt =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.to_offset(UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// Today's date in UTC.
pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// Parses a calendar date written `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s, format_description!("[year]-[month]-[day]")).ok()
}

/// Parses a timestamp written by [`now`] (or any RFC 3339 time).
pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        let t = OffsetDateTime::from_unix_timestamp_nanos(1_700_000_000_123_456_789).unwrap();
        assert_eq!(format_timestamp(t), "2023-11-14T22:13:20.123Z");
        let whole = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        assert_eq!(format_timestamp(whole), "2023-11-14T22:13:20.000Z");
        assert_eq!(parse_timestamp("2023-11-14T22:13:20.000Z"), Some(whole));
    }

    #[test]
    fn dates_parse_strictly() {
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("24-2-1").is_none());
    }
}
