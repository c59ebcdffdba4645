//! Converting a lead: in one transaction, under the lead's lock, it becomes an account (new,
//! or an existing one chosen or matched by company domain) and a contact (new, or an existing
//! one chosen or matched by email), and keeps links to both. Converting twice is refused;
//! anything that fails rolls back everything, so no half-converted lead remains.

use chrono::{DateTime, Utc};
use db::record::{self, Record, Visibility};
use db::AnyConnection;
use domain::account::Account;
use domain::contact::Contact;
use domain::id::{Id, IdKind};
use domain::lead::{plan_conversion, Conversion, Existing, Lead, Target};
use domain::{AccountId, ContactId, FieldError, LeadId};

use crate::auth::Principal;
use crate::error::ApiError;

/// What the user chose for the conversion.
#[derive(Debug, Clone, Copy, Default)]
pub struct Choice {
    /// The account the lead joins.
    pub account: Option<AccountId>,
    /// The contact the lead is.
    pub contact: Option<ContactId>,
    /// Make a new account, whatever matches.
    pub new_account: bool,
    /// Make a new contact, whatever matches.
    pub new_contact: bool,
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
        let conversion = Conversion {
            at: now,
            account_id,
            contact_id,
        };
        Ok(Converted {
            lead: db::leads::mark_converted(conn, p.org, lead, conversion)?,
            account_created,
            contact_created,
        })
    })
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
