//! The worker's loop: one `select!` over the app's commands, the poll under way, detail
//! fetches, and the timers (next poll, report throttle, prefetch).
//!
//! Runs on the worker thread inside its own single-threaded runtime; nothing here is shared
//! with another thread. One poll at most is in flight: a "poll now" during a poll is merged
//! into it.

use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::Utc;
use futures::FutureExt as _;
use futures::future::LocalBoxFuture;
use tokio::sync::mpsc;

use super::details::{DetailDone, Details};
use super::poll::{PollSummary, poll};
use super::reporter::Reporter;
use super::schedule::Schedule;
use super::session::{Session, open_session};
use super::{SyncOptions, SyncStatus, SyncTarget, WorkerCommand, WorkerReport};
use crate::api::ApiError;

type PollFuture = LocalBoxFuture<'static, Result<PollSummary, ApiError>>;

enum Step {
    Command(Option<WorkerCommand>),
    PollDone(Result<PollSummary, ApiError>),
    DetailDone(DetailDone),
    Timer,
}

pub(super) struct Engine {
    commands: mpsc::Receiver<WorkerCommand>,
    reporter: Rc<Reporter>,
    options: SyncOptions,
    session: Rc<Session>,
    schedule: Schedule,
    paused: bool,
    auth_rejected: bool,
    poll: Option<PollFuture>,
    details: Details,
}

/// Runs the worker until it is told to stop or the app stops listening.
pub(super) async fn run(
    target: SyncTarget,
    options: SyncOptions,
    commands: mpsc::Receiver<WorkerCommand>,
    reporter: Rc<Reporter>,
) {
    let session = match open_session(&target, &options, &reporter) {
        Ok(session) => session,
        Err(err) => {
            tracing::error!(err = %err.chain(), "the sync worker cannot start");
            reporter.report_now(WorkerReport::Warning(format!(
                "Syncing is off: {}",
                err.chain()
            )));
            return;
        }
    };
    let mut engine = Engine {
        commands,
        reporter,
        schedule: Schedule::new(options.effective_interval()),
        options,
        session,
        paused: false,
        auth_rejected: false,
        poll: None,
        details: Details::default(),
    };
    engine.plan_first_poll();
    engine.run().await;
}

impl Engine {
    async fn run(&mut self) {
        while self.reporter.is_connected() {
            match self.next_step().await {
                Step::Command(None | Some(WorkerCommand::Shutdown)) => break,
                Step::Command(Some(command)) => self.handle(command),
                Step::PollDone(result) => {
                    self.poll = None;
                    self.finish_poll(result);
                }
                Step::DetailDone(done) => self.details.finish(&self.session, done),
                Step::Timer => self.on_timer(),
            }
        }
        self.reporter.flush();
        tracing::debug!("sync worker stopped");
    }

    async fn next_step(&mut self) -> Step {
        let now = Instant::now();
        let poll_wake = if self.poll.is_none() {
            self.schedule.wake_in(now)
        } else {
            None
        };
        let prefetch_wake = if self.poll.is_none() {
            self.details.prefetch_wake(self.options.prefetch, now)
        } else {
            None
        };
        let wake = [poll_wake, self.reporter.flush_wait(), prefetch_wake]
            .into_iter()
            .flatten()
            .min();

        let Self {
            commands,
            poll,
            details,
            ..
        } = self;
        tokio::select! {
            biased;
            command = commands.recv() => Step::Command(command),
            result = wait_for_poll(poll) => Step::PollDone(result),
            done = details.next_done() => Step::DetailDone(done),
            () = sleep_for(wake) => Step::Timer,
        }
    }

    fn handle(&mut self, command: WorkerCommand) {
        match command {
            WorkerCommand::PollNow => {
                if self.poll.is_none() && self.can_poll() {
                    self.start_poll();
                }
            }
            WorkerCommand::SetInterval(interval) => {
                self.options.interval = interval;
                self.schedule
                    .set_interval(self.options.effective_interval());
                if self.poll.is_none() && !self.paused && self.schedule.num_failures() == 0 {
                    self.report_status(self.schedule.waiting_status());
                }
            }
            WorkerCommand::Pause => self.pause(),
            WorkerCommand::Resume => self.resume(),
            WorkerCommand::SwitchTarget(target) => self.switch(&target),
            WorkerCommand::FetchDetail(id) => self.details.request(&self.session, id),
            WorkerCommand::SetPrefetch(prefetch) => self.options.prefetch = prefetch,
            WorkerCommand::Search { query, generation } => self.search(&query, generation),
            WorkerCommand::Shutdown => {}
        }
    }

    fn on_timer(&mut self) {
        if self.reporter.flush_wait() == Some(Duration::ZERO) {
            self.reporter.flush();
        }
        let now = Instant::now();
        if self.poll.is_none() && self.can_poll() && self.schedule.is_due(now, Utc::now()) {
            self.start_poll();
            return;
        }
        if self.poll.is_none()
            && self.details.prefetch_wake(self.options.prefetch, now) == Some(Duration::ZERO)
        {
            self.details
                .prefetch_one(&self.session, self.options.prefetch_interval);
        }
    }

    fn can_poll(&self) -> bool {
        self.session.client.is_some() && !self.auth_rejected
    }

    fn plan_first_poll(&mut self) {
        if self.can_poll() && !self.paused {
            self.schedule.poll_soon(Instant::now(), Utc::now());
        } else if self.session.client.is_none() {
            self.reporter
                .report_now(WorkerReport::Status(SyncStatus::Idle));
        }
    }

    fn start_poll(&mut self) {
        self.schedule.clear();
        self.reporter
            .report(WorkerReport::Status(SyncStatus::Polling));
        self.poll = Some(poll(Rc::clone(&self.session)).boxed_local());
    }

    fn finish_poll(&mut self, result: Result<PollSummary, ApiError>) {
        let status = match result {
            Ok(summary) => self.poll_succeeded(summary),
            Err(err) => Some(self.poll_failed(&err)),
        };
        if self.paused && !self.auth_rejected {
            self.schedule.clear();
            self.report_status(Some(SyncStatus::Paused {
                last_poll: self.schedule.last_poll(),
            }));
        } else {
            self.report_status(status);
        }
    }

    fn poll_succeeded(&mut self, summary: PollSummary) -> Option<SyncStatus> {
        if self.schedule.num_failures() > 0 {
            tracing::info!("Credly answers again");
        }
        tracing::debug!(
            num_new = summary.num_new,
            num_pages = summary.num_pages,
            full_pass = summary.full_pass,
            "poll done"
        );
        if summary.num_new > 0 {
            self.details.note_new_events();
        }
        self.schedule.succeeded(Instant::now(), Utc::now());
        self.schedule.waiting_status()
    }

    /// Stops polling after a credential failure; plans a retry after any other.
    fn poll_failed(&mut self, err: &ApiError) -> SyncStatus {
        if err.is_auth() {
            tracing::warn!(err = %err.redacted(), "the token was rejected: polling stops");
            self.auth_rejected = true;
            self.schedule.clear();
            return SyncStatus::AuthRejected {
                reason: err.to_string(),
            };
        }
        let (now, wall, jitter) = (Instant::now(), Utc::now(), fastrand::f64());
        let delay = self
            .schedule
            .failed(now, wall, err, &self.options.retry, jitter);
        // The log says when polling starts failing, not at every retry.
        let (redacted, delay_s) = (err.redacted(), delay.as_secs());
        if self.schedule.num_failures() == 1 {
            tracing::warn!(err = %redacted, delay_s, "poll failed: retrying");
        } else {
            tracing::debug!(err = %redacted, delay_s, "poll failed again");
        }
        SyncStatus::Retrying {
            delay,
            reason: err.to_string(),
        }
    }

    fn pause(&mut self) {
        self.paused = true;
        self.poll = None;
        self.schedule.clear();
        if !self.auth_rejected {
            self.report_status(Some(SyncStatus::Paused {
                last_poll: self.schedule.last_poll(),
            }));
        }
    }

    fn resume(&mut self) {
        if !self.paused {
            return;
        }
        self.paused = false;
        if self.can_poll() {
            // One poll now, whatever was missed while paused.
            self.schedule.poll_soon(Instant::now(), Utc::now());
        } else if self.session.client.is_none() {
            self.report_status(Some(SyncStatus::Idle));
        }
    }

    fn switch(&mut self, target: &SyncTarget) {
        self.poll = None;
        self.details.clear();
        match open_session(target, &self.options, &self.reporter) {
            Ok(session) => self.session = session,
            Err(err) => {
                tracing::error!(err = %err.chain(), "could not switch the sync target");
                let warning = format!("Could not switch organizations: {}", err.chain());
                self.reporter.report_now(WorkerReport::Warning(warning));
                return;
            }
        }
        self.auth_rejected = false;
        self.schedule = Schedule::new(self.options.effective_interval());
        if self.paused {
            self.report_status(Some(SyncStatus::Paused { last_poll: None }));
        } else {
            self.plan_first_poll();
        }
    }

    fn search(&self, query: &str, generation: u64) {
        let found = self.session.store.borrow().search_unsorted(query);
        let ids = found.unwrap_or_else(|err| {
            tracing::warn!(err = %err.chain(), "search failed");
            self.reporter
                .report_now(WorkerReport::Warning(format!("Search failed: {err}")));
            Vec::new()
        });
        self.reporter
            .report_now(WorkerReport::SearchResults { generation, ids });
    }

    fn report_status(&self, status: Option<SyncStatus>) {
        if let Some(status) = status {
            self.reporter.report_now(WorkerReport::Status(status));
        }
    }
}

async fn wait_for_poll(poll: &mut Option<PollFuture>) -> Result<PollSummary, ApiError> {
    match poll {
        Some(poll) => poll.await,
        None => std::future::pending().await,
    }
}

async fn sleep_for(wake: Option<Duration>) {
    match wake {
        Some(delay) => tokio::time::sleep(delay).await,
        None => std::future::pending().await,
    }
}
