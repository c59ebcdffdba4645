//! Turning lead request bodies into validated domain fields.

use api_types::leads::{CreateLead, UpdateLead};
use domain::lead::{CompanySize, Lead, LeadFields, LeadSource, LeadStatus};
use domain::text::{self, Tag, WebAddress};
use domain::{Email, UserId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::handlers::accounts::input::{optional, parse_address};
use crate::handlers::accounts::view::address;
use crate::handlers::contacts::input::parse_phones;
use crate::handlers::contacts::view::phones;

/// Validates a whole lead; `default_owner` fills an absent owner (the creator).
pub fn parse(body: CreateLead, default_owner: Option<UserId>) -> Result<LeadFields, ApiError> {
    let mut v = Violations::new();
    let name = |v: &mut Violations, pointer: &str, raw: Option<String>, max: usize| {
        v.check_opt(raw, |r| text::optional(pointer, &r, max))
            .flatten()
    };
    let first_name = name(&mut v, "/first_name", body.first_name, 100);
    let last_name = name(&mut v, "/last_name", body.last_name, 100);
    let company = name(&mut v, "/company", body.company, 200);
    let title = name(&mut v, "/title", body.title, 200);
    let email = v
        .check_opt(body.email, |e| optional(e, |e| Email::parse("/email", e)))
        .flatten();
    let phones = v.check(parse_phones(&body.phones));
    let website = v
        .check_opt(body.website, |w| {
            optional(w, |w| {
                WebAddress::parse("/website", w).map(|w| w.as_str().to_owned())
            })
        })
        .flatten();
    let address = parse_address(&mut v, body.address.unwrap_or_default());
    let industry = name(&mut v, "/industry", body.industry, 100);
    let company_size = v
        .check_opt(body.company_size, |s| {
            optional(s, |s| CompanySize::parse("/company_size", s))
        })
        .flatten();
    let source = v
        .check_opt(body.source, |s| {
            optional(s, |s| LeadSource::parse("/source", s))
        })
        .flatten();
    let campaign = name(&mut v, "/campaign", body.campaign, 200);
    let status = match body.status {
        Some(raw) => v.check(LeadStatus::parse_settable("/status", &raw)),
        None => Some(LeadStatus::New),
    };
    let disqualified_reason = name(
        &mut v,
        "/disqualified_reason",
        body.disqualified_reason,
        500,
    );
    let owner_id = v
        .check_opt(body.owner_id, |o| UserId::parse("/owner_id", &o))
        .or(default_owner);
    let tags = v.check(Tag::parse_list("/tags", &body.tags));
    let fields = match (phones, status, tags) {
        (Some(phones), Some(status), Some(tags)) => Some(LeadFields {
            first_name,
            last_name,
            company,
            title,
            email,
            phones,
            website,
            address,
            industry,
            company_size,
            source,
            campaign,
            status,
            disqualified_reason,
            owner_id,
            tags: tags.iter().map(|t| t.as_str().to_owned()).collect(),
        }),
        _ => None,
    };
    // The rules across fields only speak when each field is right on its own.
    if let Some(fields) = fields.as_ref().filter(|_| v.is_empty()) {
        for error in fields.check() {
            v.push(error);
        }
    }
    v.finish(|| fields).map_err(ApiError::from)
}

/// The fields of `current` with `patch` applied, validated exactly like a creation. A converted
/// lead refuses every change (409).
pub fn merge(
    current: &Lead,
    patch: UpdateLead,
    _caller: &Principal,
) -> Result<LeadFields, ApiError> {
    if current.conversion.is_some() {
        return Err(ApiError::Conflict("lead_converted"));
    }
    let current = &current.fields;
    let status = patch
        .status
        .unwrap_or_else(|| current.status.as_str().to_owned());
    // Leaving disqualified drops the reason unless the patch gives one (which is refused).
    let reason = match (&patch.disqualified_reason, status == "disqualified") {
        (api_types::Patch::Absent, false) => None,
        _ => patch
            .disqualified_reason
            .or(current.disqualified_reason.clone()),
    };
    let merged = CreateLead {
        first_name: patch.first_name.or(current.first_name.clone()),
        last_name: patch.last_name.or(current.last_name.clone()),
        company: patch.company.or(current.company.clone()),
        title: patch.title.or(current.title.clone()),
        email: patch
            .email
            .or(current.email.as_ref().map(|e| e.as_str().to_owned())),
        phones: patch.phones.unwrap_or_else(|| phones(&current.phones)),
        website: patch.website.or(current.website.clone()),
        address: Some(patch.address.unwrap_or_else(|| address(&current.address))),
        industry: patch.industry.or(current.industry.clone()),
        company_size: patch
            .company_size
            .or(current.company_size.map(|s| s.as_str().to_owned())),
        source: patch
            .source
            .or(current.source.map(|s| s.as_str().to_owned())),
        campaign: patch.campaign.or(current.campaign.clone()),
        status: Some(status),
        disqualified_reason: reason,
        owner_id: patch.owner_id.or(current.owner_id.map(|o| o.to_string())),
        tags: patch.tags.unwrap_or_else(|| current.tags.clone()),
    };
    parse(merged, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(body: CreateLead) -> Vec<String> {
        match parse(body, None) {
            Err(ApiError::Validation(errors)) => errors.into_iter().map(|e| e.pointer).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let body = CreateLead {
            last_name: Some("Hopper".into()),
            email: Some("not-an-email".into()),
            website: Some("cobol.example".into()),
            company_size: Some("huge".into()),
            source: Some("carrier pigeon".into()),
            status: Some("converted".into()),
            ..CreateLead::default()
        };
        assert_eq!(
            errors(body),
            vec!["/email", "/website", "/company_size", "/source", "/status"]
        );
    }

    #[test]
    fn a_lead_needs_a_name_or_an_email_and_a_disqualified_one_a_reason() {
        assert_eq!(errors(CreateLead::default()), vec!["/last_name"]);
        let body = CreateLead {
            email: Some("grace@cobol.example".into()),
            status: Some("disqualified".into()),
            ..CreateLead::default()
        };
        assert_eq!(errors(body), vec!["/disqualified_reason"]);
    }
}
