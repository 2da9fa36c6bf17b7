//! The simulation's actions on badge templates, user accounts and employment records.
//!
//! Part of `Sim`; depends on `world`, `kind` and `ids`.

use super::earner::Account;
use super::ids::random_uuid;
use super::kind::Kind;
use super::names;
use super::sim::{Draft, Sim, Task};
use super::world::{
    Employee, EmployeeStatus, EmploymentState, NONE, Template, TemplateState, TemplateStatus,
    World, to_u32,
};

/// Name combinations before names repeat with an edition number.
const NAME_COMBOS: usize = names::TOPICS.len() * names::SUFFIXES.len();

impl Sim {
    pub(super) fn create_template(&mut self) -> Draft {
        let seq = self.seq;
        let index = self.world.templates.len();
        // Stepping by a number prime to the number of combinations visits every name once
        // before any repeats.
        let name = (index * 97) % NAME_COMBOS + index / NAME_COMBOS * NAME_COMBOS;
        let draft = self.chance(30);
        let template = Template {
            id: random_uuid(&mut self.rng),
            created: seq,
            head: NONE,
            name: to_u32(name),
            extra_skill: self.rng.bool().then(|| self.rng.u8(..6)),
            category: match self.rng.u8(..100) {
                0..40 => Some(0),
                40..75 => Some(1),
                _ => None,
            },
            activity: self.rng.u8(..3),
            badge_seqs: Vec::new(),
            deleted: false,
        };
        let state = TemplateState {
            template: to_u32(index),
            status: if draft {
                TemplateStatus::Draft
            } else {
                TemplateStatus::Active
            },
            revision: 0,
            public: !draft && self.chance(80),
            status_seq: NONE,
        };
        self.world.templates.push(template);
        let snap = self.push_template_state(to_u32(index), state);
        if draft {
            self.schedule(5..=120, Task::PublishTemplate(to_u32(index)));
        }
        Draft::new(Kind::TemplateCreated, snap)
    }

    fn push_template_state(&mut self, template: u32, state: TemplateState) -> u32 {
        let World {
            templates,
            template_states,
            ..
        } = &mut self.world;
        let entity = templates
            .get_mut(template as usize)
            .expect("template indexes are handed out by the world");
        template_states.push(&mut entity.head, self.seq, state)
    }

    fn update_template(&mut self, template: u32, change: impl FnOnce(&mut TemplateState)) -> u32 {
        let mut state = self.world.template_now(template);
        let status = state.status;
        state.revision = state.revision.saturating_add(1);
        change(&mut state);
        if state.status != status {
            state.status_seq = self.seq;
        }
        self.push_template_state(template, state)
    }

    pub(super) fn publish_template(&mut self, template: u32) -> Option<Draft> {
        let state = self.world.template_now(template);
        if self.world.template(template).deleted || state.status != TemplateStatus::Draft {
            return None;
        }
        if !self.chance(70) {
            return None;
        }
        let snap = self.update_template(template, |state| {
            state.status = TemplateStatus::Active;
            state.public = true;
        });
        Some(Draft::new(Kind::TemplateChanged, snap))
    }

    pub(super) fn change_template(&mut self) -> Option<Draft> {
        let template = self.pick_recent(self.world.templates.len(), |world, template| {
            !world.template(template).deleted
        })?;
        let roll = self.rng.u8(..100);
        let snap = self.update_template(template, |state| {
            state.status = match (state.status, roll) {
                (TemplateStatus::Draft, 0..40) | (TemplateStatus::Archived, 0..30) => {
                    TemplateStatus::Active
                }
                (TemplateStatus::Active, 0..6) => TemplateStatus::Archived,
                (status, _) => status,
            };
            if roll % 10 == 9 {
                state.public = !state.public;
            }
        });
        Some(Draft::new(Kind::TemplateChanged, snap))
    }

    /// Only templates that never issued a badge can be deleted.
    pub(super) fn delete_template(&mut self) -> Option<Draft> {
        let template = self.pick_any(self.world.templates.len(), |world, template| {
            let template = world.template(template);
            !template.deleted && template.badge_seqs.is_empty()
        })?;
        let entity = self.world.template_mut(template);
        entity.deleted = true;
        Some(Draft::new(Kind::TemplateDeleted, entity.head))
    }

    pub(super) fn merge_accounts(&mut self) -> Option<Draft> {
        let earner = self.pick_any(self.world.earners.len(), |world, earner| {
            world.earner(earner).account == Account::Confirmed
        })?;
        let source = to_u32(self.world.merged_user_ids.len());
        let source_id = random_uuid(&mut self.rng);
        self.world.merged_user_ids.push(source_id);
        Some(Draft::with_aux(Kind::UserAccountMerged, earner, source))
    }

    /// The earner's public badges stop reaching the organization, without an event each.
    pub(super) fn remove_connect_access(&mut self) -> Option<Draft> {
        let earner = self.pick_any(self.world.earners.len(), |world, earner| {
            world.earner(earner).connect
        })?;
        self.world.earner_mut(earner).connect = false;
        let badges: Vec<u32> = self.world.badges_of(earner).collect();
        for badge in badges {
            self.world.badge_mut(badge).connect_public = false;
        }
        Some(Draft::new(Kind::UserConnectAccessRemoved, earner))
    }

    pub(super) fn create_employment(&mut self) -> Option<Draft> {
        let earner = self.pick_any(self.world.earners.len(), |world, earner| {
            world.earner(earner).employee == NONE
        })?;
        let manager = self
            .pick_any(self.world.employees.len(), |world, employee| {
                !world.employee(employee).deleted
            })
            .filter(|_| self.chance(75))
            .unwrap_or(NONE);
        let employee = to_u32(self.world.employees.len());
        self.world.employees.push(Employee {
            id: random_uuid(&mut self.rng),
            earner,
            external_id: 100_000 + employee,
            manager,
            created: self.seq,
            head: NONE,
            deleted: false,
        });
        self.world.earner_mut(earner).employee = employee;
        let state = self.first_employment_state(employee);
        let snap = self.push_employment_state(employee, state);
        if self.world.earner(earner).account != Account::Missing {
            self.schedule(1..=30, Task::Associate(employee));
        }
        self.schedule(2..=40, Task::Invite(employee));
        Some(Draft::new(Kind::EmploymentCreated, snap))
    }

    fn first_employment_state(&mut self, employee: u32) -> EmploymentState {
        EmploymentState {
            employee,
            status: EmployeeStatus::Pending,
            status_seq: self.seq,
            invited_seq: NONE,
            updated_seq: self.seq,
            department: self.rng.u8(..8),
            title: self.rng.u8(..3),
            team: self.chance(60).then(|| self.rng.u8(..8)),
            job_level: self.rng.bool().then(|| self.rng.u8(..4)),
            jobs: if self.chance(25) { 2 } else { 1 },
            associated: false,
        }
    }

    fn push_employment_state(&mut self, employee: u32, state: EmploymentState) -> u32 {
        let World {
            employees,
            employment_states,
            ..
        } = &mut self.world;
        let entity = employees
            .get_mut(employee as usize)
            .expect("employee indexes are handed out by the world");
        employment_states.push(&mut entity.head, self.seq, state)
    }

    fn update_employment_state(
        &mut self,
        employee: u32,
        change: impl FnOnce(&mut EmploymentState),
    ) -> u32 {
        let mut state = self.world.employment_now(employee);
        change(&mut state);
        self.push_employment_state(employee, state)
    }

    fn is_live(world: &World, employee: u32) -> bool {
        !world.employee(employee).deleted
    }

    pub(super) fn associate(&mut self, employee: u32) -> Option<Draft> {
        let state = self.world.employment_now(employee);
        if !Self::is_live(&self.world, employee) || state.associated {
            return None;
        }
        let snap = self.update_employment_state(employee, |state| state.associated = true);
        if state.status == EmployeeStatus::Accepted {
            self.schedule_employer_adds(self.world.employee(employee).earner);
        }
        Some(Draft::new(Kind::EmploymentUserAccountAssociated, snap))
    }

    pub(super) fn invite(&mut self, employee: u32) -> Option<Draft> {
        let state = self.world.employment_now(employee);
        if !Self::is_live(&self.world, employee) || state.status != EmployeeStatus::Pending {
            return None;
        }
        let seq = self.seq;
        let snap = self.update_employment_state(employee, |state| {
            state.invited_seq = seq;
            state.status_seq = seq;
        });
        self.schedule(5..=200, Task::Respond(employee));
        Some(Draft::new(Kind::EmploymentConnectionPending, snap))
    }

    /// The employee accepts or rejects the connection, or ignores it until invited again.
    pub(super) fn respond(&mut self, employee: u32) -> Option<Draft> {
        let state = self.world.employment_now(employee);
        if !Self::is_live(&self.world, employee) || state.status != EmployeeStatus::Pending {
            return None;
        }
        let (kind, status) = match self.rng.u8(..100) {
            0..70 => (Kind::EmploymentConnectionAccepted, EmployeeStatus::Accepted),
            70..88 => (Kind::EmploymentConnectionRejected, EmployeeStatus::Rejected),
            _ => {
                self.schedule(100..=400, Task::Invite(employee));
                return None;
            }
        };
        let seq = self.seq;
        let snap = self.update_employment_state(employee, |state| {
            state.status = status;
            state.status_seq = seq;
        });
        if status == EmployeeStatus::Accepted && state.associated {
            self.schedule_employer_adds(self.world.employee(employee).earner);
        }
        Some(Draft::new(kind, snap))
    }

    pub(super) fn update_employment(&mut self) -> Option<Draft> {
        let employee = self.pick_recent(self.world.employees.len(), Self::is_live)?;
        let (seq, roll, pick) = (self.seq, self.rng.u8(..100), self.rng.u8(..8));
        let snap = self.update_employment_state(employee, |state| {
            state.updated_seq = seq;
            match roll {
                0..40 => {
                    state.title = (state.title + 1) % 3;
                    state.jobs = state.jobs.saturating_add(1).min(6);
                }
                40..55 => {
                    state.department = pick;
                    state.jobs = state.jobs.saturating_add(1).min(6);
                }
                55..80 => state.team = Some(pick),
                _ => state.job_level = Some(pick % 4),
            }
        });
        Some(Draft::new(Kind::EmploymentUpdated, snap))
    }

    /// The employer loses sight of the badges, and the account is often associated again.
    pub(super) fn disassociate(&mut self) -> Option<Draft> {
        let employee = self.pick_recent(self.world.employees.len(), |world, employee| {
            Self::is_live(world, employee) && world.employment_now(employee).associated
        })?;
        let snap = self.update_employment_state(employee, |state| state.associated = false);
        let earner = self.world.employee(employee).earner;
        let visible = self.visible_badges(earner);
        for (delay, badge) in (1..).zip(visible) {
            self.schedule(delay..=delay + 5, Task::EmployerRemove(badge));
        }
        if self.chance(50) {
            self.schedule(50..=300, Task::Associate(employee));
        }
        Some(Draft::new(Kind::EmploymentUserAccountDisassociated, snap))
    }

    /// The record goes; the badges it showed stop being visible without an event each, so a
    /// later record for the same person starts from nothing.
    pub(super) fn delete_employment(&mut self) -> Option<Draft> {
        let employee = self.pick_any(self.world.employees.len(), Self::is_live)?;
        let entity = self.world.employee_mut(employee);
        entity.deleted = true;
        let (earner, head) = (entity.earner, entity.head);
        self.world.earner_mut(earner).employee = NONE;
        for badge in self.visible_badges(earner) {
            self.update_badge(badge, |state| state.employer_visible = false);
        }
        Some(Draft::new(Kind::EmploymentDeleted, head))
    }

    fn visible_badges(&self, earner: u32) -> Vec<u32> {
        self.world
            .badges_of(earner)
            .filter(|&badge| self.world.badge_now(badge).employer_visible)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::Value;

    use crate::fake::Generator;
    use crate::fake::testing::{config, details_of};

    #[test]
    fn templates_are_created_then_changed_then_maybe_deleted() {
        let generator = Generator::new(&config(2_000, 42, false));
        let mut deleted: HashMap<Value, bool> = HashMap::new();
        for summary in generator.summaries() {
            let event_type = summary["event_type"].as_str().unwrap();
            if !event_type.starts_with("badge_template.") {
                continue;
            }
            let detail = generator.detail(summary["id"].as_str().unwrap()).unwrap();
            let template = &detail["badge_template"];
            let id = template["id"].clone();
            match event_type {
                "badge_template.created" => assert!(deleted.insert(id, false).is_none()),
                "badge_template.deleted" => {
                    assert_eq!(deleted.insert(id, true), Some(false));
                    assert_eq!(template["badges_count"], 0);
                }
                _ => assert_eq!(deleted.get(&id), Some(&false), "changed after deletion"),
            }
            let draft = template["state"] == "draft";
            assert_eq!(template["image"].is_null(), draft, "{template}");
            assert_eq!(template["image_url"].is_null(), draft, "{template}");
            assert!(["active", "archived", "draft"].contains(&template["state"].as_str().unwrap()));
            if event_type != "badge_template.deleted" {
                assert_eq!(template["updated_at"], summary["occurred_at"]);
            }
        }
        assert!(
            deleted.len() >= 12,
            "dozens of templates: {}",
            deleted.len()
        );
    }

    #[test]
    fn user_events_name_users() {
        let generator = Generator::new(&config(2_000, 42, false));
        for (_, detail) in details_of(&generator, "user.account_merged") {
            assert!(detail["source_user_id"].is_string());
            assert_ne!(detail["source_user_id"], detail["destination_user_id"]);
        }
        for (_, detail) in details_of(&generator, "user.connect_access.removed") {
            assert!(detail["user_id"].is_string());
        }
        for event_type in ["user.public_badges.added", "user.public_badges.removed"] {
            for (_, detail) in details_of(&generator, event_type) {
                assert_eq!(detail["user_id"], detail["badge"]["user"]["id"]);
            }
        }
    }

    /// The connection state an employment event leaves, and the state it needs before.
    fn expected_states(event_type: &str) -> Option<(&'static [&'static str], &'static str)> {
        match event_type {
            "employment.connection.pending" => Some((&["pending"], "pending")),
            "employment.connection.accepted" => Some((&["pending"], "accepted")),
            "employment.connection.rejected" => Some((&["pending"], "rejected")),
            _ => None,
        }
    }

    #[test]
    fn employments_follow_their_lifecycle() {
        let generator = Generator::new(&config(2_000, 42, false));
        let mut states: HashMap<Value, String> = HashMap::new();
        for summary in generator.summaries() {
            let event_type = summary["event_type"].as_str().unwrap();
            if !event_type.starts_with("employment.") {
                continue;
            }
            let detail = generator.detail(summary["id"].as_str().unwrap()).unwrap();
            let employment = &detail["employment"];
            let id = employment["id"].clone();
            if event_type == "employment.created" {
                assert_eq!(employment["employee_state"], "pending");
                assert!(employment["last_invitation_sent_at"].is_null());
                assert!(states.insert(id, "pending".to_owned()).is_none());
                continue;
            }
            let before = states
                .get(&id)
                .cloned()
                .expect("employment event before creation");
            assert_ne!(before, "deleted", "{event_type} after employment.deleted");
            if event_type == "employment.deleted" {
                let keys: Vec<&String> = employment.as_object().unwrap().keys().collect();
                assert_eq!(keys, ["id", "email", "external_id"]);
                states.insert(id, "deleted".to_owned());
                continue;
            }
            if let Some((allowed, after)) = expected_states(event_type) {
                assert!(
                    allowed.contains(&before.as_str()),
                    "{event_type} after {before}"
                );
                assert_eq!(employment["employee_state"], after);
            }
            if event_type == "employment.connection.pending" {
                assert_eq!(
                    employment["last_invitation_sent_at"],
                    summary["occurred_at"]
                );
            }
            states.insert(
                id,
                employment["employee_state"].as_str().unwrap().to_owned(),
            );
        }
        assert!(states.values().any(|state| state == "deleted"));
    }

    #[test]
    fn employer_badge_lists_follow_added_and_removed() {
        let generator = Generator::new(&config(2_000, 42, false));
        let listed = |detail: &Value| -> Vec<Value> {
            let badges = detail["employment"]["badges"].as_array().unwrap();
            badges.iter().map(|badge| badge["id"].clone()).collect()
        };
        let added = details_of(&generator, "employment.badges.added");
        assert!(!added.is_empty());
        for (_, detail) in added {
            assert!(
                listed(&detail).contains(&detail["badge"]["id"]),
                "added yet not listed"
            );
            assert_eq!(detail["badge"]["state"], "accepted");
            assert_eq!(detail["employment"]["employee_state"], "accepted");
        }
        for (_, detail) in details_of(&generator, "employment.badges.removed") {
            assert!(
                !listed(&detail).contains(&detail["badge"]["id"]),
                "removed yet listed"
            );
        }
        for (_, detail) in details_of(&generator, "employment.badges.state_changed") {
            let states: Vec<&Value> = detail["employment"]["badges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|badge| &badge["state"])
                .collect();
            assert!(
                states
                    .iter()
                    .any(|state| *state == "revoked" || *state == "replaced")
            );
        }
    }
}
