//! How the sync worker polls: interval, concurrency, prefetch and retries.

use std::time::Duration;

use crate::api::RetryPolicy;

/// The settings of a sync worker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SyncOptions {
    /// How often to poll for new events; never more often than [`SyncOptions::MIN_INTERVAL`].
    pub interval: Duration,
    /// Pages requested at once while backfilling, and details fetched at once.
    pub concurrency: usize,
    /// Whether to fetch the details of cached events in the background.
    pub prefetch: bool,
    /// The pause between two details fetched in the background: the polite rate.
    pub prefetch_interval: Duration,
    /// Pages read one after another by an incremental poll before it gives up and reads the
    /// whole list concurrently instead.
    pub max_pages_per_poll: u64,
    /// Retries of each request, and the backoff between failed polls.
    pub retry: RetryPolicy,
}

impl SyncOptions {
    pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(60);
    pub const MIN_INTERVAL: Duration = Duration::from_secs(10);

    /// The interval in force: the configured one, at least [`SyncOptions::MIN_INTERVAL`].
    pub fn effective_interval(&self) -> Duration {
        self.interval.max(Self::MIN_INTERVAL)
    }
}

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            interval: Self::DEFAULT_INTERVAL,
            concurrency: 4,
            prefetch: false,
            prefetch_interval: Duration::from_secs(1),
            max_pages_per_poll: 20,
            retry: RetryPolicy::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_below_ten_seconds_are_raised() {
        let cases = [(1, 10), (10, 10), (60, 60), (3_600, 3_600)];
        for (asked, used) in cases {
            let options = SyncOptions {
                interval: Duration::from_secs(asked),
                ..SyncOptions::default()
            };
            assert_eq!(options.effective_interval(), Duration::from_secs(used));
        }
    }
}
