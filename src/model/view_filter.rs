//! What the timeline window shows: the user's filter choices, kept across restarts, and how
//! they become a [`Filter`].

use std::collections::BTreeSet;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::{EventType, Filter, Timestamp, TypePattern};

/// The time span the timeline shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeRange {
    LastHour,
    LastDay,
    LastWeek,
    LastMonth,
    #[default]
    All,
    /// A span the user typed or dragged on the histogram; either end may be open.
    Custom {
        since: Option<Timestamp>,
        until: Option<Timestamp>,
    },
}

impl TimeRange {
    pub const PRESETS: [Self; 5] = [
        Self::LastHour,
        Self::LastDay,
        Self::LastWeek,
        Self::LastMonth,
        Self::All,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::LastHour => "Last hour",
            Self::LastDay => "24 h",
            Self::LastWeek => "7 days",
            Self::LastMonth => "30 days",
            Self::All => "All",
            Self::Custom { .. } => "Custom",
        }
    }

    /// The bounds of the span as of `now`: inclusive start, exclusive end.
    pub fn bounds(self, now: Timestamp) -> (Option<Timestamp>, Option<Timestamp>) {
        let back = |span: Duration| (Some(now - span), None);
        match self {
            Self::LastHour => back(Duration::hours(1)),
            Self::LastDay => back(Duration::days(1)),
            Self::LastWeek => back(Duration::days(7)),
            Self::LastMonth => back(Duration::days(30)),
            Self::All => (None, None),
            Self::Custom { since, until } => (since, until),
        }
    }
}

/// The filter choices of the timeline window.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewFilter {
    /// Types unticked in the filter panel, by name.
    pub hidden_types: BTreeSet<String>,
    /// Wildcard patterns typed by the user, separated by commas or spaces (`badge.*`).
    pub patterns: String,
    pub range: TimeRange,
    /// Free text searched in ids, types and cached details.
    pub search: String,
}

/// Which event types a view keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeChoice {
    All,
    /// Exactly these; possibly none.
    Only(Vec<TypePattern>),
}

impl ViewFilter {
    pub fn patterns(&self) -> Vec<TypePattern> {
        self.patterns
            .split([',', ' '])
            .map(str::trim)
            .filter(|pattern| !pattern.is_empty())
            .map(TypePattern::new)
            .collect()
    }

    /// The types to keep among `known`, the types the timeline holds.
    pub fn type_choice<'a>(&self, known: impl IntoIterator<Item = &'a EventType>) -> TypeChoice {
        let patterns = self.patterns();
        if self.hidden_types.is_empty() && patterns.is_empty() {
            return TypeChoice::All;
        }
        let kept = known
            .into_iter()
            .map(EventType::as_str)
            .filter(|name| !self.hidden_types.contains(*name))
            .filter(|name| patterns.is_empty() || patterns.iter().any(|p| p.matches(name)))
            .map(TypePattern::new)
            .collect();
        TypeChoice::Only(kept)
    }

    /// The model filter for the kept types and the time span as of `now`, or `None` when
    /// no type is kept at all.
    pub fn to_filter<'a>(
        &self,
        known: impl IntoIterator<Item = &'a EventType>,
        now: Timestamp,
    ) -> Option<Filter> {
        let (since, until) = self.range.bounds(now);
        let types = match self.type_choice(known) {
            TypeChoice::All => Vec::new(),
            TypeChoice::Only(types) if types.is_empty() => return None,
            TypeChoice::Only(types) => types,
        };
        Some(Filter {
            types,
            since,
            until,
        })
    }

    /// The search text, trimmed; `None` when there is nothing to search.
    pub fn search_query(&self) -> Option<&str> {
        Some(self.search.trim()).filter(|query| !query.is_empty())
    }

    pub fn is_active(&self) -> bool {
        *self != Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_timestamp;

    fn known() -> Vec<EventType> {
        [
            "badge.created",
            "badge.state.changed",
            "badge_template.created",
            "user.account_merged",
        ]
        .into_iter()
        .map(EventType::parse)
        .collect()
    }

    fn names(choice: &TypeChoice) -> Vec<&str> {
        match choice {
            TypeChoice::All => vec!["*all*"],
            TypeChoice::Only(types) => types.iter().map(TypePattern::as_str).collect(),
        }
    }

    #[test]
    fn hidden_types_and_patterns_combine() {
        let hide = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect();
        let cases: [(BTreeSet<String>, &str, &[&str]); 5] = [
            (BTreeSet::new(), "", &["*all*"]),
            (
                BTreeSet::new(),
                "badge.*",
                &["badge.created", "badge.state.changed"],
            ),
            (
                hide(&["badge.created"]),
                "badge.*, user.*",
                &["badge.state.changed", "user.account_merged"],
            ),
            (
                hide(&["user.account_merged"]),
                "",
                &[
                    "badge.created",
                    "badge.state.changed",
                    "badge_template.created",
                ],
            ),
            (BTreeSet::new(), "nothing.*", &[]),
        ];
        for (hidden_types, patterns, expected) in cases {
            let filter = ViewFilter {
                hidden_types,
                patterns: patterns.to_owned(),
                ..ViewFilter::default()
            };
            assert_eq!(names(&filter.type_choice(&known())), expected, "{patterns}");
        }
    }

    #[test]
    fn no_kept_type_means_no_filter_at_all() {
        let now = parse_timestamp("2026-12-01T12:00:00Z").unwrap();
        let filter = ViewFilter {
            patterns: "nothing.*".to_owned(),
            ..ViewFilter::default()
        };
        assert_eq!(filter.to_filter(&known(), now), None);
        let all = ViewFilter::default().to_filter(&known(), now).unwrap();
        assert!(all.is_empty());
    }

    #[test]
    fn presets_count_back_from_now() {
        let now = parse_timestamp("2026-12-01T12:00:00Z").unwrap();
        let cases = [
            (TimeRange::LastHour, "2026-12-01T11:00:00Z"),
            (TimeRange::LastDay, "2026-11-30T12:00:00Z"),
            (TimeRange::LastWeek, "2026-11-24T12:00:00Z"),
            (TimeRange::LastMonth, "2026-11-01T12:00:00Z"),
        ];
        for (range, since) in cases {
            assert_eq!(
                range.bounds(now),
                (parse_timestamp(since), None),
                "{range:?}"
            );
        }
        assert_eq!(TimeRange::All.bounds(now), (None, None));
    }

    #[test]
    fn filters_survive_a_round_trip_through_preferences() {
        let filter = ViewFilter {
            hidden_types: BTreeSet::from(["badge.created".to_owned()]),
            patterns: "employment.*".to_owned(),
            range: TimeRange::Custom {
                since: parse_timestamp("2026-01-01T00:00:00Z"),
                until: None,
            },
            search: "Priya".to_owned(),
        };
        let text = serde_json::to_string(&filter).unwrap();
        assert_eq!(serde_json::from_str::<ViewFilter>(&text).unwrap(), filter);
        assert_eq!(
            serde_json::from_str::<ViewFilter>("{}").unwrap(),
            ViewFilter::default()
        );
    }
}
