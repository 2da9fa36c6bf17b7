//! The rows the timeline shows: the filter applied to the timeline, and the search results.

use std::collections::HashSet;
use std::sync::Arc;

use crate::model::{EventId, EventType, Timeline, Timestamp, ViewFilter};
use crate::ui::{HistogramBins, TimeZoneChoice, TimelineLine, timeline_lines};

/// Timelines of at least this many events are re-filtered on a background thread: from
/// about here a re-filter takes longer than a frame should (about 1 ms per 100,000 events).
pub const BACKGROUND_REFILTER_MIN_EVENTS: usize = 100_000;

/// Everything a re-filter reads, owned so that it can run on another thread.
#[derive(Clone, Debug)]
pub struct ViewInput {
    pub timeline: Arc<Timeline>,
    pub filter: ViewFilter,
    /// The search results, when a search is active.
    pub search: Option<Arc<HashSet<EventId>>>,
    pub zone: TimeZoneChoice,
    pub now: Timestamp,
}

impl ViewInput {
    pub fn compute(&self) -> VisibleRows {
        VisibleRows::compute(
            &self.timeline,
            &self.filter,
            self.search.as_deref(),
            self.zone,
            self.now,
        )
    }
}

/// The filtered timeline, newest first, recomputed only when the timeline or the filter
/// changes.
#[derive(Debug, Default)]
pub struct VisibleRows {
    /// Timeline positions shown, newest first.
    pub positions: Vec<u32>,
    pub lines: Vec<TimelineLine>,
    pub type_counts: Vec<(EventType, usize)>,
    /// The visible events over time, for the histogram.
    pub histogram: HistogramBins,
}

impl VisibleRows {
    /// Applies `filter` (and the search results, when a search is active) to `timeline`.
    pub fn compute(
        timeline: &Timeline,
        filter: &ViewFilter,
        search: Option<&HashSet<EventId>>,
        zone: TimeZoneChoice,
        now: Timestamp,
    ) -> Self {
        let type_counts: Vec<(EventType, usize)> = timeline
            .type_counts()
            .into_iter()
            .map(|(t, count)| (t.clone(), count))
            .collect();
        let known = type_counts.iter().map(|(event_type, _)| event_type);
        let mut positions: Vec<u32> = match filter.to_filter(known, now) {
            None => Vec::new(),
            Some(model_filter) => timeline
                .positions_matching(&model_filter)
                .into_iter()
                .rev()
                .filter_map(|position| u32::try_from(position).ok())
                .collect(),
        };
        if let Some(found) = search {
            // A flag per timeline position: one look-up per visible row.
            let is_found = timeline.position_flags(found.iter().map(EventId::as_str));
            positions.retain(|&position| is_found.get(position as usize).copied().unwrap_or(false));
        }
        let lines = timeline_lines(timeline, &positions, zone);
        let histogram = HistogramBins::compute(timeline, &positions);
        Self {
            positions,
            lines,
            type_counts,
            histogram,
        }
    }

    /// The line that shows this timeline position.
    pub fn line_of(&self, position: u32) -> Option<usize> {
        self.lines
            .iter()
            .position(|line| *line == TimelineLine::Event(position))
    }
}
