//! Sync benchmarks: the in-memory timeline and the event cache at a million events, and the
//! backfill of 100,000 events (2,000 pages) from the fake server with 20 ms of latency per
//! request, pages fetched one after another against several at a time.
//!
//! `cargo bench --bench sync` runs the criterion benchmarks (filter, insert, cache load, the
//! cache's full-text search), then prints one-shot figures: memory per event of a
//! 1,000,000-event timeline, and the backfill timings (about a minute; set
//! `SYNC_BENCH_SKIP_BACKFILL=1` to skip them). Run without `--bench` (as `cargo test
//! --benches` does), everything runs once on small sizes.
//!
//! For whole-process figures (`scripts/bench.sh`), the binary also takes
//! `--make-cache PATH [N]` (write a cache of N synthetic events) and `--load-cache PATH`
//! (open and load it once, print the time, exit).
#![expect(clippy::print_stdout, reason = "a benchmark prints its figures")]
#![expect(
    clippy::cast_precision_loss,
    reason = "counts and sizes become approximate figures for display"
)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::DateTime;
use credly_monitor::api::ApiBase;
use credly_monitor::credentials::Secret;
use credly_monitor::fake::{FakeConfig, FakeServer, Generator};
use credly_monitor::model::{
    Event, EventDetail, EventType, Filter, OrganizationId, Timeline, TimelineEntry, TypePattern,
};
use credly_monitor::sync::{Cache, SyncOptions, SyncStatus, SyncTarget, SyncWorker, WorkerReport};
use criterion::{BatchSize, Criterion};
use serde_json::json;

/// The sizes of one run: the real ones under `cargo bench`, small ones as a smoke test.
#[derive(Clone, Copy)]
struct Sizes {
    timeline: usize,
    cache: usize,
    backfill: usize,
}

const FULL: Sizes = Sizes {
    timeline: 1_000_000,
    cache: 1_000_000,
    backfill: 100_000,
};

const SMOKE: Sizes = Sizes {
    timeline: 10_000,
    cache: 10_000,
    backfill: 1_000,
};

const BACKFILL_LATENCY: Duration = Duration::from_millis(20);
const BACKFILL_PAGE_SIZE: usize = 50;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(path) = value_after(&args, "--make-cache") {
        let num_events = value_after(&args, path)
            .and_then(|n| n.parse().ok())
            .unwrap_or(FULL.cache);
        make_cache(Path::new(path), num_events);
        return;
    }
    if let Some(path) = value_after(&args, "--load-cache") {
        load_cache_once(Path::new(path));
        return;
    }

    let sizes = if args.iter().any(|arg| arg == "--bench") {
        FULL
    } else {
        SMOKE
    };
    let mut criterion = Criterion::default().configure_from_args();
    timeline_benches(&mut criterion, sizes);
    cache_benches(&mut criterion, sizes);
    search_benches(&mut criterion, sizes);
    criterion.final_summary();

    timeline_memory(sizes);
    if std::env::var_os("SYNC_BENCH_SKIP_BACKFILL").is_none() {
        backfill_timings(sizes);
    }
}

fn value_after<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    let position = args.iter().position(|arg| arg == flag)?;
    args.get(position + 1).map(String::as_str)
}

/// A UUID-shaped id and a type for the `i`-th synthetic event.
fn synthetic(rng: &mut fastrand::Rng, i: usize) -> (String, &'static str) {
    let id = format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        rng.u32(..),
        rng.u16(..),
        rng.u16(..0x1000),
        rng.u16(..0x1000),
        rng.u64(..1 << 48)
    );
    let event_type = EventType::KNOWN
        .get(i % EventType::KNOWN.len())
        .map_or("badge.created", EventType::as_str);
    (id, event_type)
}

/// `num_events` synthetic timeline entries' data, a minute or so apart.
fn synthetic_rows(num_events: usize) -> Vec<(String, &'static str, i64)> {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut millis = 1_600_000_000_000_i64;
    (0..num_events)
        .map(|i| {
            millis += rng.i64(1..120_000);
            let (id, event_type) = synthetic(&mut rng, i);
            (id, event_type, millis)
        })
        .collect()
}

fn build_timeline(rows: &[(String, &'static str, i64)]) -> Timeline {
    let mut timeline = Timeline::new();
    timeline.insert_entries(rows.iter().map(|(id, event_type, millis)| TimelineEntry {
        id,
        occurred_at: DateTime::from_timestamp_millis(*millis).expect("synthetic times are valid"),
        event_type,
        summary: None,
    }));
    timeline.shrink_to_fit();
    timeline
}

fn timeline_benches(c: &mut Criterion, sizes: Sizes) {
    let rows = synthetic_rows(sizes.timeline);
    let timeline = build_timeline(&rows);
    let at = |fraction: usize| {
        let position = sizes.timeline * fraction / 4;
        timeline.get(position).map(|row| row.occurred_at)
    };
    let badges_in_middle = Filter {
        types: vec![TypePattern::new("badge.*")],
        since: at(1),
        until: at(3),
    };

    let mut group = c.benchmark_group(format!("timeline_{}", sizes.timeline));
    group.sample_size(10);
    group.bench_function("filter_all", |b| {
        b.iter(|| black_box(timeline.positions_matching(&Filter::default())).len());
    });
    group.bench_function("filter_badges_middle_half", |b| {
        b.iter(|| black_box(timeline.positions_matching(&badges_in_middle)).len());
    });
    group.bench_function("build_from_entries", |b| {
        b.iter(|| black_box(build_timeline(&rows)).len());
    });
    let new_rows = synthetic_rows(100);
    group.bench_function("insert_100_among_them", |b| {
        b.iter_batched(
            || timeline.clone(),
            |mut timeline| {
                let entries = new_rows
                    .iter()
                    .map(|(id, event_type, millis)| TimelineEntry {
                        id,
                        occurred_at: DateTime::from_timestamp_millis(*millis)
                            .expect("synthetic times are valid"),
                        event_type,
                        summary: None,
                    });
                timeline.insert_entries(entries)
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

fn cache_benches(c: &mut Criterion, sizes: Sizes) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("bench.sqlite3");
    make_cache(&path, sizes.cache);

    let mut group = c.benchmark_group(format!("cache_{}", sizes.cache));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("open_and_load", |b| {
        b.iter(|| {
            let loaded = Cache::open_and_load(&path).expect("the cache loads");
            assert_eq!(loaded.timeline.len(), sizes.cache);
            loaded.timeline.len()
        });
    });
    group.finish();
}

/// The worker's side of one search keystroke: the cache's full-text query over every
/// event, a tenth of them with a cached detail (names, emails, templates, skills) taken from
/// the demo organization.
fn search_benches(c: &mut Criterion, sizes: Sizes) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("search.sqlite3");
    make_cache(&path, sizes.cache);
    let mut cache = Cache::open_and_load(&path).expect("the cache loads").cache;
    let ids = cache.event_ids().expect("the ids are readable");
    let generator = Generator::new(&FakeConfig {
        num_events: ids.len() / 10,
        ..FakeConfig::default()
    });
    let started = Instant::now();
    let mut num_details = 0;
    for (position, id) in ids.iter().step_by(10).enumerate() {
        let Some(data) = generator
            .summary(position)
            .and_then(|summary| generator.detail(summary["id"].as_str()?))
        else {
            break;
        };
        cache
            .store_detail(id, &EventDetail::from_data(data))
            .expect("the cache is writable");
        num_details += 1;
    }
    println!(
        "search index: {num_details} details of {} events stored in {:.1} s",
        ids.len(),
        started.elapsed().as_secs_f64()
    );

    let mut group = c.benchmark_group(format!("search_{}", sizes.cache));
    group.sample_size(20);
    for query in ["p", "pri", "priya", "priya natarajan"] {
        let num_found = cache.search_unsorted(query).expect("the search runs").len();
        println!("search {query:?}: {num_found} events found");
        group.bench_function(query, |b| {
            b.iter(|| {
                cache
                    .search_unsorted(black_box(query))
                    .expect("the search runs")
                    .len()
            });
        });
    }
    group.finish();
}

/// Writes a cache of `num_events` synthetic events, 10,000 to a transaction.
fn make_cache(path: &Path, num_events: usize) {
    let started = Instant::now();
    let mut cache = Cache::open_and_load(path).expect("the cache opens").cache;
    let rows = synthetic_rows(num_events);
    for chunk in rows.chunks(10_000) {
        let events: Vec<Event> = chunk
            .iter()
            .map(|(id, event_type, millis)| {
                let at =
                    DateTime::from_timestamp_millis(*millis).expect("synthetic times are valid");
                Event::from_json(json!({
                    "id": id,
                    "organization_id": "8e3f5a2c-4b1d-4e6f-9a7c-2d5b8c1e0f43",
                    "event_type": event_type,
                    "occurred_at": at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                }))
                .expect("synthetic events are valid")
            })
            .collect();
        cache.insert_events(&events).expect("the cache is writable");
    }
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    println!(
        "cache written: {num_events} events in {:.1} s, {:.0} MB ({})",
        started.elapsed().as_secs_f64(),
        size as f64 / 1e6,
        path.display()
    );
}

fn load_cache_once(path: &Path) {
    let started = Instant::now();
    let loaded = Cache::open_and_load(path).expect("the cache loads");
    println!(
        "loaded {} cached events in {:.3} s; timeline memory {:.1} MB",
        loaded.timeline.len(),
        started.elapsed().as_secs_f64(),
        loaded.timeline.memory_bytes() as f64 / 1e6
    );
}

/// Resident memory of this process in bytes, on Linux.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn timeline_memory(sizes: Sizes) {
    let rows = synthetic_rows(sizes.timeline);
    let before = resident_bytes();
    let started = Instant::now();
    let timeline = build_timeline(&rows);
    let elapsed = started.elapsed();
    let after = resident_bytes();
    let estimate = timeline.memory_bytes() as f64 / timeline.len() as f64;
    let resident = before
        .zip(after)
        .map(|(before, after)| after.saturating_sub(before) as f64 / timeline.len() as f64);
    println!(
        "timeline of {} events: built in {:.0} ms; {estimate:.1} bytes per event by estimate, \
         {} by resident memory (ids are 36 bytes)",
        timeline.len(),
        elapsed.as_secs_f64() * 1e3,
        resident.map_or("n/a".to_owned(), |bytes| format!("{bytes:.1}")),
    );
}

/// Times a whole backfill through the sync worker (pages, cache writes, reports) at several
/// concurrencies, once each.
fn backfill_timings(sizes: Sizes) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime for the fake server");
    let server = runtime.block_on(async {
        FakeServer::start(FakeConfig {
            num_events: sizes.backfill,
            page_size: BACKFILL_PAGE_SIZE,
            latency: BACKFILL_LATENCY,
            ..FakeConfig::default()
        })
        .await
        .expect("the fake server starts")
    });
    let num_pages = sizes.backfill.div_ceil(BACKFILL_PAGE_SIZE);
    for concurrency in [1, 4, 8] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("backfill.sqlite3");
        let started = Instant::now();
        runtime.block_on(backfill_once(&server, &path, concurrency));
        let elapsed = started.elapsed().as_secs_f64();
        let num_cached = Cache::open_and_load(&path)
            .expect("the cache loads")
            .timeline
            .len();
        assert_eq!(num_cached, sizes.backfill);
        println!(
            "backfill of {} events ({num_pages} pages, {} ms latency), concurrency {concurrency}: \
             {elapsed:.1} s ({:.0} events/s)",
            sizes.backfill,
            BACKFILL_LATENCY.as_millis(),
            sizes.backfill as f64 / elapsed
        );
    }
}

async fn backfill_once(server: &FakeServer, path: &Path, concurrency: usize) {
    let target = SyncTarget {
        base: ApiBase::custom(server.base_url().as_str()).expect("a loopback base"),
        organization_id: OrganizationId::new(server.organization_id()),
        token: Some(Secret::new(server.token())),
        cache_path: PathBuf::from(path),
    };
    let options = SyncOptions {
        concurrency,
        ..SyncOptions::default()
    };
    let worker = SyncWorker::start(target, options, Arc::new(|| {})).expect("the worker starts");
    loop {
        while let Some(report) = worker.try_recv() {
            match report {
                WorkerReport::Status(SyncStatus::Waiting { .. }) => return,
                WorkerReport::Status(SyncStatus::Retrying { reason, .. }) => {
                    panic!("the backfill failed: {reason}")
                }
                _ => {}
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
