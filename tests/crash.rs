//! Crash safety of the cache: a process syncing into it is killed (SIGKILL, no clean-up) at
//! random points of a backfill, again and again. After each kill the cache must open without
//! repair, pass the `SQLite` integrity check and hold only the server's events, each whole and
//! once; a sync started afterwards must complete it to exactly the server's events.
//!
//! The killed process is this test binary itself, running the ignored test
//! `child_syncs_until_killed` with the target in environment variables.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use credly_monitor::api::ApiBase;
use credly_monitor::credentials::Secret;
use credly_monitor::fake::{FakeConfig, FakeServer, ListOrder};
use credly_monitor::model::OrganizationId;
use credly_monitor::sync::{
    Cache, SyncOptions, SyncStatus, SyncTarget, SyncWorker, WorkerCommand, WorkerReport,
};
use serde_json::Value;

const CHILD_BASE: &str = "CREDLY_CRASH_CHILD_BASE";
const CHILD_ORG: &str = "CREDLY_CRASH_CHILD_ORG";
const CHILD_TOKEN: &str = "CREDLY_CRASH_CHILD_TOKEN";
const CHILD_CACHE: &str = "CREDLY_CRASH_CHILD_CACHE";

fn target(base: &str, org: &str, token: &str, cache: &Path) -> SyncTarget {
    SyncTarget {
        base: ApiBase::custom(base).expect("a loopback base"),
        organization_id: OrganizationId::new(org),
        token: Some(Secret::new(token)),
        cache_path: cache.to_path_buf(),
    }
}

/// The process that gets killed: syncs the target the parent named, forever.
#[test]
#[ignore = "started, then killed, by a_sync_killed_at_random_points_leaves_a_consistent_cache"]
fn child_syncs_until_killed() {
    let var = |name| std::env::var(name).expect("run by the crash test, which sets the target");
    let cache = std::path::PathBuf::from(var(CHILD_CACHE));
    let target = target(&var(CHILD_BASE), &var(CHILD_ORG), &var(CHILD_TOKEN), &cache);
    let worker = SyncWorker::start(target, SyncOptions::default(), Arc::new(|| {}))
        .expect("the worker starts");
    loop {
        while worker.try_recv().is_some() {}
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Checks the cache left by a kill; returns how many events it holds.
fn check_after_kill(path: &Path, server: &FakeServer) -> usize {
    let connection = rusqlite::Connection::open(path).expect("the cache opens in SQLite");
    let integrity: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("the integrity check runs");
    assert_eq!(integrity, "ok");
    drop(connection);

    let loaded = Cache::open_and_load(path).expect("the cache opens");
    assert!(
        loaded.recovered.is_none(),
        "a killed write made the cache unreadable"
    );
    let ids = loaded.cache.event_ids().expect("the ids are readable");
    let mut distinct = ids.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), ids.len(), "an event is cached twice");
    assert_eq!(
        loaded.timeline.len(),
        ids.len(),
        "the timeline loads every event"
    );
    // Each cached event is the server's, whole.
    let summaries: HashMap<String, Value> = server
        .summaries()
        .into_iter()
        .map(|summary| (summary["id"].as_str().expect("an id").to_owned(), summary))
        .collect();
    for id in &ids {
        let cached = loaded.cache.event_json(id).expect("the event is readable");
        assert_eq!(
            cached.as_ref(),
            summaries.get(id.as_str()),
            "{id} is torn or foreign"
        );
    }
    ids.len()
}

/// Runs a worker on `target` until it finishes a poll it started, then stops it.
fn sync_until_a_poll_ends(target: SyncTarget) {
    let restarted = chrono::Utc::now();
    let worker =
        SyncWorker::start(target, SyncOptions::default(), Arc::new(|| {})).expect("a worker");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let mut finished = false;
    while !finished {
        assert!(
            std::time::Instant::now() < deadline,
            "no finished poll in 60 s"
        );
        while let Some(report) = worker.try_recv() {
            finished |= matches!(
                report,
                WorkerReport::Status(SyncStatus::Waiting { last_poll, .. }) if last_poll >= restarted
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    worker.send(WorkerCommand::Shutdown);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_killed_at_random_points_leaves_a_consistent_cache() {
    let num_events = 12_000;
    let server = FakeServer::start(FakeConfig {
        num_events,
        page_size: 50,
        order: ListOrder::NewestFirst,
        latency: Duration::from_millis(15),
        ..FakeConfig::default()
    })
    .await
    .expect("the fake server starts");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("cache.sqlite3");
    let base = server.base_url().as_str().to_owned();
    let mut rng = fastrand::Rng::with_seed(11);

    let mut num_cached = Vec::new();
    for _ in 0..4 {
        let mut child = tokio::process::Command::new(std::env::current_exe().expect("a path"))
            .args([
                "--ignored",
                "--exact",
                "child_syncs_until_killed",
                "--quiet",
            ])
            .env(CHILD_BASE, &base)
            .env(CHILD_ORG, server.organization_id())
            .env(CHILD_TOKEN, server.token())
            .env(CHILD_CACHE, &path)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("the child starts");
        tokio::time::sleep(Duration::from_millis(rng.u64(300..1_200))).await;
        child.start_kill().expect("the child is killed");
        child.wait().await.expect("the child ends");
        num_cached.push(check_after_kill(&path, &server));
    }
    assert!(
        num_cached.iter().any(|&n| n > 0 && n < num_events),
        "no kill landed in the middle of the backfill: {num_cached:?}"
    );

    // A restart completes the cache.
    let restart = target(&base, server.organization_id(), server.token(), &path);
    tokio::task::spawn_blocking(move || sync_until_a_poll_ends(restart))
        .await
        .expect("the restarted sync ran");
    let loaded = Cache::open_and_load(&path).expect("the cache opens");
    let mut ids: Vec<String> = loaded
        .cache
        .event_ids()
        .expect("the ids are readable")
        .into_iter()
        .map(|id| id.as_str().to_owned())
        .collect();
    ids.sort();
    assert_eq!(ids, server.ids());
}
