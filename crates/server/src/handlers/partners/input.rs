//! Turning partner request bodies into validated domain fields.

use api_types::custom_fields::TicketFieldDefinition;
use api_types::portal::{CreatePartner, UpdatePartner};
use db::portal::partners::Partner;
use domain::portal::ticket_fields::{self, TicketField};
use domain::portal::{self, Features, PartnerFields};
use domain::{text, ticket, Violations};

use crate::auth::Principal;
use crate::error::ApiError;

/// Validates a whole partner.
pub fn parse(body: CreatePartner) -> Result<PartnerFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::required("/name", &body.name, 200));
    let allowed_origins = portal::origins(&mut v, &body.allowed_origins);
    let accent_color = v.check_opt(body.accent_color, |c| portal::color("/accent_color", &c));
    let logo_url = v.check_opt(body.logo_url, |u| portal::logo_url("/logo_url", &u));
    let language = v
        .check_opt(body.language, |l| ticket::language("/language", &l))
        .flatten();
    let ticket_categories = v.check(portal::ticket_categories(
        "/ticket_categories",
        &body.ticket_categories,
    ));
    let ticket_fields = ticket_fields(&mut v, &body.ticket_fields);
    let features = body.features.map_or_else(Features::default, |f| Features {
        ticket_creation: f.ticket_creation,
        knowledge_base: f.knowledge_base,
        assets: f.assets,
    });
    v.finish(|| {
        Some(PartnerFields {
            name: name?,
            allowed_origins,
            accent_color,
            logo_url,
            language,
            features,
            ticket_categories: ticket_categories?,
            ticket_fields,
        })
    })
    .map_err(ApiError::from)
}

/// The fields of `current` with `patch` applied, validated exactly like a creation.
pub fn merge(
    current: &Partner,
    patch: UpdatePartner,
    _caller: &Principal,
) -> Result<PartnerFields, ApiError> {
    let now = super::body(current);
    parse(CreatePartner {
        name: patch.name.unwrap_or(now.name),
        allowed_origins: patch.allowed_origins.unwrap_or(now.allowed_origins),
        accent_color: patch.accent_color.or(now.accent_color),
        logo_url: patch.logo_url.or(now.logo_url),
        language: patch.language.or(now.language),
        features: Some(patch.features.unwrap_or(now.features)),
        ticket_categories: patch.ticket_categories.unwrap_or(now.ticket_categories),
        ticket_fields: patch.ticket_fields.unwrap_or(now.ticket_fields),
    })
}

/// The partner's questions on a new ticket, every fault recorded in `v`.
fn ticket_fields(v: &mut Violations, raw: &[TicketFieldDefinition]) -> Vec<TicketField> {
    let raw: Vec<_> = raw.iter().map(TicketFieldDefinition::raw).collect();
    ticket_fields::definitions("/ticket_fields", &raw).unwrap_or_else(|errors| {
        errors.into_iter().for_each(|e| v.push(e));
        Vec::new()
    })
}

/// A partner's question as the API shows it.
pub fn ticket_field_body(f: &TicketField) -> TicketFieldDefinition {
    TicketFieldDefinition {
        key: f.key.clone(),
        label: f.label.clone(),
        kind: f.kind.as_str().to_owned(),
        required: f.required,
        options: f.options.clone(),
        hint: f.hint.clone(),
    }
}
