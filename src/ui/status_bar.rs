//! The status bar: how many events are shown of how many held, and what is cached.

use egui::Ui;

pub struct StatusInput {
    pub num_shown: usize,
    pub num_total: usize,
    pub num_details: usize,
    pub searching: bool,
    pub filtered: bool,
}

pub struct StatusBar;

impl StatusBar {
    pub fn ui(ui: &mut Ui, input: &StatusInput) {
        ui.horizontal(|ui| {
            if input.filtered {
                ui.label(format!(
                    "Showing {} of {} events",
                    thousands(input.num_shown),
                    thousands(input.num_total)
                ));
            } else {
                ui.label(format!("{} events", thousands(input.num_total)));
            }
            if input.searching {
                ui.spinner();
                ui.weak("searching…");
            }
            ui.separator();
            ui.weak(format!("{} details cached", thousands(input.num_details)));
            ui.separator();
            ui.weak("Up/Down or j/k: move · Enter: open · /: search · Esc: clear");
        });
    }
}

/// A count with thin spaces between thousands: "1 234 567".
pub fn thousands(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1\u{202f}000"),
            (1_234_567, "1\u{202f}234\u{202f}567"),
        ];
        for (count, text) in cases {
            assert_eq!(thousands(count), text);
        }
    }
}
