//! An event summary as listed by Credly, checked and typed, with the raw JSON kept beside it.

use serde_json::{Map, Value};

use super::{EventId, EventType, OrganizationId, Timestamp, parse_timestamp};

/// Why a list item could not become an [`Event`]. The item's raw JSON is kept by the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("expected a JSON object, found {found}")]
    NotAnObject { found: &'static str },

    #[error("the `{field}` field is missing or empty")]
    MissingField { field: &'static str },

    #[error("the `{field}` field is not a timestamp: {text:?}")]
    BadTimestamp { field: &'static str, text: String },
}

/// One event of an organization, as its list item told us.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: EventId,
    /// Absent on some deliveries; the organization is then the one the list was read from.
    pub organization_id: Option<OrganizationId>,
    pub event_type: EventType,
    pub occurred_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
    /// The list item exactly as received, unknown fields included.
    pub raw: Value,
}

impl Event {
    /// Checks a list item (or the summary part of a detail) and types it.
    ///
    /// Only `id` and a parsable `occurred_at` (or Credly's misspelling `occured_at`) are
    /// required; every other field may be missing, null or of another type.
    pub fn from_json(raw: Value) -> Result<Self, ModelError> {
        let object = raw.as_object().ok_or(ModelError::NotAnObject {
            found: kind_of(&raw),
        })?;

        let id = text_of(object, "id").ok_or(ModelError::MissingField { field: "id" })?;
        let occurred_at = occurred_at_of(object)?;
        let event_type = EventType::parse(&text_of(object, "event_type").unwrap_or_default());
        let organization_id = text_of(object, "organization_id").map(OrganizationId::new);
        let delivered_at = object
            .get("delivered_at")
            .and_then(Value::as_str)
            .and_then(parse_timestamp);

        Ok(Self {
            id: EventId::new(id),
            organization_id,
            event_type,
            occurred_at,
            delivered_at,
            raw,
        })
    }

    /// The list item as exported: every field as received, and always `occurred_at`, copied
    /// from `occured_at` when only the misspelling came.
    pub fn export_json(&self) -> Value {
        let mut raw = self.raw.clone();
        if let Some(object) = raw.as_object_mut()
            && !object.contains_key("occurred_at")
            && let Some(misspelt) = object.get("occured_at").cloned()
        {
            object.insert("occurred_at".to_owned(), misspelt);
        }
        raw
    }
}

fn occurred_at_of(object: &Map<String, Value>) -> Result<Timestamp, ModelError> {
    let (field, value) = ["occurred_at", "occured_at"]
        .into_iter()
        .find_map(|field| {
            object
                .get(field)
                .filter(|v| !v.is_null())
                .map(|v| (field, v))
        })
        .ok_or(ModelError::MissingField {
            field: "occurred_at",
        })?;
    value
        .as_str()
        .and_then(parse_timestamp)
        .ok_or_else(|| ModelError::BadTimestamp {
            field,
            text: excerpt(&value.to_string()),
        })
}

/// A string field, or a number written as text; `None` when missing, null, empty or other.
pub(crate) fn text_of(object: &Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// At most 80 characters of `text`, cut on a character boundary, for error messages.
pub(crate) fn excerpt(text: &str) -> String {
    clip(text, 80).into_owned()
}

/// At most `max_chars` characters of `text`, cut on a character boundary, with an ellipsis
/// when something was cut.
pub fn clip(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    // A text of at most `max_chars` bytes has at most as many characters: no need to count.
    if text.len() <= max_chars {
        return std::borrow::Cow::Borrowed(text);
    }
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()).into(),
        None => std::borrow::Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn summaries_parse_with_every_tolerated_variation() {
        let cases = [
            json!({"id": "a", "organization_id": "o", "event_type": "badge.created",
                   "occurred_at": "2014-04-01T14:41:00.000Z"}),
            json!({"id": "a", "organization_id": "o", "event_type": "badge.created",
                   "occurred_at": "2014-04-01T14:41:00Z", "delivered_at": "2014-04-01T14:41:00Z"}),
            json!({"id": "a", "event_type": "badge.created", "occured_at": "2014-04-01T16:41:00+02:00"}),
            json!({"id": "a", "organization_id": null, "event_type": "badge.created",
                   "occurred_at": "2014-04-01T14:41:00Z", "delivered_at": null, "extra": {"x": [1]}}),
            json!({"id": "a", "event_type": null, "occurred_at": "2014-04-01T14:41:00Z"}),
            json!({"id": "a", "event_type": 12, "occurred_at": "2014-04-01T14:41:00Z",
                   "delivered_at": "not a time"}),
        ];
        for raw in cases {
            let event = Event::from_json(raw.clone()).unwrap_or_else(|err| panic!("{raw}: {err}"));
            assert_eq!(event.id.as_str(), "a");
            assert_eq!(event.occurred_at.to_rfc3339(), "2014-04-01T14:41:00+00:00");
            assert_eq!(event.raw, raw, "the raw JSON is kept as received");
        }
    }

    #[test]
    fn summaries_without_id_or_time_are_rejected_with_the_reason() {
        let cases = [
            (json!([1, 2]), ModelError::NotAnObject { found: "an array" }),
            (
                json!({"occurred_at": "2014-04-01T14:41:00Z"}),
                ModelError::MissingField { field: "id" },
            ),
            (
                json!({"id": "", "occurred_at": "2014-04-01T14:41:00Z"}),
                ModelError::MissingField { field: "id" },
            ),
            (
                json!({"id": "a"}),
                ModelError::MissingField {
                    field: "occurred_at",
                },
            ),
            (
                json!({"id": "a", "occurred_at": null}),
                ModelError::MissingField {
                    field: "occurred_at",
                },
            ),
            (
                json!({"id": "a", "occurred_at": "soon"}),
                ModelError::BadTimestamp {
                    field: "occurred_at",
                    text: "\"soon\"".to_owned(),
                },
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(Event::from_json(raw.clone()), Err(expected), "{raw}");
        }
    }

    #[test]
    fn numeric_ids_become_text() {
        let event =
            Event::from_json(json!({"id": 42, "occurred_at": "2014-04-01T14:41:00Z"})).unwrap();
        assert_eq!(event.id.as_str(), "42");
        assert_eq!(event.event_type, EventType::Unknown(String::new()));
    }

    #[test]
    fn export_json_adds_occurred_at_from_the_misspelling_only() {
        let misspelt = json!({"id": "a", "occured_at": "2014-04-01T14:41:00Z", "x": 1});
        let exported = Event::from_json(misspelt).unwrap().export_json();
        assert_eq!(
            exported,
            json!({"id": "a", "occured_at": "2014-04-01T14:41:00Z", "x": 1,
                   "occurred_at": "2014-04-01T14:41:00Z"})
        );

        let both = json!({"id": "a", "occured_at": "2000-01-01T00:00:00Z", "occurred_at": "2014-04-01T14:41:00Z"});
        assert_eq!(Event::from_json(both.clone()).unwrap().export_json(), both);
    }

    #[test]
    fn excerpts_cut_long_text_on_character_boundaries() {
        assert_eq!(excerpt("short"), "short");
        let long = "é".repeat(100);
        assert_eq!(excerpt(&long).chars().count(), 81);
    }
}
