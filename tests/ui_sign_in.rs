//! The sign-in dialog, headless: its fields and buttons are found by label, the token stays
//! masked, and the buttons hand the app the draft the user typed.

use credly_monitor::api::ApiBase;
use credly_monitor::app::{CredlyApp, Prefs};
use credly_monitor::credentials::Secret;
use credly_monitor::ui::{
    EnvironmentChoice, ProfileDraft, SignInDialog, SignInInput, SignInProfile, SignInStatus,
    UiAction,
};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const TOKEN: &str = "s3cr3t-token-4711";

struct DialogState {
    dialog: SignInDialog,
    profiles: Vec<SignInProfile>,
    status: Option<SignInStatus>,
    actions: Vec<UiAction>,
}

fn check_base(text: &str) -> Option<String> {
    ApiBase::custom(text).err().map(|err| err.to_string())
}

fn harness(profiles: Vec<SignInProfile>) -> Harness<'static, DialogState> {
    let state = DialogState {
        dialog: SignInDialog::new(),
        profiles,
        status: None,
        actions: Vec::new(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 700.0))
        .build_ui_state(
            |ui, state: &mut DialogState| {
                let input = SignInInput {
                    profiles: &state.profiles,
                    status: state.status.as_ref(),
                    keyring_note: None,
                    check_base: &check_base,
                };
                let ctx = ui.ctx().clone();
                let actions = state.dialog.ui(&ctx, &input);
                state.actions.extend(actions);
            },
            state,
        );
    harness.run_steps(2);
    harness
}

fn profile(name: &str, environment: EnvironmentChoice) -> SignInProfile {
    SignInProfile {
        name: name.to_owned(),
        environment,
        custom_url: String::new(),
        organization_id: format!("{name}-org"),
        is_active: false,
    }
}

/// Focuses the field of this label and types into it, as a user would.
fn type_into(harness: &mut Harness<'static, DialogState>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run_steps(1);
    harness.get_by_label(label).type_text(text);
    harness.run_steps(2);
}

/// Fills the name, organization and token fields.
fn fill(harness: &mut Harness<'static, DialogState>, name: &str, org: &str) {
    type_into(harness, "Profile name", name);
    type_into(harness, "Organization id", org);
    type_into(harness, "Token", TOKEN);
}

#[test]
fn the_dialog_has_its_fields_and_buttons() {
    let harness = harness(Vec::new());
    for label in [
        "Profile name",
        "Organization id",
        "Token",
        "Production",
        "Sandbox",
        "Custom base URL",
        "Test connection",
        "Save",
        "Forget token",
        "Cancel",
    ] {
        harness.get_by_label(label);
    }
    assert!(
        harness.query_by_label("Base URL").is_none(),
        "only with a custom base"
    );
}

#[test]
fn the_token_is_masked_and_never_shown() {
    let mut harness = harness(Vec::new());
    fill(&mut harness, "live", "org-1");
    let shows_token = |node: &egui_kittest::kittest::AccessKitNode<'_>| {
        [node.label(), node.value()]
            .into_iter()
            .flatten()
            .any(|text| text.contains(TOKEN))
    };
    assert!(
        harness.query_by(shows_token).is_none(),
        "the token is visible"
    );
    assert!(
        harness
            .get_by_label("Token")
            .value()
            .is_some_and(|value| !value.is_empty())
    );
    assert_eq!(
        harness
            .state()
            .dialog
            .draft()
            .token
            .map(|t| t.expose().to_owned()),
        Some(TOKEN.to_owned())
    );
}

#[test]
fn save_and_test_hand_over_the_draft() {
    let mut harness = harness(Vec::new());
    harness.get_by_label("Production").click();
    harness.run_steps(1);
    fill(&mut harness, "live", "org-1");

    harness.get_by_label("Test connection").click();
    harness.run_steps(1);
    harness.get_by_label("Save").click();
    harness.run_steps(1);

    let actions = &harness.state().actions;
    let [
        UiAction::TestConnection(tested),
        UiAction::SaveProfile(saved),
    ] = actions.as_slice()
    else {
        panic!("unexpected actions {actions:?}");
    };
    assert_eq!(tested, saved);
    let ProfileDraft {
        name,
        environment,
        organization_id,
        token,
        ..
    } = saved;
    assert_eq!(
        (name.as_str(), *environment, organization_id.as_str()),
        ("live", EnvironmentChoice::Production, "org-1")
    );
    assert_eq!(token.as_ref().map(Secret::expose), Some(TOKEN));
    assert_eq!(
        format!("{saved:?}").matches(TOKEN).count(),
        0,
        "Debug hides the token"
    );
}

#[test]
fn buttons_wait_for_the_required_fields() {
    let mut harness = harness(Vec::new());
    harness.get_by_label("Save").click();
    harness.get_by_label("Test connection").click();
    harness.run_steps(1);
    assert!(harness.state().actions.is_empty());
    harness.get_by_label("Enter a profile name.");

    harness.get_by_label("Cancel").click();
    harness.run_steps(1);
    assert_eq!(harness.state().actions, [UiAction::CloseSignIn]);
}

#[test]
fn an_insecure_custom_base_is_refused_inline() {
    let mut harness = harness(Vec::new());
    harness.get_by_label("Custom base URL").click();
    harness.run_steps(1);
    fill(&mut harness, "proxy", "org-1");
    type_into(&mut harness, "Base URL", "http://proxy.example/v1");

    harness.get_by_label_contains("Refused:");
    harness.get_by_label_contains("plain HTTP");
    harness.get_by_label("Save").click();
    harness.run_steps(1);
    assert!(
        harness.state().actions.is_empty(),
        "an insecure base is never saved"
    );
}

#[test]
fn a_loopback_http_base_is_accepted() {
    let mut harness = harness(Vec::new());
    harness.get_by_label("Custom base URL").click();
    harness.run_steps(1);
    fill(&mut harness, "demo", "org-1");
    type_into(&mut harness, "Base URL", "http://127.0.0.1:8080/v1");

    assert!(harness.query_by_label_contains("Refused:").is_none());
    harness.get_by_label("Save").click();
    harness.run_steps(1);
    assert!(
        matches!(harness.state().actions.as_slice(), [UiAction::SaveProfile(draft)]
        if draft.custom_url == "http://127.0.0.1:8080/v1")
    );
}

#[test]
fn production_profiles_carry_the_marker_and_the_list_acts() {
    let mut harness = harness(vec![
        profile("live", EnvironmentChoice::Production),
        profile("test", EnvironmentChoice::Sandbox),
    ]);
    assert_eq!(
        harness.query_all_by_label("PRODUCTION").count(),
        1,
        "only the production profile"
    );

    let edits: Vec<_> = harness.query_all_by_label("Edit").collect();
    assert_eq!(edits.len(), 2);
    edits[0].click();
    harness.run_steps(2);
    let draft = harness.state().dialog.draft();
    assert_eq!(
        (draft.name.as_str(), draft.environment),
        ("live", EnvironmentChoice::Production)
    );
    assert_eq!(draft.token, None);
    assert_eq!(
        harness.query_all_by_label("PRODUCTION").count(),
        2,
        "the form marks production too"
    );

    harness
        .query_all_by_label("Delete")
        .nth(1)
        .expect("a second profile")
        .click();
    harness.run_steps(1);
    harness
        .query_all_by_label("Use")
        .next()
        .expect("a Use button")
        .click();
    harness.run_steps(1);
    assert_eq!(
        harness.state().actions,
        [
            UiAction::DeleteProfile("test".to_owned()),
            UiAction::SwitchProfile("live".to_owned())
        ]
    );
}

#[test]
fn a_status_from_the_app_is_shown() {
    let mut harness = harness(Vec::new());
    harness.state_mut().status = Some(SignInStatus::Failure(
        "Token rejected (HTTP 401)".to_owned(),
    ));
    harness.run_steps(1);
    harness.get_by_label("Token rejected (HTTP 401)");
}

#[test]
fn an_app_without_a_profile_opens_the_dialog_and_closes_it() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, app: &mut CredlyApp| {
                let ctx = ui.ctx().clone();
                for action in app.draw(ui) {
                    app.handle(&ctx, action);
                }
            },
            CredlyApp::empty(Prefs::default()),
        );
    harness.run_steps(3);
    harness.get_by_label("Token");
    harness.get_by_label("None yet: fill in the fields above and save.");

    harness.get_by_label("Cancel").click();
    harness.run_steps(2);
    assert!(harness.query_by_label("Token").is_none());
}
