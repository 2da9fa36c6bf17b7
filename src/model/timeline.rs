//! The in-memory timeline: every known event of an organization in a compact form, sorted by
//! time, with the indexes that the views need (by id, by type, by time range).
//!
//! Pure data and logic: uses `model` only, does no I/O. A million events fit in about 70 MB:
//! the fields of each event live in flat arrays (struct of arrays), ids and summary lines in
//! two text arenas, and the sorted order is a list of 32-bit slot numbers.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::hash::{BuildHasher as _, RandomState};
use std::ops::Range;

use chrono::DateTime;
use hashbrown::HashTable;

use super::{Event, EventType, Filter, Timestamp};

/// The longest summary line kept, in bytes; longer ones are cut on a character boundary.
pub const MAX_SUMMARY_BYTES: usize = 120;

/// One event as the timeline takes it in: the indexed fields only, borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimelineEntry<'a> {
    pub id: &'a str,
    pub occurred_at: Timestamp,
    /// The `event_type` text as Credly sent it.
    pub event_type: &'a str,
    /// A short line for the timeline row (recipient, template, state), when known.
    pub summary: Option<&'a str>,
}

impl<'a> From<&'a Event> for TimelineEntry<'a> {
    fn from(event: &'a Event) -> Self {
        Self {
            id: event.id.as_str(),
            occurred_at: event.occurred_at,
            event_type: event.event_type.as_str(),
            summary: None,
        }
    }
}

/// One event of the timeline, as read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimelineRow<'a> {
    /// Where the event stands, oldest first.
    pub position: usize,
    pub id: &'a str,
    /// `occurred_at`, to the millisecond.
    pub occurred_at: Timestamp,
    pub event_type: &'a EventType,
    pub summary: Option<&'a str>,
}

/// Every known event of an organization, sorted oldest first by `occurred_at`, then by id.
///
/// Each event is stored once (inserting an id again changes nothing). Positions run from 0
/// (oldest) to `len() - 1` (newest); a view that shows the newest first iterates in reverse.
/// Ids live in a text arena addressed with 32-bit offsets, so a timeline holds at most
/// 4 GiB of ids (about 100 million events); past that, `insert_many` takes no more.
#[derive(Clone)]
pub struct Timeline {
    /// Per slot (insertion order): time in milliseconds since the epoch.
    times_ms: Vec<i64>,
    /// Per slot: index into `types`.
    kinds: Vec<u16>,
    /// Per slot: where the slot's id ends in `id_text`; it starts where the previous ends.
    id_ends: Vec<u32>,
    id_text: String,
    /// Per slot: where the slot's summary starts in `summary_text`, and its length in bytes
    /// (0 when there is none). A changed summary is appended; the old text stays unused.
    summary_starts: Vec<u32>,
    summary_lens: Vec<u8>,
    summary_text: String,
    /// Slots sorted by (time, id): position -> slot.
    order: Vec<u32>,
    /// Slots by the hash of their id.
    by_id: HashTable<u32>,
    hasher: RandomState,
    /// Interned event types, in order of first sight.
    types: Vec<EventType>,
    type_index: HashMap<Box<str>, u16>,
    type_counts: Vec<usize>,
}

impl Default for Timeline {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Timeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timeline")
            .field("len", &self.len())
            .field("num_types", &self.types.len())
            .field("memory_bytes", &self.memory_bytes())
            .finish_non_exhaustive()
    }
}

impl Timeline {
    pub fn new() -> Self {
        Self {
            times_ms: Vec::new(),
            kinds: Vec::new(),
            id_ends: Vec::new(),
            id_text: String::new(),
            summary_starts: Vec::new(),
            summary_lens: Vec::new(),
            summary_text: String::new(),
            order: Vec::new(),
            by_id: HashTable::new(),
            hasher: RandomState::new(),
            types: Vec::new(),
            type_index: HashMap::new(),
            type_counts: Vec::new(),
        }
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Adds the events not held yet; returns how many were new.
    pub fn insert_many<'e>(&mut self, events: impl IntoIterator<Item = &'e Event>) -> usize {
        self.insert_entries(events.into_iter().map(TimelineEntry::from))
    }

    /// Adds the entries whose id is not held yet; returns how many were new. An entry for a
    /// held id only fills in a missing summary.
    pub fn insert_entries<'e>(
        &mut self,
        entries: impl IntoIterator<Item = TimelineEntry<'e>>,
    ) -> usize {
        let Ok(num_new) = self.insert_batch(|batch| {
            for entry in entries {
                batch.push(entry);
            }
            Ok::<(), Infallible>(())
        });
        num_new
    }

    /// Adds entries pushed one by one by `fill`, then sorts them in once; returns how many
    /// were new. Entries may borrow data that lives only until `push` returns (a database
    /// row, say). What was pushed before `fill` fails is kept.
    pub fn insert_batch<E>(
        &mut self,
        fill: impl FnOnce(&mut TimelineBatch<'_>) -> Result<(), E>,
    ) -> Result<usize, E> {
        let first_new = self.times_ms.len();
        let filled = fill(&mut TimelineBatch { timeline: self });
        let new_slots: Vec<u32> = (first_new..self.times_ms.len())
            .filter_map(|slot| u32::try_from(slot).ok())
            .collect();
        let num_new = new_slots.len();
        self.merge_into_order(new_slots);
        filled.map(|()| num_new)
    }

    /// Makes room for `additional` more events.
    pub fn reserve(&mut self, additional: usize) {
        self.times_ms.reserve(additional);
        self.kinds.reserve(additional);
        self.id_ends.reserve(additional);
        self.id_text.reserve(additional * 36);
        self.summary_starts.reserve(additional);
        self.summary_lens.reserve(additional);
        self.order.reserve(additional);
        let Self {
            by_id,
            hasher,
            id_ends,
            id_text,
            ..
        } = self;
        by_id.reserve(additional, |&slot| {
            hasher.hash_one(id_in(id_ends, id_text, slot))
        });
    }

    /// The event at `position` (0 is the oldest).
    pub fn get(&self, position: usize) -> Option<TimelineRow<'_>> {
        let slot = *self.order.get(position)?;
        Some(self.row(position, slot))
    }

    /// The time of the event at `position`, in milliseconds since the epoch: the cheap
    /// accessor for passes over many positions.
    pub fn time_ms_at(&self, position: usize) -> Option<i64> {
        self.order.get(position).map(|&slot| self.time_of(slot))
    }

    /// The index into [`Timeline::interned_types`] of the type of the event at `position`.
    pub fn type_index_at(&self, position: usize) -> Option<u16> {
        let slot = *self.order.get(position)?;
        self.kinds.get(slot as usize).copied()
    }

    /// Every type held, in order of first sight: what [`Timeline::type_index_at`] indexes.
    pub fn interned_types(&self) -> &[EventType] {
        &self.types
    }

    /// The id of the event at `position`.
    pub fn id_at(&self, position: usize) -> Option<&str> {
        self.order.get(position).map(|&slot| self.id_of(slot))
    }

    /// Every event, oldest first; `.rev()` gives the newest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = TimelineRow<'_>> + ExactSizeIterator {
        self.order
            .iter()
            .enumerate()
            .map(|(position, &slot)| self.row(position, slot))
    }

    pub fn contains(&self, id: &str) -> bool {
        self.slot_of(id).is_some()
    }

    /// Where the event with this id stands, oldest first.
    pub fn position_of(&self, id: &str) -> Option<usize> {
        let slot = self.slot_of(id)?;
        let position = self
            .order
            .partition_point(|&other| self.compare_slots(other, slot) == Ordering::Less);
        (self.order.get(position) == Some(&slot)).then_some(position)
    }

    /// A flag per position, set for the events among `ids` (unknown ids are skipped).
    ///
    /// Cheaper than [`Timeline::position_of`] for many ids: each id is found by its hash,
    /// without a binary search.
    pub fn position_flags<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<bool> {
        let mut by_slot = vec![false; self.times_ms.len()];
        for slot in ids.into_iter().filter_map(|id| self.slot_of(id)) {
            if let Some(flag) = by_slot.get_mut(slot as usize) {
                *flag = true;
            }
        }
        self.order
            .iter()
            .map(|&slot| by_slot.get(slot as usize).copied().unwrap_or(false))
            .collect()
    }

    /// The positions of the events that occurred in `since..until` (inclusive start,
    /// exclusive end; `None` is unbounded), found by binary search.
    pub fn range_of(&self, since: Option<Timestamp>, until: Option<Timestamp>) -> Range<usize> {
        let first_at_or_after = |time: Timestamp| {
            let millis = time.timestamp_millis();
            self.order
                .partition_point(|&slot| self.time_of(slot) < millis)
        };
        let start = since.map_or(0, first_at_or_after);
        let end = until.map_or(self.len(), first_at_or_after).max(start);
        start..end
    }

    /// The positions of the events that `filter` keeps, oldest first.
    pub fn positions_matching(&self, filter: &Filter) -> Vec<usize> {
        let range = self.range_of(filter.since, filter.until);
        if filter.types.is_empty() {
            return range.collect();
        }
        let kept: Vec<bool> = self
            .types
            .iter()
            .map(|event_type| filter.matches_type(event_type.as_str()))
            .collect();
        let slots = self.order.get(range.clone()).unwrap_or_default();
        range
            .zip(slots)
            .filter(|&(_, &slot)| {
                let kind = self.kinds.get(slot as usize).copied().unwrap_or_default();
                kept.get(usize::from(kind)).copied().unwrap_or(false)
            })
            .map(|(position, _)| position)
            .collect()
    }

    /// How many events of this type the timeline holds.
    pub fn count_of(&self, event_type: &EventType) -> usize {
        self.type_index
            .get(event_type.as_str())
            .and_then(|&kind| self.type_counts.get(usize::from(kind)))
            .copied()
            .unwrap_or(0)
    }

    /// Every type held, with its number of events, sorted by type name.
    pub fn type_counts(&self) -> Vec<(&EventType, usize)> {
        let mut counts: Vec<(&EventType, usize)> = self
            .types
            .iter()
            .zip(self.type_counts.iter().copied())
            .collect();
        counts.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        counts
    }

    /// Sets (or, with `None`, clears) the summary line of an event; returns whether the
    /// event is held.
    pub fn set_summary(&mut self, id: &str, summary: Option<&str>) -> bool {
        let Some(slot) = self.slot_of(id) else {
            return false;
        };
        self.write_summary(slot, summary);
        true
    }

    /// An estimate of the heap memory the timeline holds, in bytes.
    pub fn memory_bytes(&self) -> usize {
        let table_bytes = self.by_id.capacity() * (size_of::<u32>() + 1);
        let type_bytes: usize = self
            .types
            .iter()
            .map(|event_type| size_of::<EventType>() + 2 * event_type.as_str().len() + 48)
            .sum();
        self.times_ms.capacity() * size_of::<i64>()
            + self.kinds.capacity() * size_of::<u16>()
            + self.id_ends.capacity() * size_of::<u32>()
            + self.id_text.capacity()
            + self.summary_starts.capacity() * size_of::<u32>()
            + self.summary_lens.capacity()
            + self.summary_text.capacity()
            + self.order.capacity() * size_of::<u32>()
            + table_bytes
            + type_bytes
            + self.type_counts.capacity() * size_of::<usize>()
    }

    /// Gives back the spare capacity of the arrays, e.g. after loading a cache.
    pub fn shrink_to_fit(&mut self) {
        self.times_ms.shrink_to_fit();
        self.kinds.shrink_to_fit();
        self.id_ends.shrink_to_fit();
        self.id_text.shrink_to_fit();
        self.summary_starts.shrink_to_fit();
        self.summary_lens.shrink_to_fit();
        self.summary_text.shrink_to_fit();
        self.order.shrink_to_fit();
        let Self {
            by_id,
            hasher,
            id_ends,
            id_text,
            ..
        } = self;
        by_id.shrink_to_fit(|&slot| hasher.hash_one(id_in(id_ends, id_text, slot)));
    }

    fn row(&self, position: usize, slot: u32) -> TimelineRow<'_> {
        let kind = self.kinds.get(slot as usize).copied().unwrap_or_default();
        TimelineRow {
            position,
            id: self.id_of(slot),
            occurred_at: DateTime::from_timestamp_millis(self.time_of(slot))
                .expect("stored times come from valid timestamps"),
            event_type: self
                .types
                .get(usize::from(kind))
                .expect("every stored kind indexes the type table"),
            summary: self.summary_of(slot),
        }
    }

    fn time_of(&self, slot: u32) -> i64 {
        self.times_ms
            .get(slot as usize)
            .copied()
            .unwrap_or_default()
    }

    fn id_of(&self, slot: u32) -> &str {
        id_in(&self.id_ends, &self.id_text, slot)
    }

    fn summary_of(&self, slot: u32) -> Option<&str> {
        let start = *self.summary_starts.get(slot as usize)? as usize;
        let len = usize::from(*self.summary_lens.get(slot as usize)?);
        (len > 0)
            .then(|| self.summary_text.get(start..start + len))
            .flatten()
    }

    fn slot_of(&self, id: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        self.by_id
            .find(hash, |&slot| self.id_of(slot) == id)
            .copied()
    }

    fn compare_slots(&self, a: u32, b: u32) -> Ordering {
        self.time_of(a)
            .cmp(&self.time_of(b))
            .then_with(|| self.id_of(a).cmp(self.id_of(b)))
    }

    /// Stores a new event in the next slot; `false` when the arenas are full.
    fn push_slot(&mut self, entry: &TimelineEntry<'_>) -> bool {
        let Ok(slot) = u32::try_from(self.times_ms.len()) else {
            return false;
        };
        let Ok(id_end) = u32::try_from(self.id_text.len() + entry.id.len()) else {
            return false;
        };
        let kind = self.intern(entry.event_type);
        self.times_ms.push(entry.occurred_at.timestamp_millis());
        self.kinds.push(kind);
        self.id_text.push_str(entry.id);
        self.id_ends.push(id_end);
        self.summary_starts.push(0);
        self.summary_lens.push(0);
        self.write_summary(slot, entry.summary);
        if let Some(count) = self.type_counts.get_mut(usize::from(kind)) {
            *count += 1;
        }

        let Self {
            by_id,
            hasher,
            id_ends,
            id_text,
            ..
        } = self;
        let hash = hasher.hash_one(entry.id);
        by_id.insert_unique(hash, slot, |&other| {
            hasher.hash_one(id_in(id_ends, id_text, other))
        });
        true
    }

    /// The index of a type name in the type table, adding it on first sight. Past 65,535
    /// distinct types, further unknown ones share the last entry.
    fn intern(&mut self, type_name: &str) -> u16 {
        if let Some(&kind) = self.type_index.get(type_name) {
            return kind;
        }
        let Ok(kind) = u16::try_from(self.types.len()) else {
            return u16::MAX;
        };
        self.types.push(EventType::parse(type_name));
        self.type_counts.push(0);
        self.type_index.insert(type_name.into(), kind);
        kind
    }

    fn write_summary(&mut self, slot: u32, summary: Option<&str>) {
        let summary = summary.map_or("", |text| cut(text.trim(), MAX_SUMMARY_BYTES));
        let start = self.summary_text.len();
        let (Ok(start), Ok(len)) = (u32::try_from(start), u8::try_from(summary.len())) else {
            // The arena is full (4 GiB of summaries): the summary is left out.
            return;
        };
        if let (Some(slot_start), Some(slot_len)) = (
            self.summary_starts.get_mut(slot as usize),
            self.summary_lens.get_mut(slot as usize),
        ) {
            self.summary_text.push_str(summary);
            *slot_start = start;
            *slot_len = len;
        }
    }

    /// Sorts the new slots and merges them into `order`, from the back, in place.
    fn merge_into_order(&mut self, mut new_slots: Vec<u32>) {
        new_slots.sort_unstable_by(|&a, &b| self.compare_slots(a, b));
        let appends = match (self.order.last(), new_slots.first()) {
            (Some(&last), Some(&first)) => self.compare_slots(last, first) == Ordering::Less,
            _ => true,
        };
        if appends {
            self.order.extend(new_slots);
            return;
        }

        let mut merged = std::mem::take(&mut self.order);
        let mut old_end = merged.len();
        merged.resize(old_end + new_slots.len(), 0);
        let mut new_end = new_slots.len();
        for write in (0..merged.len()).rev() {
            let take_old = match (old_end.checked_sub(1), new_end.checked_sub(1)) {
                (Some(old), Some(new)) => {
                    let (Some(&a), Some(&b)) = (merged.get(old), new_slots.get(new)) else {
                        break;
                    };
                    self.compare_slots(a, b) == Ordering::Greater
                }
                (Some(_), None) => break,
                (None, _) => false,
            };
            let value = if take_old {
                old_end -= 1;
                merged.get(old_end).copied()
            } else {
                new_end -= 1;
                new_slots.get(new_end).copied()
            };
            if let (Some(value), Some(place)) = (value, merged.get_mut(write)) {
                *place = value;
            }
        }
        self.order = merged;
    }
}

/// Entries being added to a [`Timeline`] by [`Timeline::insert_batch`].
pub struct TimelineBatch<'t> {
    timeline: &'t mut Timeline,
}

impl TimelineBatch<'_> {
    /// Adds an entry unless its id is held (then it only fills in a missing summary);
    /// returns whether it was new. `false` too when the timeline is full.
    pub fn push(&mut self, entry: TimelineEntry<'_>) -> bool {
        let timeline = &mut *self.timeline;
        if let Some(slot) = timeline.slot_of(entry.id) {
            if timeline.summary_of(slot).is_none() {
                timeline.write_summary(slot, entry.summary);
            }
            return false;
        }
        timeline.push_slot(&entry)
    }
}

fn id_in<'a>(id_ends: &[u32], id_text: &'a str, slot: u32) -> &'a str {
    let slot = slot as usize;
    let end = id_ends.get(slot).copied().unwrap_or_default() as usize;
    let start = slot
        .checked_sub(1)
        .and_then(|previous| id_ends.get(previous))
        .copied()
        .unwrap_or_default() as usize;
    id_text.get(start..end).unwrap_or_default()
}

/// At most `max_bytes` of `text`, cut on a character boundary.
fn cut(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let end = (0..=max_bytes)
        .rev()
        .find(|&end| text.is_char_boundary(end))
        .unwrap_or(0);
    text.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::{TypePattern, parse_timestamp};

    fn time(text: &str) -> Timestamp {
        parse_timestamp(text).unwrap()
    }

    fn entry<'a>(id: &'a str, at: &str, event_type: &'a str) -> TimelineEntry<'a> {
        TimelineEntry {
            id,
            occurred_at: time(at),
            event_type,
            summary: None,
        }
    }

    fn ids(timeline: &Timeline) -> Vec<&str> {
        timeline.iter().map(|row| row.id).collect()
    }

    #[test]
    fn events_are_kept_once_and_sorted_by_time_then_id() {
        let mut timeline = Timeline::new();
        let first = [
            entry("c", "2024-01-03T00:00:00Z", "badge.created"),
            entry("a", "2024-01-01T00:00:00Z", "badge.created"),
            entry("a", "2024-01-01T00:00:00Z", "badge.created"),
        ];
        assert_eq!(timeline.insert_entries(first), 2);
        let second = [
            entry("b2", "2024-01-02T00:00:00Z", "user.account_merged"),
            entry("b1", "2024-01-02T00:00:00Z", "badge.deleted"),
            entry("c", "2024-01-03T00:00:00Z", "badge.created"),
            entry("d", "2024-01-04T00:00:00Z", "badge.created"),
            entry("0", "2023-12-31T00:00:00Z", "nobody.knows"),
        ];
        assert_eq!(timeline.insert_entries(second), 4);
        assert_eq!(ids(&timeline), ["0", "a", "b1", "b2", "c", "d"]);
        assert_eq!(timeline.len(), 6);
        for (position, id) in ids(&timeline).into_iter().enumerate() {
            assert_eq!(timeline.position_of(id), Some(position), "{id}");
            assert_eq!(timeline.id_at(position), Some(id));
        }
        assert_eq!(timeline.position_of("zz"), None);
        let unknown = timeline.get(0).unwrap();
        assert_eq!(
            unknown.event_type,
            &EventType::Unknown("nobody.knows".to_owned())
        );
        assert_eq!(unknown.occurred_at, time("2023-12-31T00:00:00Z"));
    }

    #[test]
    fn time_ranges_are_half_open_and_found_by_binary_search() {
        let mut timeline = Timeline::new();
        timeline.insert_entries([
            entry("a", "2024-01-01T00:00:00Z", "badge.created"),
            entry("b", "2024-01-02T00:00:00Z", "badge.created"),
            entry("c", "2024-01-02T00:00:00Z", "badge.created"),
            entry("d", "2024-01-03T00:00:00Z", "badge.created"),
        ]);
        let at = |text| Some(time(text));
        let cases = [
            (None, None, 0..4),
            (at("2024-01-02T00:00:00Z"), None, 1..4),
            (None, at("2024-01-02T00:00:00Z"), 0..1),
            (at("2024-01-02T00:00:00Z"), at("2024-01-03T00:00:00Z"), 1..3),
            (at("2025-01-01T00:00:00Z"), None, 4..4),
            (at("2024-01-03T00:00:00Z"), at("2024-01-01T00:00:00Z"), 3..3),
        ];
        for (since, until, expected) in cases {
            assert_eq!(
                timeline.range_of(since, until),
                expected,
                "{since:?}..{until:?}"
            );
        }
    }

    #[test]
    fn filters_select_positions_by_type_and_time() {
        let mut timeline = Timeline::new();
        timeline.insert_entries([
            entry("a", "2024-01-01T00:00:00Z", "badge.created"),
            entry("b", "2024-01-02T00:00:00Z", "badge_template.created"),
            entry("c", "2024-01-03T00:00:00Z", "badge.state.changed"),
            entry("d", "2024-01-04T00:00:00Z", "user.account_merged"),
        ]);
        let filter = |types: &[&str], since: Option<&str>| Filter {
            types: types.iter().map(|t| TypePattern::new(*t)).collect(),
            since: since.map(time),
            until: None,
        };
        let cases = [
            (filter(&[], None), vec![0, 1, 2, 3]),
            (filter(&["badge.*"], None), vec![0, 2]),
            (
                filter(&["badge.*", "user.*"], Some("2024-01-02T00:00:00Z")),
                vec![2, 3],
            ),
            (filter(&["employment.*"], None), vec![]),
        ];
        for (filter, expected) in cases {
            assert_eq!(timeline.positions_matching(&filter), expected, "{filter:?}");
        }
        assert_eq!(timeline.count_of(&EventType::BadgeCreated), 1);
        assert_eq!(timeline.count_of(&EventType::EmploymentCreated), 0);
        let counts: Vec<(&str, usize)> = timeline
            .type_counts()
            .into_iter()
            .map(|(t, n)| (t.as_str(), n))
            .collect();
        assert_eq!(
            counts,
            [
                ("badge.created", 1),
                ("badge.state.changed", 1),
                ("badge_template.created", 1),
                ("user.account_merged", 1)
            ]
        );
    }

    #[test]
    fn summaries_are_set_cut_and_filled_in_once() {
        let mut timeline = Timeline::new();
        let mut first = entry("a", "2024-01-01T00:00:00Z", "badge.created");
        timeline.insert_entries([first]);
        assert_eq!(timeline.get(0).unwrap().summary, None);

        first.summary = Some("Ada · Architect");
        assert_eq!(timeline.insert_entries([first]), 0);
        assert_eq!(timeline.get(0).unwrap().summary, Some("Ada · Architect"));

        let long = "é".repeat(200);
        assert!(timeline.set_summary("a", Some(&long)));
        let summary = timeline.get(0).unwrap().summary.unwrap();
        assert!(summary.len() <= MAX_SUMMARY_BYTES && summary.chars().all(|c| c == 'é'));
        assert!(timeline.set_summary("a", None));
        assert_eq!(timeline.get(0).unwrap().summary, None);
        assert!(!timeline.set_summary("missing", Some("x")));
    }

    #[test]
    fn events_convert_without_their_raw_json() {
        let event = Event::from_json(json!({"id": "e1", "event_type": "badge.created",
            "occurred_at": "2024-01-01T00:00:00.123Z", "extra": [1, 2, 3]}))
        .unwrap();
        let mut timeline = Timeline::new();
        assert_eq!(timeline.insert_many([&event, &event]), 1);
        let row = timeline.get(0).unwrap();
        assert_eq!((row.id, row.occurred_at), ("e1", event.occurred_at));
    }

    #[test]
    fn a_large_timeline_stays_compact_and_sorted() {
        let mut timeline = Timeline::new();
        let ids: Vec<String> = (0..20_000).map(|i| format!("{i:036}")).collect();
        // Two interleaved batches: the second lands between the events of the first.
        for parity in [1, 0] {
            let entries = ids
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 2 == parity)
                .map(|(i, id)| TimelineEntry {
                    id,
                    occurred_at: DateTime::from_timestamp_millis(i64::try_from(i).unwrap())
                        .unwrap(),
                    event_type: "badge.created",
                    summary: None,
                });
            timeline.insert_entries(entries);
        }
        timeline.shrink_to_fit();
        assert_eq!(timeline.len(), ids.len());
        assert!(
            timeline
                .iter()
                .map(|row| row.id)
                .eq(ids.iter().map(String::as_str))
        );
        let per_event = timeline.memory_bytes() / timeline.len();
        assert!(per_event < 100, "{per_event} bytes per event");
    }
}
