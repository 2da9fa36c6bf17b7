//! The worker's store: the cache, plus the events that could not be written to it.
//!
//! A cache write can fail (a full disk, a file removed under us). The events are then kept in
//! memory and written again with the next batch, so that none is lost and none is reported
//! as new twice. Runs on the worker thread only.

use std::collections::HashMap;

use super::{Cache, SyncError};
use crate::api::MalformedItem;
use crate::model::{Event, EventDetail, EventId};

const META_BACKFILLED: &str = "backfill_complete";
const META_LIST_ORDER: &str = "list_order";

/// The order in which the server lists events, as learnt from its pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ListOrder {
    NewestFirst,
    OldestFirst,
}

impl ListOrder {
    fn as_str(self) -> &'static str {
        match self {
            Self::NewestFirst => "newest_first",
            Self::OldestFirst => "oldest_first",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "newest_first" => Some(Self::NewestFirst),
            "oldest_first" => Some(Self::OldestFirst),
            _ => None,
        }
    }
}

/// What storing one page changed.
#[derive(Debug, Default)]
pub(super) struct Absorbed {
    /// For each event of the page, in order: whether it was new.
    pub is_new: Vec<bool>,
    /// The new events, in page order.
    pub new_events: Vec<Event>,
    pub num_new_malformed: usize,
    /// A problem to show once (the cache cannot be written).
    pub warning: Option<String>,
}

pub(super) struct Store {
    cache: Cache,
    unsaved: HashMap<EventId, Event>,
    write_failing: bool,
}

impl Store {
    pub(super) fn new(cache: Cache) -> Self {
        Self {
            cache,
            unsaved: HashMap::new(),
            write_failing: false,
        }
    }

    /// Events and malformed items held: what the server's `total_count` is compared with.
    pub(super) fn num_held(&self) -> u64 {
        self.cache.num_held() + self.unsaved.len() as u64
    }

    /// Stores a page's events and malformed items and tells which were new.
    pub(super) fn absorb(&mut self, events: Vec<Event>, malformed: &[MalformedItem]) -> Absorbed {
        let mut warning = self.write_unsaved();
        let is_new = match self.cache.insert_events(&events) {
            Ok(is_new) => {
                self.note_write_success();
                is_new
            }
            Err(err) => {
                warning = warning.or(self.note_write_failure(&err));
                self.keep_unsaved(&events)
            }
        };
        let num_new_malformed = match self.cache.insert_malformed(malformed) {
            Ok(num_new) => num_new,
            Err(err) => {
                warning = warning.or(self.note_write_failure(&err));
                0
            }
        };
        let new_events = events
            .into_iter()
            .zip(&is_new)
            .filter_map(|(event, &is_new)| is_new.then_some(event))
            .collect();
        Absorbed {
            is_new,
            new_events,
            num_new_malformed,
            warning,
        }
    }

    /// The cached detail of an event, if readable.
    pub(super) fn detail(&self, id: &EventId) -> Option<EventDetail> {
        self.cache
            .detail(id)
            .inspect_err(|err| tracing::warn!(err = %err.chain(), "could not read a cached detail"))
            .ok()
            .flatten()
    }

    /// Caches a detail; returns its summary line.
    pub(super) fn store_detail(
        &mut self,
        id: &EventId,
        detail: &EventDetail,
    ) -> Result<Option<String>, SyncError> {
        self.cache.store_detail(id, detail)
    }

    pub(super) fn search_unsorted(&self, query: &str) -> Result<Vec<EventId>, SyncError> {
        self.cache.search_unsorted(query)
    }

    pub(super) fn ids_without_detail(&self, limit: usize) -> Vec<EventId> {
        self.cache
            .ids_without_detail(limit)
            .inspect_err(|err| tracing::warn!(err = %err.chain(), "could not list missing details"))
            .unwrap_or_default()
    }

    /// Whether a full read of the list has completed once for this cache.
    pub(super) fn is_backfilled(&self) -> bool {
        self.cache
            .meta(META_BACKFILLED)
            .ok()
            .flatten()
            .is_some_and(|value| value == "1")
    }

    pub(super) fn set_backfilled(&self) {
        if let Err(err) = self.cache.set_meta(META_BACKFILLED, "1") {
            tracing::warn!(err = %err.chain(), "could not record the end of the backfill");
        }
    }

    pub(super) fn list_order(&self) -> Option<ListOrder> {
        let text = self.cache.meta(META_LIST_ORDER).ok().flatten()?;
        ListOrder::parse(&text)
    }

    pub(super) fn set_list_order(&self, order: ListOrder) {
        if self.list_order() == Some(order) {
            return;
        }
        if let Err(err) = self.cache.set_meta(META_LIST_ORDER, order.as_str()) {
            tracing::warn!(err = %err.chain(), "could not record the list order");
        }
    }

    /// Writes the events kept after an earlier failure; a warning when it fails for the
    /// first time.
    fn write_unsaved(&mut self) -> Option<String> {
        if self.unsaved.is_empty() {
            return None;
        }
        let events: Vec<Event> = self.unsaved.values().cloned().collect();
        match self.cache.insert_events(&events) {
            Ok(_) => {
                tracing::info!(num_events = events.len(), "saved the events kept in memory");
                self.unsaved.clear();
                self.note_write_success();
                None
            }
            Err(err) => self.note_write_failure(&err),
        }
    }

    /// Marks the events neither cached nor kept yet as new, and keeps them.
    fn keep_unsaved(&mut self, events: &[Event]) -> Vec<bool> {
        events
            .iter()
            .map(|event| {
                let known = self.unsaved.contains_key(&event.id)
                    || self.cache.contains(&event.id).unwrap_or(false);
                if !known {
                    self.unsaved.insert(event.id.clone(), event.clone());
                }
                !known
            })
            .collect()
    }

    fn note_write_success(&mut self) {
        if self.write_failing {
            tracing::info!("the event cache can be written again");
        }
        self.write_failing = false;
    }

    fn note_write_failure(&mut self, err: &SyncError) -> Option<String> {
        if self.write_failing {
            return None;
        }
        self.write_failing = true;
        tracing::warn!(err = %err.chain(), "could not write the event cache");
        Some(format!(
            "Could not save events to the local cache ({err}). They are kept in memory for \
             this session and saving is tried again with the next events."
        ))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn event(id: &str) -> Event {
        Event::from_json(json!({"id": id, "event_type": "badge.created",
            "occurred_at": "2024-01-01T00:00:00Z"}))
        .unwrap()
    }

    #[test]
    fn events_are_new_once_even_when_the_cache_cannot_be_written() {
        let mut store = Store::new(Cache::open_in_memory().unwrap());
        let first = store.absorb(vec![event("a"), event("b"), event("a")], &[]);
        assert_eq!(first.is_new, [true, true, false]);
        assert_eq!(store.num_held(), 2);

        // A read-only database fails every write from now on.
        store
            .cache
            .connection
            .execute_batch("PRAGMA query_only = 1")
            .unwrap();
        let failing = store.absorb(vec![event("b"), event("c")], &[]);
        assert_eq!(failing.is_new, [false, true]);
        assert!(failing.warning.is_some());
        let again = store.absorb(vec![event("c"), event("d")], &[]);
        assert_eq!(again.is_new, [false, true]);
        assert!(again.warning.is_none(), "the warning is given once");
        assert_eq!(store.num_held(), 4);

        store
            .cache
            .connection
            .execute_batch("PRAGMA query_only = 0")
            .unwrap();
        let healed = store.absorb(vec![event("d"), event("e")], &[]);
        assert_eq!(healed.is_new, [false, true]);
        assert_eq!(store.cache.num_events(), 5);
        assert_eq!(store.num_held(), 5);
    }

    #[test]
    fn the_sync_state_survives_in_the_cache() {
        let store = Store::new(Cache::open_in_memory().unwrap());
        assert!(!store.is_backfilled());
        assert_eq!(store.list_order(), None);
        store.set_backfilled();
        store.set_list_order(ListOrder::OldestFirst);
        assert!(store.is_backfilled());
        assert_eq!(store.list_order(), Some(ListOrder::OldestFirst));
    }
}
