//! Reading every event of an organization: pages fetched concurrently within a bound, merged
//! by id, and reconciled with the server's count.
//!
//! Credly documents no order for the list and new events arrive while a client pages, so a
//! page's content can shift under us. Nothing here assumes an order: events are merged by id,
//! and when the server counts more events than were found, the pages are read again.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

use futures::{StreamExt as _, TryStreamExt as _};

use super::page::{EventPage, MAX_PAGE_SIZE, MalformedItem};
use super::{ApiError, CredlyClient};
use crate::model::{Event, EventId};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListingOptions {
    /// Pages requested at once, at least 1.
    pub concurrency: usize,
    /// Full passes over the list at most, the first included.
    pub max_passes: u32,
}

impl Default for ListingOptions {
    fn default() -> Self {
        Self {
            concurrency: 4,
            max_passes: 3,
        }
    }
}

/// How far a listing has come, reported after every page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListingProgress {
    pub pages_done: u64,
    /// The pages of the current pass, when the server said how many there are.
    pub pages_total: Option<u64>,
    pub num_events: usize,
}

/// Every event of an organization.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// Sorted oldest first by `occurred_at`, then by id.
    pub events: Vec<Event>,
    /// Items that could not become events, each kept once.
    pub malformed: Vec<MalformedItem>,
    /// The server's latest count of events, if it gave one.
    pub total_count: Option<u64>,
    pub num_pages_fetched: u64,
    /// Events seen on more than one page (the list shifted while it was read).
    pub num_duplicates: usize,
}

#[derive(Default)]
struct Merged {
    events: HashMap<EventId, Event>,
    malformed: Vec<MalformedItem>,
    malformed_seen: HashSet<String>,
    total_count: Option<u64>,
    total_pages: Option<u64>,
    num_pages_fetched: u64,
    num_duplicates: usize,
    largest_page: usize,
}

impl Merged {
    fn add(&mut self, page: EventPage) {
        self.num_pages_fetched += 1;
        self.largest_page = self.largest_page.max(page.num_items());
        // Counts only grow while we read (new events), so the largest is the latest.
        if let Some(total) = page.metadata.total_count {
            self.total_count = Some(self.total_count.map_or(total, |known| known.max(total)));
        }
        if let Some(pages) = page.metadata.total_pages {
            self.total_pages = Some(self.total_pages.map_or(pages, |known| known.max(pages)));
        }
        for event in page.events {
            if self.events.insert(event.id.clone(), event).is_some() {
                self.num_duplicates += 1;
            }
        }
        for item in page.malformed {
            if self.malformed_seen.insert(item.raw.to_string()) {
                self.malformed.push(item);
            }
        }
    }

    fn is_short_of_server_count(&self) -> bool {
        self.total_count.is_some_and(|total| {
            (self.events.len() + self.malformed.len())
                < usize::try_from(total).unwrap_or(usize::MAX)
        })
    }

    fn progress(&self, pages_done: u64, pages_total: Option<u64>) -> ListingProgress {
        ListingProgress {
            pages_done,
            pages_total,
            num_events: self.events.len(),
        }
    }

    fn into_listing(self) -> Listing {
        let mut events: Vec<Event> = self.events.into_values().collect();
        events.sort_by(|a, b| (a.occurred_at, &a.id).cmp(&(b.occurred_at, &b.id)));
        Listing {
            events,
            malformed: self.malformed,
            total_count: self.total_count,
            num_pages_fetched: self.num_pages_fetched,
            num_duplicates: self.num_duplicates,
        }
    }
}

/// Pages in a row equal to the one before, after which a list without page counts is taken
/// to have ended. A server that ignores the page number would otherwise be read forever; a
/// page equal to the previous one happens when exactly a page of new events is added while
/// the list is read, twice in a row practically never.
pub const MAX_REPEATED_PAGES: usize = 2;

/// Watches for pages that repeat the one before.
#[derive(Debug, Default)]
pub struct Repeats {
    previous: Vec<String>,
    num_repeated: usize,
}

impl Repeats {
    /// Takes the next page read; says (and logs) whether pages have repeated
    /// [`MAX_REPEATED_PAGES`] times in a row, which ends the list.
    pub fn is_repeating(&mut self, page: &EventPage) -> bool {
        let keys = page.item_keys();
        let is_repeat = !keys.is_empty() && keys == self.previous;
        self.num_repeated = if is_repeat { self.num_repeated + 1 } else { 0 };
        self.previous = keys;
        let is_repeating = self.num_repeated >= MAX_REPEATED_PAGES;
        if is_repeating {
            tracing::warn!(
                page = page.number,
                num_repeats = self.num_repeated,
                "pages repeat the one before: the server seems to ignore the page number, so \
                 the list ends here"
            );
        }
        is_repeating
    }
}

/// Reads every event of the client's organization.
pub async fn fetch_all(
    client: &CredlyClient,
    options: &ListingOptions,
    progress: impl Fn(ListingProgress),
) -> Result<Listing, ApiError> {
    let mut merged = Merged::default();
    for pass in 1..=options.max_passes.max(1) {
        let first = client.page(1).await?;
        match first.metadata.total_pages {
            Some(total_pages) => {
                merged.add(first);
                progress(merged.progress(merged.num_pages_fetched, Some(total_pages)));
                fetch_numbered(client, options, total_pages, &mut merged, &progress).await?;
            }
            None => follow_links(client, first, &mut merged, &progress).await?,
        }

        if !merged.is_short_of_server_count() {
            break;
        }
        tracing::debug!(
            pass,
            found = merged.events.len(),
            counted = merged.total_count,
            "the list shifted while it was read: reading it again"
        );
    }
    if merged.is_short_of_server_count() {
        tracing::warn!(
            found = merged.events.len(),
            counted = merged.total_count,
            "the server counts more events than its pages hold"
        );
    }
    Ok(merged.into_listing())
}

/// Reads pages 2 to `total_pages` concurrently, then any pages the server added meanwhile.
async fn fetch_numbered(
    client: &CredlyClient,
    options: &ListingOptions,
    total_pages: u64,
    merged: &mut Merged,
    progress: &impl Fn(ListingProgress),
) -> Result<(), ApiError> {
    let mut next = 2;
    let mut last = total_pages;
    // The first empty page ends the list, whatever `total_pages` claimed.
    let first_empty = AtomicU64::new(u64::MAX);
    while next <= last {
        let mut pages = futures::stream::iter(next..=last)
            .take_while(|number| std::future::ready(*number < first_empty.load(Ordering::Relaxed)))
            .map(|number| client.page(number))
            .buffer_unordered(options.concurrency.max(1));
        while let Some(page) = pages.try_next().await? {
            if page.num_items() == 0 {
                first_empty.fetch_min(page.number, Ordering::Relaxed);
            }
            merged.add(page);
            progress(merged.progress(merged.num_pages_fetched, Some(last)));
        }
        next = last + 1;
        last = merged
            .total_pages
            .unwrap_or(last)
            .min(first_empty.load(Ordering::Relaxed).saturating_sub(1));
    }
    Ok(())
}

/// Reads pages one after another as long as each says (or suggests) there is another.
async fn follow_links(
    client: &CredlyClient,
    first: EventPage,
    merged: &mut Merged,
    progress: &impl Fn(ListingProgress),
) -> Result<(), ApiError> {
    let mut page = first;
    let mut repeats = Repeats::default();
    loop {
        let expected = merged
            .largest_page
            .max(page.num_items())
            .clamp(1, MAX_PAGE_SIZE);
        let next = page.next(client.base_url(), expected);
        let num_items = page.num_items();
        let is_repeating = repeats.is_repeating(&page);
        merged.add(page);
        progress(merged.progress(merged.num_pages_fetched, None));
        if is_repeating {
            return Ok(());
        }
        let Some(next) = next.filter(|_| num_items > 0) else {
            return Ok(());
        };
        page = client.next_page(&next).await?;
    }
}
