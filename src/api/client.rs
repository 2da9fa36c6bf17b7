//! The HTTP client for Credly's events endpoints.

use std::time::{Duration, SystemTime};

use reqwest::header::{ACCEPT, RETRY_AFTER};
use reqwest::{Response, StatusCode, redirect};
use serde_json::Value;
use url::Url;

use super::base::{check_base, same_origin};
use super::dto::error_message;
use super::page::{EventPage, NextPage, parse_detail, parse_page};
use super::{ApiBase, ApiError, RetryPolicy};
use crate::credentials::Secret;
use crate::model::is_loopback;
use crate::model::{EventDetail, EventId, OrganizationId, excerpt};

/// The largest response body read; anything longer is refused as malformed.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// How to reach one organization's events.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    pub base: ApiBase,
    pub organization_id: OrganizationId,
    pub token: Secret,
    pub connect_timeout: Duration,
    /// The longest a whole request may take, body included.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
}

impl ClientConfig {
    pub fn new(base: ApiBase, organization_id: OrganizationId, token: Secret) -> Self {
        Self {
            base,
            organization_id,
            token,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
        }
    }
}

/// A client for one organization's events. Cheap to clone: clones share connections.
#[derive(Clone, Debug)]
pub struct CredlyClient {
    http: reqwest::Client,
    base: Url,
    organization_id: OrganizationId,
    token: Secret,
    retry: RetryPolicy,
}

impl CredlyClient {
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let mut base = config.base.url();
        check_base(&base)?;
        // A base without a trailing slash would lose its last segment when joined.
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }

        let origin = base.clone();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .user_agent(concat!("credly-monitor/", env!("CARGO_PKG_VERSION")))
            // Credentials must never follow a redirect to another origin.
            .redirect(redirect::Policy::custom(move |attempt| {
                if attempt.previous().len() < 5 && same_origin(&origin, attempt.url()) {
                    attempt.follow()
                } else {
                    attempt.stop()
                }
            }));
        if is_loopback(&base) {
            // A system proxy would otherwise catch requests to the local demo server.
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|err| ApiError::InvalidBase {
            text: base.to_string(),
            reason: format!("the HTTP client could not be built: {err}"),
        })?;

        Ok(Self {
            http,
            base,
            organization_id: config.organization_id,
            token: config.token,
            retry: config.retry,
        })
    }

    /// The configured base URL, with a trailing slash.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    pub fn organization_id(&self) -> &OrganizationId {
        &self.organization_id
    }

    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// The URL of page `number` of the events list.
    pub fn page_url(&self, number: u64) -> Url {
        let mut url = self.events_url();
        url.query_pairs_mut()
            .append_pair("page", &number.to_string());
        url
    }

    fn events_url(&self) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("a checked base can carry a path")
            .pop_if_empty()
            .extend(["organizations", self.organization_id.as_str(), "events"]);
        url
    }

    /// Reads page `number`, retrying transient failures.
    pub async fn page(&self, number: u64) -> Result<EventPage, ApiError> {
        let url = self.page_url(number);
        self.retry.run(|| self.page_once(&url, number)).await
    }

    /// Reads the page that `next` names, retrying transient failures.
    pub async fn next_page(&self, next: &NextPage) -> Result<EventPage, ApiError> {
        match next {
            NextPage::Number(number) => self.page(*number).await,
            NextPage::Url(url) => {
                let number = page_number_in(url).unwrap_or(1);
                self.retry.run(|| self.page_once(url, number)).await
            }
        }
    }

    /// Reads one page at `url`, once. `url` must be on the configured origin.
    pub async fn page_once(&self, url: &Url, number: u64) -> Result<EventPage, ApiError> {
        let body = self.get_json(url).await?;
        let page = parse_page(number, body).map_err(|err| err.into_api_error(url))?;
        if !page.malformed.is_empty() {
            tracing::warn!(
                page = number,
                num_malformed = page.malformed.len(),
                "skipped malformed events"
            );
        }
        Ok(page)
    }

    /// Fetches one event's detail, retrying transient failures.
    pub async fn event_detail(&self, id: &EventId) -> Result<EventDetail, ApiError> {
        let mut url = self.events_url();
        url.path_segments_mut()
            .expect("a checked base can carry a path")
            .push(id.as_str());
        self.retry.run(|| self.detail_once(&url)).await
    }

    async fn detail_once(&self, url: &Url) -> Result<EventDetail, ApiError> {
        let body = self.get_json(url).await?;
        parse_detail(body).map_err(|err| err.into_api_error(url))
    }

    /// One authenticated GET whose successful body is JSON.
    async fn get_json(&self, url: &Url) -> Result<Value, ApiError> {
        if !same_origin(&self.base, url) {
            // Only reachable through a bug: every URL is built from, or checked against, the base.
            return Err(ApiError::InvalidBase {
                text: url.to_string(),
                reason: "not on the configured API origin".to_owned(),
            });
        }
        tracing::trace!(%url, "GET");
        let response = self
            .http
            .get(url.clone())
            .basic_auth(self.token.expose(), None::<&str>)
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(|err| transport_error(url, &err))?;

        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| super::retry::parse_retry_after(value, SystemTime::now()));
        let body = read_body(url, response).await?;
        if !status.is_success() {
            return Err(status_error(url, status, retry_after, &body));
        }
        serde_json::from_slice(&body).map_err(|err| ApiError::Malformed {
            url: url.clone(),
            reason: format!("the body is not valid JSON: {err}"),
            excerpt: excerpt(&String::from_utf8_lossy(body.get(..200).unwrap_or(&body))),
        })
    }
}

/// Reads a body of at most [`MAX_BODY_BYTES`].
async fn read_body(url: &Url, mut response: Response) -> Result<Vec<u8>, ApiError> {
    let too_long = || ApiError::Malformed {
        url: url.clone(),
        reason: format!(
            "the body is longer than {} MiB",
            MAX_BODY_BYTES / 1024 / 1024
        ),
        excerpt: String::new(),
    };
    if response
        .content_length()
        .is_some_and(|length| length > MAX_BODY_BYTES as u64)
    {
        return Err(too_long());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|err| transport_error(url, &err))?
    {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_long());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn status_error(
    url: &Url,
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
) -> ApiError {
    let url = url.clone();
    let message = error_message(body);
    match status.as_u16() {
        401 => ApiError::Unauthorized { url },
        403 => ApiError::Forbidden { url, message },
        404 => ApiError::NotFound { url, message },
        422 => ApiError::Validation {
            url,
            message: message.unwrap_or_else(|| "no reason given".to_owned()),
        },
        429 => ApiError::RateLimited { url, retry_after },
        status @ 500..=599 => ApiError::Server { url, status },
        status => ApiError::UnexpectedStatus {
            url,
            status,
            message,
        },
    }
}

fn transport_error(url: &Url, err: &reqwest::Error) -> ApiError {
    let url = url.clone();
    if err.is_timeout() {
        return ApiError::Timeout { url };
    }
    let reason = if err.is_connect() {
        "the connection could not be made".to_owned()
    } else if err.is_body() || err.is_decode() {
        "the connection broke while the answer was read".to_owned()
    } else {
        "the connection failed".to_owned()
    };
    // The innermost cause says what happened (refused, reset, certificate...).
    let mut source: &dyn std::error::Error = err;
    while let Some(inner) = source.source() {
        source = inner;
    }
    ApiError::Connection {
        url,
        reason: format!("{reason} ({source})"),
    }
}

fn page_number_in(url: &Url) -> Option<u64> {
    url.query_pairs()
        .find(|(key, _)| key == "page")
        .and_then(|(_, value)| value.parse().ok())
}
