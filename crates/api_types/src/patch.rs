//! Partial updates: a field left out of a PATCH body stays as it is, `null` clears it.

use serde::{Deserialize, Deserializer};

/// `#[serde(default, deserialize_with = "double_option")]` on an `Option<Option<T>>` field
/// tells "absent" (`None`) apart from "null" (`Some(None)`).
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
