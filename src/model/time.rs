//! Parsing of the timestamps Credly sends.
//!
//! Credly documents ISO-8601 UTC with milliseconds, but sends them without the fraction too,
//! and integrations have seen numeric offsets. Everything becomes a UTC `DateTime`.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};

pub type Timestamp = DateTime<Utc>;

/// Parses an ISO-8601 / RFC 3339 timestamp in any of the forms seen in the field.
///
/// Returns `None` for anything else; callers keep the raw text.
pub fn parse_timestamp(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(parsed) = DateTime::parse_from_rfc3339(text) {
        return Some(parsed.with_timezone(&Utc));
    }

    // Offsets without a colon (`+0200`) and a space instead of the `T`.
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %z",
    ] {
        if let Ok(parsed) = DateTime::parse_from_str(text, format) {
            return Some(parsed.with_timezone(&Utc));
        }
    }

    // No offset at all: Credly's timestamps are UTC.
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Some(naive.and_utc());
        }
    }
    None
}

/// Formats a timestamp as Credly does: RFC 3339, UTC, milliseconds, `Z`.
pub fn format_timestamp(time: Timestamp) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form_seen_in_the_field() {
        let expected = "2014-04-01T14:41:00.000Z";
        let cases = [
            ("2014-04-01T14:41:00.000Z", expected),
            ("2014-04-01T14:41:00Z", expected),
            ("2014-04-01T16:41:00+02:00", expected),
            ("2014-04-01T16:41:00.000+02:00", expected),
            ("2014-04-01T09:41:00-05:00", expected),
            ("2014-04-01T16:41:00+0200", expected),
            ("2014-04-01 14:41:00 UTC", ""),
            ("2014-04-01T14:41:00", expected),
            ("2014-04-01 14:41:00.000", expected),
            ("  2014-04-01T14:41:00Z  ", expected),
            ("2014-04-01T14:41:00.123456Z", "2014-04-01T14:41:00.123Z"),
            ("", ""),
            ("yesterday", ""),
            ("2014-13-01T14:41:00Z", ""),
        ];
        for (text, want) in cases {
            let got = parse_timestamp(text)
                .map(format_timestamp)
                .unwrap_or_default();
            assert_eq!(got, want, "parsing {text:?}");
        }
    }
}
