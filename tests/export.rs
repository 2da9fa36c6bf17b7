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
    if !extra.contains(&"--log-dir") {
        command.arg("--no-log-file");
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

/// Every string in `value` that looks like an email address.
fn emails_in(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(text) if text.contains('@') => found.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|item| emails_in(item, found)),
        Value::Object(fields) => fields.values().for_each(|field| emails_in(field, found)),
        _ => {}
    }
}

#[tokio::test]
async fn logs_go_to_a_private_daily_file_without_token_or_personal_data() {
    let server = FakeServer::start(config(120, ListOrder::NewestFirst))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("state").join("logs");
    let out = dir.path().join("events.json");
    let log_dir = logs.to_str().unwrap();
    let extra = ["--details", "--log-level", "trace", "--log-dir", log_dir];
    let output = export_from(&server, &out, &extra).await;
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));

    let files: Vec<_> = std::fs::read_dir(&logs)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("credly-monitor."), "{name}");
    assert_eq!(files[0].extension(), Some("log".as_ref()), "{name}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("GET"), "trace logs show the requests: {text}");
    assert!(!text.contains(server.token()), "the token is in the log");
    let mut emails = Vec::new();
    emails_in(&read_json(&out), &mut emails);
    assert!(!emails.is_empty(), "the export has no email to look for");
    for email in &emails {
        assert!(!text.contains(email.as_str()), "{email} is in the log");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&logs).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "the log directory is private");
    }
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

/// A disk that fills up part way: the shell caps the size of files the export may write
/// (and ignores the signal the cap raises), so the write fails as on a full disk.
#[cfg(unix)]
#[tokio::test]
async fn a_disk_full_while_writing_exits_5_says_why_and_leaves_no_file() {
    let server = FakeServer::start(config(400, ListOrder::NewestFirst))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.json");

    let output = tokio::process::Command::new("bash")
        .args([
            "-c",
            r#"ulimit -f 16; trap "" XFSZ; exec "$0" "$@""#,
            BINARY,
        ])
        .env("CREDLY_TOKEN", server.token())
        .args(["--no-log-file", "export", "--base-url"])
        .arg(server.base_url().as_str())
        .args(["--org", server.organization_id(), "--out"])
        .arg(&out)
        .output()
        .await
        .unwrap();
    assert_eq!(exit_code(&output), 5, "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("cannot write the export"), "{message}");
    assert!(
        message.contains("too large"),
        "the OS's reason is given: {message}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no partial file is left"
    );
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
        .arg("--no-log-file")
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

/// Starts an export of a slow organization (about 8 s of paging), lets it run a second, then
/// sends it `signal` and returns how it ended.
#[cfg(unix)]
async fn export_stopped_by(signal: &str, out: &Path) -> Output {
    let server = FakeServer::start(FakeConfig {
        latency: Duration::from_millis(200),
        ..config(2_000, ListOrder::NewestFirst)
    })
    .await
    .expect("the fake server starts");
    let child = tokio::process::Command::new(BINARY)
        .env("CREDLY_TOKEN", server.token())
        .args([
            "--no-log-file",
            "export",
            "--concurrency",
            "1",
            "--base-url",
        ])
        .arg(server.base_url().as_str())
        .args(["--org", server.organization_id(), "--out"])
        .arg(out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the export starts");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let pid = child.id().expect("the export is running").to_string();
    let sent = tokio::process::Command::new("kill")
        .args([signal, &pid])
        .status()
        .await
        .expect("kill runs");
    assert!(sent.success(), "kill {signal} {pid}");
    tokio::time::timeout(Duration::from_secs(10), child.wait_with_output())
        .await
        .expect("the export stops")
        .expect("the export's output is read")
}

#[cfg(unix)]
#[tokio::test]
async fn an_export_stopped_by_sigterm_exits_130_says_so_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.json");
    let output = export_stopped_by("-TERM", &out).await;
    assert_eq!(exit_code(&output), 130, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("interrupted"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[cfg(unix)]
#[tokio::test]
async fn an_export_killed_outright_leaves_no_file_and_the_next_one_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.json");
    let output = export_stopped_by("-KILL", &out).await;
    assert_eq!(output.status.code(), None, "killed by a signal");
    assert!(!out.exists(), "nothing at --out");

    let server = FakeServer::start(config(300, ListOrder::NewestFirst))
        .await
        .unwrap();
    let output = export_from(&server, &out, &[]).await;
    assert_eq!(exit_code(&output), 0, "{}", stderr(&output));
    assert_eq!(read_json(&out)["count"], 300);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names, ["events.json"], "only the finished export is there");
}
