//! The local event cache: one `SQLite` file per environment and organization, holding every
//! event summary and detail ever seen as raw JSON, plus the columns the timeline needs.
//!
//! This file opens, recovers and reads the cache; `cache_write` writes it, `cache_schema`
//! defines it and `cache_file` places it. Uses `model` only; nothing here speaks HTTP.

use std::path::{Path, PathBuf};

use chrono::DateTime;
use rusqlite::{Connection, OptionalExtension as _};
use serde_json::Value;

use super::SyncError;
use super::cache_file::{move_aside, prepare};
use super::cache_schema::{SCHEMA_VERSION, configure, migrate, version};
use crate::model::{EventDetail, EventId, Timeline, TimelineEntry};

/// The cache of one organization's events.
pub struct Cache {
    pub(super) connection: Connection,
    /// `None` for a cache in memory.
    pub(super) path: Option<PathBuf>,
    pub(super) num_events: u64,
    pub(super) num_malformed: u64,
}

/// Why a cache was moved aside when it was opened, for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    pub message: String,
    pub moved_to: Option<PathBuf>,
}

/// A cache opened and read into a timeline.
#[derive(Debug)]
pub struct LoadedCache {
    pub cache: Cache,
    pub timeline: Timeline,
    pub num_details: usize,
    /// Set when the file was unusable and a fresh cache took its place.
    pub recovered: Option<Recovery>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("path", &self.path)
            .field("num_events", &self.num_events)
            .finish_non_exhaustive()
    }
}

impl Cache {
    /// Opens (or creates) the cache at `path` and reads its events into a timeline.
    ///
    /// A file that is not a database, is damaged, or was written by a newer version is moved
    /// aside and a fresh cache takes its place; that is said in `recovered`. Other failures
    /// (no permission, no space) are returned and the file is left alone.
    pub fn open_and_load(path: &Path) -> Result<LoadedCache, SyncError> {
        let first = Self::open(path).and_then(|cache| cache.into_loaded(None));
        match first {
            Err(err) if err.is_corrupt_cache() => {
                let message = format!("The event cache was damaged ({})", err.chain());
                Self::recover(path, "corrupt", &message)
            }
            Err(err @ SyncError::NewerSchema { .. }) => {
                let message = format!("The event cache is not readable by this version: {err}");
                Self::recover(path, "newer", &message)
            }
            other => other,
        }
    }

    /// A cache that lives in memory only, for when no file can be used.
    pub fn open_in_memory() -> Result<Self, SyncError> {
        let fail = |source| SyncError::Cache {
            action: "create in memory",
            path: PathBuf::from(":memory:"),
            source,
        };
        let mut connection = Connection::open_in_memory().map_err(&fail)?;
        migrate(&mut connection).map_err(&fail)?;
        Ok(Self {
            connection,
            path: None,
            num_events: 0,
            num_malformed: 0,
        })
    }

    /// Where the cache is stored; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn num_events(&self) -> u64 {
        self.num_events
    }

    /// Events and malformed items: what the server's `total_count` is compared with.
    pub fn num_held(&self) -> u64 {
        self.num_events + self.num_malformed
    }

    fn open(path: &Path) -> Result<Self, SyncError> {
        prepare(path)?;
        let fail = |action| {
            move |source| SyncError::Cache {
                action,
                path: path.to_path_buf(),
                source,
            }
        };
        let mut connection = Connection::open(path).map_err(fail("open"))?;
        configure(&connection).map_err(fail("configure"))?;
        let found = version(&connection).map_err(fail("read the version of"))?;
        if found > SCHEMA_VERSION {
            return Err(SyncError::NewerSchema {
                path: path.to_path_buf(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        migrate(&mut connection).map_err(fail("migrate"))?;
        let mut cache = Self {
            connection,
            path: Some(path.to_path_buf()),
            num_events: 0,
            num_malformed: 0,
        };
        cache.num_events = cache.count("SELECT count(*) FROM events")?;
        cache.num_malformed = cache.count("SELECT count(*) FROM malformed")?;
        Ok(cache)
    }

    fn recover(path: &Path, label: &str, message: &str) -> Result<LoadedCache, SyncError> {
        let moved_to = move_aside(path, label)?;
        tracing::warn!(path = %path.display(), moved_to = %moved_to.display(), %message,
            "moved the event cache aside; rebuilding it");
        let message = format!(
            "{message}. It was moved to {} and is being rebuilt from Credly.",
            moved_to.display()
        );
        let recovery = Recovery {
            message,
            moved_to: Some(moved_to),
        };
        Self::open(path)?.into_loaded(Some(recovery))
    }

    fn into_loaded(self, recovered: Option<Recovery>) -> Result<LoadedCache, SyncError> {
        let timeline = self.load_timeline()?;
        let num_details = self.num_details()?;
        Ok(LoadedCache {
            cache: self,
            timeline,
            num_details,
            recovered,
        })
    }

    /// Every cached event, as the timeline shows it.
    pub fn load_timeline(&self) -> Result<Timeline, SyncError> {
        let fail = self.failure("read the events of");
        let mut statement = self
            .connection
            .prepare("SELECT id, occurred_at_ms, event_type, summary_line FROM events")
            .map_err(&fail)?;
        let mut timeline = Timeline::new();
        timeline.reserve(usize::try_from(self.num_events).unwrap_or(0));
        let mut num_skipped = 0_usize;
        timeline
            .insert_batch(|batch| {
                let mut rows = statement.query([])?;
                while let Some(row) = rows.next()? {
                    let (Ok(id), Ok(millis), Ok(event_type), Ok(summary)) = (
                        row.get_ref(0)?.as_str(),
                        row.get_ref(1)?.as_i64(),
                        row.get_ref(2)?.as_str(),
                        row.get_ref(3)?.as_str_or_null(),
                    ) else {
                        num_skipped += 1;
                        continue;
                    };
                    let Some(occurred_at) = DateTime::from_timestamp_millis(millis) else {
                        num_skipped += 1;
                        continue;
                    };
                    batch.push(TimelineEntry {
                        id,
                        occurred_at,
                        event_type,
                        summary,
                    });
                }
                Ok(())
            })
            .map_err(&fail)?;
        if num_skipped > 0 {
            tracing::warn!(num_skipped, "skipped unreadable rows of the event cache");
        }
        timeline.shrink_to_fit();
        Ok(timeline)
    }

    pub fn num_details(&self) -> Result<usize, SyncError> {
        let count = self.count("SELECT count(*) FROM details")?;
        Ok(usize::try_from(count).unwrap_or(usize::MAX))
    }

    /// Every cached event id, sorted.
    pub fn event_ids(&self) -> Result<Vec<EventId>, SyncError> {
        let fail = self.failure("read the ids of");
        let mut statement = self
            .connection
            .prepare("SELECT id FROM events ORDER BY id")
            .map_err(&fail)?;
        let ids = statement
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(&fail)?
            .map(|id| id.map(EventId::new))
            .collect::<Result<Vec<_>, _>>()
            .map_err(&fail)?;
        Ok(ids)
    }

    pub fn contains(&self, id: &EventId) -> Result<bool, SyncError> {
        self.connection
            .prepare_cached("SELECT 1 FROM events WHERE id = ?1")
            .and_then(|mut statement| statement.exists([id.as_str()]))
            .map_err(self.failure("look up an event in"))
    }

    /// The raw JSON of a cached event summary.
    pub fn event_json(&self, id: &EventId) -> Result<Option<Value>, SyncError> {
        let raw: Option<String> = self
            .connection
            .query_row(
                "SELECT j.raw FROM events e JOIN event_json j ON j.event_rowid = e.rowid \
                 WHERE e.id = ?1",
                [id.as_str()],
                |row| row.get(0),
            )
            .optional()
            .map_err(self.failure("read an event from"))?;
        Ok(raw.and_then(|raw| serde_json::from_str(&raw).ok()))
    }

    /// The cached detail of an event; `None` when none is cached (or it is unreadable, so
    /// that it is fetched again).
    pub fn detail(&self, id: &EventId) -> Result<Option<EventDetail>, SyncError> {
        let raw: Option<String> = self
            .connection
            .prepare_cached("SELECT raw FROM details WHERE id = ?1")
            .and_then(|mut statement| {
                statement
                    .query_row([id.as_str()], |row| row.get(0))
                    .optional()
            })
            .map_err(self.failure("read a detail from"))?;
        Ok(raw
            .and_then(|raw| serde_json::from_str(&raw).ok())
            .map(EventDetail::from_data))
    }

    /// Up to `limit` ids of events whose detail is not cached, newest first.
    pub fn ids_without_detail(&self, limit: usize) -> Result<Vec<EventId>, SyncError> {
        let fail = self.failure("list the missing details of");
        let mut statement = self
            .connection
            .prepare(
                "SELECT id FROM events WHERE id NOT IN (SELECT id FROM details) \
                 ORDER BY occurred_at_ms DESC, id DESC LIMIT ?1",
            )
            .map_err(&fail)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let ids = statement
            .query_map([limit], |row| row.get::<_, String>(0))
            .map_err(&fail)?
            .map(|id| id.map(EventId::new))
            .collect::<Result<Vec<_>, _>>()
            .map_err(&fail)?;
        Ok(ids)
    }

    pub(super) fn count(&self, sql: &str) -> Result<u64, SyncError> {
        let count: i64 = self
            .connection
            .query_row(sql, [], |row| row.get(0))
            .map_err(self.failure("count the rows of"))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Turns a `SQLite` error into a `SyncError` naming the action and this cache's path.
    pub(super) fn failure(
        &self,
        action: &'static str,
    ) -> impl Fn(rusqlite::Error) -> SyncError + use<> {
        let path = self
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from(":memory:"));
        move |source| SyncError::Cache {
            action,
            path: path.clone(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::Event;

    fn event(id: &str, at: &str) -> Event {
        Event::from_json(
            json!({"id": id, "event_type": "badge.created", "occurred_at": at,
            "extra": {"kept": true}}),
        )
        .unwrap()
    }

    #[test]
    fn events_and_details_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite3");
        let mut cache = Cache::open_and_load(&path).unwrap().cache;
        let events = [
            event("b", "2024-01-02T00:00:00Z"),
            event("a", "2024-01-01T00:00:00Z"),
            event("b", "2024-01-02T00:00:00Z"),
        ];
        assert_eq!(cache.insert_events(&events).unwrap(), [true, true, false]);
        let detail = EventDetail::from_data(json!({"id": "a", "badge": {
            "issued_to": "Ada Lovelace", "state": "accepted", "issued_at": "2024-01-01T00:00:00Z",
            "badge_template": {"name": "Cloud Architect"}}}));
        let summary = cache.store_detail(&EventId::new("a"), &detail).unwrap();
        assert!(
            summary
                .as_deref()
                .is_some_and(|line| line.contains("Ada Lovelace"))
        );
        drop(cache);

        let loaded = Cache::open_and_load(&path).unwrap();
        assert!(loaded.recovered.is_none());
        assert_eq!(loaded.num_details, 1);
        let rows: Vec<(&str, Option<&str>)> = loaded
            .timeline
            .iter()
            .map(|row| (row.id, row.summary))
            .collect();
        assert_eq!(rows, [("a", summary.as_deref()), ("b", None)]);

        let cache = loaded.cache;
        assert_eq!(cache.num_events(), 2);
        assert_eq!(
            cache.event_json(&EventId::new("b")).unwrap(),
            Some(events[0].raw.clone())
        );
        assert_eq!(cache.detail(&EventId::new("a")).unwrap(), Some(detail));
        assert_eq!(cache.detail(&EventId::new("b")).unwrap(), None);
        assert_eq!(cache.ids_without_detail(10).unwrap(), [EventId::new("b")]);
        let found = |query| {
            let mut found = cache.search_unsorted(query).unwrap();
            found.sort();
            found
        };
        assert_eq!(found("lovelace cloud"), [EventId::new("a")]);
        assert_eq!(
            found("badge.created"),
            [EventId::new("a"), EventId::new("b")]
        );
        assert_eq!(found("nobody"), Vec::<EventId>::new());
        assert_eq!(found(""), Vec::<EventId>::new());
    }

    #[test]
    fn unusable_files_are_moved_aside_but_other_failures_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.sqlite3");
        std::fs::write(&path, b"not a database, not at all; just text").unwrap();
        let loaded = Cache::open_and_load(&path).unwrap();
        let recovered = loaded.recovered.unwrap();
        assert!(recovered.moved_to.unwrap().exists());
        assert!(
            recovered.message.contains("damaged"),
            "{}",
            recovered.message
        );

        let blocked = dir.path().join("file").join("c.sqlite3");
        std::fs::write(dir.path().join("file"), b"a file where a folder should be").unwrap();
        let err = Cache::open_and_load(&blocked).unwrap_err();
        assert!(matches!(err, SyncError::CreateDirectory { .. }), "{err:?}");
    }
}
