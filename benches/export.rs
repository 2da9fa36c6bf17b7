//! Export speed: 10,000 events (200 pages) from the fake server with 20 ms of latency per
//! request, pages fetched one after another against 4 at a time.
//!
//! Run with `cargo bench --bench export`.

use std::time::Duration;

use credly_monitor::api::{ApiBase, ClientConfig, CredlyClient, ListingOptions, fetch_all};
use credly_monitor::credentials::Secret;
use credly_monitor::export::{ExportFormat, ExportHeader, ExportedEvent, render, sort_for_export};
use credly_monitor::fake::{FakeConfig, FakeServer};
use credly_monitor::model::{Filter, OrganizationId};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

const NUM_EVENTS: usize = 10_000;
const LATENCY: Duration = Duration::from_millis(20);

fn export_10k_events(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime for the benchmark");
    let server = runtime.block_on(async {
        let config = FakeConfig {
            num_events: NUM_EVENTS,
            latency: LATENCY,
            ..FakeConfig::default()
        };
        FakeServer::start(config)
            .await
            .expect("the fake server starts")
    });
    let client = CredlyClient::new(ClientConfig::new(
        ApiBase::custom(server.base_url().as_str()).expect("a loopback base"),
        OrganizationId::new(server.organization_id()),
        Secret::new(server.token()),
    ))
    .expect("a client for the fake server");

    let mut group = c.benchmark_group("export_10k_events_20ms_latency");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for concurrency in [1, 4, 8] {
        group.bench_with_input(
            BenchmarkId::new("concurrency", concurrency),
            &concurrency,
            |b, &concurrency| {
                b.to_async(&runtime)
                    .iter(|| export_once(&client, concurrency));
            },
        );
    }
    group.finish();
}

async fn export_once(client: &CredlyClient, concurrency: usize) -> usize {
    let options = ListingOptions {
        concurrency,
        ..ListingOptions::default()
    };
    let listing = fetch_all(client, &options, |_| {})
        .await
        .expect("the listing succeeds");
    assert_eq!(listing.events.len(), NUM_EVENTS);
    let mut events: Vec<ExportedEvent> = listing
        .events
        .into_iter()
        .map(|event| ExportedEvent {
            event,
            detail: None,
        })
        .collect();
    sort_for_export(&mut events);
    let header = ExportHeader {
        exported_at: chrono::Utc::now(),
        base_url: client.base_url().to_string(),
        organization_id: client.organization_id().to_string(),
        filter: Filter::default(),
        with_details: false,
    };
    render(ExportFormat::Json, &header, &events).len()
}

criterion_group!(benches, export_10k_events);
criterion_main!(benches);
