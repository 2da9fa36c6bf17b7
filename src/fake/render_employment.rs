//! Renders workforce employment records as Credly's events API serves them: the full record
//! with its employer, visible badges and job history, or the minimal one of a deleted
//! record.
//!
//! Part of `Renderer`; depends on `world`, `names`, `ids` and `stamp`.

use serde_json::Value;

use super::earner::Earner;
use super::ids::derived_uuid;
use super::names::{self, nth};
use super::render::{Obj, Renderer};
use super::stamp;
use super::world::{Employee, EmploymentState, NONE};

impl Renderer<'_> {
    /// The full employment record of employment snapshot `snap`, badges as of event `seq`.
    pub(super) fn employment(&self, snap: u32, seq: u32) -> Value {
        let state = self.world.employment_states.get(snap).value;
        let employee = self.world.employee(state.employee);
        let earner = self.world.earner(employee.earner);
        let invited_ms = (state.invited_seq != NONE).then(|| self.time(state.invited_seq));
        let fields = Obj::new()
            .put("id", employee.id.to_string())
            .put("email", earner.email())
            .put("created_at", stamp::millis(self.time(employee.created)))
            .put(
                "last_updated_by_organization_at",
                stamp::millis(self.time(state.updated_seq)),
            )
            .put("employee_state", state.status.as_str())
            .put(
                "employee_state_updated_at",
                stamp::millis(self.time(state.status_seq)),
            )
            .put("last_invitation_sent_at", stamp::json(invited_ms))
            .put("first_name", earner.first_name())
            .put("last_name", earner.last_name())
            .put(
                "full_name",
                format!("{} {}", earner.first_name(), earner.last_name()),
            )
            .put("photo_url", Value::Null)
            .put(
                "team",
                state.team.map(|team| nth(&names::TEAMS, team.into())),
            )
            .put("external_id", Self::external_id(employee));
        self.job_fields(fields, employee, &state)
            .put("employer", self.employer())
            .put("badges", self.employment_badges(employee.earner, seq))
            .put("employment_histories", Self::histories(employee, &state))
            .build()
    }

    fn job_fields(&self, fields: Obj, employee: &Employee, state: &EmploymentState) -> Obj {
        let (department, job_family, levels, titles) =
            nth(&names::DEPARTMENTS, state.department.into());
        let [level_1, level_2, level_3] = levels;
        let manager = (employee.manager != NONE).then(|| self.world.employee(employee.manager));
        let manager_earner = manager.map(|manager| self.world.earner(manager.earner));
        let country = self.world.earner(employee.earner).country();
        fields
            .put("position_title", nth(&titles, state.title.into()))
            .put("manager_first_name", manager_earner.map(Earner::first_name))
            .put("manager_last_name", manager_earner.map(Earner::last_name))
            .put("manager_external_id", manager.map(Self::external_id))
            .put("country", country.map(|(name, _, _)| name))
            .put("zip_code", Value::Null)
            .put("state_or_province", country.and_then(|(_, _, state)| state))
            .put("department", department)
            .put("job_family", job_family)
            .put(
                "level",
                state
                    .job_level
                    .map(|level| nth(&names::JOB_LEVELS, level.into())),
            )
            .put("organization_level_1", level_1)
            .put("organization_level_2", level_2)
            .put("organization_level_3", level_3)
    }

    /// The record of a deleted employee: just enough to find it again.
    pub(super) fn minimal_employment(&self, snap: u32) -> Value {
        let state = self.world.employment_states.get(snap).value;
        let employee = self.world.employee(state.employee);
        Obj::new()
            .put("id", employee.id.to_string())
            .put("email", self.world.earner(employee.earner).email())
            .put("external_id", Self::external_id(employee))
            .build()
    }

    fn external_id(employee: &Employee) -> String {
        format!("emp-{:06}", employee.external_id)
    }

    fn employer(&self) -> Value {
        let org = &self.world.org;
        Obj::new()
            .put("id", org.id.as_str())
            .put("name", org.name)
            .put("bio", org.bio)
            .put("industry", "P")
            .build()
    }

    /// The earner's badges the employer saw at event `seq`, oldest first.
    fn employment_badges(&self, earner: u32, seq: u32) -> Vec<Value> {
        let world = self.world;
        let mut visible: Vec<Value> = world
            .badges_of(earner)
            .filter(|&badge| world.badge(badge).created <= seq)
            .filter_map(|badge| world.badge_states.at(world.badge(badge).head, seq))
            .filter(|snap| snap.value.employer_visible)
            .map(|snap| self.workforce_badge_of(snap.value, seq))
            .collect();
        visible.reverse();
        visible
    }

    /// Current job first, then earlier ones.
    fn histories(employee: &Employee, state: &EmploymentState) -> Vec<Value> {
        let (_, _, _, titles) = nth(&names::DEPARTMENTS, state.department.into());
        (0..state.jobs)
            .map(|job| {
                let title = nth(&titles, usize::from(state.title) + usize::from(job) * 2);
                Obj::new()
                    .put("id", derived_uuid(employee.id, u64::from(job)).to_string())
                    .put("current", job == 0)
                    .put("employer_job_title", title)
                    .put("faethm_occupation", Value::Null)
                    .put("occupation_name", Value::Null)
                    .put("model_version", Value::Null)
                    .put("confidence_rating", Value::Null)
                    .put("state", "unmapped")
                    .build()
            })
            .collect()
    }
}
