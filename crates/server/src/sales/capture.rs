//! Web-to-lead capture: a submission to a capture form becomes a lead, in one transaction,
//! with the form's source and campaign, the owner assignment gives it (the form's owner when
//! no rule does), its message as a note, and the owner told.

use api_types::leads::CreateLead;
use chrono::{DateTime, Utc};
use db::lead_forms::LeadForm;
use db::notes::NoteSubject;
use db::notifications::About;
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::lead_form::{read_submission, FormField, Submission};
use domain::{FieldError, LeadFormId, LeadId, OrgId};

use crate::error::ApiError;
use crate::handlers::leads::input;
use crate::sales::assignment;

/// What became of a submission.
#[derive(Debug)]
pub struct Received {
    /// The lead made; none for a robot's submission (which is answered all the same).
    pub lead: Option<LeadId>,
    /// Where the visitor's browser goes next.
    pub thank_you_url: Option<String>,
}

/// The live, active form `form` of `org`, if the page at `origin` may send to it (a
/// request without an origin comes from no web page, so no browser rule applies to it).
pub fn open_form(
    conn: &mut AnyConnection,
    org: OrgId,
    form: LeadFormId,
    origin: Option<&str>,
) -> Result<LeadForm, ApiError> {
    let form: LeadForm = record::get(conn, org, form, Visibility::Live)?;
    if !form.fields.active {
        return Err(ApiError::NotFound);
    }
    if origin.is_some_and(|o| !form.fields.allowed_origins.iter().any(|a| a == o)) {
        return Err(ApiError::OriginNotAllowed);
    }
    Ok(form)
}

/// Reads `pairs` against `form` and keeps the lead they describe.
pub fn receive(
    conn: &mut AnyConnection,
    org: OrgId,
    form: &LeadForm,
    pairs: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<Received, ApiError> {
    let submission = read_submission(&form.fields, pairs).map_err(ApiError::Validation)?;
    let thank_you_url = form.fields.thank_you_url.clone();
    if submission.spam {
        return Ok(Received {
            lead: None,
            thank_you_url,
        });
    }
    let mut fields = input::parse(lead_body(form, &submission), None).map_err(at_form_fields)?;
    let message = submission.values.get(&FormField::Message).cloned();
    fields.owner_id = assignment::assign(conn, org, &fields, form.fields.owner_id)?;
    let lead = record::in_transaction(conn, |conn| {
        let lead = db::leads::create(conn, org, (LeadId::mint(), Some(form.id)), &fields, now)?;
        if let Some(message) = &message {
            db::notes::create(conn, org, NoteSubject::Lead(lead.id), None, message, now)?;
        }
        if let Some(owner) = fields.owner_id {
            let text = format!(
                "New lead from {}: {}",
                form.fields.name,
                lead.fields.display_name()
            );
            db::notifications::notify(
                conn,
                org,
                owner,
                "lead_assigned",
                About::Lead(lead.id),
                &text,
                now,
            )?;
        }
        Ok::<_, ApiError>(lead.id)
    })?;
    Ok(Received {
        lead: Some(lead),
        thank_you_url,
    })
}

/// The lead a submission describes, as if created through the API.
fn lead_body(form: &LeadForm, submission: &Submission) -> CreateLead {
    let value = |field: FormField| submission.values.get(&field).cloned();
    let address = api_types::accounts::Address {
        street: value(FormField::Street),
        city: value(FormField::City),
        region: value(FormField::Region),
        postal_code: value(FormField::PostalCode),
        country: value(FormField::Country),
    };
    CreateLead {
        first_name: value(FormField::FirstName),
        last_name: value(FormField::LastName),
        company: value(FormField::Company),
        title: value(FormField::Title),
        email: value(FormField::Email),
        phones: value(FormField::Phone)
            .map(|number| api_types::contacts::ContactPhone {
                kind: "work".into(),
                number,
            })
            .into_iter()
            .collect(),
        website: value(FormField::Website),
        address: Some(address),
        industry: value(FormField::Industry),
        company_size: value(FormField::CompanySize),
        source: Some(form.fields.source.as_str().to_owned()),
        campaign: form.fields.campaign.clone(),
        status: None,
        disqualified_reason: None,
        // Assignment chooses the owner.
        owner_id: None,
        tags: Vec::new(),
    }
}

/// A lead's field errors at the names the form uses (`/country`, not `/address/country`). A
/// form requires a last name or an email, so the rule that a lead has one never speaks here.
fn at_form_fields(error: ApiError) -> ApiError {
    let ApiError::Validation(errors) = error else {
        return error;
    };
    let moved = errors
        .into_iter()
        .map(|e| {
            let pointer = match e.pointer.as_str() {
                p if p.starts_with("/phones/") => "/phone".to_owned(),
                p => p.strip_prefix("/address").unwrap_or(p).to_owned(),
            };
            FieldError::new(pointer, e.code, e.detail)
        })
        .collect();
    ApiError::Validation(moved)
}
