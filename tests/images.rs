//! Badge images: downloaded over HTTPS only (plain HTTP on loopback), without credentials,
//! bounded in size, and decoded into textures by the window's loaders.

mod common;

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use axum::routing::get;
use common::TestServer;
use credly_monitor::api::{ImageClient, ImageError, LoopbackImages, MAX_IMAGE_BYTES};
use credly_monitor::fake::{FakeConfig, FakeServer};

fn png_response(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "image/png")], bytes).into_response()
}

async fn bounded_server() -> TestServer {
    let router = Router::new()
        .route(
            "/big.png",
            get(|| async { png_response(vec![0; MAX_IMAGE_BYTES + 1]) }),
        )
        .route(
            "/streamed.png",
            get(|| async {
                // No Content-Length: the limit must hold while the body arrives.
                let chunks = (0..80).map(|_| Ok::<_, std::io::Error>(vec![0_u8; 64 * 1024]));
                Response::builder()
                    .header(header::CONTENT_TYPE, "image/png")
                    .body(Body::from_stream(futures::stream::iter(chunks)))
                    .expect("a valid response")
            }),
        )
        .route(
            "/page.png",
            get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<html>").into_response() }),
        )
        .route(
            "/elsewhere.png",
            get(|| async {
                (
                    StatusCode::FOUND,
                    [(header::LOCATION, "http://images.example.invalid/a.png")],
                )
                    .into_response()
            }),
        )
        .route("/small.png", get(|| async { png_response(vec![1, 2, 3]) }));
    TestServer::start(router).await
}

fn origin(server: &TestServer) -> String {
    server.base.as_str().trim_end_matches("/v1").to_owned()
}

#[tokio::test]
async fn downloads_are_bounded_and_carry_no_credentials() {
    let server = bounded_server().await;
    let client = ImageClient::new(LoopbackImages::Allowed).unwrap();
    let url = |path: &str| format!("{}{path}", origin(&server));

    let small = client.fetch(&url("/small.png")).await.unwrap();
    assert_eq!(small.bytes, [1, 2, 3]);
    assert_eq!(small.mime.as_deref(), Some("image/png"));

    let err = client.fetch(&url("/big.png")).await.unwrap_err();
    assert!(matches!(err, ImageError::TooLarge { .. }), "{err}");
    let err = client.fetch(&url("/streamed.png")).await.unwrap_err();
    assert!(matches!(err, ImageError::TooLarge { .. }), "{err}");
    let err = client.fetch(&url("/page.png")).await.unwrap_err();
    assert!(matches!(err, ImageError::NotAnImage { .. }), "{err}");
    // A redirect to plain HTTP on another host is not followed.
    let err = client.fetch(&url("/elsewhere.png")).await.unwrap_err();
    assert!(
        matches!(err, ImageError::Status { status, .. } if status == StatusCode::FOUND),
        "{err}"
    );

    let received = server.received();
    assert_eq!(received.len(), 5, "{received:?}");
    for request in &received {
        assert_eq!(request.method, "GET", "{}", request.path_and_query);
        assert_eq!(request.accept.as_deref(), Some("image/*"));
        assert!(request.authorization.is_none(), "no credential is sent");
    }
}

#[tokio::test]
async fn plain_http_and_this_machine_outside_demo_mode_are_never_requested() {
    let server = bounded_server().await;
    let local = format!("{}/small.png", origin(&server));
    let client = ImageClient::new(LoopbackImages::Refused).unwrap();
    for url in [
        "http://images.credly.com/a.png",
        "file:///etc/passwd",
        "not a url",
        local.as_str(),
    ] {
        let err = client.fetch(url).await.unwrap_err();
        assert!(matches!(err, ImageError::NotAllowed { .. }), "{url}: {err}");
    }
    assert!(
        server.received().is_empty(),
        "a payload cannot probe local services"
    );
}

/// The image URL of the first issued badge's template in the fake's history.
fn first_template_image(server: &FakeServer) -> String {
    server
        .summaries()
        .iter()
        .filter_map(|summary| server.detail(summary["id"].as_str()?))
        .find_map(|detail| {
            let url = &detail["badge"]["badge_template"]["image_url"];
            url.as_str().map(str::to_owned)
        })
        .expect("the history issues badges")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_server_serves_its_badge_images_and_the_window_decodes_them() {
    let server = FakeServer::start(FakeConfig {
        num_events: 200,
        serve_images: true,
        ..FakeConfig::default()
    })
    .await
    .unwrap();
    let url = first_template_image(&server);
    assert!(
        url.starts_with(server.base_url().origin().ascii_serialization().as_str()),
        "{url}"
    );
    let image = ImageClient::new(LoopbackImages::Allowed)
        .unwrap()
        .fetch(&url)
        .await
        .unwrap();
    image::load_from_memory(&image.bytes).expect("a PNG");

    let ctx = egui::Context::default();
    assert!(credly_monitor::app::install_image_loaders(
        &ctx,
        LoopbackImages::Allowed
    ));
    let started = Instant::now();
    let size = loop {
        let poll = ctx
            .try_load_texture(
                &url,
                egui::TextureOptions::LINEAR,
                egui::load::SizeHint::default(),
            )
            .unwrap();
        if let egui::load::TexturePoll::Ready { texture } = poll {
            break texture.size;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the image loads"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(size, egui::vec2(128.0, 128.0));
}

#[tokio::test]
async fn without_serving_images_the_urls_name_credlys_image_host() {
    let server = FakeServer::start(FakeConfig {
        num_events: 200,
        ..FakeConfig::default()
    })
    .await
    .unwrap();
    let url = first_template_image(&server);
    assert!(
        url.starts_with("https://images.credly.com/images/"),
        "{url}"
    );
}
