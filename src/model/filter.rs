//! Which events a view or an export keeps: type patterns and a time range.

use super::{Event, Timestamp, TypePattern};

/// Keeps events whose type matches any of `types` (all when empty) and whose `occurred_at`
/// lies in `since..until` (inclusive start, exclusive end).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub types: Vec<TypePattern>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

impl Filter {
    pub fn matches(&self, event: &Event) -> bool {
        self.matches_type(event.event_type.as_str()) && self.matches_time(event.occurred_at)
    }

    pub fn matches_type(&self, type_name: &str) -> bool {
        self.types.is_empty() || self.types.iter().any(|pattern| pattern.matches(type_name))
    }

    pub fn matches_time(&self, time: Timestamp) -> bool {
        self.since.is_none_or(|since| time >= since) && self.until.is_none_or(|until| time < until)
    }

    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.since.is_none() && self.until.is_none()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::parse_timestamp;

    fn event(event_type: &str, time: &str) -> Event {
        Event::from_json(json!({"id": "e", "event_type": event_type, "occurred_at": time})).unwrap()
    }

    #[test]
    fn filters_combine_types_and_a_half_open_range() {
        let time = |text| parse_timestamp(text);
        let filter = Filter {
            types: vec![
                TypePattern::new("badge.*"),
                TypePattern::new("user.account_merged"),
            ],
            since: time("2024-01-01T00:00:00Z"),
            until: time("2024-02-01T00:00:00Z"),
        };
        let cases = [
            ("badge.created", "2024-01-01T00:00:00Z", true),
            ("badge.created", "2024-01-31T23:59:59.999Z", true),
            ("badge.created", "2024-02-01T00:00:00Z", false),
            ("badge.created", "2023-12-31T23:59:59Z", false),
            ("user.account_merged", "2024-01-15T00:00:00Z", true),
            ("user.account_merged.extra", "2024-01-15T00:00:00Z", false),
            ("badge_template.created", "2024-01-15T00:00:00Z", false),
        ];
        for (event_type, at, expected) in cases {
            assert_eq!(
                filter.matches(&event(event_type, at)),
                expected,
                "{event_type} at {at}"
            );
        }
        assert!(Filter::default().matches(&event("anything", "1999-01-01T00:00:00Z")));
    }
}
