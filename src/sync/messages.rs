//! The messages between the app and the sync worker.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::api::ApiBase;
use crate::credentials::Secret;
use crate::model::{Event, EventDetail, EventId, OrganizationId, Timeline};

/// Which organization the worker syncs, with what token, into which cache file.
#[derive(Clone, Debug)]
pub struct SyncTarget {
    pub base: ApiBase,
    pub organization_id: OrganizationId,
    /// `None` when no token is known yet: the worker shows the cache and does not poll.
    pub token: Option<Secret>,
    pub cache_path: PathBuf,
}

/// What the app asks of the worker.
#[derive(Clone, Debug)]
pub enum WorkerCommand {
    /// Poll at once; merged into a poll already under way.
    PollNow,
    /// Poll this often from now on (at least every 10 s).
    SetInterval(Duration),
    Pause,
    Resume,
    /// Sync another organization, environment or token: the cache of the new target is
    /// loaded and reported, then polling starts over.
    SwitchTarget(SyncTarget),
    /// Fetch one event's detail (from the cache when it holds it) and report it.
    FetchDetail(EventId),
    /// Fetch the details of all cached events in the background at a polite rate.
    SetPrefetch(bool),
    /// Find the events whose id, type or cached detail contains every word of `query`;
    /// answered by [`WorkerReport::SearchResults`] with the same `generation`.
    Search {
        query: String,
        generation: u64,
    },
    Shutdown,
}

/// Where polling stands, for the top bar.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncStatus {
    /// Nothing to poll: no token, or not started.
    Idle,
    /// The first full read of the organization's events.
    Backfilling {
        pages_done: u64,
        pages_total: Option<u64>,
    },
    Polling,
    /// Up to date; the next poll comes at `next_poll`.
    Waiting {
        last_poll: DateTime<Utc>,
        next_poll: DateTime<Utc>,
    },
    Paused {
        last_poll: Option<DateTime<Utc>>,
    },
    /// A passing failure; the next attempt comes after `delay`.
    Retrying {
        delay: Duration,
        reason: String,
    },
    /// The token was rejected: polling stops until the target changes.
    AuthRejected {
        reason: String,
    },
}

/// What the worker tells the app. After each report the worker asks for a repaint.
#[derive(Clone, Debug)]
pub enum WorkerReport {
    /// The cached events of the current target, before any poll. Built on the worker
    /// thread, so that a million cached events reach the app in one move.
    CacheLoaded {
        timeline: Timeline,
        num_details: usize,
    },
    /// The cache could not be used and was moved aside; it is being rebuilt.
    CacheRecovered {
        message: String,
        moved_to: Option<PathBuf>,
    },
    /// Events not seen before, oldest first.
    NewEvents(Vec<Event>),
    Status(SyncStatus),
    DetailLoaded {
        id: EventId,
        detail: EventDetail,
    },
    DetailFailed {
        id: EventId,
        message: String,
    },
    /// The answer to [`WorkerCommand::Search`]: the matching events.
    SearchResults {
        generation: u64,
        ids: Vec<EventId>,
    },
    /// A problem the user should see once (a full disk, a malformed page skipped...).
    Warning(String),
}
