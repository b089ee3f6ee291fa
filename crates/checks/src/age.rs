//! Dates in plain words for findings: "registered 4 months ago (2024-01-31)". Shared by
//! the registration, archive and certificate checks, which all judge how young something is.

use time::OffsetDateTime;

/// Plain-words age: "registered 4 months ago".
pub fn age_words(from: OffsetDateTime, now: OffsetDateTime) -> String {
    let days = (now - from).whole_days();
    if days < 0 {
        return "in the future".into();
    }
    let plural = |n: i64, unit: &str| format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" });
    match days {
        0 => "today".into(),
        1..=60 => plural(days, "day"),
        61..=729 => plural(days / 30, "month"),
        _ => {
            let years = days / 365;
            let months = (days % 365) / 30;
            if months == 0 {
                plural(years, "year")
            } else {
                format!(
                    "{years} year{} and {months} month{} ago",
                    if years == 1 { "" } else { "s" },
                    if months == 1 { "" } else { "s" }
                )
            }
        }
    }
}

/// The date of an RFC 3339 timestamp, without the time.
pub(crate) fn date_part(ts: &str) -> &str {
    ts.get(..10).unwrap_or(ts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_plain_words() {
        let now = OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap();
        let ago = |days: i64| age_words(now - time::Duration::days(days), now);
        assert_eq!(ago(0), "today");
        assert_eq!(ago(1), "1 day ago");
        assert_eq!(ago(45), "45 days ago");
        assert_eq!(ago(125), "4 months ago");
        assert_eq!(ago(365 * 3), "3 years ago");
        assert_eq!(ago(365 * 12 + 70), "12 years and 2 months ago");
        assert_eq!(ago(-3), "in the future");
    }
}
