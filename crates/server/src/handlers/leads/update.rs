use actix_web::patch;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::leads::UpdateLead;
use domain::lead::Lead;

use super::input;
use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id, Invalid};

/// Change a lead.
///
/// Fields left out stay as they are; `null` clears a field. Send the `ETag` you read in
/// `If-Match` to be told (412) when someone else changed the lead in the meantime. A
/// converted lead no longer changes (409 `lead_converted`).
#[utoipa::path(
    tag = "leads",
    params(Id, openapi::IfMatch),
    request_body = UpdateLead,
    responses(
        (status = 200, description = "The changed lead", body = api_types::leads::Lead, headers(("ETag" = String))),
        Invalid,
        Conflict,
    ),
)]
#[patch("/leads/{id}")]
pub async fn update_lead(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateLead>,
) -> Reply {
    kit::update::<Lead, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}
