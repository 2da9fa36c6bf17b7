//! The header of the detail panel: type chip, times and event id.

use egui::{RichText, Ui};

use crate::model::Event;
use crate::ui::UiAction;
use crate::ui::theme;
use crate::ui::widgets::{self, DisplayContext};

pub(super) fn header_ui(
    ui: &mut Ui,
    event: &Event,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let category = event.event_type.category();
    ui.horizontal_wrapped(|ui| {
        let type_name = widgets::printable(event.event_type.as_str(), widgets::MAX_TYPE_CHARS);
        widgets::large_chip_ui(
            ui,
            widgets::or_dash(Some(&type_name)),
            theme::category_color(category),
        )
        .on_hover_text(category.label());
        if !event.event_type.is_known() {
            ui.weak("(a type Credly did not document)");
        }
    });

    widgets::fields_ui(ui, "detail_header", |ui| {
        widgets::time_field_ui(ui, "Occurred", Some(event.occurred_at), cx);
        if event.delivered_at.is_some() {
            widgets::time_field_ui(ui, "Delivered", event.delivered_at, cx);
        }
        widgets::field_with_ui(ui, "Event id", |ui| {
            let id = widgets::printable(event.id.as_str(), widgets::MAX_ID_CHARS);
            ui.label(RichText::new(id).monospace());
            widgets::copy_button_ui(ui, "Copy id", event.id.as_str(), actions);
        });
    });
}
