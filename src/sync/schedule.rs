//! When the next poll comes: the interval after a success, a growing backoff after failures.
//!
//! Pure logic: the caller passes the time in, so tests need no clock. A poll is due by the
//! monotonic clock or by the wall clock, whichever comes first: after the machine sleeps,
//! the monotonic clock may not have moved, but the wall clock has, and exactly one poll
//! follows (never a burst for the missed ones).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::SyncStatus;
use crate::api::{ApiError, RetryPolicy};

/// The longest the worker sleeps before looking at the clocks again.
pub(super) const MAX_SLEEP: Duration = Duration::from_secs(5);

/// The longest a server's `Retry-After` is honoured between polls.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(3_600);

#[derive(Clone, Copy, Debug, PartialEq)]
struct Due {
    at: Instant,
    wall: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub(super) struct Schedule {
    interval: Duration,
    next: Option<Due>,
    last_poll: Option<(Instant, DateTime<Utc>)>,
    num_failures: u32,
}

impl Schedule {
    pub(super) fn new(interval: Duration) -> Self {
        Self {
            interval,
            next: None,
            last_poll: None,
            num_failures: 0,
        }
    }

    /// The wall-clock time of the last successful poll.
    pub(super) fn last_poll(&self) -> Option<DateTime<Utc>> {
        self.last_poll.map(|(_, wall)| wall)
    }

    pub(super) fn num_failures(&self) -> u32 {
        self.num_failures
    }

    /// Plans a poll right away.
    pub(super) fn poll_soon(&mut self, now: Instant, wall: DateTime<Utc>) {
        self.next = Some(Due { at: now, wall });
    }

    /// Plans no poll (paused, no token, token rejected).
    pub(super) fn clear(&mut self) {
        self.next = None;
    }

    pub(super) fn is_due(&self, now: Instant, wall: DateTime<Utc>) -> bool {
        self.next
            .is_some_and(|due| now >= due.at || wall >= due.wall)
    }

    /// How long to sleep before looking again; `None` when no poll is planned.
    pub(super) fn wake_in(&self, now: Instant) -> Option<Duration> {
        self.next
            .map(|due| due.at.saturating_duration_since(now).min(MAX_SLEEP))
    }

    /// Records a successful poll and plans the next one an interval later.
    pub(super) fn succeeded(&mut self, now: Instant, wall: DateTime<Utc>) {
        self.num_failures = 0;
        self.last_poll = Some((now, wall));
        self.next = Some(Due {
            at: now + self.interval,
            wall: wall + self.interval,
        });
    }

    /// Records a failed poll and plans the next attempt; returns the delay.
    ///
    /// Transient failures back off exponentially (the shared policy's steps and cap), or
    /// wait as long as the server asked. Other failures (an unknown organization, say) are
    /// tried again no sooner than the interval.
    pub(super) fn failed(
        &mut self,
        now: Instant,
        wall: DateTime<Utc>,
        err: &ApiError,
        retry: &RetryPolicy,
        jitter: f64,
    ) -> Duration {
        self.num_failures = self.num_failures.saturating_add(1);
        let backoff = retry.backoff(self.num_failures, jitter);
        let mut delay = err
            .retry_after()
            .map_or(backoff, |asked| asked.min(MAX_RETRY_AFTER));
        if !err.is_transient() {
            delay = delay.max(self.interval);
        }
        self.next = Some(Due {
            at: now + delay,
            wall: wall + delay,
        });
        delay
    }

    /// Changes the interval; a poll planned after a success moves with it.
    pub(super) fn set_interval(&mut self, interval: Duration) {
        self.interval = interval;
        if self.num_failures > 0 || self.next.is_none() {
            return;
        }
        if let Some((at, wall)) = self.last_poll {
            self.next = Some(Due {
                at: at + interval,
                wall: wall + interval,
            });
        }
    }

    /// The status while waiting for the next poll after a success.
    pub(super) fn waiting_status(&self) -> Option<SyncStatus> {
        let (_, last_poll) = self.last_poll?;
        let next = self.next?;
        Some(SyncStatus::Waiting {
            last_poll,
            next_poll: next.wall,
        })
    }
}

#[cfg(test)]
mod tests {
    use url::Url;

    use super::*;

    fn server_error() -> ApiError {
        ApiError::Server {
            url: Url::parse("http://127.0.0.1/v1").unwrap(),
            status: 503,
        }
    }

    fn policy() -> RetryPolicy {
        RetryPolicy {
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(8),
            ..RetryPolicy::default()
        }
    }

    #[test]
    fn failures_back_off_and_a_success_resets() {
        let (now, wall) = (Instant::now(), Utc::now());
        let mut schedule = Schedule::new(Duration::from_secs(60));
        let delays: Vec<u64> = (0..5)
            .map(|_| {
                schedule
                    .failed(now, wall, &server_error(), &policy(), 1.0)
                    .as_secs()
            })
            .collect();
        assert_eq!(delays, [1, 2, 4, 8, 8]);
        assert!(!schedule.is_due(now, wall));
        assert!(schedule.is_due(now + Duration::from_secs(8), wall));

        schedule.succeeded(now, wall);
        assert_eq!(schedule.num_failures(), 0);
        let delay = schedule.failed(now, wall, &server_error(), &policy(), 1.0);
        assert_eq!(delay, Duration::from_secs(1), "the backoff starts over");
    }

    #[test]
    fn the_server_delay_wins_and_permanent_errors_wait_an_interval() {
        let (now, wall) = (Instant::now(), Utc::now());
        let url = Url::parse("http://127.0.0.1/v1").unwrap();
        let mut schedule = Schedule::new(Duration::from_secs(60));
        let limited = ApiError::RateLimited {
            url: url.clone(),
            retry_after: Some(Duration::from_secs(42)),
        };
        let delay = schedule.failed(now, wall, &limited, &policy(), 0.0);
        assert_eq!(delay, Duration::from_secs(42));
        let not_found = ApiError::NotFound { url, message: None };
        let delay = schedule.failed(now, wall, &not_found, &policy(), 0.0);
        assert_eq!(delay, Duration::from_secs(60));
    }

    #[test]
    fn a_poll_is_due_by_either_clock_once() {
        let (now, wall) = (Instant::now(), Utc::now());
        let mut schedule = Schedule::new(Duration::from_secs(60));
        assert_eq!(schedule.wake_in(now), None);
        schedule.succeeded(now, wall);
        assert_eq!(schedule.wake_in(now), Some(MAX_SLEEP));
        assert!(!schedule.is_due(now + Duration::from_secs(59), wall));
        // The machine slept for an hour: the monotonic clock barely moved.
        let woke = wall + Duration::from_secs(3_600);
        assert!(schedule.is_due(now + Duration::from_secs(1), woke));
        schedule.succeeded(now + Duration::from_secs(1), woke);
        assert!(!schedule.is_due(now + Duration::from_secs(2), woke));
    }

    #[test]
    fn a_new_interval_moves_the_planned_poll() {
        let (now, wall) = (Instant::now(), Utc::now());
        let mut schedule = Schedule::new(Duration::from_secs(60));
        schedule.succeeded(now, wall);
        schedule.set_interval(Duration::from_secs(10));
        assert!(schedule.is_due(now + Duration::from_secs(10), wall));
        let Some(SyncStatus::Waiting { next_poll, .. }) = schedule.waiting_status() else {
            panic!("waiting after a success");
        };
        assert_eq!(next_poll, wall + Duration::from_secs(10));
    }
}
