//! The eframe app: owns the window's state, drains the sync worker's reports, handles every
//! `UiAction` in one place, and saves the preferences.
//!
//! Uses `ui` to draw, `sync` for data, `credentials` for tokens and profiles. Only the app
//! starts background work.

mod export;
mod images;
mod notifications;
mod prefs;
mod refilter;
mod related;
mod reports;
mod sign_in;
mod start;
mod view;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::Utc;
use egui::{Key, Ui};

pub use export::{ExportJobError, ExportSpec, Gathered, read_from_cache, run_export_job};
pub use images::{ImageLoader, install_image_loaders};
pub use notifications::{NotificationText, batch_notification};
pub use prefs::Prefs;
pub use start::{AppStart, DemoSetup, ProfileSetup};
pub use view::{BACKGROUND_REFILTER_MIN_EVENTS, ViewInput, VisibleRows};

use crate::api::LoopbackImages;
use crate::credentials::ProfileSet;
use crate::fake::FakeServer;
use crate::model::{Event, EventId, Timeline};
use crate::sync::{SyncStatus, SyncTarget, SyncWorker, WorkerCommand};
use crate::ui::{
    DetailInput, DetailPanel, DetailState, FilterInput, FilterPanel, HistogramView, ProfileEntry,
    StatusBar, StatusInput, SyncLine, TimeZoneChoice, TimelineInput, TimelineView, TopBar,
    TopBarInput, UiAction, filter_panel, new_events_pill_ui,
};

/// The window's state.
pub struct CredlyApp {
    worker: Option<SyncWorker>,
    /// The built-in server of demo mode, kept alive as long as the window.
    demo_server: Option<Arc<FakeServer>>,
    demo_dir: Option<tempfile::TempDir>,
    profiles: ProfileSet,
    active_profile: Option<ProfileEntry>,
    /// Shared with a background re-filter while one runs; changed only when none does.
    timeline: Arc<Timeline>,
    visible: VisibleRows,
    needs_refilter: bool,
    /// The thread that re-filters large timelines, once started.
    refilterer: Option<refilter::Refilterer>,
    /// Changes to the timeline that wait for the next background re-filter.
    pending_changes: Vec<refilter::TimelineChange>,
    search: SearchState,
    related: related::RelatedState,
    selected: Option<SelectedEvent>,
    details: HashMap<EventId, DetailState>,
    num_details: usize,
    status: SyncStatus,
    paused: bool,
    prefs: Prefs,
    filter_panel: FilterPanel,
    detail_panel: DetailPanel,
    scroll: ScrollState,
    notices: Vec<Notice>,
    export: export::ExportState,
    notifier: notifications::Notifier,
    sign_in: sign_in::SignInState,
}

/// The selected event, with the full event when known (from its detail).
struct SelectedEvent {
    id: EventId,
    event: Event,
}

#[derive(Debug, Default)]
struct SearchState {
    /// The query the results are for, and its generation number.
    query: String,
    generation: u64,
    results: Option<Arc<HashSet<EventId>>>,
    waiting: bool,
}

#[derive(Debug, Default)]
struct ScrollState {
    /// How far the user has scrolled down from the newest events, in points.
    offset: f32,
    /// Events that arrived above the rows the user is looking at.
    num_new: usize,
    /// Set the table's scroll offset to this on the next frame.
    set_offset: Option<f32>,
    /// Whether the pointer was over the rows in the last frame.
    is_hovered: bool,
    scroll_to_line: Option<usize>,
}

/// A message for the user, shown at the bottom until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

impl CredlyApp {
    pub fn new(cc: &eframe::CreationContext<'_>, start: AppStart) -> Self {
        let prefs = Prefs::load(cc.storage);
        let repaint_ctx = cc.egui_ctx.clone();
        let repaint = Arc::new(move || repaint_ctx.request_repaint());
        let mut app = Self::empty(prefs);
        // Only the demo server serves images from this machine.
        let loopback = if start.demo_server.is_some() {
            LoopbackImages::Allowed
        } else {
            LoopbackImages::Refused
        };
        app.detail_panel.load_images = install_image_loaders(&cc.egui_ctx, loopback);
        app.demo_server.clone_from(&start.demo_server);
        app.start_worker(start, repaint);
        app
    }

    /// The app before any data arrives; also what tests drive headless.
    pub fn empty(prefs: Prefs) -> Self {
        let mut detail_panel = DetailPanel::new();
        detail_panel.zone = zone_of(&prefs);
        Self {
            worker: None,
            demo_server: None,
            demo_dir: None,
            profiles: ProfileSet::default(),
            active_profile: None,
            timeline: Arc::new(Timeline::new()),
            visible: VisibleRows::default(),
            needs_refilter: true,
            refilterer: None,
            pending_changes: Vec::new(),
            search: SearchState::default(),
            related: related::RelatedState::default(),
            selected: None,
            details: HashMap::new(),
            num_details: 0,
            status: SyncStatus::Idle,
            paused: false,
            prefs,
            filter_panel: FilterPanel::default(),
            detail_panel,
            scroll: ScrollState::default(),
            notices: Vec::new(),
            export: export::ExportState::default(),
            notifier: notifications::Notifier::default(),
            sign_in: sign_in::SignInState::default(),
        }
    }

    /// Takes reports from (and sends commands to) this worker, which syncs `target`; for
    /// tests and tools that start a worker themselves.
    pub fn attach_worker(&mut self, worker: SyncWorker, target: &SyncTarget) {
        self.set_export_source(target);
        self.worker = Some(worker);
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    pub fn visible(&self) -> &VisibleRows {
        &self.visible
    }

    pub fn prefs_mut(&mut self) -> &mut Prefs {
        self.needs_refilter = true;
        &mut self.prefs
    }

    pub fn selected_id(&self) -> Option<&EventId> {
        self.selected.as_ref().map(|selected| &selected.id)
    }

    /// How many events about the same subject as the selected one are shown with it.
    pub fn num_related_events(&self) -> usize {
        self.related_events().len()
    }

    pub fn num_new_events(&self) -> usize {
        self.scroll.num_new
    }

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    fn send(&self, command: WorkerCommand) {
        if let Some(worker) = &self.worker
            && !worker.send(command)
        {
            tracing::warn!("the sync worker is busy or stopped: a command was dropped");
        }
    }

    fn notify(&mut self, text: impl Into<String>, is_error: bool) {
        let text = text.into();
        if is_error {
            tracing::warn!(%text, "shown to the user");
        }
        self.notices.push(Notice { text, is_error });
        if self.notices.len() > 5 {
            self.notices.remove(0);
        }
    }

    /// Asks the worker to search when the search text changed.
    fn update_search(&mut self) {
        let query = self
            .prefs
            .filter
            .search_query()
            .unwrap_or_default()
            .to_owned();
        if query == self.search.query {
            return;
        }
        self.search.query.clone_from(&query);
        self.search.generation += 1;
        self.search.results = None;
        self.needs_refilter = true;
        if query.is_empty() {
            self.search.waiting = false;
            return;
        }
        self.search.waiting = true;
        self.send(WorkerCommand::Search {
            query,
            generation: self.search.generation,
        });
    }

    /// Handles what the views asked for.
    pub fn handle(&mut self, ctx: &egui::Context, action: UiAction) {
        match action {
            UiAction::SelectEvent(id) => self.select(&id),
            UiAction::RetryDetail(id) => {
                self.details.insert(id.clone(), DetailState::Loading);
                self.send(WorkerCommand::FetchDetail(id));
            }
            UiAction::CopyText(text) => ctx.copy_text(text),
            UiAction::OpenUrl(url) => self.open_url(ctx, &url),
            UiAction::ShowRelated(subject) => {
                self.prefs.filter.search = subject_search_text(&subject);
                self.needs_refilter = true;
            }
            UiAction::SwitchProfile(name) => self.switch_profile(&name),
            UiAction::OpenSignIn => self.open_sign_in(),
            UiAction::TestConnection(draft) => self.test_connection(draft),
            UiAction::SaveProfile(draft) => self.save_profile(draft),
            UiAction::ForgetToken(name) => self.forget_token(name),
            UiAction::DeleteProfile(name) => self.delete_profile(&name),
            UiAction::CloseSignIn => self.close_sign_in(),
            UiAction::OpenExport => self.open_export(),
            UiAction::PollNow => self.send(WorkerCommand::PollNow),
            UiAction::SetPaused(paused) => {
                self.paused = paused;
                self.send(if paused {
                    WorkerCommand::Pause
                } else {
                    WorkerCommand::Resume
                });
            }
            UiAction::SetUtc(utc) => {
                self.prefs.utc = utc;
                self.detail_panel.zone = zone_of(&self.prefs);
                self.needs_refilter = true;
            }
            UiAction::JumpToNewest => {
                self.scroll.num_new = 0;
                self.scroll.set_offset = Some(0.0);
            }
            UiAction::SetTimeRange(range) => {
                self.prefs.filter.range = range;
                self.needs_refilter = true;
            }
            UiAction::Export(intent) => self.handle_export(ctx, intent),
            UiAction::ShowHistogram(show) => self.prefs.show_histogram = show,
            UiAction::SetNotify { event_type, notify } => self.set_notify(event_type, notify),
        }
    }

    fn select(&mut self, id: &EventId) {
        let Some(position) = self.timeline.position_of(id.as_str()) else {
            return;
        };
        let Some(row) = self.timeline.get(position) else {
            return;
        };
        let event = event_of_row(&row, self.details.get(id));
        if !matches!(
            self.details.get(id),
            Some(DetailState::Loaded(_) | DetailState::Loading)
        ) {
            self.details.insert(id.clone(), DetailState::Loading);
            self.send(WorkerCommand::FetchDetail(id.clone()));
        }
        let loaded = match self.details.get(id) {
            Some(DetailState::Loaded(detail)) => Some(detail.clone()),
            _ => None,
        };
        self.selected = Some(SelectedEvent {
            id: id.clone(),
            event,
        });
        if let Some(detail) = loaded {
            self.find_related(id, &detail);
        }
    }

    fn open_url(&mut self, ctx: &egui::Context, url: &str) {
        match url::Url::parse(url) {
            Ok(parsed) if crate::model::is_https(&parsed) => {
                tracing::info!(
                    host = parsed.host_str().unwrap_or_default(),
                    "opening a link"
                );
                ctx.open_url(egui::OpenUrl::new_tab(url));
            }
            Ok(parsed) => {
                let host = parsed
                    .host_str()
                    .unwrap_or("an address without a host")
                    .to_owned();
                self.notify(format!("Not opened: {host} is not an HTTPS link"), true);
            }
            Err(_) => self.notify("Not opened: the link is not a valid address", true),
        }
    }

    /// Moves the selection `step` events down (older, positive) or up (newer, negative).
    fn move_selection(&mut self, step: isize) {
        let positions = &self.visible.positions;
        let current = self
            .selected
            .as_ref()
            .and_then(|selected| self.timeline.position_of(selected.id.as_str()))
            .and_then(|position| positions.iter().position(|p| *p as usize == position));
        let next = match current {
            None => 0,
            Some(index) => index
                .saturating_add_signed(step)
                .min(positions.len().saturating_sub(1)),
        };
        let Some(&position) = positions.get(next) else {
            return;
        };
        if let Some(id) = self.timeline.id_at(position as usize).map(EventId::new) {
            self.select(&id);
            self.scroll.scroll_to_line = self.visible.line_of(position);
        }
    }

    fn keyboard(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        let pressed = |key| ctx.input(|input| input.key_pressed(key));
        if pressed(Key::Escape) {
            self.prefs.filter.search.clear();
            ctx.memory_mut(egui::Memory::stop_text_input);
            return;
        }
        if typing {
            return;
        }
        if pressed(Key::ArrowDown) || pressed(Key::J) {
            self.move_selection(1);
        }
        if pressed(Key::ArrowUp) || pressed(Key::K) {
            self.move_selection(-1);
        }
        if pressed(Key::Enter) && self.selected.is_none() {
            self.move_selection(0);
        }
        if pressed(Key::Slash) {
            ctx.memory_mut(|memory| memory.request_focus(filter_panel::search_id()));
        }
    }

    /// One frame: takes the worker's news, reads the keys, draws, and handles what the views
    /// asked for. Tests drive the app through this too.
    pub fn frame(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.drain_reports(&ctx);
        self.update_search();
        self.refresh_view_in_frame(&ctx);
        self.keyboard(&ctx);
        for action in self.draw(ui) {
            self.handle(&ctx, action);
        }
    }

    /// Draws the whole window for one frame and returns what the views asked for.
    pub fn draw(&mut self, ui: &mut Ui) -> Vec<UiAction> {
        let mut actions = Vec::new();
        let now = Utc::now();
        egui::Panel::top("top-bar").show(ui, |ui| {
            let sync = self.sync_line();
            let input = TopBarInput {
                profiles: &self.profile_entries(),
                active: self.active_profile.as_ref(),
                is_demo: self.demo_server.is_some(),
                sync: &sync,
                paused: self.paused,
                zone: zone_of(&self.prefs),
                now,
                show_histogram: self.prefs.show_histogram,
                known_types: &self.visible.type_counts,
                notify_types: &self.prefs.notify_types,
            };
            actions.extend(TopBar::ui(ui, &input));
        });
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            self.notices_ui(ui);
            StatusBar::ui(
                ui,
                &StatusInput {
                    num_shown: self.visible.positions.len(),
                    num_total: self.timeline.len(),
                    num_details: self.num_details,
                    searching: self.search.waiting,
                    filtered: self.prefs.filter.is_active(),
                },
            );
        });
        egui::Panel::left("filters")
            .default_size(270.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let input = FilterInput {
                        type_counts: &self.visible.type_counts,
                        now,
                    };
                    if self.filter_panel.ui(ui, &mut self.prefs.filter, &input) {
                        self.needs_refilter = true;
                    }
                });
            });
        egui::Panel::right("detail")
            .default_size(430.0)
            .resizable(true)
            .show(ui, |ui| {
                actions.extend(self.detail_ui(ui, now));
            });
        egui::CentralPanel::default().show(ui, |ui| {
            actions.extend(self.timeline_ui(ui));
        });
        let ctx = ui.ctx().clone();
        actions.extend(self.sign_in_ui(&ctx));
        actions.extend(self.export_ui(&ctx));
        actions
    }

    fn detail_ui(&mut self, ui: &mut Ui, now: chrono::DateTime<Utc>) -> Vec<UiAction> {
        let Some(selected) = &self.selected else {
            DetailPanel::nothing_selected_ui(ui);
            return Vec::new();
        };
        let state = self.details.get(&selected.id).cloned().unwrap_or_default();
        // The panel keeps only view choices; it is taken out so that the input may borrow
        // the rest of the app.
        let mut panel = std::mem::take(&mut self.detail_panel);
        let input = DetailInput {
            event: &selected.event,
            state: &state,
            related: self.related_events(),
            previous: self.previous_related_detail(),
            now,
        };
        let actions = panel.ui(ui, &input);
        self.detail_panel = panel;
        actions
    }

    fn timeline_ui(&mut self, ui: &mut Ui) -> Vec<UiAction> {
        let mut actions = Vec::new();
        if self.prefs.show_histogram {
            actions.extend(HistogramView::ui(
                ui,
                &self.visible.histogram,
                zone_of(&self.prefs),
            ));
        }
        let rows_top = ui.available_rect_before_wrap().center_top();
        let input = TimelineInput {
            timeline: &self.timeline,
            lines: &self.visible.lines,
            selected: self.selected.as_ref().map(|selected| &selected.id),
            zone: zone_of(&self.prefs),
            scroll_to_line: self.scroll.scroll_to_line.take(),
            scroll_offset: self.scroll.set_offset.take(),
        };
        let output = TimelineView::ui(ui, &input);
        self.scroll.offset = output.scroll_offset;
        self.scroll.is_hovered = output.hovered;
        if self.scroll.offset <= 1.0 {
            self.scroll.num_new = 0;
        }
        // The pill floats over the rows: taking room above them would move them.
        if self.scroll.num_new > 0 {
            let pill = egui::Area::new(ui.scope_id().with("new-events-pill"))
                .order(egui::Order::Foreground)
                .pivot(egui::Align2::CENTER_TOP)
                .fixed_pos(rows_top + egui::vec2(0.0, 28.0))
                .show(ui.ctx(), |ui| new_events_pill_ui(ui, self.scroll.num_new));
            if pill.inner {
                actions.push(UiAction::JumpToNewest);
            }
        }
        actions.extend(output.actions);
        actions
    }

    fn notices_ui(&mut self, ui: &mut Ui) {
        let mut dismissed = None;
        for (index, notice) in self.notices.iter().enumerate() {
            ui.horizontal(|ui| {
                let color = if notice.is_error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                ui.colored_label(color, &notice.text);
                if ui.small_button("Dismiss").clicked() {
                    dismissed = Some(index);
                }
            });
        }
        if let Some(index) = dismissed {
            self.notices.remove(index);
        }
    }

    fn profile_entries(&self) -> Vec<ProfileEntry> {
        self.profiles
            .profiles
            .iter()
            .map(|profile| ProfileEntry {
                name: profile.name.clone(),
                is_production: profile.is_production(),
            })
            .collect()
    }

    fn sync_line(&self) -> SyncLine {
        match &self.status {
            SyncStatus::Idle => SyncLine::Idle("Not syncing: sign in to poll".to_owned()),
            SyncStatus::Backfilling {
                pages_done,
                pages_total,
            } => SyncLine::Busy(match pages_total {
                Some(total) => format!("First sync: {pages_done} of {total} pages"),
                None => format!("First sync: {pages_done} pages"),
            }),
            SyncStatus::Polling => SyncLine::Busy("Polling…".to_owned()),
            SyncStatus::Waiting {
                last_poll,
                next_poll,
            } => SyncLine::Waiting {
                last_poll: *last_poll,
                next_poll: *next_poll,
            },
            SyncStatus::Paused { .. } => SyncLine::Paused,
            SyncStatus::Retrying { delay, reason } => {
                SyncLine::Problem(format!("{reason} — retrying in {} s", delay.as_secs()))
            }
            SyncStatus::AuthRejected { reason } => {
                SyncLine::Problem(format!("{reason} — sign in again"))
            }
        }
    }
}

impl eframe::App for CredlyApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.drain_reports(ctx);
        self.update_search();
        self.refresh_view_in_frame(ctx);
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
        // Relative times in the top bar ("next poll in 12 s") tick once a second.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs(1));
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.save(storage);
    }
}

fn zone_of(prefs: &Prefs) -> TimeZoneChoice {
    if prefs.utc {
        TimeZoneChoice::Utc
    } else {
        TimeZoneChoice::Local
    }
}

/// The event of a timeline row, from its detail when loaded (it carries every field).
pub(super) fn event_of_row(
    row: &crate::model::TimelineRow<'_>,
    detail: Option<&DetailState>,
) -> Event {
    if let Some(DetailState::Loaded(detail)) = detail
        && let Ok(event) = detail.summary()
    {
        return event;
    }
    let raw = serde_json::json!({
        "id": row.id,
        "event_type": row.event_type.as_str(),
        "occurred_at": crate::model::format_timestamp(row.occurred_at),
    });
    Event {
        id: EventId::new(row.id),
        organization_id: None,
        event_type: row.event_type.clone(),
        occurred_at: row.occurred_at,
        delivered_at: None,
        raw,
    }
}

/// The search text that finds the events of a subject: its id.
fn subject_search_text(subject: &crate::ui::RelatedSubject) -> String {
    use crate::ui::RelatedSubject;
    match subject {
        RelatedSubject::Badge(id)
        | RelatedSubject::Template(id)
        | RelatedSubject::Employee(id)
        | RelatedSubject::User(id) => id.clone(),
    }
}
