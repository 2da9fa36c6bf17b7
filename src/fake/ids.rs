//! Identifiers of the fake: uuids drawn from the seeded generator, uuids derived from other
//! uuids, and the map that finds an event by its id.
//!
//! Depends on nothing else in the fake.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use uuid::Uuid;

/// A random (version 4) uuid drawn from `rng`, so a seed always yields the same ids.
pub(super) fn random_uuid(rng: &mut fastrand::Rng) -> Uuid {
    let mut bytes = [0_u8; 16];
    rng.fill(&mut bytes);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// A random-looking uuid that is a pure function of `base` and `salt`, for ids the fake
/// never stores (image ids, employment history ids).
pub(super) fn derived_uuid(base: Uuid, salt: u64) -> Uuid {
    let (high, low) = base.as_u64_pair();
    let first = mix(high ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let second = mix(low.wrapping_add(salt) ^ first);
    let mut bytes = [0_u8; 16];
    let (left, right) = bytes.split_at_mut(8);
    left.copy_from_slice(&first.to_le_bytes());
    right.copy_from_slice(&second.to_le_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// The splitmix64 finalizer: a cheap bijection that scatters bits.
pub(super) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The map key of an id: its bits folded and scattered. The raw halves will not do as hash
/// values: their version and variant bits are fixed, and fixed bits in the low half cluster
/// the map's buckets.
pub(super) fn key(id: Uuid) -> u64 {
    let (high, low) = id.as_u64_pair();
    mix(high ^ low)
}

/// Maps the key of an event id to the event's position.
pub(super) type IdIndex = HashMap<u64, u32, BuildHasherDefault<KeyHasher>>;

/// Hashes a `u64` key to itself: `key` scatters the bits already, and `SipHash` would cost
/// more than the whole insert when a million events are generated.
#[derive(Default)]
pub(super) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_uuids_follow_the_seed_and_are_version_4() {
        let first = random_uuid(&mut fastrand::Rng::with_seed(7));
        let again = random_uuid(&mut fastrand::Rng::with_seed(7));
        assert_eq!(first, again);
        assert_eq!(first.get_version_num(), 4);
    }

    #[test]
    fn derived_uuids_depend_on_base_and_salt() {
        let base = random_uuid(&mut fastrand::Rng::with_seed(1));
        assert_eq!(derived_uuid(base, 3), derived_uuid(base, 3));
        assert_ne!(derived_uuid(base, 3), derived_uuid(base, 4));
        assert_ne!(derived_uuid(base, 3), base);
    }
}
