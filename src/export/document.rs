//! The export document: events as received, in a versioned JSON envelope.

use serde_json::{Map, Value, json};

use crate::model::{Event, Filter, Timestamp, TypePattern, format_timestamp};

pub const FORMAT_NAME: &str = "credly-monitor-export";
pub const FORMAT_VERSION: u64 = 1;

/// The two layouts of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// One JSON document with a header and an `events` array.
    #[default]
    Json,
    /// One event object per line, no header.
    Ndjson,
}

/// What an event's detail turned out to be, when details were asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum DetailOutcome {
    /// The raw `data` object of the detail response.
    Fetched(Value),
    /// Why the detail could not be fetched.
    Failed(String),
}

/// One event of an export: its list item and, when asked for, its detail.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportedEvent {
    pub event: Event,
    pub detail: Option<DetailOutcome>,
}

impl ExportedEvent {
    /// The event object as written: every field of the list item as received, `occurred_at`
    /// always present, and `detail` or `detail_error` when details were asked for.
    pub fn to_json(&self) -> Value {
        let mut object = self.event.export_json();
        if let (Some(map), Some(detail)) = (object.as_object_mut(), &self.detail) {
            match detail {
                DetailOutcome::Fetched(data) => map.insert("detail".to_owned(), data.clone()),
                DetailOutcome::Failed(message) => {
                    map.insert("detail_error".to_owned(), Value::String(message.clone()))
                }
            };
        }
        object
    }
}

/// Where the exported events came from and how they were chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportHeader {
    pub exported_at: Timestamp,
    pub base_url: String,
    pub organization_id: String,
    pub filter: Filter,
    pub with_details: bool,
}

impl ExportHeader {
    fn filter_json(&self) -> Value {
        let types: Vec<&str> = self.filter.types.iter().map(TypePattern::as_str).collect();
        json!({
            "types": types,
            "since": self.filter.since.map(format_timestamp),
            "until": self.filter.until.map(format_timestamp),
            "details": self.with_details,
        })
    }
}

/// Sorts events as every export lists them: oldest first by `occurred_at`, then by id.
pub fn sort_for_export(events: &mut [ExportedEvent]) {
    events.sort_by(|a, b| {
        (a.event.occurred_at, &a.event.id).cmp(&(b.event.occurred_at, &b.event.id))
    });
}

/// The whole JSON document. `events` must already be sorted with [`sort_for_export`].
pub fn document(header: &ExportHeader, events: &[ExportedEvent]) -> Value {
    let mut document = Map::new();
    document.insert("format".to_owned(), json!(FORMAT_NAME));
    document.insert("version".to_owned(), json!(FORMAT_VERSION));
    document.insert(
        "exported_at".to_owned(),
        json!(format_timestamp(header.exported_at)),
    );
    document.insert(
        "source".to_owned(),
        json!({"base_url": header.base_url, "organization_id": header.organization_id}),
    );
    document.insert("filter".to_owned(), header.filter_json());
    document.insert("count".to_owned(), json!(events.len()));
    document.insert(
        "events".to_owned(),
        events.iter().map(ExportedEvent::to_json).collect(),
    );
    Value::Object(document)
}

/// Serializes an export in the given format.
pub fn render(format: ExportFormat, header: &ExportHeader, events: &[ExportedEvent]) -> Vec<u8> {
    match format {
        ExportFormat::Json => {
            let mut bytes = serde_json::to_vec_pretty(&document(header, events))
                .expect("a JSON value always serializes");
            bytes.push(b'\n');
            bytes
        }
        ExportFormat::Ndjson => {
            let mut bytes = Vec::new();
            for event in events {
                serde_json::to_writer(&mut bytes, &event.to_json())
                    .expect("a JSON value always serializes");
                bytes.push(b'\n');
            }
            bytes
        }
    }
}
