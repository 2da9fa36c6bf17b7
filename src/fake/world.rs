//! The fake organization's things: badge templates, issued badges, employment records, the
//! snapshots of their state after each event that changed them, and the `World` that holds
//! them all with the earners.
//!
//! Everything is compact (indexes into `names`, ids, small enums) so that a million events
//! fit in memory; JSON is rendered from it on demand by the `render_*` files. Depends only on
//! `names`, `ids`, `chain` and `earner`.

use uuid::Uuid;

use super::chain::Chain;
use super::earner::{Earner, Org};
use super::names::{self, nth};

/// Marks "no index" in the `u32` index fields.
pub(super) const NONE: u32 = u32::MAX;

/// Converts a collection length or position to the `u32` the fake stores.
pub(super) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("the fake holds fewer than four billion items of any kind")
}

/// The lifecycle state of a badge template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TemplateStatus {
    Draft,
    Active,
    Archived,
}

impl TemplateStatus {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::Archived => "archived",
        }
    }
}

/// A badge template; what changes over time lives in `TemplateState` snapshots.
#[derive(Clone, Debug)]
pub(super) struct Template {
    pub id: Uuid,
    /// Event that created it.
    pub created: u32,
    /// Newest snapshot.
    pub head: u32,
    /// Topic and suffix of the name, see `Template::name`.
    pub name: u32,
    pub extra_skill: Option<u8>,
    pub category: Option<u8>,
    pub activity: u8,
    /// Events that issued a badge of this template, oldest first (for `badges_count`).
    pub badge_seqs: Vec<u32>,
    pub deleted: bool,
}

impl Template {
    fn topic(&self) -> (&'static str, [&'static str; 3]) {
        nth(&names::TOPICS, self.name as usize)
    }

    fn suffix(&self) -> (&'static str, Option<usize>) {
        nth(&names::SUFFIXES, self.name as usize / names::TOPICS.len())
    }

    /// The topic in lower case, as descriptions quote it.
    pub(super) fn topic_phrase(&self) -> String {
        self.topic().0.to_lowercase()
    }

    pub(super) fn name(&self) -> String {
        let combos = names::TOPICS.len() * names::SUFFIXES.len();
        let edition = self.name as usize / combos;
        let base = format!("{} {}", self.topic().0, self.suffix().0);
        if edition == 0 {
            base
        } else {
            format!("{base} {}", edition + 1)
        }
    }

    pub(super) fn slug(&self) -> String {
        let name = self.name().to_lowercase();
        name.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    }

    pub(super) fn level(&self) -> Option<&'static str> {
        self.suffix().1.map(|level| nth(&names::LEVELS, level))
    }

    pub(super) fn type_category(&self) -> Option<&'static str> {
        self.category
            .map(|category| nth(&names::TYPE_CATEGORIES, usize::from(category)))
    }

    pub(super) fn skills(&self) -> Vec<&'static str> {
        let mut skills = self.topic().1.to_vec();
        if let Some(extra) = self.extra_skill {
            skills.push(nth(&names::GENERIC_SKILLS, usize::from(extra)));
        }
        skills
    }

    pub(super) fn activity(&self) -> (String, &'static str) {
        let (form, kind) = nth(&names::ACTIVITIES, usize::from(self.activity));
        (form.replace("{}", self.topic().0), kind)
    }
}

/// A template as it was after one event.
#[derive(Clone, Copy, Debug)]
pub(super) struct TemplateState {
    pub template: u32,
    pub status: TemplateStatus,
    pub revision: u16,
    pub public: bool,
    /// Event of the last change of `status`, or `NONE`.
    pub status_seq: u32,
}

/// The lifecycle state of an issued badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BadgeStatus {
    Pending,
    Accepted,
    Rejected,
    Revoked,
    Replaced,
}

impl BadgeStatus {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Revoked => "revoked",
            Self::Replaced => "replaced",
        }
    }
}

/// An issued badge; what changes over time lives in `BadgeState` snapshots, and what only
/// steers the simulation (`connect_public`, `deleted`) lives here.
#[derive(Clone, Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent yes-or-no facts of a badge; an enum would pretend they exclude each other"
)]
pub(super) struct Badge {
    pub id: Uuid,
    pub earner: u32,
    pub template: u32,
    /// Event that created it.
    pub created: u32,
    /// Newest snapshot.
    pub head: u32,
    /// The earner's previous badge, or `NONE`.
    pub earlier_of_earner: u32,
    pub replaces: u32,
    pub replacement: u32,
    pub expires_in_days: Option<u16>,
    pub suppress_notification: bool,
    pub evidence: bool,
    /// Whether the earner's public badge list (Credly Connect) shows it.
    pub connect_public: bool,
    pub deleted: bool,
}

/// A badge as it was after one event.
#[derive(Clone, Copy, Debug)]
pub(super) struct BadgeState {
    pub badge: u32,
    pub status: BadgeStatus,
    pub public: bool,
    /// Whether the earner's employer sees it (workforce `badges[]`).
    pub employer_visible: bool,
    /// Index into the revocation reasons, meaningful once revoked.
    pub reason: u8,
    /// Event of the last change of `status`, or `NONE`.
    pub status_seq: u32,
}

impl BadgeState {
    /// The reason shown on a revoked badge; none on any other.
    pub(super) fn revocation_reason(&self) -> Option<&'static str> {
        (self.status == BadgeStatus::Revoked)
            .then(|| nth(&names::REVOCATION_REASONS, usize::from(self.reason)))
    }
}

/// An employee's connection state with the employer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum EmployeeStatus {
    Pending,
    Accepted,
    Rejected,
}

impl EmployeeStatus {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        }
    }
}

/// An employment record of the organization (a workforce employee).
#[derive(Clone, Debug)]
pub(super) struct Employee {
    pub id: Uuid,
    pub earner: u32,
    pub external_id: u32,
    /// The manager's employment record, or `NONE`.
    pub manager: u32,
    /// Event that created it.
    pub created: u32,
    /// Newest snapshot.
    pub head: u32,
    pub deleted: bool,
}

/// An employment record as it was after one event.
#[derive(Clone, Copy, Debug)]
pub(super) struct EmploymentState {
    pub employee: u32,
    pub status: EmployeeStatus,
    pub status_seq: u32,
    /// Event of the last invitation to connect, or `NONE`.
    pub invited_seq: u32,
    pub updated_seq: u32,
    pub department: u8,
    /// Index into the department's titles.
    pub title: u8,
    pub team: Option<u8>,
    pub job_level: Option<u8>,
    /// Number of entries in `employment_histories`.
    pub jobs: u8,
    pub associated: bool,
}

/// Everything the history is about.
#[derive(Debug)]
pub(super) struct World {
    pub org: Org,
    pub earners: Vec<Earner>,
    pub templates: Vec<Template>,
    pub badges: Vec<Badge>,
    pub employees: Vec<Employee>,
    pub badge_states: Chain<BadgeState>,
    pub template_states: Chain<TemplateState>,
    pub employment_states: Chain<EmploymentState>,
    /// Source user ids of `user.account_merged` events.
    pub merged_user_ids: Vec<Uuid>,
}

const INDEX_FROM_WORLD: &str = "entity indexes are handed out by this world";

impl World {
    pub(super) fn new(org: Org, earners: Vec<Earner>) -> Self {
        Self {
            org,
            earners,
            templates: Vec::new(),
            badges: Vec::new(),
            employees: Vec::new(),
            badge_states: Chain::new(),
            template_states: Chain::new(),
            employment_states: Chain::new(),
            merged_user_ids: Vec::new(),
        }
    }

    pub(super) fn earner(&self, index: u32) -> &Earner {
        self.earners.get(index as usize).expect(INDEX_FROM_WORLD)
    }

    pub(super) fn earner_mut(&mut self, index: u32) -> &mut Earner {
        self.earners
            .get_mut(index as usize)
            .expect(INDEX_FROM_WORLD)
    }

    pub(super) fn template(&self, index: u32) -> &Template {
        self.templates.get(index as usize).expect(INDEX_FROM_WORLD)
    }

    pub(super) fn template_mut(&mut self, index: u32) -> &mut Template {
        self.templates
            .get_mut(index as usize)
            .expect(INDEX_FROM_WORLD)
    }

    pub(super) fn badge(&self, index: u32) -> &Badge {
        self.badges.get(index as usize).expect(INDEX_FROM_WORLD)
    }

    pub(super) fn badge_mut(&mut self, index: u32) -> &mut Badge {
        self.badges.get_mut(index as usize).expect(INDEX_FROM_WORLD)
    }

    pub(super) fn employee(&self, index: u32) -> &Employee {
        self.employees.get(index as usize).expect(INDEX_FROM_WORLD)
    }

    pub(super) fn employee_mut(&mut self, index: u32) -> &mut Employee {
        self.employees
            .get_mut(index as usize)
            .expect(INDEX_FROM_WORLD)
    }

    /// Adds a pending badge, newest of its earner and of its template; returns its index
    /// and its first snapshot.
    pub(super) fn add_badge(&mut self, mut badge: Badge) -> (u32, u32) {
        let index = to_u32(self.badges.len());
        badge.earlier_of_earner =
            std::mem::replace(&mut self.earner_mut(badge.earner).last_badge, index);
        self.template_mut(badge.template)
            .badge_seqs
            .push(badge.created);
        let state = BadgeState {
            badge: index,
            status: BadgeStatus::Pending,
            public: true,
            employer_visible: false,
            reason: 0,
            status_seq: NONE,
        };
        let snap = self
            .badge_states
            .push(&mut badge.head, badge.created, state);
        self.badges.push(badge);
        (index, snap)
    }

    pub(super) fn badge_now(&self, badge: u32) -> BadgeState {
        self.badge_states.get(self.badge(badge).head).value
    }

    pub(super) fn template_now(&self, template: u32) -> TemplateState {
        self.template_states.get(self.template(template).head).value
    }

    pub(super) fn employment_now(&self, employee: u32) -> EmploymentState {
        self.employment_states
            .get(self.employee(employee).head)
            .value
    }

    /// The earner's badges, newest first.
    pub(super) fn badges_of(&self, earner: u32) -> impl Iterator<Item = u32> + '_ {
        let first = self.earner(earner).last_badge;
        std::iter::successors((first != NONE).then_some(first), |&badge| {
            let earlier = self.badge(badge).earlier_of_earner;
            (earlier != NONE).then_some(earlier)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_and_slugs_read_well() {
        let template = Template {
            id: Uuid::nil(),
            created: 0,
            head: NONE,
            name: 10,
            extra_skill: Some(0),
            category: None,
            activity: 0,
            badge_seqs: Vec::new(),
            deleted: false,
        };
        assert_eq!(template.name(), "API Integration Foundations");
        assert_eq!(template.slug(), "api-integration-foundations");
        assert_eq!(template.level(), Some("Foundational"));
        assert_eq!(template.skills().len(), 4);
    }
}
