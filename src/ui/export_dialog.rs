//! The export dialog: which events (the filtered view or everything), JSON or NDJSON, with or
//! without details, and where to write; then the progress of the export under way.
//!
//! Uses only `model` and [`UiAction`]: the app runs the export and reports its progress.

use egui::{TextEdit, Ui};

use super::UiAction;

/// Which events to export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportScope {
    /// The events the timeline shows now.
    #[default]
    Filtered,
    /// Every event of the organization that the window knows.
    Everything,
}

/// The layout of the export file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportLayout {
    #[default]
    Json,
    Ndjson,
}

impl ExportLayout {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Ndjson => "ndjson",
        }
    }
}

/// What the user asked to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRequest {
    pub scope: ExportScope,
    pub layout: ExportLayout,
    pub with_details: bool,
    /// The path as typed (or picked with "Browse…").
    pub path: String,
}

/// What the export dialog asks of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportIntent {
    /// Open the system's save dialog to pick the path.
    Browse,
    Start(ExportRequest),
    /// Stop the export under way; nothing is written.
    Cancel,
}

/// Where the export under way stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportProgress {
    #[default]
    Idle,
    /// Reading the events from the local cache.
    Reading,
    /// Gathering the details that the cache lacks.
    Details {
        num_done: usize,
        num_total: usize,
    },
    Writing,
}

impl ExportProgress {
    pub fn is_busy(self) -> bool {
        self != Self::Idle
    }
}

/// What the dialog shows besides its own fields.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExportDialogInput {
    pub num_filtered: usize,
    pub num_total: usize,
    pub progress: ExportProgress,
    /// The save dialog is open: "Browse…" waits for it.
    pub browsing: bool,
}

/// The dialog's fields, kept while the window is open so a second export starts from them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportDialog {
    pub open: bool,
    pub scope: ExportScope,
    pub layout: ExportLayout,
    pub with_details: bool,
    pub path: String,
}

impl ExportDialog {
    /// Shows the dialog when open and returns what the user asked for.
    pub fn ui(&mut self, ctx: &egui::Context, input: &ExportDialogInput) -> Vec<UiAction> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let mut open = true;
        egui::Window::new("Export events")
            .collapsible(false)
            .resizable(false)
            .default_width(460.0)
            .open(&mut open)
            .show(ctx, |ui| self.contents_ui(ui, input, &mut actions));
        self.open = open;
        actions
    }

    fn contents_ui(&mut self, ui: &mut Ui, input: &ExportDialogInput, actions: &mut Vec<UiAction>) {
        let busy = input.progress.is_busy();
        ui.add_enabled_ui(!busy, |ui| self.fields_ui(ui, input, actions));
        ui.add_space(6.0);
        ui.separator();
        progress_ui(ui, input.progress);
        ui.horizontal(|ui| {
            if busy {
                if ui.button("Cancel export").clicked() {
                    actions.push(UiAction::Export(ExportIntent::Cancel));
                }
                return;
            }
            let ready = !self.path.trim().is_empty();
            let button = ui.add_enabled(ready, egui::Button::new("Export"));
            if button.on_disabled_hover_text("Type a path first").clicked() {
                actions.push(UiAction::Export(ExportIntent::Start(self.request())));
            }
        });
    }

    fn fields_ui(&mut self, ui: &mut Ui, input: &ExportDialogInput, actions: &mut Vec<UiAction>) {
        ui.label("Events");
        let filtered = format!("The filtered view ({} events)", input.num_filtered);
        ui.radio_value(&mut self.scope, ExportScope::Filtered, filtered);
        let everything = format!("Everything ({} events)", input.num_total);
        ui.radio_value(&mut self.scope, ExportScope::Everything, everything);
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.label("Format");
            let before = self.layout;
            ui.radio_value(&mut self.layout, ExportLayout::Json, "JSON");
            ui.radio_value(&mut self.layout, ExportLayout::Ndjson, "NDJSON");
            if self.layout != before {
                self.path = with_extension(&self.path, before, self.layout);
            }
        });
        ui.checkbox(&mut self.with_details, "Include details")
            .on_hover_text("Details the cache lacks are fetched from Credly first");
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let label = ui.label("Path");
            let edit = TextEdit::singleline(&mut self.path).desired_width(300.0);
            ui.add(edit).labelled_by(label.id);
            let browse = ui.add_enabled(!input.browsing, egui::Button::new("Browse…"));
            if browse.clicked() {
                actions.push(UiAction::Export(ExportIntent::Browse));
            }
        });
    }

    /// The request the fields describe now.
    pub fn request(&self) -> ExportRequest {
        ExportRequest {
            scope: self.scope,
            layout: self.layout,
            with_details: self.with_details,
            path: self.path.trim().to_owned(),
        }
    }
}

fn progress_ui(ui: &mut Ui, progress: ExportProgress) {
    match progress {
        ExportProgress::Idle => {}
        ExportProgress::Reading => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading the events from the cache…");
            });
        }
        ExportProgress::Details {
            num_done,
            num_total,
        } => {
            #[expect(clippy::cast_precision_loss, reason = "a progress fraction")]
            let fraction = if num_total == 0 {
                1.0
            } else {
                num_done as f32 / num_total as f32
            };
            ui.label("Fetching the details the cache lacks…");
            ui.add(egui::ProgressBar::new(fraction).text(format!("{num_done} of {num_total}")));
        }
        ExportProgress::Writing => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Writing the file…");
            });
        }
    }
}

/// Swaps the extension of `path` when it is the one of the previous layout.
fn with_extension(path: &str, before: ExportLayout, after: ExportLayout) -> String {
    match path.strip_suffix(&format!(".{}", before.extension())) {
        Some(stem) => format!("{stem}.{}", after.extension()),
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_follows_the_layout_only_when_it_was_the_default() {
        let cases = [
            (
                "out.json",
                ExportLayout::Json,
                ExportLayout::Ndjson,
                "out.ndjson",
            ),
            (
                "out.ndjson",
                ExportLayout::Ndjson,
                ExportLayout::Json,
                "out.json",
            ),
            (
                "out.txt",
                ExportLayout::Json,
                ExportLayout::Ndjson,
                "out.txt",
            ),
            ("", ExportLayout::Json, ExportLayout::Ndjson, ""),
        ];
        for (path, before, after, expected) in cases {
            assert_eq!(with_extension(path, before, after), expected, "{path}");
        }
    }
}
