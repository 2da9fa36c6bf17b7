//! `SyncWorker`: the app's handle on the sync thread.
//!
//! The worker runs on its own named thread with its own single-threaded tokio runtime, so
//! the UI thread never waits on HTTP or `SQLite`. Commands go in over a bounded channel that
//! is never waited on (a full channel refuses the command); reports come back over a bounded
//! channel that the worker never waits on either (see `reporter`). Dropping the handle stops
//! the thread.

use std::rc::Rc;
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread::JoinHandle;

use tokio::sync::mpsc;

use super::reporter::{Repaint, Reporter};
use super::{SyncError, SyncOptions, SyncTarget, WorkerCommand, WorkerReport, engine};

/// Commands waiting for the worker at most; more are refused until it catches up.
pub const COMMAND_CAPACITY: usize = 64;

/// Reports waiting for the app at most; beyond that the worker holds them back, merged.
pub const REPORT_CAPACITY: usize = 256;

/// The running sync worker of one target at a time.
pub struct SyncWorker {
    commands: Option<mpsc::Sender<WorkerCommand>>,
    reports: Receiver<WorkerReport>,
    thread: Option<JoinHandle<()>>,
}

impl SyncWorker {
    /// Starts the worker thread. It first loads the target's cache and reports it
    /// ([`WorkerReport::CacheLoaded`]), then polls when it has a token. `repaint` is called
    /// after reports are sent, from the worker thread.
    pub fn start(
        target: SyncTarget,
        options: SyncOptions,
        repaint: Repaint,
    ) -> Result<Self, SyncError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .thread_name("credly-sync-rt")
            .build()
            .map_err(|source| SyncError::StartWorker { source })?;
        let (command_sender, command_receiver) = mpsc::channel(COMMAND_CAPACITY);
        let (report_sender, reports) = sync_channel(REPORT_CAPACITY);

        let thread = std::thread::Builder::new()
            .name("credly-sync".to_owned())
            .spawn(move || {
                let reporter = Rc::new(Reporter::new(report_sender, repaint));
                runtime.block_on(engine::run(target, options, command_receiver, reporter));
            })
            .map_err(|source| SyncError::StartWorker { source })?;

        Ok(Self {
            commands: Some(command_sender),
            reports,
            thread: Some(thread),
        })
    }

    /// Hands a command to the worker without waiting; `false` when its queue is full or it
    /// has stopped.
    pub fn send(&self, command: WorkerCommand) -> bool {
        self.commands
            .as_ref()
            .is_some_and(|commands| commands.try_send(command).is_ok())
    }

    /// The next report, if one is waiting.
    pub fn try_recv(&self) -> Option<WorkerReport> {
        self.reports.try_recv().ok()
    }

    /// Whether the worker thread still runs.
    pub fn is_running(&self) -> bool {
        self.thread
            .as_ref()
            .is_some_and(|thread| !thread.is_finished())
    }
}

impl std::fmt::Debug for SyncWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncWorker")
            .field("running", &self.is_running())
            .finish_non_exhaustive()
    }
}

impl Drop for SyncWorker {
    /// Asks the worker to stop, closes its command channel (which stops it too, should the
    /// request not fit), and waits for the thread to end.
    fn drop(&mut self) {
        if let Some(commands) = self.commands.take() {
            // A full queue is fine: the closed channel ends the worker after the queue.
            let _ = commands.try_send(WorkerCommand::Shutdown);
        }
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the sync worker thread panicked");
        }
    }
}
