//! The events related to the selected one: the other cached events of the same badge,
//! template, employee or user, found through the cache's search on the subject's id.

use crate::model::{Event, EventDetail, EventId};
use crate::sync::WorkerCommand;
use crate::ui::{DetailState, RelatedSubject};

use super::{CredlyApp, event_of_row};

/// Search generations for related events start here, far from the search box's own.
const FIRST_GENERATION: u64 = 1 << 62;

/// The related events of the selected event.
#[derive(Debug)]
pub(super) struct RelatedState {
    /// The event they are related to.
    of: Option<EventId>,
    generation: u64,
    /// Oldest first.
    events: Vec<Event>,
}

impl Default for RelatedState {
    fn default() -> Self {
        Self {
            of: None,
            generation: FIRST_GENERATION,
            events: Vec::new(),
        }
    }
}

impl CredlyApp {
    /// Asks the worker for the events about the same subject as the loaded detail of `id`.
    pub(super) fn find_related(&mut self, id: &EventId, detail: &EventDetail) {
        let Some(subject) = RelatedSubject::of(detail).into_iter().next() else {
            return;
        };
        let (RelatedSubject::Badge(subject_id)
        | RelatedSubject::Template(subject_id)
        | RelatedSubject::Employee(subject_id)
        | RelatedSubject::User(subject_id)) = subject;
        self.related.of = Some(id.clone());
        self.related.generation += 1;
        self.related.events.clear();
        self.send(WorkerCommand::Search {
            query: subject_id,
            generation: self.related.generation,
        });
    }

    /// Takes search results when they answer [`CredlyApp::find_related`]; `false` otherwise.
    pub(super) fn take_related(&mut self, generation: u64, ids: &[EventId]) -> bool {
        if generation < FIRST_GENERATION {
            return false;
        }
        if generation != self.related.generation {
            return true;
        }
        let mut events: Vec<Event> = ids
            .iter()
            .filter_map(|id| self.timeline.position_of(id.as_str()))
            .filter_map(|position| self.timeline.get(position))
            .map(|row| event_of_row(&row, self.details.get(&EventId::new(row.id))))
            .collect();
        events.sort_by(|a, b| (a.occurred_at, &a.id).cmp(&(b.occurred_at, &b.id)));
        // The diff needs the detail of the event just before the selected one.
        if let Some(previous) = self.previous_related_id(&events)
            && !self.details.contains_key(&previous)
        {
            self.details.insert(previous.clone(), DetailState::Loading);
            self.send(WorkerCommand::FetchDetail(previous));
        }
        self.related.events = events;
        true
    }

    /// The related events of the selected event, oldest first.
    pub(super) fn related_events(&self) -> &[Event] {
        match (&self.related.of, &self.selected) {
            (Some(of), Some(selected)) if *of == selected.id => &self.related.events,
            _ => &[],
        }
    }

    /// The loaded detail of the related event just before the selected one.
    pub(super) fn previous_related_detail(&self) -> Option<&EventDetail> {
        let previous = self.previous_related_id(self.related_events())?;
        match self.details.get(&previous)? {
            DetailState::Loaded(detail) => Some(detail),
            _ => None,
        }
    }

    fn previous_related_id(&self, events: &[Event]) -> Option<EventId> {
        let selected = self.selected.as_ref()?;
        let index = events.iter().position(|event| event.id == selected.id)?;
        let previous = index.checked_sub(1)?;
        events.get(previous).map(|event| event.id.clone())
    }
}
