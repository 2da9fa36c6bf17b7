//! What a view asks the app to do. Views never act themselves: they return these, and the
//! app handles them all in one `match`.
//!
//! Uses only `model`.

use super::export_dialog::ExportIntent;
use super::sign_in_dialog::ProfileDraft;
use crate::model::{EventDetail, EventId, Payload, TimeRange};

/// An intent of the user, raised by a view and carried out by the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UiAction {
    /// Open a link in the browser. Views offer only HTTPS links; the app shows the host and
    /// checks the scheme again before opening.
    OpenUrl(String),
    /// Put this text on the clipboard.
    CopyText(String),
    /// Fetch this event's detail (again).
    RetryDetail(EventId),
    /// Select this event in the timeline and show its detail.
    SelectEvent(EventId),
    /// Show every event about this subject in the timeline.
    ShowRelated(RelatedSubject),
    /// Sync the profile of this name instead.
    SwitchProfile(String),
    OpenSignIn,
    /// Ask the draft's API for page 1 with the draft's token (or the stored one) and show
    /// the outcome in the sign-in dialog.
    TestConnection(ProfileDraft),
    /// Store the draft's token in the keyring, the profile in the settings file, and sync it.
    SaveProfile(ProfileDraft),
    /// Delete the token of the profile of this name from the keyring.
    ForgetToken(String),
    /// Remove the profile of this name (and its token, unless another profile uses it).
    DeleteProfile(String),
    CloseSignIn,
    OpenExport,
    PollNow,
    /// Pause (`true`) or resume polling.
    SetPaused(bool),
    /// Show times in UTC (`true`) or in local time.
    SetUtc(bool),
    /// Scroll to the newest events and forget the "new events" count.
    JumpToNewest,
    /// Show only this span of time (dragged on the histogram).
    SetTimeRange(TimeRange),
    /// What the export dialog asks for.
    Export(ExportIntent),
    /// Show (`true`) or hide the histogram above the timeline.
    ShowHistogram(bool),
    /// Raise (`true`) or stop raising desktop notifications for events of this type.
    SetNotify {
        event_type: String,
        notify: bool,
    },
}

/// What a set of related events is about: the same badge, template, employee or user.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RelatedSubject {
    /// An issued badge, by its id.
    Badge(String),
    /// A badge template, by its id.
    Template(String),
    /// An employee record, by its id.
    Employee(String),
    /// A Credly user, by their id.
    User(String),
}

impl RelatedSubject {
    /// The subjects a detail is about, the most specific first (a badge before its template).
    pub fn of(detail: &EventDetail) -> Vec<Self> {
        let subjects = match &detail.payload {
            Payload::IssuedBadge(badge) => vec![
                badge.id.clone().map(Self::Badge),
                badge
                    .template
                    .as_ref()
                    .and_then(|t| t.id.clone())
                    .map(Self::Template),
                badge.user_id.clone().map(Self::User),
            ],
            Payload::BadgeTemplate(template) => vec![template.id.clone().map(Self::Template)],
            Payload::Employment(employment) => vec![employment.id.clone().map(Self::Employee)],
            Payload::EmploymentMinimal(minimal) => vec![minimal.id.clone().map(Self::Employee)],
            Payload::EmploymentBadgeChange { employment, badge } => vec![
                badge.id.clone().map(Self::Badge),
                employment.id.clone().map(Self::Employee),
            ],
            Payload::AccountMerge {
                source_user_id,
                destination_user_id,
            } => vec![
                destination_user_id.clone().map(Self::User),
                source_user_id.clone().map(Self::User),
            ],
            Payload::ConnectAccessRemoved { user_id } => vec![Some(Self::User(user_id.clone()))],
            Payload::PublicBadges { user_id, badge } => vec![
                badge.id.clone().map(Self::Badge),
                user_id.clone().map(Self::User),
            ],
            Payload::Other => Vec::new(),
        };
        subjects.into_iter().flatten().collect()
    }

    /// A short description naming the subject by the start of its id, e.g.
    /// "badge e41f7c2a".
    pub fn describe(&self) -> String {
        let (kind, id) = match self {
            Self::Badge(id) => ("badge", id),
            Self::Template(id) => ("template", id),
            Self::Employee(id) => ("employee", id),
            Self::User(id) => ("user", id),
        };
        let short: String = id.chars().take(8).collect();
        format!("{kind} {short}")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn subjects_come_most_specific_first() {
        let cases = [
            (
                json!({"badge": {"id": "b", "issued_to": "x", "badge_template": {"id": "t"}}}),
                vec![
                    RelatedSubject::Badge("b".to_owned()),
                    RelatedSubject::Template("t".to_owned()),
                ],
            ),
            (
                json!({"source_user_id": "s", "destination_user_id": "d"}),
                vec![
                    RelatedSubject::User("d".to_owned()),
                    RelatedSubject::User("s".to_owned()),
                ],
            ),
            (
                json!({"user_id": "u"}),
                vec![RelatedSubject::User("u".to_owned())],
            ),
            (json!({"unknown": true}), Vec::new()),
        ];
        for (data, expected) in cases {
            let detail = EventDetail::from_data(data.clone());
            assert_eq!(RelatedSubject::of(&detail), expected, "{data}");
        }
    }

    #[test]
    fn subjects_describe_themselves_by_the_start_of_their_id() {
        let cases = [
            (
                RelatedSubject::Badge("e41f7c2a-9d35".to_owned()),
                "badge e41f7c2a",
            ),
            (RelatedSubject::User("u1".to_owned()), "user u1"),
            (
                RelatedSubject::Template("é".repeat(20)),
                "template éééééééé",
            ),
        ];
        for (subject, expected) in cases {
            assert_eq!(subject.describe(), expected);
        }
    }
}
