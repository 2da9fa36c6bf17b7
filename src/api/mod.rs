//! The HTTP client for Credly's events API: presets, requests, pagination, `ApiError`, and
//! the retry policy callers share.
//!
//! Uses `model` (its checked types are what leaves this module) and `credentials::Secret`.
//! Only this module speaks HTTP to Credly. Wire types stay inside it.

mod base;
mod client;
mod dto;
mod error;
mod listing;
mod page;
mod retry;

pub use base::{ApiBase, PRODUCTION_URL, SANDBOX_URL, is_loopback, same_origin};
pub use client::{ClientConfig, CredlyClient, MAX_BODY_BYTES};
pub use dto::PageMetadata;
pub use error::ApiError;
pub use listing::{Listing, ListingOptions, ListingProgress, fetch_all};
pub use page::{
    BodyError, EventPage, MAX_PAGE_SIZE, MalformedItem, NextPage, parse_detail, parse_page,
};
pub use retry::{RetryPolicy, parse_retry_after};
