//! One poll: the first full read of an organization (the backfill), or an incremental read of
//! what is new, reconciled with the server's `total_count`.
//!
//! Credly documents no order for its list, and events arrive while we page, so pages shift.
//! The poll learns the order from page 1 (times of its first and last events), reads only
//! the pages where new events can be, and falls back to a full concurrent pass when the
//! server counts more events than the cache holds. Every page is stored as soon as it
//! arrives (keyed by id, so never twice) and its new events are reported at once.

use std::cell::Cell;
use std::rc::Rc;

use futures::{StreamExt as _, TryStreamExt as _};

use super::session::{PageAbsorbed, Session};
use super::store::ListOrder;
use super::{SyncStatus, WorkerReport};
use crate::api::{ApiError, CredlyClient, EventPage, MAX_PAGE_SIZE, NextPage, Repeats};
use crate::model::Event;

/// Full passes over the list at most in one poll, the first included.
const MAX_PASSES: u32 = 3;

/// What a poll did, for the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct PollSummary {
    pub num_new: usize,
    pub num_pages: u64,
    pub full_pass: bool,
}

/// Whether a full pass reports its progress (the first sync) or not (a catch-up).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PassMode {
    Backfill,
    CatchUp,
}

/// How an incremental read ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Incremental {
    Done,
    /// New events may lie where the incremental read did not look.
    NeedsFullPass,
}

/// How following `next` pages ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Follow {
    End,
    ReachedKnown,
    CapReached,
}

/// Polls once: a backfill while the cache has never held the whole list, else an
/// incremental read.
pub(super) async fn poll(session: Rc<Session>) -> Result<PollSummary, ApiError> {
    let Some(client) = session.client.clone() else {
        return Ok(PollSummary::default());
    };
    let mut run = PollRun::new(&session);
    let is_backfilled = session.store.borrow().is_backfilled();
    if is_backfilled {
        let plan = run.incremental(&client).await?;
        let count_changed = session.short_pass_count.get() != run.total_count;
        if plan == Incremental::NeedsFullPass && (count_changed || run.total_count.is_none()) {
            tracing::debug!(
                counted = run.total_count,
                held = session.num_held(),
                "incremental read incomplete: reading the whole list"
            );
            run.full_pass(&client, PassMode::CatchUp).await?;
        }
    } else {
        run.full_pass(&client, PassMode::Backfill).await?;
        session.store.borrow().set_backfilled();
    }
    Ok(run.finish())
}

struct PollRun<'s> {
    session: &'s Session,
    summary: PollSummary,
    num_new_malformed: usize,
    /// The largest `total_count` seen in this poll: counts only grow while we read.
    total_count: Option<u64>,
    largest_page: usize,
    /// Pages read in the current full pass, for the progress shown.
    pass_pages: u64,
}

impl<'s> PollRun<'s> {
    fn new(session: &'s Session) -> Self {
        Self {
            session,
            summary: PollSummary::default(),
            num_new_malformed: 0,
            total_count: None,
            largest_page: 0,
            pass_pages: 0,
        }
    }

    fn absorb(&mut self, page: EventPage) -> PageAbsorbed {
        self.summary.num_pages += 1;
        self.pass_pages += 1;
        self.largest_page = self.largest_page.max(page.num_items());
        if let Some(total) = page.metadata.total_count {
            self.total_count = Some(self.total_count.map_or(total, |known| known.max(total)));
        }
        let absorbed = self.session.absorb(page);
        self.summary.num_new += absorbed.num_new;
        self.num_new_malformed += absorbed.num_new_malformed;
        absorbed
    }

    fn is_short_of_count(&self) -> bool {
        self.total_count
            .is_some_and(|total| self.session.num_held() < total)
    }

    fn next_of(&self, client: &CredlyClient, page: &EventPage) -> Option<NextPage> {
        let expected = self
            .largest_page
            .max(page.num_items())
            .clamp(1, MAX_PAGE_SIZE);
        page.next(client.base_url(), expected)
            .filter(|_| page.num_items() > 0)
    }

    fn progress(&self, mode: PassMode, pages_total: Option<u64>) {
        if mode == PassMode::Backfill {
            let status = SyncStatus::Backfilling {
                pages_done: self.pass_pages,
                pages_total,
            };
            self.session.reporter.report(WorkerReport::Status(status));
        }
    }

    fn finish(self) -> PollSummary {
        if self.num_new_malformed > 0 {
            let warning = format!(
                "Skipped {} listed items that are not valid events; they are kept as received \
                 in the local cache.",
                self.num_new_malformed
            );
            self.session.reporter.report(WorkerReport::Warning(warning));
        }
        self.summary
    }

    /// Reads the whole list, pages concurrently, again while the server counts more events
    /// than the cache holds (up to [`MAX_PASSES`] passes).
    async fn full_pass(&mut self, client: &CredlyClient, mode: PassMode) -> Result<(), ApiError> {
        self.summary.full_pass = true;
        self.progress(mode, None);
        for pass in 1..=MAX_PASSES {
            self.pass_pages = 0;
            let first = client.page(1).await?;
            let total_pages = first.metadata.total_pages;
            let next = self.next_of(client, &first);
            self.absorb(first);
            self.progress(mode, total_pages);
            match total_pages {
                Some(total_pages) => self.read_numbered(client, total_pages, mode).await?,
                None => {
                    self.follow(client, next, None).await?;
                }
            }
            if !self.is_short_of_count() {
                self.session.short_pass_count.set(None);
                return Ok(());
            }
            tracing::debug!(
                pass,
                counted = self.total_count,
                held = self.session.num_held(),
                "the list shifted while it was read: reading it again"
            );
        }
        tracing::warn!(
            counted = self.total_count,
            held = self.session.num_held(),
            "the server counts more events than its pages hold"
        );
        self.session.short_pass_count.set(self.total_count);
        Ok(())
    }

    /// Reads pages 2 to `total_pages` concurrently, then any pages the server added
    /// meanwhile, storing each page as it arrives.
    async fn read_numbered(
        &mut self,
        client: &CredlyClient,
        total_pages: u64,
        mode: PassMode,
    ) -> Result<(), ApiError> {
        let concurrency = self.session.concurrency.max(1);
        let (mut next, mut last) = (2, total_pages);
        let mut largest_total = total_pages;
        // The first empty page ends the list, whatever `total_pages` claimed.
        let first_empty = Cell::new(u64::MAX);
        while next <= last {
            let mut pages = futures::stream::iter(next..=last)
                .take_while(|&number| std::future::ready(number < first_empty.get()))
                .map(|number| client.page(number))
                .buffer_unordered(concurrency);
            while let Some(page) = pages.try_next().await? {
                if page.num_items() == 0 {
                    first_empty.set(first_empty.get().min(page.number));
                }
                largest_total = largest_total.max(page.metadata.total_pages.unwrap_or(0));
                self.absorb(page);
                self.progress(mode, Some(largest_total));
            }
            next = last + 1;
            last = largest_total.min(first_empty.get().saturating_sub(1));
        }
        Ok(())
    }

    /// Reads the pages that `next` leads to, one after another, until the end of the list,
    /// a page that reaches known events (newest-first reads), or `cap` pages.
    async fn follow(
        &mut self,
        client: &CredlyClient,
        mut next: Option<NextPage>,
        cap: Option<u64>,
    ) -> Result<Follow, ApiError> {
        let mut num_read = 0;
        let mut repeats = Repeats::default();
        while let Some(target) = next {
            if cap.is_some_and(|cap| num_read >= cap) {
                return Ok(Follow::CapReached);
            }
            let page = client.next_page(&target).await?;
            num_read += 1;
            next = self.next_of(client, &page);
            let is_repeating = repeats.is_repeating(&page);
            if self.absorb(page).reached_known {
                return Ok(Follow::ReachedKnown);
            }
            // A server that ignores the page number repeats one page forever.
            if is_repeating {
                return Ok(Follow::End);
            }
        }
        Ok(Follow::End)
    }

    /// Reads only where new events can be, then checks the server's count.
    async fn incremental(&mut self, client: &CredlyClient) -> Result<Incremental, ApiError> {
        let first = client.page(1).await?;
        let learnt = order_of(&first.events);
        let order = {
            let store = self.session.store.borrow();
            if let Some(order) = learnt {
                store.set_list_order(order);
            }
            learnt
                .or(store.list_order())
                .unwrap_or(ListOrder::NewestFirst)
        };
        let plan = match order {
            ListOrder::NewestFirst => self.newest_first(client, first).await?,
            ListOrder::OldestFirst => self.oldest_first(client, first).await?,
        };
        if plan == Incremental::Done && self.is_short_of_count() {
            return Ok(Incremental::NeedsFullPass);
        }
        Ok(plan)
    }

    /// New events come first: read pages until one reaches events we knew.
    async fn newest_first(
        &mut self,
        client: &CredlyClient,
        first: EventPage,
    ) -> Result<Incremental, ApiError> {
        let next = self.next_of(client, &first);
        let absorbed = self.absorb(first);
        if absorbed.reached_known || absorbed.num_items == 0 {
            return Ok(Incremental::Done);
        }
        let cap = self.session.max_pages_per_poll.saturating_sub(1);
        Ok(match self.follow(client, next, Some(cap)).await? {
            Follow::CapReached => Incremental::NeedsFullPass,
            Follow::End | Follow::ReachedKnown => Incremental::Done,
        })
    }

    /// New events come last: read from the page that holds the last event we knew. That
    /// page must hold a known event; if it does not, the list changed under us and only a
    /// full pass can tell what is new.
    async fn oldest_first(
        &mut self,
        client: &CredlyClient,
        first: EventPage,
    ) -> Result<Incremental, ApiError> {
        let per = first
            .metadata
            .per
            .and_then(|per| usize::try_from(per).ok())
            .unwrap_or(first.num_items());
        let total = first.metadata.total_count;
        let next = self.next_of(client, &first);
        let absorbed = self.absorb(first);
        let held = self.session.num_held();
        if per == 0 || total.is_some_and(|total| total <= held) {
            return Ok(Incremental::Done);
        }

        let last_known_page = held.saturating_sub(1) / per as u64 + 1;
        let cap = Some(self.session.max_pages_per_poll.saturating_sub(1));
        let follow = if last_known_page <= 1 {
            if !absorbed.holds_known && held > 0 {
                return Ok(Incremental::NeedsFullPass);
            }
            self.follow(client, next, cap).await?
        } else {
            let anchor = client.page(last_known_page).await?;
            let next = self.next_of(client, &anchor);
            if !self.absorb(anchor).holds_known {
                return Ok(Incremental::NeedsFullPass);
            }
            self.follow(client, next, cap).await?
        };
        Ok(match follow {
            Follow::CapReached => Incremental::NeedsFullPass,
            Follow::End | Follow::ReachedKnown => Incremental::Done,
        })
    }
}

/// The order of a page, judged by the times of its first and last events; `None` when they
/// are equal or the page has fewer than two events.
fn order_of(events: &[Event]) -> Option<ListOrder> {
    let (first, last) = (events.first()?, events.last()?);
    match first.occurred_at.cmp(&last.occurred_at) {
        std::cmp::Ordering::Greater => Some(ListOrder::NewestFirst),
        std::cmp::Ordering::Less => Some(ListOrder::OldestFirst),
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn events(times: &[&str]) -> Vec<Event> {
        times
            .iter()
            .enumerate()
            .map(|(i, at)| {
                Event::from_json(json!({"id": i.to_string(), "occurred_at": at})).unwrap()
            })
            .collect()
    }

    #[test]
    fn the_order_is_learnt_from_the_first_and_last_times() {
        let cases = [
            (
                vec!["2024-01-02T00:00:00Z", "2024-01-01T00:00:00Z"],
                Some(ListOrder::NewestFirst),
            ),
            (
                vec!["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"],
                Some(ListOrder::OldestFirst),
            ),
            (vec!["2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"], None),
            (vec!["2024-01-01T00:00:00Z"], None),
            (vec![], None),
        ];
        for (times, expected) in cases {
            assert_eq!(order_of(&events(&times)), expected, "{times:?}");
        }
    }
}
