//! The "Summary" tab: the detail's loading state, then one card for each payload shape.

use egui::{RichText, Ui};

use super::{DetailInput, DetailState, badge, employment, json_tree, template, user};
use crate::model::{Event, EventDetail, Payload};
use crate::ui::UiAction;
use crate::ui::widgets::DisplayContext;

pub(super) fn state_ui(
    ui: &mut Ui,
    input: &DetailInput<'_>,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let event_id = &input.event.id;
    match input.state {
        DetailState::NotLoaded => {
            ui.weak("The details of this event are not loaded yet.");
            if ui.button("Load details").clicked() {
                actions.push(UiAction::RetryDetail(event_id.clone()));
            }
        }
        DetailState::Loading => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Loading details…");
            });
        }
        DetailState::Failed(err) => failed_ui(ui, input.event, err, actions),
        DetailState::Loaded(detail) => payload_ui(ui, input.event, detail, cx, actions),
    }
}

fn failed_ui(ui: &mut Ui, event: &Event, err: &str, actions: &mut Vec<UiAction>) {
    let color = ui.visuals().error_fg_color;
    egui::Frame::group(ui.style())
        .stroke((1.0, color))
        .show(ui, |ui| {
            ui.label(
                RichText::new("Could not load the details")
                    .color(color)
                    .strong(),
            );
            ui.label(err);
            if ui.button("Retry").clicked() {
                actions.push(UiAction::RetryDetail(event.id.clone()));
            }
        });
}

fn payload_ui(
    ui: &mut Ui,
    event: &Event,
    detail: &EventDetail,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let event_type = &event.event_type;
    match &detail.payload {
        Payload::IssuedBadge(issued) => badge::issued_badge_ui(ui, issued, cx, actions),
        Payload::BadgeTemplate(found) => template::template_ui(ui, found, cx, actions),
        Payload::Employment(found) => employment::employment_ui(ui, found, None, cx, actions),
        Payload::EmploymentMinimal(minimal) => {
            employment::minimal_ui(ui, event_type, minimal, actions);
        }
        Payload::EmploymentBadgeChange {
            employment,
            badge: changed,
        } => employment::badge_change_ui(ui, event_type, employment, changed, cx, actions),
        Payload::AccountMerge {
            source_user_id,
            destination_user_id,
        } => user::account_merge_ui(
            ui,
            source_user_id.as_deref(),
            destination_user_id.as_deref(),
            actions,
        ),
        Payload::ConnectAccessRemoved { user_id } => {
            user::connect_access_removed_ui(ui, user_id, actions);
        }
        Payload::PublicBadges {
            user_id,
            badge: changed,
        } => user::public_badges_ui(ui, event_type, user_id.as_deref(), changed, cx, actions),
        Payload::Other => other_ui(ui, detail),
    }
}

fn other_ui(ui: &mut Ui, detail: &EventDetail) {
    ui.label("The monitor does not know this shape of detail; here is everything it holds.");
    ui.add_space(4.0);
    json_tree::json_tree_ui(ui, "other_payload", &detail.raw);
}
