//! Sync: the worker thread that keeps an organization's events current, and the local cache.
//!
//! Uses `api`, `model` and `credentials::Secret`. Only this module (with `export`) writes
//! files. The app talks to the worker only through [`WorkerCommand`] and [`WorkerReport`]
//! (see [`SyncWorker`]); [`Cache`] is public for tools and tests that read a cache file.
//!
//! Inside: `worker` (the handle and thread), `engine` (the command loop), `poll` (backfill
//! and incremental reads), `details` (on-demand and prefetched details), `schedule` (when
//! to poll, backoff), `reporter` (the non-blocking report channel), `session` and `store`
//! (one target's state), and the cache in `cache*`.

mod cache;
mod cache_file;
mod cache_schema;
mod cache_write;
mod details;
mod engine;
mod error;
mod messages;
mod options;
mod poll;
mod reporter;
mod schedule;
mod session;
mod store;
mod worker;

pub use cache::{Cache, LoadedCache, Recovery};
pub(crate) use cache_file::create_private_dir;
pub use cache_file::{cache_file_name, default_cache_path};
pub use cache_schema::SCHEMA_VERSION;
pub use error::SyncError;
pub use messages::{SyncStatus, SyncTarget, WorkerCommand, WorkerReport};
pub use options::SyncOptions;
pub use reporter::Repaint;
pub use worker::{COMMAND_CAPACITY, REPORT_CAPACITY, SyncWorker};
