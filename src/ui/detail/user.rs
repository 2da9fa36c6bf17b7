//! `user.*` events: account merges, removed Connect access, and public badge changes.

use egui::Ui;

use super::badge::{self, Emphasis};
use crate::model::{EventType, IssuedBadge};
use crate::ui::UiAction;
use crate::ui::theme;
use crate::ui::widgets::{self, DisplayContext, or_dash};

/// `source` was merged into `destination`, which remains.
pub(super) fn account_merge_ui(
    ui: &mut Ui,
    source: Option<&str>,
    destination: Option<&str>,
    actions: &mut Vec<UiAction>,
) {
    ui.heading("Accounts merged");
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        widgets::chip_ui(ui, &format!("user {}", or_dash(source)), theme::NEUTRAL)
            .on_hover_text("Merged away");
        ui.label("merged into");
        widgets::chip_ui(
            ui,
            &format!("user {}", or_dash(destination)),
            theme::category_color(crate::model::EventCategory::User),
        )
        .on_hover_text("Remains");
    });
    ui.add_space(4.0);
    widgets::fields_ui(ui, "account_merge_fields", |ui| {
        widgets::id_field_ui(ui, "Merged away", source, actions);
        widgets::id_field_ui(ui, "Remains", destination, actions);
    });
    ui.add_space(4.0);
    ui.label(format!(
        "Account {} was merged into account {}, which remains.",
        or_dash(source),
        or_dash(destination)
    ));
}

pub(super) fn connect_access_removed_ui(ui: &mut Ui, user_id: &str, actions: &mut Vec<UiAction>) {
    ui.heading("Connect access removed");
    widgets::fields_ui(ui, "connect_access_fields", |ui| {
        widgets::id_field_ui(ui, "User", Some(user_id), actions);
    });
    ui.add_space(4.0);
    ui.label(
        "The user removed the access of an OAuth application (Credly Connect): \
         it no longer sees their badges.",
    );
}

/// A badge that became visible, invisible or changed through Credly Connect.
pub(super) fn public_badges_ui(
    ui: &mut Ui,
    event_type: &EventType,
    user_id: Option<&str>,
    changed: &IssuedBadge,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let title = match event_type {
        EventType::UserPublicBadgesAdded => "Badge now visible through Credly Connect",
        EventType::UserPublicBadgesRemoved => "Badge no longer visible through Credly Connect",
        _ => "The user's public badges changed",
    };
    ui.heading(title);
    widgets::fields_ui(ui, "public_badges_fields", |ui| {
        widgets::id_field_ui(ui, "User", user_id, actions);
        widgets::field_ui(ui, "Recipient", changed.recipient_name().as_deref());
        widgets::field_ui(ui, "Email", changed.recipient_email.as_deref());
    });
    ui.add_space(4.0);
    badge::compact_badge_ui(ui, "public_badge", changed, Emphasis::Featured, cx, actions);
}
