//! Timestamps as the fake serves them: UTC, ISO 8601, with milliseconds unless told
//! otherwise.
//!
//! The fake keeps times as milliseconds since the Unix epoch; this file is the only place
//! that turns them into text. Depends on nothing else in the fake.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

const MILLIS_PER_DAY: i64 = 86_400_000;

fn date_time(ms: i64) -> DateTime<Utc> {
    // Every time the fake builds lies within a few centuries of its configured end.
    DateTime::from_timestamp_millis(ms).unwrap_or(DateTime::UNIX_EPOCH)
}

/// `2026-10-02T09:15:44.120Z`.
pub(super) fn millis(ms: i64) -> String {
    date_time(ms).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `2026-10-02T09:15:44Z`, the form some real events use.
pub(super) fn seconds(ms: i64) -> String {
    date_time(ms).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `2026-10-02`.
pub(super) fn date(ms: i64) -> String {
    date_time(ms).format("%Y-%m-%d").to_string()
}

/// A JSON timestamp with milliseconds, or null.
pub(super) fn json(ms: Option<i64>) -> Value {
    ms.map_or(Value::Null, |ms| Value::String(millis(ms)))
}

/// A JSON timestamp truncated to the second but still written with `.000`, as Credly
/// writes `issued_at`.
pub(super) fn json_whole_second(ms: i64) -> Value {
    Value::String(millis(ms - ms.rem_euclid(1000)))
}

/// A JSON date, or null.
pub(super) fn json_date(ms: Option<i64>) -> Value {
    ms.map_or(Value::Null, |ms| Value::String(date(ms)))
}

/// Milliseconds in `days` days.
pub(super) fn days(days: u16) -> i64 {
    i64::from(days) * MILLIS_PER_DAY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_match_credly() {
        let ms = 1_396_363_260_123;
        assert_eq!(millis(ms), "2014-04-01T14:41:00.123Z");
        assert_eq!(seconds(ms), "2014-04-01T14:41:00Z");
        assert_eq!(date(ms), "2014-04-01");
        assert_eq!(json_whole_second(ms), "2014-04-01T14:41:00.000Z");
        assert_eq!(json(None), Value::Null);
    }
}
