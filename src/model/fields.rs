//! Lenient readers for the fields of Credly payloads.
//!
//! Payload fields may be missing, null, or of an unexpected type. Each reader returns what it
//! can and `None` (or an empty list) otherwise, so that one odd field never hides the rest of
//! a payload. The raw JSON is kept elsewhere, so nothing is lost by being lenient here.

use serde_json::{Map, Value};

use super::{Timestamp, parse_timestamp};

pub(crate) type Object = Map<String, Value>;

/// The most characters a typed detail field keeps. Names, emails and descriptions are far
/// shorter; a payload with a field of megabytes keeps it whole in its raw JSON (and so in
/// exports), while the typed view, which the window lays out, holds the start of it.
pub(crate) const MAX_FIELD_CHARS: usize = 10_000;

/// A string field (or a number written as text), at most [`MAX_FIELD_CHARS`] long; `None`
/// when missing, null, empty or of another kind.
pub(crate) fn text(object: &Object, key: &str) -> Option<String> {
    let text = super::event::text_of(object, key)?;
    if text.len() <= MAX_FIELD_CHARS {
        return Some(text);
    }
    Some(clipped(&text))
}

fn clipped(text: &str) -> String {
    super::clip(text, MAX_FIELD_CHARS).into_owned()
}

pub(crate) fn time(object: &Object, key: &str) -> Option<Timestamp> {
    object.get(key)?.as_str().and_then(parse_timestamp)
}

pub(crate) fn flag(object: &Object, key: &str) -> Option<bool> {
    object.get(key)?.as_bool()
}

pub(crate) fn count(object: &Object, key: &str) -> Option<u64> {
    object.get(key)?.as_u64()
}

pub(crate) fn object<'a>(parent: &'a Object, key: &str) -> Option<&'a Object> {
    parent.get(key)?.as_object()
}

/// The objects of an array field, skipping anything that is not an object.
pub(crate) fn objects<'a>(parent: &'a Object, key: &str) -> impl Iterator<Item = &'a Object> {
    parent
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

/// A list of names: plain strings, or objects carrying a `name`.
pub(crate) fn names(parent: &Object, key: &str) -> Vec<String> {
    parent
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| match item {
            Value::String(name) => Some(clipped(name)),
            Value::Object(object) => text(object, "name"),
            _ => None,
        })
        .collect()
}

/// An image URL given either as `image_url` or as `image: {url}`.
pub(crate) fn image_url(object: &Object) -> Option<String> {
    text(object, "image_url").or_else(|| self::object(object, "image").and_then(|i| text(i, "url")))
}
