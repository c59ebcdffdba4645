//! Web-to-lead capture forms and their public submissions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Patch;

/// One field a form asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FormFieldBody {
    /// The lead field: first_name, last_name, company, title, email, phone, website, street,
    /// city, region, postal_code, country, industry, company_size or message (kept as a note).
    pub field: String,
    /// What the visitor reads beside it (default: the field's usual name).
    pub label: Option<String>,
    /// Whether a submission without it is refused.
    #[serde(default)]
    pub required: bool,
}

/// A capture form.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadForm {
    /// The form's id (`lform_…`).
    pub id: String,
    /// What staff call it.
    pub name: String,
    /// The fields it asks for, in order.
    pub fields: Vec<FormFieldBody>,
    /// Where a visitor's browser goes after a plain HTML submission.
    pub thank_you_url: Option<String>,
    /// The web origins whose pages may send submissions, such as `https://www.example.com`.
    pub allowed_origins: Vec<String>,
    /// The source its leads get.
    pub source: String,
    /// The campaign its leads get.
    pub campaign: Option<String>,
    /// Who owns its leads.
    pub owner_id: Option<String>,
    /// Whether it takes submissions.
    pub active: bool,
    /// The path submissions are sent to, on this server: `/api/v1/forms/{key}/submissions`.
    pub submission_path: String,
    /// When the form was created.
    pub created_at: DateTime<Utc>,
    /// When the form last changed.
    pub updated_at: DateTime<Utc>,
    /// When the form was deleted.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change.
    pub version: i64,
}

/// A new capture form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Contact us", "thank_you_url": "https://www.example.com/thanks",
    "allowed_origins": ["https://www.example.com"], "campaign": "Website 2026",
    "fields": [{"field": "first_name"}, {"field": "last_name", "required": true},
               {"field": "email", "required": true}, {"field": "company"},
               {"field": "message", "label": "How can we help?"}]
})))]
#[serde(deny_unknown_fields)]
pub struct CreateLeadForm {
    /// What staff call it (required).
    pub name: String,
    /// The fields it asks for, in order (1 to 15); the last name or the email must be
    /// required.
    pub fields: Vec<FormFieldBody>,
    /// Where a visitor's browser goes after a plain HTML submission (`https://…`).
    pub thank_you_url: Option<String>,
    /// The web origins whose pages may send submissions (at most 20).
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// The source its leads get (default web).
    pub source: Option<String>,
    /// The campaign its leads get.
    pub campaign: Option<String>,
    /// Who owns its leads (default nobody).
    pub owner_id: Option<String>,
    /// Whether it takes submissions (default true).
    pub active: Option<bool>,
}

/// Changes to a form: absent fields stay, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"active": false})))]
#[serde(deny_unknown_fields)]
pub struct UpdateLeadForm {
    /// What staff call it.
    pub name: Option<String>,
    /// The complete new list of fields.
    pub fields: Option<Vec<FormFieldBody>>,
    /// Where a visitor's browser goes after a plain HTML submission.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub thank_you_url: Patch<String>,
    /// The complete new list of origins.
    pub allowed_origins: Option<Vec<String>>,
    /// The source its leads get.
    pub source: Option<String>,
    /// The campaign its leads get.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub campaign: Patch<String>,
    /// Who owns its leads.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub owner_id: Patch<String>,
    /// Whether it takes submissions.
    pub active: Option<bool>,
}

/// A submission was received.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionReceived {
    /// Always true.
    pub received: bool,
}

/// A submission to a capture form: the fields the form asks for, as text (JSON, or an HTML
/// form's `application/x-www-form-urlencoded` body). A field the form does not ask for is
/// refused; `homepage` is the hidden field people leave empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "first_name": "Grace", "last_name": "Hopper", "email": "grace@cobol.example",
    "company": "Cobol Systems", "message": "Please call me about a demo."
})))]
#[serde(deny_unknown_fields)]
pub struct SubmissionBody {
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// A phone number.
    pub phone: Option<String>,
    /// The company's web site.
    pub website: Option<String>,
    /// Street and number.
    pub street: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State or region.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Two-letter country code.
    pub country: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// Head count: 1-10, 11-50, 51-200, 201-1000, 1001-5000 or 5001+.
    pub company_size: Option<String>,
    /// Free text, kept as a note on the lead.
    pub message: Option<String>,
    /// Leave empty (robots fill it in).
    pub homepage: Option<String>,
}
