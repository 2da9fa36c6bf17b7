//! The timeline in the centre: one row per event, newest first, with day separators. Only the
//! visible rows are laid out, so a million events scroll as smoothly as a hundred.

use chrono::{Local, NaiveDate, Utc};
use egui::{Align, Color32, Label, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::widgets::{MAX_TYPE_CHARS, TimeZoneChoice, chip_ui, printable};
use super::{UiAction, theme};
use crate::model::{EventId, Timeline, TimelineRow};

/// Longest summary or id a row shows; the column is narrower than this anyway.
const MAX_SUMMARY_CHARS: usize = 300;

/// The height of every row, separators included: equal heights let the table skip the
/// rows it does not show.
pub const ROW_HEIGHT: f32 = 22.0;

/// The gap between rows.
const ROW_SPACING: f32 = 3.0;

/// From the top of one row to the top of the next: how far a row moves when one is added
/// above it.
pub const ROW_PITCH: f32 = ROW_HEIGHT + ROW_SPACING;

/// One line of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineLine {
    /// The day the events below it occurred, in the zone shown.
    Day(NaiveDate),
    /// The event at this timeline position.
    Event(u32),
}

/// Builds the lines for `positions` (newest first): a day separator before each new day.
pub fn timeline_lines(
    timeline: &Timeline,
    positions: &[u32],
    zone: TimeZoneChoice,
) -> Vec<TimelineLine> {
    let mut lines = Vec::with_capacity(positions.len() + positions.len() / 20 + 1);
    // The day shown last and its span in milliseconds: most events fall in the same day as
    // the one before, so the calendar is consulted only when an event leaves the span.
    let mut current: Option<(NaiveDate, std::ops::Range<i64>)> = None;
    for &position in positions {
        let Some(time_ms) = timeline.time_ms_at(position as usize) else {
            continue;
        };
        if !current
            .as_ref()
            .is_some_and(|(_, span)| span.contains(&time_ms))
        {
            let Some(day) = day_span(time_ms, zone) else {
                continue;
            };
            lines.push(TimelineLine::Day(day.0));
            current = Some(day);
        }
        lines.push(TimelineLine::Event(position));
    }
    lines
}

/// The day of a time in the zone shown, and that day's span in milliseconds.
fn day_span(time_ms: i64, zone: TimeZoneChoice) -> Option<(NaiveDate, std::ops::Range<i64>)> {
    let time = chrono::DateTime::from_timestamp_millis(time_ms)?;
    let (day, start, end) = match zone {
        TimeZoneChoice::Local => {
            let day = time.with_timezone(&Local).date_naive();
            let start = day
                .and_hms_opt(0, 0, 0)?
                .and_local_timezone(Local)
                .earliest()?;
            let end = day
                .succ_opt()?
                .and_hms_opt(0, 0, 0)?
                .and_local_timezone(Local)
                .earliest()?;
            (day, start.timestamp_millis(), end.timestamp_millis())
        }
        TimeZoneChoice::Utc => {
            let day = time.date_naive();
            let start = day.and_hms_opt(0, 0, 0)?.and_utc();
            let end = day.succ_opt()?.and_hms_opt(0, 0, 0)?.and_utc();
            (day, start.timestamp_millis(), end.timestamp_millis())
        }
    };
    Some((day, start..end))
}

/// What the view shows this frame.
pub struct TimelineInput<'a> {
    pub timeline: &'a Timeline,
    pub lines: &'a [TimelineLine],
    pub selected: Option<&'a EventId>,
    pub zone: TimeZoneChoice,
    /// A line to bring into view this frame.
    pub scroll_to_line: Option<usize>,
    /// Scroll to this offset this frame (to keep rows still when new ones arrive above).
    pub scroll_offset: Option<f32>,
}

/// What the view tells the app after a frame.
#[derive(Debug, Default)]
pub struct TimelineOutput {
    pub actions: Vec<UiAction>,
    /// How far the user has scrolled down from the newest event, in points.
    pub scroll_offset: f32,
    /// Whether the pointer is over the rows: new events must not move them then.
    pub hovered: bool,
}

/// The timeline view.
pub struct TimelineView;

impl TimelineView {
    pub fn ui(ui: &mut Ui, input: &TimelineInput<'_>) -> TimelineOutput {
        let mut output = TimelineOutput {
            hovered: ui.rect_contains_pointer(ui.available_rect_before_wrap()),
            ..TimelineOutput::default()
        };
        if input.lines.is_empty() {
            ui.centered_and_justified(|ui| {
                ui.weak("No events match. Widen the filters, or wait for the next poll.");
            });
            return output;
        }

        ui.spacing_mut().item_spacing.y = ROW_SPACING;
        let mut table = TableBuilder::new(ui)
            .id_salt("timeline-table")
            .striped(true)
            .sense(Sense::click())
            .cell_layout(egui::Layout::left_to_right(Align::Center))
            .column(Column::exact(78.0))
            .column(Column::exact(215.0))
            .column(Column::remainder().clip(true));
        if let Some(line) = input.scroll_to_line {
            table = table.scroll_to_row(line, None);
        }
        if let Some(offset) = input.scroll_offset {
            table = table.vertical_scroll_offset(offset);
        }
        let scroll = table.body(|body| {
            body.rows(ROW_HEIGHT, input.lines.len(), |mut row| {
                let Some(line) = input.lines.get(row.index()).copied() else {
                    return;
                };
                match line {
                    TimelineLine::Day(day) => {
                        row.col(|ui| {
                            ui.strong(day.format("%a %-d %b").to_string());
                        });
                        row.col(|ui| {
                            ui.strong(day.format("%Y").to_string());
                        });
                        row.col(|_| {});
                    }
                    TimelineLine::Event(position) => {
                        let Some(event) = input.timeline.get(position as usize) else {
                            return;
                        };
                        let selected = input.selected.is_some_and(|id| id.as_str() == event.id);
                        row.set_selected(selected);
                        event_cells(&mut row, &event, input.zone);
                        if row.response().clicked() {
                            output
                                .actions
                                .push(UiAction::SelectEvent(EventId::new(event.id)));
                        }
                    }
                }
            });
        });
        output.scroll_offset = scroll.state.clamped_offset().y;
        output
    }
}

fn event_cells(
    row: &mut egui_extras::TableRow<'_, '_>,
    event: &TimelineRow<'_>,
    zone: TimeZoneChoice,
) {
    row.col(|ui| {
        let time = match zone {
            TimeZoneChoice::Local => event
                .occurred_at
                .with_timezone(&Local)
                .format("%H:%M:%S")
                .to_string(),
            TimeZoneChoice::Utc => event
                .occurred_at
                .with_timezone(&Utc)
                .format("%H:%M:%SZ")
                .to_string(),
        };
        ui.add(Label::new(RichText::new(time).monospace()).selectable(false));
    });
    row.col(|ui| {
        let name = printable(event.event_type.as_str(), MAX_TYPE_CHARS);
        let name = if name.is_empty() { "(no type)" } else { &name };
        chip_ui(ui, name, theme::category_color(event.event_type.category()));
    });
    row.col(|ui| {
        let text = match event.summary {
            Some(summary) => RichText::new(printable(summary, MAX_SUMMARY_CHARS)),
            None => RichText::new(printable(event.id, MAX_SUMMARY_CHARS))
                .weak()
                .monospace(),
        };
        ui.add(Label::new(text).truncate().selectable(false));
    });
}

/// The pill that offers to jump to events that arrived while the user looked elsewhere.
pub fn new_events_pill_ui(ui: &mut Ui, num_new: usize) -> bool {
    let text = if num_new == 1 {
        "1 new event".to_owned()
    } else {
        format!("{num_new} new events")
    };
    let button = egui::Button::new(RichText::new(text).color(Color32::WHITE).strong())
        .fill(theme::category_color(crate::model::EventCategory::Badge))
        .corner_radius(12.0);
    ui.add(button).clicked()
}
