//! A partner's own questions on a new ticket (custom ticket fields): what an admin defines
//! here, and how a customer's answers are read ([`answers`]). The answers are kept with the ticket together with
//! the question's label as it read then, so a later change to the partner's questions never
//! changes what a customer was asked.

use crate::account::string_enum;
use crate::text::{self, Tag};
use crate::validation::{FieldError, Violations};

mod answers;

pub use answers::*;

/// The most questions a partner's portal asks.
pub const MAX_TICKET_FIELDS: usize = 20;

/// The most options a choice offers.
pub const MAX_OPTIONS: usize = 50;

/// The longest label, option or hint.
pub const MAX_LABEL: usize = 200;

/// The longest text answer.
pub const MAX_TEXT_ANSWER: usize = 2_000;

/// The largest number answered, either way (beyond it a JSON number loses digits).
pub const MAX_NUMBER: f64 = 1e15;

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// Free text.
    Text,
    /// A number (an order quantity, a meter reading).
    Number,
    /// A calendar day.
    Date,
    /// One of the question's options.
    Choice,
    /// Yes or no; a required one must be ticked (an agreement).
    Checkbox,
}

string_enum!(FieldKind, "invalid_kind", "must be one of text, number, date, choice, checkbox", {
    FieldKind::Text => "text",
    FieldKind::Number => "number",
    FieldKind::Date => "date",
    FieldKind::Choice => "choice",
    FieldKind::Checkbox => "checkbox",
});

impl serde::Serialize for FieldKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for FieldKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        FieldKind::parse("", &raw).map_err(|e| serde::de::Error::custom(e.detail))
    }
}

/// One question a partner's new-ticket form asks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TicketField {
    /// Its name in `custom_fields` (a tag such as `order_number`), unique in the partner.
    pub key: String,
    /// What the customer reads.
    pub label: String,
    /// What kind of answer it takes.
    pub kind: FieldKind,
    /// Whether a ticket cannot be opened without an answer.
    pub required: bool,
    /// The options of a choice, in order (none for the other kinds).
    #[serde(default)]
    pub options: Vec<String>,
    /// A line under the field saying what is meant.
    #[serde(default)]
    pub hint: Option<String>,
}

/// A question as an admin sent it, before it is checked.
#[derive(Debug, Clone, Copy)]
pub struct RawField<'a> {
    /// Its key.
    pub key: &'a str,
    /// Its label.
    pub label: &'a str,
    /// Its kind's name.
    pub kind: &'a str,
    /// Whether it must be answered.
    pub required: bool,
    /// A choice's options.
    pub options: &'a [String],
    /// Its hint.
    pub hint: Option<&'a str>,
}

/// A partner's questions, checked: each key once, at most [`MAX_TICKET_FIELDS`], a choice
/// with one to [`MAX_OPTIONS`] distinct options and no other kind with any. Every fault is
/// said, each at its own place under `pointer`.
pub fn definitions(
    pointer: &str,
    raw: &[RawField<'_>],
) -> Result<Vec<TicketField>, Vec<FieldError>> {
    if raw.len() > MAX_TICKET_FIELDS {
        return Err(vec![FieldError::new(
            pointer,
            "too_many",
            format!("at most {MAX_TICKET_FIELDS} fields"),
        )]);
    }
    let mut v = Violations::new();
    let mut fields: Vec<TicketField> = Vec::with_capacity(raw.len());
    let mut keys: Vec<String> = Vec::with_capacity(raw.len());
    for (index, field) in raw.iter().enumerate() {
        let at = |name: &str| format!("{pointer}/{index}/{name}");
        let key = v.check(Tag::parse(&at("key"), field.key));
        let label = v.check(text::one_line(&at("label"), field.label, MAX_LABEL));
        let kind = v.check(FieldKind::parse(&at("kind"), field.kind));
        let hint = v.check(
            field
                .hint
                .map_or(Ok(None), |h| text::optional_line(&at("hint"), h, MAX_LABEL)),
        );
        let options = kind.and_then(|k| v.check(options(&at("options"), k, field.options)));
        if let Some(key) = &key {
            if keys.iter().any(|k| k == key.as_str()) {
                v.push(FieldError::new(
                    at("key"),
                    "duplicate_key",
                    "each field needs a key of its own",
                ));
            }
            keys.push(key.as_str().to_owned());
        }
        if let (Some(key), Some(label), Some(kind), Some(hint), Some(options)) =
            (key, label, kind, hint, options)
        {
            fields.push(TicketField {
                key: key.as_str().to_owned(),
                label,
                kind,
                required: field.required,
                options,
                hint,
            });
        }
    }
    v.finish(|| Some(fields)).map_err(Violations::into_errors)
}

/// A key for a question with no key given: its label in lower case, each run of other
/// characters than letters a to z and digits one `_`, at most 40 characters ("Order
/// number (on the invoice)" is `order_number_on_the_invoice`).
pub fn key_from_label(label: &str) -> String {
    let mut key = String::new();
    for c in label.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with('_') {
            key.push('_');
        }
    }
    let key: String = key.trim_end_matches('_').chars().take(40).collect();
    key.trim_end_matches('_').to_owned()
}

/// A choice's options: one to [`MAX_OPTIONS`], each once; none for another kind.
fn options(pointer: &str, kind: FieldKind, raw: &[String]) -> Result<Vec<String>, FieldError> {
    if kind != FieldKind::Choice {
        return if raw.is_empty() {
            Ok(Vec::new())
        } else {
            Err(FieldError::new(
                pointer,
                "options_not_allowed",
                "only a choice has options",
            ))
        };
    }
    if raw.is_empty() || raw.len() > MAX_OPTIONS {
        return Err(FieldError::new(
            pointer,
            "invalid_options",
            format!("a choice has 1 to {MAX_OPTIONS} options"),
        ));
    }
    let mut options: Vec<String> = Vec::with_capacity(raw.len());
    for (index, option) in raw.iter().enumerate() {
        let option = text::one_line(&format!("{pointer}/{index}"), option, MAX_LABEL)?;
        if options.contains(&option) {
            return Err(FieldError::new(
                format!("{pointer}/{index}"),
                "duplicate_option",
                "each option once",
            ));
        }
        options.push(option);
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn raw<'a>(key: &'a str, kind: &'a str, options: &'a [String]) -> RawField<'a> {
        RawField {
            key,
            label: "A question",
            kind,
            required: true,
            options,
            hint: None,
        }
    }

    pub(super) fn codes(errors: &[FieldError]) -> Vec<(String, &'static str)> {
        errors.iter().map(|e| (e.pointer.clone(), e.code)).collect()
    }

    #[test]
    fn definitions_say_every_fault_at_its_place() {
        let sizes = vec!["S".to_owned(), "M".to_owned()];
        let twice = vec!["S".to_owned(), "S".to_owned()];
        let ok = definitions(
            "/f",
            &[raw("size", "choice", &sizes), raw("n", "number", &[])],
        );
        assert_eq!(ok.map(|f| f.len()), Ok(2));
        let bad = definitions(
            "/f",
            &[
                raw("size", "choice", &[]),
                raw("size", "text", &sizes),
                raw("Bad Key", "colour", &[]),
                raw("s2", "choice", &twice),
            ],
        )
        .err()
        .unwrap_or_default();
        assert_eq!(
            codes(&bad),
            vec![
                ("/f/0/options".to_owned(), "invalid_options"),
                ("/f/1/options".to_owned(), "options_not_allowed"),
                ("/f/1/key".to_owned(), "duplicate_key"),
                ("/f/2/key".to_owned(), "invalid_tag"),
                ("/f/2/kind".to_owned(), "invalid_kind"),
                ("/f/3/options/1".to_owned(), "duplicate_option"),
            ]
        );
        let same = definitions("/f", &[raw("a", "text", &[]), raw("a", "date", &[])]);
        assert_eq!(
            codes(&same.err().unwrap_or_default()),
            vec![("/f/1/key".to_owned(), "duplicate_key")]
        );
    }

    #[test]
    fn keys_are_made_from_labels() {
        assert_eq!(
            key_from_label("Order number (on the invoice)"),
            "order_number_on_the_invoice"
        );
        assert_eq!(key_from_label("  Größe?  "), "gr_e");
        assert_eq!(key_from_label("???"), "");
        assert_eq!(key_from_label(&"ab ".repeat(30)).len(), 40);
    }
}
