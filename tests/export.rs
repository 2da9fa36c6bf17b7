//! `credly-monitor export` end to end: the real binary against the fake Credly server.

mod common;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use common::TestServer;
use credly_monitor::fake::{FakeConfig, FakeServer, Fault, ListOrder, RandomFaults};
use credly_monitor::model::{Event, parse_timestamp};
use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_credly-monitor");

fn config(num_events: usize, order: ListOrder) -> FakeConfig {
    FakeConfig {
        num_events,
        order,
        end: parse_timestamp("2026-11-30T12:00:00Z").expect("a valid time"),
        ..FakeConfig::default()
    }
}

/// Runs the binary with the token and arguments; blocking work goes off the async runtime.
async fn export(token: &str, base: &url::Url, org: &str, out: &Path, extra: &[&str]) -> Output {
    let mut command = tokio::process::Command::new(BINARY);
    command
        .env("CREDLY_TOKEN", token)
        .args(["export", "--base-url", base.as_str(), "--org", org, "--out"])
        .arg(out)
        .args(extra);
    if !extra.contains(&"--retries") {
        command.args(["--retries", "3"]);
    }
    command.output().await.expect("the binary runs")
}

async fn export_from(server: &FakeServer, out: &Path, extra: &[&str]) -> Output {
    export(
        server.token(),
        &server.base_url(),
        server.organization_id(),
        out,
        extra,
    )
    .await
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("the export exists"))
        .expect("the export is JSON")
}

/// What the export must hold for these list items: each item as served, `occurred_at`
/// always present, oldest first by time then id.
fn expected_events(items: Vec<Value>) -> Vec<Value> {
    let mut events: Vec<Event> = items
        .into_iter()
        .map(|item| Event::from_json(item).expect("the fake server serves valid events"))
        .collect();
    events.sort_by(|a, b| (a.occurred_at, &a.id).cmp(&(b.occurred_at, &b.id)));
    events.iter().map(Event::export_json).collect()
}

fn exit_code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn the_export_equals_the_server_events_in_both_orders() {
    for order in [ListOrder::NewestFirst, ListOrder::OldestFirst] {
        let server = FakeServer::start(config(1_234, order)).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("events.json");

        let output = export_from(&server, &out, &[]).await;

        assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
        let document = read_json(&out);
        assert_eq!(document["format"], "credly-monitor-export");
        assert_eq!(document["version"], 1);
        assert_eq!(document["count"], 1_234);
        assert_eq!(
            document["source"]["organization_id"],
            server.organization_id()
        );
        assert_eq!(
            document["source"]["base_url"],
            server.base_url().as_str().trim_end_matches('/')
        );
        assert_eq!(
            document["events"],
            Value::Array(expected_events(server.summaries())),
            "{order:?}"
        );
        assert!(
            !std::fs::read_to_string(&out)
                .unwrap()
                .contains(server.token())
        );
        assert!(!stderr(&output).contains(server.token()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(
                std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
}

#[tokio::test]
async fn details_are_the_raw_data_of_each_detail_response() {
    let server = FakeServer::start(config(300, ListOrder::NewestFirst))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.ndjson");

    let output = export_from(&server, &out, &["--details", "--format", "ndjson"]).await;

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 300);
    let expected = expected_events(server.summaries());
    for (line, summary) in lines.iter().zip(&expected) {
        let mut without_detail = line.clone();
        let detail = without_detail
            .as_object_mut()
            .unwrap()
            .remove("detail")
            .unwrap();
        assert_eq!(&without_detail, summary);
        let id = summary["id"].as_str().unwrap();
        assert_eq!(Some(detail), server.detail(id), "detail of {id}");
    }
}

#[tokio::test]
async fn knobs_and_faults_still_give_exactly_the_server_events() {
    let server = FakeServer::start(config(700, ListOrder::OldestFirst))
        .await
        .unwrap();
    server.set_page_size(17);
    server.set_latency(Duration::from_millis(5));
    // One rate limit for the first request, then every kind of passing fault at random.
    server.inject(
        Fault::RateLimited {
            retry_after: Duration::from_secs(1),
        },
        1,
    );
    server.set_random_faults(Some(RandomFaults {
        probability: 0.2,
        seed: 7,
        retry_after: Duration::from_secs(1),
    }));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.json");

    let output = export_from(&server, &out, &["--concurrency", "3", "--retries", "10"]).await;

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        read_json(&out)["events"],
        Value::Array(expected_events(server.summaries()))
    );
    assert!(
        server.stats().num_faults_served >= 5,
        "{:?}",
        server.stats()
    );
}

#[tokio::test]
async fn events_inserted_at_the_head_while_paging_are_neither_lost_nor_doubled() {
    for order in [ListOrder::NewestFirst, ListOrder::OldestFirst] {
        let server = FakeServer::start(config(1_000, order)).await.unwrap();
        server.insert_after_list_requests(5, 37);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("events.json");

        let output = export_from(&server, &out, &["--concurrency", "2"]).await;

        assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
        let summaries = server.summaries();
        assert_eq!(summaries.len(), 1_037);
        assert_eq!(
            read_json(&out)["events"],
            Value::Array(expected_events(summaries)),
            "{order:?}"
        );
    }
}

#[tokio::test]
async fn type_and_time_filters_select_the_events() {
    let server = FakeServer::start(config(800, ListOrder::NewestFirst))
        .await
        .unwrap();
    let summaries = expected_events(server.summaries());
    let since = summaries[200]["occurred_at"].as_str().unwrap().to_owned();
    let until = summaries[600]["occurred_at"].as_str().unwrap().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.json");

    let args = [
        "--type",
        "badge.*",
        "--type",
        "employment.created",
        "--since",
        &since,
        "--until",
        &until,
    ];
    let output = export_from(&server, &out, &args).await;

    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    let wanted: Vec<Value> = summaries[200..600]
        .iter()
        .filter(|event| {
            let event_type = event["event_type"].as_str().unwrap_or_default();
            event_type.starts_with("badge.") || event_type == "employment.created"
        })
        .cloned()
        .collect();
    assert!(!wanted.is_empty());
    let document = read_json(&out);
    assert_eq!(document["events"], Value::Array(wanted));
    assert_eq!(
        document["filter"]["types"],
        json!(["badge.*", "employment.created"])
    );
}

#[tokio::test]
async fn standard_output_takes_the_export_with_out_dash() {
    let server = FakeServer::start(config(60, ListOrder::NewestFirst))
        .await
        .unwrap();
    let output = export_from(&server, Path::new("-"), &["--format", "ndjson", "--quiet"]).await;
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 60);
    assert!(output.stderr.is_empty(), "quiet: {}", stderr(&output));
}

#[tokio::test]
async fn a_rejected_token_exits_3_and_leaves_no_file() {
    let server = FakeServer::start(config(100, ListOrder::NewestFirst))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.json");

    let output = export(
        "wrong-token",
        &server.base_url(),
        server.organization_id(),
        &out,
        &[],
    )
    .await;
    assert_eq!(exit_code(&output), 3, "{}", stderr(&output));
    assert!(stderr(&output).contains("401"), "{}", stderr(&output));

    server.inject(Fault::Forbidden, 1);
    let output = export_from(&server, &out, &[]).await;
    assert_eq!(exit_code(&output), 3, "{}", stderr(&output));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing is left behind"
    );
}

#[tokio::test]
async fn a_failing_or_unreachable_api_exits_4_and_leaves_no_file() {
    let server = FakeServer::start(config(100, ListOrder::NewestFirst))
        .await
        .unwrap();
    server.inject(Fault::ServerError(502), 100);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.json");

    let output = export_from(&server, &out, &["--retries", "1"]).await;
    assert_eq!(exit_code(&output), 4, "{}", stderr(&output));

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = url::Url::parse(&format!("http://{}/v1", closed.local_addr().unwrap())).unwrap();
    drop(closed);
    let output = export("t", &base, "org", &out, &["--retries", "0"]).await;
    assert_eq!(exit_code(&output), 4, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("could not reach Credly"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing is left behind"
    );
}

#[tokio::test]
async fn an_unwritable_output_exits_5_and_leaves_no_file() {
    let server = FakeServer::start(config(50, ListOrder::NewestFirst))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-such-dir").join("events.json");

    let output = export_from(&server, &out, &[]).await;

    assert_eq!(exit_code(&output), 5, "{}", stderr(&output));
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn usage_errors_exit_2() {
    let server = FakeServer::start(config(10, ListOrder::NewestFirst))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.json");
    let cases: [&[&str]; 3] = [
        &["--since", "yesterday"],
        &["--env", "sandbox"],
        &["--format", "xml"],
    ];
    for extra in cases {
        let output = export_from(&server, &out, extra).await;
        assert_eq!(exit_code(&output), 2, "{extra:?}: {}", stderr(&output));
    }
    let insecure = url::Url::parse("http://api.credly.com/v1").unwrap();
    let output = export("t", &insecure, "org", &out, &[]).await;
    assert_eq!(exit_code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("refusing plain HTTP"),
        "{}",
        stderr(&output)
    );

    let output = tokio::process::Command::new(BINARY)
        .env_remove("CREDLY_TOKEN")
        .args(["export", "--org", "o", "--out"])
        .arg(&out)
        .output()
        .await
        .unwrap();
    assert_eq!(exit_code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("CREDLY_TOKEN"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn details_that_fail_are_recorded_and_exit_1() {
    let list = json!({"data": [
        {"id": "a", "event_type": "badge.created", "occurred_at": "2024-01-01T00:00:00Z"},
        {"id": "b", "event_type": "badge.created", "occured_at": "2024-01-02T00:00:00Z", "new_field": [1]},
    ], "metadata": {"total_count": 2, "total_pages": 1, "current_page": 1}});
    let detail = json!({"data": {"id": "a", "user_id": "u"}, "metadata": {}});
    let router = Router::new()
        .route(
            "/v1/organizations/o/events",
            get(move || async move { axum::Json(list) }),
        )
        .route(
            "/v1/organizations/o/events/a",
            get(move || async move { axum::Json(detail) }),
        );
    let server = TestServer::start(router).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.json");

    let output = export("t", &server.base, "o", &out, &["--details"]).await;

    assert_eq!(exit_code(&output), 1, "{}", stderr(&output));
    let events = &read_json(&out)["events"];
    assert_eq!(events[0]["detail"], json!({"id": "a", "user_id": "u"}));
    assert_eq!(events[1]["occurred_at"], "2024-01-02T00:00:00Z");
    assert_eq!(events[1]["new_field"], json!([1]));
    assert!(
        events[1]["detail_error"].as_str().unwrap().contains("418"),
        "{}",
        events[1]
    );
    let received = server.received();
    assert_eq!(received.len(), 3, "one page and two details: {received:?}");
    assert!(
        received
            .iter()
            .all(|r| r.method == "GET" && r.authorization.is_some())
    );
    assert!(
        received
            .iter()
            .all(|r| r.accept.as_deref() == Some("application/json"))
    );
    let mut paths: Vec<&str> = received.iter().map(|r| r.path_and_query.as_str()).collect();
    paths.sort_unstable();
    let expected = [
        "/v1/organizations/o/events/a",
        "/v1/organizations/o/events/b",
        "/v1/organizations/o/events?page=1",
    ];
    assert_eq!(paths, expected);
}
