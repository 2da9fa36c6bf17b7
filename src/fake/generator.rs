//! The seeded, deterministic history of a fake Credly organization: events in time order,
//! their summaries and details.
//!
//! The same configuration always yields the same events, ids and JSON. Events are kept as
//! compact records and rendered on demand, so a million of them fit in well under a
//! gigabyte. Depends on the rest of the fake's model (`sim`, `world`, `render`), never on
//! `server`.

use std::hash::BuildHasherDefault;

use chrono::{DateTime, Utc};
use fastrand::Rng;
use serde_json::Value;
use uuid::Uuid;

use super::config::FakeConfig;
use super::earner::{Org, draw_earners};
use super::ids::{self, IdIndex};
use super::kind::Kind;
use super::render::{Quirk, Record, Renderer};
use super::sim::{Draft, Sim};
use super::world::{NONE, World, to_u32};

const HOUR_MS: i64 = 3_600_000;
const YEAR_MS: i64 = 365 * 24 * HOUR_MS;

/// Seeds of the side streams are the configured seed mixed with these, so that switching
/// quirks on or off leaves the main history's ids unchanged.
const QUIRK_SALT: u64 = 0x5157_4952_4b53;
const TIME_SALT: u64 = 0x5449_4d45;

/// Per mille of events drawn as each irregularity when quirks are on.
const QUIRK_TABLE: [(u16, Quirk); 4] = [
    (3, Quirk::Misspelled),
    (20, Quirk::NoMillis),
    (20, Quirk::ExtraField),
    (100, Quirk::Delivered),
];

/// Per mille of events of a type Credly has not documented, when quirks are on.
const UNKNOWN_PER_MILLE: u16 = 3;

/// Where image URLs point unless the server serves the images itself.
const CREDLY_IMAGE_ORIGIN: &str = "https://images.credly.com";

/// A fake organization's event history; the server serves one, benchmarks may use one
/// directly.
pub struct Generator {
    sim: Sim,
    records: Vec<Record>,
    index: IdIndex,
    quirks: bool,
    quirk_rng: Rng,
    time_rng: Rng,
    mean_gap_ms: i64,
    /// Time of the previous event of the initial history, before adjustments.
    planned_ms: i64,
    /// Where the details' image URLs point: Credly's image host, or the fake server itself.
    image_origin: String,
}

impl Generator {
    /// Generates `config.num_events` events ending at `config.end`, from `config.seed`.
    #[must_use]
    pub fn new(config: &FakeConfig) -> Self {
        let mut rng = Rng::with_seed(config.seed);
        let org = Org::new(config.organization_id.clone(), &mut rng);
        let earners = draw_earners(&mut rng, (config.num_events / 8).clamp(200, 150_000));
        let time_rng = Rng::with_seed(config.seed ^ TIME_SALT);
        let mean_gap_ms = mean_gap_ms(config.num_events);
        // Drawing the gaps once ahead tells where the history starts so that it ends at `end`.
        let mut gaps = time_rng.clone();
        let span: i64 = (0..config.num_events)
            .map(|_| draw_gap(&mut gaps, mean_gap_ms))
            .sum();
        let mut generator = Self {
            sim: Sim::new(World::new(org, earners), rng),
            records: Vec::with_capacity(config.num_events),
            index: IdIndex::with_capacity_and_hasher(
                config.num_events,
                BuildHasherDefault::default(),
            ),
            quirks: config.quirks,
            quirk_rng: Rng::with_seed(config.seed ^ QUIRK_SALT),
            time_rng,
            mean_gap_ms,
            planned_ms: config.end.timestamp_millis() - span,
            image_origin: CREDLY_IMAGE_ORIGIN.to_owned(),
        };
        for _ in 0..config.num_events {
            generator.planned_ms += draw_gap(&mut generator.time_rng, generator.mean_gap_ms);
            generator.add_event(generator.planned_ms);
        }
        generator
    }

    /// Makes the details' image URLs start with `origin` (`http://127.0.0.1:PORT`).
    pub fn set_image_origin(&mut self, origin: String) {
        self.image_origin = origin;
    }

    /// Number of events.
    #[must_use]
    pub fn len(&self) -> usize {
        self.records.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    #[must_use]
    pub fn organization_id(&self) -> &str {
        &self.sim.world.org.id
    }

    /// The list item of the event at `position`, oldest first.
    #[must_use]
    pub fn summary(&self, position: usize) -> Option<Value> {
        let record = self.records.get(position)?;
        Some(self.renderer().summary(record))
    }

    /// Every event's list item, oldest first.
    #[must_use]
    pub fn summaries(&self) -> Vec<Value> {
        let renderer = self.renderer();
        self.records
            .iter()
            .map(|record| renderer.summary(record))
            .collect()
    }

    /// The `data` object of the event's detail, or `None` for an id it never issued.
    #[must_use]
    pub fn detail(&self, id: &str) -> Option<Value> {
        let position = self.position(id)?;
        Some(self.renderer().detail(to_u32(position)))
    }

    /// Where the event with this id stands, oldest first.
    #[must_use]
    pub fn position(&self, id: &str) -> Option<usize> {
        // Only the canonical hyphenated form names an event, as on the real API.
        if id.len() != 36 {
            return None;
        }
        let id = Uuid::parse_str(id).ok()?;
        let position = *self.index.get(&ids::key(id))? as usize;
        let record = self.records.get(position)?;
        (record.id == id).then_some(position)
    }

    /// Adds `num_events` events after all others, none older than `now`; returns their
    /// summaries.
    pub fn push_events(&mut self, num_events: usize, now: DateTime<Utc>) -> Vec<Value> {
        let first = self.records.len();
        for _ in 0..num_events {
            let last_ms = self.records.last().map_or(i64::MIN, |record| record.at_ms);
            let at_ms = last_ms.saturating_add(self.time_rng.i64(1..=20));
            self.add_event(at_ms.max(now.timestamp_millis()));
        }
        let renderer = self.renderer();
        self.records
            .get(first..)
            .unwrap_or_default()
            .iter()
            .map(|record| renderer.summary(record))
            .collect()
    }

    fn renderer(&self) -> Renderer<'_> {
        Renderer {
            world: &self.sim.world,
            records: &self.records,
            image_origin: &self.image_origin,
        }
    }

    fn add_event(&mut self, at_ms: i64) {
        let seq = to_u32(self.records.len());
        let roll = if self.quirks {
            self.quirk_rng.u16(..1000)
        } else {
            u16::MAX
        };
        if roll < UNKNOWN_PER_MILLE {
            let aux = self.quirk_rng.u32(..);
            let draft = Draft::with_aux(Kind::Unknown, NONE, aux);
            let id = unique_id(&mut self.index, &mut self.quirk_rng, seq);
            self.push(id, at_ms, Quirk::None, draft);
            return;
        }
        let (at_ms, quirk) = self.adjust_for_quirk(at_ms, roll.saturating_sub(UNKNOWN_PER_MILLE));
        let draft = self.sim.step(seq);
        let id = unique_id(&mut self.index, &mut self.sim.rng, seq);
        self.push(id, at_ms, quirk, draft);
    }

    /// The quirk a roll (per mille) stands for, and the time it needs: an event written
    /// without milliseconds falls on a whole second, unless that would reorder events.
    fn adjust_for_quirk(&self, at_ms: i64, mut roll: u16) -> (i64, Quirk) {
        let mut quirk = Quirk::None;
        for (per_mille, candidate) in QUIRK_TABLE {
            if roll < per_mille {
                quirk = candidate;
                break;
            }
            roll -= per_mille;
        }
        if quirk != Quirk::NoMillis {
            return (at_ms, quirk);
        }
        let whole_second = at_ms - at_ms.rem_euclid(1000);
        let last_ms = self.records.last().map_or(i64::MIN, |record| record.at_ms);
        if whole_second > last_ms {
            (whole_second, quirk)
        } else {
            (at_ms, Quirk::None)
        }
    }

    fn push(&mut self, id: Uuid, at_ms: i64, quirk: Quirk, draft: Draft) {
        self.records.push(Record {
            id,
            at_ms,
            subject: draft.subject,
            aux: draft.aux,
            kind: draft.kind,
            quirk,
        });
    }
}

impl std::fmt::Debug for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generator")
            .field("organization_id", &self.organization_id())
            .field("num_events", &self.len())
            .finish_non_exhaustive()
    }
}

/// A fresh id for event `seq`, registered in `index`; draws again on the rare clash of keys.
fn unique_id(index: &mut IdIndex, rng: &mut Rng, seq: u32) -> Uuid {
    loop {
        let id = ids::random_uuid(rng);
        if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(ids::key(id)) {
            slot.insert(seq);
            return id;
        }
    }
}

/// Spreads the history over at most a year, with events at most an hour apart on average.
fn mean_gap_ms(num_events: usize) -> i64 {
    let num_events = i64::try_from(num_events.max(1)).unwrap_or(i64::MAX);
    (YEAR_MS / num_events).clamp(1, HOUR_MS)
}

fn draw_gap(rng: &mut Rng, mean_gap_ms: i64) -> i64 {
    rng.i64(1..=(2 * mean_gap_ms - 1).max(1))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::DateTime;

    use super::*;
    use crate::fake::EVENT_TYPES;
    use crate::fake::testing::{config, count_by_type, fixed_end};

    #[test]
    fn same_seed_yields_identical_summaries_and_details() {
        let first = Generator::new(&config(2_000, 7, true));
        let second = Generator::new(&config(2_000, 7, true));
        let summaries = first.summaries();
        assert_eq!(summaries, second.summaries());
        for summary in summaries.iter().step_by(3) {
            let id = summary["id"].as_str().unwrap();
            assert_eq!(first.detail(id), second.detail(id), "detail of {id}");
        }
    }

    #[test]
    fn another_seed_yields_another_history() {
        let first = Generator::new(&config(200, 1, true)).summaries();
        let second = Generator::new(&config(200, 2, true)).summaries();
        assert_ne!(first, second);
    }

    #[test]
    fn every_documented_type_appears_in_two_thousand_events() {
        for (seed, quirks) in [
            (42, true),
            (42, false),
            (0, true),
            (1, false),
            (2, true),
            (3, true),
        ] {
            let counts = count_by_type(&Generator::new(&config(2_000, seed, quirks)).summaries());
            let missing: Vec<&str> = EVENT_TYPES
                .into_iter()
                .filter(|event_type| !counts.contains_key(*event_type))
                .collect();
            assert!(
                missing.is_empty(),
                "seed {seed}: {missing:?} missing from {counts:?}"
            );
            assert!(
                counts
                    .values()
                    .all(|&count| count <= counts["badge.created"]),
                "badge.created is the most common type: {counts:?}"
            );
        }
    }

    #[test]
    fn without_quirks_summaries_have_the_four_fields_and_times_increase_to_the_end() {
        let summaries = Generator::new(&config(2_000, 42, false)).summaries();
        let mut previous = None;
        for summary in &summaries {
            let keys: Vec<&str> = summary
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys, ["id", "organization_id", "event_type", "occurred_at"]);
            assert!(EVENT_TYPES.contains(&summary["event_type"].as_str().unwrap()));
            let occurred_at = summary["occurred_at"].as_str().unwrap();
            assert_eq!(
                occurred_at.len(),
                "2026-05-01T12:00:00.000Z".len(),
                "{occurred_at}"
            );
            let time = DateTime::parse_from_rfc3339(occurred_at).unwrap();
            assert!(
                previous.is_none_or(|previous| previous < time),
                "{occurred_at}"
            );
            previous = Some(time);
        }
        assert_eq!(previous.unwrap(), fixed_end());
        let first = DateTime::parse_from_rfc3339(summaries[0]["occurred_at"].as_str().unwrap());
        assert!(fixed_end() - first.unwrap().with_timezone(&Utc) > chrono::TimeDelta::days(30));
    }

    #[test]
    fn quirks_show_every_irregularity_a_little() {
        let generator = Generator::new(&config(2_000, 42, true));
        let summaries = generator.summaries();
        let count = |check: &dyn Fn(&Value) -> bool| summaries.iter().filter(|s| check(s)).count();
        let misspelled =
            count(&|s| s.get("occured_at").is_some() && s.get("occurred_at").is_none());
        let delivered = count(&|s| s.get("delivered_at").is_some());
        let extra = count(&|s| s.get("source").is_some());
        let no_millis = count(&|s| {
            s.get("occurred_at")
                .is_some_and(|t| t.as_str().unwrap().len() == 20)
        });
        let unknown = count(&|s| !EVENT_TYPES.contains(&s["event_type"].as_str().unwrap()));
        for (name, n, most) in [
            ("occured_at", misspelled, 20),
            ("delivered_at", delivered, 400),
            ("source", extra, 100),
            ("no millis", no_millis, 100),
            ("unknown type", unknown, 20),
        ] {
            assert!((1..=most).contains(&n), "{name}: {n}");
        }
        let unknown = summaries
            .iter()
            .find(|s| !EVENT_TYPES.contains(&s["event_type"].as_str().unwrap()))
            .unwrap();
        let detail = generator.detail(unknown["id"].as_str().unwrap()).unwrap();
        assert_eq!(detail["event_type"], unknown["event_type"]);
        assert!(detail["endorsement"].is_object());
    }

    #[test]
    fn quirks_leave_the_main_history_alone() {
        let with = Generator::new(&config(300, 5, true)).summaries();
        let without = Generator::new(&config(300, 5, false)).summaries();
        let ids = |summaries: &[Value]| -> Vec<Value> {
            summaries
                .iter()
                .filter(|s| EVENT_TYPES.contains(&s["event_type"].as_str().unwrap()))
                .map(|s| s["id"].clone())
                .collect()
        };
        let (with, without) = (ids(&with), ids(&without));
        assert_eq!(with, without[..with.len()]);
    }

    #[test]
    fn pushed_events_are_newer_unique_and_deterministic() {
        let mut generator = Generator::new(&config(500, 9, true));
        let mut again = Generator::new(&config(500, 9, true));
        let now = fixed_end() + chrono::TimeDelta::minutes(5);
        let pushed = generator.push_events(40, now);
        assert_eq!(pushed, again.push_events(40, now));
        let summaries = generator.summaries();
        assert_eq!(summaries.len(), 540);
        assert_eq!(pushed, summaries[500..]);
        let ids: HashSet<&str> = summaries
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 540);
        for summary in &pushed {
            assert!(generator.detail(summary["id"].as_str().unwrap()).is_some());
        }
    }

    #[test]
    fn detail_of_an_id_never_issued_is_none() {
        let generator = Generator::new(&config(100, 3, true));
        let id = generator.summaries()[10]["id"].as_str().unwrap().to_owned();
        assert!(generator.detail(&id).is_some());
        assert!(
            generator
                .detail("0b2ff7c4-6c43-4c39-9e0a-3f6b1d2c8a41")
                .is_none()
        );
        assert!(generator.detail(&id.replace('-', "")).is_none());
        assert!(generator.detail("nonsense").is_none());
        assert!(generator.detail("").is_none());
    }

    #[test]
    fn a_large_history_is_generated_quickly() {
        let start = std::time::Instant::now();
        let generator = Generator::new(&config(200_000, 11, true));
        assert_eq!(generator.len(), 200_000);
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
        let last = generator.summary(199_999).unwrap();
        assert!(generator.detail(last["id"].as_str().unwrap()).is_some());
    }

    #[test]
    fn an_empty_history_is_empty() {
        let generator = Generator::new(&config(0, 1, true));
        assert!(generator.is_empty());
        assert!(generator.summaries().is_empty());
    }
}
