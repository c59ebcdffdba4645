//! Converting a lead: in one transaction, under the lead's lock, it becomes an account (new,
//! or an existing one chosen or matched by company domain) and a contact (new, or an existing
//! one chosen or matched by email), and keeps links to both. Converting twice is refused;
//! anything that fails rolls back everything, so no half-converted lead remains.

use chrono::{DateTime, Utc};
use db::opportunities::DealChange;
use db::record::{self, Record, Visibility};
use db::AnyConnection;
use domain::account::Account;
use domain::contact::Contact;
use domain::id::{Id, IdKind};
use domain::lead::{plan_conversion, Conversion, Existing, Lead, Target};
use domain::opportunity::OpportunityFields;
use domain::{AccountId, ContactId, FieldError, LeadId, Money, OpportunityId, PipelineId, StageId};

use crate::auth::Principal;
use crate::error::ApiError;

/// What the user chose for the conversion.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// The account the lead joins.
    pub account: Option<AccountId>,
    /// The contact the lead is.
    pub contact: Option<ContactId>,
    /// Make a new account, whatever matches.
    pub new_account: bool,
    /// Make a new contact, whatever matches.
    pub new_contact: bool,
    /// Also make this opportunity.
    pub opportunity: Option<NewDeal>,
    /// Its name, when the user gave one.
    pub deal_name: Option<String>,
}

/// The opportunity a conversion makes, as the user described it.
#[derive(Debug, Clone, Copy)]
pub struct NewDeal {
    /// Its pipeline.
    pub pipeline_id: PipelineId,
    /// Its stage; the pipeline's first open one when none.
    pub stage_id: Option<StageId>,
    /// Its amount; zero in the base currency when none.
    pub amount: Option<Money>,
    /// When it is expected to close.
    pub close_date: chrono::NaiveDate,
}

/// What a conversion did.
#[derive(Debug)]
pub struct Converted {
    /// The lead, now converted.
    pub lead: Lead,
    /// Whether the account was made by the conversion.
    pub account_created: bool,
    /// Whether the contact was made by the conversion.
    pub contact_created: bool,
    /// The opportunity it made, if asked.
    pub opportunity_id: Option<OpportunityId>,
}

/// Converts the live lead `id`. What the conversion makes is owned by the lead's owner, else
/// by the caller.
pub fn convert(
    conn: &mut AnyConnection,
    p: &Principal,
    id: LeadId,
    choice: Choice,
    now: DateTime<Utc>,
) -> Result<Converted, ApiError> {
    record::in_transaction(conn, |conn| {
        if record::lock::<Lead>(conn, p.org, id)?.deleted {
            return Err(ApiError::NotFound);
        }
        let lead = Lead::read(conn, p.org, id)?;
        if lead.conversion.is_some() {
            return Err(ApiError::Conflict("lead_converted"));
        }
        let account = Existing {
            chosen: chosen::<Account>(conn, p, choice.account, "/account_id")?,
            matched: match (choice.account, lead.fields.company_domain()) {
                (None, Some(domain)) if !choice.new_account => {
                    db::accounts::find_by_domain(conn, p.org, &domain)?
                }
                _ => None,
            },
        };
        let contact = Existing {
            chosen: chosen::<Contact>(conn, p, choice.contact, "/contact_id")?,
            matched: match (choice.contact, &lead.fields.email) {
                (None, Some(email)) if !choice.new_contact => {
                    db::contacts::find_by_email(conn, p.org, email)?.map(|c| c.id)
                }
                _ => None,
            },
        };
        let owner = lead.fields.owner_id.or(Some(p.user));
        let plan =
            plan_conversion(&lead.fields, account, contact, owner).map_err(ApiError::Validation)?;
        let (account_id, account_created) = match plan.account {
            Target::Existing(account) => (account, false),
            Target::New(fields) => {
                let account = db::accounts::create(conn, p.org, AccountId::mint(), &fields, now)?;
                (account.id, true)
            }
        };
        let (contact_id, contact_created) = match plan.contact {
            Target::Existing(contact) => (contact, false),
            Target::New(mut fields) => {
                fields.account_id = Some(account_id);
                let contact = db::contacts::create(conn, p.org, ContactId::mint(), &fields, now)?;
                (contact.id, true)
            }
        };
        let opportunity_id = match choice.opportunity {
            Some(deal) => {
                let at = (account_id, contact_id);
                Some(make_deal(
                    conn,
                    p,
                    &lead,
                    at,
                    (deal, choice.deal_name),
                    now,
                )?)
            }
            None => None,
        };
        let conversion = Conversion {
            at: now,
            account_id,
            contact_id,
        };
        Ok(Converted {
            lead: db::leads::mark_converted(conn, p.org, lead, conversion)?,
            account_created,
            contact_created,
            opportunity_id,
        })
    })
}

/// Makes the opportunity of a conversion at the account, with the contact as its primary
/// contact and the lead as its source; its errors point into `/opportunity`.
fn make_deal(
    conn: &mut AnyConnection,
    p: &Principal,
    lead: &Lead,
    (account_id, contact_id): (AccountId, ContactId),
    (deal, name): (NewDeal, Option<String>),
    now: DateTime<Utc>,
) -> Result<OpportunityId, ApiError> {
    let f = &lead.fields;
    let amount_given = deal.amount.is_some();
    let amount = match deal.amount {
        Some(amount) => amount,
        None => Money {
            amount_minor: 0,
            currency: db::orgs::get(conn, p.org)?.base_currency,
        },
    };
    let fields = OpportunityFields {
        name: name
            .or_else(|| f.company.clone())
            .unwrap_or_else(|| f.display_name()),
        account_id,
        pipeline_id: deal.pipeline_id,
        stage_id: deal
            .stage_id
            .unwrap_or_else(|| StageId::from_uuid(uuid::Uuid::nil())),
        close_reason: None,
        amount,
        close_date: deal.close_date,
        owner_id: f.owner_id.or(Some(p.user)),
        primary_contact_id: Some(contact_id),
        contact_roles: Vec::new(),
        line_items: Vec::new(),
        next_step: None,
        competitors: Vec::new(),
        source_lead_id: Some(lead.id),
        campaign: f.campaign.clone(),
        forecast_category: None,
        description: None,
    };
    let change = DealChange {
        fields,
        by: Some(p.user),
        first_open_stage: deal.stage_id.is_none(),
        amount_given,
    };
    let made = db::opportunities::create_in(conn, p.org, OpportunityId::mint(), change, now)
        .map_err(|e| match e {
            db::Error::Invalid(e) => ApiError::Validation(vec![e.nested("/opportunity")]),
            other => other.into(),
        })?;
    Ok(made.id)
}

/// A chosen record, which must be a live one of the organization (422 at `pointer` if not).
fn chosen<R: Record>(
    conn: &mut AnyConnection,
    p: &Principal,
    id: Option<Id<R::Kind>>,
    pointer: &str,
) -> Result<Option<Id<R::Kind>>, ApiError>
where
    R::Kind: IdKind,
{
    let Some(id) = id else { return Ok(None) };
    match record::get::<R>(conn, p.org, id, Visibility::Live) {
        Ok(_) => Ok(Some(id)),
        Err(db::Error::NotFound) => Err(ApiError::Validation(vec![FieldError::new(
            pointer,
            "unknown_reference",
            "no such record in this organization",
        )])),
        Err(e) => Err(e.into()),
    }
}
