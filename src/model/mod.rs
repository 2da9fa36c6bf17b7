//! Domain types and pure logic: events, their types and payloads.
//!
//! Uses nothing else of ours. Does no I/O.

mod address;
mod event;
mod event_type;
mod fields;
mod filter;
mod ids;
mod payload;
mod summary;
mod time;
mod timeline;
mod view_filter;

pub use address::{is_https, is_https_or_loopback, is_loopback};
pub use event::{Event, ModelError, clip};
pub use event_type::{EventCategory, EventType, TypePattern};
pub use filter::Filter;
pub use ids::{EventId, OrganizationId};
pub use payload::{
    Activity, BadgeState, BadgeTemplate, BadgeVariant, Employer, Employment, EmploymentHistory,
    EmploymentMinimal, EventDetail, Evidence, IssuedBadge, Issuer, Payload,
};
pub use summary::summary_line;
pub use time::{Timestamp, format_timestamp, parse_timestamp};
pub use timeline::{MAX_SUMMARY_BYTES, Timeline, TimelineBatch, TimelineEntry, TimelineRow};
pub use view_filter::{TimeRange, TypeChoice, ViewFilter};

pub(crate) use event::excerpt;
