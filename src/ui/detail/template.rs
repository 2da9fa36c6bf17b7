//! Badge templates: the full card of a `badge_template.*` event, and the smaller card shown
//! inside an issued badge.

use egui::{RichText, Ui};

use super::badge::section_ui;
use crate::model::{Activity, BadgeTemplate};
use crate::ui::UiAction;
use crate::ui::theme;
use crate::ui::widgets::{self, DASH, DisplayContext, or_dash};

pub(super) fn template_ui(
    ui: &mut Ui,
    template: &BadgeTemplate,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    ui.horizontal(|ui| {
        let name = template.name.as_deref();
        widgets::thumbnail_ui(ui, name, template.image_url.as_deref(), 64.0, cx);
        ui.vertical(|ui| {
            ui.heading(or_dash(name));
            ui.horizontal_wrapped(|ui| {
                let state = template.state.as_deref();
                widgets::chip_ui(ui, or_dash(state), theme::state_color(or_dash(state)));
                ui.weak(or_dash(template.visibility.as_deref()));
            });
        });
    });
    ui.add_space(4.0);
    widgets::fields_ui(ui, "template_fields", |ui| {
        template_fields_ui(ui, template, cx, actions);
    });

    section_ui(ui, "Skills");
    widgets::chips_ui(ui, &template.skills, theme::NEUTRAL);
    section_ui(ui, "Description");
    ui.label(or_dash(template.description.as_deref()));
    section_ui(ui, "Activities");
    activities_ui(ui, &template.activities, actions);
    section_ui(ui, "Links");
    if template.url.is_none() {
        ui.label(DASH);
    }
    widgets::link_button_ui(ui, "Open template page", template.url.as_deref(), actions);
}

fn template_fields_ui(
    ui: &mut Ui,
    template: &BadgeTemplate,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let badges_count = template.badges_count.map(|count| count.to_string());
    widgets::field_ui(ui, "Level", template.level.as_deref());
    widgets::field_ui(ui, "Type", template.type_category.as_deref());
    widgets::field_ui(ui, "Owner", template.owner_name.as_deref());
    widgets::field_ui(ui, "Badges issued", badges_count.as_deref());
    widgets::field_ui(ui, "Time to earn", template.time_to_earn.as_deref());
    widgets::field_ui(ui, "Cost", template.cost.as_deref());
    widgets::time_field_ui(ui, "Created", template.created_at, cx);
    widgets::time_field_ui(ui, "Updated", template.updated_at, cx);
    widgets::id_field_ui(ui, "Template id", template.id.as_deref(), actions);
}

fn activities_ui(ui: &mut Ui, activities: &[Activity], actions: &mut Vec<UiAction>) {
    if activities.is_empty() {
        ui.label(DASH);
    }
    for activity in activities {
        ui.horizontal_wrapped(|ui| {
            ui.label(or_dash(activity.title.as_deref()));
            if let Some(activity_type) = &activity.activity_type {
                ui.weak(format!("({activity_type})"));
            }
            widgets::link_button_ui(ui, "Open", activity.url.as_deref(), actions);
        });
    }
}

/// The template of an issued badge: image, name, level, type, skills and a link.
pub(super) fn template_card_ui(
    ui: &mut Ui,
    template: Option<&BadgeTemplate>,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let Some(template) = template else {
        ui.label(DASH);
        return;
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            let name = template.name.as_deref();
            widgets::thumbnail_ui(ui, name, template.image_url.as_deref(), 48.0, cx);
            ui.vertical(|ui| {
                ui.label(RichText::new(or_dash(name)).strong());
                let level = or_dash(template.level.as_deref());
                let kind = or_dash(template.type_category.as_deref());
                ui.weak(format!("Level {level} · Type {kind}"));
            });
        });
        widgets::chips_ui(ui, &template.skills, theme::NEUTRAL);
        widgets::link_button_ui(ui, "Open template page", template.url.as_deref(), actions);
    });
}
