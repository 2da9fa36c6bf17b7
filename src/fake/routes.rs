//! The HTTP side of the fake: routes, Basic auth, Credly's envelopes and paging, latency,
//! faults, and the request counts of `FakeStats`.
//!
//! Depends on `server` for the shared state, `faults` for the misbehaviours and `generator`
//! for the events.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse as _, Response};
use axum::routing::get;
use base64::Engine as _;
use serde_json::{Value, json};

use super::config::ListOrder;
use super::faults;
use super::images;
use super::server::{Shared, lock};

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/organizations/{org}/events", get(list_events))
        .route("/v1/organizations/{org}/events/{id}", get(event_detail))
        .route("/images/{id}/{file}", get(badge_image))
        .fallback(unknown_route)
        .with_state(shared)
}

#[derive(Clone, Copy, Debug)]
enum Endpoint {
    List,
    Detail,
}

async fn list_events(
    State(shared): State<Arc<Shared>>,
    Path(org): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    shared.num_list_requests.fetch_add(1, Ordering::SeqCst);
    let page = page_number(query.as_deref());
    let response = answer(&shared, &headers, Endpoint::List, |shared| {
        list_body(shared, &org, page)
    })
    .await;
    shared.list_answered();
    response
}

async fn event_detail(
    State(shared): State<Arc<Shared>>,
    Path((org, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    shared.num_detail_requests.fetch_add(1, Ordering::SeqCst);
    answer(&shared, &headers, Endpoint::Detail, |shared| {
        detail_body(shared, &org, &id)
    })
    .await
}

/// A badge image, as Credly's image host serves them: public, without authorization.
async fn badge_image(Path((id, _file)): Path<(String, String)>) -> Response {
    let png = images::badge_png(&id);
    ([(header::CONTENT_TYPE, "image/png")], png).into_response()
}

async fn unknown_route(method: Method, uri: Uri) -> Response {
    tracing::trace!(%method, path = uri.path(), "fake has no such route");
    let message = format!("No route matches {method} {}", uri.path());
    faults::error_response(StatusCode::NOT_FOUND, &message)
}

/// Counts a request as in flight while it lives.
struct InFlight<'a>(&'a AtomicUsize);

impl<'a> InFlight<'a> {
    fn enter(shared: &'a Shared) -> Self {
        let num_in_flight = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared
            .max_in_flight
            .fetch_max(num_in_flight, Ordering::SeqCst);
        Self(&shared.in_flight)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Waits the configured latency, then serves the next fault, a 401, or `build`'s answer.
async fn answer(
    shared: &Shared,
    headers: &HeaderMap,
    endpoint: Endpoint,
    build: impl FnOnce(&Shared) -> (StatusCode, Value),
) -> Response {
    let _in_flight = InFlight::enter(shared);
    let (latency, fault) = {
        let mut settings = lock(&shared.settings);
        (settings.latency, settings.faults.next())
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if fault.is_some() {
        shared.num_faults_served.fetch_add(1, Ordering::SeqCst);
    }
    if let Some(response) = fault.as_ref().and_then(faults::replacing_response) {
        tracing::trace!(?endpoint, ?fault, "fake served a fault");
        return response;
    }
    let (status, body) = if is_authorized(headers, &shared.token) {
        build(shared)
    } else {
        error_body(
            StatusCode::UNAUTHORIZED,
            "Invalid or missing authorization token",
        )
    };
    tracing::trace!(?endpoint, status = status.as_u16(), ?fault, "fake answered");
    let body = serde_json::to_vec(&body).expect("JSON values always serialize");
    match fault {
        Some(fault) => faults::mangled_response(&fault, status, body),
        None => faults::json_response(status, Body::from(body)),
    }
}

/// Whether the request carries `Basic base64("<token>:")`.
fn is_authorized(headers: &HeaderMap, token: &str) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let Some((scheme, credentials)) = value.trim().split_once(' ') else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return false;
    }
    base64::engine::general_purpose::STANDARD
        .decode(credentials.trim())
        .is_ok_and(|decoded| decoded.strip_suffix(b":") == Some(token.as_bytes()))
}

/// The `page` query parameter; a missing or invalid one means the first page.
fn page_number(query: Option<&str>) -> usize {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(key, _)| key == "page")
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .filter(|&page| page >= 1)
        .unwrap_or(1)
}

fn error_body(status: StatusCode, message: &str) -> (StatusCode, Value) {
    let body = json!({ "data": { "message": message }, "metadata": null });
    (status, body)
}

/// One page of the list in the order configured now, with Credly's metadata.
fn list_body(shared: &Shared, org: &str, page: usize) -> (StatusCode, Value) {
    if org != shared.organization_id {
        return error_body(StatusCode::NOT_FOUND, "Organization not found");
    }
    let (per, order) = {
        let settings = lock(&shared.settings);
        (settings.page_size.max(1), settings.order)
    };
    let (data, num_events) = {
        let generator = lock(&shared.generator);
        let num_events = generator.len();
        let start = (page - 1).saturating_mul(per).min(num_events);
        let end = start.saturating_add(per).min(num_events);
        let data: Vec<Value> = (start..end)
            .filter_map(|rank| {
                generator.summary(match order {
                    ListOrder::OldestFirst => rank,
                    ListOrder::NewestFirst => num_events - 1 - rank,
                })
            })
            .collect();
        (data, num_events)
    };
    let num_pages = num_events.div_ceil(per).max(1);
    let page_url = |page: usize| {
        let base = shared.base_url.as_str().trim_end_matches('/');
        format!("{base}/organizations/{org}/events?page={page}")
    };
    let metadata = json!({
        "count": data.len(),
        "current_page": page,
        "total_count": num_events,
        "total_pages": num_pages,
        "per": per,
        "previous_page_url": (page > 1).then(|| page_url(page - 1)),
        "next_page_url": (page < num_pages).then(|| page_url(page + 1)),
    });
    (
        StatusCode::OK,
        json!({ "data": data, "metadata": metadata }),
    )
}

fn detail_body(shared: &Shared, org: &str, id: &str) -> (StatusCode, Value) {
    if org != shared.organization_id {
        return error_body(StatusCode::NOT_FOUND, "Organization not found");
    }
    match lock(&shared.generator).detail(id) {
        Some(data) => (StatusCode::OK, json!({ "data": data, "metadata": {} })),
        None => error_body(StatusCode::NOT_FOUND, &format!("Event {id} not found")),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use serde_json::{Value, json};

    use crate::fake::testing::{client, config, events_path, get};
    use crate::fake::{FakeConfig, FakeServer, ListOrder};

    fn ids(summaries: &[Value]) -> Vec<String> {
        summaries
            .iter()
            .map(|summary| summary["id"].as_str().unwrap().to_owned())
            .collect()
    }

    async fn page(server: &FakeServer, query: &str) -> Value {
        let response = get(server, &format!("{}{query}", events_path(server))).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Follows `next_page_url` from the first page; returns the ids in the order served.
    async fn all_ids(server: &FakeServer) -> Vec<String> {
        let mut ids = Vec::new();
        let mut next = Some(format!("{}{}", server.base_url(), events_path(server)));
        while let Some(url) = next {
            let request = client().get(&url).basic_auth(server.token(), Some(""));
            let body: Value = request.send().await.unwrap().json().await.unwrap();
            ids.extend(self::ids(body["data"].as_array().unwrap()));
            next = body["metadata"]["next_page_url"]
                .as_str()
                .map(str::to_owned);
        }
        ids
    }

    #[tokio::test]
    async fn paging_serves_every_event_once_in_either_order() {
        let config = FakeConfig {
            page_size: 37,
            ..config(500, 4, true)
        };
        let server = FakeServer::start(config).await.unwrap();
        let oldest_first = ids(&server.summaries());
        let mut newest_first = all_ids(&server).await;
        newest_first.reverse();
        assert_eq!(newest_first, oldest_first);
        server.set_order(ListOrder::OldestFirst);
        assert_eq!(all_ids(&server).await, oldest_first);
        assert_eq!(server.stats().num_list_requests, 2 * 14);
    }

    #[tokio::test]
    async fn pages_carry_credly_metadata() {
        let server = FakeServer::start(config(120, 5, true)).await.unwrap();
        let url =
            |page: usize| format!("{}{}?page={page}", server.base_url(), events_path(&server));
        let first = page(&server, "").await;
        let mut newest = server.summaries();
        newest.reverse();
        assert_eq!(first["data"].as_array().unwrap()[..], newest[..50]);
        let expected = json!({
            "count": 50, "current_page": 1, "total_count": 120, "total_pages": 3, "per": 50,
            "previous_page_url": null, "next_page_url": url(2),
        });
        assert_eq!(first["metadata"], expected);
        let last = page(&server, "?page=3").await;
        assert_eq!(last["metadata"]["count"], 20);
        assert_eq!(last["metadata"]["previous_page_url"], url(2));
        assert_eq!(last["metadata"]["next_page_url"], Value::Null);
        let beyond = page(&server, "?page=9").await;
        assert_eq!(beyond["data"], json!([]));
        assert_eq!(beyond["metadata"]["current_page"], 9);
        assert_eq!(
            page(&server, "?page=abc").await["metadata"]["current_page"],
            1
        );
        server.set_page_size(0);
        assert_eq!(page(&server, "").await["metadata"]["per"], 1);
    }

    #[tokio::test]
    async fn an_empty_history_has_one_empty_page() {
        let server = FakeServer::start(config(0, 1, true)).await.unwrap();
        let body = page(&server, "").await;
        assert_eq!(body["data"], json!([]));
        assert_eq!(body["metadata"]["total_count"], 0);
        assert_eq!(body["metadata"]["total_pages"], 1);
        assert_eq!(body["metadata"]["next_page_url"], Value::Null);
    }

    #[tokio::test]
    async fn details_come_in_credly_envelope_and_unknowns_are_404() {
        let server = FakeServer::start(config(100, 6, true)).await.unwrap();
        let id = ids(&server.summaries()).remove(10);
        let response = get(&server, &format!("{}/{id}", events_path(&server))).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body,
            json!({ "data": server.detail(&id).unwrap(), "metadata": {} })
        );
        let unknown = "1e0b3f55-7d44-4b5e-9a0c-0f3f5f1f2a11";
        for path in [
            format!("{}/{unknown}", events_path(&server)),
            format!("/organizations/{unknown}/events/{id}"),
            format!("/organizations/{unknown}/events"),
        ] {
            let response = get(&server, &path).await;
            assert_eq!(response.status(), 404, "{path}");
            let body: Value = response.json().await.unwrap();
            assert!(body["data"]["message"].is_string(), "{path}");
            assert_eq!(body["metadata"], Value::Null);
        }
        let response = get(&server, "/no/such/thing").await;
        assert_eq!(response.status(), 404);
        let body: Value = response.json().await.unwrap();
        assert!(
            body["data"]["message"]
                .as_str()
                .unwrap()
                .contains("/v1/no/such/thing")
        );
    }

    #[tokio::test]
    async fn requests_without_the_token_get_401() {
        let server = FakeServer::start(config(10, 1, true)).await.unwrap();
        let url = format!("{}{}", server.base_url(), events_path(&server));
        let token = server.token();
        let requests = [
            client().get(&url),
            client().get(&url).basic_auth("wrong-token", Some("")),
            client().get(&url).basic_auth(token, Some("password")),
            client().get(&url).bearer_auth(token),
        ];
        for request in requests {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 401);
            let body: Value = response.json().await.unwrap();
            assert!(body["data"]["message"].is_string());
            assert_eq!(body["metadata"], Value::Null);
        }
        let response = client()
            .get(&url)
            .basic_auth(token, None::<&str>)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }

    #[tokio::test]
    async fn new_events_appear_at_the_head_while_a_client_pages() {
        let config = FakeConfig {
            page_size: 10,
            ..config(100, 7, true)
        };
        let server = FakeServer::start(config).await.unwrap();
        server.insert_after_list_requests(1, 5);
        assert_eq!(page(&server, "").await["metadata"]["total_count"], 100);
        let after = page(&server, "").await;
        assert_eq!(after["metadata"]["total_count"], 105);
        let newest = server.summaries().pop().unwrap();
        assert_eq!(after["data"][0], newest);
        let pushed = server.push_events(3);
        let body = page(&server, "").await;
        assert_eq!(body["metadata"]["total_count"], 108);
        assert_eq!(&body["data"][0], pushed.last().unwrap());
    }

    #[tokio::test]
    async fn latency_delays_concurrent_requests_together() {
        let config = FakeConfig {
            latency: Duration::from_millis(200),
            ..config(50, 8, true)
        };
        let server = FakeServer::start(config).await.unwrap();
        let path = events_path(&server);
        let start = Instant::now();
        let requests = (0..6).map(|_| get(&server, &path));
        let responses = futures::future::join_all(requests).await;
        let elapsed = start.elapsed();
        assert!(responses.iter().all(|response| response.status() == 200));
        assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
        assert!(server.stats().max_in_flight >= 2, "{:?}", server.stats());
    }

    #[tokio::test]
    async fn live_mode_records_new_events() {
        let config = FakeConfig {
            live_interval: Some(Duration::from_millis(20)),
            ..config(50, 9, true)
        };
        let server = FakeServer::start(config).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(server.summaries().len() > 52);
    }

    #[tokio::test]
    async fn a_stopped_server_refuses_connections() {
        let server = FakeServer::start(config(10, 1, true)).await.unwrap();
        let dropped = FakeServer::start(config(10, 1, true)).await.unwrap();
        let (url, dropped_url) = (server.base_url(), dropped.base_url());
        server.shutdown().await;
        drop(dropped);
        tokio::time::sleep(Duration::from_millis(100)).await;
        for url in [url, dropped_url] {
            assert!(
                client().get(url.as_str()).send().await.is_err(),
                "{url} still answers"
            );
        }
    }
}
