//! A JSON value as a tree of collapsing headers.
//!
//! Our own small tree: the JSON-tree crates do not yet follow our egui version. Only open
//! nodes are laid out, and a node lists at most [`MAX_CHILDREN`] children, so a huge payload
//! stays cheap to draw.

use egui::{AsIdSalt, CollapsingHeader, Color32, Label, RichText, Ui};
use serde_json::Value;

use crate::ui::widgets::printable;

/// The most children one node lists; the rest are counted.
const MAX_CHILDREN: usize = 500;

/// The most characters a key or a string shows; the raw text view and "Copy JSON" hold all.
const MAX_LEAF_CHARS: usize = 2_000;

/// Nodes shallower than this start open.
const OPEN_DEPTH: usize = 2;

const STRING: Color32 = Color32::from_rgb(0x3F, 0x9F, 0x5F);
const NUMBER: Color32 = Color32::from_rgb(0x3B, 0x82, 0xF6);
const KEYWORD: Color32 = Color32::from_rgb(0xA8, 0x55, 0xF7);

/// Shows `value` as a tree whose first two levels start open. The root's members are shown
/// directly, without a header of their own.
pub fn json_tree_ui(ui: &mut Ui, id_salt: impl AsIdSalt, value: &Value) {
    ui.push_id(id_salt, |ui| match value {
        Value::Object(_) | Value::Array(_) => children_ui(ui, value, 0),
        scalar => leaf_ui(ui, None, scalar),
    });
}

fn children_ui(ui: &mut Ui, value: &Value, depth: usize) {
    let num_children = match value {
        Value::Object(members) => {
            for (key, member) in members.iter().take(MAX_CHILDREN) {
                node_ui(ui, key, member, depth);
            }
            members.len()
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate().take(MAX_CHILDREN) {
                node_ui(ui, &format!("[{index}]"), item, depth);
            }
            items.len()
        }
        _ => 0,
    };
    if num_children > MAX_CHILDREN {
        ui.weak(format!(
            "… {} more (the text view shows them all)",
            num_children - MAX_CHILDREN
        ));
    }
}

fn node_ui(ui: &mut Ui, key: &str, value: &Value, depth: usize) {
    let summary = match value {
        Value::Object(members) if !members.is_empty() => format!("{{{}}}", members.len()),
        Value::Array(items) if !items.is_empty() => format!("[{}]", items.len()),
        scalar => return leaf_ui(ui, Some(key), scalar),
    };
    CollapsingHeader::new(RichText::new(format!("{key}  {summary}")).monospace())
        .id_salt(key)
        .default_open(depth < OPEN_DEPTH)
        .show(ui, |ui| children_ui(ui, value, depth + 1));
}

fn leaf_ui(ui: &mut Ui, key: Option<&str>, value: &Value) {
    let (text, color) = match value {
        Value::String(text) => (format!("\"{}\"", printable(text, MAX_LEAF_CHARS)), STRING),
        Value::Number(number) => (number.to_string(), NUMBER),
        Value::Bool(flag) => (flag.to_string(), KEYWORD),
        Value::Null => ("null".to_owned(), KEYWORD),
        Value::Object(_) => ("{}".to_owned(), KEYWORD),
        Value::Array(_) => ("[]".to_owned(), KEYWORD),
    };
    ui.horizontal_wrapped(|ui| {
        if let Some(key) = key {
            let key = printable(key, MAX_LEAF_CHARS);
            ui.label(RichText::new(format!("{key}:")).monospace().weak());
        }
        ui.add(Label::new(RichText::new(text).monospace().color(color)).wrap());
    });
}
