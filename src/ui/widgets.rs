//! Small widgets shared by the views: chips, field grids, dates, links, copy buttons and
//! thumbnails, and the pure formatting behind them.
//!
//! Uses only `model` and [`UiAction`]. Nothing here acts: links and copies become actions.

use std::fmt::Write as _;

use chrono::{Local, TimeDelta};
use egui::{Align2, Color32, FontId, Label, Margin, Response, RichText, Sense, Ui, vec2};
use url::Url;

use super::UiAction;
use super::theme;
use crate::model::{Timestamp, clip, format_timestamp, is_https, is_https_or_loopback};

/// What every field shows when the payload has no value for it.
pub const DASH: &str = "—";

/// The zone dates are shown in. UTC is always one hover away.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeZoneChoice {
    #[default]
    Local,
    Utc,
}

/// What every view needs besides its data: the time now and the display choices.
#[derive(Clone, Copy, Debug)]
pub struct DisplayContext {
    /// The current time, injected so that "expired" and "3 days ago" are testable.
    pub now: Timestamp,
    pub zone: TimeZoneChoice,
    /// Whether to ask egui's image loaders for badge images. Off, or when no loader serves
    /// the URL, the views draw a placeholder with the name's initials.
    pub load_images: bool,
}

pub fn or_dash(text: Option<&str>) -> &str {
    text.filter(|text| !text.trim().is_empty()).unwrap_or(DASH)
}

/// The longest event type name shown; Credly's longest documented one has 49 characters.
pub const MAX_TYPE_CHARS: usize = 80;

/// The longest id shown; Credly's are 36-character UUIDs.
pub const MAX_ID_CHARS: usize = 200;

/// `text` made safe to show on one line: control characters and the invisible marks that
/// reorder text (a right-to-left override can make one id look like another) become visible
/// escapes like `\u{1b}`, and text past `max_chars` is cut with an ellipsis, so that a
/// megabyte-long field costs no more to draw than a short one.
pub fn printable(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    let is_hidden = |c: char| {
        c.is_control()
            || matches!(
                c,
                '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            )
    };
    let clipped = clip(text, max_chars);
    if !clipped.chars().any(is_hidden) {
        return clipped;
    }
    let mut shown = String::with_capacity(clipped.len() + 16);
    for c in clipped.chars() {
        if is_hidden(c) {
            // Writing to a String cannot fail.
            let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
        } else {
            shown.push(c);
        }
    }
    std::borrow::Cow::Owned(shown)
}

/// A small rounded label on a coloured fill.
pub fn chip_ui(ui: &mut Ui, text: &str, fill: Color32) -> Response {
    filled_label_ui(
        ui,
        RichText::new(text).small(),
        fill,
        Margin::symmetric(6, 1),
    )
}

/// A chip at body text size, for the one that names what a view shows (the event type).
pub fn large_chip_ui(ui: &mut Ui, text: &str, fill: Color32) -> Response {
    filled_label_ui(
        ui,
        RichText::new(text).strong(),
        fill,
        Margin::symmetric(8, 3),
    )
}

fn filled_label_ui(ui: &mut Ui, text: RichText, fill: Color32, margin: Margin) -> Response {
    egui::Frame::new()
        .fill(fill)
        .corner_radius(8)
        .inner_margin(margin)
        .show(ui, |ui| {
            ui.add(Label::new(text.color(theme::text_on(fill))).extend());
        })
        .response
}

/// Chips for a list of names, wrapped; a dash when the list is empty.
pub fn chips_ui(ui: &mut Ui, names: &[String], fill: Color32) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 4.0);
        if names.is_empty() {
            ui.label(DASH);
        }
        for name in names {
            chip_ui(ui, name, fill);
        }
    });
}

/// A grid of "label  value" rows. Fill it with [`field_ui`] and friends.
pub fn fields_ui(ui: &mut Ui, id_salt: &str, add_rows: impl FnOnce(&mut Ui)) {
    egui::Grid::new(id_salt)
        .num_columns(2)
        .spacing(vec2(12.0, 4.0))
        .striped(false)
        .show(ui, add_rows);
}

/// One text row of a [`fields_ui`] grid; missing values show as a dash.
pub fn field_ui(ui: &mut Ui, label: &str, value: Option<&str>) {
    ui.label(RichText::new(label).weak());
    ui.add(Label::new(or_dash(value)).wrap());
    ui.end_row();
}

/// One row of a [`fields_ui`] grid holding an id: monospace, with a button that copies it.
pub fn id_field_ui(ui: &mut Ui, label: &str, id: Option<&str>, actions: &mut Vec<UiAction>) {
    field_with_ui(ui, label, |ui| match id.filter(|id| !id.is_empty()) {
        Some(id) => {
            ui.add(Label::new(RichText::new(printable(id, MAX_ID_CHARS)).monospace()).wrap());
            copy_button_ui(ui, "Copy", id, actions);
        }
        None => {
            ui.label(DASH);
        }
    });
}

/// One row of a [`fields_ui`] grid whose value is drawn by `add_value`.
pub fn field_with_ui(ui: &mut Ui, label: &str, add_value: impl FnOnce(&mut Ui)) {
    ui.label(RichText::new(label).weak());
    ui.horizontal_wrapped(add_value);
    ui.end_row();
}

/// One date row of a [`fields_ui`] grid.
pub fn time_field_ui(ui: &mut Ui, label: &str, time: Option<Timestamp>, cx: &DisplayContext) {
    field_with_ui(ui, label, |ui| {
        time_ui(ui, time, cx);
    });
}

/// A date in the chosen zone with how long ago it was; UTC on hover.
pub fn time_ui(ui: &mut Ui, time: Option<Timestamp>, cx: &DisplayContext) -> Response {
    let Some(time) = time else {
        return ui.label(DASH);
    };
    let text = format!(
        "{} ({})",
        format_time(time, cx.zone),
        relative_time(time, cx.now)
    );
    ui.label(text)
        .on_hover_text(format!("{} UTC", format_timestamp(time)))
}

/// `2014-04-01 16:41:00` in the chosen zone.
pub fn format_time(time: Timestamp, zone: TimeZoneChoice) -> String {
    const FORMAT: &str = "%Y-%m-%d %H:%M:%S";
    match zone {
        TimeZoneChoice::Local => time.with_timezone(&Local).format(FORMAT).to_string(),
        TimeZoneChoice::Utc => format!("{} UTC", time.format(FORMAT)),
    }
}

/// How far `time` is from `now`, roughly: "just now", "5 min ago", "in 3 days".
pub fn relative_time(time: Timestamp, now: Timestamp) -> String {
    let delta = now.signed_duration_since(time);
    let (span, future) = if delta < TimeDelta::zero() {
        (-delta, true)
    } else {
        (delta, false)
    };
    let amount = match span.num_seconds() {
        0..60 => return "just now".to_owned(),
        60..3_600 => format!("{} min", span.num_minutes()),
        3_600..86_400 => format!("{} h", span.num_hours()),
        _ => days_text(span.num_days()),
    };
    if future {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

fn days_text(days: i64) -> String {
    match days {
        1 => "1 day".to_owned(),
        2..60 => format!("{days} days"),
        60..730 => format!("{} months", days / 30),
        _ => format!("{} years", days / 365),
    }
}

/// The host of a URL, for "opens example.org" hints.
pub fn host_of(url: &str) -> Option<String> {
    Url::parse(url).ok()?.host_str().map(str::to_owned)
}

/// Whether the views may ask for this image: HTTPS, or plain HTTP on loopback (demo mode;
/// the app's loader refuses loopback outside it).
pub fn is_loadable_image_url(url: &str) -> bool {
    Url::parse(url).is_ok_and(|url| is_https_or_loopback(&url))
}

/// A button that asks the app to open `url`, labelled with the link's host so that the
/// admin sees where it leads before clicking. Only HTTPS links are offered; the full address
/// shows on hover. Draws nothing without a URL.
pub fn link_button_ui(ui: &mut Ui, text: &str, url: Option<&str>, actions: &mut Vec<UiAction>) {
    let Some(url) = url.filter(|url| !url.trim().is_empty()) else {
        return;
    };
    let host = host_of(url).unwrap_or_else(|| "an unreadable address".to_owned());
    let is_https = Url::parse(url).is_ok_and(|parsed| is_https(&parsed));
    let response = ui
        .add_enabled(
            is_https,
            egui::Button::new(format!("{text} ({host})")).small(),
        )
        .on_hover_text(format!("Opens {} in the browser", printable(url, 300)))
        .on_disabled_hover_text(format!("Not opened: {host} is not an HTTPS link"));
    if response.clicked() {
        actions.push(UiAction::OpenUrl(url.to_owned()));
    }
}

/// A small button that asks the app to copy `text`.
pub fn copy_button_ui(ui: &mut Ui, label: &str, text: &str, actions: &mut Vec<UiAction>) {
    if ui
        .small_button(label)
        .on_hover_text("Copy to the clipboard")
        .clicked()
    {
        actions.push(UiAction::CopyText(text.to_owned()));
    }
}

/// Up to two initials of a name, upper case: "Data Privacy Refresher" gives "DP".
pub fn initials(name: &str) -> String {
    let letters: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if letters.is_empty() {
        "?".to_owned()
    } else {
        letters
    }
}

/// A square image of `side` points: the loaded image when allowed and ready, else a box
/// with the name's initials.
pub fn thumbnail_ui(
    ui: &mut Ui,
    name: Option<&str>,
    image_url: Option<&str>,
    side: f32,
    cx: &DisplayContext,
) {
    let (rect, response) = ui.allocate_exact_size(vec2(side, side), Sense::hover());
    let loaded = image_url
        .filter(|url| cx.load_images && is_loadable_image_url(url))
        .and_then(|url| {
            let hint = egui::load::SizeHint::Size {
                width: 128,
                height: 128,
                maintain_aspect_ratio: true,
            };
            ui.ctx()
                .try_load_texture(url, egui::TextureOptions::LINEAR, hint)
                .ok()
        });
    if let Some(egui::load::TexturePoll::Ready { texture }) = loaded {
        egui::Image::from_texture(texture)
            .fit_to_exact_size(rect.size())
            .paint_at(ui, rect);
    } else {
        placeholder_paint(ui, rect, name);
    }
    if let Some(url) = image_url {
        response.on_hover_text(format!(
            "Image: {}",
            host_of(url).as_deref().unwrap_or(DASH)
        ));
    }
}

fn placeholder_paint(ui: &Ui, rect: egui::Rect, name: Option<&str>) {
    let visuals = ui.visuals();
    let fill = visuals.faint_bg_color;
    ui.painter().rect_filled(rect, 6, fill);
    ui.painter().rect_stroke(
        rect,
        6,
        visuals.widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    ui.painter().text(
        rect.center(),
        Align2::CENTER_CENTER,
        initials(name.unwrap_or_default()),
        FontId::proportional(rect.height() * 0.38),
        visuals.weak_text_color(),
    );
}

#[cfg(test)]
mod tests {
    use crate::model::parse_timestamp;

    use super::*;

    fn at(text: &str) -> Timestamp {
        parse_timestamp(text).unwrap()
    }

    #[test]
    fn relative_times_round_to_one_unit() {
        let now = at("2026-01-10T12:00:00Z");
        let cases = [
            ("2026-01-10T12:00:00Z", "just now"),
            ("2026-01-10T11:59:30Z", "just now"),
            ("2026-01-10T11:55:00Z", "5 min ago"),
            ("2026-01-10T09:00:00Z", "3 h ago"),
            ("2026-01-09T11:00:00Z", "1 day ago"),
            ("2026-01-01T12:00:00Z", "9 days ago"),
            ("2025-10-01T12:00:00Z", "3 months ago"),
            ("2014-04-01T14:41:00Z", "11 years ago"),
            ("2026-01-13T12:00:00Z", "in 3 days"),
        ];
        for (time, expected) in cases {
            assert_eq!(relative_time(at(time), now), expected, "{time}");
        }
    }

    #[test]
    fn initials_take_the_first_letters_of_two_words() {
        let cases = [
            ("Data Privacy Refresher 2026", "DP"),
            ("API Integrator", "AI"),
            ("élan", "É"),
            ("  ", "?"),
            ("<b>Bold</b> name", "BN"),
        ];
        for (name, expected) in cases {
            assert_eq!(initials(name), expected, "{name}");
        }
    }

    #[test]
    fn hidden_characters_become_escapes_and_long_text_is_cut() {
        let cases = [
            ("badge.created", 80, "badge.created"),
            (
                "ev-\u{0}\u{1b}[2J\r\n",
                80,
                "ev-\\u{0}\\u{1b}[2J\\u{d}\\u{a}",
            ),
            ("abc\u{202e}fed", 80, "abc\\u{202e}fed"),
            ("ééééé", 3, "ééé…"),
            ("ééé", 3, "ééé"),
        ];
        for (text, max_chars, expected) in cases {
            assert_eq!(printable(text, max_chars), expected, "{text:?}");
        }
        let long = "x".repeat(8 * 1024 * 1024);
        assert_eq!(printable(&long, 100).chars().count(), 101);
    }

    #[test]
    fn images_load_only_over_https_or_loopback_http() {
        let cases = [
            ("https://images.credly.com/a.png", true),
            ("http://127.0.0.1:8080/a.png", true),
            ("http://localhost/a.png", true),
            ("http://[::1]/a.png", true),
            ("http://images.credly.com/a.png", false),
            ("file:///etc/passwd", false),
            ("data:image/png;base64,AAAA", false),
            ("not a url", false),
        ];
        for (url, expected) in cases {
            assert_eq!(is_loadable_image_url(url), expected, "{url}");
        }
    }

    #[test]
    fn utc_times_say_so() {
        assert_eq!(
            format_time(at("2014-04-01T14:41:00.000Z"), TimeZoneChoice::Utc),
            "2014-04-01 14:41:00 UTC"
        );
    }
}
