//! Helpers for the fake's own tests: configurations that do not depend on the clock, a
//! loopback client, and counting.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{FakeConfig, FakeServer};

/// The end of every test history, so that runs compare equal.
pub(super) fn fixed_end() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-05-01T12:00:00.000Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub(super) fn config(num_events: usize, seed: u64, quirks: bool) -> FakeConfig {
    FakeConfig {
        num_events,
        seed,
        quirks,
        end: fixed_end(),
        ..FakeConfig::default()
    }
}

/// A client that ignores proxy settings, which would otherwise catch 127.0.0.1.
pub(super) fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// `GET` of `path` below the base URL, with the server's token.
pub(super) async fn send(server: &FakeServer, path: &str) -> reqwest::Result<reqwest::Response> {
    client()
        .get(format!("{}{path}", server.base_url()))
        .basic_auth(server.token(), Some(""))
        .send()
        .await
}

/// `send` that expects an HTTP answer.
pub(super) async fn get(server: &FakeServer, path: &str) -> reqwest::Response {
    send(server, path).await.unwrap()
}

pub(super) fn events_path(server: &FakeServer) -> String {
    format!("/organizations/{}/events", server.organization_id())
}

pub(super) fn count_by_type(summaries: &[Value]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for summary in summaries {
        let event_type = summary["event_type"].as_str().unwrap().to_owned();
        *counts.entry(event_type).or_insert(0) += 1;
    }
    counts
}

/// The summaries and details of every event of one type, oldest first.
pub(super) fn details_of(generator: &super::Generator, event_type: &str) -> Vec<(Value, Value)> {
    generator
        .summaries()
        .into_iter()
        .filter(|summary| summary["event_type"] == event_type)
        .map(|summary| {
            let detail = generator.detail(summary["id"].as_str().unwrap()).unwrap();
            (summary, detail)
        })
        .collect()
}
