//! One page of the events list, checked, and the decision of which page comes next.

use serde_json::Value;
use url::Url;

use super::ApiError;
use super::base::same_origin;
use super::dto::PageMetadata;
use crate::model::{Event, EventDetail, ModelError, excerpt};

/// Credly serves at most this many events a page.
pub const MAX_PAGE_SIZE: usize = 50;

/// A list item that could not become an event. It is kept so that nothing received is lost.
#[derive(Clone, Debug, PartialEq)]
pub struct MalformedItem {
    pub raw: Value,
    pub error: ModelError,
}

/// One page of an organization's events.
#[derive(Clone, Debug, PartialEq)]
pub struct EventPage {
    /// The page number asked for (1-based).
    pub number: u64,
    /// The events in the order the server listed them.
    pub events: Vec<Event>,
    pub malformed: Vec<MalformedItem>,
    pub metadata: PageMetadata,
}

/// Where to read the next page from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NextPage {
    /// The server's `next_page_url`, on the configured origin.
    Url(Url),
    /// The page number after this one on the configured base, because the server named none,
    /// or named a URL on another origin, which is never followed.
    Number(u64),
}

impl EventPage {
    pub(crate) fn from_items(number: u64, items: Vec<Value>, metadata: PageMetadata) -> Self {
        let mut events = Vec::with_capacity(items.len());
        let mut malformed = Vec::new();
        for raw in items {
            match Event::from_json(raw.clone()) {
                Ok(event) => events.push(event),
                Err(error) => malformed.push(MalformedItem { raw, error }),
            }
        }
        Self {
            number,
            events,
            malformed,
            metadata,
        }
    }

    /// All the items the server sent, events and malformed ones.
    pub fn num_items(&self) -> usize {
        self.events.len() + self.malformed.len()
    }

    /// What tells this page's items apart: the events' ids, then the malformed items' JSON.
    /// Two pages with the same keys hold the same items in the same order.
    pub fn item_keys(&self) -> Vec<String> {
        self.events
            .iter()
            .map(|event| event.id.to_string())
            .chain(self.malformed.iter().map(|item| item.raw.to_string()))
            .collect()
    }

    /// Decides which page follows this one, if any.
    ///
    /// The server's own word comes first (`next_page_url`, then `total_pages`). When the
    /// metadata says nothing, paging stops at an empty page or one shorter than
    /// `expected_page_size` (the `per` of earlier pages, else the largest page seen so far).
    pub fn next(&self, base: &Url, expected_page_size: usize) -> Option<NextPage> {
        let metadata = &self.metadata;
        if let Some(next) = metadata.next_page_url.as_deref() {
            return Some(self.follow(base, next));
        }
        if let Some(total_pages) = metadata.total_pages {
            let current = metadata.current_page.unwrap_or(self.number);
            return (current < total_pages).then_some(NextPage::Number(self.number + 1));
        }
        if metadata.states_next {
            return None;
        }
        let page_size = metadata
            .per
            .and_then(|per| usize::try_from(per).ok())
            .unwrap_or(expected_page_size)
            .max(1);
        (self.num_items() >= page_size).then_some(NextPage::Number(self.number + 1))
    }

    fn follow(&self, base: &Url, next: &str) -> NextPage {
        match Url::parse(next) {
            Ok(url) if same_origin(base, &url) => NextPage::Url(url),
            Ok(url) => {
                tracing::warn!(
                    next_host = url.host_str().unwrap_or_default(),
                    "next_page_url points to another origin: not followed, asking the configured base for the next page"
                );
                NextPage::Number(self.number + 1)
            }
            Err(err) => {
                tracing::warn!(%err, "next_page_url is not a URL: asking for the next page by number");
                NextPage::Number(self.number + 1)
            }
        }
    }
}

/// A response body that is JSON, but not Credly's envelope.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyError {
    pub reason: &'static str,
    pub found: Value,
}

impl BodyError {
    pub(crate) fn into_api_error(self, url: &Url) -> ApiError {
        ApiError::Malformed {
            url: url.clone(),
            reason: self.reason.to_owned(),
            excerpt: excerpt(&self.found.to_string()),
        }
    }
}

/// Reads a list response: `{"data": [...], "metadata": {...}}`, metadata optional.
pub fn parse_page(number: u64, body: Value) -> Result<EventPage, BodyError> {
    let Value::Object(mut envelope) = body else {
        return Err(BodyError {
            reason: "the body is not a JSON object",
            found: body,
        });
    };
    match envelope.remove("data") {
        Some(Value::Array(items)) => {
            let metadata = PageMetadata::from_value(envelope.get("metadata"));
            Ok(EventPage::from_items(number, items, metadata))
        }
        Some(found) => Err(BodyError {
            reason: "`data` is not a list",
            found,
        }),
        None => Err(BodyError {
            reason: "the body has no `data`",
            found: Value::Object(envelope),
        }),
    }
}

/// Reads a detail response: `{"data": {...}, "metadata": {}}`.
pub fn parse_detail(body: Value) -> Result<EventDetail, BodyError> {
    let Value::Object(mut envelope) = body else {
        return Err(BodyError {
            reason: "the body is not a JSON object",
            found: body,
        });
    };
    match envelope.remove("data") {
        Some(data @ Value::Object(_)) => Ok(EventDetail::from_data(data)),
        Some(found) => Err(BodyError {
            reason: "`data` is not an object",
            found,
        }),
        None => Err(BodyError {
            reason: "the body has no `data`",
            found: Value::Object(envelope),
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn page(number: u64, num_items: usize, metadata: &Value) -> EventPage {
        let items = (0..num_items)
            .map(|i| json!({"id": format!("e{i}"), "occurred_at": "2014-04-01T14:41:00Z"}))
            .collect();
        EventPage::from_items(number, items, PageMetadata::from_value(Some(metadata)))
    }

    #[test]
    fn next_page_follows_the_metadata_or_stops_at_a_short_page() {
        let base = Url::parse("https://api.credly.com/v1").unwrap();
        let same = "https://api.credly.com/v1/organizations/o/events?page=2";
        let num = |n| Some(NextPage::Number(n));
        let cases = [
            (
                page(1, 50, &json!({"next_page_url": same})),
                Some(NextPage::Url(Url::parse(same).unwrap())),
            ),
            (
                page(
                    1,
                    50,
                    &json!({"next_page_url": "https://evil.example/v1?page=2"}),
                ),
                num(2),
            ),
            (
                page(1, 50, &json!({"next_page_url": "::garbage::"})),
                num(2),
            ),
            (
                page(1, 50, &json!({"next_page_url": null, "total_pages": 1})),
                None,
            ),
            (
                page(2, 50, &json!({"total_pages": 3, "current_page": 2})),
                num(3),
            ),
            (page(3, 50, &json!({"total_pages": 3})), None),
            (page(1, 50, &json!({"next_page_url": null})), None),
            (page(1, 50, &json!({})), num(2)),
            (page(4, 49, &json!({})), None),
            (page(4, 0, &json!({})), None),
            (page(4, 20, &json!({"per": 20})), num(5)),
            (page(1, 20, &json!(null)), None),
        ];
        for (i, (page, expected)) in cases.into_iter().enumerate() {
            assert_eq!(page.next(&base, MAX_PAGE_SIZE), expected, "case {i}");
        }
    }

    #[test]
    fn malformed_items_are_kept_apart() {
        let items = vec![
            json!({"id": "a", "occurred_at": "2014-04-01T14:41:00Z"}),
            json!("junk"),
            json!({"id": "b"}),
        ];
        let page = EventPage::from_items(1, items, PageMetadata::default());
        assert_eq!(page.events.len(), 1);
        assert_eq!(page.malformed.len(), 2);
        assert_eq!(page.malformed[0].raw, json!("junk"));
        assert_eq!(page.num_items(), 3);
    }
}
