//! The top bar: the profile switcher with its environment marker, the sync status, and the
//! buttons that act on syncing and exporting.

use chrono::{Local, Utc};
use egui::{RichText, Ui};

use super::widgets::{TimeZoneChoice, chip_ui, relative_time};
use super::{UiAction, theme};
use crate::model::Timestamp;

/// How polling stands, as the top bar shows it. The app derives it from the sync worker's
/// status, so that `ui` needs nothing of `sync`.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncLine {
    Idle(String),
    Busy(String),
    Waiting {
        last_poll: Timestamp,
        next_poll: Timestamp,
    },
    Paused,
    Problem(String),
}

/// One profile as the switcher lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileEntry {
    pub name: String,
    pub is_production: bool,
}

pub struct TopBarInput<'a> {
    pub profiles: &'a [ProfileEntry],
    pub active: Option<&'a ProfileEntry>,
    pub is_demo: bool,
    pub sync: &'a SyncLine,
    pub paused: bool,
    pub zone: TimeZoneChoice,
    pub now: Timestamp,
    pub show_histogram: bool,
    /// The event types the timeline holds, for the notifications menu.
    pub known_types: &'a [(crate::model::EventType, usize)],
    /// The names of the types that raise a desktop notification.
    pub notify_types: &'a std::collections::BTreeSet<String>,
}

pub struct TopBar;

impl TopBar {
    pub fn ui(ui: &mut Ui, input: &TopBarInput<'_>) -> Vec<UiAction> {
        let mut actions = Vec::new();
        ui.horizontal_centered(|ui| {
            ui.heading("Credly Monitor");
            ui.separator();
            profile_ui(ui, input, &mut actions);
            ui.separator();
            sync_line_ui(ui, input.sync, input.now);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                buttons_ui(ui, input, &mut actions);
            });
        });
        actions
    }
}

fn profile_ui(ui: &mut Ui, input: &TopBarInput<'_>, actions: &mut Vec<UiAction>) {
    if input.is_demo {
        chip_ui(
            ui,
            "DEMO",
            theme::category_color(crate::model::EventCategory::User),
        );
        ui.label("Demo organization (built-in server)");
        return;
    }
    if let Some(active) = input.active
        && active.is_production
    {
        chip_ui(ui, "PRODUCTION", theme::PRODUCTION);
    }
    let selected = input
        .active
        .map_or("No profile", |profile| profile.name.as_str());
    let label = ui.label("Profile");
    let switcher = egui::ComboBox::from_id_salt("profile-switcher").selected_text(selected);
    let shown = switcher.show_ui(ui, |ui| {
        for profile in input.profiles {
            let text = if profile.is_production {
                RichText::new(format!("{} (production)", profile.name)).color(theme::PRODUCTION)
            } else {
                RichText::new(&profile.name)
            };
            let is_active = input
                .active
                .is_some_and(|active| active.name == profile.name);
            if ui.selectable_label(is_active, text).clicked() && !is_active {
                actions.push(UiAction::SwitchProfile(profile.name.clone()));
            }
        }
    });
    shown.response.labelled_by(label.id);
    if ui.button("Sign in…").clicked() {
        actions.push(UiAction::OpenSignIn);
    }
}

fn sync_line_ui(ui: &mut Ui, sync: &SyncLine, now: Timestamp) {
    match sync {
        SyncLine::Idle(text) => {
            ui.weak(text);
        }
        SyncLine::Busy(text) => {
            ui.spinner();
            ui.label(text);
        }
        SyncLine::Waiting {
            last_poll,
            next_poll,
        } => {
            let next_in = (*next_poll - now).num_seconds().max(0);
            ui.label(format!(
                "Synced {} · next poll in {next_in} s",
                relative_time(*last_poll, now)
            ))
            .on_hover_text(format!(
                "Last poll {} (UTC {})",
                last_poll.with_timezone(&Local).format("%H:%M:%S"),
                last_poll.with_timezone(&Utc).format("%H:%M:%S")
            ));
        }
        SyncLine::Paused => {
            ui.colored_label(theme::CHANGED, "Paused");
        }
        SyncLine::Problem(text) => {
            ui.colored_label(ui.visuals().error_fg_color, text);
        }
    }
}

fn buttons_ui(ui: &mut Ui, input: &TopBarInput<'_>, actions: &mut Vec<UiAction>) {
    if ui.button("Export…").clicked() {
        actions.push(UiAction::OpenExport);
    }
    actions.extend(super::notify_menu::notify_menu_ui(
        ui,
        input.known_types,
        input.notify_types,
    ));
    let mut show_histogram = input.show_histogram;
    let histogram = ui.toggle_value(&mut show_histogram, "Histogram");
    if histogram
        .on_hover_text("Show the events over time")
        .changed()
    {
        actions.push(UiAction::ShowHistogram(show_histogram));
    }
    let mut utc = input.zone == TimeZoneChoice::Utc;
    if ui
        .toggle_value(&mut utc, "UTC")
        .on_hover_text("Show times in UTC")
        .changed()
    {
        actions.push(UiAction::SetUtc(utc));
    }
    let pause_text = if input.paused { "Resume" } else { "Pause" };
    if ui.button(pause_text).clicked() {
        actions.push(UiAction::SetPaused(!input.paused));
    }
    if ui
        .add_enabled(!input.paused, egui::Button::new("Poll now"))
        .clicked()
    {
        actions.push(UiAction::PollNow);
    }
}
