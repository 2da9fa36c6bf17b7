//! The misbehaviours the fake API can be told to show, and the HTTP responses that show them.
//!
//! Depends on axum and nothing else in the fake.

use std::collections::VecDeque;
use std::io;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use fastrand::Rng;
use serde_json::json;

/// One misbehaviour of the fake API, served instead of (or on top of) a normal answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429 with `Retry-After` in seconds.
    RateLimited { retry_after: Duration },
    /// 429 with `Retry-After` as an HTTP date.
    RateLimitedHttpDate { retry_after: Duration },
    /// This status (5xx expected) with an HTML or JSON error body.
    ServerError(u16),
    /// A 200 whose body stops part way and whose connection is cut.
    Drop,
    /// A 200 whose body is truncated JSON.
    Malformed,
    /// 401 with Credly's error envelope.
    Unauthorized,
    /// 403 with Credly's error envelope.
    Forbidden,
    /// A 200 whose body trickles out over this long.
    SlowBody(Duration),
}

/// Faults drawn at random: each request gets one with `probability`, never `Unauthorized`
/// or `Forbidden`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RandomFaults {
    pub probability: f64,
    pub seed: u64,
    /// The delay that rate-limit faults ask for.
    pub retry_after: Duration,
}

/// Where the next request's fault comes from: injected ones first, in order, then chance.
#[derive(Debug, Default)]
pub(super) struct FaultSource {
    queue: VecDeque<Fault>,
    random: Option<(RandomFaults, Rng)>,
}

impl FaultSource {
    pub(super) fn inject(&mut self, fault: Fault, times: usize) {
        self.queue.extend(std::iter::repeat_n(fault, times));
    }

    pub(super) fn set_random(&mut self, faults: Option<RandomFaults>) {
        self.random = faults.map(|faults| (faults, Rng::with_seed(faults.seed)));
    }

    /// The fault the next request gets, if any.
    pub(super) fn next(&mut self) -> Option<Fault> {
        if let Some(fault) = self.queue.pop_front() {
            return Some(fault);
        }
        let (faults, rng) = self.random.as_mut()?;
        if rng.f64() >= faults.probability {
            return None;
        }
        let retry_after = faults.retry_after;
        Some(match rng.u8(..8) {
            0 => Fault::RateLimited { retry_after },
            1 => Fault::RateLimitedHttpDate { retry_after },
            2 => Fault::ServerError(500),
            3 => Fault::ServerError(502),
            4 => Fault::ServerError(503),
            5 => Fault::Drop,
            6 => Fault::Malformed,
            _ => Fault::SlowBody(Duration::from_millis(200)),
        })
    }
}

/// Credly's error envelope.
pub(super) fn error_response(status: StatusCode, message: &str) -> Response {
    let body = json!({ "data": { "message": message }, "metadata": null });
    (status, axum::Json(body)).into_response()
}

/// The answer of a fault that replaces the normal answer, or `None` for the faults that
/// mangle the normal body.
pub(super) fn replacing_response(fault: &Fault) -> Option<Response> {
    let response = match fault {
        Fault::RateLimited { retry_after } => {
            let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            rate_limited(HeaderValue::from(seconds))
        }
        Fault::RateLimitedHttpDate { retry_after } => {
            // HTTP dates have whole seconds: round up so the client never waits too little.
            let at = SystemTime::now() + *retry_after + Duration::from_millis(999);
            let date = HeaderValue::from_str(&httpdate::fmt_http_date(at))
                .expect("an HTTP date is a valid header value");
            rate_limited(date)
        }
        Fault::ServerError(status) => server_error(*status),
        Fault::Unauthorized => error_response(
            StatusCode::UNAUTHORIZED,
            "The authorization token is invalid, expired or revoked",
        ),
        Fault::Forbidden => error_response(
            StatusCode::FORBIDDEN,
            "This organization is not authorized to access this resource",
        ),
        Fault::Drop | Fault::Malformed | Fault::SlowBody(_) => return None,
    };
    Some(response)
}

fn rate_limited(retry_after: HeaderValue) -> Response {
    let mut response = error_response(
        StatusCode::TOO_MANY_REQUESTS,
        "Rate limit exceeded, try again later",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, retry_after);
    response
}

/// A gateway's HTML page for 502 to 504, the API's JSON envelope otherwise.
fn server_error(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reason = status.canonical_reason().unwrap_or("Server Error");
    if matches!(status.as_u16(), 502..=504) {
        let page = format!(
            "<html><head><title>{code} {reason}</title></head><body><center><h1>{code} {reason}</h1></center></body></html>",
            code = status.as_u16()
        );
        return (status, axum::response::Html(page)).into_response();
    }
    error_response(status, reason)
}

/// The normal answer mangled by `fault`: cut, truncated or slowed down.
pub(super) fn mangled_response(fault: &Fault, status: StatusCode, body: Vec<u8>) -> Response {
    match fault {
        Fault::Drop => {
            let cut = body.len() / 3;
            let head = Bytes::from(body).slice(..cut);
            let chunks: [io::Result<Bytes>; 2] = [
                Ok(head),
                Err(io::Error::other("the fake cut the connection")),
            ];
            json_response(status, Body::from_stream(futures::stream::iter(chunks)))
        }
        Fault::Malformed => {
            let mut body = body;
            body.truncate(body.len() / 2);
            json_response(status, Body::from(body))
        }
        Fault::SlowBody(duration) => json_response(status, slow_body(&body, *duration)),
        _ => json_response(status, Body::from(body)),
    }
}

/// The body in ten chunks with a tenth of `duration` before each.
fn slow_body(body: &[u8], duration: Duration) -> Body {
    const NUM_CHUNKS: usize = 10;
    let pause = duration / 10;
    let chunk_len = body.len().div_ceil(NUM_CHUNKS).max(1);
    let chunks: Vec<Bytes> = body.chunks(chunk_len).map(Bytes::copy_from_slice).collect();
    let stream = futures::stream::unfold(chunks.into_iter(), move |mut chunks| async move {
        let chunk = chunks.next()?;
        tokio::time::sleep(pause).await;
        Some((Ok::<_, io::Error>(chunk), chunks))
    });
    Body::from_stream(stream)
}

pub(super) fn json_response(status: StatusCode, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant, SystemTime};

    use serde_json::Value;

    use super::*;
    use crate::fake::FakeServer;
    use crate::fake::testing::{config, events_path, get, send};

    async fn start() -> FakeServer {
        FakeServer::start(config(60, 3, true)).await.unwrap()
    }

    #[tokio::test]
    async fn rate_limits_say_when_to_retry() {
        let server = start().await;
        server.inject(
            Fault::RateLimited {
                retry_after: Duration::from_millis(1_500),
            },
            1,
        );
        let response = get(&server, &events_path(&server)).await;
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()[header::RETRY_AFTER], "2");
        let body: Value = response.json().await.unwrap();
        assert!(body["data"]["message"].is_string());

        server.inject(
            Fault::RateLimitedHttpDate {
                retry_after: Duration::from_secs(3),
            },
            1,
        );
        let response = get(&server, &events_path(&server)).await;
        assert_eq!(response.status(), 429);
        let date = response.headers()[header::RETRY_AFTER].to_str().unwrap();
        let wait = httpdate::parse_http_date(date)
            .unwrap()
            .duration_since(SystemTime::now());
        let wait = wait.unwrap();
        assert!(
            wait >= Duration::from_millis(2_900) && wait <= Duration::from_secs(5),
            "{wait:?}"
        );
        assert_eq!(get(&server, &events_path(&server)).await.status(), 200);
    }

    #[tokio::test]
    async fn server_errors_carry_their_status_and_a_body() {
        let server = start().await;
        server.inject(Fault::ServerError(503), 1);
        server.inject(Fault::ServerError(500), 1);
        let response = get(&server, &events_path(&server)).await;
        assert_eq!(response.status(), 503);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("<h1>503 Service Unavailable</h1>")
        );
        let response = get(&server, &events_path(&server)).await;
        assert_eq!(response.status(), 500);
        let body: Value = response.json().await.unwrap();
        assert!(body["data"]["message"].is_string());
    }

    #[tokio::test]
    async fn a_dropped_connection_cuts_the_body() {
        let server = start().await;
        server.inject(Fault::Drop, 1);
        let cut = match send(&server, &events_path(&server)).await {
            Ok(response) => response.bytes().await.is_err(),
            Err(_) => true,
        };
        assert!(cut);
        assert_eq!(get(&server, &events_path(&server)).await.status(), 200);
    }

    #[tokio::test]
    async fn a_malformed_body_is_not_json() {
        let server = start().await;
        server.inject(Fault::Malformed, 1);
        let response = get(&server, &events_path(&server)).await;
        assert_eq!(response.status(), 200);
        let body = response.bytes().await.unwrap();
        assert!(!body.is_empty());
        assert!(serde_json::from_slice::<Value>(&body).is_err());
    }

    #[tokio::test]
    async fn auth_faults_use_credly_envelope() {
        let server = start().await;
        server.inject(Fault::Unauthorized, 1);
        server.inject(Fault::Forbidden, 1);
        for status in [401, 403] {
            let response = get(&server, &events_path(&server)).await;
            assert_eq!(response.status(), status);
            let body: Value = response.json().await.unwrap();
            assert!(body["data"]["message"].is_string());
            assert_eq!(body["metadata"], Value::Null);
        }
    }

    #[tokio::test]
    async fn a_slow_body_trickles_out_intact() {
        let server = start().await;
        let normal: Value = get(&server, &events_path(&server))
            .await
            .json()
            .await
            .unwrap();
        server.inject(Fault::SlowBody(Duration::from_millis(400)), 1);
        let start = Instant::now();
        let slow: Value = get(&server, &events_path(&server))
            .await
            .json()
            .await
            .unwrap();
        assert!(
            start.elapsed() >= Duration::from_millis(350),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(slow, normal);
    }

    #[tokio::test]
    async fn injected_faults_come_in_order_on_lists_and_details() {
        let server = start().await;
        server.inject(Fault::ServerError(500), 2);
        server.inject(Fault::Forbidden, 1);
        let id = server.summaries()[0]["id"].as_str().unwrap().to_owned();
        let detail = format!("{}/{id}", events_path(&server));
        let mut statuses = Vec::new();
        for path in [&events_path(&server), &detail, &detail, &detail] {
            statuses.push(get(&server, path).await.status().as_u16());
        }
        assert_eq!(statuses, [500, 500, 403, 200]);
        let stats = server.stats();
        assert_eq!(stats.num_faults_served, 3);
        assert_eq!((stats.num_list_requests, stats.num_detail_requests), (1, 3));
    }

    #[tokio::test]
    async fn random_faults_follow_the_probability() {
        let server = start().await;
        let faults = RandomFaults {
            probability: 1.0,
            seed: 5,
            retry_after: Duration::from_millis(10),
        };
        server.set_random_faults(Some(faults));
        for _ in 0..12 {
            if let Ok(response) = send(&server, &events_path(&server)).await {
                assert!(![401, 403].contains(&response.status().as_u16()));
                let _ = response.bytes().await;
            }
        }
        assert_eq!(server.stats().num_faults_served, 12);
        server.set_random_faults(Some(RandomFaults {
            probability: 0.0,
            ..faults
        }));
        assert_eq!(get(&server, &events_path(&server)).await.status(), 200);
        server.set_random_faults(None);
        assert_eq!(get(&server, &events_path(&server)).await.status(), 200);
        assert_eq!(server.stats().num_faults_served, 12);
    }
}
