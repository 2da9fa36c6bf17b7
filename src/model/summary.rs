//! One-line summaries of event details, for timeline rows.
//!
//! Pure: reads a typed [`Payload`] and uses nothing outside `model`.

use super::{EventDetail, IssuedBadge, Payload};

/// A one-line summary of what a detail is about, e.g. "Priya Natarajan — API Integrator —
/// pending" or "user A merged into user B".
///
/// Returns `None` when the payload has a shape we do not know, or when it carries none of the
/// fields a summary is made of. Line breaks and other control characters in the payload
/// become spaces, so the result always fits on one row.
pub fn summary_line(detail: &EventDetail) -> Option<String> {
    let line = match &detail.payload {
        Payload::IssuedBadge(badge) => badge_line(badge),
        Payload::BadgeTemplate(template) => {
            let name = template.name.as_deref()?;
            Some(match template.state.as_deref() {
                Some(state) => format!("Template {name} ({state})"),
                None => format!("Template {name}"),
            })
        }
        Payload::Employment(employment) => join_parts([
            employment.display_name(),
            employment.department.clone(),
            employment.employee_state.clone(),
        ]),
        Payload::EmploymentBadgeChange { employment, badge } => join_parts([
            employment
                .display_name()
                .or_else(|| employment.email.clone()),
            template_name(badge),
            badge_state(badge),
        ]),
        Payload::EmploymentMinimal(minimal) => {
            let who = (minimal.email.as_ref())
                .or(minimal.external_id.as_ref())
                .or(minimal.id.as_ref())?;
            Some(format!("Employee {who} (ids only)"))
        }
        Payload::AccountMerge {
            source_user_id,
            destination_user_id,
        } => Some(format!(
            "user {} merged into user {}",
            or_dash(source_user_id.as_deref()),
            or_dash(destination_user_id.as_deref())
        )),
        Payload::ConnectAccessRemoved { user_id } => {
            Some(format!("user {user_id} removed Connect access"))
        }
        Payload::PublicBadges { user_id, badge } => join_parts([
            user_id.as_ref().map(|user_id| format!("user {user_id}")),
            template_name(badge),
            badge.public.map(|public| visibility(public).to_owned()),
        ]),
        Payload::Other => None,
    };
    line.map(|line| one_line(&line))
}

fn badge_line(badge: &IssuedBadge) -> Option<String> {
    join_parts([
        badge
            .recipient_name()
            .or_else(|| badge.recipient_email.clone()),
        template_name(badge),
        badge_state(badge),
    ])
}

fn template_name(badge: &IssuedBadge) -> Option<String> {
    badge.template.as_ref()?.name.clone()
}

fn badge_state(badge: &IssuedBadge) -> Option<String> {
    badge.state.as_ref().map(|state| state.as_str().to_owned())
}

fn visibility(public: bool) -> &'static str {
    if public { "public" } else { "private" }
}

fn or_dash(text: Option<&str>) -> &str {
    text.unwrap_or("—")
}

/// The parts that are present, joined by dashes; `None` when none is.
fn join_parts<const N: usize>(parts: [Option<String>; N]) -> Option<String> {
    let present: Vec<String> = parts
        .into_iter()
        .flatten()
        .filter(|part| !part.trim().is_empty())
        .collect();
    (!present.is_empty()).then(|| present.join(" — "))
}

/// `text` with every run of whitespace and control characters turned into one space.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn pending_badge() -> Value {
        let page: Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/issued_badges_page_pending.json"
        ))
        .unwrap();
        page["data"][0].clone()
    }

    fn fixture_data(text: &str) -> Value {
        let document: Value = serde_json::from_str(text).unwrap();
        document["data"].clone()
    }

    fn line_of(data: Value) -> Option<String> {
        summary_line(&EventDetail::from_data(data))
    }

    #[test]
    fn fixtures_summarise_to_their_subject() {
        let cases = [
            (
                json!({"badge": pending_badge()}),
                "Priya Natarajan — API Integrator — pending",
            ),
            (
                fixture_data(include_str!(
                    "../../tests/fixtures/badge_template_draft.json"
                )),
                "Template Data Privacy Refresher 2026 (draft)",
            ),
            (
                fixture_data(include_str!(
                    "../../tests/fixtures/event_detail_employment_created.json"
                )),
                "John Doe — Engineering — accepted",
            ),
            (
                fixture_data(include_str!(
                    "../../tests/fixtures/event_detail_employment_badges_added.json"
                )),
                "John Doe — Badge Template 6 — accepted",
            ),
            (
                fixture_data(include_str!(
                    "../../tests/fixtures/event_detail_employment_deleted.json"
                )),
                "Employee email1@example.com (ids only)",
            ),
        ];
        for (data, expected) in cases {
            assert_eq!(line_of(data).as_deref(), Some(expected));
        }
    }

    #[test]
    fn built_shapes_summarise_in_one_line() {
        let badge = json!({"badge_template": {"name": "Rust\nBasics"}, "issued_to": "Ann  Lee",
                           "state": "accepted", "public": false});
        let cases = [
            (
                json!({"source_user_id": "A", "destination_user_id": "B"}),
                Some("user A merged into user B"),
            ),
            (
                json!({"source_user_id": null, "destination_user_id": "B"}),
                Some("user — merged into user B"),
            ),
            (
                json!({"user_id": "U"}),
                Some("user U removed Connect access"),
            ),
            (
                json!({"user_id": "U", "badge": badge.clone()}),
                Some("user U — Rust Basics — private"),
            ),
            (
                json!({"badge": badge}),
                Some("Ann Lee — Rust Basics — accepted"),
            ),
            (
                json!({"badge": {"badge_template": {}, "issued_at": null}}),
                None,
            ),
            (
                json!({"badge_template": {"name": "T", "skills": []}}),
                Some("Template T"),
            ),
            (
                json!({"employment": {"id": "e", "external_id": "X9"}}),
                Some("Employee X9 (ids only)"),
            ),
            (
                json!({"employment": {"email": "a@b", "first_name": "Jo"}}),
                Some("Jo"),
            ),
            (json!({"something": "new"}), None),
            (json!([1, 2, 3]), None),
            (Value::Null, None),
        ];
        for (data, expected) in cases {
            assert_eq!(line_of(data.clone()).as_deref(), expected, "{data}");
        }
    }
}
