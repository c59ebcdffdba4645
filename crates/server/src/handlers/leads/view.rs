//! Domain leads as the API shows them.

use api_types::leads::{Lead as LeadBody, LeadMatch, LeadMatches};
use db::leads::matches::{Match, Matches};
use db::AnyConnection;
use domain::id::IdKind;
use domain::lead::Lead;
use domain::OrgId;

use crate::error::ApiError;
use crate::handlers::accounts::view::address;
use crate::handlers::contacts::view::phones;
use crate::kit::View;

impl View for Lead {
    type Body = LeadBody;

    fn view(_: &mut AnyConnection, _: OrgId, lead: &Lead) -> Result<LeadBody, ApiError> {
        Ok(self::lead(lead))
    }
}

/// A lead as a response body.
pub fn lead(l: &Lead) -> LeadBody {
    let f = &l.fields;
    LeadBody {
        id: l.id.to_string(),
        first_name: f.first_name.clone(),
        last_name: f.last_name.clone(),
        company: f.company.clone(),
        title: f.title.clone(),
        email: f.email.as_ref().map(|e| e.as_str().to_owned()),
        phones: phones(&f.phones),
        website: f.website.clone(),
        company_domain: f.company_domain(),
        address: address(&f.address),
        industry: f.industry.clone(),
        company_size: f.company_size.map(|s| s.as_str().to_owned()),
        source: f.source.map(|s| s.as_str().to_owned()),
        campaign: f.campaign.clone(),
        status: f.status.as_str().to_owned(),
        disqualified_reason: f.disqualified_reason.clone(),
        owner_id: f.owner_id.map(|o| o.to_string()),
        score: l.score,
        tags: f.tags.clone(),
        converted_at: l.conversion.map(|c| c.at),
        converted_account_id: l.conversion.map(|c| c.account_id.to_string()),
        converted_contact_id: l.conversion.map(|c| c.contact_id.to_string()),
        form_id: l.form_id.map(|f| f.to_string()),
        created_at: l.created_at,
        updated_at: l.updated_at,
        deleted_at: l.deleted_at,
        version: l.version,
    }
}

/// The records like a lead as a response body.
pub fn matches(m: Matches) -> LeadMatches {
    fn each<K: IdKind>(list: Vec<Match<K>>) -> Vec<LeadMatch> {
        list.into_iter()
            .map(|m| LeadMatch {
                id: m.id.to_string(),
                name: m.name,
                reasons: m.reasons.iter().map(|r| r.as_str().to_owned()).collect(),
            })
            .collect()
    }
    LeadMatches {
        accounts: each(m.accounts),
        contacts: each(m.contacts),
        leads: each(m.leads),
    }
}
