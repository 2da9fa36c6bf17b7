//! Typed views of event detail payloads, recognised by their fields.
//!
//! Credly documents only some of the keys under which payloads arrive, so a payload is
//! recognised by the fields its objects carry (an object with `badge_template` and
//! `issued_to` is an issued badge, wherever it sits). The typed view is for display; the raw
//! `data` object is always kept beside it.

use serde_json::Value;

use super::fields::{self, Object, text};
use super::{Event, ModelError, Timestamp};

/// An event's detail: the `data` object of the detail response and what it was recognised as.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDetail {
    pub payload: Payload,
    /// The `data` object exactly as received.
    pub raw: Value,
}

impl EventDetail {
    pub fn from_data(raw: Value) -> Self {
        Self {
            payload: Payload::recognise(&raw),
            raw,
        }
    }

    /// The summary fields the detail repeats, when they are complete enough to be an event.
    pub fn summary(&self) -> Result<Event, ModelError> {
        Event::from_json(self.raw.clone())
    }
}

/// What a detail payload holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    IssuedBadge(Box<IssuedBadge>),
    BadgeTemplate(Box<BadgeTemplate>),
    /// An employee record with everything the employer may see.
    Employment(Box<Employment>),
    /// An employee record reduced to its ids: the record was deleted, or the organization is
    /// no longer authorized for workforce data.
    EmploymentMinimal(EmploymentMinimal),
    /// An employee record and the one badge that became visible or invisible to the employer.
    EmploymentBadgeChange {
        employment: Box<Employment>,
        badge: Box<IssuedBadge>,
    },
    /// `source_user_id` was merged into `destination_user_id`, which remains.
    AccountMerge {
        source_user_id: Option<String>,
        destination_user_id: Option<String>,
    },
    ConnectAccessRemoved {
        user_id: String,
    },
    /// A badge that became visible, invisible or changed for Credly Connect.
    PublicBadges {
        user_id: Option<String>,
        badge: Box<IssuedBadge>,
    },
    /// A shape we do not know: shown as its raw JSON.
    Other,
}

impl Payload {
    /// Recognises a detail's `data` object by the fields it carries.
    pub fn recognise(data: &Value) -> Self {
        let Some(data) = data.as_object() else {
            return Self::Other;
        };

        if data.contains_key("source_user_id") || data.contains_key("destination_user_id") {
            return Self::AccountMerge {
                source_user_id: text(data, "source_user_id"),
                destination_user_id: text(data, "destination_user_id"),
            };
        }
        if let Some(payload) = recognise_employment(data) {
            return payload;
        }
        if let Some(badge) = find_child(data, "badge", is_issued_badge) {
            let badge = Box::new(IssuedBadge::from_object(badge));
            return match text(data, "user_id") {
                Some(user_id) => Self::PublicBadges {
                    user_id: Some(user_id),
                    badge,
                },
                None => Self::IssuedBadge(badge),
            };
        }
        // The badge templates API sends the template itself as `data`.
        let template = find_child(data, "badge_template", is_badge_template)
            .or_else(|| is_badge_template(data).then_some(data));
        if let Some(template) = template {
            return Self::BadgeTemplate(Box::new(BadgeTemplate::from_object(template)));
        }
        if let Some(user_id) = text(data, "user_id") {
            return Self::ConnectAccessRemoved { user_id };
        }
        Self::Other
    }

    /// A short name of the shape, for labels and logs.
    pub fn shape_name(&self) -> &'static str {
        match self {
            Self::IssuedBadge(badge) if badge.variant() == BadgeVariant::Workforce => {
                "issued badge (workforce)"
            }
            Self::IssuedBadge(_) => "issued badge",
            Self::BadgeTemplate(_) => "badge template",
            Self::Employment(_) => "employment",
            Self::EmploymentMinimal(_) => "employment (minimal)",
            Self::EmploymentBadgeChange { .. } => "employment badge change",
            Self::AccountMerge { .. } => "account merge",
            Self::ConnectAccessRemoved { .. } => "connect access removed",
            Self::PublicBadges { .. } => "public badges",
            Self::Other => "other",
        }
    }
}

fn recognise_employment(data: &Object) -> Option<Payload> {
    let employment = find_child(data, "employment", is_employment)?;
    if !is_full_employment(employment) {
        return Some(Payload::EmploymentMinimal(EmploymentMinimal::from_object(
            employment,
        )));
    }

    let full = Box::new(Employment::from_object(employment));
    Some(match find_child(data, "badge", is_issued_badge) {
        Some(badge) => Payload::EmploymentBadgeChange {
            employment: full,
            badge: Box::new(IssuedBadge::from_object(badge)),
        },
        None => Payload::Employment(full),
    })
}

/// The object under `preferred_key` when it passes `test`, else the first object value that
/// does.
fn find_child<'a>(
    data: &'a Object,
    preferred_key: &str,
    test: fn(&Object) -> bool,
) -> Option<&'a Object> {
    let preferred = fields::object(data, preferred_key).filter(|object| test(object));
    preferred.or_else(|| {
        data.values()
            .filter_map(Value::as_object)
            .find(|object| test(object))
    })
}

fn has_any(object: &Object, keys: &[&str]) -> bool {
    keys.iter().any(|key| object.contains_key(*key))
}

fn is_issued_badge(object: &Object) -> bool {
    object.contains_key("badge_template")
        && has_any(
            object,
            &[
                "issued_to",
                "issued_to_first_name",
                "recipient_email",
                "issued_at",
            ],
        )
}

fn is_badge_template(object: &Object) -> bool {
    object.contains_key("name")
        && !is_issued_badge(object)
        && has_any(
            object,
            &[
                "skills",
                "type_category",
                "badge_template_activities",
                "level",
            ],
        )
}

fn is_employment(object: &Object) -> bool {
    has_any(object, &["email", "external_id"])
        && (object.contains_key("id") || is_full_employment(object))
        && !is_issued_badge(object)
}

fn is_full_employment(object: &Object) -> bool {
    has_any(
        object,
        &[
            "employee_state",
            "employer",
            "employment_histories",
            "badges",
            "first_name",
            "full_name",
        ],
    )
}

/// The lifecycle state of an issued badge.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BadgeState {
    Pending,
    Accepted,
    Rejected,
    Revoked,
    Replaced,
    Other(String),
}

impl BadgeState {
    pub fn parse(text: &str) -> Self {
        match text {
            "pending" => Self::Pending,
            "accepted" => Self::Accepted,
            "rejected" => Self::Rejected,
            "revoked" => Self::Revoked,
            "replaced" => Self::Replaced,
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Revoked => "revoked",
            Self::Replaced => "replaced",
            Self::Other(text) => text,
        }
    }
}

/// Credly sends issued badges in two shapes: the full one of the badges API, and a smaller
/// one inside employee records whose issuer is just `{name, image_url}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadgeVariant {
    Full,
    Workforce,
}

/// Who issued a badge.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Issuer {
    /// The full shape's sentence, e.g. "issued by Example Learning Trust".
    pub summary: Option<String>,
    /// The workforce shape's name, or the primary entity's name in the full shape.
    pub name: Option<String>,
    pub image_url: Option<String>,
    pub num_entities: usize,
}

impl Issuer {
    fn from_object(object: &Object) -> Self {
        let entity_name = fields::objects(object, "entities")
            .filter_map(|entity| fields::object(entity, "entity"))
            .find_map(|entity| text(entity, "name"));
        Self {
            summary: text(object, "summary"),
            name: text(object, "name").or(entity_name),
            image_url: text(object, "image_url"),
            num_entities: fields::objects(object, "entities").count(),
        }
    }
}

/// A piece of evidence attached to a badge.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    pub title: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
}

/// A badge issued to someone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IssuedBadge {
    pub id: Option<String>,
    pub state: Option<BadgeState>,
    pub state_updated_at: Option<Timestamp>,
    pub issued_at: Option<Timestamp>,
    pub expires_at: Option<Timestamp>,
    pub issued_to: Option<String>,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub recipient_email: Option<String>,
    pub issuer_earner_id: Option<String>,
    /// The earner's Credly user id; absent while the badge is pending.
    pub user_id: Option<String>,
    pub public: Option<bool>,
    pub locale: Option<String>,
    pub template: Option<BadgeTemplate>,
    pub issuer: Option<Issuer>,
    pub image_url: Option<String>,
    pub badge_url: Option<String>,
    pub accept_badge_url: Option<String>,
    pub evidence: Vec<Evidence>,
    pub revocation_reason: Option<String>,
    pub replacement_badge_id: Option<String>,
    pub replaces_badge_id: Option<String>,
    pub country: Option<String>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

impl IssuedBadge {
    pub fn from_object(object: &Object) -> Self {
        Self {
            id: text(object, "id"),
            state: text(object, "state").map(|state| BadgeState::parse(&state)),
            state_updated_at: fields::time(object, "state_updated_at"),
            issued_at: fields::time(object, "issued_at"),
            expires_at: fields::time(object, "expires_at"),
            issued_to: text(object, "issued_to"),
            first_name: text(object, "issued_to_first_name"),
            middle_name: text(object, "issued_to_middle_name"),
            last_name: text(object, "issued_to_last_name"),
            recipient_email: text(object, "recipient_email"),
            issuer_earner_id: text(object, "issuer_earner_id"),
            user_id: fields::object(object, "user").and_then(|user| text(user, "id")),
            public: fields::flag(object, "public"),
            locale: text(object, "locale"),
            template: fields::object(object, "badge_template").map(BadgeTemplate::from_object),
            issuer: fields::object(object, "issuer").map(Issuer::from_object),
            image_url: fields::image_url(object),
            badge_url: text(object, "badge_url"),
            accept_badge_url: text(object, "accept_badge_url"),
            evidence: fields::objects(object, "evidence")
                .map(evidence_from)
                .collect(),
            revocation_reason: text(object, "revocation_reason"),
            replacement_badge_id: text(object, "replacement_badge_id"),
            replaces_badge_id: text(object, "replaces_badge_id"),
            country: text(object, "country"),
            created_at: fields::time(object, "created_at"),
            updated_at: fields::time(object, "updated_at"),
        }
    }

    pub fn variant(&self) -> BadgeVariant {
        let full_issuer = self
            .issuer
            .as_ref()
            .is_some_and(|i| i.summary.is_some() || i.num_entities > 0);
        if full_issuer || self.recipient_email.is_some() {
            BadgeVariant::Full
        } else {
            BadgeVariant::Workforce
        }
    }

    /// The recipient's name as Credly shows it, else built from its parts.
    pub fn recipient_name(&self) -> Option<String> {
        self.issued_to.clone().or_else(|| {
            let parts: Vec<&str> = [&self.first_name, &self.middle_name, &self.last_name]
                .into_iter()
                .filter_map(|part| part.as_deref())
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        })
    }

    pub fn is_expired_at(&self, now: Timestamp) -> bool {
        self.expires_at.is_some_and(|expires_at| expires_at <= now)
    }
}

fn evidence_from(object: &Object) -> Evidence {
    Evidence {
        title: text(object, "title").or_else(|| text(object, "name")),
        description: text(object, "description"),
        url: text(object, "url"),
    }
}

/// One activity an earner must complete for a template.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Activity {
    pub title: Option<String>,
    pub activity_type: Option<String>,
    pub url: Option<String>,
}

/// A badge template: what a badge certifies.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BadgeTemplate {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// `active`, `archived` or `draft`.
    pub state: Option<String>,
    /// `Foundational`, `Intermediate`, `Advanced`, or none.
    pub level: Option<String>,
    /// `Learning`, `Experience`, or none.
    pub type_category: Option<String>,
    pub skills: Vec<String>,
    pub image_url: Option<String>,
    pub url: Option<String>,
    pub vanity_slug: Option<String>,
    pub visibility: Option<String>,
    pub owner_name: Option<String>,
    pub activities: Vec<Activity>,
    pub badges_count: Option<u64>,
    pub time_to_earn: Option<String>,
    pub cost: Option<String>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

impl BadgeTemplate {
    pub fn from_object(object: &Object) -> Self {
        Self {
            id: text(object, "id"),
            name: text(object, "name"),
            description: text(object, "description"),
            state: text(object, "state"),
            level: text(object, "level"),
            type_category: text(object, "type_category"),
            skills: fields::names(object, "skills"),
            image_url: fields::image_url(object),
            url: text(object, "url"),
            vanity_slug: text(object, "vanity_slug"),
            visibility: text(object, "visibility"),
            owner_name: fields::object(object, "owner").and_then(|owner| text(owner, "name")),
            activities: fields::objects(object, "badge_template_activities")
                .map(|activity| Activity {
                    title: text(activity, "title"),
                    activity_type: text(activity, "activity_type"),
                    url: text(activity, "activity_url"),
                })
                .collect(),
            badges_count: fields::count(object, "badges_count"),
            time_to_earn: text(object, "time_to_earn"),
            cost: text(object, "cost"),
            created_at: fields::time(object, "created_at"),
            updated_at: fields::time(object, "updated_at"),
        }
    }
}

/// The organization that employs someone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Employer {
    pub id: Option<String>,
    pub name: Option<String>,
    pub bio: Option<String>,
    pub industry: Option<String>,
}

/// One entry of an employee's job history.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmploymentHistory {
    pub id: Option<String>,
    pub current: Option<bool>,
    pub job_title: Option<String>,
    pub occupation_name: Option<String>,
    pub state: Option<String>,
}

/// An employee record of a workforce organization, with the badges the employer may see.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Employment {
    pub id: Option<String>,
    pub email: Option<String>,
    pub external_id: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub full_name: Option<String>,
    pub photo_url: Option<String>,
    pub position_title: Option<String>,
    pub department: Option<String>,
    pub team: Option<String>,
    pub job_family: Option<String>,
    pub level: Option<String>,
    pub manager_first_name: Option<String>,
    pub manager_last_name: Option<String>,
    pub manager_external_id: Option<String>,
    pub country: Option<String>,
    pub state_or_province: Option<String>,
    pub zip_code: Option<String>,
    /// `organization_level_1`, `_2`, ... in order, the missing ones skipped.
    pub organization_levels: Vec<String>,
    /// `pending`, `accepted`, `rejected`, ...
    pub employee_state: Option<String>,
    pub employee_state_updated_at: Option<Timestamp>,
    pub created_at: Option<Timestamp>,
    pub last_invitation_sent_at: Option<Timestamp>,
    pub employer: Option<Employer>,
    pub badges: Vec<IssuedBadge>,
    pub histories: Vec<EmploymentHistory>,
}

impl Employment {
    pub fn from_object(object: &Object) -> Self {
        Self {
            id: text(object, "id"),
            email: text(object, "email"),
            external_id: text(object, "external_id"),
            first_name: text(object, "first_name"),
            last_name: text(object, "last_name"),
            full_name: text(object, "full_name"),
            photo_url: text(object, "photo_url"),
            position_title: text(object, "position_title"),
            department: text(object, "department"),
            team: text(object, "team"),
            job_family: text(object, "job_family"),
            level: text(object, "level"),
            manager_first_name: text(object, "manager_first_name"),
            manager_last_name: text(object, "manager_last_name"),
            manager_external_id: text(object, "manager_external_id"),
            country: text(object, "country"),
            state_or_province: text(object, "state_or_province"),
            zip_code: text(object, "zip_code"),
            organization_levels: (1..=9)
                .filter_map(|level| text(object, &format!("organization_level_{level}")))
                .collect(),
            employee_state: text(object, "employee_state"),
            employee_state_updated_at: fields::time(object, "employee_state_updated_at"),
            created_at: fields::time(object, "created_at"),
            last_invitation_sent_at: fields::time(object, "last_invitation_sent_at"),
            employer: fields::object(object, "employer").map(|employer| Employer {
                id: text(employer, "id"),
                name: text(employer, "name"),
                bio: text(employer, "bio"),
                industry: text(employer, "industry"),
            }),
            badges: fields::objects(object, "badges")
                .map(IssuedBadge::from_object)
                .collect(),
            histories: fields::objects(object, "employment_histories")
                .map(|history| EmploymentHistory {
                    id: text(history, "id"),
                    current: fields::flag(history, "current"),
                    job_title: text(history, "employer_job_title"),
                    occupation_name: text(history, "occupation_name"),
                    state: text(history, "state"),
                })
                .collect(),
        }
    }

    /// The employee's name as Credly shows it, else built from its parts.
    pub fn display_name(&self) -> Option<String> {
        self.full_name
            .clone()
            .or_else(|| match (&self.first_name, &self.last_name) {
                (Some(first), Some(last)) => Some(format!("{first} {last}")),
                (first, last) => first.clone().or_else(|| last.clone()),
            })
    }
}

/// What remains of an employee record when the full one may not be shown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmploymentMinimal {
    pub id: Option<String>,
    pub email: Option<String>,
    pub external_id: Option<String>,
}

impl EmploymentMinimal {
    fn from_object(object: &Object) -> Self {
        Self {
            id: text(object, "id"),
            email: text(object, "email"),
            external_id: text(object, "external_id"),
        }
    }
}
