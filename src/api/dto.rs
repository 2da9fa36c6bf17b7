//! Wire types: Credly's response envelopes. They stay inside `api`.

use serde::Deserialize;
use serde_json::Value;

/// The metadata of a list page. Every field is optional: some responses carry `{}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PageMetadata {
    #[serde(deserialize_with = "lenient")]
    pub count: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    pub current_page: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    pub total_count: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    pub total_pages: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    pub per: Option<u64>,
    #[serde(deserialize_with = "lenient")]
    pub previous_page_url: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub next_page_url: Option<String>,
    /// Whether the response carried a metadata object with `next_page_url` in it at all, so
    /// that an explicit `null` (the last page) can be told from silence.
    #[serde(skip)]
    pub states_next: bool,
}

impl PageMetadata {
    pub(crate) fn from_value(value: Option<&Value>) -> Self {
        let Some(value) = value.filter(|value| value.is_object()) else {
            return Self::default();
        };
        let mut metadata = Self::deserialize(value).unwrap_or_default();
        metadata.states_next = value.get("next_page_url").is_some();
        metadata
    }
}

/// A field of the expected type, else `None`: one odd field must not hide the others.
fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(value.and_then(|value| T::deserialize(value).ok()))
}

/// The message of Credly's error envelope `{"data": {"message": ...}}`, if the body is one.
pub fn error_message(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let message = value.get("data")?.get("message")?.as_str()?.trim();
    (!message.is_empty()).then(|| crate::model::excerpt(message))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn metadata_tolerates_missing_null_and_odd_fields() {
        let cases = [
            (None, PageMetadata::default()),
            (Some(json!(null)), PageMetadata::default()),
            (Some(json!({})), PageMetadata::default()),
            (
                Some(json!({"total_pages": 3, "per": "fifty", "next_page_url": null, "x": 1})),
                PageMetadata {
                    total_pages: Some(3),
                    states_next: true,
                    ..PageMetadata::default()
                },
            ),
            (
                Some(json!({"total_count": -4, "current_page": 2})),
                PageMetadata {
                    current_page: Some(2),
                    ..PageMetadata::default()
                },
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(
                PageMetadata::from_value(value.as_ref()),
                expected,
                "{value:?}"
            );
        }
    }

    #[test]
    fn error_messages_come_from_the_envelope() {
        let fixture = include_str!("../../tests/fixtures/error_422_validation.json");
        assert_eq!(
            error_message(fixture.as_bytes()).as_deref(),
            Some("Invalid or missing Badge Template ID:")
        );
        assert_eq!(error_message(b"<html>oops</html>"), None);
        assert_eq!(error_message(br#"{"data": {"message": ""}}"#), None);
    }
}
