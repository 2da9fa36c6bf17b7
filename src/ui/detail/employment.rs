//! Employee records of `employment.*` events: the full record, the record with the one badge
//! that changed, and the minimal record of ids.

use egui::{RichText, Ui};

use super::badge::{self, Emphasis, section_ui};
use crate::model::{Employment, EmploymentHistory, EmploymentMinimal, EventType, IssuedBadge};
use crate::ui::UiAction;
use crate::ui::theme;
use crate::ui::widgets::{self, DASH, DisplayContext, or_dash};

/// The full record. The badge whose id is `changed_badge_id` stands out in the badge list.
pub(super) fn employment_ui(
    ui: &mut Ui,
    employment: &Employment,
    changed_badge_id: Option<&str>,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    person_card_ui(ui, employment, cx, actions);

    section_ui(ui, "Employer");
    let employer = employment.employer.as_ref();
    widgets::fields_ui(ui, "employer_fields", |ui| {
        widgets::field_ui(ui, "Name", employer.and_then(|e| e.name.as_deref()));
        widgets::field_ui(ui, "Industry", employer.and_then(|e| e.industry.as_deref()));
        widgets::field_ui(ui, "About", employer.and_then(|e| e.bio.as_deref()));
    });

    section_ui(ui, &format!("Badges ({})", employment.badges.len()));
    if employment.badges.is_empty() {
        ui.label(DASH);
    }
    for (index, shown) in employment.badges.iter().enumerate() {
        let emphasis = if changed_badge_id.is_some() && shown.id.as_deref() == changed_badge_id {
            Emphasis::Changed
        } else {
            Emphasis::Plain
        };
        badge::compact_badge_ui(ui, ("employee_badge", index), shown, emphasis, cx, actions);
    }

    section_ui(ui, "Employment history");
    histories_ui(ui, &employment.histories);
}

fn person_card_ui(
    ui: &mut Ui,
    employment: &Employment,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let name = employment.display_name();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            let photo = employment.photo_url.as_deref();
            widgets::thumbnail_ui(ui, name.as_deref(), photo, 56.0, cx);
            ui.vertical(|ui| {
                ui.heading(or_dash(name.as_deref()));
                ui.weak(or_dash(employment.position_title.as_deref()));
                ui.horizontal_wrapped(|ui| {
                    let state = employment.employee_state.as_deref();
                    widgets::chip_ui(ui, or_dash(state), theme::state_color(or_dash(state)))
                        .on_hover_text("The employee's connection state");
                    if employment.employee_state_updated_at.is_some() {
                        ui.weak("since");
                        widgets::time_ui(ui, employment.employee_state_updated_at, cx);
                    }
                });
            });
        });
        widgets::fields_ui(ui, "person_fields", |ui| {
            person_fields_ui(ui, employment, cx, actions);
        });
    });
}

fn person_fields_ui(
    ui: &mut Ui,
    employment: &Employment,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let levels = employment.organization_levels.join(" › ");
    widgets::field_ui(ui, "Email", employment.email.as_deref());
    widgets::field_ui(ui, "External id", employment.external_id.as_deref());
    widgets::field_ui(ui, "Position", employment.position_title.as_deref());
    widgets::field_ui(ui, "Department", employment.department.as_deref());
    widgets::field_ui(ui, "Team", employment.team.as_deref());
    widgets::field_ui(ui, "Job family", employment.job_family.as_deref());
    widgets::field_ui(ui, "Level", employment.level.as_deref());
    widgets::field_ui(ui, "Manager", manager_text(employment).as_deref());
    widgets::field_ui(ui, "Location", location_text(employment).as_deref());
    widgets::field_ui(ui, "Organization levels", Some(levels.as_str()));
    widgets::time_field_ui(
        ui,
        "Invitation sent",
        employment.last_invitation_sent_at,
        cx,
    );
    widgets::time_field_ui(ui, "Record created", employment.created_at, cx);
    widgets::id_field_ui(ui, "Employment id", employment.id.as_deref(), actions);
}

/// "Ann Lee (manager-000001)", or whichever part is present.
fn manager_text(employment: &Employment) -> Option<String> {
    let name = join_present(
        &[
            &employment.manager_first_name,
            &employment.manager_last_name,
        ],
        " ",
    );
    match (name, &employment.manager_external_id) {
        (Some(name), Some(id)) => Some(format!("{name} ({id})")),
        (Some(name), None) => Some(name),
        (None, id) => id.clone(),
    }
}

fn location_text(employment: &Employment) -> Option<String> {
    join_present(
        &[
            &employment.state_or_province,
            &employment.zip_code,
            &employment.country,
        ],
        ", ",
    )
}

fn join_present(parts: &[&Option<String>], separator: &str) -> Option<String> {
    let present: Vec<&str> = parts.iter().filter_map(|part| part.as_deref()).collect();
    (!present.is_empty()).then(|| present.join(separator))
}

fn histories_ui(ui: &mut Ui, histories: &[EmploymentHistory]) {
    if histories.is_empty() {
        ui.label(DASH);
        return;
    }
    egui::Grid::new("employment_histories")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for title in ["Current", "Job title", "Occupation", "State"] {
                ui.label(RichText::new(title).weak());
            }
            ui.end_row();
            for history in histories {
                let current = history
                    .current
                    .map(|current| if current { "yes" } else { "no" });
                ui.label(or_dash(current));
                ui.label(or_dash(history.job_title.as_deref()));
                ui.label(or_dash(history.occupation_name.as_deref()));
                ui.label(or_dash(history.state.as_deref()));
                ui.end_row();
            }
        });
}

/// An `employment.badges.*` event: the badge that changed above the employee's record.
pub(super) fn badge_change_ui(
    ui: &mut Ui,
    event_type: &EventType,
    employment: &Employment,
    changed: &IssuedBadge,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let title = match event_type {
        EventType::EmploymentBadgesAdded => "Badge added to the employee's record",
        EventType::EmploymentBadgesRemoved => "Badge removed from the employee's record",
        EventType::EmploymentBadgesStateChanged => "Badge state changed",
        EventType::EmploymentBadgesPrivacyChanged => "Badge privacy changed",
        _ => "Badge that changed",
    };
    ui.label(RichText::new(title).strong());
    badge::compact_badge_ui(
        ui,
        "changed_badge",
        changed,
        Emphasis::Featured,
        cx,
        actions,
    );
    ui.add_space(8.0);
    employment_ui(ui, employment, changed.id.as_deref(), cx, actions);
}

/// A record reduced to its ids, with why the rest is missing.
pub(super) fn minimal_ui(
    ui: &mut Ui,
    event_type: &EventType,
    minimal: &EmploymentMinimal,
    actions: &mut Vec<UiAction>,
) {
    ui.heading(or_dash(minimal.email.as_deref()));
    widgets::fields_ui(ui, "minimal_employment_fields", |ui| {
        widgets::field_ui(ui, "Email", minimal.email.as_deref());
        widgets::field_ui(ui, "External id", minimal.external_id.as_deref());
        widgets::id_field_ui(ui, "Employment id", minimal.id.as_deref(), actions);
    });
    ui.add_space(6.0);
    let why = if *event_type == EventType::EmploymentDeleted {
        "The employee record was deleted, so Credly sends only its ids: \
         the person's details, badges and history are gone."
    } else {
        "Credly sent only the record's ids: the record was deleted, or this organization is \
         no longer authorized for workforce data, so the person's details, badges and \
         history are not shown."
    };
    ui.label(RichText::new(why).italics());
}
