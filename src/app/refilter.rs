//! Keeping the visible rows in step with the timeline and the filter.
//!
//! A small timeline is re-filtered at once, in the frame that changed it. From
//! [`BACKGROUND_REFILTER_MIN_EVENTS`] on, a re-filter takes longer than a frame should, so
//! it runs on a thread of its own: the window goes on drawing the timeline and rows it has,
//! which always belong together, while changes to the timeline (new events, summaries, a
//! loaded cache) wait in a queue. The thread applies them to a copy, computes the rows from
//! it, and hands both back to be swapped in at once.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError};

use chrono::Utc;

use super::view::{BACKGROUND_REFILTER_MIN_EVENTS, ViewInput, VisibleRows};
use super::{CredlyApp, zone_of};
use crate::model::{Event, EventId, Timeline};
use crate::ui::ROW_PITCH;

/// A change to the timeline, applied at once or by the next background re-filter.
pub(super) enum TimelineChange {
    Replace(Box<Timeline>),
    Insert(Vec<Event>),
    Summary(EventId, String),
}

/// Applies `changes` to `timeline`; returns how many events they added.
fn apply_changes(timeline: &mut Timeline, changes: Vec<TimelineChange>) -> usize {
    let mut num_inserted = 0;
    for change in changes {
        match change {
            TimelineChange::Replace(replacement) => *timeline = *replacement,
            TimelineChange::Insert(events) => num_inserted += timeline.insert_many(&events),
            TimelineChange::Summary(id, line) => {
                timeline.set_summary(id.as_str(), Some(&line));
            }
        }
    }
    num_inserted
}

/// One re-filter for the background thread.
struct Work {
    input: ViewInput,
    changes: Vec<TimelineChange>,
    repaint: egui::Context,
}

/// What the background thread hands back: the timeline with the changes applied, the rows
/// computed from it, and how many events the changes added.
struct Refiltered {
    timeline: Arc<Timeline>,
    visible: VisibleRows,
    num_inserted: usize,
}

impl Work {
    fn run(self) -> Refiltered {
        let Work { input, changes, .. } = self;
        let (timeline, num_inserted) = if changes.is_empty() {
            (Arc::clone(&input.timeline), 0)
        } else {
            // The window still draws the shared timeline: change a copy, made here rather
            // than on the UI thread. A replacement makes the copy moot.
            let replaces = changes
                .iter()
                .any(|change| matches!(change, TimelineChange::Replace(_)));
            let mut timeline = if replaces {
                Timeline::new()
            } else {
                (*input.timeline).clone()
            };
            let num_inserted = apply_changes(&mut timeline, changes);
            (Arc::new(timeline), num_inserted)
        };
        let visible = ViewInput {
            timeline: Arc::clone(&timeline),
            ..input
        }
        .compute();
        Refiltered {
            timeline,
            visible,
            num_inserted,
        }
    }
}

/// The background thread, started on first need; it ends when this is dropped.
pub(super) struct Refilterer {
    work: SyncSender<Work>,
    results: Receiver<Refiltered>,
    busy: bool,
}

impl Refilterer {
    fn start() -> std::io::Result<Self> {
        let (work, work_in) = std::sync::mpsc::sync_channel::<Work>(1);
        let (results_out, results) = std::sync::mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("refilter".to_owned())
            .spawn(move || {
                for work in work_in {
                    let repaint = work.repaint.clone();
                    if results_out.send(work.run()).is_err() {
                        return;
                    }
                    // After the send, so that the frame it wakes finds the result.
                    repaint.request_repaint();
                }
            })?;
        Ok(Self {
            work,
            results,
            busy: false,
        })
    }
}

impl CredlyApp {
    /// Whether timeline changes wait for the next background re-filter.
    fn defers_changes(&self) -> bool {
        self.refilterer.as_ref().is_some_and(|r| r.busy)
            || self.timeline.len() >= BACKGROUND_REFILTER_MIN_EVENTS
    }

    /// Changes the timeline now, or queues the change for the background re-filter. Returns
    /// how many events it added when it was applied now.
    pub(super) fn change_timeline(&mut self, change: TimelineChange) -> Option<usize> {
        self.needs_refilter = true;
        if self.defers_changes() {
            self.pending_changes.push(change);
            return None;
        }
        Some(apply_changes(
            Arc::make_mut(&mut self.timeline),
            vec![change],
        ))
    }

    /// Keeps the rows of the user's view where they are when `num_new` events were added
    /// above them, and counts those events for the "new events" pill: when the user has
    /// scrolled away from the newest, or points at a row (which must not move under the
    /// pointer just before a click).
    pub(super) fn note_rows_added(&mut self, num_new: usize) {
        let holds_still = self.scroll.offset > 1.0 || self.scroll.is_hovered;
        if num_new == 0 || !holds_still {
            return;
        }
        self.scroll.num_new += num_new;
        // The new rows (and perhaps a day separator) go above: scroll down as far.
        #[expect(clippy::cast_precision_loss, reason = "row counts are far below 2^24")]
        let shift = num_new as f32 * ROW_PITCH;
        self.scroll.set_offset = Some(self.scroll.offset + shift);
    }

    /// Applies the queued changes and recomputes the visible rows now, if anything changed.
    /// Tests call this; frames go through [`Self::refresh_view_in_frame`].
    pub fn refresh_view(&mut self) {
        if !self.needs_refilter {
            return;
        }
        self.needs_refilter = false;
        let changes = std::mem::take(&mut self.pending_changes);
        // Without changes the shared timeline is only read: no copy.
        let num_inserted = if changes.is_empty() {
            0
        } else {
            apply_changes(Arc::make_mut(&mut self.timeline), changes)
        };
        self.visible = self.view_input().compute();
        self.note_rows_added(num_inserted);
    }

    /// Recomputes the visible rows when needed: at once for a small timeline, on the
    /// background thread for a large one, so that no frame waits on re-filtering.
    pub(super) fn refresh_view_in_frame(&mut self, ctx: &egui::Context) {
        self.take_refiltered();
        let busy = self.refilterer.as_ref().is_some_and(|r| r.busy);
        if busy || !self.needs_refilter {
            return;
        }
        if self.timeline.len() < BACKGROUND_REFILTER_MIN_EVENTS && self.pending_changes.is_empty() {
            return self.refresh_view();
        }
        let work = Work {
            input: self.view_input(),
            changes: std::mem::take(&mut self.pending_changes),
            repaint: ctx.clone(),
        };
        let refilterer = match self.refilterer.take().map_or_else(Refilterer::start, Ok) {
            Ok(refilterer) => self.refilterer.insert(refilterer),
            Err(err) => {
                tracing::warn!(%err, "no re-filter thread: re-filtering in the frame");
                return self.refilter_here(work);
            }
        };
        match refilterer.work.try_send(work) {
            Ok(()) => {
                refilterer.busy = true;
                self.needs_refilter = false;
            }
            Err(err) => {
                // The thread is gone: do the work here.
                let (std::sync::mpsc::TrySendError::Full(work)
                | std::sync::mpsc::TrySendError::Disconnected(work)) = err;
                self.refilterer = None;
                self.refilter_here(work);
            }
        }
    }

    /// Does on the UI thread the work the background thread could not take.
    fn refilter_here(&mut self, work: Work) {
        let Work { input, changes, .. } = work;
        // Its share of the timeline goes first, so that applying the changes copies nothing.
        drop(input);
        self.pending_changes = changes;
        self.refresh_view();
    }

    /// Swaps in what the background thread finished, if it did.
    fn take_refiltered(&mut self) {
        let Some(refilterer) = self.refilterer.as_mut().filter(|r| r.busy) else {
            return;
        };
        match refilterer.results.try_recv() {
            Ok(done) => {
                refilterer.busy = false;
                self.timeline = done.timeline;
                self.visible = done.visible;
                self.note_rows_added(done.num_inserted);
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => {
                // Only a panic ends the thread while it works; the changes it held are in
                // the cache, and the next start reads them back.
                tracing::error!("the re-filter thread ended: re-filtering in the frame");
                self.refilterer = None;
                self.needs_refilter = true;
            }
        }
    }

    /// What a re-filter reads, shared or copied so that it can run on another thread.
    fn view_input(&self) -> ViewInput {
        ViewInput {
            timeline: Arc::clone(&self.timeline),
            filter: self.prefs.filter.clone(),
            search: self
                .search
                .results
                .clone()
                .filter(|_| self.prefs.filter.search_query().is_some()),
            zone: zone_of(&self.prefs),
            now: Utc::now(),
        }
    }
}
