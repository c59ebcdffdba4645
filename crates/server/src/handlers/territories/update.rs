use actix_web::patch;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::territories::UpdateTerritory;
use db::territories::Territory;

use super::input;
use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id, Invalid};

/// Change a territory.
///
/// Fields left out stay; lists given replace the stored ones. A new parent may not lie below
/// the territory (409 `territory_cycle`) nor nest it deeper than 8 levels. New rules or a new
/// parent place the accounts again in the background.
#[utoipa::path(
    tag = "territories",
    params(Id, openapi::IfMatch),
    request_body = UpdateTerritory,
    responses(
        (status = 200, description = "The changed territory", body = api_types::territories::Territory, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/territories/{id}")]
pub async fn update_territory(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateTerritory>,
) -> Reply {
    kit::update::<Territory, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}
