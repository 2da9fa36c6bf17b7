//! The timeline window, headless: the real app state drawn by `egui_kittest`, driven by clicks
//! and keys, fed by real worker reports (and, for search, a real worker on a real cache).

use std::sync::Arc;
use std::time::{Duration, Instant};

use credly_monitor::api::ApiBase;
use credly_monitor::app::{CredlyApp, Prefs};
use credly_monitor::model::{Event, EventDetail, EventId, OrganizationId, Timeline};
use credly_monitor::sync::{Cache, SyncOptions, SyncTarget, SyncWorker, WorkerReport};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;

const TYPES: [&str; 4] = [
    "badge.created",
    "badge.state.changed",
    "employment.created",
    "user.account_merged",
];

/// `count` events, one a minute from 2026-11-01, cycling through [`TYPES`].
fn events(count: usize, first: usize) -> Vec<Event> {
    (first..first + count)
        .map(|n| {
            let time = chrono::DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z")
                .expect("a valid time")
                + chrono::Duration::minutes(i64::try_from(n).expect("a small number"));
            Event::from_json(json!({
                "id": format!("event-{n:05}"),
                "event_type": TYPES[n % TYPES.len()],
                "occurred_at": time.to_rfc3339(),
            }))
            .expect("a valid event")
        })
        .collect()
}

fn app_with(events: &[Event]) -> CredlyApp {
    let mut timeline = Timeline::new();
    timeline.insert_many(events);
    let mut app = CredlyApp::empty(Prefs {
        utc: true,
        ..Prefs::default()
    });
    app.apply_report(WorkerReport::CacheLoaded {
        timeline,
        num_details: 0,
    });
    app.refresh_view();
    app
}

fn harness(app: CredlyApp) -> Harness<'static, CredlyApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut CredlyApp| app.frame(ui), app);
    harness.run_steps(3);
    harness
}

#[test]
fn unticking_a_type_and_typing_a_pattern_narrow_the_rows() {
    let mut harness = harness(app_with(&events(400, 0)));
    assert_eq!(harness.state().visible().positions.len(), 400);

    harness
        .get_by_role_and_label(Role::CheckBox, "badge.created")
        .click();
    harness.run_steps(2);
    assert_eq!(harness.state().visible().positions.len(), 300);

    type_into(&mut harness, "Patterns", "badge.*");
    harness.run_steps(2);
    let visible = harness.state().visible().positions.clone();
    assert_eq!(
        visible.len(),
        100,
        "badge.* without the unticked badge.created"
    );
    let timeline = harness.state().timeline();
    for position in visible {
        let row = timeline
            .get(position as usize)
            .expect("a visible row exists");
        assert_eq!(row.event_type.as_str(), "badge.state.changed");
    }

    harness.get_by_label("Reset filters").click();
    harness.run_steps(2);
    assert_eq!(harness.state().visible().positions.len(), 400);
}

#[test]
fn a_large_timeline_is_refiltered_in_the_background_while_frames_go_on() {
    use credly_monitor::app::BACKGROUND_REFILTER_MIN_EVENTS;

    let num_events = BACKGROUND_REFILTER_MIN_EVENTS + 400;
    let mut harness = harness(app_with(&events(num_events, 0)));
    assert_eq!(harness.state().visible().positions.len(), num_events);

    harness
        .get_by_role_and_label(Role::CheckBox, "badge.created")
        .click();
    harness.step();
    // New events that arrive meanwhile wait until the re-filter is done, then show.
    harness
        .state_mut()
        .apply_report(WorkerReport::NewEvents(events(4, num_events)));
    let deadline = Instant::now() + Duration::from_secs(20);
    let expected = (num_events + 4) * 3 / 4;
    while harness.state().visible().positions.len() != expected {
        assert!(Instant::now() < deadline, "the re-filter never arrived");
        // Every frame draws rows computed from the timeline it holds: all of it before the
        // re-filter lands, three types in four after.
        let (num_rows, num_events) = (
            harness.state().visible().positions.len(),
            harness.state().timeline().len(),
        );
        assert!(
            num_rows == num_events || num_rows == num_events * 3 / 4,
            "{num_rows} rows drawn from {num_events} events"
        );
        std::thread::sleep(Duration::from_millis(5));
        harness.step();
    }
    let timeline = harness.state().timeline();
    for &position in &harness.state().visible().positions {
        let row = timeline
            .get(position as usize)
            .expect("a visible row exists");
        assert_ne!(row.event_type.as_str(), "badge.created");
    }
}

#[test]
fn keys_move_the_selection_and_slash_focuses_the_search() {
    let mut harness = harness(app_with(&events(50, 0)));
    let selected =
        |harness: &Harness<'_, CredlyApp>| harness.state().selected_id().map(EventId::to_string);

    harness.key_press(Key::Enter);
    harness.run_steps(2);
    assert_eq!(
        selected(&harness).as_deref(),
        Some("event-00049"),
        "Enter opens the newest"
    );
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    assert_eq!(
        selected(&harness).as_deref(),
        Some("event-00049"),
        "and keeps it"
    );
    harness.key_press(Key::ArrowDown);
    harness.run_steps(2);
    assert_eq!(selected(&harness).as_deref(), Some("event-00048"));
    harness.key_press(Key::ArrowUp);
    harness.run_steps(2);
    assert_eq!(
        selected(&harness).as_deref(),
        Some("event-00049"),
        "the newest first"
    );
    harness.key_press(Key::J);
    harness.run_steps(2);
    assert_eq!(selected(&harness).as_deref(), Some("event-00048"));
    harness.key_press(Key::K);
    harness.run_steps(2);
    assert_eq!(selected(&harness).as_deref(), Some("event-00049"));

    harness.key_press(Key::Slash);
    harness.run_steps(2);
    harness.key_press(Key::J);
    harness.run_steps(2);
    assert_eq!(
        selected(&harness).as_deref(),
        Some("event-00049"),
        "typing in the search moves nothing"
    );
    harness.event(egui::Event::Text("event-0004".to_owned()));
    harness.run_steps(2);
    assert_eq!(harness.state_mut().prefs_mut().filter.search, "event-0004");

    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert_eq!(
        harness.state_mut().prefs_mut().filter.search,
        "",
        "Esc clears the search"
    );
    harness.key_press(Key::J);
    harness.run_steps(2);
    assert_eq!(
        selected(&harness).as_deref(),
        Some("event-00048"),
        "and gives the keys back to the timeline"
    );
}

#[test]
fn new_events_show_a_pill_while_scrolled_away_and_it_jumps_back() {
    let mut harness = harness(app_with(&events(500, 0)));
    harness.get_by_label("event-00490").hover();
    for _ in 0..10 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -400.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.run_steps(1);
    }
    harness.run_steps(3);

    harness
        .state_mut()
        .apply_report(WorkerReport::NewEvents(events(3, 500)));
    harness.run_steps(3);
    assert_eq!(harness.state().num_new_events(), 3);
    harness.get_by_label("3 new events").click();
    harness.run_steps(3);
    assert_eq!(harness.state().num_new_events(), 0);
    assert!(harness.query_by_label("3 new events").is_none());
}

#[test]
fn new_events_at_the_top_show_at_once_without_a_pill() {
    let mut harness = harness(app_with(&events(20, 0)));
    harness
        .state_mut()
        .apply_report(WorkerReport::NewEvents(events(2, 20)));
    harness.run_steps(3);
    assert_eq!(harness.state().num_new_events(), 0);
    assert_eq!(harness.state().visible().positions.len(), 22);
}

#[test]
fn new_events_at_the_top_do_not_move_the_row_under_the_pointer() {
    let mut harness = harness(app_with(&events(100, 0)));
    let row = harness.get_by_label("event-00097");
    let before = row.rect();
    row.hover();
    harness.run_steps(2);
    harness
        .state_mut()
        .apply_report(WorkerReport::NewEvents(events(3, 100)));
    harness.run_steps(3);

    assert_eq!(harness.state().num_new_events(), 3, "the pill counts them");
    harness.get_by_label("3 new events");
    let after = harness.get_by_label("event-00097").rect();
    assert!(
        (after.min.y - before.min.y).abs() < 1.0,
        "the row moved from {before:?} to {after:?}"
    );
}

/// A cache file holding `events`, the one with `recipient` having a detail naming them.
fn cache_with(
    dir: &std::path::Path,
    events: &[Event],
    detail_of: &Event,
    recipient: &str,
) -> std::path::PathBuf {
    let path = dir.join("cache.sqlite3");
    let mut cache = Cache::open_and_load(&path).expect("a fresh cache").cache;
    cache.insert_events(events).expect("events are stored");
    let detail = EventDetail::from_data(json!({
        "id": detail_of.id.as_str(), "event_type": "badge.created", "occurred_at": "2026-11-01T00:00:00Z",
        "badge": {"id": "b-1", "issued_to": recipient, "recipient_email": "priya@example.org",
                  "state": "pending", "badge_template": {"name": "API Integrator"}},
    }));
    cache
        .store_detail(&detail_of.id, &detail)
        .expect("the detail is stored");
    path
}

#[test]
fn search_finds_an_event_by_its_recipient_through_the_cache() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let all = events(300, 0);
    let target_event = all.get(120).expect("there are 300 events").clone();
    let cache_path = cache_with(dir.path(), &all, &target_event, "Priya Natarajan");
    let target = SyncTarget {
        base: ApiBase::custom("http://127.0.0.1:9/v1").expect("a loopback base"),
        organization_id: OrganizationId::new("org"),
        token: None,
        cache_path,
    };
    let worker = SyncWorker::start(target.clone(), SyncOptions::default(), Arc::new(|| {}))
        .expect("the worker starts");
    let mut app = CredlyApp::empty(Prefs {
        utc: true,
        ..Prefs::default()
    });
    app.attach_worker(worker, &target);
    let mut harness = harness(app);

    wait_until(&mut harness, |app| app.timeline().len() == 300);
    type_into(&mut harness, "Search", "priya");
    wait_until(&mut harness, |app| app.visible().positions.len() == 1);

    let position = harness.state().visible().positions[0];
    assert_eq!(
        harness.state().timeline().id_at(position as usize),
        Some(target_event.id.as_str())
    );
}

fn wait_until(harness: &mut Harness<'_, CredlyApp>, done: impl Fn(&CredlyApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done(harness.state()) {
        let app = harness.state();
        assert!(
            Instant::now() < deadline,
            "timed out with {} events, {} shown, notices {:?}",
            app.timeline().len(),
            app.visible().positions.len(),
            app.notices()
        );
        harness.run_steps(1);
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Focuses the text field of this label and types into it, as a user would.
fn type_into(harness: &mut Harness<'_, CredlyApp>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run_steps(2);
}

#[test]
fn the_selected_badge_shows_its_other_events_from_the_cache() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let all = events(40, 0);
    let (created, accepted) = (all[4].clone(), all[20].clone());
    let path = dir.path().join("cache.sqlite3");
    let mut cache = Cache::open_and_load(&path).expect("a fresh cache").cache;
    cache.insert_events(&all).expect("events are stored");
    for (event, state) in [(&created, "pending"), (&accepted, "accepted")] {
        let detail = EventDetail::from_data(json!({
            "id": event.id.as_str(), "event_type": "badge.created", "occurred_at": "2026-11-01T00:00:00Z",
            "badge": {"id": "3f9c2a71-badge", "issued_to": if state == "accepted" { "Ana Lima" } else { "A. Lima" }, "state": state,
                      "badge_template": {"name": "API Integrator"}},
        }));
        cache
            .store_detail(&event.id, &detail)
            .expect("the detail is stored");
    }
    drop(cache);
    let target = SyncTarget {
        base: ApiBase::custom("http://127.0.0.1:9/v1").expect("a loopback base"),
        organization_id: OrganizationId::new("org"),
        token: None,
        cache_path: path,
    };
    let worker = SyncWorker::start(target.clone(), SyncOptions::default(), Arc::new(|| {}))
        .expect("the worker starts");
    let mut app = CredlyApp::empty(Prefs {
        utc: true,
        ..Prefs::default()
    });
    app.attach_worker(worker, &target);
    let mut harness = harness(app);
    wait_until(&mut harness, |app| app.timeline().len() == 40);

    harness.get_by_label_contains("Ana Lima").click();
    wait_until(&mut harness, |app| app.num_related_events() == 2);
    assert_eq!(harness.state().selected_id(), Some(&accepted.id));
}
