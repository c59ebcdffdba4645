use actix_web::patch;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::opportunities::UpdateOpportunity;
use db::opportunities::Opportunity;

use super::input;
use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id, Invalid};

/// Change an opportunity.
///
/// Fields left out stay, `null` clears; lists given replace the stored ones. Moving it is
/// changing `stage_id` (to a stage of its pipeline, else 422 `stage_not_in_pipeline`): a won
/// or lost stage needs a `close_reason` from the pipeline's list and closes the deal today
/// unless `close_date` is given too; every move is recorded in its stage history. The amount
/// is converted into the base currency at the rate of the close date (422
/// `no_exchange_rate` for a currency without one). A won or lost deal changes only after
/// `POST /api/v1/opportunities/{id}/reopen` (409 `opportunity_closed`).
#[utoipa::path(
    tag = "opportunities",
    params(Id, openapi::IfMatch),
    request_body = UpdateOpportunity,
    responses(
        (status = 200, description = "The changed opportunity", body = api_types::opportunities::Opportunity, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/opportunities/{id}")]
pub async fn update_opportunity(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateOpportunity>,
) -> Reply {
    kit::update::<Opportunity, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}
