use actix_web::post;
use api_types::opportunities::{CreateOpportunity, Opportunity as OpportunityBody};
use db::opportunities::Opportunity;
use domain::OpportunityId;

use super::input;
use crate::auth::Caller;
use crate::extract::Json;
use crate::kit::{self, Reply, State, View};
use crate::openapi::{Conflict, Invalid};

/// Create an opportunity.
///
/// It starts in `stage_id`, or in its pipeline's first open stage; a won or lost stage needs
/// a `close_reason` from the pipeline's list (422 `required`, `unknown_reason`), and a stage
/// of another pipeline is 422 `stage_not_in_pipeline`. The amount (zero in the base currency
/// when left out) is converted into the base currency at the rate of the close date (422
/// `no_exchange_rate` when its currency has none). The caller owns it unless `owner_id`
/// says otherwise. Its stage history starts with the stage it is created in.
#[utoipa::path(
    tag = "opportunities",
    request_body = CreateOpportunity,
    responses(
        (status = 201, description = "Created", body = OpportunityBody, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/opportunities")]
pub async fn create_opportunity(
    state: State,
    caller: Caller,
    body: Json<CreateOpportunity>,
) -> Reply {
    let body = body.into_inner();
    let now = state.now();
    let body = state
        .run(caller, move |conn, p| {
            let base = db::orgs::get(conn, p.org)?.base_currency;
            let change = input::parse(body, &p, base, Some(p.user))?;
            let deal = db::opportunities::create(conn, p.org, OpportunityId::mint(), change, now)?;
            Opportunity::view(conn, p.org, &deal)
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/opportunities/{}", body.id),
        body.version,
        &body,
    ))
}
