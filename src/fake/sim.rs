//! The simulation that writes the fake organization's history, one event per step.
//!
//! A step first runs the follow-ups that are due (a badge created a few steps ago gets its
//! notification, later its acceptance), then, when none is due, a fresh action drawn by
//! weight (issue a badge, change a template, hire someone). Each action checks that it still
//! makes sense (a deleted badge is not accepted) and otherwise yields to the next one, so
//! every sequence stays consistent. The actions themselves live in `sim_badges` and
//! `sim_people`. Depends on `world`, `kind` and `ids`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::RangeInclusive;

use fastrand::Rng;

use super::kind::Kind;
use super::world::{NONE, World, to_u32};

/// What one step decided: the event type and the indexes its record keeps (see `Payload`).
#[derive(Clone, Copy, Debug)]
pub(super) struct Draft {
    pub kind: Kind,
    pub subject: u32,
    pub aux: u32,
}

impl Draft {
    pub(super) fn new(kind: Kind, subject: u32) -> Self {
        Self {
            kind,
            subject,
            aux: NONE,
        }
    }

    pub(super) fn with_aux(kind: Kind, subject: u32, aux: u32) -> Self {
        Self { kind, subject, aux }
    }
}

/// A follow-up scheduled by an earlier event; the `u32`s are entity indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Task {
    Notify(u32),
    Decide { badge: u32, reminders: u8 },
    Remind { badge: u32, reminders: u8 },
    ReplaceOld { old: u32, new: u32 },
    PublicAdded(u32),
    PublicRemoved(u32),
    PublicChanged(u32),
    EmployerAdd(u32),
    EmployerRemove(u32),
    EmployerState(u32),
    EmployerPrivacy(u32),
    PublishTemplate(u32),
    Associate(u32),
    Invite(u32),
    Respond(u32),
}

/// A fresh action, drawn by weight when no follow-up is due.
#[derive(Clone, Copy, Debug)]
enum Action {
    IssueBadge,
    CreateTemplate,
    ChangeTemplate,
    DeleteTemplate,
    RevokeBadge,
    ReplaceBadge,
    ChangePrivacy,
    DeleteBadge,
    MergeAccounts,
    RemoveConnectAccess,
    ChangePublicBadges,
    CreateEmployment,
    UpdateEmployment,
    DisassociateAccount,
    DeleteEmployment,
}

/// Weights per thousand fresh actions; template creation gets an extra weight that fades as
/// the catalogue grows. The rare ones are still frequent enough that 2,000 events show every
/// type.
const ACTIONS: [(u32, Action); 15] = [
    (560, Action::IssueBadge),
    (15, Action::CreateTemplate),
    (40, Action::ChangeTemplate),
    (12, Action::DeleteTemplate),
    (25, Action::RevokeBadge),
    (12, Action::ReplaceBadge),
    (50, Action::ChangePrivacy),
    (10, Action::DeleteBadge),
    (10, Action::MergeAccounts),
    (10, Action::RemoveConnectAccess),
    (15, Action::ChangePublicBadges),
    (70, Action::CreateEmployment),
    (40, Action::UpdateEmployment),
    (12, Action::DisassociateAccount),
    (10, Action::DeleteEmployment),
];

/// How many of the newest entities "recent" picks choose from.
const RECENT: usize = 2_000;

/// Attempts a pick makes before it gives up on an action.
const PICK_ATTEMPTS: usize = 16;

/// The simulation state: the world, the random stream and the follow-ups still to run.
pub(super) struct Sim {
    pub world: World,
    pub rng: Rng,
    queue: BinaryHeap<Reverse<(u32, u32, Task)>>,
    num_scheduled: u32,
    /// Steps taken; follow-ups are due after a number of steps, not of events, so that
    /// events the simulation does not decide (unknown types) leave its course unchanged.
    num_steps: u32,
    /// The event being decided.
    pub seq: u32,
}

impl Sim {
    pub(super) fn new(world: World, rng: Rng) -> Self {
        Self {
            world,
            rng,
            queue: BinaryHeap::new(),
            num_scheduled: 0,
            num_steps: 0,
            seq: 0,
        }
    }

    /// Decides event `seq`.
    pub(super) fn step(&mut self, seq: u32) -> Draft {
        self.seq = seq;
        self.num_steps += 1;
        while let Some(task) = self.due_task() {
            if let Some(draft) = self.run_task(task) {
                return draft;
            }
        }
        self.run_action()
    }

    /// Runs `task` between `delay` steps from now (or later, when the queue is busy).
    pub(super) fn schedule(&mut self, delay: RangeInclusive<u32>, task: Task) {
        let due = self.num_steps.saturating_add(self.rng.u32(delay));
        // The counter keeps tasks due at the same step in the order they were scheduled.
        self.num_scheduled = self.num_scheduled.wrapping_add(1);
        self.queue.push(Reverse((due, self.num_scheduled, task)));
    }

    /// True with the given chance in percent.
    pub(super) fn chance(&mut self, percent: u8) -> bool {
        self.rng.u8(..100) < percent
    }

    fn due_task(&mut self) -> Option<Task> {
        let Reverse((due, _, _)) = self.queue.peek()?;
        if *due > self.num_steps {
            return None;
        }
        self.queue.pop().map(|Reverse((_, _, task))| task)
    }

    fn run_task(&mut self, task: Task) -> Option<Draft> {
        match task {
            Task::Notify(badge) => self.notify(badge),
            Task::Decide { badge, reminders } => self.decide(badge, reminders),
            Task::Remind { badge, reminders } => self.remind(badge, reminders),
            Task::ReplaceOld { old, new } => self.replace_old(old, new),
            Task::PublicAdded(badge) => self.public_added(badge),
            Task::PublicRemoved(badge) => self.public_removed(badge),
            Task::PublicChanged(badge) => self.public_changed(badge),
            Task::EmployerAdd(badge) => self.employer_add(badge),
            Task::EmployerRemove(badge) => self.employer_remove(badge),
            Task::EmployerState(badge) => {
                self.employer_notice(badge, Kind::EmploymentBadgesStateChanged)
            }
            Task::EmployerPrivacy(badge) => {
                self.employer_notice(badge, Kind::EmploymentBadgesPrivacyChanged)
            }
            Task::PublishTemplate(template) => self.publish_template(template),
            Task::Associate(employee) => self.associate(employee),
            Task::Invite(employee) => self.invite(employee),
            Task::Respond(employee) => self.respond(employee),
        }
    }

    fn run_action(&mut self) -> Draft {
        let action = self.draw_action();
        self.try_action(action)
            .or_else(|| self.issue_badge())
            .unwrap_or_else(|| self.create_template())
    }

    fn draw_action(&mut self) -> Action {
        // A young organization first builds its catalogue.
        let num_templates = to_u32(self.world.templates.len());
        let template_boost = 400 / (1 + num_templates);
        let total: u32 = ACTIONS.iter().map(|(weight, _)| weight).sum::<u32>() + template_boost;
        let mut roll = self.rng.u32(..total);
        if roll < template_boost {
            return Action::CreateTemplate;
        }
        roll -= template_boost;
        for (weight, action) in ACTIONS {
            if roll < weight {
                return action;
            }
            roll -= weight;
        }
        Action::IssueBadge
    }

    fn try_action(&mut self, action: Action) -> Option<Draft> {
        match action {
            Action::IssueBadge => self.issue_badge(),
            Action::CreateTemplate => Some(self.create_template()),
            Action::ChangeTemplate => self.change_template(),
            Action::DeleteTemplate => self.delete_template(),
            Action::RevokeBadge => self.revoke_badge(),
            Action::ReplaceBadge => self.replace_badge(),
            Action::ChangePrivacy => self.change_privacy(),
            Action::DeleteBadge => self.delete_badge(),
            Action::MergeAccounts => self.merge_accounts(),
            Action::RemoveConnectAccess => self.remove_connect_access(),
            Action::ChangePublicBadges => self.change_public_badges(),
            Action::CreateEmployment => self.create_employment(),
            Action::UpdateEmployment => self.update_employment(),
            Action::DisassociateAccount => self.disassociate(),
            Action::DeleteEmployment => self.delete_employment(),
        }
    }

    /// An index below `len` that `accept`s, mostly among the newest, or `None` after a few
    /// tries.
    pub(super) fn pick_recent(
        &mut self,
        len: usize,
        accept: impl Fn(&World, u32) -> bool,
    ) -> Option<u32> {
        self.pick(len, 70, accept)
    }

    /// An index below `len` that `accept`s, drawn uniformly, or `None` after a few tries.
    pub(super) fn pick_any(
        &mut self,
        len: usize,
        accept: impl Fn(&World, u32) -> bool,
    ) -> Option<u32> {
        self.pick(len, 0, accept)
    }

    fn pick(
        &mut self,
        len: usize,
        recent_percent: u8,
        accept: impl Fn(&World, u32) -> bool,
    ) -> Option<u32> {
        if len == 0 {
            return None;
        }
        for _ in 0..PICK_ATTEMPTS {
            let position = if self.chance(recent_percent) {
                len - 1 - self.rng.usize(..len.min(RECENT))
            } else {
                self.rng.usize(..len)
            };
            let index = to_u32(position);
            if accept(&self.world, index) {
                return Some(index);
            }
        }
        None
    }
}
