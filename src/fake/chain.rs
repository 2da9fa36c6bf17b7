//! Snapshots of an entity's state after each event that changed it, linked newest first, so
//! that the state at any event can be found again without storing it per event.
//!
//! Depends only on `world`'s index helpers.

use super::world::{NONE, to_u32};

/// One entity's value after an event, linked to its previous value.
#[derive(Clone, Copy, Debug)]
pub(super) struct Snap<T> {
    /// The event after which the entity looked like this.
    pub seq: u32,
    prev: u32,
    pub value: T,
}

/// Snapshots of all entities of one kind, each entity's linked newest first from its
/// `head`.
#[derive(Debug)]
pub(super) struct Chain<T> {
    snaps: Vec<Snap<T>>,
}

impl<T: Copy> Chain<T> {
    pub(super) fn new() -> Self {
        Self { snaps: Vec::new() }
    }

    pub(super) fn get(&self, index: u32) -> &Snap<T> {
        self.snaps
            .get(index as usize)
            .expect("snapshot indexes are handed out by this chain")
    }

    /// Records `value` as the entity's state after event `seq` and moves `head` to it.
    pub(super) fn push(&mut self, head: &mut u32, seq: u32, value: T) -> u32 {
        let index = to_u32(self.snaps.len());
        self.snaps.push(Snap {
            seq,
            prev: *head,
            value,
        });
        *head = index;
        index
    }

    /// The entity's newest snapshot made at or before event `seq`.
    pub(super) fn at(&self, head: u32, seq: u32) -> Option<&Snap<T>> {
        let mut index = head;
        while index != NONE {
            let snap = self.get(index);
            if snap.seq <= seq {
                return Some(snap);
            }
            index = snap.prev;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_finds_the_state_at_an_event() {
        let mut chain = Chain::new();
        let mut head = NONE;
        chain.push(&mut head, 3, 'a');
        chain.push(&mut head, 7, 'b');
        chain.push(&mut head, 7, 'c');
        assert!(chain.at(head, 2).is_none());
        assert_eq!(chain.at(head, 3).map(|snap| snap.value), Some('a'));
        assert_eq!(chain.at(head, 6).map(|snap| snap.value), Some('a'));
        assert_eq!(chain.at(head, 7).map(|snap| snap.value), Some('c'));
        assert_eq!(chain.at(head, 100).map(|snap| snap.value), Some('c'));
    }
}
