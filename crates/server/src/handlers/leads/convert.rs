use actix_web::web::Path;
use actix_web::{post, HttpResponse};
use api_types::leads::{ConvertLead, LeadConversion};
use domain::money::check_amount;
use domain::{text, AccountId, ContactId, Money, PipelineId, StageId, Violations};

use super::view;
use crate::auth::Caller;
use crate::extract::{path_id, Json};
use crate::kit::{Reply, State};
use crate::openapi::{Conflict, Id, Invalid};
use crate::sales::conversion::{self, Choice, NewDeal};

/// Convert a lead into an account, a contact and, if asked, an opportunity.
///
/// In one transaction: the lead joins the account given in `account_id`, else the oldest
/// account with its company domain, else a new prospect account named after its company; it
/// becomes the contact given in `contact_id`, else the oldest contact with its email, else a
/// new contact at that account (`new_account` and `new_contact` make new ones whatever
/// matches). With `opportunity`, an opportunity is made at the account in the pipeline given
/// (in `stage_id`, an open stage, or the first), with the contact as its primary contact and
/// the lead as its source. What is made belongs to the lead's owner. The lead keeps links
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
        opportunity: None,
        deal_name: None,
    };
    let mut choice = choice;
    if let Some(deal) = &body.opportunity {
        let at = |field: &str| format!("/opportunity/{field}");
        choice.deal_name = v
            .check_opt(deal.name.as_deref(), |n| {
                text::optional(&at("name"), n, 200)
            })
            .flatten();
        let pipeline_id = v.check(PipelineId::parse(&at("pipeline_id"), &deal.pipeline_id));
        let stage_id = v.check_opt(deal.stage_id.as_deref(), |s| {
            StageId::parse(&at("stage_id"), s)
        });
        let amount = match &deal.amount {
            Some(m) => v
                .check(
                    Money::parse(&at("amount"), m.amount_minor, &m.currency, true)
                        .and_then(|money| check_amount(&at("amount"), &money).map(|()| money)),
                )
                .map(Some),
            None => Some(None),
        };
        choice.opportunity = match (pipeline_id, amount) {
            (Some(pipeline_id), Some(amount)) => Some(NewDeal {
                pipeline_id,
                stage_id,
                amount,
                close_date: deal.close_date,
            }),
            _ => None,
        };
    }
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
        opportunity_id: converted.opportunity_id.map(|o| o.to_string()),
        account_created: converted.account_created,
        contact_created: converted.contact_created,
        lead: view::lead(&converted.lead),
    }))
}
