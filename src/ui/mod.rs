//! The egui views: panels, views and dialogs, their theme, and the actions they ask for.
//!
//! Uses only `model` and its own [`UiAction`]: never `api`, `sync`, the keyring or files.
//! Views draw from the data they are given and return [`UiAction`]s instead of acting, so
//! the app handles every intent in one place.
//!
//! - [`action`]: [`UiAction`], what a view asks the app to do.
//! - [`theme`]: colours of event categories, badge states and the production marker.
//! - [`detail`]: the detail panel of the selected event.
//! - [`widgets`]: small shared widgets (chips, link buttons, dates, field grids).
//! - [`top_bar`], [`filter_panel`], [`timeline_view`], [`status_bar`]: the main window's
//!   panels around the detail panel.

pub mod action;
pub mod detail;
pub mod export_dialog;
pub mod filter_panel;
pub mod histogram;
pub mod notify_menu;
pub mod sign_in_dialog;
pub mod status_bar;
pub mod theme;
pub mod timeline_view;
pub mod top_bar;
pub mod widgets;

pub use action::{RelatedSubject, UiAction};
pub use detail::{DetailInput, DetailPanel, DetailState, DetailTab, TimeZoneChoice};
pub use export_dialog::{
    ExportDialog, ExportDialogInput, ExportIntent, ExportLayout, ExportProgress, ExportRequest,
    ExportScope,
};
pub use filter_panel::{FilterInput, FilterPanel};
pub use histogram::{HistogramBins, HistogramView};
pub use sign_in_dialog::{
    EnvironmentChoice, ProfileDraft, SignInDialog, SignInInput, SignInProfile, SignInStatus,
};
pub use status_bar::{StatusBar, StatusInput};
pub use timeline_view::{
    ROW_HEIGHT, ROW_PITCH, TimelineInput, TimelineLine, TimelineOutput, TimelineView,
    new_events_pill_ui, timeline_lines,
};
pub use top_bar::{ProfileEntry, SyncLine, TopBar, TopBarInput};
