//! The sync worker against the fake Credly API: backfill, live events in both list orders,
//! events inserted while paging, an outage, a rejected token, a restart without network, a
//! corrupt cache, details and search. Every test checks that no event is ever reported or
//! cached twice, and that the cache ends up holding exactly the server's events.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use credly_monitor::api::{ApiBase, RetryPolicy};
use credly_monitor::credentials::Secret;
use credly_monitor::fake::{FakeConfig, FakeServer, Fault, ListOrder};
use credly_monitor::model::{EventDetail, EventId, OrganizationId, summary_line};
use credly_monitor::sync::{
    Cache, SyncOptions, SyncStatus, SyncTarget, SyncWorker, WorkerCommand, WorkerReport,
};

const TIMEOUT: Duration = Duration::from_secs(20);

fn options() -> SyncOptions {
    SyncOptions {
        concurrency: 4,
        retry: RetryPolicy {
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(100),
            max_retry_after: Duration::from_secs(1),
            max_attempts: 2,
        },
        prefetch_interval: Duration::from_millis(5),
        ..SyncOptions::default()
    }
}

async fn server(num_events: usize, page_size: usize, order: ListOrder) -> FakeServer {
    FakeServer::start(FakeConfig {
        num_events,
        page_size,
        order,
        ..FakeConfig::default()
    })
    .await
    .expect("the fake server starts")
}

fn target(server: &FakeServer, cache_path: &Path) -> SyncTarget {
    SyncTarget {
        base: ApiBase::custom(server.base_url().as_str()).expect("a loopback base"),
        organization_id: OrganizationId::new(server.organization_id()),
        token: Some(Secret::new(server.token())),
        cache_path: cache_path.to_path_buf(),
    }
}

/// The ids the cache file holds, sorted (read beside the running worker: WAL allows it).
fn cache_ids(path: &Path) -> Vec<String> {
    let loaded = Cache::open_and_load(path).expect("the cache opens");
    assert!(loaded.recovered.is_none());
    loaded
        .cache
        .event_ids()
        .expect("the ids are readable")
        .into_iter()
        .map(|id| id.as_str().to_owned())
        .collect()
}

/// A worker and every report it sent, with checks on the new events reported.
struct Recorder {
    worker: SyncWorker,
    reports: Vec<WorkerReport>,
    new_ids: Vec<String>,
}

impl Recorder {
    fn start(target: SyncTarget, options: SyncOptions) -> Self {
        let worker =
            SyncWorker::start(target, options, Arc::new(|| {})).expect("the worker starts");
        Self {
            worker,
            reports: Vec::new(),
            new_ids: Vec::new(),
        }
    }

    fn record(&mut self, report: &WorkerReport) {
        if let WorkerReport::NewEvents(events) = report {
            let times: Vec<_> = events.iter().map(|e| (e.occurred_at, &e.id)).collect();
            assert!(times.is_sorted(), "new events come oldest first");
            self.new_ids
                .extend(events.iter().map(|e| e.id.as_str().to_owned()));
        }
        self.reports.push(report.clone());
    }

    /// Waits for a report that `wanted` accepts; returns it.
    async fn wait_for(
        &mut self,
        what: &str,
        wanted: impl Fn(&WorkerReport) -> bool,
    ) -> WorkerReport {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            while let Some(report) = self.worker.try_recv() {
                self.record(&report);
                if wanted(&report) {
                    return report;
                }
            }
            let recent: Vec<_> = self.reports.iter().rev().take(5).collect();
            assert!(
                Instant::now() < deadline,
                "no {what} in time; last reports: {recent:#?}"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Waits until a poll that ended after `since` left the worker waiting for the next.
    async fn wait_for_poll_after(&mut self, since: DateTime<Utc>) {
        self.wait_for("a finished poll", |report| {
            matches!(report, WorkerReport::Status(SyncStatus::Waiting { last_poll, .. }) if *last_poll >= since)
        })
        .await;
    }

    async fn worker_first_report(&mut self) -> WorkerReport {
        self.wait_for("any report", |_| true).await
    }

    async fn poll_now(&mut self) {
        let since = Utc::now();
        assert!(self.worker.send(WorkerCommand::PollNow));
        self.wait_for_poll_after(since).await;
    }

    fn assert_no_duplicates(&self) {
        let distinct: HashSet<&String> = self.new_ids.iter().collect();
        assert_eq!(
            distinct.len(),
            self.new_ids.len(),
            "an event was reported twice"
        );
    }

    /// The new events reported so far are exactly the server's events.
    fn assert_reported_all_of(&self, server: &FakeServer) {
        self.assert_no_duplicates();
        let mut reported = self.new_ids.clone();
        reported.sort();
        assert_eq!(reported, server.ids());
    }

    fn saw(&self, wanted: impl Fn(&WorkerReport) -> bool) -> bool {
        self.reports.iter().any(wanted)
    }
}

fn cache_file(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("cache").join("org.sqlite3")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_then_live_events_in_both_orders() {
    for order in [ListOrder::NewestFirst, ListOrder::OldestFirst] {
        let server = server(600, 25, order).await;
        let dir = tempfile::tempdir().unwrap();
        let path = cache_file(&dir);
        let mut sync = Recorder::start(target(&server, &path), options());

        let loaded = sync
            .wait_for("the cache", |r| {
                matches!(r, WorkerReport::CacheLoaded { .. })
            })
            .await;
        assert!(
            matches!(loaded, WorkerReport::CacheLoaded { timeline, .. } if timeline.is_empty())
        );
        sync.wait_for_poll_after(DateTime::<Utc>::MIN_UTC).await;
        assert!(sync.saw(|r| matches!(
            r,
            WorkerReport::Status(SyncStatus::Backfilling {
                pages_total: Some(24),
                ..
            })
        )));
        assert_eq!(cache_ids(&path), server.ids(), "{order:?}");
        sync.assert_reported_all_of(&server);

        for num_new in [7, 60] {
            let requests_before = server.stats().num_list_requests;
            server.push_events(num_new);
            sync.poll_now().await;
            assert_eq!(cache_ids(&path), server.ids(), "{order:?} +{num_new}");
            sync.assert_reported_all_of(&server);
            let requests = server.stats().num_list_requests - requests_before;
            assert!(
                requests <= 2 + num_new / 25 + 1,
                "{order:?}: {requests} pages for {num_new}"
            );
        }

        let requests_before = server.stats().num_list_requests;
        sync.poll_now().await;
        let requests = server.stats().num_list_requests - requests_before;
        assert!(
            requests <= 1,
            "{order:?}: a quiet poll reads one page, not {requests}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_inserted_while_paging_are_not_missed() {
    for order in [ListOrder::NewestFirst, ListOrder::OldestFirst] {
        let server = server(500, 20, order).await;
        server.insert_after_list_requests(3, 15);
        let dir = tempfile::tempdir().unwrap();
        let path = cache_file(&dir);
        let mut sync = Recorder::start(target(&server, &path), options());
        sync.wait_for_poll_after(DateTime::<Utc>::MIN_UTC).await;
        assert_eq!(server.summaries().len(), 515);
        assert_eq!(cache_ids(&path), server.ids(), "{order:?} backfill");

        server.push_events(45);
        server.insert_after_list_requests(1, 30);
        sync.poll_now().await;
        assert_eq!(cache_ids(&path), server.ids(), "{order:?} incremental");
        sync.assert_reported_all_of(&server);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_backs_off_then_recovers() {
    let server = server(200, 50, ListOrder::NewestFirst).await;
    let dir = tempfile::tempdir().unwrap();
    let path = cache_file(&dir);
    let mut sync = Recorder::start(target(&server, &path), options());
    sync.wait_for_poll_after(DateTime::<Utc>::MIN_UTC).await;

    // Each request is tried twice: three polls fail before the fourth gets through.
    server.inject(Fault::ServerError(503), 6);
    server.push_events(5);
    let since = Utc::now();
    assert!(sync.worker.send(WorkerCommand::PollNow));
    let retrying = sync
        .wait_for("a retry", |r| {
            matches!(r, WorkerReport::Status(SyncStatus::Retrying { .. }))
        })
        .await;
    let WorkerReport::Status(SyncStatus::Retrying { delay, reason }) = retrying else {
        unreachable!();
    };
    assert!(delay <= Duration::from_millis(100), "{delay:?}");
    assert!(reason.contains("503"), "{reason}");
    sync.wait_for_poll_after(since).await;
    assert_eq!(server.stats().num_faults_served, 6);
    assert_eq!(cache_ids(&path), server.ids());
    sync.assert_reported_all_of(&server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_stops_polling_until_the_target_changes() {
    let server = server(100, 50, ListOrder::NewestFirst).await;
    let dir = tempfile::tempdir().unwrap();
    let path = cache_file(&dir);
    let mut sync = Recorder::start(target(&server, &path), options());
    sync.wait_for_poll_after(DateTime::<Utc>::MIN_UTC).await;

    server.inject(Fault::Unauthorized, 1);
    assert!(sync.worker.send(WorkerCommand::PollNow));
    sync.wait_for("the rejection", |r| {
        matches!(r, WorkerReport::Status(SyncStatus::AuthRejected { reason }) if reason.contains("401"))
    })
    .await;
    let requests = server.stats().num_list_requests;
    assert!(sync.worker.send(WorkerCommand::PollNow));
    assert!(sync.worker.send(WorkerCommand::Resume));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        server.stats().num_list_requests,
        requests,
        "no request after a 401"
    );

    let since = Utc::now();
    assert!(
        sync.worker
            .send(WorkerCommand::SwitchTarget(target(&server, &path)))
    );
    let reloaded = sync
        .wait_for("the reload", |r| {
            matches!(r, WorkerReport::CacheLoaded { .. })
        })
        .await;
    assert!(
        matches!(reloaded, WorkerReport::CacheLoaded { timeline, .. } if timeline.len() == 100)
    );
    sync.wait_for_poll_after(since).await;
    assert!(server.stats().num_list_requests > requests);
    sync.assert_reported_all_of(&server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_without_network_shows_the_cached_timeline_and_details() {
    let server = server(300, 50, ListOrder::NewestFirst).await;
    let dir = tempfile::tempdir().unwrap();
    let path = cache_file(&dir);
    let target = target(&server, &path);
    let opened = EventId::new(server.summaries()[42]["id"].as_str().unwrap());
    {
        let mut sync = Recorder::start(target.clone(), options());
        sync.wait_for_poll_after(DateTime::<Utc>::MIN_UTC).await;
        assert!(sync.worker.send(WorkerCommand::FetchDetail(opened.clone())));
        sync.wait_for("the detail", |r| {
            matches!(r, WorkerReport::DetailLoaded { .. })
        })
        .await;
        sync.assert_reported_all_of(&server);
    }
    server.shutdown().await;

    let mut offline = Recorder::start(target, options());
    let first = offline.worker_first_report().await;
    let WorkerReport::CacheLoaded {
        timeline,
        num_details,
    } = first
    else {
        panic!("the cache comes first, got {first:?}");
    };
    assert_eq!((timeline.len(), num_details), (300, 1));
    let row = timeline
        .get(timeline.position_of(opened.as_str()).unwrap())
        .unwrap();
    assert!(
        row.summary.is_some(),
        "the cached detail gave the row its summary line"
    );

    offline
        .wait_for("a retry", |r| {
            matches!(r, WorkerReport::Status(SyncStatus::Retrying { .. }))
        })
        .await;
    assert!(
        offline
            .worker
            .send(WorkerCommand::FetchDetail(opened.clone()))
    );
    let detail = offline
        .wait_for("the cached detail", |r| {
            matches!(
                r,
                WorkerReport::DetailLoaded { .. } | WorkerReport::DetailFailed { .. }
            )
        })
        .await;
    assert!(matches!(detail, WorkerReport::DetailLoaded { id, .. } if id == opened));
    assert!(offline.new_ids.is_empty(), "cached events are not new");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_or_newer_cache_is_moved_aside_and_rebuilt() {
    let server = server(120, 50, ListOrder::OldestFirst).await;
    for label in ["corrupt", "newer"] {
        let dir = tempfile::tempdir().unwrap();
        let path = cache_file(&dir);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if label == "corrupt" {
            let garbage: Vec<u8> = (0..8_192_u32).map(|i| (i * 7 % 251) as u8).collect();
            std::fs::write(&path, garbage).unwrap();
        } else {
            let db = rusqlite::Connection::open(&path).unwrap();
            db.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 99;")
                .unwrap();
        }

        let mut sync = Recorder::start(target(&server, &path), options());
        let loaded = sync.worker_first_report().await;
        assert!(
            matches!(loaded, WorkerReport::CacheLoaded { timeline, .. } if timeline.is_empty())
        );
        let recovered = sync
            .wait_for("the recovery", |r| {
                matches!(r, WorkerReport::CacheRecovered { .. })
            })
            .await;
        let WorkerReport::CacheRecovered { message, moved_to } = recovered else {
            unreachable!();
        };
        let moved_to = moved_to.expect("the old file was kept");
        assert!(moved_to.exists(), "{}", moved_to.display());
        let name = moved_to.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(&format!("org.sqlite3.{label}-")), "{name}");
        assert!(message.contains("rebuilt"), "{message}");

        sync.wait_for_poll_after(DateTime::<Utc>::MIN_UTC).await;
        assert_eq!(cache_ids(&path), server.ids(), "{label}");
        sync.assert_reported_all_of(&server);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn details_are_fetched_once_cached_and_searchable() {
    let server = server(150, 50, ListOrder::NewestFirst).await;
    let dir = tempfile::tempdir().unwrap();
    let path = cache_file(&dir);
    let mut sync = Recorder::start(target(&server, &path), options());
    sync.wait_for_poll_after(DateTime::<Utc>::MIN_UTC).await;

    let summaries = server.summaries();
    let (id, line) = summaries
        .iter()
        .find_map(|summary| {
            let id = summary["id"].as_str()?;
            let detail = EventDetail::from_data(server.detail(id)?);
            summary_line(&detail).map(|line| (EventId::new(id), line))
        })
        .expect("some event has a summary line");
    for _ in 0..2 {
        assert!(sync.worker.send(WorkerCommand::FetchDetail(id.clone())));
        let loaded = sync
            .wait_for("the detail", |r| {
                matches!(r, WorkerReport::DetailLoaded { .. })
            })
            .await;
        assert!(matches!(loaded, WorkerReport::DetailLoaded { id: loaded, .. } if loaded == id));
    }
    assert_eq!(
        server.stats().num_detail_requests,
        1,
        "the second answer came from the cache"
    );

    let word = line.split_whitespace().next().unwrap().to_owned();
    let searches = [
        (word.clone(), true),
        (id.as_str()[..8].to_owned(), true),
        (String::new(), false),
    ];
    for (generation, (query, found)) in (1..).zip(searches) {
        assert!(sync.worker.send(WorkerCommand::Search {
            query: query.clone(),
            generation
        }));
        let results = sync
            .wait_for("results", |r| {
                matches!(r, WorkerReport::SearchResults { .. })
            })
            .await;
        let WorkerReport::SearchResults {
            generation: answered,
            ids,
        } = results
        else {
            unreachable!();
        };
        assert_eq!(answered, generation);
        assert_eq!(ids.contains(&id), found, "{query:?} -> {ids:?}");
    }

    let missing = EventId::new("00000000-0000-0000-0000-000000000000");
    assert!(
        sync.worker
            .send(WorkerCommand::FetchDetail(missing.clone()))
    );
    let failed = sync
        .wait_for("the failure", |r| {
            matches!(r, WorkerReport::DetailFailed { .. })
        })
        .await;
    assert!(matches!(failed, WorkerReport::DetailFailed { id, .. } if id == missing));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefetch_fills_in_every_missing_detail_once() {
    let server = server(40, 50, ListOrder::NewestFirst).await;
    let dir = tempfile::tempdir().unwrap();
    let path = cache_file(&dir);
    let mut sync = Recorder::start(target(&server, &path), options());
    sync.wait_for_poll_after(DateTime::<Utc>::MIN_UTC).await;
    assert_eq!(
        server.stats().num_detail_requests,
        0,
        "prefetch is off by default"
    );

    assert!(sync.worker.send(WorkerCommand::SetPrefetch(true)));
    let deadline = Instant::now() + TIMEOUT;
    while Cache::open_and_load(&path).unwrap().num_details < 40 {
        assert!(Instant::now() < deadline, "prefetch did not finish");
        while let Some(report) = sync.worker.try_recv() {
            sync.record(&report);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.stats().num_detail_requests, 40);
}
