//! The notifications menu of the top bar: which event types raise a desktop notification.
//!
//! Uses only `model` and [`UiAction`]; the app sends the notifications.

use std::collections::BTreeSet;

use egui::Ui;

use super::UiAction;
use crate::model::EventType;

/// A menu button listing the known event types with a tick each; `chosen` holds the names
/// of the types that notify.
pub fn notify_menu_ui(
    ui: &mut Ui,
    known: &[(EventType, usize)],
    chosen: &BTreeSet<String>,
) -> Vec<UiAction> {
    let mut actions = Vec::new();
    let title = if chosen.is_empty() {
        "Notify: off".to_owned()
    } else {
        format!("Notify: {}", chosen.len())
    };
    let button = ui.menu_button(title, |ui| {
        ui.label("Notify me of new events of these types:");
        ui.separator();
        if known.is_empty() {
            ui.weak("No events yet");
        }
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                for (event_type, _) in known {
                    let name = event_type.as_str();
                    let mut notify = chosen.contains(name);
                    if ui.checkbox(&mut notify, name).changed() {
                        actions.push(UiAction::SetNotify {
                            event_type: name.to_owned(),
                            notify,
                        });
                    }
                }
            });
    });
    button.response.on_hover_text("Desktop notifications");
    actions
}
