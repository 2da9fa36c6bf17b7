//! Helpers shared by the integration tests: small HTTP servers on loopback.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::Request;
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse as _, Response};
use url::Url;

/// One request a test server received.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub path_and_query: String,
    pub authorization: Option<String>,
    pub accept: Option<String>,
}

/// A test server on 127.0.0.1 that records every request and answers any request its router
/// does not expect with an error naming it.
pub struct TestServer {
    pub base: Url,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    pub async fn start(router: Router) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let recorder = Arc::clone(&received);
        let router = router
            .fallback(|method: Method, uri: Uri| async move {
                let what = format!("unexpected request: {method} {uri}");
                (StatusCode::IM_A_TEAPOT, what).into_response()
            })
            .layer(middleware::from_fn(move |request: Request, next: Next| {
                let recorder = Arc::clone(&recorder);
                async move { record(&recorder, request, next).await }
            }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port is free");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .await
                .expect("the test server runs");
        });
        Self {
            base: Url::parse(&format!("http://{addr}/v1")).expect("a socket address makes a URL"),
            received,
            task,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("no recorder panicked").clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn record(
    recorder: &Mutex<Vec<Received>>,
    request: Request,
    next: Next,
) -> impl Future<Output = Response> + use<> {
    let entry = received(&request);
    recorder.lock().expect("no recorder panicked").push(entry);
    next.run(request)
}

fn received(request: &Request) -> Received {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    Received {
        method: request.method().to_string(),
        path_and_query: request
            .uri()
            .path_and_query()
            .map(ToString::to_string)
            .unwrap_or_default(),
        authorization: header("authorization"),
        accept: header("accept"),
    }
}
