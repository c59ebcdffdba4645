use actix_web::web::Path;
use actix_web::{post, HttpResponse};
use api_types::opportunities::{Opportunity as OpportunityBody, ReopenOpportunity};
use db::opportunities::Opportunity;
use domain::StageId;

use crate::auth::Caller;
use crate::extract::{json_with_etag, path_id, IfMatch, Json};
use crate::kit::{Reply, State, View};
use crate::openapi::{self, Conflict, Id, Invalid};

/// Reopen a won or lost opportunity.
///
/// It goes back to `stage_id` (an open stage of its pipeline, else 422 `not_an_open_stage`),
/// or to the stage it closed from, or to the pipeline's first open stage when that one is
/// gone. Its close reason and closing time are cleared; the move is recorded in its stage
/// history. An open opportunity is 409 `opportunity_not_closed`.
#[utoipa::path(
    tag = "opportunities",
    params(Id, openapi::IfMatch),
    request_body = ReopenOpportunity,
    responses(
        (status = 200, description = "The reopened opportunity", body = OpportunityBody, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/opportunities/{id}/reopen")]
pub async fn reopen_opportunity(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<ReopenOpportunity>,
) -> Reply {
    let id = path_id(&id)?;
    let stage = match body.into_inner().stage_id {
        Some(raw) => Some(StageId::parse("/stage_id", &raw)?),
        None => None,
    };
    let now = state.now();
    let body = state
        .run(caller, move |conn, p| {
            let by = (if_match.0, stage, Some(p.user));
            let deal = db::opportunities::history::reopen(conn, p.org, id, by, now)?;
            Opportunity::view(conn, p.org, &deal)
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), body.version, &body))
}
