//! Issued badges: the full card of a `badge.*` event, and the compact, expandable card used
//! in employee records and user events.

use chrono::TimeDelta;
use egui::collapsing_header::CollapsingState;
use egui::{AsIdSalt, RichText, Ui};

use super::template;
use crate::model::{BadgeState, Evidence, IssuedBadge};
use crate::ui::UiAction;
use crate::ui::theme;
use crate::ui::widgets::{self, DASH, DisplayContext, or_dash};

/// How close to its expiry a badge gets an "expires soon" chip.
const EXPIRY_WARNING: TimeDelta = TimeDelta::days(30);

pub(super) fn issued_badge_ui(
    ui: &mut Ui,
    badge: &IssuedBadge,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    ui.heading(or_dash(badge.recipient_name().as_deref()));
    ui.label(or_dash(badge.recipient_email.as_deref()));
    ui.add_space(4.0);
    state_line_ui(ui, badge, cx);
    ui.add_space(4.0);
    badge_fields_ui(ui, "issued_badge_fields", badge, cx, actions);

    section_ui(ui, "Template");
    template::template_card_ui(ui, badge.template.as_ref(), cx, actions);

    section_ui(ui, "Evidence");
    evidence_ui(ui, &badge.evidence, actions);

    section_ui(ui, "Links");
    links_ui(ui, badge, actions);
}

/// A small heading between the parts of a card.
pub(super) fn section_ui(ui: &mut Ui, title: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(title).strong());
}

/// The state chip with the date of the state, and the expiry markers.
pub(super) fn state_line_ui(ui: &mut Ui, badge: &IssuedBadge, cx: &DisplayContext) {
    ui.horizontal_wrapped(|ui| {
        state_chip_ui(ui, badge.state.as_ref());
        if badge.state_updated_at.is_some() {
            ui.weak("since");
            widgets::time_ui(ui, badge.state_updated_at, cx);
        }
        // "Expires soon" shows on the expiry row below; an expired badge is flagged here too.
        if badge.is_expired_at(cx.now) {
            widgets::chip_ui(ui, "expired", theme::EXPIRED);
        }
    });
}

pub(super) fn state_chip_ui(ui: &mut Ui, state: Option<&BadgeState>) {
    match state {
        Some(state) => widgets::chip_ui(ui, state.as_str(), theme::badge_state_color(state)),
        None => widgets::chip_ui(ui, DASH, theme::NEUTRAL).on_hover_text("No state was sent"),
    };
}

fn expiry_chip_ui(ui: &mut Ui, badge: &IssuedBadge, cx: &DisplayContext) {
    if badge.is_expired_at(cx.now) {
        widgets::chip_ui(ui, "expired", theme::EXPIRED);
    } else if badge
        .expires_at
        .is_some_and(|expires_at| expires_at - cx.now <= EXPIRY_WARNING)
    {
        widgets::chip_ui(ui, "expires soon", theme::CHANGED);
    }
}

fn visibility_text(public: Option<bool>) -> Option<&'static str> {
    public.map(|public| if public { "Public" } else { "Private" })
}

/// The dates, visibility, issuer and ids of a badge.
pub(super) fn badge_fields_ui(
    ui: &mut Ui,
    id_salt: &str,
    badge: &IssuedBadge,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let issuer = badge
        .issuer
        .as_ref()
        .and_then(|issuer| issuer.summary.as_deref().or(issuer.name.as_deref()));
    widgets::fields_ui(ui, id_salt, |ui| {
        widgets::time_field_ui(ui, "Issued", badge.issued_at, cx);
        widgets::field_with_ui(ui, "Expires", |ui| {
            widgets::time_ui(ui, badge.expires_at, cx);
            expiry_chip_ui(ui, badge, cx);
        });
        widgets::field_ui(ui, "Visibility", visibility_text(badge.public));
        widgets::field_ui(ui, "Issuer", issuer);
        widgets::field_ui(ui, "Earner id", badge.issuer_earner_id.as_deref());
        widgets::id_field_ui(ui, "Credly user", badge.user_id.as_deref(), actions);
        if badge.state == Some(BadgeState::Revoked) || badge.revocation_reason.is_some() {
            widgets::field_ui(ui, "Revocation reason", badge.revocation_reason.as_deref());
        }
        if badge.replacement_badge_id.is_some() {
            let replacement = badge.replacement_badge_id.as_deref();
            widgets::id_field_ui(ui, "Replaced by", replacement, actions);
        }
        if badge.replaces_badge_id.is_some() {
            widgets::id_field_ui(ui, "Replaces", badge.replaces_badge_id.as_deref(), actions);
        }
        widgets::field_ui(ui, "Locale", badge.locale.as_deref());
        widgets::id_field_ui(ui, "Badge id", badge.id.as_deref(), actions);
    });
}

fn evidence_ui(ui: &mut Ui, evidence: &[Evidence], actions: &mut Vec<UiAction>) {
    if evidence.is_empty() {
        ui.label(DASH);
    }
    for item in evidence {
        ui.horizontal_wrapped(|ui| {
            ui.label(or_dash(item.title.as_deref()));
            widgets::link_button_ui(ui, "Open", item.url.as_deref(), actions);
        });
        if let Some(description) = &item.description {
            ui.weak(description);
        }
    }
}

fn links_ui(ui: &mut Ui, badge: &IssuedBadge, actions: &mut Vec<UiAction>) {
    if badge.badge_url.is_none() && badge.accept_badge_url.is_none() {
        ui.label(DASH);
        return;
    }
    ui.horizontal_wrapped(|ui| {
        widgets::link_button_ui(ui, "Open badge", badge.badge_url.as_deref(), actions);
        widgets::link_button_ui(
            ui,
            "Accept page",
            badge.accept_badge_url.as_deref(),
            actions,
        );
    });
}

/// Whether a compact badge card stands out as the one an event is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Emphasis {
    Plain,
    /// Outlined, closed: the changed badge within a list.
    Changed,
    /// Outlined and open: the badge the event is about, shown on its own.
    Featured,
}

/// A one-line badge card that expands into its dates, skills and links.
pub(super) fn compact_badge_ui(
    ui: &mut Ui,
    id_salt: impl AsIdSalt,
    badge: &IssuedBadge,
    emphasis: Emphasis,
    cx: &DisplayContext,
    actions: &mut Vec<UiAction>,
) {
    let mut frame = egui::Frame::group(ui.style()).inner_margin(6);
    if emphasis != Emphasis::Plain {
        frame = frame
            .stroke((2.0, theme::CHANGED))
            .fill(theme::CHANGED.gamma_multiply(0.12));
    }
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        let id = ui.make_persistent_id(id_salt);
        let default_open = emphasis == Emphasis::Featured;
        CollapsingState::load_with_default_open(ui.ctx(), id, default_open)
            .show_header(ui, |ui| compact_header_ui(ui, badge, cx))
            .body(|ui| {
                badge_fields_ui(ui, "compact_badge_fields", badge, cx, actions);
                let skills = badge.template.as_ref().map(|t| t.skills.as_slice());
                widgets::chips_ui(ui, skills.unwrap_or_default(), theme::NEUTRAL);
                links_ui(ui, badge, actions);
            });
    });
}

fn compact_header_ui(ui: &mut Ui, badge: &IssuedBadge, cx: &DisplayContext) {
    let template = badge.template.as_ref();
    let name = template.and_then(|template| template.name.as_deref());
    let image = badge
        .image_url
        .as_deref()
        .or(template.and_then(|template| template.image_url.as_deref()));
    widgets::thumbnail_ui(ui, name, image, 28.0, cx);
    ui.add_space(6.0);
    ui.label(RichText::new(or_dash(name)).strong());
    state_chip_ui(ui, badge.state.as_ref());
    expiry_chip_ui(ui, badge, cx);
}
