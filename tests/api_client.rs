//! The API client against small servers on loopback: paging, origins, errors and retries.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::Query;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use common::TestServer;
use credly_monitor::api::{
    ApiBase, ApiError, ClientConfig, CredlyClient, ListingOptions, RetryPolicy, fetch_all,
};
use credly_monitor::credentials::Secret;
use credly_monitor::model::{EventId, OrganizationId, Payload};
use serde_json::{Value, json};

const EVENTS_PATH: &str = "/v1/organizations/org-1/events";
const TOKEN: &str = "tok-123";

fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_retry_after: Duration::from_secs(5),
        max_attempts: 5,
    }
}

fn client_for(base: &url::Url) -> CredlyClient {
    let mut config = ClientConfig::new(
        ApiBase::custom(base.as_str()).expect("a loopback base"),
        OrganizationId::new("org-1"),
        Secret::new(TOKEN),
    );
    config.retry = quick_retries();
    config.request_timeout = Duration::from_secs(2);
    CredlyClient::new(config).expect("a client for a loopback base")
}

fn item(n: usize) -> Value {
    json!({"id": format!("ev-{n:04}"), "organization_id": "org-1", "event_type": "badge.created",
           "occurred_at": format!("2024-01-01T00:{:02}:{:02}.000Z", n / 60 % 60, n % 60)})
}

#[derive(serde::Deserialize)]
struct PageQuery {
    page: Option<usize>,
}

/// A list of `num_events` events in pages of `per`, with metadata made by `metadata`.
fn paged_router(num_events: usize, per: usize, metadata: Metadata) -> Router {
    Router::new().route(
        EVENTS_PATH,
        get(move |Query(query): Query<PageQuery>| async move {
            let page = query.page.unwrap_or(1);
            let start = (page - 1) * per;
            let items: Vec<Value> = (start..num_events.min(start + per)).map(item).collect();
            let mut body = json!({"data": items});
            match metadata {
                Metadata::Full => body["metadata"] = full_metadata(page, per, num_events),
                Metadata::Empty => body["metadata"] = json!({}),
                Metadata::Missing => {}
            }
            axum::Json(body)
        }),
    )
}

/// What a page's `metadata` holds.
#[derive(Clone, Copy, Debug)]
enum Metadata {
    Full,
    Empty,
    Missing,
}

fn full_metadata(page: usize, per: usize, total: usize) -> Value {
    let total_pages = total.div_ceil(per).max(1);
    json!({"count": per, "current_page": page, "total_count": total, "total_pages": total_pages,
           "per": per, "previous_page_url": null, "next_page_url": null})
}

#[tokio::test]
async fn every_page_is_read_with_full_empty_or_missing_metadata() {
    // 120 = 50 + 50 + 20: `total_pages` or, without it, the short third page ends the list.
    for metadata in [Metadata::Full, Metadata::Empty, Metadata::Missing] {
        let name = format!("{metadata:?}");
        let server = TestServer::start(paged_router(120, 50, metadata)).await;
        let listing = fetch_all(
            &client_for(&server.base),
            &ListingOptions::default(),
            |_| {},
        )
        .await
        .unwrap();
        let ids: Vec<String> = listing.events.iter().map(|e| e.id.to_string()).collect();
        let expected: Vec<String> = (0..120).map(|n| format!("ev-{n:04}")).collect();
        assert_eq!(ids, expected, "{name}");
        assert_eq!(server.received().len(), 3, "{name}");
    }
}

#[tokio::test]
async fn an_empty_page_ends_a_list_without_metadata() {
    let server = TestServer::start(paged_router(100, 50, Metadata::Missing)).await;
    let listing = fetch_all(
        &client_for(&server.base),
        &ListingOptions::default(),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(listing.events.len(), 100);
    let asked: Vec<String> = server
        .received()
        .into_iter()
        .map(|r| r.path_and_query)
        .collect();
    assert_eq!(asked, [1, 2, 3].map(|n| format!("{EVENTS_PATH}?page={n}")));
}

#[tokio::test]
async fn requests_carry_basic_auth_with_an_empty_password_and_accept_json() {
    let server = TestServer::start(paged_router(1, 50, Metadata::Full)).await;
    client_for(&server.base).page(1).await.unwrap();
    let received = server.received();
    assert_eq!(received[0].method, "GET");
    // base64("tok-123:")
    assert_eq!(
        received[0].authorization.as_deref(),
        Some("Basic dG9rLTEyMzo=")
    );
    assert_eq!(received[0].accept.as_deref(), Some("application/json"));
}

#[tokio::test]
async fn a_foreign_next_page_url_is_never_requested() {
    let foreign = TestServer::start(Router::new()).await;
    let foreign_next = format!("{}/organizations/org-1/events?page=2", foreign.base);
    let router = Router::new().route(
        EVENTS_PATH,
        get(move |Query(query): Query<PageQuery>| {
            let foreign_next = foreign_next.clone();
            async move {
                let page = query.page.unwrap_or(1);
                let items: Vec<Value> = (0..50).map(|n| item(n + (page - 1) * 50)).collect();
                let next = (page == 1).then_some(foreign_next);
                let items = if page <= 2 { items } else { vec![] };
                axum::Json(json!({"data": items, "metadata": {"next_page_url": next}}))
            }
        }),
    );
    let server = TestServer::start(router).await;

    let listing = fetch_all(
        &client_for(&server.base),
        &ListingOptions::default(),
        |_| {},
    )
    .await
    .unwrap();

    assert_eq!(
        listing.events.len(),
        100,
        "page 2 was read from the configured base instead"
    );
    assert!(
        foreign.received().is_empty(),
        "the foreign host got {:?}",
        foreign.received()
    );
    let asked: Vec<String> = server
        .received()
        .into_iter()
        .map(|r| r.path_and_query)
        .collect();
    assert_eq!(
        asked,
        [
            format!("{EVENTS_PATH}?page=1"),
            format!("{EVENTS_PATH}?page=2")
        ]
    );
}

fn status_router(
    status: StatusCode,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
) -> Router {
    Router::new().route(
        EVENTS_PATH,
        get(move || async move {
            let mut response = (status, body.to_owned()).into_response();
            for (name, value) in headers {
                response
                    .headers_mut()
                    .insert(*name, value.parse().expect("a valid header value"));
            }
            response
        }),
    )
}

/// A status, its headers, its body, and a test of the error it must give.
type StatusCase = (
    StatusCode,
    &'static [(&'static str, &'static str)],
    &'static str,
    fn(&ApiError) -> bool,
);

#[tokio::test]
async fn each_error_status_maps_to_its_api_error() {
    let message = r#"{"data":{"message":"Invalid or missing Badge Template ID"},"metadata":null}"#;
    let cases: Vec<StatusCase> = vec![
        (StatusCode::UNAUTHORIZED, &[], "", |e| {
            matches!(e, ApiError::Unauthorized { .. })
        }),
        (StatusCode::FORBIDDEN, &[], message, |e| {
            matches!(
                e,
                ApiError::Forbidden {
                    message: Some(_),
                    ..
                }
            )
        }),
        (StatusCode::NOT_FOUND, &[], "", |e| {
            matches!(e, ApiError::NotFound { .. })
        }),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            &[],
            message,
            |e| matches!(e, ApiError::Validation { message, .. } if message == "Invalid or missing Badge Template ID"),
        ),
        (
            StatusCode::TOO_MANY_REQUESTS,
            &[("retry-after", "3600")],
            "",
            |e| matches!(e, ApiError::RateLimited { retry_after: Some(d), .. } if d.as_secs() == 3600),
        ),
        (StatusCode::INTERNAL_SERVER_ERROR, &[], "<html>", |e| {
            matches!(e, ApiError::Server { status: 500, .. })
        }),
        (StatusCode::BAD_GATEWAY, &[], "", |e| {
            matches!(e, ApiError::Server { status: 502, .. })
        }),
        (StatusCode::BAD_REQUEST, &[], "", |e| {
            matches!(e, ApiError::UnexpectedStatus { status: 400, .. })
        }),
        (StatusCode::OK, &[], "{\"data\": [", |e| {
            matches!(e, ApiError::Malformed { .. })
        }),
        (StatusCode::OK, &[], "{\"data\": {}}", |e| {
            matches!(e, ApiError::Malformed { .. })
        }),
        (StatusCode::OK, &[], "[]", |e| {
            matches!(e, ApiError::Malformed { .. })
        }),
    ];
    for (status, headers, body, is_expected) in cases {
        let server = TestServer::start(status_router(status, headers, body)).await;
        let mut config = ClientConfig::new(
            ApiBase::custom(server.base.as_str()).unwrap(),
            OrganizationId::new("org-1"),
            Secret::new(TOKEN),
        );
        config.retry = RetryPolicy::none();
        let err = CredlyClient::new(config)
            .unwrap()
            .page(1)
            .await
            .unwrap_err();
        assert!(is_expected(&err), "{status} {body:?} gave {err:?}");
        assert!(!err.to_string().contains(TOKEN));
    }
}

/// A router whose first `failures` answers come from `fail`, then a page of one event.
fn failing_then_ok(failures: usize, fail: fn() -> Response) -> (Router, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let router = Router::new().route(
        EVENTS_PATH,
        get(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                if n < failures {
                    return fail();
                }
                axum::Json(json!({"data": [item(1)], "metadata": full_metadata(1, 50, 1)}))
                    .into_response()
            }
        }),
    );
    (router, calls)
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_then_retried() {
    let (router, calls) = failing_then_ok(1, || {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "1")],
            "slow down",
        )
            .into_response()
    });
    let server = TestServer::start(router).await;
    let started = Instant::now();
    let page = client_for(&server.base).page(1).await.unwrap();
    assert_eq!(page.events.len(), 1);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_503_burst_is_retried_until_success() {
    let (router, calls) = failing_then_ok(3, || StatusCode::SERVICE_UNAVAILABLE.into_response());
    let server = TestServer::start(router).await;
    let page = client_for(&server.base).page(1).await.unwrap();
    assert_eq!(page.events.len(), 1);
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn a_burst_longer_than_the_attempts_fails_with_the_last_error() {
    let (router, calls) = failing_then_ok(100, || StatusCode::SERVICE_UNAVAILABLE.into_response());
    let server = TestServer::start(router).await;
    let err = client_for(&server.base).page(1).await.unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 503, .. }),
        "{err:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 5);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_until_success() {
    let (router, calls) = failing_then_ok(2, || {
        let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
            Ok(Bytes::from_static(b"{\"data\": [")),
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "cut",
            )),
        ];
        let mut response = Body::from_stream(futures::stream::iter(chunks)).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
        response
    });
    let server = TestServer::start(router).await;
    let page = client_for(&server.base).page(1).await.unwrap();
    assert_eq!(page.events.len(), 1);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_server_that_does_not_answer_in_time_is_a_timeout() {
    let router = Router::new().route(
        EVENTS_PATH,
        get(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "late"
        }),
    );
    let server = TestServer::start(router).await;
    let mut config = ClientConfig::new(
        ApiBase::custom(server.base.as_str()).unwrap(),
        OrganizationId::new("org-1"),
        Secret::new(TOKEN),
    );
    config.retry = RetryPolicy::none();
    config.request_timeout = Duration::from_millis(300);
    let err = CredlyClient::new(config)
        .unwrap()
        .page(1)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn a_closed_port_is_a_connection_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = url::Url::parse(&format!("http://{}/v1", listener.local_addr().unwrap())).unwrap();
    drop(listener);
    let mut config = ClientConfig::new(
        ApiBase::Custom(base),
        OrganizationId::new("org-1"),
        Secret::new(TOKEN),
    );
    config.retry = RetryPolicy::none();
    let err = CredlyClient::new(config)
        .unwrap()
        .page(1)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Connection { .. }), "{err:?}");
    assert!(err.is_transient());
}

#[test]
fn a_plain_http_remote_base_is_refused_with_a_clear_error() {
    let err = ApiBase::custom("http://api.credly.com/v1").unwrap_err();
    assert_eq!(
        err.to_string(),
        "refusing plain HTTP to api.credly.com: use https:// (plain http is allowed for loopback only)"
    );

    let base = ApiBase::Custom(url::Url::parse("http://api.credly.com/v1").unwrap());
    let config = ClientConfig::new(base, OrganizationId::new("org-1"), Secret::new(TOKEN));
    assert!(matches!(
        CredlyClient::new(config),
        Err(ApiError::InsecureBase { .. })
    ));
}

#[tokio::test]
async fn event_details_are_fetched_and_recognised() {
    let detail = include_str!("fixtures/event_detail_employment_deleted.json");
    let router = Router::new().route(
        &format!("{EVENTS_PATH}/af9f4f5c-b529-475b-86b0-04726b6f95d9"),
        get(move |headers: HeaderMap| async move {
            assert!(headers.contains_key(header::AUTHORIZATION));
            ([(header::CONTENT_TYPE, "application/json")], detail)
        }),
    );
    let server = TestServer::start(router).await;
    let client = client_for(&server.base);

    let detail = client
        .event_detail(&EventId::new("af9f4f5c-b529-475b-86b0-04726b6f95d9"))
        .await
        .unwrap();
    assert!(matches!(detail.payload, Payload::EmploymentMinimal(_)));
    assert_eq!(detail.raw["employment"]["external_id"], "ext-id");

    let err = client
        .event_detail(&EventId::new("missing"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ApiError::UnexpectedStatus { status: 418, .. }),
        "unexpected requests are named: {err:?}"
    );
}
