//! Parsing of everything Credly sends: the fixtures, every event type, and hostile JSON.

use credly_monitor::api::{parse_detail, parse_page};
use credly_monitor::model::{
    BadgeState, BadgeVariant, Event, EventCategory, EventDetail, EventType, Payload,
    parse_timestamp,
};
use proptest::prelude::*;
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let text = match name {
        "badge_template_draft" => include_str!("fixtures/badge_template_draft.json"),
        "error_422_validation" => include_str!("fixtures/error_422_validation.json"),
        "event_detail_employment_badges_added" => {
            include_str!("fixtures/event_detail_employment_badges_added.json")
        }
        "event_detail_employment_created" => {
            include_str!("fixtures/event_detail_employment_created.json")
        }
        "event_detail_employment_deleted" => {
            include_str!("fixtures/event_detail_employment_deleted.json")
        }
        "issued_badges_page_pending" => include_str!("fixtures/issued_badges_page_pending.json"),
        "list_empty" => include_str!("fixtures/list_empty.json"),
        "webhook_badge_created" => include_str!("fixtures/webhook_badge_created.json"),
        "webhook_badge_state_changed" => include_str!("fixtures/webhook_badge_state_changed.json"),
        "webhook_employment_created" => include_str!("fixtures/webhook_employment_created.json"),
        other => panic!("no fixture {other}"),
    };
    serde_json::from_str(text).expect("fixtures are JSON")
}

#[test]
fn webhook_bodies_parse_as_event_summaries() {
    let cases = [
        ("webhook_badge_created", EventType::BadgeCreated, true),
        (
            "webhook_badge_state_changed",
            EventType::BadgeStateChanged,
            true,
        ),
        (
            "webhook_employment_created",
            EventType::EmploymentCreated,
            true,
        ),
    ];
    for (name, event_type, delivered) in cases {
        let raw = fixture(name);
        let event = Event::from_json(raw.clone()).unwrap();
        assert_eq!(event.event_type, event_type, "{name}");
        assert_eq!(event.delivered_at.is_some(), delivered, "{name}");
        assert_eq!(event.raw, raw, "{name}: raw JSON kept");
    }
}

#[test]
fn detail_fixtures_are_recognised_by_shape() {
    let created = parse_detail(fixture("event_detail_employment_created")).unwrap();
    let Payload::Employment(employment) = &created.payload else {
        panic!("{:?}", created.payload)
    };
    assert_eq!(employment.display_name().as_deref(), Some("John Doe"));
    assert_eq!(employment.badges.len(), 5);
    assert_eq!(employment.badges[0].variant(), BadgeVariant::Workforce);
    assert_eq!(employment.histories.len(), 1);
    assert_eq!(
        employment.organization_levels,
        ["Farming", "Aquatic", "Kelp"]
    );
    assert_eq!(employment.team, None);
    assert_eq!(
        created.summary().unwrap().event_type,
        EventType::EmploymentCreated
    );

    let added = parse_detail(fixture("event_detail_employment_badges_added")).unwrap();
    let Payload::EmploymentBadgeChange { employment, badge } = &added.payload else {
        panic!("{:?}", added.payload)
    };
    assert_eq!(
        badge.id.as_deref(),
        Some("aade475c-106e-4f37-bc53-a9b9149ea982")
    );
    assert_eq!(
        badge.template.as_ref().and_then(|t| t.name.as_deref()),
        Some("Badge Template 6")
    );
    assert_eq!(
        badge.issuer.as_ref().and_then(|i| i.name.as_deref()),
        Some("Organization 7")
    );
    assert_eq!(employment.badges.len(), 6);

    let deleted = parse_detail(fixture("event_detail_employment_deleted")).unwrap();
    let Payload::EmploymentMinimal(minimal) = &deleted.payload else {
        panic!("{:?}", deleted.payload)
    };
    assert_eq!(minimal.email.as_deref(), Some("email1@example.com"));

    let template = parse_detail(fixture("badge_template_draft")).unwrap();
    let Payload::BadgeTemplate(template) = &template.payload else {
        panic!("{:?}", template.payload)
    };
    assert_eq!(template.state.as_deref(), Some("draft"));
    assert_eq!(
        (template.level.as_deref(), template.image_url.as_deref()),
        (None, None)
    );
    assert_eq!(template.skills, ["Data Protection", "Privacy"]);
}

#[test]
fn the_pending_badge_fixture_is_a_full_issued_badge() {
    let page = fixture("issued_badges_page_pending");
    let badge_json = page["data"][0].clone();
    let detail = EventDetail::from_data(json!({
        "id": "e", "event_type": "badge.created", "occurred_at": "2021-03-18T11:54:08.000Z",
        "badge": badge_json,
    }));
    let Payload::IssuedBadge(badge) = &detail.payload else {
        panic!("{:?}", detail.payload)
    };
    assert_eq!(badge.variant(), BadgeVariant::Full);
    assert_eq!(badge.state, Some(BadgeState::Pending));
    assert_eq!(badge.recipient_name().as_deref(), Some("Priya Natarajan"));
    assert_eq!(badge.middle_name, None);
    assert_eq!(badge.user_id, None, "user is {{}} while pending");
    assert_eq!(badge.expires_at, None);
    assert!(badge.accept_badge_url.is_some());
    assert_eq!(
        badge.issuer.as_ref().and_then(|i| i.name.as_deref()),
        Some("Example Learning Trust")
    );
    let template = badge.template.as_ref().unwrap();
    assert_eq!(template.skills, ["RESTful APIs", "Web Protocols", "APIs"]);
    assert_eq!(template.activities.len(), 1);
}

#[test]
fn list_fixtures_parse_as_pages() {
    let empty = parse_page(1, fixture("list_empty")).unwrap();
    assert!(empty.events.is_empty());
    assert_eq!(empty.metadata.total_count, Some(0));
    assert!(
        parse_page(1, fixture("error_422_validation")).is_err(),
        "an error envelope is not a page"
    );
}

#[test]
fn every_documented_type_and_an_unknown_one_parse_and_keep_their_text() {
    let mut names: Vec<&str> = EventType::KNOWN.iter().map(EventType::as_str).collect();
    names.push("badge.endorsed");
    for name in names {
        let raw = json!({"id": "x", "organization_id": "o", "event_type": name, "occurred_at": "2014-04-01T14:41:00Z"});
        let event = Event::from_json(raw).unwrap();
        assert_eq!(event.event_type.as_str(), name);
        assert_eq!(event.event_type.is_known(), name != "badge.endorsed");
    }
    assert_eq!(
        EventType::parse("badge.endorsed").category(),
        EventCategory::Badge
    );
}

#[test]
fn payload_shapes_are_recognised_by_fields_not_key_names() {
    let badge = json!({"id": "b", "state": "revoked", "issued_to": "Ana Lima", "badge_template": {"name": "T"},
                       "revocation_reason": null, "expires_at": null, "unknown": {"deep": [1, {"x": null}]}});
    let cases = [
        (json!({"badge": badge}), "issued badge (workforce)"),
        (json!({"issued_badge": badge}), "issued badge (workforce)"),
        (json!({"user_id": "u", "badge": badge}), "public badges"),
        (json!({"user_id": "u"}), "connect access removed"),
        (
            json!({"source_user_id": "a", "destination_user_id": "b"}),
            "account merge",
        ),
        (json!({"source_user_id": null}), "account merge"),
        (
            json!({"badge_template": {"name": "T", "skills": null, "level": null}}),
            "badge template",
        ),
        (
            json!({"template": {"name": "T", "type_category": null}}),
            "badge template",
        ),
        (
            json!({"name": "T", "skills": [], "owner": {"name": "O", "vanity_slug": "o"}}),
            "badge template",
        ),
        (json!({"owner": {"name": "O", "vanity_slug": "o"}}), "other"),
        (
            json!({"employment": {"id": "e", "email": "a@b", "external_id": null}}),
            "employment (minimal)",
        ),
        (
            json!({"employment": {"id": "e", "email": "a@b", "employer": null, "badges": null}}),
            "employment",
        ),
        (
            json!({"employee": {"id": "e", "email": "a@b", "employee_state": "pending"}, "badge": badge}),
            "employment badge change",
        ),
        (json!({"something": {"new": true}}), "other"),
        (json!({}), "other"),
        (json!([1, 2]), "other"),
        (json!(null), "other"),
    ];
    for (data, shape) in cases {
        assert_eq!(
            EventDetail::from_data(data.clone()).payload.shape_name(),
            shape,
            "{data}"
        );
    }
}

#[test]
fn nulls_and_odd_types_in_payloads_become_none_without_hiding_the_rest() {
    let data = json!({"badge": {
        "id": 17, "state": null, "issued_to": ["not", "text"], "issued_to_first_name": "Ana",
        "issued_to_last_name": "Lima", "recipient_email": "ana@example.org", "public": "yes",
        "issued_at": "2024-05-01T10:00:00+02:00", "expires_at": "never", "user": null,
        "badge_template": {"name": "T", "skills": ["a", {"name": "b"}, 3, null], "badges_count": -1},
        "issuer": null, "evidence": [null, {"title": "Report", "url": "https://x"}],
    }});
    let Payload::IssuedBadge(badge) = EventDetail::from_data(data).payload else {
        panic!()
    };
    assert_eq!(badge.id.as_deref(), Some("17"));
    assert_eq!(badge.state, None);
    assert_eq!(badge.recipient_name().as_deref(), Some("Ana Lima"));
    assert_eq!(badge.public, None);
    assert_eq!(badge.issued_at, parse_timestamp("2024-05-01T08:00:00Z"));
    assert_eq!(badge.expires_at, None);
    let template = badge.template.unwrap();
    assert_eq!(template.skills, ["a", "b"]);
    assert_eq!(template.badges_count, None);
    assert_eq!(badge.evidence.len(), 1);
}

#[test]
fn raw_json_round_trips_equal_in_value() {
    for name in [
        "event_detail_employment_created",
        "event_detail_employment_badges_added",
        "badge_template_draft",
    ] {
        let body = fixture(name);
        let detail = parse_detail(body.clone()).unwrap();
        assert_eq!(detail.raw, body["data"], "{name}");
        let text = serde_json::to_string(&detail.raw).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            body["data"],
            "{name}"
        );
    }
    let page_body = fixture("issued_badges_page_pending");
    let items = json!([{"id": "a", "occured_at": "2021-03-18T11:54:08Z", "nested": page_body}]);
    let page = parse_page(1, json!({"data": items, "metadata": {}})).unwrap();
    assert_eq!(page.events[0].raw, items[0]);
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        "\\PC{0,20}".prop_map(Value::String),
        prop_oneof![
            Just("2014-04-01T14:41:00Z"),
            Just("badge.created"),
            Just("employment"),
            Just("badge_template"),
            Just("id")
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("id".to_owned()),
            Just("occurred_at".to_owned()),
            Just("occured_at".to_owned()),
            Just("event_type".to_owned()),
            Just("data".to_owned()),
            Just("metadata".to_owned()),
            Just("badge".to_owned()),
            Just("badge_template".to_owned()),
            Just("employment".to_owned()),
            Just("issued_to".to_owned()),
            Just("user_id".to_owned()),
            Just("skills".to_owned()),
            Just("total_pages".to_owned()),
            Just("next_page_url".to_owned()),
            "[a-z_]{1,12}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn arbitrary_json_never_panics_the_parsers(value in arbitrary_json()) {
        let _ = Event::from_json(value.clone());
        let detail = EventDetail::from_data(value.clone());
        prop_assert_eq!(&detail.raw, &value);
        let _ = detail.payload.shape_name();
        if let Ok(page) = parse_page(1, value.clone()) {
            prop_assert_eq!(page.num_items(), value["data"].as_array().map_or(0, Vec::len));
        }
        let _ = parse_detail(value);
    }

    #[test]
    fn arbitrary_text_never_panics_the_timestamp_parser(text in "\\PC{0,40}") {
        let _ = parse_timestamp(&text);
    }
}
