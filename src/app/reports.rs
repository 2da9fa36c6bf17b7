//! Draining the sync worker's reports into the window's state, at the start of each frame.

use std::sync::Arc;

use crate::model::{Event, summary_line};
use crate::sync::WorkerReport;
use crate::ui::DetailState;

use super::CredlyApp;
use super::refilter::TimelineChange;

/// Reports handled per frame at most, so that a burst never stalls a frame.
const MAX_REPORTS_PER_FRAME: usize = 64;

impl CredlyApp {
    pub(super) fn drain_reports(&mut self, ctx: &egui::Context) {
        let mut num_handled = 0;
        while num_handled < MAX_REPORTS_PER_FRAME {
            let Some(report) = self
                .worker
                .as_ref()
                .and_then(crate::sync::SyncWorker::try_recv)
            else {
                return;
            };
            self.apply(report);
            num_handled += 1;
        }
        // More are waiting: come back next frame.
        ctx.request_repaint();
    }

    /// Applies one report; public through [`CredlyApp::apply_report`] for tests.
    fn apply(&mut self, report: WorkerReport) {
        match report {
            WorkerReport::CacheLoaded {
                timeline,
                num_details,
            } => {
                self.change_timeline(TimelineChange::Replace(Box::new(timeline)));
                self.num_details = num_details;
            }
            WorkerReport::CacheRecovered { message, moved_to } => {
                let moved =
                    moved_to.map(|path| format!(" (the old file is at {})", path.display()));
                self.notify(format!("{message}{}", moved.unwrap_or_default()), true);
            }
            WorkerReport::NewEvents(events) => self.add_events(&events),
            WorkerReport::Status(status) => self.status = status,
            WorkerReport::DetailLoaded { id, detail } => {
                if let Some(line) = summary_line(&detail) {
                    self.change_timeline(TimelineChange::Summary(id.clone(), line));
                }
                if let Some(selected) = self.selected.as_mut().filter(|selected| selected.id == id)
                {
                    if let Ok(event) = detail.summary() {
                        selected.event = event;
                    }
                    self.find_related(&id, &detail);
                }
                self.details.insert(id, DetailState::Loaded(detail));
                self.num_details += 1;
            }
            WorkerReport::DetailFailed { id, message } => {
                self.details.insert(id, DetailState::Failed(message));
            }
            WorkerReport::SearchResults { generation, ids } => {
                if self.take_related(generation, &ids) {
                    return;
                }
                if generation == self.search.generation {
                    self.search.results = Some(Arc::new(ids.into_iter().collect()));
                    self.search.waiting = false;
                    self.needs_refilter = true;
                }
            }
            WorkerReport::Warning(message) => self.notify(message, true),
        }
    }

    /// Applies a report as if the worker had sent it.
    pub fn apply_report(&mut self, report: WorkerReport) {
        self.apply(report);
    }

    /// Adds new events. When the user has scrolled away from the newest events, the rows
    /// they look at stay where they are and a pill counts what arrived above.
    fn add_events(&mut self, events: &[Event]) {
        // A large timeline takes them with its next background re-filter, which also moves
        // the rows in view.
        match self.change_timeline(TimelineChange::Insert(events.to_vec())) {
            Some(0) => return,
            Some(num_new) => self.note_rows_added(num_new),
            None => {}
        }
        self.notify_new_events(events);
    }
}
