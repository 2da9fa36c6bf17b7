//! Export: events to the versioned `credly-monitor-export` JSON document or NDJSON, and the
//! atomic, owner-only file writing.
//!
//! Uses `model`. Fetching what is exported is the caller's job (`api` for the headless
//! command, the cache for the window).

mod document;
mod write;

pub use document::{
    DetailOutcome, ExportFormat, ExportHeader, ExportedEvent, FORMAT_NAME, FORMAT_VERSION,
    document, render, sort_for_export,
};
pub use write::{ExportError, ExportTarget, write_export};
