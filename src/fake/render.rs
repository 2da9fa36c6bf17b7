//! Renders the compact history as Credly's JSON, on demand: summaries and event details.
//!
//! Nothing is stored as JSON: each call reads the event's record and the snapshots it
//! points to and builds the object afresh. The badge, template and employment shapes live
//! in `render_badge` and `render_employment`. Depends on `world`, `kind`, `names` and
//! `stamp`.

use serde_json::{Map, Value};
use uuid::Uuid;

use super::ids;
use super::kind::{Kind, Payload};
use super::names::{self, nth};
use super::stamp;
use super::world::World;

/// One event of the history, as compact as it can be.
#[derive(Clone, Copy, Debug)]
pub(super) struct Record {
    pub id: Uuid,
    /// Milliseconds since the Unix epoch.
    pub at_ms: i64,
    /// Meaning depends on the kind's `Payload`.
    pub subject: u32,
    pub aux: u32,
    pub kind: Kind,
    pub quirk: Quirk,
}

/// The irregularity, if any, an event's summary shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Quirk {
    None,
    /// An unknown `source` field.
    ExtraField,
    /// `occurred_at` without the millisecond fraction.
    NoMillis,
    /// `occured_at` instead of `occurred_at`.
    Misspelled,
    /// A `delivered_at` field, as webhooks carry.
    Delivered,
}

/// A JSON object built field by field, in order.
pub(super) struct Obj(Map<String, Value>);

impl Obj {
    pub(super) fn new() -> Self {
        Self(Map::new())
    }

    pub(super) fn put(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0.insert(key.to_owned(), value.into());
        self
    }

    pub(super) fn build(self) -> Value {
        Value::Object(self.0)
    }
}

/// Reads the history to render it.
pub(super) struct Renderer<'a> {
    pub world: &'a World,
    pub records: &'a [Record],
    /// Scheme, host and port of image URLs, without a trailing slash.
    pub image_origin: &'a str,
}

impl Renderer<'_> {
    /// When event `seq` occurred.
    pub(super) fn time(&self, seq: u32) -> i64 {
        self.records
            .get(seq as usize)
            .expect("snapshots are made by events already recorded")
            .at_ms
    }

    /// The list item of one event.
    pub(super) fn summary(&self, record: &Record) -> Value {
        Value::Object(self.summary_fields(record))
    }

    fn summary_fields(&self, record: &Record) -> Map<String, Value> {
        let event_type = match record.kind {
            Kind::Unknown => nth(&names::UNKNOWN_EVENT_TYPES, record.aux as usize),
            known => known.as_str(),
        };
        let (time_key, time) = match record.quirk {
            Quirk::Misspelled => ("occured_at", stamp::millis(record.at_ms)),
            Quirk::NoMillis => ("occurred_at", stamp::seconds(record.at_ms)),
            _ => ("occurred_at", stamp::millis(record.at_ms)),
        };
        let mut fields = Obj::new()
            .put("id", record.id.to_string())
            .put("organization_id", self.world.org.id.as_str())
            .put("event_type", event_type)
            .put(time_key, time);
        // The extras vary with the id so that they look irregular yet stay deterministic.
        let key = ids::key(record.id);
        if record.quirk == Quirk::Delivered {
            let delay = i64::try_from(key % 90_000).unwrap_or(0) + 150;
            fields = fields.put("delivered_at", stamp::millis(record.at_ms + delay));
        }
        if record.quirk == Quirk::ExtraField {
            let source = usize::try_from(key % 3).unwrap_or(0);
            fields = fields.put("source", nth(&names::EXTRA_SOURCES, source));
        }
        fields.0
    }

    /// The `data` object of the event's detail: its summary fields and its payload.
    pub(super) fn detail(&self, seq: u32) -> Value {
        let record = self
            .records
            .get(seq as usize)
            .expect("callers look events up in this history");
        let mut fields = self.summary_fields(record);
        let payload = self.payload(record, seq);
        fields.extend(payload);
        Value::Object(fields)
    }

    fn payload(&self, record: &Record, seq: u32) -> Map<String, Value> {
        let (subject, aux) = (record.subject, record.aux);
        let fields = match record.kind.payload() {
            Payload::Badge => Obj::new().put("badge", self.issued_badge(subject, seq)),
            Payload::Template => {
                let snap = self.world.template_states.get(subject);
                Obj::new().put("badge_template", self.template(snap, seq))
            }
            Payload::AccountMerged => Obj::new()
                .put("source_user_id", self.merged_user_id(aux))
                .put("destination_user_id", self.user_id(subject)),
            Payload::ConnectAccessRemoved => Obj::new().put("user_id", self.user_id(subject)),
            Payload::PublicBadge => {
                let earner = self
                    .world
                    .badge(self.world.badge_states.get(subject).value.badge);
                Obj::new()
                    .put("user_id", self.user_id(earner.earner))
                    .put("badge", self.issued_badge(subject, seq))
            }
            Payload::Employment => Obj::new().put("employment", self.employment(subject, seq)),
            Payload::EmploymentBadge => Obj::new()
                .put("employment", self.employment(subject, seq))
                .put("badge", self.workforce_badge(aux, seq)),
            Payload::EmploymentDeleted => {
                Obj::new().put("employment", self.minimal_employment(subject))
            }
            Payload::Unknown => Obj::new().put("endorsement", self.unknown_object(record)),
        };
        fields.0
    }

    fn user_id(&self, earner: u32) -> String {
        self.world.earner(earner).user_id.to_string()
    }

    fn merged_user_id(&self, index: u32) -> String {
        self.world
            .merged_user_ids
            .get(index as usize)
            .expect("merge events point at the source id they recorded")
            .to_string()
    }

    /// What a type the monitor cannot know might carry.
    fn unknown_object(&self, record: &Record) -> Value {
        Obj::new()
            .put("id", ids::derived_uuid(record.id, 1).to_string())
            .put(
                "endorser",
                Obj::new().put("name", self.world.org.name).build(),
            )
            .put("comment", "Great work on this one")
            .put("created_at", stamp::millis(record.at_ms))
            .build()
    }

    /// The organization as `created_by`, issuer entities and employer badges name it.
    pub(super) fn org_entity(&self) -> Value {
        let org = &self.world.org;
        Obj::new()
            .put("type", "Organization")
            .put("id", org.id.as_str())
            .put("name", org.name)
            .put(
                "url",
                format!("https://api.credly.com/api/v1/organizations/{}", org.id),
            )
            .put(
                "vanity_url",
                format!("https://www.credly.com/org/{}", org.slug),
            )
            .put("share_to_ziprecruiter", false)
            .put("verified", true)
            .build()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use crate::fake::Generator;
    use crate::fake::testing::{config, details_of};

    /// Keys of the pending issued badge in Credly's issued-badges fixture, in order.
    const ISSUED_BADGE_KEYS: [&str; 35] = [
        "user",
        "created_by",
        "issuer",
        "printing_enabled",
        "print_method",
        "badge_template",
        "id",
        "issued_to",
        "issued_to_first_name",
        "issued_to_middle_name",
        "issued_to_last_name",
        "issuer_earner_id",
        "locale",
        "public",
        "recipient_email",
        "replacement_badge_id",
        "replaces_badge_id",
        "revocation_reason",
        "state",
        "suppress_badge_notification_email",
        "updated_at",
        "country",
        "country_code",
        "state_or_province",
        "created_at",
        "expires_at",
        "expires_at_date",
        "issued_at",
        "issued_at_date",
        "state_updated_at",
        "image",
        "image_url",
        "alignments",
        "evidence",
        "accept_badge_url",
    ];

    /// Keys of the draft badge template fixture.
    const TEMPLATE_KEYS: [&str; 31] = [
        "id",
        "allow_duplicate_badges",
        "cost",
        "description",
        "global_activity_url",
        "level",
        "lock_badge_state",
        "name",
        "state",
        "public",
        "badges_count",
        "recipient_type",
        "vanity_slug",
        "time_to_earn",
        "type_category",
        "visibility",
        "criteria_url_name",
        "criteria_url",
        "certification",
        "state_updated_at",
        "created_at",
        "updated_at",
        "image",
        "image_url",
        "url",
        "owner",
        "alignments",
        "recommendations",
        "badge_template_activities",
        "reporting_tags",
        "skills",
    ];

    /// Keys of the employment in the webhook page's employment examples, in order.
    const EMPLOYMENT_KEYS: [&str; 29] = [
        "id",
        "email",
        "created_at",
        "last_updated_by_organization_at",
        "employee_state",
        "employee_state_updated_at",
        "last_invitation_sent_at",
        "first_name",
        "last_name",
        "full_name",
        "photo_url",
        "team",
        "external_id",
        "position_title",
        "manager_first_name",
        "manager_last_name",
        "manager_external_id",
        "country",
        "zip_code",
        "state_or_province",
        "department",
        "job_family",
        "level",
        "organization_level_1",
        "organization_level_2",
        "organization_level_3",
        "employer",
        "badges",
        "employment_histories",
    ];

    const WORKFORCE_BADGE_KEYS: [&str; 12] = [
        "id",
        "issued_to",
        "issued_to_first_name",
        "issued_to_middle_name",
        "issued_to_last_name",
        "issued_at",
        "expires_at",
        "state",
        "public",
        "badge_url",
        "badge_template",
        "issuer",
    ];

    const HISTORY_KEYS: [&str; 8] = [
        "id",
        "current",
        "employer_job_title",
        "faethm_occupation",
        "occupation_name",
        "model_version",
        "confidence_rating",
        "state",
    ];

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn a_created_badge_has_the_fixture_shape() {
        let generator = Generator::new(&config(500, 42, false));
        let (summary, detail) = details_of(&generator, "badge.created").remove(0);
        assert_eq!(
            keys(&detail)[..4],
            ["id", "organization_id", "event_type", "occurred_at"]
        );
        assert_eq!(detail["id"], summary["id"]);
        assert_eq!(keys(&detail["badge"]), ISSUED_BADGE_KEYS);
        let template_keys = keys(&detail["badge"]["badge_template"]);
        for key in TEMPLATE_KEYS {
            assert!(template_keys.contains(&key), "badge_template lacks {key}");
        }
    }

    #[test]
    fn a_template_event_has_the_fixture_shape() {
        let generator = Generator::new(&config(500, 42, false));
        let (_, detail) = details_of(&generator, "badge_template.created").remove(0);
        let template_keys = keys(&detail["badge_template"]);
        for key in TEMPLATE_KEYS {
            assert!(template_keys.contains(&key), "badge_template lacks {key}");
        }
        assert!(detail["badge_template"]["skills"][0].is_string());
    }

    #[test]
    fn employment_events_have_the_documented_shape() {
        let generator = Generator::new(&config(2_000, 42, false));
        let (_, detail) = details_of(&generator, "employment.badges.added").remove(0);
        let employment = &detail["employment"];
        assert_eq!(keys(employment), EMPLOYMENT_KEYS);
        assert_eq!(
            keys(&employment["employer"]),
            ["id", "name", "bio", "industry"]
        );
        assert_eq!(keys(&detail["badge"]), WORKFORCE_BADGE_KEYS);
        assert_eq!(keys(&employment["badges"][0]), WORKFORCE_BADGE_KEYS);
        let template = &detail["badge"]["badge_template"];
        assert_eq!(
            keys(template),
            ["id", "image", "image_url", "description", "name", "skills"]
        );
        assert_eq!(keys(&detail["badge"]["issuer"]), ["name", "image_url"]);
        assert_eq!(keys(&employment["employment_histories"][0]), HISTORY_KEYS);
        assert_eq!(employment["employment_histories"][0]["current"], true);
        let (_, created) = details_of(&generator, "employment.created").remove(0);
        assert!(created.get("badge").is_none());
        assert_eq!(keys(&created["employment"]), EMPLOYMENT_KEYS);
    }
}
