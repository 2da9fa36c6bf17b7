//! Any text as a timestamp: parsing never panics, and a parsed time written as Credly writes
//! it reads back as the same time, to the millisecond.
#![no_main]

use chrono::{Datelike as _, DurationRound as _, TimeDelta};
use credly_monitor::model::{format_timestamp, parse_timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Some(time) = parse_timestamp(text) else {
        return;
    };
    if !(0..=9999).contains(&time.year()) {
        return; // Four-digit years only: RFC 3339 has no room for others.
    }
    let Ok(millis) = time.duration_trunc(TimeDelta::milliseconds(1)) else {
        return;
    };
    let written = format_timestamp(time);
    assert_eq!(parse_timestamp(&written), Some(millis), "{text:?} became {written:?}");
});
