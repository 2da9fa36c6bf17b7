//! Renders issued badges (full and workforce shapes) and badge templates as Credly serves
//! them, each as it was at a given event.
//!
//! Part of `Renderer`; depends on `world`, `names`, `ids` and `stamp`.

use serde_json::Value;

use super::chain::Snap;
use super::earner::Earner;
use super::ids::derived_uuid;
use super::names::{self, nth};
use super::render::{Obj, Renderer};
use super::stamp;
use super::world::{Badge, BadgeState, BadgeStatus, NONE, Template, TemplateState, TemplateStatus};

impl Renderer<'_> {
    /// The full issued badge of badge snapshot `snap`, with its template as it was at event
    /// `seq`.
    pub(super) fn issued_badge(&self, snap: u32, seq: u32) -> Value {
        let snap = self.world.badge_states.get(snap);
        let badge = self.world.badge(snap.value.badge);
        let earner = self.world.earner(badge.earner);
        let fields = Obj::new()
            .put("user", Self::badge_user(earner, snap.value.status))
            .put("created_by", self.org_entity())
            .put("issuer", self.issuer())
            .put("printing_enabled", true)
            .put("print_method", "custom")
            .put("badge_template", self.template_at(badge.template, seq))
            .put("id", badge.id.to_string());
        let fields = Self::recipient_fields(fields, earner)
            .put(
                "issuer_earner_id",
                earner.crm_id.map(|id| format!("crm-contact-{id:06}")),
            )
            .put("locale", "en");
        let fields = self.state_fields(fields, snap, badge);
        self.media_fields(fields, snap.value, badge).build()
    }

    fn recipient_fields(fields: Obj, earner: &Earner) -> Obj {
        fields
            .put("issued_to", earner.full_name())
            .put("issued_to_first_name", earner.first_name())
            .put("issued_to_middle_name", earner.middle_name())
            .put("issued_to_last_name", earner.last_name())
    }

    fn state_fields(&self, fields: Obj, snap: &Snap<BadgeState>, badge: &Badge) -> Obj {
        let state = snap.value;
        let earner = self.world.earner(badge.earner);
        let country = earner.country();
        let issued_ms = self.time(badge.created);
        let expires_ms = badge
            .expires_in_days
            .map(|days| issued_ms + stamp::days(days));
        let replacement = (state.status == BadgeStatus::Replaced && badge.replacement != NONE)
            .then(|| self.world.badge(badge.replacement).id.to_string());
        let replaces =
            (badge.replaces != NONE).then(|| self.world.badge(badge.replaces).id.to_string());
        let status_ms = (state.status_seq != NONE).then(|| self.time(state.status_seq));
        fields
            .put("public", state.public)
            .put("recipient_email", earner.email())
            .put("replacement_badge_id", replacement)
            .put("replaces_badge_id", replaces)
            .put("revocation_reason", state.revocation_reason())
            .put("state", state.status.as_str())
            .put(
                "suppress_badge_notification_email",
                badge.suppress_notification,
            )
            .put("updated_at", stamp::millis(self.time(snap.seq)))
            .put("country", country.map(|(name, _, _)| name))
            .put("country_code", country.map(|(_, code, _)| code))
            .put("state_or_province", country.and_then(|(_, _, state)| state))
            .put("created_at", stamp::millis(issued_ms))
            .put("expires_at", stamp::json(expires_ms))
            .put("expires_at_date", stamp::json_date(expires_ms))
            .put("issued_at", stamp::json_whole_second(issued_ms))
            .put("issued_at_date", stamp::date(issued_ms))
            .put("state_updated_at", stamp::json(status_ms))
    }

    fn media_fields(&self, fields: Obj, state: BadgeState, badge: &Badge) -> Obj {
        let (image, image_url) = self.template_image(self.world.template(badge.template));
        let evidence: Vec<Value> = if badge.evidence {
            vec![
                Obj::new()
                    .put("id", derived_uuid(badge.id, 5).to_string())
                    .put("type", "UrlEvidence")
                    .put("title", "Project write-up")
                    .put(
                        "url",
                        format!("https://portfolio.example.org/work/{}", badge.id.simple()),
                    )
                    .put("description", Value::Null)
                    .build(),
            ]
        } else {
            Vec::new()
        };
        let fields = fields
            .put("image", image)
            .put("image_url", image_url)
            .put("alignments", Vec::<Value>::new())
            .put("evidence", evidence);
        if state.status == BadgeStatus::Pending {
            fields.put(
                "accept_badge_url",
                format!("https://www.credly.com/badges/{}/accept", badge.id),
            )
        } else {
            fields.put("badge_url", Self::badge_url(badge))
        }
    }

    fn badge_url(badge: &Badge) -> String {
        format!("https://www.credly.com/badges/{}", badge.id)
    }

    /// `{}` while the badge waits for its earner, the earner's account afterwards.
    fn badge_user(earner: &Earner, status: BadgeStatus) -> Value {
        if status == BadgeStatus::Pending {
            return Obj::new().build();
        }
        let id = earner.user_id;
        let handle = format!("{}-{}", earner.first_name(), earner.last_name()).to_lowercase();
        let short = id.simple().to_string();
        Obj::new()
            .put("id", id.to_string())
            .put("first_name", earner.first_name())
            .put("middle_name", earner.middle_name())
            .put("last_name", earner.last_name())
            .put("url", format!("https://api.credly.com/api/v1/users/{id}"))
            .put(
                "vanity_url",
                format!(
                    "https://www.credly.com/users/{handle}.{}",
                    short.get(..8).unwrap_or("")
                ),
            )
            .build()
    }

    fn issuer(&self) -> Value {
        let entity = Obj::new()
            .put("label", "Issued by")
            .put("primary", true)
            .put("entity", self.org_entity())
            .build();
        Obj::new()
            .put("summary", format!("issued by {}", self.world.org.name))
            .put("entities", vec![entity])
            .build()
    }

    /// The template's image object and URL.
    fn template_image(&self, template: &Template) -> (Value, Value) {
        let id = derived_uuid(template.id, 7);
        let url = format!("{}/images/{id}/{}.png", self.image_origin, template.slug());
        let image = Obj::new()
            .put("id", id.to_string())
            .put("url", url.as_str())
            .build();
        (image, Value::String(url))
    }

    /// Template `template` as it was at event `seq`.
    fn template_at(&self, template: u32, seq: u32) -> Value {
        let snap = self
            .world
            .template_states
            .at(self.world.template(template).head, seq)
            .expect("a badge's template was created before the badge");
        self.template(snap, seq)
    }

    /// The badge template shape of template snapshot `snap`; `badges_count` as of `seq`.
    pub(super) fn template(&self, snap: &Snap<TemplateState>, seq: u32) -> Value {
        let state = snap.value;
        let template = self.world.template(state.template);
        let num_badges = template.badge_seqs.partition_point(|&issued| issued <= seq);
        let status_ms = (state.status_seq != NONE).then(|| self.time(state.status_seq));
        let fields = Obj::new()
            .put("id", template.id.to_string())
            .put(
                "allow_duplicate_badges",
                template.id.as_bytes().first() < Some(&64),
            )
            .put("cost", Value::Null)
            .put("description", Self::description(template, state.revision))
            .put("global_activity_url", Value::Null)
            .put("level", template.level())
            .put("lock_badge_state", false)
            .put("name", template.name())
            .put("state", state.status.as_str())
            .put("public", state.public)
            .put("badges_count", num_badges)
            .put("recipient_type", "User")
            .put("send_expiring_badge_notifications", false)
            .put("show_badge_lmi", false)
            .put("show_lmi_jobs", false)
            .put("show_skill_tag_links", true)
            .put("vanity_slug", template.slug())
            .put("record_to_blockchain", Value::Null)
            .put("time_to_earn", Value::Null)
            .put("type_category", template.type_category())
            .put("printing_disabled", false)
            .put(
                "visibility",
                if state.public { "public" } else { "private" },
            )
            .put("criteria_url_name", Value::Null)
            .put("criteria_url", Value::Null)
            .put("certification", template.level() == Some("Advanced"))
            .put("state_updated_at", stamp::json(status_ms))
            .put("created_at", stamp::millis(self.time(template.created)))
            .put("updated_at", stamp::millis(self.time(snap.seq)))
            .put("show_template_settings", false)
            .put("get_issue_count", num_badges);
        self.template_links(fields, template, state).build()
    }

    fn template_links(&self, fields: Obj, template: &Template, state: TemplateState) -> Obj {
        let (image, image_url) = match state.status {
            TemplateStatus::Draft => (Value::Null, Value::Null),
            _ => self.template_image(template),
        };
        let (title, activity_type) = template.activity();
        let activity = Obj::new()
            .put("id", derived_uuid(template.id, 11).to_string())
            .put("title", title)
            .put("activity_type", activity_type)
            .put("activity_url", "")
            .put("required_badge_template_id", Value::Null)
            .build();
        let org = &self.world.org;
        fields
            .put("image", image)
            .put("image_url", image_url)
            .put(
                "url",
                format!(
                    "https://www.credly.com/org/{}/badge/{}",
                    org.slug,
                    template.slug()
                ),
            )
            .put("owner", self.owner())
            .put("alignments", Vec::<Value>::new())
            .put("recommendations", Vec::<Value>::new())
            .put("required_badge_templates", Vec::<Value>::new())
            .put("badge_template_activities", vec![activity])
            .put("reporting_tags", Vec::<Value>::new())
            .put("skills", template.skills())
    }

    fn description(template: &Template, revision: u16) -> String {
        let form = nth(
            &names::DESCRIPTIONS,
            usize::from(revision) + template.name as usize,
        );
        form.replace("{}", &template.topic_phrase())
    }

    fn owner(&self) -> Value {
        let org = &self.world.org;
        Obj::new()
            .put("type", "Organization")
            .put("id", org.id.as_str())
            .put("name", org.name)
            .put("enable_blockchain", false)
            .put(
                "url",
                format!("https://api.credly.com/api/v1/organizations/{}", org.id),
            )
            .put(
                "vanity_url",
                format!("https://www.credly.com/org/{}", org.slug),
            )
            .put("vanity_slug", org.slug)
            .put("verified", true)
            .put("viewable", true)
            .build()
    }

    // TODO(tests): employers see only badges this organization issued, while real workforce
    // records also list badges from other issuers, so clients never meet a foreign issuer
    // here. Draw a few partner issuers whose badges employees bring along.

    /// The workforce badge shape of badge snapshot `snap`, template as of `seq`.
    pub(super) fn workforce_badge(&self, snap: u32, seq: u32) -> Value {
        let state = self.world.badge_states.get(snap).value;
        self.workforce_badge_of(state, seq)
    }

    pub(super) fn workforce_badge_of(&self, state: BadgeState, seq: u32) -> Value {
        let badge = self.world.badge(state.badge);
        let earner = self.world.earner(badge.earner);
        let issued_ms = self.time(badge.created);
        let expires_ms = badge
            .expires_in_days
            .map(|days| issued_ms + stamp::days(days));
        let fields = Self::recipient_fields(Obj::new().put("id", badge.id.to_string()), earner);
        fields
            .put("issued_at", stamp::json_whole_second(issued_ms))
            .put("expires_at", stamp::json(expires_ms))
            .put("state", state.status.as_str())
            .put("public", state.public)
            .put("badge_url", Self::badge_url(badge))
            .put(
                "badge_template",
                self.workforce_template(badge.template, seq),
            )
            .put(
                "issuer",
                Obj::new()
                    .put("name", self.world.org.name)
                    .put("image_url", Value::Null)
                    .build(),
            )
            .build()
    }

    fn workforce_template(&self, template: u32, seq: u32) -> Value {
        let entity = self.world.template(template);
        let state = self
            .world
            .template_states
            .at(entity.head, seq)
            .expect("a badge's template was created before the badge")
            .value;
        let (image, image_url) = self.template_image(entity);
        Obj::new()
            .put("id", entity.id.to_string())
            .put("image", image)
            .put("image_url", image_url)
            .put("description", Self::description(entity, state.revision))
            .put("name", entity.name())
            .put("skills", entity.skills())
            .build()
    }
}
