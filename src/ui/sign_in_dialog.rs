//! The sign-in dialog: a profile's fields (name, environment, organization), its token in a
//! masked field, the buttons that test, save or forget it, and the list of saved profiles.
//!
//! Uses only its own plain data types, `UiAction`, and `credentials::Secret` as a value type.
//! It never checks a base URL itself, never touches the keyring or files: the app passes
//! the base check in and carries out the actions the dialog returns.

use egui::{RichText, TextEdit, Ui};
use zeroize::Zeroizing;

use super::widgets::chip_ui;
use super::{UiAction, theme};
use crate::credentials::Secret;

/// Which Credly API a draft profile reads from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EnvironmentChoice {
    Production,
    #[default]
    Sandbox,
    /// A base URL the user types, e.g. a proxy or the demo server.
    Custom,
}

/// The profile the user is editing, as the dialog hands it to the app.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileDraft {
    pub name: String,
    pub environment: EnvironmentChoice,
    /// Used only with [`EnvironmentChoice::Custom`].
    pub custom_url: String,
    pub organization_id: String,
    /// `None` when the token field is empty: keep (or test with) the stored token.
    pub token: Option<Secret>,
}

impl ProfileDraft {
    /// What the user still has to fill in before the draft can be tested or saved.
    pub fn missing(&self) -> Option<&'static str> {
        if self.name.trim().is_empty() {
            Some("Enter a profile name.")
        } else if self.organization_id.trim().is_empty() {
            Some("Enter the organization id.")
        } else if self.environment == EnvironmentChoice::Custom && self.custom_url.trim().is_empty()
        {
            Some("Enter the custom base URL.")
        } else {
            None
        }
    }
}

/// A saved profile as the dialog lists it. Holds no token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInProfile {
    pub name: String,
    pub environment: EnvironmentChoice,
    /// The custom base URL, empty for the presets.
    pub custom_url: String,
    pub organization_id: String,
    pub is_active: bool,
}

impl SignInProfile {
    pub fn is_production(&self) -> bool {
        self.environment == EnvironmentChoice::Production
    }

    fn environment_text(&self) -> &str {
        match self.environment {
            EnvironmentChoice::Production => "production",
            EnvironmentChoice::Sandbox => "sandbox",
            EnvironmentChoice::Custom => &self.custom_url,
        }
    }
}

/// The outcome of the last thing the dialog asked for, as the app reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInStatus {
    Working(String),
    Success(String),
    Failure(String),
}

/// What the dialog shows besides its own fields.
pub struct SignInInput<'a> {
    pub profiles: &'a [SignInProfile],
    pub status: Option<&'a SignInStatus>,
    /// Set when the OS keyring is missing: what is wrong, how to fix it, and that tokens
    /// are kept for this session only.
    pub keyring_note: Option<&'a str>,
    /// Checks a custom base URL: `Some(reason)` when it is refused.
    pub check_base: &'a dyn Fn(&str) -> Option<String>,
}

/// The dialog's own state: the fields being edited.
#[derive(Debug, Default)]
pub struct SignInDialog {
    name: String,
    environment: EnvironmentChoice,
    custom_url: String,
    organization_id: String,
    /// The typed token, wiped from memory when replaced or dropped.
    token: Zeroizing<String>,
}

impl SignInDialog {
    pub fn new() -> Self {
        Self::default()
    }

    /// Fills the fields with a saved profile; the token field stays empty.
    pub fn edit(&mut self, profile: &SignInProfile) {
        self.name.clone_from(&profile.name);
        self.environment = profile.environment;
        self.custom_url.clone_from(&profile.custom_url);
        self.organization_id.clone_from(&profile.organization_id);
        self.clear_token();
    }

    pub fn clear_token(&mut self) {
        self.token = Zeroizing::new(String::new());
    }

    /// The fields as a draft; an empty token field gives `None`.
    pub fn draft(&self) -> ProfileDraft {
        let token = Secret::new(self.token.as_str());
        ProfileDraft {
            name: self.name.trim().to_owned(),
            environment: self.environment,
            custom_url: self.custom_url.trim().to_owned(),
            organization_id: self.organization_id.trim().to_owned(),
            token: (!token.is_empty()).then_some(token),
        }
    }

    /// Shows the dialog and returns what the user asked for.
    pub fn ui(&mut self, ctx: &egui::Context, input: &SignInInput<'_>) -> Vec<UiAction> {
        let mut actions = Vec::new();
        let mut open = true;
        egui::Window::new("Sign in")
            .collapsible(false)
            .resizable(false)
            .default_width(440.0)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .open(&mut open)
            .show(ctx, |ui| self.contents_ui(ui, input, &mut actions));
        if !open {
            actions.push(UiAction::CloseSignIn);
        }
        actions
    }

    fn contents_ui(&mut self, ui: &mut Ui, input: &SignInInput<'_>, actions: &mut Vec<UiAction>) {
        if let Some(note) = input.keyring_note {
            ui.colored_label(ui.visuals().warn_fg_color, note);
            ui.separator();
        }
        let base_error = self.fields_ui(ui, input);
        ui.add_space(6.0);
        self.buttons_ui(ui, base_error.is_none(), actions);
        status_ui(ui, base_error.as_deref(), input.status);
        ui.separator();
        self.profiles_ui(ui, input.profiles, actions);
    }

    /// The profile's fields; returns why the custom base is refused, if it is.
    fn fields_ui(&mut self, ui: &mut Ui, input: &SignInInput<'_>) -> Option<String> {
        let mut base_error = None;
        egui::Grid::new("sign-in-fields")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                labelled_edit_ui(ui, "Profile name", TextEdit::singleline(&mut self.name));
                ui.end_row();
                ui.label("Environment");
                environment_ui(ui, &mut self.environment);
                ui.end_row();
                if self.environment == EnvironmentChoice::Custom {
                    let edit = TextEdit::singleline(&mut self.custom_url).hint_text("https://…/v1");
                    labelled_edit_ui(ui, "Base URL", edit);
                    ui.end_row();
                    let url = self.custom_url.trim();
                    base_error = (!url.is_empty()).then(|| (input.check_base)(url)).flatten();
                }
                labelled_edit_ui(
                    ui,
                    "Organization id",
                    TextEdit::singleline(&mut self.organization_id),
                );
                ui.end_row();
                let token = TextEdit::singleline(&mut *self.token)
                    .password(true)
                    .hint_text("Leave empty to keep the stored token");
                labelled_edit_ui(ui, "Token", token);
                ui.end_row();
            });
        if self.environment == EnvironmentChoice::Production {
            ui.horizontal(|ui| {
                chip_ui(ui, "PRODUCTION", theme::PRODUCTION);
                ui.label("Every action here touches real data.");
            });
        }
        base_error
    }

    fn buttons_ui(&mut self, ui: &mut Ui, base_ok: bool, actions: &mut Vec<UiAction>) {
        let draft = self.draft();
        let ready = base_ok && draft.missing().is_none();
        ui.horizontal(|ui| {
            if ui
                .add_enabled(ready, egui::Button::new("Test connection"))
                .clicked()
            {
                actions.push(UiAction::TestConnection(draft.clone()));
            }
            if ui.add_enabled(ready, egui::Button::new("Save")).clicked() {
                actions.push(UiAction::SaveProfile(draft.clone()));
            }
            let forget = ui
                .add_enabled(!draft.name.is_empty(), egui::Button::new("Forget token"))
                .on_hover_text("Delete this profile's token from the OS keyring");
            if forget.clicked() {
                actions.push(UiAction::ForgetToken(draft.name.clone()));
            }
            if ui.button("Cancel").clicked() {
                actions.push(UiAction::CloseSignIn);
            }
        });
        if let Some(missing) = draft.missing() {
            ui.weak(missing);
        }
    }

    fn profiles_ui(
        &mut self,
        ui: &mut Ui,
        profiles: &[SignInProfile],
        actions: &mut Vec<UiAction>,
    ) {
        ui.strong("Saved profiles");
        if profiles.is_empty() {
            ui.weak("None yet: fill in the fields above and save.");
            return;
        }
        for profile in profiles {
            ui.horizontal(|ui| profile_row_ui(ui, profile, self, actions));
        }
    }
}

fn profile_row_ui(
    ui: &mut Ui,
    profile: &SignInProfile,
    dialog: &mut SignInDialog,
    actions: &mut Vec<UiAction>,
) {
    if profile.is_production() {
        chip_ui(ui, "PRODUCTION", theme::PRODUCTION);
    }
    let name = RichText::new(&profile.name).strong();
    ui.label(if profile.is_production() {
        name.color(theme::PRODUCTION)
    } else {
        name
    });
    ui.weak(format!(
        "{} · {}",
        profile.organization_id,
        profile.environment_text()
    ));
    if profile.is_active {
        ui.weak("(in use)");
    }
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        if ui
            .small_button("Delete")
            .on_hover_text(format!("Delete the profile {}", profile.name))
            .clicked()
        {
            actions.push(UiAction::DeleteProfile(profile.name.clone()));
        }
        if ui
            .small_button("Edit")
            .on_hover_text(format!("Edit the profile {}", profile.name))
            .clicked()
        {
            dialog.edit(profile);
        }
        let use_button = ui.add_enabled(!profile.is_active, egui::Button::new("Use").small());
        if use_button.clicked() {
            actions.push(UiAction::SwitchProfile(profile.name.clone()));
        }
    });
}

/// A label and its text field, linked so that screen readers and tests find the field.
fn labelled_edit_ui(ui: &mut Ui, label: &str, edit: TextEdit<'_>) {
    let label = ui.label(label);
    ui.add(edit.desired_width(280.0)).labelled_by(label.id);
}

fn environment_ui(ui: &mut Ui, environment: &mut EnvironmentChoice) {
    ui.horizontal(|ui| {
        ui.radio_value(environment, EnvironmentChoice::Production, "Production");
        ui.radio_value(environment, EnvironmentChoice::Sandbox, "Sandbox");
        ui.radio_value(environment, EnvironmentChoice::Custom, "Custom base URL");
    });
}

fn status_ui(ui: &mut Ui, base_error: Option<&str>, status: Option<&SignInStatus>) {
    if let Some(error) = base_error {
        ui.colored_label(ui.visuals().error_fg_color, format!("Refused: {error}"));
    }
    match status {
        None => {}
        Some(SignInStatus::Working(text)) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(text);
            });
        }
        Some(SignInStatus::Success(text)) => {
            ui.colored_label(egui::Color32::from_rgb(0x16, 0xA3, 0x4A), text);
        }
        Some(SignInStatus::Failure(text)) => {
            ui.colored_label(ui.visuals().error_fg_color, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str, environment: EnvironmentChoice, url: &str, org: &str) -> ProfileDraft {
        ProfileDraft {
            name: name.to_owned(),
            environment,
            custom_url: url.to_owned(),
            organization_id: org.to_owned(),
            token: None,
        }
    }

    #[test]
    fn drafts_name_the_first_missing_field() {
        use EnvironmentChoice::{Custom, Production, Sandbox};
        let cases = [
            (draft("", Sandbox, "", "org"), Some("Enter a profile name.")),
            (
                draft("  ", Production, "", "org"),
                Some("Enter a profile name."),
            ),
            (
                draft("live", Production, "", " "),
                Some("Enter the organization id."),
            ),
            (
                draft("proxy", Custom, "", "org"),
                Some("Enter the custom base URL."),
            ),
            (draft("proxy", Custom, "https://x.example/v1", "org"), None),
            (draft("test", Sandbox, "", "org"), None),
        ];
        for (draft, expected) in cases {
            assert_eq!(draft.missing(), expected, "{draft:?}");
        }
    }

    #[test]
    fn an_empty_token_field_gives_no_token_and_fields_are_trimmed() {
        let mut dialog = SignInDialog::new();
        dialog.name = " live ".to_owned();
        dialog.token = Zeroizing::new("  ".to_owned());
        let empty = dialog.draft();
        assert_eq!(empty.name, "live");
        assert_eq!(empty.token, None);

        dialog.token = Zeroizing::new(" tok\n".to_owned());
        assert_eq!(
            dialog.draft().token.map(|t| t.expose().to_owned()),
            Some("tok".to_owned())
        );
        dialog.clear_token();
        assert_eq!(dialog.draft().token, None);
    }

    #[test]
    fn editing_a_profile_fills_the_fields_but_not_the_token() {
        let mut dialog = SignInDialog::new();
        dialog.token = Zeroizing::new("old".to_owned());
        dialog.edit(&SignInProfile {
            name: "proxy".to_owned(),
            environment: EnvironmentChoice::Custom,
            custom_url: "https://proxy.example/v1".to_owned(),
            organization_id: "org-9".to_owned(),
            is_active: false,
        });
        let draft = dialog.draft();
        assert_eq!(draft.environment, EnvironmentChoice::Custom);
        assert_eq!(draft.custom_url, "https://proxy.example/v1");
        assert_eq!(draft.organization_id, "org-9");
        assert_eq!(draft.token, None);
    }
}
