//! Partial updates: a field left out of a PATCH body stays as it is, `null` clears it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One field of a PATCH body: left out, `null`, or a new value.
///
/// Use with `#[serde(default, skip_serializing_if = "Patch::is_absent")]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Patch<T> {
    /// Not in the body: the field stays as it is.
    #[default]
    Absent,
    /// `null`: the field is cleared (or reset to its default).
    Null,
    /// A new value.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether the body left the field out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// The field's new state given its `current` one.
    pub fn or(self, current: Option<T>) -> Option<T> {
        match self {
            Patch::Absent => current,
            Patch::Null => None,
            Patch::Value(value) => Some(value),
        }
    }

    /// Like [`Patch::or`] for a field that is never empty: `null` gives the default.
    pub fn or_default(self, current: T) -> T
    where
        T: Default,
    {
        match self {
            Patch::Absent => current,
            Patch::Null => T::default(),
            Patch::Value(value) => value,
        }
    }

    /// A patch that sets the field to `value` (`None` clears it).
    pub fn set(value: Option<T>) -> Self {
        value.map_or(Patch::Null, Patch::Value)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Called only when the field is present: absent fields take the default.
        Option::<T>::deserialize(deserializer).map(Patch::set)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Absent | Patch::Null => serializer.serialize_none(),
            Patch::Value(value) => value.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
    struct Body {
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        name: Patch<String>,
    }

    #[test]
    fn absent_null_and_value_are_told_apart() {
        let parse = |text: &str| serde_json::from_str::<Body>(text).map(|b| b.name).ok();
        assert_eq!(parse("{}"), Some(Patch::Absent));
        assert_eq!(parse(r#"{"name":null}"#), Some(Patch::Null));
        assert_eq!(parse(r#"{"name":"x"}"#), Some(Patch::Value("x".into())));
        let back = |name| serde_json::to_string(&Body { name }).unwrap_or_default();
        assert_eq!(back(Patch::Absent), "{}");
        assert_eq!(back(Patch::Null), r#"{"name":null}"#);
        assert_eq!(Patch::Absent.or(Some(1)), Some(1));
        assert_eq!(Patch::Null.or(Some(1)), None);
        assert_eq!(Patch::Value(2).or_default(1), 2);
        assert_eq!(Patch::<i32>::Null.or_default(1), 0);
    }
}
