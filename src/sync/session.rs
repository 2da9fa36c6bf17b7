//! A session: the worker's state for one target (client, store, reporter), shared by the
//! poll and the detail fetches that run at the same time on the worker thread, and how a
//! session is opened (cache loaded and reported, client built).
//!
//! Everything here lives on one thread: the store sits in a `RefCell` whose borrows never
//! span an `.await`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Instant;

use super::cache::{Cache, LoadedCache};
use super::reporter::Reporter;
use super::store::Store;
use super::{SyncError, SyncOptions, SyncTarget, WorkerReport};
use crate::api::{ClientConfig, CredlyClient, EventPage};
use crate::model::Timeline;

/// What storing one page changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct PageAbsorbed {
    pub num_items: usize,
    pub num_new: usize,
    pub num_new_malformed: usize,
    /// The page holds an event we knew, and only known events after it: in a newest-first
    /// list, nothing newer lies beyond this page.
    pub reached_known: bool,
    /// The page holds at least one event we knew.
    pub holds_known: bool,
}

pub(super) struct Session {
    /// `None` when there is no token: the cache is shown and nothing is polled.
    pub client: Option<CredlyClient>,
    pub store: RefCell<Store>,
    pub reporter: Rc<Reporter>,
    pub concurrency: usize,
    pub max_pages_per_poll: u64,
    /// The server's count when the last full pass ended short of it. A later poll that
    /// finds the same count does not read everything again.
    pub short_pass_count: Cell<Option<u64>>,
}

impl Session {
    /// Stores a page, reports its new events (oldest first) and any cache warning.
    pub(super) fn absorb(&self, page: EventPage) -> PageAbsorbed {
        let num_items = page.num_items();
        let absorbed = self.store.borrow_mut().absorb(page.events, &page.malformed);
        if let Some(warning) = absorbed.warning {
            self.reporter.report_now(WorkerReport::Warning(warning));
        }
        let first_known = absorbed.is_new.iter().position(|&is_new| !is_new);
        let reached_known = first_known
            .is_some_and(|first| absorbed.is_new.iter().skip(first).all(|&is_new| !is_new));
        let num_new = absorbed.new_events.len();
        if num_new > 0 {
            // The reporter sorts them oldest first when it sends them.
            self.reporter
                .report(WorkerReport::NewEvents(absorbed.new_events));
        }
        PageAbsorbed {
            num_items,
            num_new,
            num_new_malformed: absorbed.num_new_malformed,
            reached_known,
            holds_known: first_known.is_some(),
        }
    }

    pub(super) fn num_held(&self) -> u64 {
        self.store.borrow().num_held()
    }
}

/// Opens a target's cache, reports what it holds, and builds its client.
///
/// A cache that cannot be opened is replaced by one in memory, with a warning; only when
/// not even that works does this fail.
pub(super) fn open_session(
    target: &SyncTarget,
    options: &SyncOptions,
    reporter: &Rc<Reporter>,
) -> Result<Rc<Session>, SyncError> {
    let (loaded, notice) = load_cache(target)?;
    reporter.report_now(WorkerReport::CacheLoaded {
        timeline: loaded.timeline,
        num_details: loaded.num_details,
    });
    if let Some(recovery) = loaded.recovered {
        reporter.report_now(WorkerReport::CacheRecovered {
            message: recovery.message,
            moved_to: recovery.moved_to,
        });
    }
    if let Some(notice) = notice {
        reporter.report_now(WorkerReport::Warning(notice));
    }

    Ok(Rc::new(Session {
        client: build_client(target, options, reporter),
        store: RefCell::new(Store::new(loaded.cache)),
        reporter: Rc::clone(reporter),
        concurrency: options.concurrency.max(1),
        max_pages_per_poll: options.max_pages_per_poll.max(1),
        short_pass_count: Cell::new(None),
    }))
}

/// The target's cache, loaded; else an empty one in memory and a warning for the user.
fn load_cache(target: &SyncTarget) -> Result<(LoadedCache, Option<String>), SyncError> {
    let started = Instant::now();
    let path = &target.cache_path;
    match Cache::open_and_load(path) {
        Ok(loaded) => {
            tracing::info!(num_events = loaded.timeline.len(), num_details = loaded.num_details,
                elapsed_ms = started.elapsed().as_millis(), path = %path.display(),
                "event cache loaded");
            Ok((loaded, None))
        }
        Err(err) => {
            tracing::warn!(err = %err.chain(), path = %path.display(),
                "the event cache cannot be used: keeping events in memory");
            let notice = format!(
                "The local event cache cannot be used ({}). Events are kept in memory for this \
                 session only.",
                err.chain()
            );
            let loaded = LoadedCache {
                cache: Cache::open_in_memory()?,
                timeline: Timeline::new(),
                num_details: 0,
                recovered: None,
            };
            Ok((loaded, Some(notice)))
        }
    }
}

fn build_client(
    target: &SyncTarget,
    options: &SyncOptions,
    reporter: &Reporter,
) -> Option<CredlyClient> {
    let token = target.token.clone().filter(|token| !token.is_empty())?;
    let config = ClientConfig {
        retry: options.retry,
        ..ClientConfig::new(target.base.clone(), target.organization_id.clone(), token)
    };
    match CredlyClient::new(config) {
        Ok(client) => Some(client),
        Err(err) => {
            tracing::warn!(%err, "no client for the sync target");
            reporter.report_now(WorkerReport::Warning(format!(
                "Cannot sync this organization: {err}"
            )));
            None
        }
    }
}
