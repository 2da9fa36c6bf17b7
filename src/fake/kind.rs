//! The event types the fake emits and which payload each one's detail carries.
//!
//! Depends on nothing else in the fake.

/// The 27 event types Credly documents, in the order of its webhook page.
pub const EVENT_TYPES: [&str; 27] = [
    "badge.created",
    "badge.deleted",
    "badge.privacy.changed",
    "badge.state.changed",
    "badge_template.created",
    "badge_template.changed",
    "badge_template.deleted",
    "pending_badge_notification.sent",
    "pending_badge_notification.no_user.sent",
    "pending_badge_notification.unconfirmed_email.sent",
    "user.account_merged",
    "user.connect_access.removed",
    "user.public_badges.changed",
    "user.public_badges.added",
    "user.public_badges.removed",
    "employment.badges.added",
    "employment.badges.removed",
    "employment.badges.state_changed",
    "employment.badges.privacy_changed",
    "employment.created",
    "employment.updated",
    "employment.deleted",
    "employment.connection.pending",
    "employment.connection.accepted",
    "employment.connection.rejected",
    "employment.user_account.associated",
    "employment.user_account.disassociated",
];

/// One event type; `Unknown` stands for a type Credly may add later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    BadgeCreated,
    BadgeDeleted,
    BadgePrivacyChanged,
    BadgeStateChanged,
    TemplateCreated,
    TemplateChanged,
    TemplateDeleted,
    NotificationSent,
    NotificationNoUserSent,
    NotificationUnconfirmedEmailSent,
    UserAccountMerged,
    UserConnectAccessRemoved,
    UserPublicBadgesChanged,
    UserPublicBadgesAdded,
    UserPublicBadgesRemoved,
    EmploymentBadgesAdded,
    EmploymentBadgesRemoved,
    EmploymentBadgesStateChanged,
    EmploymentBadgesPrivacyChanged,
    EmploymentCreated,
    EmploymentUpdated,
    EmploymentDeleted,
    EmploymentConnectionPending,
    EmploymentConnectionAccepted,
    EmploymentConnectionRejected,
    EmploymentUserAccountAssociated,
    EmploymentUserAccountDisassociated,
    Unknown,
}

/// What an event's detail carries besides the summary fields, and what the record's
/// `subject` and `aux` index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Payload {
    /// `badge`; subject: badge snapshot.
    Badge,
    /// `badge_template`; subject: template snapshot.
    Template,
    /// `source_user_id`, `destination_user_id`; subject: earner, aux: merged source id.
    AccountMerged,
    /// `user_id`; subject: earner.
    ConnectAccessRemoved,
    /// `user_id` and `badge`; subject: badge snapshot.
    PublicBadge,
    /// Full `employment`; subject: employment snapshot.
    Employment,
    /// Full `employment` and the workforce `badge`; subject: employment snapshot, aux: badge
    /// snapshot.
    EmploymentBadge,
    /// Minimal `employment`; subject: employment snapshot.
    EmploymentDeleted,
    /// An object the monitor cannot know; aux: index into the unknown type names.
    Unknown,
}

impl Kind {
    /// The wire name; `Unknown` has none of its own (its record names it).
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            known => EVENT_TYPES
                .get(known as usize)
                .copied()
                .unwrap_or("unknown"),
        }
    }

    pub(super) fn payload(self) -> Payload {
        use Kind as K;
        match self {
            K::BadgeCreated
            | K::BadgeDeleted
            | K::BadgePrivacyChanged
            | K::BadgeStateChanged
            | K::NotificationSent
            | K::NotificationNoUserSent
            | K::NotificationUnconfirmedEmailSent => Payload::Badge,
            K::TemplateCreated | K::TemplateChanged | K::TemplateDeleted => Payload::Template,
            K::UserAccountMerged => Payload::AccountMerged,
            K::UserConnectAccessRemoved => Payload::ConnectAccessRemoved,
            K::UserPublicBadgesChanged | K::UserPublicBadgesAdded | K::UserPublicBadgesRemoved => {
                Payload::PublicBadge
            }
            K::EmploymentBadgesAdded | K::EmploymentBadgesRemoved => Payload::EmploymentBadge,
            K::EmploymentDeleted => Payload::EmploymentDeleted,
            K::EmploymentBadgesStateChanged
            | K::EmploymentBadgesPrivacyChanged
            | K::EmploymentCreated
            | K::EmploymentUpdated
            | K::EmploymentConnectionPending
            | K::EmploymentConnectionAccepted
            | K::EmploymentConnectionRejected
            | K::EmploymentUserAccountAssociated
            | K::EmploymentUserAccountDisassociated => Payload::Employment,
            K::Unknown => Payload::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_named_after_the_documented_types_in_order() {
        let kinds = [
            Kind::BadgeCreated,
            Kind::BadgeDeleted,
            Kind::BadgePrivacyChanged,
            Kind::BadgeStateChanged,
            Kind::TemplateCreated,
            Kind::TemplateChanged,
            Kind::TemplateDeleted,
            Kind::NotificationSent,
            Kind::NotificationNoUserSent,
            Kind::NotificationUnconfirmedEmailSent,
            Kind::UserAccountMerged,
            Kind::UserConnectAccessRemoved,
            Kind::UserPublicBadgesChanged,
            Kind::UserPublicBadgesAdded,
            Kind::UserPublicBadgesRemoved,
            Kind::EmploymentBadgesAdded,
            Kind::EmploymentBadgesRemoved,
            Kind::EmploymentBadgesStateChanged,
            Kind::EmploymentBadgesPrivacyChanged,
            Kind::EmploymentCreated,
            Kind::EmploymentUpdated,
            Kind::EmploymentDeleted,
            Kind::EmploymentConnectionPending,
            Kind::EmploymentConnectionAccepted,
            Kind::EmploymentConnectionRejected,
            Kind::EmploymentUserAccountAssociated,
            Kind::EmploymentUserAccountDisassociated,
        ];
        let names: Vec<&str> = kinds.iter().map(|kind| kind.as_str()).collect();
        assert_eq!(names, EVENT_TYPES);
        assert_eq!(Kind::Unknown.as_str(), "unknown");
    }
}
