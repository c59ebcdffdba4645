//! Capture forms as the API shows them.

use api_types::lead_forms::LeadForm as LeadFormBody;
use db::lead_forms::LeadForm;
use db::AnyConnection;
use domain::lead_form::public_key;
use domain::OrgId;

use super::input::field_bodies;
use crate::error::ApiError;
use crate::kit::View;

impl View for LeadForm {
    type Body = LeadFormBody;

    fn view(_: &mut AnyConnection, org: OrgId, form: &LeadForm) -> Result<LeadFormBody, ApiError> {
        Ok(self::form(org, form))
    }
}

/// A form as a response body.
pub fn form(org: OrgId, form: &LeadForm) -> LeadFormBody {
    let f = &form.fields;
    LeadFormBody {
        id: form.id.to_string(),
        name: f.name.clone(),
        fields: field_bodies(&f.fields),
        thank_you_url: f.thank_you_url.clone(),
        allowed_origins: f.allowed_origins.clone(),
        source: f.source.as_str().to_owned(),
        campaign: f.campaign.clone(),
        owner_id: f.owner_id.map(|o| o.to_string()),
        active: f.active,
        submission_path: format!("/api/v1/forms/{}/submissions", public_key(org, form.id)),
        created_at: form.created_at,
        updated_at: form.updated_at,
        deleted_at: form.deleted_at,
        version: form.version,
    }
}
