//! The histogram above the timeline: the visible events over time, stacked by category.
//! Dragging across it asks for that span of time.
//!
//! The bins are computed once per change of the visible rows ([`HistogramBins::compute`]),
//! never per frame. Uses only `model` and [`UiAction`].

use chrono::{DateTime, Local, Utc};
use egui::{Id, Ui};
use egui_plot::{Bar, BarChart, HoverPosition, Plot, Span};

use super::{TimeZoneChoice, UiAction, theme};
use crate::model::{EventCategory, TimeRange, Timeline, Timestamp};

/// The most bins drawn; the bin width is the smallest round span that keeps below it.
const MAX_BINS: i64 = 120;

/// Round bin widths, in minutes: 1 min up to 30 days.
const BIN_MINUTES: [i64; 13] = [
    1, 5, 15, 30, 60, 180, 360, 720, 1440, 2880, 10_080, 20_160, 43_200,
];

/// The plot's height in points.
const HEIGHT: f32 = 110.0;

/// A drag narrower than this, in seconds, is taken as a click and ignored.
const MIN_DRAG_SECS: f64 = 1.0;

/// Counts of the visible events per time bin and category.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistogramBins {
    /// Where the first bin starts, in milliseconds since the epoch.
    pub start_ms: i64,
    pub width_ms: i64,
    /// Per bin, oldest first: the counts in the order of [`EventCategory::ALL`].
    pub counts: Vec<[u32; EventCategory::ALL.len()]>,
}

impl HistogramBins {
    /// Bins the events at `positions` (timeline positions, in any order).
    pub fn compute(timeline: &Timeline, positions: &[u32]) -> Self {
        let times = || {
            positions
                .iter()
                .filter_map(|&p| timeline.time_ms_at(p as usize))
        };
        let (Some(first), Some(last)) = (times().min(), times().max()) else {
            return Self::default();
        };
        let width_ms = bin_width_ms(last - first);
        let start_ms = first.div_euclid(width_ms) * width_ms;
        let num_bins = usize::try_from((last - start_ms) / width_ms + 1).unwrap_or(0);
        let mut counts = vec![[0_u32; EventCategory::ALL.len()]; num_bins];
        // The category slot of each interned type, found once rather than per event.
        let slots: Vec<Option<usize>> = timeline
            .interned_types()
            .iter()
            .map(|event_type| {
                EventCategory::ALL
                    .iter()
                    .position(|c| *c == event_type.category())
            })
            .collect();
        for &position in positions {
            let position = position as usize;
            let (Some(time), Some(kind)) = (
                timeline.time_ms_at(position),
                timeline.type_index_at(position),
            ) else {
                continue;
            };
            let bin = usize::try_from((time - start_ms) / width_ms);
            let slot = slots.get(usize::from(kind)).copied().flatten();
            if let (Ok(bin), Some(slot)) = (bin, slot)
                && let Some(count) = counts.get_mut(bin).and_then(|bin| bin.get_mut(slot))
            {
                *count += 1;
            }
        }
        Self {
            start_ms,
            width_ms,
            counts,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The stacked bars of one category (the `slot` of [`EventCategory::ALL`]).
    #[expect(
        clippy::cast_precision_loss,
        reason = "times and counts are far below 2^52"
    )]
    fn bars_of(&self, slot: usize) -> Vec<Bar> {
        let width_secs = self.width_ms as f64 / 1000.0;
        (0_i64..)
            .zip(&self.counts)
            .map(|(index, bin)| {
                let start = (self.start_ms + index * self.width_ms) as f64 / 1000.0;
                let count = bin.get(slot).copied().unwrap_or(0);
                Bar::new(start + width_secs / 2.0, f64::from(count)).width(width_secs)
            })
            .collect()
    }
}

/// The smallest round bin width that keeps `span_ms` within [`MAX_BINS`] bins.
fn bin_width_ms(span_ms: i64) -> i64 {
    BIN_MINUTES
        .iter()
        .map(|minutes| minutes * 60_000)
        .find(|width| span_ms / width < MAX_BINS)
        .unwrap_or_else(|| (span_ms / MAX_BINS).max(1))
}

/// The histogram's view: stateless; the drag in progress lives in egui's memory.
pub struct HistogramView;

impl HistogramView {
    pub fn ui(ui: &mut Ui, bins: &HistogramBins, zone: TimeZoneChoice) -> Vec<UiAction> {
        if bins.is_empty() {
            return Vec::new();
        }
        let drag_id = Id::unique("histogram-drag-start");
        let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.3);
        let drag_start: Option<f64> = ui.data(|data| data.get_temp(drag_id));
        let response = Plot::new("histogram")
            .height(HEIGHT)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_grid([false, true])
            .x_axis_formatter(move |mark, _| format_time(mark.value, zone))
            .label_formatter(move |hover| Some(hover_text(hover, zone)))
            .show(ui, |plot_ui| {
                add_stacked_bars(plot_ui, bins);
                if let (Some(start), Some(pointer)) = (drag_start, plot_ui.pointer_coordinate())
                    && plot_ui.response().dragged()
                {
                    let (low, high) = ordered(start, pointer.x);
                    plot_ui.add(Span::new("Selection", low..=high).fill(fill));
                }
            });
        drag_actions(ui, drag_id, &response)
    }
}

fn add_stacked_bars(plot_ui: &mut egui_plot::PlotUi<'_>, bins: &HistogramBins) {
    let mut charts: Vec<BarChart> = Vec::new();
    for (slot, category) in EventCategory::ALL.into_iter().enumerate() {
        if bins
            .counts
            .iter()
            .all(|bin| bin.get(slot).copied().unwrap_or(0) == 0)
        {
            continue;
        }
        let below: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(category.label(), bins.bars_of(slot))
            .color(theme::category_color(category))
            .stack_on(&below);
        charts.push(chart);
    }
    for chart in charts {
        plot_ui.bar_chart(chart);
    }
}

/// Remembers where a drag started and turns a finished drag into a time range.
fn drag_actions(ui: &Ui, drag_id: Id, response: &egui_plot::PlotResponse<()>) -> Vec<UiAction> {
    let plot = &response.response;
    let pointer_x = || {
        plot.interact_pointer_pos()
            .map(|pos| response.transform.value_from_position(pos).x)
    };
    if plot.drag_started()
        && let Some(x) = pointer_x()
    {
        ui.data_mut(|data| data.insert_temp(drag_id, x));
    }
    if !plot.drag_stopped() {
        return Vec::new();
    }
    let start: Option<f64> = ui.data_mut(|data| data.remove_temp(drag_id));
    let (Some(start), Some(end)) = (start, pointer_x()) else {
        return Vec::new();
    };
    let (low, high) = ordered(start, end);
    if high - low < MIN_DRAG_SECS {
        return Vec::new();
    }
    vec![UiAction::SetTimeRange(TimeRange::Custom {
        since: timestamp_of(low),
        until: timestamp_of(high),
    })]
}

fn hover_text(hover: &HoverPosition<'_>, zone: TimeZoneChoice) -> String {
    match hover {
        HoverPosition::NearDataPoint {
            plot_name,
            position,
            ..
        } => {
            format!("{plot_name}: {:.0}", position.y)
        }
        HoverPosition::Elsewhere { position } => format_time(position.x, zone),
    }
}

fn ordered(a: f64, b: f64) -> (f64, f64) {
    if a <= b { (a, b) } else { (b, a) }
}

#[expect(
    clippy::cast_possible_truncation,
    reason = "plot times are seconds since the epoch"
)]
fn timestamp_of(secs: f64) -> Option<Timestamp> {
    DateTime::from_timestamp_millis((secs * 1000.0).round() as i64)
}

fn format_time(secs: f64, zone: TimeZoneChoice) -> String {
    let Some(time) = timestamp_of(secs) else {
        return String::new();
    };
    match zone {
        TimeZoneChoice::Utc => time.with_timezone(&Utc).format("%b %d %H:%M").to_string(),
        TimeZoneChoice::Local => time.with_timezone(&Local).format("%b %d %H:%M").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::Event;

    fn event(id: &str, event_type: &str, at: &str) -> Event {
        Event::from_json(json!({"id": id, "event_type": event_type, "occurred_at": at})).unwrap()
    }

    #[test]
    fn bins_count_each_category_in_its_time_slot() {
        let mut timeline = Timeline::new();
        timeline.insert_many(&[
            event("a", "badge.created", "2024-01-01T00:00:10Z"),
            event("b", "badge.created", "2024-01-01T00:00:50Z"),
            event("c", "user.deleted", "2024-01-01T00:03:00Z"),
            event("d", "employment.created", "2024-01-01T00:09:59Z"),
        ]);
        let positions: Vec<u32> = (0..4).rev().collect();
        let bins = HistogramBins::compute(&timeline, &positions);
        assert_eq!(bins.width_ms, 60_000);
        assert_eq!(bins.counts.len(), 10);
        assert_eq!(bins.counts.first().unwrap(), &[2, 0, 0, 0, 0, 0]);
        assert_eq!(bins.counts.get(3).unwrap(), &[0, 0, 0, 1, 0, 0]);
        assert_eq!(bins.counts.last().unwrap(), &[0, 0, 0, 0, 1, 0]);
        let total: u32 = bins.counts.iter().flatten().sum();
        assert_eq!(total, 4);
    }

    #[test]
    fn bin_widths_are_round_and_few() {
        let cases = [
            (0, 60_000),
            (60 * 60_000, 60_000),
            (24 * 3_600_000, 15 * 60_000),
            (365 * 24 * 3_600_000, 7 * 24 * 3_600_000),
        ];
        for (span, width) in cases {
            assert_eq!(bin_width_ms(span), width, "span {span}");
        }
    }

    #[test]
    fn nothing_visible_gives_no_bins() {
        assert!(HistogramBins::compute(&Timeline::new(), &[]).is_empty());
    }
}
