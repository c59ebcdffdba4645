//! Cursors: where a page ended, as an opaque string the next request hands back.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Datelike};

use super::{KeyValue, SortKey};

/// Where the previous page ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct After {
    pub(super) value: KeyValue,
    pub(super) id: Vec<u8>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn encode_cursor(sort: SortKey, after: &After) -> String {
    let value = match &after.value {
        KeyValue::None => String::new(),
        KeyValue::Text(text) => text.clone(),
        KeyValue::Time(at) => at.and_utc().timestamp_micros().to_string(),
        KeyValue::Int(n) => n.to_string(),
    };
    let text = format!("{}|{}|{value}", sort.tag(), hex(&after.id));
    URL_SAFE_NO_PAD.encode(text)
}

/// The position in a cursor made for `sort`; `None` for anything else.
pub(super) fn decode_cursor(raw: &str, sort: SortKey) -> Option<After> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(raw).ok()?).ok()?;
    let mut parts = text.splitn(3, '|');
    let tag = parts.next()?;
    let id_hex = parts.next()?;
    let value = parts.next()?;
    if tag.len() != 1 || !tag.starts_with(sort.tag()) || id_hex.len() != 32 {
        return None;
    }
    let id: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(id_hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    let value = match sort {
        SortKey::Created if value.is_empty() => KeyValue::None,
        SortKey::Created => return None,
        SortKey::Name | SortKey::CloseDate | SortKey::EndsOn | SortKey::Email
            if value.contains('\0') =>
        {
            return None
        }
        SortKey::Name | SortKey::CloseDate | SortKey::EndsOn | SortKey::Email => {
            KeyValue::Text(value.to_owned())
        }
        SortKey::Updated | SortKey::SlaDue | SortKey::Placed | SortKey::Due => {
            let at = DateTime::from_timestamp_micros(value.parse().ok()?)?;
            if !(1..=9999).contains(&at.year()) {
                return None;
            }
            KeyValue::Time(at.naive_utc())
        }
        SortKey::Position
        | SortKey::Number
        | SortKey::Priority
        | SortKey::Score
        | SortKey::Amount => KeyValue::Int(value.parse().ok()?),
    };
    Some(After { value, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_fit_only_their_sort() {
        let id = vec![7u8; 16];
        let at = DateTime::from_timestamp_micros(1_700_000_000_123_456)
            .map(|d| d.naive_utc())
            .unwrap_or_default();
        for (sort, value) in [
            (SortKey::Created, KeyValue::None),
            (SortKey::Name, KeyValue::Text("acme | corp".into())),
            (SortKey::Updated, KeyValue::Time(at)),
            (SortKey::Position, KeyValue::Int(-3)),
            (SortKey::Number, KeyValue::Int(1042)),
            (SortKey::SlaDue, KeyValue::Time(at)),
        ] {
            let after = After {
                value,
                id: id.clone(),
            };
            let cursor = encode_cursor(sort, &after);
            assert_eq!(decode_cursor(&cursor, sort), Some(after));
            let other = if sort == SortKey::Name {
                SortKey::Created
            } else {
                SortKey::Name
            };
            assert_eq!(decode_cursor(&cursor, other), None);
        }
    }

    #[test]
    fn crafted_cursors_are_refused() {
        for text in [
            "c|zz|",
            "u|07070707070707070707070707070707|99999999999999999999",
            "u|07070707070707070707070707070707|-62135596800000001",
            "n|07070707070707070707070707070707|a\0b",
            "p|07070707070707070707070707070707|1.5",
            "c|0707070707070707070707070707070|",
        ] {
            let sort = match text.as_bytes()[0] {
                b'u' => SortKey::Updated,
                b'n' => SortKey::Name,
                b'p' => SortKey::Position,
                _ => SortKey::Created,
            };
            assert_eq!(
                decode_cursor(&URL_SAFE_NO_PAD.encode(text), sort),
                None,
                "{text}"
            );
        }
        assert_eq!(decode_cursor("not a cursor", SortKey::Created), None);
    }
}
