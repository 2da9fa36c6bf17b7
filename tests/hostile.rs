//! Hostile answers from a server on loopback: JSON nested thousands of levels deep, strings of
//! megabytes, pages of 50 MB and over the size limit, a `total_pages` of a billion, negative
//! counts, ids with control characters and bytes that are not UTF-8. None may panic the
//! client, make it read without bound or lose the events around them.

mod common;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse as _, Response};
use axum::routing::get;
use common::TestServer;
use credly_monitor::api::{
    ApiBase, ApiError, ClientConfig, CredlyClient, ListingOptions, MAX_BODY_BYTES, RetryPolicy,
    fetch_all,
};
use credly_monitor::credentials::Secret;
use credly_monitor::model::{EventType, OrganizationId};
use serde_json::{Value, json};

const EVENTS_PATH: &str = "/v1/organizations/org-1/events";

fn client_for(server: &TestServer) -> CredlyClient {
    let mut config = ClientConfig::new(
        ApiBase::custom(server.base.as_str()).expect("a loopback base"),
        OrganizationId::new("org-1"),
        Secret::new("tok"),
    );
    config.retry = RetryPolicy::none();
    config.request_timeout = Duration::from_secs(20);
    CredlyClient::new(config).expect("a client for a loopback base")
}

fn item(id: &str) -> Value {
    json!({"id": id, "organization_id": "org-1", "event_type": "badge.created",
           "occurred_at": "2026-11-30T12:00:00Z"})
}

fn json_response(body: Vec<u8>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        Body::from(body),
    )
        .into_response()
}

/// A server whose every list page is `body`.
async fn serving(body: Vec<u8>) -> TestServer {
    TestServer::start(Router::new().route(
        EVENTS_PATH,
        get(move || {
            let body = body.clone();
            async move { json_response(body) }
        }),
    ))
    .await
}

fn page_of(items: &[Value], metadata: &Value) -> Vec<u8> {
    serde_json::to_vec(&json!({"data": items, "metadata": metadata})).expect("JSON")
}

#[tokio::test]
async fn json_nested_thousands_deep_is_a_malformed_page_not_a_crash() {
    let depth = 50_000;
    let mut item = item("ev-deep").to_string();
    item.insert_str(
        item.len() - 1,
        &format!(",\"x\":{}{}", "[".repeat(depth), "]".repeat(depth)),
    );
    let body = format!(r#"{{"data":[{item}],"metadata":{{}}}}"#).into_bytes();
    let server = serving(body).await;

    let err = client_for(&server).page(1).await.expect_err("too deep");
    assert!(matches!(err, ApiError::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("recursion limit"), "{err}");
    assert!(
        err.is_transient(),
        "the poll tries again later, keeping what it has"
    );
}

#[tokio::test]
async fn strings_of_megabytes_are_kept_whole() {
    let long = "x".repeat(8 * 1024 * 1024);
    let mut odd = item("ev-long-type");
    odd["event_type"] = json!(long);
    let body = page_of(&[item("ev-1"), odd], &json!({"total_pages": 1}));
    let server = serving(body).await;

    let page = client_for(&server).page(1).await.expect("a valid page");
    assert_eq!(page.events.len(), 2);
    let event = page
        .events
        .iter()
        .find(|event| event.id.as_str() == "ev-long-type")
        .expect("kept");
    assert!(matches!(&event.event_type, EventType::Unknown(text) if text.len() == long.len()));
}

#[tokio::test]
async fn a_page_of_50_mb_is_read_and_one_over_the_limit_is_refused() {
    let padding = "p".repeat(50 * 1024 * 1024);
    let mut big = item("ev-big");
    big["padding"] = json!(padding);
    let server = serving(page_of(&[big], &json!({"total_pages": 1}))).await;
    let page = client_for(&server).page(1).await.expect("50 MB is allowed");
    assert_eq!(page.events.len(), 1);
    drop(page);

    let mut huge = item("ev-huge");
    huge["padding"] = json!("p".repeat(MAX_BODY_BYTES + 1));
    let server = serving(page_of(&[huge], &json!({"total_pages": 1}))).await;
    let err = client_for(&server)
        .page(1)
        .await
        .expect_err("over the limit");
    assert!(matches!(err, ApiError::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("MiB"), "{err}");
}

#[tokio::test]
async fn a_billion_pages_claimed_end_at_the_first_empty_page() {
    #[derive(serde::Deserialize)]
    struct PageQuery {
        page: Option<u64>,
    }
    let server = TestServer::start(Router::new().route(
        EVENTS_PATH,
        get(|Query(query): Query<PageQuery>| async move {
            let number = query.page.unwrap_or(1);
            let items: Vec<Value> = if number <= 2 {
                (0..3).map(|n| item(&format!("ev-{number}-{n}"))).collect()
            } else {
                Vec::new()
            };
            let metadata = json!({"total_pages": 1_000_000_000_u64, "total_count": 6,
                                  "current_page": number});
            json_response(page_of(&items, &metadata))
        }),
    ))
    .await;

    let options = ListingOptions {
        concurrency: 4,
        max_passes: 3,
    };
    let listing = fetch_all(&client_for(&server), &options, |_| {})
        .await
        .expect("the listing ends");
    assert_eq!(listing.events.len(), 6);
    let received = server.received();
    assert!(
        received.len() <= 3 + options.concurrency,
        "{} requests for 2 pages",
        received.len()
    );
    for request in &received {
        assert_eq!(request.method, "GET");
        assert!(request.authorization.is_some() && request.accept.is_some());
        assert!(
            request.path_and_query.starts_with(EVENTS_PATH),
            "{}",
            request.path_and_query
        );
    }
}

#[tokio::test]
async fn negative_and_absurd_counts_are_ignored() {
    let metadata = json!({"total_count": -4, "total_pages": -1, "count": 1e300,
                          "current_page": "two", "per": -50});
    let server = serving(page_of(&[item("ev-1"), item("ev-2")], &metadata)).await;
    let listing = fetch_all(&client_for(&server), &ListingOptions::default(), |_| {})
        .await
        .expect("the listing ends");
    let ids: Vec<&str> = listing.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["ev-1", "ev-2"]);
}

#[tokio::test]
async fn ids_with_control_characters_are_kept_as_sent() {
    let id = "ev-\u{0}\u{1b}[2J\u{7}\r\n\u{202e}end";
    let server = serving(page_of(&[item(id)], &json!({"total_pages": 1}))).await;
    let page = client_for(&server).page(1).await.expect("a valid page");
    assert_eq!(page.events[0].id.as_str(), id);
    assert_eq!(page.events[0].raw["id"], json!(id));
}

#[tokio::test]
async fn bytes_that_are_not_utf8_are_a_malformed_page() {
    let mut body = page_of(&[item("ev-1")], &json!({}));
    let at = body
        .windows(4)
        .position(|window| window == b"ev-1")
        .expect("the id is in the body");
    body[at + 3] = 0xFF;
    let server = serving(body).await;
    let err = client_for(&server).page(1).await.expect_err("not UTF-8");
    assert!(matches!(err, ApiError::Malformed { .. }), "{err}");
}

/// Hostile events that the client kept go on through the cache, a restart and the window:
/// an id with control characters and a right-to-left override, a type of 8 MB and a detail
/// whose name is 8 MB long. The window shows them as visible escapes, cut short.
#[test]
fn hostile_events_survive_the_cache_and_the_window() {
    use credly_monitor::app::{CredlyApp, Prefs};
    use credly_monitor::model::{Event, EventDetail, EventId};
    use credly_monitor::sync::{Cache, WorkerReport};
    use egui_kittest::kittest::Queryable as _;

    let odd_id = "ev-\u{0}\u{1b}[2J\u{7}\r\n\u{202e}dne";
    let long_type = "t".repeat(8 * 1024 * 1024);
    let mut long = item("ev-long-type");
    long["event_type"] = json!(long_type);
    let events: Vec<Event> = [item(odd_id), long, item("ev-plain")]
        .into_iter()
        .map(|raw| Event::from_json(raw).expect("kept by the client"))
        .collect();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite3");
    let mut cache = Cache::open_and_load(&path).unwrap().cache;
    cache.insert_events(&events).unwrap();
    let long_name = "N".repeat(8 * 1024 * 1024);
    let detail = EventDetail::from_data(json!({
        "id": "ev-plain", "event_type": "badge_template.created",
        "occurred_at": "2026-11-30T12:00:00Z",
        "badge_template": {"id": "t1", "name": long_name, "skills": [], "state": "active"},
    }));
    cache
        .store_detail(&EventId::new("ev-plain"), &detail)
        .unwrap();
    drop(cache);

    let loaded = Cache::open_and_load(&path).unwrap();
    assert_eq!(loaded.timeline.len(), 3);
    let odd = loaded
        .cache
        .event_json(&EventId::new(odd_id))
        .unwrap()
        .unwrap();
    assert_eq!(odd["id"], json!(odd_id), "kept byte for byte");
    let kept = loaded
        .cache
        .detail(&EventId::new("ev-plain"))
        .unwrap()
        .unwrap();
    assert_eq!(kept.raw, detail.raw);

    let mut app = CredlyApp::empty(Prefs {
        utc: true,
        ..Prefs::default()
    });
    app.apply_report(WorkerReport::CacheLoaded {
        timeline: loaded.timeline,
        num_details: 1,
    });
    app.refresh_view();
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut CredlyApp| app.frame(ui), app);
    harness.run_steps(3);
    harness.get_by_label("ev-\\u{0}\\u{1b}[2J\\u{7}\\u{d}\\u{a}\\u{202e}dne");
    assert!(harness.query_by_label(odd_id).is_none(), "never shown raw");
    let short_type = format!("{}…", "t".repeat(80));
    assert_eq!(
        harness.query_all_by_label(&short_type).count(),
        2,
        "the type filter and the row's chip show the type cut short"
    );

    // The cached detail gave that event a summary line: its 8 MB name, cut short.
    let summary = harness.get_by_label_contains("Template NNNNNNNN");
    assert!(format!("{summary:?}").len() < 1_000, "the summary is short");
    // It is the newest row (same time, greatest id): Enter opens it.
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    harness
        .state_mut()
        .apply_report(WorkerReport::DetailLoaded {
            id: EventId::new("ev-plain"),
            detail: kept,
        });
    harness.run_steps(3);
    assert_eq!(
        harness.state().selected_id().map(EventId::as_str),
        Some("ev-plain")
    );
}
