//! The HTTP client for Credly's events API: presets, requests, pagination, `ApiError`, and
//! the retry policy callers share.
//!
//! Uses `model` (its checked types are what leaves this module) and `credentials::Secret`.
//! Only this module speaks HTTP: to Credly, and to the hosts of the images its payloads
//! name. Wire types stay inside it.

mod base;
mod client;
mod dto;
mod error;
mod images;
mod listing;
mod page;
mod retry;

pub use crate::model::is_loopback;
pub use base::{ApiBase, PRODUCTION_URL, SANDBOX_URL, same_origin};
pub use client::{ClientConfig, CredlyClient, MAX_BODY_BYTES};
pub use dto::PageMetadata;
pub use error::{ApiError, Redacted};
pub use images::{
    FetchedImage, IMAGE_TIMEOUT, ImageClient, ImageError, LoopbackImages, MAX_IMAGE_BYTES,
    is_allowed_image_url,
};
pub use listing::{
    Listing, ListingOptions, ListingProgress, MAX_REPEATED_PAGES, Repeats, fetch_all,
};
pub use page::{
    BodyError, EventPage, MAX_PAGE_SIZE, MalformedItem, NextPage, parse_detail, parse_page,
};
pub use retry::{RetryPolicy, parse_retry_after};
