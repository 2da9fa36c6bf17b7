//! Event details: fetched on demand (from the cache when it holds them), a few at a time,
//! each id once; and, when asked, prefetched in the background at a polite rate.

use std::collections::{HashSet, VecDeque};
use std::rc::Rc;
use std::time::{Duration, Instant};

use futures::future::LocalBoxFuture;
use futures::stream::FuturesUnordered;
use futures::{FutureExt as _, StreamExt as _};

use super::WorkerReport;
use super::session::Session;
use crate::api::ApiError;
use crate::model::{EventDetail, EventId};

/// Ids of missing details read from the cache at a time for the prefetch.
const PREFETCH_BATCH: usize = 64;

/// A detail fetch that ended.
pub(super) struct DetailDone {
    id: EventId,
    result: Result<EventDetail, ApiError>,
}

#[derive(Default)]
pub(super) struct Details {
    /// Asked for, waiting for a free slot.
    queue: VecDeque<EventId>,
    /// Asked for or being prefetched, not yet answered.
    pending: HashSet<EventId>,
    running: FuturesUnordered<LocalBoxFuture<'static, DetailDone>>,
    prefetch_queue: VecDeque<EventId>,
    /// No detail was missing at the last look: wait for new events before looking again.
    prefetch_exhausted: bool,
    next_prefetch: Option<Instant>,
}

impl Details {
    /// Forgets everything of the previous target; fetches under way are dropped.
    pub(super) fn clear(&mut self) {
        *self = Self::default();
    }

    /// Answers a request for a detail: from the cache at once, else by fetching it.
    pub(super) fn request(&mut self, session: &Rc<Session>, id: EventId) {
        if let Some(detail) = session.store.borrow().detail(&id) {
            session
                .reporter
                .report_now(WorkerReport::DetailLoaded { id, detail });
            return;
        }
        if session.client.is_none() {
            let message = "No token is set, so the detail cannot be fetched.".to_owned();
            session
                .reporter
                .report_now(WorkerReport::DetailFailed { id, message });
            return;
        }
        if self.pending.insert(id.clone()) {
            self.queue.push_back(id);
            self.start_queued(session);
        }
    }

    /// Waits for the next fetch to end; never ends while none runs.
    pub(super) async fn next_done(&mut self) -> DetailDone {
        match self.running.next().await {
            Some(done) => done,
            None => std::future::pending().await,
        }
    }

    pub(super) fn is_running(&self) -> bool {
        !self.running.is_empty()
    }

    /// Caches and reports a fetched detail, then starts the next queued fetch.
    pub(super) fn finish(&mut self, session: &Rc<Session>, done: DetailDone) {
        self.pending.remove(&done.id);
        let report = match done.result {
            Ok(detail) => {
                let stored = session.store.borrow_mut().store_detail(&done.id, &detail);
                if let Err(err) = stored {
                    tracing::warn!(err = %err.chain(), id = %done.id, "could not cache a detail");
                }
                WorkerReport::DetailLoaded {
                    id: done.id,
                    detail,
                }
            }
            Err(err) => {
                tracing::debug!(err = %err.redacted(), id = %done.id, "detail fetch failed");
                WorkerReport::DetailFailed {
                    id: done.id,
                    message: err.to_string(),
                }
            }
        };
        session.reporter.report_now(report);
        self.start_queued(session);
    }

    /// New events arrived: they may lack details.
    pub(super) fn note_new_events(&mut self) {
        self.prefetch_exhausted = false;
    }

    /// How long until the next prefetch, when prefetching is due at all.
    pub(super) fn prefetch_wake(&self, enabled: bool, now: Instant) -> Option<Duration> {
        if !enabled || self.prefetch_exhausted || self.is_running() {
            return None;
        }
        Some(
            self.next_prefetch
                .map_or(Duration::ZERO, |at| at.saturating_duration_since(now)),
        )
    }

    /// Starts one background fetch of a missing detail, if one is missing.
    pub(super) fn prefetch_one(&mut self, session: &Rc<Session>, interval: Duration) {
        if session.client.is_none() {
            return;
        }
        self.next_prefetch = Some(Instant::now() + interval);
        if self.prefetch_queue.is_empty() {
            let missing = session.store.borrow().ids_without_detail(PREFETCH_BATCH);
            self.prefetch_queue.extend(missing);
        }
        let Some(id) = self.prefetch_queue.pop_front() else {
            self.prefetch_exhausted = true;
            return;
        };
        if self.pending.insert(id.clone()) {
            self.spawn(session, id);
        }
    }

    fn start_queued(&mut self, session: &Rc<Session>) {
        while self.running.len() < session.concurrency.max(1) {
            let Some(id) = self.queue.pop_front() else {
                return;
            };
            self.spawn(session, id);
        }
    }

    fn spawn(&mut self, session: &Rc<Session>, id: EventId) {
        let Some(client) = session.client.clone() else {
            self.pending.remove(&id);
            return;
        };
        let fetch = async move {
            let result = client.event_detail(&id).await;
            DetailDone { id, result }
        };
        self.running.push(fetch.boxed_local());
    }
}
