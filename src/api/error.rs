//! `ApiError`: every way a request to Credly can fail, told apart so callers can react.

use std::time::Duration;

use url::Url;

/// A failed request to the Credly API. URLs never carry credentials (the token goes in a
/// header), so every variant may be shown; logs take [`ApiError::redacted`], which leaves out
/// the text the server sent.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    #[error("the API base {text:?} is not a valid URL: {reason}")]
    InvalidBase { text: String, reason: String },

    #[error(
        "refusing plain HTTP to {host}: use https:// (plain http is allowed for loopback only)"
    )]
    InsecureBase { host: String },

    #[error("the token was rejected (HTTP 401): it is wrong, expired or revoked")]
    Unauthorized { url: Url },

    #[error("the token lacks the right to read this (HTTP 403){}", suffix(message.as_deref()))]
    Forbidden { url: Url, message: Option<String> },

    #[error("not found (HTTP 404): unknown organization or event{}", suffix(message.as_deref()))]
    NotFound { url: Url, message: Option<String> },

    #[error("Credly refused the request (HTTP 422): {message}")]
    Validation { url: Url, message: String },

    #[error("rate limited by Credly (HTTP 429){}", retry_after_suffix(*retry_after))]
    RateLimited {
        url: Url,
        retry_after: Option<Duration>,
    },

    #[error("Credly answered with a server error (HTTP {status})")]
    Server { url: Url, status: u16 },

    #[error("unexpected answer from Credly (HTTP {status}){}", suffix(message.as_deref()))]
    UnexpectedStatus {
        url: Url,
        status: u16,
        message: Option<String>,
    },

    #[error("no answer from Credly in time")]
    Timeout { url: Url },

    #[error("could not reach Credly: {reason}")]
    Connection { url: Url, reason: String },

    #[error(
        "Credly sent a response that is not what was expected: {reason} (starts with {excerpt:?})"
    )]
    Malformed {
        url: Url,
        reason: String,
        excerpt: String,
    },
}

fn suffix(message: Option<&str>) -> String {
    message
        .map(|message| format!(": {message}"))
        .unwrap_or_default()
}

fn retry_after_suffix(retry_after: Option<Duration>) -> String {
    retry_after
        .map(|delay| format!(", asked to wait {} s", delay.as_secs()))
        .unwrap_or_default()
}

impl ApiError {
    /// Whether trying the same request again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. }
                | Self::Server { .. }
                | Self::Timeout { .. }
                | Self::Connection { .. }
                // A truncated or garbled body is most often a connection cut short.
                | Self::Malformed { .. }
        )
    }

    /// Whether the credentials are at fault: polling should stop until they change.
    pub fn is_auth(&self) -> bool {
        matches!(self, Self::Unauthorized { .. } | Self::Forbidden { .. })
    }

    /// The delay the server asked for, if it asked.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The error for logs: what failed, with the status and our own parse reason, but without
    /// the server's message or an excerpt of its body, which may name earners or hold their
    /// emails.
    pub fn redacted(&self) -> Redacted<'_> {
        Redacted(self)
    }

    pub fn url(&self) -> Option<&Url> {
        match self {
            Self::InvalidBase { .. } | Self::InsecureBase { .. } => None,
            Self::Unauthorized { url }
            | Self::Forbidden { url, .. }
            | Self::NotFound { url, .. }
            | Self::Validation { url, .. }
            | Self::RateLimited { url, .. }
            | Self::Server { url, .. }
            | Self::UnexpectedStatus { url, .. }
            | Self::Timeout { url }
            | Self::Connection { url, .. }
            | Self::Malformed { url, .. } => Some(url),
        }
    }
}

/// An [`ApiError`] as logs show it; see [`ApiError::redacted`].
pub struct Redacted<'a>(&'a ApiError);

impl std::fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            ApiError::Forbidden { .. } => f.write_str("the token lacks the right (HTTP 403)"),
            ApiError::NotFound { .. } => f.write_str("not found (HTTP 404)"),
            ApiError::Validation { .. } => f.write_str("Credly refused the request (HTTP 422)"),
            ApiError::UnexpectedStatus { status, .. } => {
                write!(f, "unexpected answer from Credly (HTTP {status})")
            }
            ApiError::Malformed { reason, .. } => {
                write!(
                    f,
                    "Credly sent a response that is not what was expected: {reason}"
                )
            }
            other => other.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_errors_leave_out_what_the_server_sent() {
        let url = Url::parse("https://api.credly.com/v1/organizations/o/events").unwrap();
        let secret = "priya.natarajan@example.org";
        let cases = [
            ApiError::Malformed {
                url: url.clone(),
                reason: "EOF while parsing a string".to_owned(),
                excerpt: format!("{{\"data\": [{{\"recipient_email\": \"{secret}"),
            },
            ApiError::Validation {
                url: url.clone(),
                message: format!("{secret} is not a valid recipient"),
            },
            ApiError::Forbidden {
                url: url.clone(),
                message: Some(secret.to_owned()),
            },
            ApiError::NotFound {
                url: url.clone(),
                message: Some(secret.to_owned()),
            },
            ApiError::UnexpectedStatus {
                url,
                status: 418,
                message: Some(secret.to_owned()),
            },
        ];
        for err in cases {
            assert!(err.to_string().contains(secret), "{err}");
            let redacted = err.redacted().to_string();
            assert!(!redacted.contains(secret), "{redacted}");
            assert!(!redacted.is_empty());
        }
    }
}
