//! The detail panel, headless: every fixture and every payload shape renders, shows its key
//! labels, and turns clicks into `UiAction`s.

use credly_monitor::model::{Event, EventDetail, EventId, Timestamp, parse_timestamp};
use credly_monitor::ui::{
    DetailInput, DetailPanel, DetailState, DetailTab, TimeZoneChoice, UiAction,
};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::{Value, json};

/// What the test harness draws: the panel and its input, and the actions it returned.
struct Shown {
    panel: DetailPanel,
    event: Event,
    state: DetailState,
    related: Vec<Event>,
    previous: Option<EventDetail>,
    actions: Vec<UiAction>,
}

fn now() -> Timestamp {
    parse_timestamp("2026-10-10T12:00:00Z").expect("a valid timestamp")
}

fn data_of(fixture: &str) -> Value {
    let document: Value = serde_json::from_str(fixture).expect("fixtures are JSON");
    document["data"].clone()
}

fn event(id: &str, event_type: &str, occurred_at: &str) -> Event {
    Event::from_json(json!({"id": id, "event_type": event_type, "occurred_at": occurred_at}))
        .expect("the summary has an id and a time")
}

/// A detail event whose summary fields are merged into `data`.
fn loaded(id: &str, event_type: &str, mut data: Value) -> Shown {
    let summary = event(id, event_type, "2026-10-01T09:00:00Z");
    if let Some(object) = data.as_object_mut() {
        object.insert("id".to_owned(), json!(id));
        object.insert("event_type".to_owned(), json!(event_type));
        object
            .entry("occurred_at")
            .or_insert(json!("2026-10-01T09:00:00Z"));
    }
    shown(summary, DetailState::Loaded(EventDetail::from_data(data)))
}

fn shown(event: Event, state: DetailState) -> Shown {
    let mut panel = DetailPanel::new();
    panel.zone = TimeZoneChoice::Utc;
    Shown {
        panel,
        event,
        state,
        related: Vec::new(),
        previous: None,
        actions: Vec::new(),
    }
}

fn harness(shown: Shown) -> Harness<'static, Shown> {
    let mut harness = harness_unsettled(shown);
    harness.run();
    harness
}

/// A harness that has drawn a few frames but may still animate (a spinner never settles).
fn harness_unsettled(shown: Shown) -> Harness<'static, Shown> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(720.0, 4000.0))
        .build_ui_state(
            |ui, shown: &mut Shown| {
                let input = DetailInput {
                    event: &shown.event,
                    state: &shown.state,
                    related: &shown.related,
                    previous: shown.previous.as_ref(),
                    now: now(),
                };
                let actions = shown.panel.ui(ui, &input);
                shown.actions.extend(actions);
            },
            shown,
        );
    harness.run_steps(3);
    harness
}

fn pending_badge() -> Value {
    let page: Value =
        serde_json::from_str(include_str!("fixtures/issued_badges_page_pending.json"))
            .expect("fixtures are JSON");
    json!({"badge": page["data"][0].clone()})
}

#[test]
fn employment_created_shows_the_person_badges_and_history() {
    let data = data_of(include_str!(
        "fixtures/event_detail_employment_created.json"
    ));
    let harness = harness(loaded("e1", "employment.created", data));

    harness.get_by_label("John Doe");
    harness.get_by_label("Engineering");
    harness.get_by_label("Farming › Aquatic › Kelp");
    harness.get_by_label("Organization 1");
    harness.get_by_label("Badges (5)");
    for number in 1..=5 {
        let name = format!("Badge Template {number}");
        harness.get_by_label(&name);
    }
    harness.get_by_label("Employment history");
    harness.get_by_label("unmapped");
    assert!(harness.query_all_by_label("accepted").count() >= 6);
    // The badges expired in 2016.
    assert_eq!(harness.query_all_by_label("expired").count(), 5);
}

#[test]
fn employment_badge_added_highlights_the_badge_above_the_employee() {
    let data = data_of(include_str!(
        "fixtures/event_detail_employment_badges_added.json"
    ));
    let harness = harness(loaded("e2", "employment.badges.added", data));

    let title = harness.get_by_label("Badge added to the employee's record");
    let employee = harness.get_by_label("John Doe");
    assert!(title.rect().top() < employee.rect().top());
    // Once above the employee card, once in the employee's badge list.
    assert_eq!(harness.query_all_by_label("Badge Template 6").count(), 2);
    harness.get_by_label("Badges (6)");
}

#[test]
fn deleted_employment_says_why_the_rest_is_missing() {
    let data = data_of(include_str!(
        "fixtures/event_detail_employment_deleted.json"
    ));
    let harness = harness(loaded("e3", "employment.deleted", data));

    assert!(harness.query_all_by_label("email1@example.com").count() >= 1);
    harness.get_by_label("ext-id");
    harness.get_by_label_contains("The employee record was deleted");
}

#[test]
fn draft_template_shows_its_state_skills_and_owner() {
    let data = data_of(include_str!("fixtures/badge_template_draft.json"));
    let harness = harness(loaded("t1", "badge_template.created", data));

    harness.get_by_label("Data Privacy Refresher 2026");
    harness.get_by_label("draft");
    harness.get_by_label("Data Protection");
    harness.get_by_label("Privacy");
    harness.get_by_label("Example Learning Trust");
    harness.get_by_label("Draft: recognises completion of the data-privacy refresher");
    harness.get_by_label("Open template page (www.credly.com)");
}

#[test]
fn pending_badge_shows_recipient_state_template_and_links() {
    let mut harness = harness(loaded("b1", "badge.created", pending_badge()));

    harness.get_by_label("Priya Natarajan");
    harness.get_by_label("priya.natarajan@example.org");
    harness.get_by_label("pending");
    harness.get_by_label("API Integrator");
    harness.get_by_label("Public");
    harness.get_by_label("RESTful APIs");
    harness.get_by_label("issued by Example Learning Trust");
    harness.get_by_label_contains("Level Advanced");

    harness.get_by_label("Accept page (www.credly.com)").click();
    harness.run();
    let accept = "https://www.credly.com/badges/e41f7c2a-9d35-4b8e-a6c1-2f8d0b7e5c93/accept";
    assert_eq!(
        harness.state().actions,
        [UiAction::OpenUrl(accept.to_owned())]
    );
}

#[test]
fn account_merge_says_which_account_remains() {
    let data = json!({"source_user_id": "user-A", "destination_user_id": "user-B"});
    let harness = harness(loaded("u1", "user.account_merged", data));

    harness.get_by_label("Accounts merged");
    harness.get_by_label("Account user-A was merged into account user-B, which remains.");
    harness.get_by_label("Remains");
    harness.get_by_label("user user-A");
    harness.get_by_label("user user-B");
}

#[test]
fn connect_access_removed_names_the_user() {
    let harness = harness(loaded(
        "u2",
        "user.connect_access.removed",
        json!({"user_id": "628fcaa9"}),
    ));

    harness.get_by_label("Connect access removed");
    harness.get_by_label("628fcaa9");
}

#[test]
fn public_badge_added_shows_the_user_and_badge() {
    let mut data = pending_badge();
    data["user_id"] = json!("user-P");
    let harness = harness(loaded("u3", "user.public_badges.added", data));

    harness.get_by_label("Badge now visible through Credly Connect");
    harness.get_by_label("user-P");
    harness.get_by_label("Priya Natarajan");
    harness.get_by_label("API Integrator");
}

#[test]
fn unknown_shapes_show_the_json_tree() {
    let data = json!({"wallet": {"owner": "someone", "coins": [1, 2, 3]}});
    let harness = harness(loaded("x1", "wallet.opened", data));

    harness.get_by_label("wallet.opened");
    harness.get_by_label("(a type Credly did not document)");
    harness.get_by_label("wallet  {2}");
    harness.get_by_label("coins  [3]");
    harness.get_by_label("\"someone\"");

    // A `data` that is not even an object still shows, as its one value.
    let harness = self::harness(loaded("x3", "wallet.closed", Value::Null));
    harness.get_by_label("null");
}

#[test]
fn a_badge_with_every_nullable_field_null_shows_dashes() {
    let data = json!({"badge": {
        "id": null, "state": null, "issued_at": null, "expires_at": null, "issued_to": null,
        "issued_to_first_name": null, "issued_to_last_name": null, "recipient_email": null,
        "public": null, "user": null, "issuer": null, "badge_template": null, "image": null,
        "evidence": null, "badge_url": null, "accept_badge_url": null, "locale": null,
        "state_updated_at": null, "revocation_reason": null
    }});
    let harness = harness(loaded("n1", "badge.state.changed", data));

    assert!(harness.query_all_by_label("—").count() >= 10);
    assert!(harness.query_by_label("null").is_none());
}

#[test]
fn a_template_and_an_employee_full_of_nulls_show_dashes() {
    let cases = [
        json!({"badge_template": {"name": null, "skills": null, "level": null, "state": null,
                                  "owner": null, "badge_template_activities": null}}),
        json!({"employment": {"id": "e", "email": null, "first_name": null, "employer": null,
                              "badges": null, "employment_histories": null}}),
        json!({"employment": {"id": null, "email": null, "external_id": null}}),
    ];
    for data in cases {
        let harness = harness(loaded("n2", "badge_template.changed", data));
        assert!(harness.query_all_by_label("—").count() >= 3);
    }
}

#[test]
fn failed_detail_offers_a_retry() {
    let failed = DetailState::Failed("Server unreachable — retrying in 30 s".to_owned());
    let mut harness = harness(shown(
        event("f1", "badge.created", "2026-10-01T09:00:00Z"),
        failed,
    ));

    harness.get_by_label("Could not load the details");
    harness.get_by_label("Server unreachable — retrying in 30 s");
    harness.get_by_label("Retry").click();
    harness.run();
    assert_eq!(
        harness.state().actions,
        [UiAction::RetryDetail(EventId::new("f1"))]
    );
}

#[test]
fn loading_and_not_loaded_details_say_so() {
    let harness = harness_unsettled(shown(
        event("l1", "badge.created", "2026-10-01T09:00:00Z"),
        DetailState::Loading,
    ));
    harness.get_by_label("Loading details…");

    let mut harness = self::harness(shown(
        event("l2", "badge.created", "2026-10-01T09:00:00Z"),
        DetailState::NotLoaded,
    ));
    harness.get_by_label("Load details").click();
    harness.run();
    assert_eq!(
        harness.state().actions,
        [UiAction::RetryDetail(EventId::new("l2"))]
    );
}

#[test]
fn header_shows_the_type_time_and_copies_the_id() {
    let mut harness = harness(loaded("h1", "badge.created", pending_badge()));

    harness.get_by_label("badge.created");
    harness.get_by_label("2026-10-01 09:00:00 UTC (9 days ago)");
    harness.get_by_label("h1");
    harness.get_by_label("Copy id").click();
    harness.run();
    assert_eq!(
        harness.state().actions,
        [UiAction::CopyText("h1".to_owned())]
    );
}

#[test]
fn raw_json_tab_shows_the_tree_and_copies_pretty_json() {
    let data = data_of(include_str!(
        "fixtures/event_detail_employment_deleted.json"
    ));
    let mut harness = harness(loaded("r1", "employment.deleted", data));

    harness.get_by_label("Raw JSON").click();
    harness.run();
    assert_eq!(harness.state().panel.tab(), DetailTab::RawJson);
    harness.get_by_label("employment  {3}");
    harness.get_by_label("\"ext-id\"");

    harness.get_by_label("Copy JSON").click();
    harness.run();
    let [UiAction::CopyText(copied)] = harness.state().actions.as_slice() else {
        panic!("{:?}", harness.state().actions)
    };
    let parsed: Value = serde_json::from_str(copied).unwrap();
    assert_eq!(parsed["employment"]["external_id"], "ext-id");
    assert!(copied.contains("\n  "), "pretty-printed");
}

#[test]
fn related_events_select_on_click_and_show_what_changed() {
    let mut pending = pending_badge();
    pending["badge"]["state"] = json!("pending");
    let mut accepted = pending.clone();
    accepted["badge"]["state"] = json!("accepted");
    accepted["badge"]["public"] = json!(false);

    let mut current = loaded("s2", "badge.state.changed", accepted);
    current.previous = Some(EventDetail::from_data(pending));
    current.related = vec![
        event("s1", "badge.created", "2026-09-01T09:00:00Z"),
        event("s3", "badge.deleted", "2026-10-05T09:00:00Z"),
    ];
    let mut harness = harness(current);

    harness.get_by_label("Changed since the previous event:");
    harness.get_by_label("state");
    harness.get_by_label("public");
    assert!(harness.query_all_by_label("accepted").count() >= 2);

    let rows: Vec<_> = harness
        .query_all_by_role(Role::Button)
        .filter_map(|node| node.accesskit_node().label())
        .filter(|label| label.starts_with("2026-"))
        .collect();
    assert_eq!(
        rows,
        [
            "2026-09-01 09:00:00 UTC  badge.created",
            "2026-10-01 09:00:00 UTC  badge.state.changed",
            "2026-10-05 09:00:00 UTC  badge.deleted",
        ]
    );

    harness
        .get_by_label("2026-10-05 09:00:00 UTC  badge.deleted")
        .click();
    harness.run();
    harness.get_by_label("All events of badge e41f7c2a").click();
    harness.run();
    assert_eq!(
        harness.state().actions,
        [
            UiAction::SelectEvent(EventId::new("s3")),
            UiAction::ShowRelated(credly_monitor::ui::RelatedSubject::Badge(
                "e41f7c2a-9d35-4b8e-a6c1-2f8d0b7e5c93".to_owned()
            )),
        ]
    );
}

#[test]
fn html_in_names_is_shown_as_plain_text() {
    let data = json!({"badge_template": {"name": "<script>alert(1)</script> <b>Bold</b>",
                                        "skills": ["<i>x</i>"]}});
    let harness = harness(loaded("x2", "badge_template.created", data));

    harness.get_by_label("<script>alert(1)</script> <b>Bold</b>");
    harness.get_by_label("<i>x</i>");
}

#[test]
fn html_in_a_recipients_name_is_shown_as_text() {
    let fixture = include_str!("fixtures/issued_badges_page_pending.json")
        .replace("Priya", "<b>Priya</b><script>alert(1)</script>")
        .replace(
            "API Integrator",
            "<img src=x onerror=alert(1)>API Integrator",
        );
    let page: Value = serde_json::from_str(&fixture).expect("still JSON");
    let data = json!({"badge": page["data"][0].clone()});
    let harness = harness(loaded("b1", "badge.created", data));

    harness.get_by_label("<b>Priya</b><script>alert(1)</script> Natarajan");
    harness.get_by_label("<img src=x onerror=alert(1)>API Integrator");
}

/// The shapes a detail of each documented type may take, by the type's prefix.
fn expected_shapes(event_type: &str) -> &'static [&'static str] {
    // Credly's page: only the badges added and removed carry the badge that changed; the
    // other employment events carry the whole record.
    let table: [(&str, &[&str]); 10] = [
        ("badge_template.", &["badge template"]),
        ("badge.", &["issued badge", "issued badge (workforce)"]),
        ("pending_badge_notification.", &["issued badge"]),
        ("user.account_merged", &["account merge"]),
        ("user.connect_access.removed", &["connect access removed"]),
        ("user.public_badges.", &["public badges"]),
        ("employment.badges.added", &["employment badge change"]),
        ("employment.badges.removed", &["employment badge change"]),
        ("employment.deleted", &["employment (minimal)"]),
        ("employment.", &["employment", "employment (minimal)"]),
    ];
    table
        .iter()
        .find(|(prefix, _)| event_type.starts_with(prefix))
        .map_or(&[], |(_, shapes)| *shapes)
}

#[test]
fn every_generated_shape_renders_as_its_card() {
    use credly_monitor::fake::{EVENT_TYPES, FakeConfig, Generator};
    use credly_monitor::model::Payload;

    let generator = Generator::new(&FakeConfig {
        num_events: 4_000,
        quirks: false,
        ..FakeConfig::default()
    });
    let mut num_types_seen = 0;
    for event_type in EVENT_TYPES {
        let Some(summary) = (0..generator.len())
            .filter_map(|position| generator.summary(position))
            .find(|summary| summary["event_type"] == *event_type)
        else {
            continue;
        };
        num_types_seen += 1;
        let id = summary["id"].as_str().unwrap();
        let data = generator.detail(id).unwrap();
        let detail = EventDetail::from_data(data.clone());
        let shape = detail.payload.shape_name();
        assert!(
            expected_shapes(event_type).contains(&shape),
            "{event_type} was read as {shape}"
        );

        let event = Event::from_json(summary.clone()).unwrap();
        let harness = harness(shown(event, DetailState::Loaded(detail.clone())));
        assert!(
            harness
                .query_by_label_contains("does not know this shape")
                .is_none(),
            "{event_type} fell back to the JSON tree"
        );
        let name = match &detail.payload {
            Payload::IssuedBadge(badge) | Payload::PublicBadges { badge, .. } => {
                badge.recipient_name()
            }
            Payload::EmploymentBadgeChange { employment, .. } | Payload::Employment(employment) => {
                employment.display_name()
            }
            Payload::BadgeTemplate(template) => template.name.clone(),
            _ => None,
        };
        if let Some(name) = name {
            assert!(
                harness.query_by_label_contains(&name).is_some(),
                "{event_type}: {name} is not shown"
            );
        }
    }
    assert!(
        num_types_seen >= 20,
        "the history shows {num_types_seen} types"
    );
}
