//! What the window remembers across restarts, in eframe's storage. Never a secret.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::ViewFilter;

/// The key of the preferences in eframe's storage.
pub const PREFS_KEY: &str = "credly-monitor-prefs";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub filter: ViewFilter,
    pub utc: bool,
    /// Event types that raise a desktop notification; none by default.
    pub notify_types: BTreeSet<String>,
    pub show_histogram: bool,
}

impl Prefs {
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Self {
        storage
            .and_then(|storage| eframe::get_value(storage, PREFS_KEY))
            .unwrap_or_default()
    }

    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, self);
    }
}
