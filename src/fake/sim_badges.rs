//! The simulation's badge actions: issuing, notifying, accepting or rejecting, revoking,
//! replacing, privacy, deletion, and what an earner's Credly Connect list and employer see
//! of it.
//!
//! Part of `Sim`; depends on `world`, `kind` and `ids`.

use super::earner::Account;
use super::ids::random_uuid;
use super::kind::Kind;
use super::sim::{Draft, Sim, Task};
use super::world::{
    Badge, BadgeState, BadgeStatus, EmployeeStatus, NONE, TemplateStatus, World, to_u32,
};

impl Sim {
    pub(super) fn issue_badge(&mut self) -> Option<Draft> {
        let template = self.pick_any(self.world.templates.len(), |world, template| {
            let template = world.template_now(template);
            template.status == TemplateStatus::Active && !world.template(template.template).deleted
        })?;
        let earner = self.pick_badge_earner();
        Some(self.create_badge(earner, template, NONE))
    }

    /// Workforce organizations issue many of their badges to their own employees.
    fn pick_badge_earner(&mut self) -> u32 {
        let employee = if self.chance(50) {
            self.pick_any(self.world.employees.len(), |world, employee| {
                !world.employee(employee).deleted
            })
        } else {
            None
        };
        match employee {
            Some(employee) => self.world.employee(employee).earner,
            None => to_u32(self.rng.usize(..self.world.earners.len())),
        }
    }

    /// Issues a pending badge and schedules its notification and the earner's decision.
    pub(super) fn create_badge(&mut self, earner: u32, template: u32, replaces: u32) -> Draft {
        let entity = Badge {
            id: random_uuid(&mut self.rng),
            earner,
            template,
            created: self.seq,
            head: NONE,
            earlier_of_earner: NONE,
            replaces,
            replacement: NONE,
            expires_in_days: self.chance(40).then(|| self.rng.u16(365..=1095)),
            suppress_notification: self.chance(20),
            evidence: self.chance(15),
            connect_public: false,
            deleted: false,
        };
        let suppress_notification = entity.suppress_notification;
        let (badge, snap) = self.world.add_badge(entity);
        if !suppress_notification {
            self.schedule(1..=4, Task::Notify(badge));
        }
        self.schedule(
            3..=150,
            Task::Decide {
                badge,
                reminders: 0,
            },
        );
        Draft::new(Kind::BadgeCreated, snap)
    }

    /// Records a changed state of `badge` after the current event; returns the snapshot.
    pub(super) fn update_badge(&mut self, badge: u32, change: impl FnOnce(&mut BadgeState)) -> u32 {
        let World {
            badges,
            badge_states,
            ..
        } = &mut self.world;
        let entity = badges
            .get_mut(badge as usize)
            .expect("badge indexes are handed out by the world");
        let mut state = badge_states.get(entity.head).value;
        change(&mut state);
        badge_states.push(&mut entity.head, self.seq, state)
    }

    fn is_pending(&self, badge: u32) -> bool {
        !self.world.badge(badge).deleted
            && self.world.badge_now(badge).status == BadgeStatus::Pending
    }

    fn is_accepted(world: &World, badge: u32) -> bool {
        !world.badge(badge).deleted && world.badge_now(badge).status == BadgeStatus::Accepted
    }

    pub(super) fn notify(&mut self, badge: u32) -> Option<Draft> {
        if !self.is_pending(badge) {
            return None;
        }
        let entity = self.world.badge(badge);
        let kind = match self.world.earner(entity.earner).account {
            Account::Confirmed => Kind::NotificationSent,
            Account::Unconfirmed => Kind::NotificationUnconfirmedEmailSent,
            Account::Missing => Kind::NotificationNoUserSent,
        };
        Some(Draft::new(kind, entity.head))
    }

    /// The earner accepts, rejects, or lets the badge wait for a reminder.
    pub(super) fn decide(&mut self, badge: u32, reminders: u8) -> Option<Draft> {
        if !self.is_pending(badge) {
            return None;
        }
        // Each reminder convinces fewer earners; about one badge in seven is never claimed.
        let (accept, reject) = match reminders {
            0 => (60, 5),
            1 => (35, 5),
            _ => (25, 5),
        };
        let roll = self.rng.u8(..100);
        if roll < accept {
            return Some(self.accept(badge));
        }
        if roll < accept + reject {
            let seq = self.seq;
            let snap = self.update_badge(badge, |state| {
                state.status = BadgeStatus::Rejected;
                state.status_seq = seq;
            });
            return Some(Draft::new(Kind::BadgeStateChanged, snap));
        }
        if reminders < 2 {
            let reminders = reminders + 1;
            self.schedule(40..=300, Task::Remind { badge, reminders });
        }
        None
    }

    pub(super) fn remind(&mut self, badge: u32, reminders: u8) -> Option<Draft> {
        if !self.is_pending(badge) {
            return None;
        }
        self.schedule(5..=150, Task::Decide { badge, reminders });
        // Most reminders are quiet nudges in the Credly app; a few send an email again.
        if self.world.badge(badge).suppress_notification || !self.chance(40) {
            return None;
        }
        self.notify(badge)
    }

    fn accept(&mut self, badge: u32) -> Draft {
        let seq = self.seq;
        let snap = self.update_badge(badge, |state| {
            state.status = BadgeStatus::Accepted;
            state.status_seq = seq;
        });
        let earner = self.world.badge(badge).earner;
        // Accepting needs an account; a few new account holders also turn on Connect.
        let grants_connect = self.chance(2);
        let holder = self.world.earner_mut(earner);
        holder.account = Account::Confirmed;
        holder.connect |= grants_connect;
        let (connect, employee) = (holder.connect, holder.employee);
        if self.employer_sees(earner) {
            self.schedule(1..=20, Task::EmployerAdd(badge));
        } else if employee != NONE && !self.world.employee(employee).deleted {
            self.schedule(1..=30, Task::Associate(employee));
        }
        if connect && self.chance(60) {
            self.schedule(1..=30, Task::PublicAdded(badge));
        }
        Draft::new(Kind::BadgeStateChanged, snap)
    }

    /// Whether the earner's current employer sees their badges: a connected, associated
    /// employment record.
    pub(super) fn employer_sees(&self, earner: u32) -> bool {
        let employee = self.world.earner(earner).employee;
        if employee == NONE || self.world.employee(employee).deleted {
            return false;
        }
        let employment = self.world.employment_now(employee);
        employment.status == EmployeeStatus::Accepted && employment.associated
    }

    pub(super) fn revoke_badge(&mut self) -> Option<Draft> {
        let badge = self.pick_recent(self.world.badges.len(), Self::is_accepted)?;
        let (seq, reason) = (self.seq, self.rng.u8(..5));
        let snap = self.update_badge(badge, |state| {
            state.status = BadgeStatus::Revoked;
            state.reason = reason;
            state.status_seq = seq;
        });
        self.after_withdrawal(badge);
        Some(Draft::new(Kind::BadgeStateChanged, snap))
    }

    /// Issues the replacement now; the old badge turns `replaced` a step or two later.
    pub(super) fn replace_badge(&mut self) -> Option<Draft> {
        let old = self.pick_recent(self.world.badges.len(), |world, badge| {
            Self::is_accepted(world, badge) && world.badge(badge).replacement == NONE
        })?;
        let Badge {
            earner, template, ..
        } = *self.world.badge(old);
        let draft = self.create_badge(earner, template, old);
        let new = to_u32(self.world.badges.len() - 1);
        self.schedule(1..=3, Task::ReplaceOld { old, new });
        Some(draft)
    }

    pub(super) fn replace_old(&mut self, old: u32, new: u32) -> Option<Draft> {
        if !Self::is_accepted(&self.world, old) {
            return None;
        }
        self.world.badge_mut(old).replacement = new;
        let seq = self.seq;
        let snap = self.update_badge(old, |state| {
            state.status = BadgeStatus::Replaced;
            state.status_seq = seq;
        });
        self.after_withdrawal(old);
        Some(Draft::new(Kind::BadgeStateChanged, snap))
    }

    /// A revoked or replaced badge leaves the earner's public list and changes state in the
    /// employer's view.
    fn after_withdrawal(&mut self, badge: u32) {
        if self.world.badge_now(badge).employer_visible {
            self.schedule(1..=10, Task::EmployerState(badge));
        }
        if self.world.badge(badge).connect_public {
            self.schedule(1..=10, Task::PublicRemoved(badge));
        }
    }

    pub(super) fn change_privacy(&mut self) -> Option<Draft> {
        let badge = self.pick_recent(self.world.badges.len(), Self::is_accepted)?;
        let snap = self.update_badge(badge, |state| state.public = !state.public);
        let state = self.world.badge_now(badge);
        if state.employer_visible {
            self.schedule(1..=10, Task::EmployerPrivacy(badge));
        }
        let entity = self.world.badge(badge);
        let connect = self.world.earner(entity.earner).connect;
        if connect && !state.public && entity.connect_public {
            self.schedule(1..=10, Task::PublicRemoved(badge));
        } else if connect && state.public && self.chance(60) {
            self.schedule(1..=10, Task::PublicAdded(badge));
        }
        Some(Draft::new(Kind::BadgePrivacyChanged, snap))
    }

    pub(super) fn delete_badge(&mut self) -> Option<Draft> {
        let badge = self.pick_any(self.world.badges.len(), |world, badge| {
            !world.badge(badge).deleted
        })?;
        let entity = self.world.badge_mut(badge);
        entity.deleted = true;
        let (head, connect_public) = (entity.head, entity.connect_public);
        if self.world.badge_now(badge).employer_visible {
            self.schedule(1..=10, Task::EmployerRemove(badge));
        }
        if connect_public {
            self.schedule(1..=10, Task::PublicRemoved(badge));
        }
        Some(Draft::new(Kind::BadgeDeleted, head))
    }

    pub(super) fn public_added(&mut self, badge: u32) -> Option<Draft> {
        let state = self.world.badge_now(badge);
        let entity = self.world.badge(badge);
        let connect = self.world.earner(entity.earner).connect;
        if !Self::is_accepted(&self.world, badge) || !state.public || !connect {
            return None;
        }
        if entity.connect_public {
            return None;
        }
        self.world.badge_mut(badge).connect_public = true;
        Some(self.public_list_changed(badge, Kind::UserPublicBadgesAdded))
    }

    pub(super) fn public_removed(&mut self, badge: u32) -> Option<Draft> {
        if !self.world.badge(badge).connect_public {
            return None;
        }
        self.world.badge_mut(badge).connect_public = false;
        Some(self.public_list_changed(badge, Kind::UserPublicBadgesRemoved))
    }

    fn public_list_changed(&mut self, badge: u32, kind: Kind) -> Draft {
        if self.chance(35) {
            self.schedule(0..=2, Task::PublicChanged(badge));
        }
        Draft::new(kind, self.world.badge(badge).head)
    }

    pub(super) fn public_changed(&mut self, badge: u32) -> Option<Draft> {
        let entity = self.world.badge(badge);
        if !self.world.earner(entity.earner).connect {
            return None;
        }
        Some(Draft::new(Kind::UserPublicBadgesChanged, entity.head))
    }

    pub(super) fn change_public_badges(&mut self) -> Option<Draft> {
        let badge = self.pick_recent(self.world.badges.len(), |world, badge| {
            world.badge(badge).connect_public
        })?;
        self.public_changed(badge)
    }

    pub(super) fn employer_add(&mut self, badge: u32) -> Option<Draft> {
        let earner = self.world.badge(badge).earner;
        let visible = self.world.badge_now(badge).employer_visible;
        if visible || !Self::is_accepted(&self.world, badge) || !self.employer_sees(earner) {
            return None;
        }
        let snap = self.update_badge(badge, |state| state.employer_visible = true);
        let employee = self.world.earner(earner).employee;
        let employment = self.world.employee(employee).head;
        Some(Draft::with_aux(
            Kind::EmploymentBadgesAdded,
            employment,
            snap,
        ))
    }

    pub(super) fn employer_remove(&mut self, badge: u32) -> Option<Draft> {
        let employee = self.world.earner(self.world.badge(badge).earner).employee;
        if !self.world.badge_now(badge).employer_visible || employee == NONE {
            return None;
        }
        let snap = self.update_badge(badge, |state| state.employer_visible = false);
        let employment = self.world.employee(employee).head;
        Some(Draft::with_aux(
            Kind::EmploymentBadgesRemoved,
            employment,
            snap,
        ))
    }

    /// A visible badge changed state or privacy: the employer gets the full record again.
    pub(super) fn employer_notice(&mut self, badge: u32, kind: Kind) -> Option<Draft> {
        let employee = self.world.earner(self.world.badge(badge).earner).employee;
        if !self.world.badge_now(badge).employer_visible || employee == NONE {
            return None;
        }
        Some(Draft::new(kind, self.world.employee(employee).head))
    }

    /// Lets the employer see every accepted badge of the earner, one event each.
    pub(super) fn schedule_employer_adds(&mut self, earner: u32) {
        let badges: Vec<u32> = self
            .world
            .badges_of(earner)
            .filter(|&badge| Self::is_accepted(&self.world, badge))
            .take(8)
            .collect();
        for (delay, badge) in (1..).zip(badges) {
            self.schedule(delay..=delay + 10, Task::EmployerAdd(badge));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::{Value, json};

    use crate::fake::Generator;
    use crate::fake::testing::config;

    fn is_badge_event(event_type: &str) -> bool {
        event_type.starts_with("badge.") || event_type.starts_with("pending_badge_notification.")
    }

    /// Checks one badge event against the badge's previous state; returns the new state.
    fn check(
        event_type: &str,
        occurred_at: &Value,
        badge: &Value,
        previous: Option<&str>,
    ) -> String {
        let state = badge["state"].as_str().unwrap();
        let pending = state == "pending";
        assert_eq!(badge["accept_badge_url"].is_string(), pending, "{badge}");
        assert_eq!(badge["badge_url"].is_string(), !pending, "{badge}");
        assert_eq!(badge["user"] == json!({}), pending, "{badge}");
        assert!(badge["badge_template"]["skills"].is_array());
        match event_type {
            "badge.created" => {
                assert_eq!(previous, None, "created twice");
                assert_eq!(state, "pending");
                assert_eq!(&badge["created_at"], occurred_at);
            }
            "badge.state.changed" => {
                let expected_before = if matches!(state, "accepted" | "rejected") {
                    "pending"
                } else {
                    "accepted"
                };
                assert_eq!(
                    previous,
                    Some(expected_before),
                    "{state} after {previous:?}"
                );
                assert_eq!(&badge["state_updated_at"], occurred_at);
                assert_eq!(badge["revocation_reason"].is_string(), state == "revoked");
                assert_eq!(
                    badge["replacement_badge_id"].is_string(),
                    state == "replaced"
                );
            }
            notification if notification.starts_with("pending_badge_notification.") => {
                assert_eq!(state, "pending");
            }
            _ => assert!(previous.is_some(), "{event_type} before badge.created"),
        }
        state.to_owned()
    }

    #[test]
    fn each_badge_goes_through_its_states_in_order() {
        let generator = Generator::new(&config(2_000, 42, false));
        let mut states: HashMap<String, String> = HashMap::new();
        for summary in generator.summaries() {
            let event_type = summary["event_type"].as_str().unwrap();
            if !is_badge_event(event_type) {
                continue;
            }
            let detail = generator.detail(summary["id"].as_str().unwrap()).unwrap();
            assert_eq!(detail["id"], summary["id"]);
            let badge = &detail["badge"];
            let id = badge["id"].as_str().unwrap().to_owned();
            let previous = states.get(&id).map(String::as_str);
            let state = check(event_type, &summary["occurred_at"], badge, previous);
            states.insert(id, state);
        }
        for state in ["pending", "accepted", "rejected", "revoked", "replaced"] {
            assert!(states.values().any(|s| s == state), "no badge ends {state}");
        }
    }

    #[test]
    fn a_replacement_points_back_at_the_badge_it_replaces() {
        let generator = Generator::new(&config(2_000, 42, false));
        let details: Vec<Value> = generator
            .summaries()
            .iter()
            .filter(|summary| summary["event_type"] == "badge.state.changed")
            .map(|summary| generator.detail(summary["id"].as_str().unwrap()).unwrap())
            .filter(|detail| detail["badge"]["state"] == "replaced")
            .collect();
        assert!(!details.is_empty());
        let created: HashMap<Value, Value> = generator
            .summaries()
            .iter()
            .filter(|summary| summary["event_type"] == "badge.created")
            .map(|summary| generator.detail(summary["id"].as_str().unwrap()).unwrap())
            .map(|detail| (detail["badge"]["id"].clone(), detail["badge"].clone()))
            .collect();
        for detail in details {
            let replacement = &created[&detail["badge"]["replacement_badge_id"]];
            assert_eq!(replacement["replaces_badge_id"], detail["badge"]["id"]);
            assert_eq!(
                replacement["recipient_email"],
                detail["badge"]["recipient_email"]
            );
        }
    }
}
