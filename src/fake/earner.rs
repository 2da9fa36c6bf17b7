//! The people of the fake organization: the organization itself and the earners its
//! badges go to.
//!
//! Static after they are drawn, except for account, Connect and employment links that the
//! simulation updates. Depends on `names`, `ids` and `world`'s index helpers.

use std::collections::HashSet;

use fastrand::Rng;
use uuid::Uuid;

use super::ids::random_uuid;
use super::names::{self, nth};
use super::world::{NONE, to_u32};

/// The organization whose events are served: issuer of every badge, owner of every
/// template, employer of every employee.
#[derive(Clone, Debug)]
pub(super) struct Org {
    pub id: String,
    pub name: &'static str,
    pub slug: &'static str,
    pub bio: &'static str,
}

impl Org {
    pub(super) fn new(id: String, rng: &mut Rng) -> Self {
        let (name, slug, bio) = nth(&names::ORGANIZATIONS, rng.usize(..));
        Self {
            id,
            name,
            slug,
            bio,
        }
    }
}

/// Whether an earner has a Credly account, which decides the notification a pending badge
/// sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Account {
    Confirmed,
    Unconfirmed,
    Missing,
}

/// A person who earns badges. The user id exists even before the account does: it is the
/// id the account gets once the earner signs up.
#[derive(Clone, Debug)]
pub(super) struct Earner {
    pub user_id: Uuid,
    pub first: u8,
    pub middle: Option<u8>,
    pub last: u8,
    pub domain: u8,
    /// Disambiguates the email of earners who share a name and domain.
    pub email_number: Option<u32>,
    pub country: Option<u8>,
    pub crm_id: Option<u32>,
    pub account: Account,
    /// Whether the earner lets the organization see their public badges (Credly Connect).
    pub connect: bool,
    /// Current employment record, or `NONE`.
    pub employee: u32,
    /// Newest badge of this earner, head of the list linked by `Badge::earlier_of_earner`.
    pub last_badge: u32,
}

impl Earner {
    pub(super) fn first_name(&self) -> &'static str {
        nth(&names::FIRST_NAMES, usize::from(self.first))
    }

    pub(super) fn middle_name(&self) -> Option<&'static str> {
        self.middle
            .map(|middle| nth(&names::FIRST_NAMES, usize::from(middle)))
    }

    pub(super) fn last_name(&self) -> &'static str {
        nth(&names::LAST_NAMES, usize::from(self.last))
    }

    pub(super) fn full_name(&self) -> String {
        match self.middle_name() {
            Some(middle) => format!("{} {middle} {}", self.first_name(), self.last_name()),
            None => format!("{} {}", self.first_name(), self.last_name()),
        }
    }

    pub(super) fn email(&self) -> String {
        let number = self.email_number.map(|n| n.to_string()).unwrap_or_default();
        let domain = nth(&names::EMAIL_DOMAINS, usize::from(self.domain));
        let local = format!("{}.{}{number}", self.first_name(), self.last_name());
        format!("{}@{domain}", local.to_ascii_lowercase())
    }

    pub(super) fn country(&self) -> Option<(&'static str, &'static str, Option<&'static str>)> {
        self.country
            .map(|country| nth(&names::COUNTRIES, usize::from(country)))
    }
}

/// Draws `count` earners: a third with a middle name, most with a confirmed account.
pub(super) fn draw_earners(rng: &mut Rng, count: usize) -> Vec<Earner> {
    let mut names_seen = HashSet::with_capacity(count);
    let mut earners = Vec::with_capacity(count);
    for position in 0..count {
        let (first, last, domain) = (rng.u8(..80), rng.u8(..80), rng.u8(..5));
        let unique = names_seen.insert((first, last, domain));
        let account = match rng.u8(..100) {
            0..65 => Account::Confirmed,
            65..75 => Account::Unconfirmed,
            _ => Account::Missing,
        };
        earners.push(Earner {
            user_id: random_uuid(rng),
            first,
            middle: (rng.u8(..100) < 30).then(|| rng.u8(..80)),
            last,
            domain,
            email_number: (!unique).then(|| to_u32(position)),
            country: (rng.u8(..100) < 40).then(|| rng.u8(..10)),
            crm_id: (rng.bool()).then(|| rng.u32(1..1_000_000)),
            account,
            connect: account == Account::Confirmed && rng.u8(..100) < 40,
            employee: NONE,
            last_badge: NONE,
        });
    }
    earners
}
