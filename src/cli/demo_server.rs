//! `credly-monitor demo-server`: the fake Credly API alone, for scripts and trying `export`.

use std::io::{self, Write as _};
use std::time::Duration;

use super::{Console, DemoServerArgs, Exit};
use crate::api::is_loopback;
use crate::fake::{FakeConfig, FakeServer};

/// How often the live demo organization records new events.
const LIVE_INTERVAL: Duration = Duration::from_secs(5);

pub fn demo_config(args: &DemoServerArgs) -> FakeConfig {
    FakeConfig {
        num_events: args.events,
        seed: args.seed,
        order: args.order.into(),
        page_size: usize::from(args.page_size),
        latency: Duration::from_millis(args.latency_ms),
        live_interval: args.live.then_some(LIVE_INTERVAL),
        addr: args.addr,
        serve_images: true,
        ..FakeConfig::default()
    }
}

/// Runs the demo server until Ctrl-C.
pub async fn run_demo_server(args: &DemoServerArgs, console: Console) -> Exit {
    if !args.addr.ip().is_loopback() {
        console.error(&format!(
            "the demo server listens on loopback only, not on {}",
            args.addr
        ));
        return Exit::Usage;
    }
    let server = match FakeServer::start(demo_config(args)).await {
        Ok(server) => server,
        Err(err) => {
            console.error(&format!(
                "cannot start the demo server on {}: {err}",
                args.addr
            ));
            return Exit::OutputFailed;
        }
    };
    debug_assert!(is_loopback(&server.base_url()));

    let base_url = server.base_url();
    let banner = format!(
        "base_url: {}\norganization_id: {}\ntoken: {}\n\nTry:\n  CREDLY_TOKEN={} credly-monitor export --base-url {} --org {} --out events.json\n",
        base_url.as_str().trim_end_matches('/'),
        server.organization_id(),
        server.token(),
        server.token(),
        base_url.as_str().trim_end_matches('/'),
        server.organization_id(),
    );
    let mut stdout = io::stdout().lock();
    if stdout
        .write_all(banner.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return Exit::OutputFailed;
    }
    drop(stdout);
    console.info("The demo server runs until Ctrl-C.");

    if let Err(err) = tokio::signal::ctrl_c().await {
        console.error(&format!("cannot wait for Ctrl-C: {err}"));
    }
    server.shutdown().await;
    Exit::Success
}
