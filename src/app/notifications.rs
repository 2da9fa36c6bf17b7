//! Desktop notifications for new events of the types the user picked (`Prefs::notify_types`).
//!
//! At most one notification per batch of new events, summarising the count. They are shown
//! from a named background thread, since the notification service may be slow or absent;
//! without one, the first failure is logged at debug level and later ones are silent.

use std::collections::BTreeSet;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};

use super::CredlyApp;
use crate::model::Event;
use crate::sync::SyncStatus;

/// Notifications waiting for the service at most; more are dropped.
const QUEUE: usize = 4;

/// The title and body of one desktop notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationText {
    pub summary: String,
    pub body: String,
}

/// The sender to the notification thread, started on first use.
#[derive(Debug, Default)]
pub(super) struct Notifier {
    sender: Option<SyncSender<NotificationText>>,
    failed_to_start: bool,
}

impl Notifier {
    fn send(&mut self, text: NotificationText) {
        if self.sender.is_none() && !self.failed_to_start {
            self.sender = start_thread();
            self.failed_to_start = self.sender.is_none();
        }
        let Some(sender) = &self.sender else {
            return;
        };
        match sender.try_send(text) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => tracing::debug!("notification dropped: too many queued"),
            Err(TrySendError::Disconnected(_)) => self.sender = None,
        }
    }
}

fn start_thread() -> Option<SyncSender<NotificationText>> {
    let (sender, receiver) = sync_channel(QUEUE);
    let started = std::thread::Builder::new()
        .name("desktop-notify".to_owned())
        .spawn(move || show_all(&receiver));
    match started {
        Ok(_) => Some(sender),
        Err(err) => {
            tracing::debug!(error = %err, "cannot start the notification thread");
            None
        }
    }
}

/// Shows notifications until the app drops its sender.
fn show_all(receiver: &Receiver<NotificationText>) {
    let mut logged = false;
    while let Ok(text) = receiver.recv() {
        let shown = notify_rust::Notification::new()
            .appname("Credly Monitor")
            .summary(&text.summary)
            .body(&text.body)
            .show();
        if let Err(err) = shown
            && !logged
        {
            logged = true;
            tracing::debug!(error = %err, "desktop notifications are unavailable");
        }
    }
}

/// The one notification for a batch of new events, `None` when no event's type is chosen.
pub fn batch_notification(events: &[Event], chosen: &BTreeSet<String>) -> Option<NotificationText> {
    if chosen.is_empty() {
        return None;
    }
    let matching: Vec<&Event> = events
        .iter()
        .filter(|event| chosen.contains(event.event_type.as_str()))
        .collect();
    let first = matching.first()?;
    let types: BTreeSet<&str> = matching
        .iter()
        .map(|event| event.event_type.as_str())
        .collect();
    let summary = match matching.len() {
        1 => "1 new Credly event".to_owned(),
        count => format!("{count} new Credly events"),
    };
    let body = match types.len() {
        1 => first.event_type.as_str().to_owned(),
        num_types => format!(
            "{} and {} more types",
            first.event_type.as_str(),
            num_types - 1
        ),
    };
    Some(NotificationText { summary, body })
}

impl CredlyApp {
    /// Raises one notification for a poll's new events of the chosen types. The first full
    /// read of an organization raises none.
    pub(super) fn notify_new_events(&mut self, events: &[Event]) {
        if matches!(self.status, SyncStatus::Backfilling { .. }) {
            return;
        }
        if let Some(text) = batch_notification(events, &self.prefs.notify_types) {
            self.notifier.send(text);
        }
    }

    pub(super) fn set_notify(&mut self, event_type: String, notify: bool) {
        if notify {
            self.prefs.notify_types.insert(event_type);
        } else {
            self.prefs.notify_types.remove(&event_type);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn event(id: &str, event_type: &str) -> Event {
        let raw =
            json!({"id": id, "event_type": event_type, "occurred_at": "2024-01-01T00:00:00Z"});
        Event::from_json(raw).unwrap()
    }

    #[test]
    fn one_notification_sums_up_the_chosen_types_of_a_batch() {
        let events = [
            event("a", "badge.created"),
            event("b", "user.deleted"),
            event("c", "badge.created"),
            event("d", "employment.created"),
        ];
        let chosen = |names: &[&str]| names.iter().map(|&name| name.to_owned()).collect();
        let text = |summary: &str, body: &str| {
            Some(NotificationText {
                summary: summary.to_owned(),
                body: body.to_owned(),
            })
        };
        let cases = [
            (chosen(&[]), None),
            (chosen(&["badge.revoked"]), None),
            (
                chosen(&["user.deleted"]),
                text("1 new Credly event", "user.deleted"),
            ),
            (
                chosen(&["badge.created"]),
                text("2 new Credly events", "badge.created"),
            ),
            (
                chosen(&["badge.created", "employment.created"]),
                text("3 new Credly events", "badge.created and 1 more types"),
            ),
        ];
        for (chosen, expected) in cases {
            assert_eq!(batch_notification(&events, &chosen), expected, "{chosen:?}");
        }
    }
}
