//! Conversions between stored values and domain values.

use chrono::{DateTime, NaiveDateTime, Utc};
use domain::id::{Id, IdKind};

/// A UTC instant as stored (microsecond precision, no zone).
pub fn to_db(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc()
}

/// A stored instant back in UTC.
pub fn from_db(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// `now` cut to microseconds, the precision both databases keep, so what is returned at
/// creation equals what is read back later.
pub fn truncate(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at)
}

/// An id from its stored bytes; bytes that are not 16 long come back as the nil id, which
/// matches nothing.
pub fn id<K: IdKind>(bytes: &[u8]) -> Id<K> {
    Id::from_bytes(bytes).unwrap_or_else(|| Id::from_uuid(uuid::Uuid::nil()))
}

/// An optional id from optional stored bytes.
pub fn opt_id<K: IdKind>(bytes: Option<&Vec<u8>>) -> Option<Id<K>> {
    bytes.map(|b| id(b))
}

/// The bytes to store for an id.
pub fn bytes<K: IdKind>(id: &Id<K>) -> Vec<u8> {
    id.as_bytes().to_vec()
}
