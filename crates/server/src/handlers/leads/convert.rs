use actix_web::web::Path;
use actix_web::{post, HttpResponse};
use api_types::leads::{ConvertLead, LeadConversion};
use domain::{AccountId, ContactId, Violations};

use super::view;
use crate::auth::Caller;
use crate::extract::{path_id, Json};
use crate::kit::{Reply, State};
use crate::openapi::{Conflict, Id, Invalid};
use crate::sales::conversion::{self, Choice};

/// Convert a lead into an account and a contact.
///
/// In one transaction: the lead joins the account given in `account_id`, else the oldest
/// account with its company domain, else a new prospect account named after its company; it
/// becomes the contact given in `contact_id`, else the oldest contact with its email, else a
/// new contact at that account (`new_account` and `new_contact` make new ones whatever
/// matches). What is made belongs to the lead's owner. The lead keeps links
/// to both and no longer changes. A lead converts once (409 `lead_converted`); a lead without
/// a company needs an `account_id`, one without a last name a `contact_id` (422).
#[utoipa::path(
    tag = "leads",
    params(Id),
    request_body = ConvertLead,
    responses(
        (status = 200, description = "What the lead became", body = LeadConversion),
        Invalid,
        Conflict,
    ),
)]
#[post("/leads/{id}/convert")]
pub async fn convert_lead(
    state: State,
    caller: Caller,
    id: Path<String>,
    body: Json<ConvertLead>,
) -> Reply {
    let id = path_id(&id)?;
    let mut v = Violations::new();
    let choice = Choice {
        account: v.check_opt(body.account_id.as_deref(), |a| {
            AccountId::parse("/account_id", a)
        }),
        contact: v.check_opt(body.contact_id.as_deref(), |c| {
            ContactId::parse("/contact_id", c)
        }),
        new_account: body.new_account,
        new_contact: body.new_contact,
    };
    for (chosen, new, pointer) in [
        (choice.account.is_some(), choice.new_account, "/new_account"),
        (choice.contact.is_some(), choice.new_contact, "/new_contact"),
    ] {
        if chosen && new {
            v.push(domain::FieldError::new(
                pointer,
                "conflicts_with_choice",
                "choose an existing record or ask for a new one, not both",
            ));
        }
    }
    v.finish(|| Some(()))?;
    let now = state.now();
    let converted = state
        .run(caller, move |conn, p| {
            conversion::convert(conn, &p, id, choice, now)
        })
        .await?;
    let link = converted.lead.conversion;
    Ok(HttpResponse::Ok().json(LeadConversion {
        account_id: link.map(|c| c.account_id.to_string()).unwrap_or_default(),
        contact_id: link.map(|c| c.contact_id.to_string()).unwrap_or_default(),
        account_created: converted.account_created,
        contact_created: converted.contact_created,
        lead: view::lead(&converted.lead),
    }))
}
