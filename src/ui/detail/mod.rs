//! The detail panel of the selected event: a header, a "Summary" tab with a card for each
//! payload shape, a "Raw JSON" tab, and the related events with what changed.
//!
//! Uses only `model` and [`UiAction`]. The panel is given everything it shows (the event,
//! its detail state, related events, the time now) and returns what the user asked for.

mod badge;
mod card;
mod diff;
mod employment;
mod header;
mod json_tree;
mod raw;
mod related;
mod template;
mod user;

use egui::{ScrollArea, Ui};

pub use diff::{FieldChange, changed_fields};
pub use json_tree::json_tree_ui;

use super::UiAction;
use super::widgets::DisplayContext;
pub use super::widgets::TimeZoneChoice;
use crate::model::{Event, EventDetail, Timestamp};

/// Where the detail of an event stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum DetailState {
    #[default]
    NotLoaded,
    Loading,
    Loaded(EventDetail),
    /// The fetch failed; the text says why, for the user.
    Failed(String),
}

/// The tabs of the panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DetailTab {
    #[default]
    Summary,
    RawJson,
}

/// Everything the panel shows for one frame.
#[derive(Clone, Copy, Debug)]
pub struct DetailInput<'a> {
    pub event: &'a Event,
    pub state: &'a DetailState,
    /// Other events about the same badge, template, employee or user, in any order; the
    /// selected event may be among them.
    pub related: &'a [Event],
    /// The detail of the previous event about the same subject, to show what changed.
    pub previous: Option<&'a EventDetail>,
    pub now: Timestamp,
}

/// How the raw JSON is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum RawMode {
    #[default]
    Tree,
    Text,
}

/// The detail panel. Keeps only view choices (tab, zone); the data comes with each frame.
#[derive(Clone, Debug, Default)]
pub struct DetailPanel {
    tab: DetailTab,
    raw_mode: RawMode,
    /// The zone dates are shown in.
    pub zone: TimeZoneChoice,
    /// Whether to ask egui's image loaders (installed by the app, if any) for HTTPS badge
    /// images; otherwise placeholders with initials are drawn.
    pub load_images: bool,
}

impl DetailPanel {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn tab(&self) -> DetailTab {
        self.tab
    }

    pub fn set_tab(&mut self, tab: DetailTab) {
        self.tab = tab;
    }

    /// Draws the panel for `input` and returns what the user asked for, in order.
    pub fn ui(&mut self, ui: &mut Ui, input: &DetailInput<'_>) -> Vec<UiAction> {
        let mut actions = Vec::new();
        let cx = DisplayContext {
            now: input.now,
            zone: self.zone,
            load_images: self.load_images,
        };

        header::header_ui(ui, input.event, &cx, &mut actions);
        ui.separator();
        self.tabs_ui(ui);
        ui.separator();

        ScrollArea::vertical()
            .id_salt(("detail_scroll", self.tab))
            .auto_shrink([false, false])
            .show(ui, |ui| match self.tab {
                DetailTab::Summary => {
                    card::state_ui(ui, input, &cx, &mut actions);
                    related::related_ui(ui, input, &cx, &mut actions);
                }
                DetailTab::RawJson => raw::raw_ui(ui, input, &mut self.raw_mode, &mut actions),
            });
        actions
    }

    /// What the panel shows while no event is selected.
    pub fn nothing_selected_ui(ui: &mut Ui) {
        ui.centered_and_justified(|ui| {
            ui.weak("Select an event to see its details.");
        });
    }

    fn tabs_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.tab, DetailTab::Summary, "Summary");
            ui.selectable_value(&mut self.tab, DetailTab::RawJson, "Raw JSON");
        });
    }
}
