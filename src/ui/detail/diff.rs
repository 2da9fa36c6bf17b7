//! What changed between two successive details about the same badge, template or employee.
//!
//! Pure: compares typed payloads field by field. Shown under the related events.

use crate::model::{
    BadgeTemplate, Employment, EventDetail, IssuedBadge, Payload, format_timestamp,
};

/// One field that differs between the previous and the current detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// The field's name as Credly spells it.
    pub field: &'static str,
    /// The value before, or a dash when it was missing or null.
    pub before: String,
    pub after: String,
}

type Fields<T> = [(&'static str, fn(&T) -> Option<String>)];

const BADGE_FIELDS: &Fields<IssuedBadge> = &[
    ("state", |b| {
        b.state.as_ref().map(|state| state.as_str().to_owned())
    }),
    ("state_updated_at", |b| {
        b.state_updated_at.map(format_timestamp)
    }),
    ("public", |b| b.public.map(|public| public.to_string())),
    ("issued_at", |b| b.issued_at.map(format_timestamp)),
    ("expires_at", |b| b.expires_at.map(format_timestamp)),
    ("issued_to", IssuedBadge::recipient_name),
    ("recipient_email", |b| b.recipient_email.clone()),
    ("revocation_reason", |b| b.revocation_reason.clone()),
    ("replacement_badge_id", |b| b.replacement_badge_id.clone()),
    ("locale", |b| b.locale.clone()),
    ("badge_template", |b| b.template.as_ref()?.name.clone()),
];

const TEMPLATE_FIELDS: &Fields<BadgeTemplate> = &[
    ("name", |t| t.name.clone()),
    ("state", |t| t.state.clone()),
    ("level", |t| t.level.clone()),
    ("type_category", |t| t.type_category.clone()),
    ("visibility", |t| t.visibility.clone()),
    ("skills", |t| Some(t.skills.join(", "))),
    ("badges_count", |t| {
        t.badges_count.map(|count| count.to_string())
    }),
    ("time_to_earn", |t| t.time_to_earn.clone()),
    ("cost", |t| t.cost.clone()),
    ("description", |t| t.description.clone()),
];

const EMPLOYMENT_FIELDS: &Fields<Employment> = &[
    ("employee_state", |e| e.employee_state.clone()),
    ("full_name", Employment::display_name),
    ("email", |e| e.email.clone()),
    ("position_title", |e| e.position_title.clone()),
    ("department", |e| e.department.clone()),
    ("team", |e| e.team.clone()),
    ("manager_external_id", |e| e.manager_external_id.clone()),
    ("organization_levels", |e| {
        Some(e.organization_levels.join(" › "))
    }),
    ("badges", |e| Some(e.badges.len().to_string())),
];

/// The fields that differ between `previous` and `current`, in a fixed order; empty when
/// the two are not about the same badge, template or employee.
pub fn changed_fields(previous: &EventDetail, current: &EventDetail) -> Vec<FieldChange> {
    let (before, after) = (&previous.payload, &current.payload);
    if let (Some(before), Some(after)) = (badge_of(before), badge_of(after)) {
        if !same_id(before.id.as_deref(), after.id.as_deref()) {
            return Vec::new();
        }
        return compare(BADGE_FIELDS, before, after);
    }
    match (before, after) {
        (Payload::BadgeTemplate(before), Payload::BadgeTemplate(after))
            if same_id(before.id.as_deref(), after.id.as_deref()) =>
        {
            compare(TEMPLATE_FIELDS, before, after)
        }
        (Payload::Employment(before), Payload::Employment(after))
            if same_id(before.id.as_deref(), after.id.as_deref()) =>
        {
            compare(EMPLOYMENT_FIELDS, before, after)
        }
        _ => Vec::new(),
    }
}

/// The one badge a payload is about, if it is about one.
fn badge_of(payload: &Payload) -> Option<&IssuedBadge> {
    match payload {
        Payload::IssuedBadge(badge)
        | Payload::PublicBadges { badge, .. }
        | Payload::EmploymentBadgeChange { badge, .. } => Some(badge),
        _ => None,
    }
}

/// Two subjects are the same unless both carry ids and the ids differ.
fn same_id(before: Option<&str>, after: Option<&str>) -> bool {
    match (before, after) {
        (Some(before), Some(after)) => before == after,
        _ => true,
    }
}

fn compare<T>(fields: &Fields<T>, before: &T, after: &T) -> Vec<FieldChange> {
    fields
        .iter()
        .filter_map(|(field, read)| {
            let (before, after) = (shown(read(before)), shown(read(after)));
            (before != after).then_some(FieldChange {
                field,
                before,
                after,
            })
        })
        .collect()
}

/// A value as the diff shows it: a dash when missing or empty, cut at 60 characters.
fn shown(value: Option<String>) -> String {
    const MAX_CHARS: usize = 60;
    let value = value.filter(|text| !text.is_empty());
    let Some(value) = value else {
        return "—".to_owned();
    };
    if value.chars().count() <= MAX_CHARS {
        return value;
    }
    let mut cut: String = value.chars().take(MAX_CHARS).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn detail(data: Value) -> EventDetail {
        EventDetail::from_data(data)
    }

    fn change(field: &'static str, before: &str, after: &str) -> FieldChange {
        FieldChange {
            field,
            before: before.to_owned(),
            after: after.to_owned(),
        }
    }

    #[test]
    fn successive_states_of_a_badge_show_what_changed() {
        let pending = json!({"badge": {"id": "b", "issued_to": "Ann", "state": "pending",
                             "public": false, "expires_at": null, "badge_template": {"name": "T"}}});
        let accepted = json!({"badge": {"id": "b", "issued_to": "Ann", "state": "accepted",
                              "public": true, "expires_at": "2030-01-01T00:00:00Z",
                              "badge_template": {"name": "T"}}});
        let other = json!({"badge": {"id": "c", "issued_to": "Ann", "state": "accepted",
                           "badge_template": {}}});
        let cases = [
            (
                pending.clone(),
                accepted.clone(),
                vec![
                    change("state", "pending", "accepted"),
                    change("public", "false", "true"),
                    change("expires_at", "—", "2030-01-01T00:00:00.000Z"),
                ],
            ),
            (accepted.clone(), accepted.clone(), vec![]),
            (pending.clone(), other, vec![]),
            (pending, json!({"user_id": "u"}), vec![]),
        ];
        for (before, after, expected) in cases {
            assert_eq!(changed_fields(&detail(before), &detail(after)), expected);
        }
    }

    #[test]
    fn templates_and_employees_compare_their_own_fields() {
        let draft =
            json!({"badge_template": {"id": "t", "name": "T", "state": "draft", "skills": ["A"]}});
        let active = json!({"badge_template": {"id": "t", "name": "T", "state": "active", "skills": ["A", "B"]}});
        assert_eq!(
            changed_fields(&detail(draft), &detail(active)),
            [
                change("state", "draft", "active"),
                change("skills", "A", "A, B")
            ]
        );

        let before = json!({"employment": {"id": "e", "email": "a@b", "employee_state": "pending", "first_name": "Jo"}});
        let after = json!({"employment": {"id": "e", "email": "a@b", "employee_state": "accepted", "first_name": "Jo"}});
        assert_eq!(
            changed_fields(&detail(before), &detail(after)),
            [change("employee_state", "pending", "accepted")]
        );
    }
}
