//! The "Raw JSON" tab: the detail (or, until it loads, the list item) as received, as a tree
//! or as pretty text, with a copy button.

use egui::{Label, RichText, Ui};
use serde_json::Value;

use super::{DetailInput, DetailState, RawMode, json_tree};
use crate::ui::UiAction;

/// The most characters the text view lays out: a payload of megabytes would stall the frame.
const MAX_TEXT_CHARS: usize = 200_000;

pub(super) fn raw_ui(
    ui: &mut Ui,
    input: &DetailInput<'_>,
    mode: &mut RawMode,
    actions: &mut Vec<UiAction>,
) {
    let (value, source) = match input.state {
        DetailState::Loaded(detail) => (&detail.raw, "The detail's data object, as received."),
        _ => (
            &input.event.raw,
            "The list item, as received: the details are not loaded.",
        ),
    };

    ui.horizontal(|ui| {
        ui.selectable_value(mode, RawMode::Tree, "Tree");
        ui.selectable_value(mode, RawMode::Text, "Text");
        // Pretty-printing a large payload every frame would be wasteful: only on demand.
        if ui
            .small_button("Copy JSON")
            .on_hover_text("Copy the pretty-printed JSON to the clipboard")
            .clicked()
        {
            actions.push(UiAction::CopyText(pretty(value)));
        }
    });
    ui.weak(source);
    ui.add_space(4.0);

    match mode {
        RawMode::Tree => json_tree::json_tree_ui(ui, "raw_json", value),
        RawMode::Text => {
            let text = pretty(value);
            let shown = crate::model::clip(&text, MAX_TEXT_CHARS);
            if matches!(shown, std::borrow::Cow::Owned(_)) {
                ui.weak(format!(
                    "The first {MAX_TEXT_CHARS} characters are shown. Copy JSON copies all of it."
                ));
            }
            ui.add(Label::new(RichText::new(shown).monospace()).selectable(true));
        }
    }
}

fn pretty(value: &Value) -> String {
    // Serializing a `Value` fails only for a map with non-string keys, which `Value` cannot
    // hold; fall back to the compact form all the same.
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}
