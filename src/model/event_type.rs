//! The kinds of event Credly records, and the categories they are grouped and coloured by.
//!
//! Pure data: depends on nothing else of ours.

use std::fmt;

/// The family an event type belongs to. The timeline groups and colours events by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventCategory {
    Badge,
    BadgeTemplate,
    PendingNotification,
    User,
    Employment,
    /// A type none of the documented families claims.
    Other,
}

impl EventCategory {
    pub const ALL: [Self; 6] = [
        Self::Badge,
        Self::BadgeTemplate,
        Self::PendingNotification,
        Self::User,
        Self::Employment,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Badge => "Badges",
            Self::BadgeTemplate => "Badge templates",
            Self::PendingNotification => "Pending notifications",
            Self::User => "Users",
            Self::Employment => "Employment",
            Self::Other => "Other",
        }
    }

    /// The category of a raw `event_type` string, judged by its prefix so that new types of a
    /// known family still land in it.
    pub fn of_type_name(name: &str) -> Self {
        let family = name.split('.').next().unwrap_or_default();
        match family {
            "badge" => Self::Badge,
            "badge_template" => Self::BadgeTemplate,
            "pending_badge_notification" => Self::PendingNotification,
            "user" => Self::User,
            "employment" => Self::Employment,
            _ => Self::Other,
        }
    }
}

macro_rules! event_types {
    ($($variant:ident => $name:literal,)*) => {
        /// The type of an event: one of the 27 documented by Credly, or an unknown one whose
        /// original text is kept, since Credly adds types without notice.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventType {
            $($variant,)*
            Unknown(String),
        }

        impl EventType {
            /// Every documented type, in the order of Credly's page.
            pub const KNOWN: &'static [EventType] = &[$(EventType::$variant,)*];

            pub fn parse(name: &str) -> Self {
                match name {
                    $($name => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// The text Credly uses, or the original text of an unknown type.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $name,)*
                    Self::Unknown(name) => name,
                }
            }
        }
    };
}

event_types! {
    BadgeCreated => "badge.created",
    BadgeDeleted => "badge.deleted",
    BadgePrivacyChanged => "badge.privacy.changed",
    BadgeStateChanged => "badge.state.changed",
    BadgeTemplateCreated => "badge_template.created",
    BadgeTemplateChanged => "badge_template.changed",
    BadgeTemplateDeleted => "badge_template.deleted",
    PendingBadgeNotificationSent => "pending_badge_notification.sent",
    PendingBadgeNotificationNoUserSent => "pending_badge_notification.no_user.sent",
    PendingBadgeNotificationUnconfirmedEmailSent =>
        "pending_badge_notification.unconfirmed_email.sent",
    UserAccountMerged => "user.account_merged",
    UserConnectAccessRemoved => "user.connect_access.removed",
    UserPublicBadgesChanged => "user.public_badges.changed",
    UserPublicBadgesAdded => "user.public_badges.added",
    UserPublicBadgesRemoved => "user.public_badges.removed",
    EmploymentBadgesAdded => "employment.badges.added",
    EmploymentBadgesRemoved => "employment.badges.removed",
    EmploymentBadgesStateChanged => "employment.badges.state_changed",
    EmploymentBadgesPrivacyChanged => "employment.badges.privacy_changed",
    EmploymentCreated => "employment.created",
    EmploymentUpdated => "employment.updated",
    EmploymentDeleted => "employment.deleted",
    EmploymentConnectionPending => "employment.connection.pending",
    EmploymentConnectionAccepted => "employment.connection.accepted",
    EmploymentConnectionRejected => "employment.connection.rejected",
    EmploymentUserAccountAssociated => "employment.user_account.associated",
    EmploymentUserAccountDisassociated => "employment.user_account.disassociated",
}

impl EventType {
    pub fn category(&self) -> EventCategory {
        EventCategory::of_type_name(self.as_str())
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Unknown(_))
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A pattern over event type names: the exact name, or a prefix ending in `*` (`badge.*`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TypePattern(String);

impl TypePattern {
    pub fn new(pattern: impl Into<String>) -> Self {
        Self(pattern.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn matches(&self, type_name: &str) -> bool {
        match self.0.strip_suffix('*') {
            Some(prefix) => type_name.starts_with(prefix),
            None => self.0 == type_name,
        }
    }
}

impl fmt::Display for TypePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_27_documented_types_round_trip_through_their_names() {
        assert_eq!(EventType::KNOWN.len(), 27);
        for known in EventType::KNOWN {
            assert_eq!(&EventType::parse(known.as_str()), known);
            assert!(known.is_known());
            assert_ne!(known.category(), EventCategory::Other, "{known}");
        }
    }

    #[test]
    fn unknown_types_keep_their_text_and_family() {
        let cases = [
            ("badge.endorsed", EventCategory::Badge),
            ("employment.teleported", EventCategory::Employment),
            ("wallet.opened", EventCategory::Other),
            ("", EventCategory::Other),
        ];
        for (name, category) in cases {
            let parsed = EventType::parse(name);
            assert_eq!(parsed, EventType::Unknown(name.to_owned()));
            assert_eq!(parsed.as_str(), name);
            assert_eq!(parsed.category(), category, "{name}");
        }
    }

    #[test]
    fn type_patterns_match_exactly_or_by_prefix() {
        let cases = [
            ("badge.*", "badge.created", true),
            ("badge.*", "badge_template.created", false),
            ("badge*", "badge_template.created", true),
            ("badge.created", "badge.created", true),
            ("badge.created", "badge.created.extra", false),
            ("*", "anything", true),
            ("employment.badges.*", "employment.badges.added", true),
        ];
        for (pattern, name, expected) in cases {
            assert_eq!(
                TypePattern::new(pattern).matches(name),
                expected,
                "{pattern} vs {name}"
            );
        }
    }
}
