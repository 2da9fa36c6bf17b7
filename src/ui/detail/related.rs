//! Related events (same badge, template, employee or user) as a small clickable timeline,
//! and what changed since the previous one.

use egui::{RichText, Sense, Ui, vec2};

use super::diff::changed_fields;
use super::{DetailInput, DetailState};
use crate::model::Event;
use crate::ui::widgets::{self, DisplayContext};
use crate::ui::{RelatedSubject, UiAction, theme};

/// The most rows the small timeline lists, centred on the selected event.
const MAX_ROWS: usize = 40;

pub(super) fn related_ui(
    ui: &mut Ui,
    input: &DetailInput<'_>,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let subjects = match input.state {
        DetailState::Loaded(detail) => RelatedSubject::of(detail),
        _ => Vec::new(),
    };
    let num_others = input
        .related
        .iter()
        .filter(|e| e.id != input.event.id)
        .count();
    if num_others == 0 && input.previous.is_none() && subjects.is_empty() {
        return;
    }

    ui.add_space(12.0);
    ui.separator();
    ui.label(RichText::new("Related events").strong());
    changes_ui(ui, input);
    if num_others == 0 {
        ui.weak("No other events about the same subject are loaded.");
    } else {
        timeline_ui(ui, input, cx, actions);
    }

    ui.horizontal_wrapped(|ui| {
        for subject in subjects {
            let text = format!("All events of {}", subject.describe());
            if ui.small_button(text).clicked() {
                actions.push(UiAction::ShowRelated(subject));
            }
        }
    });
}

fn changes_ui(ui: &mut Ui, input: &DetailInput<'_>) {
    let (Some(previous), DetailState::Loaded(current)) = (input.previous, input.state) else {
        return;
    };
    let changes = changed_fields(previous, current);
    ui.weak("Changed since the previous event:");
    if changes.is_empty() {
        ui.label("Nothing in the compared fields.");
        return;
    }
    egui::Grid::new("detail_changes")
        .num_columns(2)
        .spacing(vec2(12.0, 2.0))
        .show(ui, |ui| {
            for change in changes {
                ui.label(RichText::new(change.field).monospace().weak());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(change.before).strikethrough().weak());
                    ui.label("›");
                    ui.label(RichText::new(change.after).strong());
                });
                ui.end_row();
            }
        });
    ui.add_space(4.0);
}

/// The related events and the selected one, oldest first, at most [`MAX_ROWS`] of them.
fn timeline_ui(
    ui: &mut Ui,
    input: &DetailInput<'_>,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let rows = sorted_rows(input);
    let selected = rows
        .iter()
        .position(|e| e.id == input.event.id)
        .unwrap_or(0);
    let start = selected.saturating_sub(MAX_ROWS / 2);
    let end = rows.len().min(start + MAX_ROWS);

    if start > 0 {
        ui.weak(format!("… {start} earlier"));
    }
    for event in rows.iter().skip(start).take(end - start) {
        row_ui(ui, event, event.id == input.event.id, cx, actions);
    }
    if end < rows.len() {
        ui.weak(format!("… {} later", rows.len() - end));
    }
}

fn sorted_rows<'a>(input: &DetailInput<'a>) -> Vec<&'a Event> {
    let mut rows: Vec<&Event> = input.related.iter().collect();
    if !rows.iter().any(|e| e.id == input.event.id) {
        rows.push(input.event);
    }
    rows.sort_by(|a, b| (a.occurred_at, &a.id).cmp(&(b.occurred_at, &b.id)));
    rows.dedup_by(|a, b| a.id == b.id);
    rows
}

fn row_ui(
    ui: &mut Ui,
    event: &Event,
    is_selected: bool,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
        let color = theme::category_color(event.event_type.category());
        ui.painter().circle_filled(rect.center(), 4.0, color);

        let text = format!(
            "{}  {}",
            widgets::format_time(event.occurred_at, cx.zone),
            widgets::or_dash(Some(event.event_type.as_str()))
        );
        let response = ui.selectable_label(is_selected, text);
        if response.clicked() && !is_selected {
            actions.push(UiAction::SelectEvent(event.id.clone()));
        }
    });
}
