//! Writing the event cache (events, malformed items, details, sync state) and searching it.
//!
//! Every write is one transaction; events are keyed by id, so writing an event twice keeps
//! the first copy and says it was not new.

use chrono::Utc;
use rusqlite::{OptionalExtension as _, params};
use serde_json::Value;

use super::{Cache, SyncError};
use crate::api::MalformedItem;
use crate::model::{Event, EventDetail, EventId, MAX_SUMMARY_BYTES, summary_line};

/// The most text of a detail the full-text index takes.
const MAX_SEARCH_BODY_BYTES: usize = 64 * 1024;

impl Cache {
    /// Stores the events not cached yet; returns, for each event in order, whether it was
    /// new.
    pub fn insert_events(&mut self, events: &[Event]) -> Result<Vec<bool>, SyncError> {
        let fail = self.failure("write events to");
        let transaction = self.connection.transaction().map_err(&fail)?;
        let mut added = Vec::with_capacity(events.len());
        {
            let mut insert = transaction
                .prepare_cached(
                    "INSERT OR IGNORE INTO events (id, occurred_at_ms, event_type) \
                     VALUES (?1, ?2, ?3)",
                )
                .map_err(&fail)?;
            let mut insert_json = transaction
                .prepare_cached("INSERT INTO event_json (event_rowid, raw) VALUES (?1, ?2)")
                .map_err(&fail)?;
            let mut index = transaction
                .prepare_cached(
                    "INSERT INTO search (rowid, id, event_type, body) VALUES (?1, ?2, ?3, '')",
                )
                .map_err(&fail)?;
            for event in events {
                let (id, event_type) = (event.id.as_str(), event.event_type.as_str());
                let time = event.occurred_at.timestamp_millis();
                let is_new = insert
                    .execute(params![id, time, event_type])
                    .map_err(&fail)?
                    == 1;
                if is_new {
                    let rowid = transaction.last_insert_rowid();
                    let raw = event.raw.to_string();
                    insert_json.execute(params![rowid, raw]).map_err(&fail)?;
                    index
                        .execute(params![rowid, id, event_type])
                        .map_err(&fail)?;
                }
                added.push(is_new);
            }
        }
        transaction.commit().map_err(&fail)?;
        self.num_events += added.iter().filter(|&&is_new| is_new).count() as u64;
        Ok(added)
    }

    /// Stores the list items that were not events, each once; returns how many were new.
    pub fn insert_malformed(&mut self, items: &[MalformedItem]) -> Result<usize, SyncError> {
        let fail = self.failure("write malformed items to");
        let transaction = self.connection.transaction().map_err(&fail)?;
        let mut num_new = 0;
        {
            let mut insert = transaction
                .prepare_cached(
                    "INSERT OR IGNORE INTO malformed (raw, reason, seen_at_ms) VALUES (?1, ?2, ?3)",
                )
                .map_err(&fail)?;
            let now = Utc::now().timestamp_millis();
            for item in items {
                let raw = item.raw.to_string();
                num_new += insert
                    .execute(params![raw, item.error.to_string(), now])
                    .map_err(&fail)?;
            }
        }
        transaction.commit().map_err(&fail)?;
        self.num_malformed += num_new as u64;
        Ok(num_new)
    }

    /// Whether this malformed item is cached already.
    pub fn contains_malformed(&self, item: &MalformedItem) -> Result<bool, SyncError> {
        self.connection
            .prepare_cached("SELECT 1 FROM malformed WHERE raw = ?1")
            .and_then(|mut statement| statement.exists([item.raw.to_string()]))
            .map_err(self.failure("look up a malformed item in"))
    }

    /// Stores (or replaces) an event's detail, sets the event's summary line and indexes
    /// every string of the detail for search. Returns the summary line.
    pub fn store_detail(
        &mut self,
        id: &EventId,
        detail: &EventDetail,
    ) -> Result<Option<String>, SyncError> {
        let fail = self.failure("write a detail to");
        let summary = summary_line(detail).map(|line| cut(&line, MAX_SUMMARY_BYTES).to_owned());
        let transaction = self.connection.transaction().map_err(&fail)?;
        transaction
            .execute(
                "INSERT INTO details (id, raw, fetched_at_ms) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (id) DO UPDATE SET raw = excluded.raw, \
                 fetched_at_ms = excluded.fetched_at_ms",
                params![
                    id.as_str(),
                    detail.raw.to_string(),
                    Utc::now().timestamp_millis()
                ],
            )
            .map_err(&fail)?;
        let event: Option<(i64, String)> = transaction
            .query_row(
                "SELECT rowid, event_type FROM events WHERE id = ?1",
                [id.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(&fail)?;
        if let Some((rowid, event_type)) = event {
            transaction
                .execute(
                    "UPDATE events SET summary_line = ?1 WHERE rowid = ?2",
                    params![summary, rowid],
                )
                .map_err(&fail)?;
            transaction
                .execute("DELETE FROM search WHERE rowid = ?1", [rowid])
                .map_err(&fail)?;
            transaction
                .execute(
                    "INSERT INTO search (rowid, id, event_type, body) VALUES (?1, ?2, ?3, ?4)",
                    params![rowid, id.as_str(), event_type, search_body(&detail.raw)],
                )
                .map_err(&fail)?;
        }
        transaction.commit().map_err(&fail)?;
        Ok(summary)
    }

    /// The ids of the events whose id, type or cached detail holds every word of `query`
    /// (each word also matches as a prefix), in no particular order: callers put them in a
    /// set, and sorting a hundred thousand hits costs a fifth of the query. A query without
    /// words finds nothing.
    pub fn search_unsorted(&self, query: &str) -> Result<Vec<EventId>, SyncError> {
        let Some(expression) = match_expression(query) else {
            return Ok(Vec::new());
        };
        let fail = self.failure("search");
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT e.id FROM search JOIN events e ON e.rowid = search.rowid \
                 WHERE search MATCH ?1",
            )
            .map_err(&fail)?;
        let ids = statement
            .query_map([expression], |row| row.get::<_, String>(0))
            .map_err(&fail)?
            .map(|id| id.map(EventId::new))
            .collect::<Result<Vec<_>, _>>()
            .map_err(&fail)?;
        Ok(ids)
    }

    /// A value of the sync state.
    pub(super) fn meta(&self, key: &str) -> Result<Option<String>, SyncError> {
        self.connection
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(self.failure("read the sync state of"))
    }

    pub(super) fn set_meta(&self, key: &str, value: &str) -> Result<(), SyncError> {
        self.connection
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map(drop)
            .map_err(self.failure("write the sync state of"))
    }
}

/// An FTS5 query that holds every word of `query` as a quoted prefix; `None` when the query
/// has no word with a letter or digit.
fn match_expression(query: &str) -> Option<String> {
    let terms: Vec<String> = query
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Every string of a detail, one a line, at most [`MAX_SEARCH_BODY_BYTES`].
fn search_body(value: &Value) -> String {
    fn collect(value: &Value, body: &mut String) {
        match value {
            Value::String(text) if body.len() + text.len() < MAX_SEARCH_BODY_BYTES => {
                body.push_str(text);
                body.push('\n');
            }
            Value::Array(items) => items.iter().for_each(|item| collect(item, body)),
            Value::Object(object) => object.values().for_each(|item| collect(item, body)),
            _ => {}
        }
    }
    let mut body = String::new();
    collect(value, &mut body);
    body
}

/// At most `max_bytes` of `text`, cut on a character boundary.
fn cut(text: &str, max_bytes: usize) -> &str {
    let end = (0..=max_bytes.min(text.len()))
        .rev()
        .find(|&end| text.is_char_boundary(end))
        .unwrap_or(0);
    text.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn queries_become_prefix_phrases_of_every_word() {
        let cases = [
            ("ada", Some(r#""ada"*"#)),
            ("  Ada   lovelace ", Some(r#""Ada"* "lovelace"*"#)),
            ("badge.created", Some(r#""badge.created"*"#)),
            (r#"say "hi""#, Some(r#""say"* """hi"""*"#)),
            ("- * ()", None),
            ("", None),
        ];
        for (query, expected) in cases {
            assert_eq!(match_expression(query).as_deref(), expected, "{query:?}");
        }
    }

    #[test]
    fn search_bodies_hold_every_string_once() {
        let body = search_body(&json!({"a": "x", "b": [1, "y", {"c": "z"}], "d": null}));
        assert_eq!(body, "x\ny\nz\n");
        let long = search_body(&json!(["é".repeat(40_000), "tail"]));
        assert_eq!(long, "tail\n", "a string past the cap is skipped");
    }
}
