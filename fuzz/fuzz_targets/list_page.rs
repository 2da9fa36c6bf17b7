//! Any bytes as a page of the events list: reading it never panics, and every item of a
//! page that reads becomes an event or a kept malformed item, none dropped.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|bytes: &[u8]| {
    let Ok(body) = serde_json::from_slice::<Value>(bytes) else {
        return;
    };
    let num_items = body.get("data").and_then(Value::as_array).map(Vec::len);
    if let Ok(page) = credly_monitor::api::parse_page(1, body)
        && let Some(num_items) = num_items
    {
        assert_eq!(page.num_items(), num_items, "an item was dropped");
    }
});
