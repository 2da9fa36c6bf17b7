//! A window showing the detail panel for every fixture and payload shape, one per tab, to
//! look at while working on the views.
//!
//! `cargo run --example detail_gallery [-- <tab number>]`

use credly_monitor::model::{Event, EventDetail};
use credly_monitor::ui::{DetailInput, DetailPanel, DetailState, UiAction};
use serde_json::{Value, json};

/// One tab of the gallery.
struct Sample {
    title: &'static str,
    event: Event,
    state: DetailState,
    related: Vec<Event>,
    previous: Option<EventDetail>,
}

struct GalleryApp {
    samples: Vec<Sample>,
    selected: usize,
    panel: DetailPanel,
    actions: Vec<UiAction>,
}

fn data_of(fixture: &str) -> Value {
    let document: Value = serde_json::from_str(fixture).expect("fixtures are JSON");
    document["data"].clone()
}

fn event(id: &str, event_type: &str, occurred_at: &str) -> Event {
    Event::from_json(json!({"id": id, "event_type": event_type, "occurred_at": occurred_at}))
        .expect("the summary has an id and a time")
}

fn loaded(title: &'static str, event_type: &str, data: Value) -> Sample {
    let id = format!("{}-0000-4000-8000-000000000000", title.len());
    Sample {
        title,
        event: event(&id, event_type, "2026-11-20T09:30:00Z"),
        state: DetailState::Loaded(EventDetail::from_data(data)),
        related: Vec::new(),
        previous: None,
    }
}

fn pending_badge() -> Value {
    let page = serde_json::from_str::<Value>(include_str!(
        "../tests/fixtures/issued_badges_page_pending.json"
    ))
    .expect("fixtures are JSON");
    json!({"badge": page["data"][0].clone()})
}

fn badge_samples() -> Vec<Sample> {
    let mut accepted = pending_badge();
    accepted["badge"]["state"] = json!("accepted");
    accepted["badge"]["state_updated_at"] = json!("2026-11-20T09:30:00Z");
    accepted["badge"]["expires_at"] = json!("2026-12-10T00:00:00Z");
    let mut with_history = loaded("Badge accepted", "badge.state.changed", accepted);
    with_history.previous = Some(EventDetail::from_data(pending_badge()));
    with_history.related = vec![
        event("r1", "badge.created", "2021-03-18T11:54:08Z"),
        event(
            "r2",
            "pending_badge_notification.sent",
            "2021-03-18T11:55:00Z",
        ),
        event("r3", "badge.privacy.changed", "2026-11-21T10:00:00Z"),
    ];

    let nulls = json!({"badge": {"id": null, "state": null, "issued_at": null, "issued_to": null,
        "recipient_email": null, "public": null, "badge_template": null, "issuer": null}});
    vec![
        loaded("Pending badge", "badge.created", pending_badge()),
        with_history,
        loaded("Badge of nulls", "badge.state.changed", nulls),
    ]
}

fn employment_samples() -> Vec<Sample> {
    vec![
        loaded(
            "Template draft",
            "badge_template.created",
            data_of(include_str!("../tests/fixtures/badge_template_draft.json")),
        ),
        loaded(
            "Employment created",
            "employment.created",
            data_of(include_str!(
                "../tests/fixtures/event_detail_employment_created.json"
            )),
        ),
        loaded(
            "Badge added",
            "employment.badges.added",
            data_of(include_str!(
                "../tests/fixtures/event_detail_employment_badges_added.json"
            )),
        ),
        loaded(
            "Employment deleted",
            "employment.deleted",
            data_of(include_str!(
                "../tests/fixtures/event_detail_employment_deleted.json"
            )),
        ),
    ]
}

fn other_samples() -> Vec<Sample> {
    let mut public = pending_badge();
    public["user_id"] = json!("5c1e9b0d-77aa-4f10-9a0e-2b7d3e8f6a11");
    let mut failed = loaded("Failed", "badge.created", json!({}));
    failed.state = DetailState::Failed("Server unreachable — retrying in 30 s".to_owned());
    let mut loading = loaded("Loading", "badge.created", json!({}));
    loading.state = DetailState::Loading;
    vec![
        loaded(
            "Account merged",
            "user.account_merged",
            json!({"source_user_id": "628fcaa9-cfd3-4a9b-aa62-9973ac938ad6",
                   "destination_user_id": "e36a911b-f4aa-46a0-bafb-bbfd9e3329c0"}),
        ),
        loaded(
            "Connect removed",
            "user.connect_access.removed",
            json!({"user_id": "628fcaa9-cfd3-4a9b-aa62-9973ac938ad6"}),
        ),
        loaded("Public badge", "user.public_badges.added", public),
        loaded(
            "Unknown type",
            "wallet.opened",
            json!({"wallet": {"owner": "<b>someone</b>", "coins": [1, 2.5, null, true]}}),
        ),
        failed,
        loading,
    ]
}

impl GalleryApp {
    fn new(selected: usize) -> Self {
        let mut samples = badge_samples();
        samples.extend(employment_samples());
        samples.extend(other_samples());
        Self {
            selected: selected.min(samples.len().saturating_sub(1)),
            samples,
            panel: DetailPanel::new(),
            actions: Vec::new(),
        }
    }

    fn tabs_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            for (index, sample) in self.samples.iter().enumerate() {
                ui.selectable_value(&mut self.selected, index, sample.title);
            }
        });
    }
}

impl eframe::App for GalleryApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::top("gallery_tabs").show(ui, |ui| self.tabs_ui(ui));

        let Some(sample) = self.samples.get(self.selected) else {
            return;
        };
        egui::Panel::right("detail")
            .default_size(520.0)
            .show(ui, |ui| {
                let input = DetailInput {
                    event: &sample.event,
                    state: &sample.state,
                    related: &sample.related,
                    previous: sample.previous.as_ref(),
                    now: chrono::Utc::now(),
                };
                let actions = self.panel.ui(ui, &input);
                self.actions.extend(actions);
            });
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Actions the panel returned");
            for action in self.actions.iter().rev().take(20) {
                ui.monospace(format!("{action:?}"));
            }
        });
    }
}

fn main() -> eframe::Result {
    let selected = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(0);
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default().with_inner_size([1280.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "credly-monitor detail gallery",
        options,
        Box::new(move |_cc| Ok(Box::new(GalleryApp::new(selected)))),
    )
}
