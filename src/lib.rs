//! credly-monitor: a desktop monitor for the events of a Credly organization.
//!
//! The layers, from the bottom up (a layer uses only those above it in this list):
//!
//! - [`model`]: domain types and pure logic (events, types, payloads, the compact
//!   `Timeline`, filters). Uses nothing of ours.
//! - [`credentials`]: the `Secret` token type, the OS keyring and the profiles. Uses nothing
//!   of ours.
//! - [`api`]: the HTTP client for Credly's events endpoints. Uses `model`, `credentials`.
//! - [`export`]: events to the versioned JSON export document, written atomically.
//!   Uses `model`.
//! - [`sync`]: the worker thread that polls, and the `SQLite` cache. Uses `api`, `model`,
//!   `credentials::Secret`, `export`.
//! - [`fake`]: a fake Credly API on loopback for demo mode, tests and benchmarks.
//!   Uses nothing of ours: it speaks only JSON over HTTP.
//! - [`ui`]: egui panels, views and dialogs. Uses `model` and its own `UiAction` only.
//! - [`app`]: the eframe app that owns the state, drains the worker's reports and handles
//!   `UiAction`s. Uses all of the above.
//! - [`cli`]: the headless commands (`export`, `demo-server`, `login`, `logout`).

pub mod api;
pub mod app;
pub mod cli;
pub mod credentials;
pub mod export;
pub mod fake;
pub mod model;
pub mod sync;
pub mod ui;
