//! A fake Credly events API, in process and on loopback only, for demo mode, integration
//! tests and benchmarks.
//!
//! `generator` builds a seeded, deterministic organization and its event history (every
//! documented event type, in believable sequences, rendered on demand as Credly's JSON);
//! `server` serves it over HTTP with Credly's envelopes, Basic auth, paging, latency, live
//! events and injectable faults. The fake depends on no other module of this crate, and
//! nothing but demo mode, tests and benchmarks may depend on it.

mod chain;
mod config;
mod earner;
mod faults;
mod generator;
mod ids;
mod images;
mod kind;
mod names;
mod render;
mod render_badge;
mod render_employment;
mod routes;
mod server;
mod sim;
mod sim_badges;
mod sim_people;
mod stamp;
#[cfg(test)]
mod testing;
mod world;

pub use config::{DEFAULT_ORGANIZATION_ID, FakeConfig, ListOrder};
pub use faults::{Fault, RandomFaults};
pub use generator::Generator;
pub use kind::EVENT_TYPES;
pub use server::{FakeServer, FakeStats};
