//! A soak test: the sync worker against the fake Credly API serving random faults (429s with
//! either form of `Retry-After`, 5xx, cut connections, truncated and slow bodies) while new
//! events keep arriving and some land in the middle of a read, for a bounded time. Then the
//! faults stop and the cache must hold exactly the server's events, each reported once, read
//! at a bounded rate.
//!
//! `CREDLY_SOAK_SECS` sets the time under faults (20 s unless set); `CREDLY_SOAK_SEED` the
//! seed of the faults and of the test's own choices, printed so a failure can be replayed.
#![expect(
    clippy::print_stdout,
    reason = "the seed and the figures, shown when it fails"
)]

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use credly_monitor::api::{ApiBase, RetryPolicy};
use credly_monitor::credentials::Secret;
use credly_monitor::fake::{FakeConfig, FakeServer, ListOrder, RandomFaults};
use credly_monitor::model::{EventId, OrganizationId};
use credly_monitor::sync::{
    Cache, SyncOptions, SyncStatus, SyncTarget, SyncWorker, WorkerCommand, WorkerReport,
};

const CONCURRENCY: usize = 4;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map_or(default, |text| text.parse().expect("a whole number"))
}

fn options() -> SyncOptions {
    SyncOptions {
        concurrency: CONCURRENCY,
        prefetch: true,
        prefetch_interval: Duration::from_millis(20),
        retry: RetryPolicy {
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(200),
            max_retry_after: Duration::from_secs(2),
            max_attempts: 3,
        },
        ..SyncOptions::default()
    }
}

/// The worker's reports, checked as they come: no event is reported twice.
struct Reports {
    worker: SyncWorker,
    new_ids: HashSet<String>,
    last_waiting: Option<DateTime<Utc>>,
    num_retrying: usize,
}

impl Reports {
    fn drain(&mut self) {
        while let Some(report) = self.worker.try_recv() {
            match report {
                WorkerReport::NewEvents(events) => {
                    for event in &events {
                        let id = event.id.as_str().to_owned();
                        assert!(self.new_ids.insert(id), "{} reported twice", event.id);
                    }
                }
                WorkerReport::Status(SyncStatus::Waiting { last_poll, .. }) => {
                    self.last_waiting = Some(last_poll);
                }
                WorkerReport::Status(SyncStatus::Retrying { .. }) => self.num_retrying += 1,
                WorkerReport::Status(SyncStatus::AuthRejected { reason }) => {
                    panic!("a passing fault stopped polling: {reason}")
                }
                _ => {}
            }
        }
    }

    /// Asks for polls until one that started after `since` has finished.
    async fn poll_after(&mut self, since: DateTime<Utc>) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.last_waiting.is_none_or(|last| last < since) {
            assert!(Instant::now() < deadline, "no clean poll in 30 s");
            self.worker.send(WorkerCommand::PollNow);
            tokio::time::sleep(Duration::from_millis(50)).await;
            self.drain();
        }
    }
}

/// Ends the faults, and adds now the insertions still waiting for list requests: one due
/// after the last poll's last request would be an event no client could have seen.
fn stop_faults(server: &FakeServer) {
    server.set_random_faults(None);
    server.insert_pending_now();
}

fn assert_cache_equals_server(path: &Path, server: &FakeServer) {
    let loaded = Cache::open_and_load(path).expect("the cache opens");
    assert!(loaded.recovered.is_none(), "the cache was rebuilt");
    let cache = loaded.cache;
    let ids: Vec<String> = cache
        .event_ids()
        .expect("the ids are readable")
        .into_iter()
        .map(|id| id.as_str().to_owned())
        .collect();
    assert_eq!(ids, server.ids(), "the cache holds other events");
    for summary in server.summaries() {
        let id = EventId::new(summary["id"].as_str().expect("an id"));
        let cached = cache.event_json(&id).expect("the event is readable");
        assert_eq!(
            cached.as_ref(),
            Some(&summary),
            "{id} differs from the server's"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_under_random_faults_ends_with_exactly_the_servers_events() {
    let soak_time = Duration::from_secs(env_number("CREDLY_SOAK_SECS", 20));
    let seed = env_number("CREDLY_SOAK_SEED", 7);
    println!("soak: {soak_time:?} under faults, seed {seed}");

    let server = FakeServer::start(FakeConfig {
        num_events: 1_500,
        page_size: 25,
        order: ListOrder::NewestFirst,
        latency: Duration::from_millis(2),
        ..FakeConfig::default()
    })
    .await
    .expect("the fake server starts");
    server.set_random_faults(Some(RandomFaults {
        probability: 0.2,
        seed,
        retry_after: Duration::from_secs(1),
    }));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("soak.sqlite3");
    let target = SyncTarget {
        base: ApiBase::custom(server.base_url().as_str()).expect("a loopback base"),
        organization_id: OrganizationId::new(server.organization_id()),
        token: Some(Secret::new(server.token())),
        cache_path: path.clone(),
    };
    let worker = SyncWorker::start(target, options(), Arc::new(|| {})).expect("the worker starts");
    let mut reports = Reports {
        worker,
        new_ids: HashSet::new(),
        last_waiting: None,
        num_retrying: 0,
    };

    let mut rng = fastrand::Rng::with_seed(seed);
    let started = Instant::now();
    while started.elapsed() < soak_time {
        reports.drain();
        match rng.u8(..10) {
            0..=2 => {
                server.push_events(rng.usize(1..=6));
            }
            3 => server.insert_after_list_requests(rng.usize(1..=3), rng.usize(1..=4)),
            4..=6 => {
                reports.worker.send(WorkerCommand::PollNow);
            }
            _ => {}
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Two clean polls, the second to catch events inserted after the first one's last read.
    stop_faults(&server);
    reports.poll_after(Utc::now()).await;
    reports.poll_after(Utc::now()).await;
    let elapsed = started.elapsed();
    reports.drain();

    let stats = server.stats();
    println!(
        "soak: {} events, {} list and {} detail requests in {elapsed:?}, {} faults, {} retry reports, at most {} at once",
        server.summaries().len(),
        stats.num_list_requests,
        stats.num_detail_requests,
        stats.num_faults_served,
        reports.num_retrying,
        stats.max_in_flight,
    );
    assert!(stats.num_faults_served > 0, "the soak served no fault");
    assert!(reports.num_retrying > 0, "no fault was ever retried");

    assert_cache_equals_server(&path, &server);
    let mut reported: Vec<String> = reports.new_ids.into_iter().collect();
    reported.sort();
    assert_eq!(reported, server.ids(), "the reported events differ");

    // Polite bounds: the pages and the details each read at most `CONCURRENCY` at once, and
    // the prefetch's pace bounds the detail requests.
    assert!(
        stats.max_in_flight <= 2 * CONCURRENCY,
        "{} requests at once",
        stats.max_in_flight
    );
    let per_second = |num_requests: usize| num_requests as u128 * 1000 / elapsed.as_millis();
    let list_rate = per_second(stats.num_list_requests);
    let detail_rate = per_second(stats.num_detail_requests);
    println!("soak: {list_rate} list and {detail_rate} detail requests per second");
    assert!(list_rate < 40, "{list_rate} list requests per second");
    assert!(detail_rate < 60, "{detail_rate} detail requests per second");
}
