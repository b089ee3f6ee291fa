//! Times as the record prints them. The record keeps exact RFC 3339 timestamps
//! (`2026-12-01T08:38:27.422Z`); people read `1 Dec 2026, 08:38 UTC`.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

fn parse(ts: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(ts, &Rfc3339).ok()
}

/// `1 Dec 2026, 08:38 UTC`; text that is not a timestamp is returned as it is.
pub fn human_time(ts: &str) -> String {
    let Some(t) = parse(ts) else {
        return ts.to_string();
    };
    let t = t.to_offset(time::UtcOffset::UTC);
    let month = &format!("{:?}", t.month())[..3];
    format!(
        "{} {month} {}, {:02}:{:02} UTC",
        t.day(),
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// A PDF date string (`D:20261201083827+00'00'`), to the second.
pub fn pdf_date(ts: &str) -> String {
    let t = parse(ts)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(time::UtcOffset::UTC);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The timestamp as a system time, for certificate validity checks.
pub fn system_time(ts: &str) -> Option<std::time::SystemTime> {
    parse(ts).map(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_people_write_them() {
        assert_eq!(
            human_time("2026-12-01T08:38:27.422Z"),
            "1 Dec 2026, 08:38 UTC"
        );
        assert_eq!(human_time("2027-01-09T23:05:00Z"), "9 Jan 2027, 23:05 UTC");
        assert_eq!(human_time("not a time"), "not a time");
        assert_eq!(
            pdf_date("2026-12-01T08:38:27.422Z"),
            "D:20261201083827+00'00'"
        );
    }
}
