//! Custom ticket fields: the questions a partner's portal asks on a new ticket, and the
//! answers a ticket keeps.

use serde::{Deserialize, Serialize};

/// One question a partner's portal asks a customer opening a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "key": "order_number", "label": "Order number", "kind": "text", "required": true
})))]
#[serde(deny_unknown_fields)]
pub struct TicketFieldDefinition {
    /// Its name in a new ticket's `custom_fields`: a tag (lower-case letters, digits, `-` and
    /// `_`, at most 40), unique in the partner.
    pub key: String,
    /// What the customer reads (one line, at most 200 characters).
    pub label: String,
    /// `text`, `number`, `date` (answered as `YYYY-MM-DD`), `choice` (one of `options`) or
    /// `checkbox` (`true` or `false`; a required one must be ticked).
    pub kind: String,
    /// Whether a ticket cannot be opened without an answer.
    #[serde(default)]
    pub required: bool,
    /// A choice's options, 1 to 50, each once; empty for the other kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub options: Vec<String>,
    /// A line shown under the field saying what is meant (at most 200 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl TicketFieldDefinition {
    /// The question as the domain checks it.
    pub fn raw(&self) -> domain::portal::ticket_fields::RawField<'_> {
        domain::portal::ticket_fields::RawField {
            key: &self.key,
            label: &self.label,
            kind: &self.kind,
            required: self.required,
            options: &self.options,
            hint: self.hint.as_deref(),
        }
    }
}

/// A question answered on a ticket, as it was asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketFieldAnswer {
    /// The question's key.
    pub key: String,
    /// The question as the customer read it.
    pub label: String,
    /// Its kind: `text`, `number`, `date`, `choice` or `checkbox`.
    pub kind: String,
    /// The answer: a string (text, choice, or a date as `YYYY-MM-DD`), a number, or `true`.
    #[cfg_attr(feature = "openapi", schema(schema_with = answer_schema))]
    pub value: serde_json::Value,
}

/// An answer's schema: a string, a number or a boolean (and, given, `null` for none).
#[cfg(feature = "openapi")]
fn answer_one_of(null: bool) -> utoipa::openapi::schema::OneOf {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
    let mut kinds = vec![Type::String, Type::Number, Type::Boolean];
    if null {
        kinds.push(Type::Null);
    }
    kinds
        .into_iter()
        .fold(OneOfBuilder::new(), |one_of, kind| {
            one_of.item(ObjectBuilder::new().schema_type(kind))
        })
        .build()
}

#[cfg(feature = "openapi")]
fn answer_schema() -> utoipa::openapi::schema::Schema {
    let mut one_of = answer_one_of(false);
    one_of.description =
        Some("A string (text, choice, or a date as `YYYY-MM-DD`), a number, or `true`.".into());
    utoipa::openapi::schema::Schema::OneOf(one_of)
}

/// Answers by key: each a string, a number, a boolean or `null`.
#[cfg(feature = "openapi")]
pub(crate) fn answers_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .max_properties(Some(domain::portal::ticket_fields::MAX_TICKET_FIELDS))
        .description(Some(
            "Answers to the partner's questions (`ticket_fields` of \
             `GET /api/v1/portal/partners/{key}`) by key: a string for `text`, `choice` and \
             `date` (`YYYY-MM-DD`), a number for `number`, `true` or `false` for `checkbox`; \
             `null` or absent for none.",
        ))
        .additional_properties(Some(AdditionalProperties::RefOr(
            utoipa::openapi::schema::Schema::OneOf(answer_one_of(true)).into(),
        )))
        .build()
        .into()
}
