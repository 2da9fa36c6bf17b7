//! The timeline window with 1,000,000 events: CPU time of one frame (egui run headless, no
//! GPU: layout and tessellation, no rendering), of a frame while a filter change is being
//! applied in the background, of re-filtering itself, and of one search keystroke's work on
//! the UI side (the worker's FTS query is measured in the sync benchmarks).
//!
//! Run with `cargo bench --bench ui`.

use std::collections::{BTreeSet, HashSet};
use std::hint::black_box;

use chrono::{Duration, TimeZone as _, Utc};
use credly_monitor::app::{CredlyApp, Prefs, VisibleRows};
use credly_monitor::model::{Event, EventId, EventType, Timeline, ViewFilter};
use credly_monitor::sync::WorkerReport;
use credly_monitor::ui::TimeZoneChoice;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

const NUM_EVENTS: usize = 1_000_000;

/// A million events over a year, every documented type, with a summary line on each.
fn big_timeline() -> Timeline {
    let start = Utc
        .with_ymd_and_hms(2025, 12, 1, 0, 0, 0)
        .single()
        .expect("a valid date");
    let events: Vec<Event> = (0..NUM_EVENTS)
        .map(|n| {
            let kind = EventType::KNOWN
                .get(n % EventType::KNOWN.len())
                .expect("a known type");
            let time = start + Duration::seconds(i64::try_from(n * 31).expect("fits"));
            Event::from_json(json!({
                "id": format!("{n:08x}-5c1e-4b7a-9f00-{n:012x}"),
                "event_type": kind.as_str(),
                "occurred_at": time.to_rfc3339(),
            }))
            .expect("a valid event")
        })
        .collect();
    let mut timeline = Timeline::new();
    timeline.insert_many(&events);
    for event in events.iter().step_by(2) {
        timeline.set_summary(
            event.id.as_str(),
            Some("Priya Natarajan — API Integrator — accepted"),
        );
    }
    timeline
}

fn window_benchmarks(c: &mut Criterion) {
    let timeline = big_timeline();
    let mut app = CredlyApp::empty(Prefs {
        utc: true,
        ..Prefs::default()
    });
    app.apply_report(WorkerReport::CacheLoaded {
        timeline: timeline.clone(),
        num_details: 0,
    });
    app.refresh_view();
    let ctx = egui::Context::default();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..egui::RawInput::default()
    };
    // Warm the fonts and layout caches, as a running window has.
    for _ in 0..3 {
        let _ = ctx.run_ui(input(), |ui| drop(app.draw(ui)));
    }

    c.bench_function("frame_1m_events", |b| {
        b.iter(|| {
            let output = ctx.run_ui(input(), |ui| drop(app.draw(ui)));
            black_box(ctx.tessellate(output.shapes, output.pixels_per_point))
        });
    });

    // A filter change at every frame: each frame starts (or finds running) a background
    // re-filter and draws the rows it has, so this is what a frame costs while re-filtering.
    let mut untick = false;
    c.bench_function("frame_while_refiltering_1m_events", |b| {
        b.iter(|| {
            untick = !untick;
            let hidden = &mut app.prefs_mut().filter.hidden_types;
            if untick {
                hidden.insert("badge.created".to_owned());
            } else {
                hidden.clear();
            }
            let output = ctx.run_ui(input(), |ui| app.frame(ui));
            black_box(ctx.tessellate(output.shapes, output.pixels_per_point))
        });
    });

    let mut group = c.benchmark_group("refilter_1m_events");
    group.sample_size(20);
    let filter = ViewFilter {
        patterns: "badge.*, employment.*".to_owned(),
        ..ViewFilter::default()
    };
    group.bench_function("types", |b| {
        b.iter(|| VisibleRows::compute(&timeline, &filter, None, TimeZoneChoice::Utc, Utc::now()));
    });
    let hidden = ViewFilter {
        hidden_types: BTreeSet::from(["badge.created".to_owned()]),
        ..ViewFilter::default()
    };
    group.bench_function("untick_one_type", |b| {
        b.iter(|| VisibleRows::compute(&timeline, &hidden, None, TimeZoneChoice::Utc, Utc::now()));
    });
    // A keystroke's results: every 50th event matches.
    let found: HashSet<EventId> = timeline
        .iter()
        .step_by(50)
        .map(|row| EventId::new(row.id))
        .collect();
    let searching = ViewFilter {
        search: "priya".to_owned(),
        ..ViewFilter::default()
    };
    group.bench_function("search_results", |b| {
        b.iter(|| {
            VisibleRows::compute(
                &timeline,
                &searching,
                Some(&found),
                TimeZoneChoice::Utc,
                Utc::now(),
            )
        });
    });
    group.finish();
}

criterion_group!(benches, window_benchmarks);
criterion_main!(benches);
