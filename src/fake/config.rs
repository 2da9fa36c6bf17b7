//! Settings of the fake Credly API: how many events it starts with, how it pages them and
//! how it misbehaves.
//!
//! Plain data; depends on nothing else in the fake.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use chrono::{DateTime, Utc};

/// The organization the fake serves unless told otherwise.
pub const DEFAULT_ORGANIZATION_ID: &str = "8e3f5a2c-4b1d-4e6f-9a7c-2d5b8c1e0f43";

/// The order of the events list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ListOrder {
    #[default]
    NewestFirst,
    OldestFirst,
}

/// How the fake API starts.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    /// Events in the history when the server starts.
    pub num_events: usize,
    /// Same seed, same organization, events, ids and JSON.
    pub seed: u64,
    pub order: ListOrder,
    /// Events per list page; zero is served as one.
    pub page_size: usize,
    /// How long every request waits before it is answered.
    pub latency: Duration,
    /// When set, a background task adds 1 to 3 events at this interval.
    pub live_interval: Option<Duration>,
    /// Whether a small share of events shows the irregularities seen in the field: unknown
    /// fields and types, `occured_at`, timestamps without milliseconds, `delivered_at`.
    pub quirks: bool,
    /// Time of the newest event of the initial history.
    pub end: DateTime<Utc>,
    /// Where to listen; port 0 picks a free one.
    pub addr: SocketAddr,
    /// The authorization token: the Basic user name the fake accepts, with an empty
    /// password.
    pub token: String,
    pub organization_id: String,
    /// Whether the details' image URLs point at the fake itself, which serves a generated
    /// PNG for each, instead of at Credly's image host. Demo mode turns it on.
    pub serve_images: bool,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            num_events: 2_000,
            seed: 42,
            order: ListOrder::NewestFirst,
            page_size: 50,
            latency: Duration::ZERO,
            live_interval: None,
            quirks: true,
            end: Utc::now(),
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            token: "demo-token".to_owned(),
            organization_id: DEFAULT_ORGANIZATION_ID.to_owned(),
            serve_images: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_serve_a_small_quirky_organization_on_loopback() {
        let config = FakeConfig::default();
        assert_eq!(
            (config.num_events, config.seed, config.page_size),
            (2_000, 42, 50)
        );
        assert_eq!(config.order, ListOrder::NewestFirst);
        assert_eq!(
            (config.latency, config.live_interval),
            (Duration::ZERO, None)
        );
        assert!(config.quirks);
        assert!(config.addr.ip().is_loopback());
        assert_eq!(config.addr.port(), 0);
        assert_eq!(config.token, "demo-token");
        assert!(uuid::Uuid::parse_str(&config.organization_id).is_ok());
    }
}
