//! Any bytes as an event's detail: reading it, recognising its shape and writing its
//! one-line summary never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|bytes: &[u8]| {
    let Ok(body) = serde_json::from_slice::<Value>(bytes) else {
        return;
    };
    if let Ok(detail) = credly_monitor::api::parse_detail(body) {
        let _ = credly_monitor::model::summary_line(&detail);
    }
});
