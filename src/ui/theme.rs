//! Colours: event categories, state chips, markers.
//!
//! Uses only `model` for the enums it colours. Chip colours are mid-tone fills that read in
//! both the dark and the light theme, with the text colour chosen by [`text_on`].

use egui::Color32;

use crate::model::{BadgeState, EventCategory};

/// The marker of the production environment (top bar, window title chip): every action
/// there touches real data.
pub const PRODUCTION: Color32 = Color32::from_rgb(0xDC, 0x26, 0x26);

/// Marks an expired badge.
pub const EXPIRED: Color32 = Color32::from_rgb(0xB9, 0x1C, 0x1C);

/// Marks what an event changed, e.g. the badge an `employment.badges.*` event is about.
pub const CHANGED: Color32 = Color32::from_rgb(0xF5, 0x9E, 0x0B);

/// Chips whose state we do not know.
pub const NEUTRAL: Color32 = Color32::from_rgb(0x64, 0x74, 0x8B);

/// The colour of an event category, for type chips and timeline dots.
pub fn category_color(category: EventCategory) -> Color32 {
    match category {
        EventCategory::Badge => Color32::from_rgb(0x02, 0x84, 0xC7),
        EventCategory::BadgeTemplate => Color32::from_rgb(0x63, 0x66, 0xF1),
        EventCategory::PendingNotification => Color32::from_rgb(0xB4, 0x53, 0x09),
        EventCategory::User => Color32::from_rgb(0x0F, 0x76, 0x6E),
        EventCategory::Employment => Color32::from_rgb(0xC0, 0x26, 0xD3),
        EventCategory::Other => NEUTRAL,
    }
}

/// The chip colour of an issued badge's state.
pub fn badge_state_color(state: &BadgeState) -> Color32 {
    state_color(state.as_str())
}

/// The chip colour of any state text: badge, template, employee or job-history states.
pub fn state_color(state: &str) -> Color32 {
    match state {
        "pending" => Color32::from_rgb(0xD9, 0x77, 0x06),
        "accepted" | "active" => Color32::from_rgb(0x16, 0xA3, 0x4A),
        "rejected" => Color32::from_rgb(0xEA, 0x58, 0x0C),
        "revoked" | "expired" => EXPIRED,
        "replaced" | "archived" => Color32::from_rgb(0x6B, 0x72, 0x80),
        "draft" => Color32::from_rgb(0x7C, 0x3A, 0xED),
        _ => NEUTRAL,
    }
}

/// Black or white, whichever reads better on `fill`.
pub fn text_on(fill: Color32) -> Color32 {
    let [red, green, blue, _] = fill.to_array();
    let luma = 0.299 * f32::from(red) + 0.587 * f32::from(green) + 0.114 * f32::from(blue);
    if luma > 160.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_have_distinct_colours() {
        let colors: std::collections::HashSet<_> =
            EventCategory::ALL.into_iter().map(category_color).collect();
        assert_eq!(colors.len(), EventCategory::ALL.len());
    }

    #[test]
    fn chip_text_contrasts_with_its_fill() {
        let cases = [
            (Color32::WHITE, Color32::BLACK),
            (Color32::BLACK, Color32::WHITE),
            (CHANGED, Color32::BLACK),
            (PRODUCTION, Color32::WHITE),
            (state_color("accepted"), Color32::WHITE),
        ];
        for (fill, text) in cases {
            assert_eq!(text_on(fill), text, "{fill:?}");
        }
    }
}
