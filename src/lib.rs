//! credly-monitor: a desktop monitor for the events of a Credly organization.
//!
//! The layers, from the bottom up (a layer uses only those above it in this list):
//!
//! - [`model`]: domain types and pure logic (events, types, payloads). Uses nothing of ours.
//! - [`credentials`]: the `Secret` token type and the OS keyring. Uses nothing of ours.
//! - [`api`]: the HTTP client for Credly's events endpoints. Uses `model`, `credentials`.
//! - [`export`]: events to the versioned JSON export document, written atomically.
//!   Uses `model` and `api`.
//! - [`fake`]: a fake Credly API on loopback for demo mode, tests and benchmarks.
//!   Uses nothing of ours: it speaks only JSON over HTTP.
//! - [`cli`]: the headless commands (`export`, `demo-server`). Uses all of the above.

pub mod api;
pub mod cli;
pub mod credentials;
pub mod export;
pub mod fake;
pub mod model;
