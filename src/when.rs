//! Dates and times users write: `--as-of`, effective dates, waiver approval and expiry.
//!
//! One rule everywhere: a date stands for a whole day in UTC. "As of 2026-03-14" is the end of
//! that day (everything dated that day has happened); a waiver that `expires: 2026-04-01` covers
//! that day and stops at its end; a requirement `effective_on: 2026-06-01` blocks from the start
//! of that day. A time is RFC 3339 with a zone.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// A calendar date written `YYYY-MM-DD`, and nothing else.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    (text.len() == 10)
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
}

/// An RFC 3339 time with a zone, in UTC.
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The first instant of a day, UTC.
pub fn start_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

/// The last second of a day, UTC.
pub fn end_of(date: NaiveDate) -> DateTime<Utc> {
    let last = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
    date.and_time(last).and_utc()
}

/// A moment written as a time, or as a date meaning the end of that day.
pub fn parse_moment(text: &str) -> Option<DateTime<Utc>> {
    parse_time(text).or_else(|| parse_date(text).map(end_of))
}

/// The UTC day of a planned time (RFC 3339, or a bare date), `YYYY-MM-DD`.
pub fn day_of(text: &str) -> Option<String> {
    parse_time(text)
        .map(|t| t.date_naive())
        .or_else(|| parse_date(text))
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// How the clap value parsers and YAML readers describe what they accept.
pub const MOMENT_HELP: &str = "an RFC 3339 time with a zone (2026-03-14T22:00:00Z) or a date (2026-03-14, meaning the end of that day in UTC)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_in_utc_and_times_need_a_zone() {
        let day = parse_date("2026-03-14").unwrap();
        assert_eq!(start_of(day).to_rfc3339(), "2026-03-14T00:00:00+00:00");
        assert_eq!(
            parse_moment("2026-03-14").unwrap().to_rfc3339(),
            "2026-03-14T23:59:59+00:00"
        );
        assert_eq!(
            parse_moment("2026-03-14T23:00:00+02:00")
                .unwrap()
                .to_rfc3339(),
            "2026-03-14T21:00:00+00:00"
        );
        for bad in [
            "2026-3-14",
            "14.03.2026",
            "2026-02-30",
            "2026-03-14T22:00:00",
            "",
            "2026-03-14x",
        ] {
            assert!(parse_moment(bad).is_none(), "{bad}");
        }
    }
}
