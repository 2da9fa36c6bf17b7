//! The retry policy every caller of the API shares: exponential backoff with jitter, capped,
//! honouring the server's `Retry-After`.

use std::future::Future;
use std::time::{Duration, SystemTime};

use super::ApiError;

/// When and how often a failed request is tried again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// The delay before the first retry; it doubles with each further one.
    pub base_delay: Duration,
    /// No computed delay is longer than this.
    pub max_delay: Duration,
    /// A server asking for a longer wait than this is not retried here: the caller reports the
    /// error and the poll loop comes back later.
    pub max_retry_after: Duration,
    /// Attempts in all, the first included.
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            max_attempts: 6,
        }
    }
}

impl RetryPolicy {
    /// Never retries; for callers that handle failures themselves.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The delay before retrying after `failed_attempts` failures (1 after the first), or
    /// `None` when the error is not transient or the attempts are spent.
    ///
    /// `jitter` is a number in `0.0..=1.0` drawn by the caller: the delay is spread over the
    /// upper half of the exponential step, so that clients that failed together do not retry
    /// together. A `Retry-After` from the server is honoured as it is.
    pub fn delay_after(
        &self,
        failed_attempts: u32,
        err: &ApiError,
        jitter: f64,
    ) -> Option<Duration> {
        if !err.is_transient() || failed_attempts >= self.max_attempts {
            return None;
        }
        if let Some(asked) = err.retry_after() {
            return (asked <= self.max_retry_after).then_some(asked);
        }
        Some(self.backoff(failed_attempts, jitter))
    }

    /// The exponential step for the given number of failures, with jitter, capped.
    pub fn backoff(&self, failed_attempts: u32, jitter: f64) -> Duration {
        let exponent = failed_attempts.saturating_sub(1).min(30);
        let step = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        step.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
    }

    /// Runs `attempt` until it succeeds, fails for good, or the attempts are spent.
    pub async fn run<T, F, Fut>(&self, mut attempt: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let mut failed_attempts = 0;
        loop {
            let err = match attempt().await {
                Ok(value) => return Ok(value),
                Err(err) => err,
            };
            failed_attempts += 1;
            let Some(delay) = self.delay_after(failed_attempts, &err, fastrand::f64()) else {
                return Err(err);
            };
            let delay_ms = delay.as_millis();
            tracing::debug!(err = %err.redacted(), failed_attempts, delay_ms, "retrying");
            tokio::time::sleep(delay).await;
        }
    }
}

/// Reads a `Retry-After` header: a number of seconds, or an HTTP date.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use url::Url;

    use super::*;

    fn url() -> Url {
        Url::parse("http://127.0.0.1/v1").unwrap()
    }

    #[test]
    fn delays_grow_exponentially_with_jitter_and_a_cap() {
        let policy = RetryPolicy {
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            max_attempts: 10,
        };
        let server = ApiError::Server {
            url: url(),
            status: 503,
        };
        let cases = [
            (1, 0.0, 500),
            (1, 1.0, 1_000),
            (2, 0.0, 1_000),
            (3, 0.5, 3_000),
            (4, 1.0, 8_000),
            (5, 1.0, 8_000),
            (9, 0.0, 4_000),
        ];
        for (failed, jitter, millis) in cases {
            let delay = policy.delay_after(failed, &server, jitter);
            assert_eq!(
                delay,
                Some(Duration::from_millis(millis)),
                "after {failed} failures"
            );
        }
        assert_eq!(
            policy.delay_after(10, &server, 0.0),
            None,
            "attempts are spent"
        );
    }

    #[test]
    fn retry_after_is_honoured_unless_too_long() {
        let policy = RetryPolicy::default();
        let asked = |secs| ApiError::RateLimited {
            url: url(),
            retry_after: Some(Duration::from_secs(secs)),
        };
        assert_eq!(
            policy.delay_after(1, &asked(7), 0.0),
            Some(Duration::from_secs(7))
        );
        assert_eq!(policy.delay_after(1, &asked(3_600), 0.0), None);
        let unspecified = ApiError::RateLimited {
            url: url(),
            retry_after: None,
        };
        assert_eq!(
            policy.delay_after(1, &unspecified, 1.0),
            Some(policy.base_delay)
        );
    }

    #[test]
    fn only_transient_errors_are_retried() {
        let policy = RetryPolicy::default();
        let cases = [
            (ApiError::Unauthorized { url: url() }, false),
            (
                ApiError::Forbidden {
                    url: url(),
                    message: None,
                },
                false,
            ),
            (
                ApiError::NotFound {
                    url: url(),
                    message: None,
                },
                false,
            ),
            (
                ApiError::Validation {
                    url: url(),
                    message: "bad".to_owned(),
                },
                false,
            ),
            (
                ApiError::UnexpectedStatus {
                    url: url(),
                    status: 400,
                    message: None,
                },
                false,
            ),
            (
                ApiError::Server {
                    url: url(),
                    status: 500,
                },
                true,
            ),
            (ApiError::Timeout { url: url() }, true),
            (
                ApiError::Connection {
                    url: url(),
                    reason: "reset".to_owned(),
                },
                true,
            ),
            (
                ApiError::Malformed {
                    url: url(),
                    reason: "eof".to_owned(),
                    excerpt: String::new(),
                },
                true,
            ),
        ];
        for (err, retried) in cases {
            assert_eq!(policy.delay_after(1, &err, 0.5).is_some(), retried, "{err}");
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Thu, 03 Dec 2026 18:00:00 GMT").unwrap();
        let cases = [
            ("5", Some(5)),
            (" 120 ", Some(120)),
            ("Thu, 03 Dec 2026 18:00:30 GMT", Some(30)),
            ("Thu, 03 Dec 2026 17:59:00 GMT", Some(0)),
            ("soon", None),
            ("-1", None),
        ];
        for (header, secs) in cases {
            assert_eq!(
                parse_retry_after(header, now),
                secs.map(Duration::from_secs),
                "{header}"
            );
        }
    }
}
