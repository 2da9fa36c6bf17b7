//! The fake Credly API server: a handle that starts it on loopback, steers it (faults, paging,
//! latency, new events) and stops it.
//!
//! The HTTP side lives in `routes` and `faults`, the history in `generator`. Depends on
//! tokio and axum; nothing outside demo mode, tests and benchmarks may depend on it.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::Utc;
use serde_json::Value;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use url::Url;

use super::config::{FakeConfig, ListOrder};
use super::faults::{Fault, FaultSource, RandomFaults};
use super::generator::Generator;
use super::routes;

/// How long `shutdown` waits for open connections before it cuts them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// What the fake has served so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FakeStats {
    pub num_list_requests: usize,
    pub num_detail_requests: usize,
    pub num_faults_served: usize,
    /// The most requests the fake was answering at the same time.
    pub max_in_flight: usize,
}

/// Settings that can change while the server runs.
pub(super) struct Settings {
    pub page_size: usize,
    pub order: ListOrder,
    pub latency: Duration,
    pub faults: FaultSource,
    /// Pending insertions: once this many list requests have been answered, add this many
    /// events.
    pub insertions: Vec<(usize, usize)>,
}

/// State shared by the handle, the request handlers and the live task.
pub(super) struct Shared {
    pub generator: Mutex<Generator>,
    pub settings: Mutex<Settings>,
    pub token: String,
    pub organization_id: String,
    pub base_url: Url,
    pub num_list_requests: AtomicUsize,
    pub num_list_answered: AtomicUsize,
    pub num_detail_requests: AtomicUsize,
    pub num_faults_served: AtomicUsize,
    pub in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
}

/// Locks `mutex`, carrying on after a panic elsewhere: every critical section leaves the
/// data consistent.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn new(config: &FakeConfig, generator: Generator, base_url: Url) -> Self {
        Self {
            generator: Mutex::new(generator),
            settings: Mutex::new(Settings {
                page_size: config.page_size,
                order: config.order,
                latency: config.latency,
                faults: FaultSource::default(),
                insertions: Vec::new(),
            }),
            token: config.token.clone(),
            organization_id: config.organization_id.clone(),
            base_url,
            num_list_requests: AtomicUsize::new(0),
            num_list_answered: AtomicUsize::new(0),
            num_detail_requests: AtomicUsize::new(0),
            num_faults_served: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        }
    }

    /// Adds events after all others, timed now.
    pub(super) fn push_events(&self, num_events: usize) -> Vec<Value> {
        lock(&self.generator).push_events(num_events, Utc::now())
    }

    /// Counts an answered list request and runs the insertions it makes due.
    pub(super) fn list_answered(&self) {
        let num_answered = self.num_list_answered.fetch_add(1, Ordering::SeqCst) + 1;
        self.run_insertions(num_answered);
    }

    /// Adds the events of the insertions due once `num_answered` list requests were
    /// answered.
    fn run_insertions(&self, num_answered: usize) {
        let num_due: usize = {
            let mut settings = lock(&self.settings);
            let (due, pending) = settings
                .insertions
                .iter()
                .partition::<Vec<_>, _>(|(after, _)| *after <= num_answered);
            settings.insertions = pending;
            due.iter().map(|(_, num_events)| num_events).sum()
        };
        if num_due > 0 {
            self.push_events(num_due);
            tracing::debug!(num_events = num_due, num_answered, "fake inserted events");
        }
    }
}

/// A running fake Credly API. Dropping it (or `shutdown`) stops the server.
pub struct FakeServer {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    server: Option<JoinHandle<()>>,
    live: Option<JoinHandle<()>>,
}

impl FakeServer {
    /// Generates the history and starts serving it on `config.addr`.
    pub async fn start(config: FakeConfig) -> io::Result<FakeServer> {
        if !config.addr.ip().is_loopback() {
            let message = format!(
                "the fake Credly API listens on loopback only, not on {}",
                config.addr
            );
            return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
        }
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let base_url = Url::parse(&format!("http://{addr}/v1"))
            .map_err(|err| io::Error::other(format!("no base URL for {addr}: {err}")))?;
        // A large history takes a moment: build it off the async threads.
        let generator_config = config.clone();
        let mut generator = tokio::task::spawn_blocking(move || Generator::new(&generator_config))
            .await
            .map_err(io::Error::other)?;
        if config.serve_images {
            generator.set_image_origin(format!("http://{addr}"));
        }
        let shared = Arc::new(Shared::new(&config, generator, base_url));
        let (stop, stopped) = watch::channel(false);
        let server = tokio::spawn(serve(listener, Arc::clone(&shared), stopped.clone()));
        let live = config.live_interval.map(|interval| {
            tokio::spawn(live_events(
                Arc::clone(&shared),
                interval,
                config.seed,
                stopped,
            ))
        });
        tracing::debug!(%addr, num_events = config.num_events, "fake Credly API listening");
        Ok(FakeServer {
            shared,
            stop,
            server: Some(server),
            live,
        })
    }

    /// The API base, e.g. `http://127.0.0.1:PORT/v1`; the events paths are below it.
    #[must_use]
    pub fn base_url(&self) -> Url {
        self.shared.base_url.clone()
    }

    #[must_use]
    pub fn organization_id(&self) -> &str {
        &self.shared.organization_id
    }

    #[must_use]
    pub fn token(&self) -> &str {
        &self.shared.token
    }

    /// Every event's list item exactly as the list endpoint serves it, oldest first.
    #[must_use]
    pub fn summaries(&self) -> Vec<Value> {
        lock(&self.shared.generator).summaries()
    }

    /// Every event id the server holds, sorted.
    #[must_use]
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .summaries()
            .iter()
            .filter_map(|summary| summary["id"].as_str().map(str::to_owned))
            .collect();
        ids.sort();
        ids
    }

    /// The `data` object the detail endpoint serves for this event id.
    #[must_use]
    pub fn detail(&self, id: &str) -> Option<Value> {
        lock(&self.shared.generator).detail(id)
    }

    /// Adds `num_events` events newer than all others; returns their summaries, oldest
    /// first.
    #[expect(
        clippy::must_use_candidate,
        reason = "called for the events it adds; the summaries are a convenience"
    )]
    pub fn push_events(&self, num_events: usize) -> Vec<Value> {
        self.shared.push_events(num_events)
    }

    /// The next `times` requests (list or detail) get `fault`, after any injected before.
    pub fn inject(&self, fault: Fault, times: usize) {
        lock(&self.shared.settings).faults.inject(fault, times);
    }

    /// Draws a fault at random for each request that no injected fault claims; `None`
    /// stops it.
    pub fn set_random_faults(&self, faults: Option<RandomFaults>) {
        lock(&self.shared.settings).faults.set_random(faults);
    }

    pub fn set_page_size(&self, page_size: usize) {
        lock(&self.shared.settings).page_size = page_size;
    }

    pub fn set_order(&self, order: ListOrder) {
        lock(&self.shared.settings).order = order;
    }

    pub fn set_latency(&self, latency: Duration) {
        lock(&self.shared.settings).latency = latency;
    }

    /// Once `num_requests` more list requests have been answered, adds `num_events` events
    /// at the head, as when events arrive while a client pages.
    pub fn insert_after_list_requests(&self, num_requests: usize, num_events: usize) {
        let num_answered = self.shared.num_list_answered.load(Ordering::SeqCst);
        let after = num_answered + num_requests;
        lock(&self.shared.settings)
            .insertions
            .push((after, num_events));
        self.shared.run_insertions(num_answered);
    }

    /// Adds now the events of every insertion still waiting for its list requests, so that
    /// none lands after a test's last poll.
    pub fn insert_pending_now(&self) {
        self.shared.run_insertions(usize::MAX);
    }

    #[must_use]
    pub fn stats(&self) -> FakeStats {
        let shared = &self.shared;
        FakeStats {
            num_list_requests: shared.num_list_requests.load(Ordering::SeqCst),
            num_detail_requests: shared.num_detail_requests.load(Ordering::SeqCst),
            num_faults_served: shared.num_faults_served.load(Ordering::SeqCst),
            max_in_flight: shared.max_in_flight.load(Ordering::SeqCst),
        }
    }

    /// Stops accepting requests, lets open ones finish for a few seconds, then cuts them.
    pub async fn shutdown(mut self) {
        self.stop.send_replace(true);
        if let Some(live) = self.live.take() {
            live.abort();
        }
        let Some(mut server) = self.server.take() else {
            return;
        };
        if tokio::time::timeout(SHUTDOWN_GRACE, &mut server)
            .await
            .is_err()
        {
            server.abort();
        }
        tracing::debug!("fake Credly API stopped");
    }
}

impl std::fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeServer")
            .field("base_url", &self.shared.base_url.as_str())
            .finish_non_exhaustive()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.stop.send_replace(true);
        if let Some(live) = self.live.take() {
            live.abort();
        }
    }
}

async fn serve(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    mut stopped: watch::Receiver<bool>,
) {
    let router = routes::router(shared);
    let stop = async move {
        // An error means the handle is gone, which stops the server too.
        let _ = stopped.wait_for(|&stop| stop).await;
    };
    let result = axum::serve(listener, router)
        .with_graceful_shutdown(stop)
        .await;
    if let Err(err) = result {
        tracing::warn!(%err, "fake Credly API stopped serving");
    }
}

/// Adds 1 to 3 events every `interval` until the server stops.
async fn live_events(
    shared: Arc<Shared>,
    interval: Duration,
    seed: u64,
    mut stopped: watch::Receiver<bool>,
) {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x4c49_5645);
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first tick fires at once; the history is fresh then.
    ticks.tick().await;
    loop {
        tokio::select! {
            _ = ticks.tick() => {
                let summaries = shared.push_events(rng.usize(1..=3));
                tracing::trace!(num_events = summaries.len(), "fake recorded live events");
            }
            _ = stopped.wait_for(|&stop| stop) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, SocketAddr};

    use super::*;
    use crate::fake::testing::config;

    #[tokio::test]
    async fn refuses_to_listen_beyond_loopback() {
        let config = FakeConfig {
            addr: SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)),
            ..config(1, 1, true)
        };
        let err = FakeServer::start(config).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    #[tokio::test]
    async fn serves_below_v1_on_loopback() {
        let server = FakeServer::start(config(1, 1, true)).await.unwrap();
        let url = server.base_url();
        assert_eq!(url.scheme(), "http");
        assert_eq!(url.host_str(), Some("127.0.0.1"));
        assert_eq!(url.path(), "/v1");
        assert_eq!(
            server.organization_id(),
            crate::fake::DEFAULT_ORGANIZATION_ID
        );
        assert_eq!(server.token(), "demo-token");
    }
}
