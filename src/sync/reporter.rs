//! How the worker reports to the app: a bounded channel that is never waited on.
//!
//! Reports queue in a backlog on the worker side and are sent without blocking. While the
//! app does not drain the channel (or within the throttle period), consecutive status
//! reports collapse into the latest one and consecutive batches of new events merge, so the
//! backlog grows only with what the app has not seen. After each send the app is asked to
//! repaint.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::mpsc::{SyncSender, TrySendError};
use std::time::{Duration, Instant};

use super::WorkerReport;

/// Reports sent with [`Reporter::report`] go out at most this often.
pub(super) const THROTTLE: Duration = Duration::from_millis(100);

/// The wake-up function the app gives (egui's `request_repaint`).
pub type Repaint = Arc<dyn Fn() + Send + Sync>;

pub(super) struct Reporter {
    sender: SyncSender<WorkerReport>,
    repaint: Repaint,
    backlog: RefCell<VecDeque<WorkerReport>>,
    last_flush: Cell<Option<Instant>>,
    connected: Cell<bool>,
}

impl Reporter {
    pub(super) fn new(sender: SyncSender<WorkerReport>, repaint: Repaint) -> Self {
        Self {
            sender,
            repaint,
            backlog: RefCell::new(VecDeque::new()),
            last_flush: Cell::new(None),
            connected: Cell::new(true),
        }
    }

    /// Queues a report that may wait for the throttle period (progress, new events).
    pub(super) fn report(&self, report: WorkerReport) {
        self.enqueue(report);
        if self.flush_wait() == Some(Duration::ZERO) {
            self.flush();
        }
    }

    /// Queues a report and sends the backlog at once (answers, final states).
    pub(super) fn report_now(&self, report: WorkerReport) {
        self.enqueue(report);
        self.flush();
    }

    /// Whether the app still listens.
    pub(super) fn is_connected(&self) -> bool {
        self.connected.get()
    }

    /// How long until the backlog should be sent; `None` when it is empty.
    pub(super) fn flush_wait(&self) -> Option<Duration> {
        if self.backlog.borrow().is_empty() {
            return None;
        }
        let since = self.last_flush.get().map(|at| at.elapsed());
        Some(since.map_or(Duration::ZERO, |since| THROTTLE.saturating_sub(since)))
    }

    /// Sends the backlog in order until the channel is full; asks for a repaint if anything
    /// was sent.
    pub(super) fn flush(&self) {
        self.last_flush.set(Some(Instant::now()));
        let mut num_sent = 0;
        let mut backlog = self.backlog.borrow_mut();
        while let Some(mut report) = backlog.pop_front() {
            if let WorkerReport::NewEvents(events) = &mut report {
                events.sort_by(|a, b| (a.occurred_at, &a.id).cmp(&(b.occurred_at, &b.id)));
            }
            match self.sender.try_send(report) {
                Ok(()) => num_sent += 1,
                Err(TrySendError::Full(report)) => {
                    backlog.push_front(report);
                    break;
                }
                Err(TrySendError::Disconnected(_)) => {
                    self.connected.set(false);
                    backlog.clear();
                    break;
                }
            }
        }
        drop(backlog);
        if num_sent > 0 {
            (self.repaint)();
        }
    }

    fn enqueue(&self, report: WorkerReport) {
        let mut backlog = self.backlog.borrow_mut();
        match (backlog.back_mut(), report) {
            (Some(WorkerReport::Status(last)), WorkerReport::Status(status)) => *last = status,
            (Some(WorkerReport::NewEvents(last)), WorkerReport::NewEvents(events)) => {
                // Sorted when sent: sorting at every merge would cost the square.
                last.extend(events);
            }
            (_, report) => backlog.push_back(report),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc::sync_channel;

    use serde_json::json;

    use super::*;
    use crate::model::Event;
    use crate::sync::SyncStatus;

    fn event(id: &str, at: &str) -> Event {
        Event::from_json(json!({"id": id, "occurred_at": at})).unwrap()
    }

    #[test]
    fn a_full_channel_coalesces_instead_of_blocking() {
        let (sender, receiver) = sync_channel(1);
        let repaints = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&repaints);
        let reporter = Reporter::new(
            sender,
            Arc::new(move || {
                counter.fetch_add(1, Ordering::SeqCst);
            }),
        );
        reporter.report_now(WorkerReport::Status(SyncStatus::Polling));
        reporter.report_now(WorkerReport::NewEvents(vec![event(
            "b",
            "2024-01-02T00:00:00Z",
        )]));
        reporter.report_now(WorkerReport::NewEvents(vec![event(
            "a",
            "2024-01-01T00:00:00Z",
        )]));
        reporter.report_now(WorkerReport::Status(SyncStatus::Idle));
        reporter.report_now(WorkerReport::Status(SyncStatus::Polling));
        assert_eq!(repaints.load(Ordering::SeqCst), 1);

        assert!(matches!(
            receiver.try_recv(),
            Ok(WorkerReport::Status(SyncStatus::Polling))
        ));
        reporter.flush();
        let Ok(WorkerReport::NewEvents(events)) = receiver.try_recv() else {
            panic!("the two batches come as one");
        };
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"], "oldest first");
        reporter.flush();
        assert!(matches!(
            receiver.try_recv(),
            Ok(WorkerReport::Status(SyncStatus::Polling))
        ));
        assert_eq!(reporter.flush_wait(), None);

        drop(receiver);
        reporter.report_now(WorkerReport::Status(SyncStatus::Idle));
        assert!(!reporter.is_connected());
    }
}
