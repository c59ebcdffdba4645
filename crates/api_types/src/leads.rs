//! Leads: people and companies that might buy, until they are converted into an account and a
//! contact.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::accounts::Address;
use crate::contacts::ContactPhone;
use crate::Patch;

/// A lead.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lead {
    /// The lead's id (`lead_…`).
    pub id: String,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// The company the person works for.
    pub company: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone numbers.
    pub phones: Vec<ContactPhone>,
    /// The company's web site.
    pub website: Option<String>,
    /// The company's internet domain, from the web site or a business email address; it finds
    /// the account a conversion joins.
    pub company_domain: Option<String>,
    /// Postal address.
    pub address: Address,
    /// Industry.
    pub industry: Option<String>,
    /// Head count: 1-10, 11-50, 51-200, 201-1000, 1001-5000 or 5001+.
    pub company_size: Option<String>,
    /// web, email, phone, referral, partner, event, advertising, social, cold_call, import or
    /// other.
    pub source: Option<String>,
    /// The campaign that brought the lead.
    pub campaign: Option<String>,
    /// new, working, nurturing, qualified, disqualified or converted.
    pub status: String,
    /// Why the lead was disqualified.
    pub disqualified_reason: Option<String>,
    /// The staff user who owns the lead.
    pub owner_id: Option<String>,
    /// What the scoring rules make of it; `GET /api/v1/leads/{id}/score` explains it.
    pub score: i64,
    /// Labels.
    pub tags: Vec<String>,
    /// When the lead was converted.
    pub converted_at: Option<DateTime<Utc>>,
    /// The account it became or joined.
    pub converted_account_id: Option<String>,
    /// The contact it became or was matched to.
    pub converted_contact_id: Option<String>,
    /// The capture form it came through (`lform_…`).
    pub form_id: Option<String>,
    /// When the lead was created.
    pub created_at: DateTime<Utc>,
    /// When the lead last changed.
    pub updated_at: DateTime<Utc>,
    /// When the lead was deleted.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change.
    pub version: i64,
}

/// A new lead: a last name or an email address at least.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "first_name": "Grace", "last_name": "Hopper", "company": "Cobol Systems",
    "email": "grace@cobol.example", "title": "Head of Engineering",
    "phones": [{"kind": "work", "number": "+1 202 555 0100"}],
    "website": "https://cobol.example", "address": {"city": "Arlington", "country": "US"},
    "industry": "Software", "company_size": "51-200", "source": "event", "campaign": "Expo 2026"
})))]
#[serde(deny_unknown_fields)]
pub struct CreateLead {
    /// Given name.
    pub first_name: Option<String>,
    /// Family name (this or the email is required).
    pub last_name: Option<String>,
    /// The company the person works for.
    pub company: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone numbers (at most 10).
    #[serde(default)]
    pub phones: Vec<ContactPhone>,
    /// The company's web site (`https://…`).
    pub website: Option<String>,
    /// Postal address.
    pub address: Option<Address>,
    /// Industry.
    pub industry: Option<String>,
    /// Head count: 1-10, 11-50, 51-200, 201-1000, 1001-5000 or 5001+.
    pub company_size: Option<String>,
    /// web, email, phone, referral, partner, event, advertising, social, cold_call, import or
    /// other.
    pub source: Option<String>,
    /// The campaign that brought the lead.
    pub campaign: Option<String>,
    /// new (the default), working, nurturing, qualified or disqualified.
    pub status: Option<String>,
    /// Why the lead is disqualified (required with that status, refused with any other).
    pub disqualified_reason: Option<String>,
    /// Owning staff user; defaults to the caller.
    pub owner_id: Option<String>,
    /// Labels.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Changes to a lead: absent fields stay, `null` clears. A converted lead no longer changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "disqualified", "disqualified_reason": "No budget this year"})))]
#[serde(deny_unknown_fields)]
pub struct UpdateLead {
    /// Given name.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub first_name: Patch<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub last_name: Patch<String>,
    /// The company the person works for.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub company: Patch<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub title: Patch<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub email: Patch<String>,
    /// The complete new list of phone numbers.
    pub phones: Option<Vec<ContactPhone>>,
    /// The company's web site.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub website: Patch<String>,
    /// The complete new address.
    pub address: Option<Address>,
    /// Industry.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub industry: Patch<String>,
    /// Head count.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub company_size: Patch<String>,
    /// Where the lead came from.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub source: Patch<String>,
    /// The campaign that brought the lead.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub campaign: Patch<String>,
    /// new, working, nurturing, qualified or disqualified (a reason is then required; leaving
    /// disqualified clears it).
    pub status: Option<String>,
    /// Why the lead is disqualified.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub disqualified_reason: Patch<String>,
    /// Owning staff user.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub owner_id: Patch<String>,
    /// The complete new set of tags.
    pub tags: Option<Vec<String>>,
}

/// The lead list's own filters, beside [`crate::ListQuery`]. Sorts: `created_at` (the
/// default, newest first), `name` (family name, then given name), `updated_at`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct LeadFilters {
    /// Words matched as prefixes against names, company, email and phone numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// One status or several separated by commas, such as `new,working`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Owning user id, or `none` for leads nobody owns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Where the leads came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Two-letter country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Exact email address (case-insensitive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Has this tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

/// A record that looks like the lead's person or company.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadMatch {
    /// The record's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it shares with the lead: `email`, `phone` and `domain`.
    pub reasons: Vec<String>,
}

/// The records like a lead, at most 10 of each kind, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadMatches {
    /// Accounts with the lead's company domain or a phone number of the lead.
    pub accounts: Vec<LeadMatch>,
    /// Contacts with the lead's email or a phone number of the lead.
    pub contacts: Vec<LeadMatch>,
    /// Other open leads with its email, company domain or a phone number.
    pub leads: Vec<LeadMatch>,
}

/// How to convert a lead. Without choices, the oldest account with the lead's company domain
/// and the oldest contact with its email are used, and only what is not found is made;
/// `new_account` and `new_contact` make them even when one matches.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({})))]
#[serde(deny_unknown_fields)]
pub struct ConvertLead {
    /// The existing account the lead joins.
    pub account_id: Option<String>,
    /// The existing contact the lead is.
    pub contact_id: Option<String>,
    /// Make a new account from the lead's company, whatever matches (not with `account_id`).
    #[serde(default)]
    pub new_account: bool,
    /// Make a new contact from the lead, whatever matches (not with `contact_id`).
    #[serde(default)]
    pub new_contact: bool,
    /// Also make an opportunity at the account, with the contact as its primary contact and
    /// the lead as its source.
    pub opportunity: Option<ConvertOpportunity>,
}

/// The opportunity a conversion makes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConvertOpportunity {
    /// Its name; the lead's company (or name) when left out. At most 200 characters.
    pub name: Option<String>,
    /// The pipeline.
    pub pipeline_id: String,
    /// An open stage of the pipeline; its first open stage when left out.
    pub stage_id: Option<String>,
    /// What it is worth; zero in the base currency when left out.
    pub amount: Option<crate::MoneyBody>,
    /// When it is expected to close.
    pub close_date: chrono::NaiveDate,
}

/// What a lead became.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadConversion {
    /// The account.
    pub account_id: String,
    /// The contact.
    pub contact_id: String,
    /// The opportunity, when the conversion made one.
    pub opportunity_id: Option<String>,
    /// Whether the conversion made the account (else it used an existing one).
    pub account_created: bool,
    /// Whether the conversion made the contact.
    pub contact_created: bool,
    /// The lead, now converted.
    pub lead: Lead,
}
