//! Exporting from the window: the dialog's controls and their actions, headless; the export
//! job, which writes exactly the chosen events from a cache file; and the whole window,
//! driven from unticking a type to the written file.

use std::collections::BTreeSet;

use chrono::Utc;
use credly_monitor::app::{ExportSpec, run_export_job};
use credly_monitor::export::{ExportFormat, ExportHeader, FORMAT_NAME};
use credly_monitor::model::{Event, EventDetail, EventId, Filter};
use credly_monitor::sync::Cache;
use credly_monitor::ui::{
    ExportDialog, ExportDialogInput, ExportIntent, ExportLayout, ExportProgress, ExportRequest,
    ExportScope, UiAction,
};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use serde_json::{Value, json};

struct Shown {
    dialog: ExportDialog,
    input: ExportDialogInput,
    actions: Vec<UiAction>,
}

fn harness(path: &str, progress: ExportProgress) -> Harness<'static, Shown> {
    let shown = Shown {
        dialog: ExportDialog {
            open: true,
            path: path.to_owned(),
            ..ExportDialog::default()
        },
        input: ExportDialogInput {
            num_filtered: 3,
            num_total: 10,
            progress,
            browsing: false,
        },
        actions: Vec::new(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .build_ui_state(
            |ui, shown: &mut Shown| {
                let actions = shown.dialog.ui(ui.ctx(), &shown.input);
                shown.actions.extend(actions);
            },
            shown,
        );
    harness.run_steps(2);
    harness
}

#[test]
fn the_dialog_offers_both_scopes_with_their_counts_and_starts_the_chosen_export() {
    let mut harness = harness("/tmp/out.json", ExportProgress::Idle);
    harness.get_by_label("The filtered view (3 events)");
    harness.get_by_label("JSON");

    harness.get_by_label("Everything (10 events)").click();
    harness.run_steps(1);
    harness.get_by_label("NDJSON").click();
    harness.run_steps(1);
    harness.get_by_label("Include details").click();
    harness.run_steps(1);
    harness.get_by_label("Export").click();
    harness.run_steps(2);

    let expected = ExportRequest {
        scope: ExportScope::Everything,
        layout: ExportLayout::Ndjson,
        with_details: true,
        path: "/tmp/out.ndjson".to_owned(),
    };
    assert_eq!(
        harness.state().actions,
        [UiAction::Export(ExportIntent::Start(expected))]
    );
}

#[test]
fn browse_asks_for_the_save_dialog() {
    let mut harness = harness("/tmp/out.json", ExportProgress::Idle);
    harness.get_by_label("Browse…").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().actions,
        [UiAction::Export(ExportIntent::Browse)]
    );
}

#[test]
fn without_a_path_nothing_starts() {
    let mut harness = harness("  ", ExportProgress::Idle);
    harness.get_by_label("Export").click();
    harness.run_steps(2);
    assert!(harness.state().actions.is_empty());
}

#[test]
fn an_export_under_way_shows_its_progress_and_can_be_cancelled() {
    let progress = ExportProgress::Details {
        num_done: 2,
        num_total: 5,
    };
    let mut harness = harness("/tmp/out.json", progress);
    harness.get_by_label("2 of 5");
    harness.get_by_label("Cancel export").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().actions,
        [UiAction::Export(ExportIntent::Cancel)]
    );
}

fn event(id: &str, event_type: &str, at: &str) -> Event {
    Event::from_json(json!({"id": id, "event_type": event_type, "occurred_at": at, "extra": id}))
        .expect("a valid event")
}

/// A cache with five events, two with a cached detail; the cache stays open, as the sync
/// worker keeps it.
fn cache_with_events(dir: &std::path::Path) -> Cache {
    let mut cache = Cache::open_and_load(&dir.join("cache.sqlite3"))
        .expect("a new cache")
        .cache;
    let events = [
        event("e1", "badge.created", "2024-01-01T00:00:00Z"),
        event("e2", "user.deleted", "2024-01-02T00:00:00Z"),
        event("e3", "badge.created", "2024-01-03T00:00:00Z"),
        event("e4", "employment.created", "2024-01-04T00:00:00Z"),
        event("e5", "badge.created", "2024-01-05T00:00:00Z"),
    ];
    cache.insert_events(&events).expect("events are stored");
    for id in ["e3", "e5"] {
        let detail = EventDetail::from_data(json!({"id": id, "note": format!("detail of {id}")}));
        cache
            .store_detail(&EventId::new(id), &detail)
            .expect("the detail is stored");
    }
    cache
}

fn spec(
    dir: &std::path::Path,
    ids: &[&str],
    with_details: bool,
    format: ExportFormat,
) -> ExportSpec {
    ExportSpec {
        cache_path: dir.join("cache.sqlite3"),
        ids: ids.iter().map(|&id| EventId::new(id)).collect(),
        with_details,
        format,
        header: ExportHeader {
            exported_at: Utc::now(),
            base_url: "https://api.example.test".to_owned(),
            organization_id: "org-1".to_owned(),
            filter: Filter::default(),
            with_details,
        },
        path: dir.join("out"),
    }
}

#[test]
fn an_export_of_a_filtered_set_writes_exactly_those_events_oldest_first() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let _cache = cache_with_events(dir.path());
    // The view lists the newest first; the file lists the oldest first.
    let spec = spec(dir.path(), &["e5", "e3", "e1"], true, ExportFormat::Json);

    assert_eq!(run_export_job(&spec).expect("the export is written"), 3);

    let text = std::fs::read_to_string(&spec.path).expect("the file exists");
    let document: Value = serde_json::from_str(&text).expect("the file is JSON");
    assert_eq!(document["format"], FORMAT_NAME);
    assert_eq!(document["count"], 3);
    assert_eq!(document["source"]["organization_id"], "org-1");
    let events = document["events"].as_array().expect("an events array");
    let ids: Vec<&str> = events.iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(ids, ["e1", "e3", "e5"]);
    assert_eq!(
        events[0]["extra"], "e1",
        "list items are written as received"
    );
    assert!(
        events[0]["detail_error"].is_string(),
        "e1 has no cached detail"
    );
    assert_eq!(events[1]["detail"]["note"], "detail of e3");
    assert_eq!(events[2]["detail"]["note"], "detail of e5");
}

#[test]
fn an_ndjson_export_without_details_has_one_line_per_event_and_skips_unknown_ids() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let _cache = cache_with_events(dir.path());
    let spec = spec(
        dir.path(),
        &["e4", "e2", "missing"],
        false,
        ExportFormat::Ndjson,
    );

    assert_eq!(run_export_job(&spec).expect("the export is written"), 2);

    let text = std::fs::read_to_string(&spec.path).expect("the file exists");
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    let ids: Vec<&str> = lines.iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(ids, ["e2", "e4"]);
    let keys: BTreeSet<&str> = lines
        .iter()
        .flat_map(|e| e.as_object().expect("an object").keys())
        .map(String::as_str)
        .collect();
    assert!(
        !keys.contains("detail") && !keys.contains("detail_error"),
        "{keys:?}"
    );
}

/// Steps the window until `done`, for at most ten seconds.
fn run_until(
    harness: &mut Harness<'_, credly_monitor::app::CredlyApp>,
    what: &str,
    done: impl Fn(&credly_monitor::app::CredlyApp) -> bool,
) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !done(harness.state()) {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        harness.run_steps(1);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The whole window, as a user drives it: a worker loads the cache, a type is unticked,
/// Export… opens the dialog, a path is typed, Export writes the file. The file holds
/// exactly the rows the window showed, oldest first, and its header the view's filter.
#[test]
fn the_window_exports_exactly_the_rows_it_shows() {
    use std::sync::Arc;

    use credly_monitor::api::ApiBase;
    use credly_monitor::app::{CredlyApp, Prefs};
    use credly_monitor::model::OrganizationId;
    use credly_monitor::sync::{SyncOptions, SyncTarget, SyncWorker};
    use egui::accesskit::Role;

    let dir = tempfile::tempdir().unwrap();
    drop(cache_with_events(dir.path()));
    let target = SyncTarget {
        base: ApiBase::custom("http://127.0.0.1:9/v1").unwrap(),
        organization_id: OrganizationId::new("org-1"),
        token: None,
        cache_path: dir.path().join("cache.sqlite3"),
    };
    let worker = SyncWorker::start(target.clone(), SyncOptions::default(), Arc::new(|| {}))
        .expect("the worker starts");
    let mut app = CredlyApp::empty(Prefs {
        utc: true,
        ..Prefs::default()
    });
    app.attach_worker(worker, &target);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut CredlyApp| app.frame(ui), app);
    run_until(&mut harness, "the cache", |app| app.timeline().len() == 5);

    harness
        .get_by_role_and_label(Role::CheckBox, "badge.created")
        .click();
    harness.run_steps(2);
    assert_eq!(harness.state().visible().positions.len(), 2);
    harness.get_by_label("Export…").click();
    // The dialog fades in.
    harness.run_steps(20);
    harness.get_by_label("The filtered view (2 events)");
    let out = dir.path().join("view.json");
    let path_field = harness.get_by_role_and_label(Role::TextInput, "Path");
    path_field.focus();
    harness.run_steps(1);
    harness.event(egui::Event::Key {
        key: egui::Key::A,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::COMMAND,
    });
    harness
        .get_by_role_and_label(Role::TextInput, "Path")
        .type_text(out.to_str().unwrap());
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    run_until(&mut harness, "the export", |_| out.exists());

    let document: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let ids: Vec<&str> = document["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["e2", "e4"], "the shown rows, oldest first");
    assert_eq!(document["count"], 2);
    assert_eq!(document["source"]["organization_id"], "org-1");
    assert_eq!(document["events"][0]["extra"], "e2", "list items whole");
    run_until(&mut harness, "the notice", |app| {
        app.notices()
            .iter()
            .any(|notice| notice.text.contains("view.json"))
    });
}
