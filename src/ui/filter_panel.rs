//! The filter panel on the left: search, time span, type patterns, and the event types
//! grouped by category with a check box and a count each.

use egui::{RichText, TextEdit, Ui};

use super::theme;
use super::widgets::{MAX_TYPE_CHARS, chip_ui, printable};
use crate::model::{
    EventCategory, EventType, TimeRange, Timestamp, ViewFilter, format_timestamp, parse_timestamp,
};

/// The id of the search box, so that `/` can focus it.
pub fn search_id() -> egui::Id {
    egui::Id::unique("timeline-search")
}

/// The filter panel. Edits the app's [`ViewFilter`] in place and says when it changed.
#[derive(Debug, Default)]
pub struct FilterPanel {
    /// What the user is typing in the custom range fields, until it parses.
    since_text: String,
    until_text: String,
}

/// What the panel needs besides the filter: the types the timeline holds, with counts.
pub struct FilterInput<'a> {
    pub type_counts: &'a [(EventType, usize)],
    pub now: Timestamp,
}

impl FilterPanel {
    /// Draws the panel; returns whether the filter changed.
    pub fn ui(&mut self, ui: &mut Ui, filter: &mut ViewFilter, input: &FilterInput<'_>) -> bool {
        let before = filter.clone();
        search_ui(ui, filter);
        ui.separator();
        self.time_ui(ui, filter, input.now);
        ui.separator();
        patterns_ui(ui, filter);
        ui.add_space(4.0);
        types_ui(ui, filter, input.type_counts);
        ui.separator();
        if ui
            .add_enabled(filter.is_active(), egui::Button::new("Reset filters"))
            .clicked()
        {
            *filter = ViewFilter::default();
            self.since_text.clear();
            self.until_text.clear();
        }
        *filter != before
    }

    fn time_ui(&mut self, ui: &mut Ui, filter: &mut ViewFilter, now: Timestamp) {
        ui.label(RichText::new("Time").strong());
        ui.horizontal_wrapped(|ui| {
            for preset in TimeRange::PRESETS {
                if ui
                    .selectable_label(filter.range == preset, preset.label())
                    .clicked()
                {
                    filter.range = preset;
                }
            }
        });
        if let TimeRange::Custom { since, until } = filter.range
            && self.since_text.is_empty()
            && self.until_text.is_empty()
        {
            self.since_text = since.map(format_timestamp).unwrap_or_default();
            self.until_text = until.map(format_timestamp).unwrap_or_default();
        }
        let since = time_field_ui(ui, "From", &mut self.since_text);
        let until = time_field_ui(ui, "To", &mut self.until_text);
        if since.changed || until.changed {
            filter.range = match (since.time, until.time) {
                (None, None) => TimeRange::All,
                (since, until) => TimeRange::Custom { since, until },
            };
        }
        let (since, until) = filter.range.bounds(now);
        if since.is_some() || until.is_some() {
            ui.weak(format!(
                "{} to {}",
                since.map_or_else(|| "start".to_owned(), format_timestamp),
                until.map_or_else(|| "now".to_owned(), format_timestamp)
            ));
        }
    }
}

fn search_ui(ui: &mut Ui, filter: &mut ViewFilter) {
    let label = ui.label(RichText::new("Search").strong());
    let search = TextEdit::singleline(&mut filter.search)
        .id(search_id())
        .hint_text("name, email, template, id…  ( / )")
        .desired_width(f32::INFINITY);
    ui.add(search).labelled_by(label.id);
}

struct TimeField {
    changed: bool,
    time: Option<Timestamp>,
}

/// A text field for an RFC 3339 time; the time counts once it parses (or is emptied).
fn time_field_ui(ui: &mut Ui, label: &str, text: &mut String) -> TimeField {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        let edit = TextEdit::singleline(text)
            .hint_text("YYYY-MM-DDThh:mm:ssZ")
            .desired_width(170.0);
        let response = ui.add(edit).labelled_by(label.id);
        let time = parse_timestamp(text);
        let valid = text.trim().is_empty() || time.is_some();
        if !valid {
            ui.colored_label(ui.visuals().error_fg_color, "?")
                .on_hover_text("Not an RFC 3339 time");
        }
        TimeField {
            changed: response.changed() && valid,
            time,
        }
    })
    .inner
}

fn patterns_ui(ui: &mut Ui, filter: &mut ViewFilter) {
    ui.label(RichText::new("Types").strong());
    ui.horizontal(|ui| {
        let label = ui.label("Patterns");
        let edit = TextEdit::singleline(&mut filter.patterns)
            .hint_text("badge.*, user.account_merged")
            .desired_width(f32::INFINITY);
        ui.add(edit).labelled_by(label.id);
    });
}

/// The types grouped by category: a check box per type, with its count; a category's
/// header ticks or unticks all of its types.
fn types_ui(ui: &mut Ui, filter: &mut ViewFilter, type_counts: &[(EventType, usize)]) {
    for category in EventCategory::ALL {
        let types: Vec<&(EventType, usize)> = type_counts
            .iter()
            .filter(|(event_type, _)| event_type.category() == category)
            .collect();
        if types.is_empty() {
            continue;
        }
        let total: usize = types.iter().map(|(_, count)| count).sum();
        egui::CollapsingHeader::new(format!("{} ({total})", category.label()))
            .id_salt(("filter-category", category))
            .default_open(true)
            .show(ui, |ui| {
                category_toggle_ui(ui, filter, &types);
                for (event_type, count) in types {
                    type_checkbox_ui(ui, filter, event_type, *count, category);
                }
            });
    }
}

fn category_toggle_ui(ui: &mut Ui, filter: &mut ViewFilter, types: &[&(EventType, usize)]) {
    let all_shown = types
        .iter()
        .all(|(t, _)| !filter.hidden_types.contains(t.as_str()));
    ui.horizontal(|ui| {
        if ui
            .small_button(if all_shown { "Hide all" } else { "Show all" })
            .clicked()
        {
            for (event_type, _) in types {
                if all_shown {
                    filter.hidden_types.insert(event_type.as_str().to_owned());
                } else {
                    filter.hidden_types.remove(event_type.as_str());
                }
            }
        }
    });
}

fn type_checkbox_ui(
    ui: &mut Ui,
    filter: &mut ViewFilter,
    event_type: &EventType,
    count: usize,
    category: EventCategory,
) {
    let name = event_type.as_str();
    let mut shown = !filter.hidden_types.contains(name);
    ui.horizontal(|ui| {
        let label = if name.is_empty() {
            "(no type)".into()
        } else {
            printable(name, MAX_TYPE_CHARS)
        };
        if ui.checkbox(&mut shown, label.as_ref()).changed() {
            if shown {
                filter.hidden_types.remove(name);
            } else {
                filter.hidden_types.insert(name.to_owned());
            }
        }
        chip_ui(ui, &count.to_string(), theme::category_color(category));
        if !event_type.is_known() {
            ui.weak("new")
                .on_hover_text("A type Credly does not document (yet)");
        }
    });
}
