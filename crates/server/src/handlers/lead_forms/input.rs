//! Turning capture-form request bodies into validated domain fields.

use api_types::lead_forms::{CreateLeadForm, FormFieldBody, UpdateLeadForm};
use db::lead_forms::LeadForm;
use domain::lead::LeadSource;
use domain::lead_form::{
    parse_origin, FieldSpec, FormField, LeadFormFields, MAX_FIELDS, MAX_ORIGINS,
};
use domain::text::{self, WebAddress};
use domain::{FieldError, UserId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::handlers::accounts::input::optional;

/// Validates a whole form.
pub fn parse(body: CreateLeadForm) -> Result<LeadFormFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::required("/name", &body.name, 100));
    let fields = v.check(parse_fields(&body.fields));
    let thank_you_url = v
        .check_opt(body.thank_you_url, |w| {
            optional(w, |w| {
                WebAddress::parse("/thank_you_url", w).map(|w| w.as_str().to_owned())
            })
        })
        .flatten();
    let allowed_origins = v.check(parse_origins(&body.allowed_origins));
    let source = match body.source {
        Some(raw) => v.check(LeadSource::parse("/source", &raw)),
        None => Some(LeadSource::Web),
    };
    let campaign = v
        .check_opt(body.campaign, |c| text::optional("/campaign", &c, 200))
        .flatten();
    let owner_id = v.check_opt(body.owner_id, |o| UserId::parse("/owner_id", &o));
    let form = match (name, fields, allowed_origins, source) {
        (Some(name), Some(fields), Some(allowed_origins), Some(source)) => Some(LeadFormFields {
            name,
            fields,
            thank_you_url,
            allowed_origins,
            source,
            campaign,
            owner_id,
            active: body.active.unwrap_or(true),
        }),
        _ => None,
    };
    if let Some(form) = form.as_ref().filter(|_| v.is_empty()) {
        for error in form.check() {
            v.push(error);
        }
    }
    v.finish(|| form).map_err(ApiError::from)
}

fn parse_fields(raw: &[FormFieldBody]) -> Result<Vec<FieldSpec>, FieldError> {
    if raw.is_empty() || raw.len() > MAX_FIELDS {
        return Err(FieldError::new(
            "/fields",
            "invalid_length",
            format!("a form asks for 1 to {MAX_FIELDS} fields"),
        ));
    }
    raw.iter()
        .enumerate()
        .map(|(i, f)| {
            let field = FormField::parse(&format!("/fields/{i}/field"), &f.field)?;
            let label = match &f.label {
                Some(label) => text::required(&format!("/fields/{i}/label"), label, 100)?,
                None => field.default_label().to_owned(),
            };
            Ok(FieldSpec {
                field,
                label,
                required: f.required,
            })
        })
        .collect()
}

fn parse_origins(raw: &[String]) -> Result<Vec<String>, FieldError> {
    if raw.len() > MAX_ORIGINS {
        return Err(FieldError::new(
            "/allowed_origins",
            "too_many",
            format!("at most {MAX_ORIGINS} origins"),
        ));
    }
    let mut origins: Vec<String> = raw
        .iter()
        .enumerate()
        .map(|(i, o)| parse_origin(&format!("/allowed_origins/{i}"), o))
        .collect::<Result<_, _>>()?;
    origins.dedup();
    Ok(origins)
}

/// The fields as a request body names them.
pub fn field_bodies(specs: &[FieldSpec]) -> Vec<FormFieldBody> {
    specs
        .iter()
        .map(|s| FormFieldBody {
            field: s.field.as_str().to_owned(),
            label: Some(s.label.clone()),
            required: s.required,
        })
        .collect()
}

/// The fields of `current` with `patch` applied, validated exactly like a creation.
pub fn merge(
    current: &LeadForm,
    patch: UpdateLeadForm,
    _caller: &Principal,
) -> Result<LeadFormFields, ApiError> {
    let current = &current.fields;
    parse(CreateLeadForm {
        name: patch.name.unwrap_or_else(|| current.name.clone()),
        fields: patch
            .fields
            .unwrap_or_else(|| field_bodies(&current.fields)),
        thank_you_url: patch.thank_you_url.or(current.thank_you_url.clone()),
        allowed_origins: patch
            .allowed_origins
            .unwrap_or_else(|| current.allowed_origins.clone()),
        source: Some(
            patch
                .source
                .unwrap_or_else(|| current.source.as_str().to_owned()),
        ),
        campaign: patch.campaign.or(current.campaign.clone()),
        owner_id: patch.owner_id.or(current.owner_id.map(|o| o.to_string())),
        active: Some(patch.active.unwrap_or(current.active)),
    })
}
