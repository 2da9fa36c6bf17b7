//! The event cache's schema: its versions, the migrations between them, and the connection
//! settings every cache gets.
//!
//! The version lives in `SQLite`'s `user_version`. A cache whose version is newer than
//! [`SCHEMA_VERSION`] was written by a newer app and is never opened for writing.

use rusqlite::Connection;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 2;

/// Migration `i` takes a cache from version `i` to version `i + 1`.
const MIGRATIONS: [&str; 2] = [V1, V2];

/// Version 1: events (the columns the timeline needs) and their raw JSON apart, so that
/// loading the timeline reads only the narrow table; details; malformed list items; a
/// key-value table for the sync state; and a contentless full-text index.
const V1: &str = "
CREATE TABLE events (
    id TEXT NOT NULL UNIQUE,
    occurred_at_ms INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    summary_line TEXT
);
CREATE TABLE event_json (
    event_rowid INTEGER PRIMARY KEY,
    raw TEXT NOT NULL
);
CREATE TABLE details (
    id TEXT PRIMARY KEY,
    raw TEXT NOT NULL,
    fetched_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE malformed (
    raw TEXT NOT NULL UNIQUE,
    reason TEXT NOT NULL,
    seen_at_ms INTEGER NOT NULL
);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE search USING fts5(
    id, event_type, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
";

/// Version 2: events by time, for the background prefetch, which asks for the newest events
/// without a cached detail and would otherwise sort the whole table on every round.
const V2: &str = "
CREATE INDEX events_by_time ON events (occurred_at_ms, id);
";

/// Settings for speed and safety: WAL (readers never wait for the writer), `NORMAL`
/// synchronous (a crash loses at most the last commits, never the file), and a busy
/// timeout for the rare second reader.
pub(super) fn configure(connection: &Connection) -> rusqlite::Result<()> {
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.pragma_update(None, "temp_store", "MEMORY")?;
    connection.busy_timeout(std::time::Duration::from_secs(5))
}

pub(super) fn version(connection: &Connection) -> rusqlite::Result<i64> {
    connection.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Applies the migrations the cache lacks, each in its own transaction.
pub(super) fn migrate(connection: &mut Connection) -> rusqlite::Result<()> {
    let mut current = version(connection)?;
    for (from, sql) in (0_i64..).zip(MIGRATIONS) {
        if current > from {
            continue;
        }
        let transaction = connection.transaction()?;
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", from + 1)?;
        transaction.commit()?;
        current = from + 1;
        tracing::debug!(version = current, "event cache migrated");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_reach_the_current_version_once() {
        let mut connection = Connection::open_in_memory().unwrap();
        migrate(&mut connection).unwrap();
        assert_eq!(version(&connection).unwrap(), SCHEMA_VERSION);
        migrate(&mut connection).unwrap();
        assert_eq!(version(&connection).unwrap(), SCHEMA_VERSION);
        let fts: i64 = connection
            .query_row(
                "SELECT count(*) FROM search WHERE search MATCH 'x'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(fts, 0);
    }

    #[test]
    fn a_version_1_cache_gains_the_time_index_and_keeps_its_events() {
        let mut connection = Connection::open_in_memory().unwrap();
        connection.execute_batch(V1).unwrap();
        connection.pragma_update(None, "user_version", 1).unwrap();
        connection
            .execute(
                "INSERT INTO events (id, occurred_at_ms, event_type) VALUES ('e1', 5, 'badge.created')",
                [],
            )
            .unwrap();

        migrate(&mut connection).unwrap();
        assert_eq!(version(&connection).unwrap(), 2);
        let plan: String = connection
            .query_row(
                "EXPLAIN QUERY PLAN SELECT id FROM events ORDER BY occurred_at_ms DESC, id DESC LIMIT 5",
                [],
                |row| row.get(3),
            )
            .unwrap();
        assert!(plan.contains("events_by_time"), "{plan}");
        let num_events: i64 = connection
            .query_row("SELECT count(*) FROM events", [], |row| row.get(0))
            .unwrap();
        assert_eq!(num_events, 1);
    }
}
