use actix_web::patch;
use actix_web::web::Path;
use api_types::portal::UpdatePartner;
use db::portal::partners::Partner;

use super::input;
use crate::auth::Caller;
use crate::extract::{IfMatch, Json};
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id, Invalid};

/// Change a partner.
///
/// Fields left out stay; `allowed_origins` replaces the whole list. The key never changes.
#[utoipa::path(
    tag = "partners",
    params(Id, openapi::IfMatch),
    request_body = UpdatePartner,
    responses(
        (status = 200, description = "The changed partner", body = api_types::portal::Partner, headers(("ETag" = String))),
        Invalid,
    ),
)]
#[patch("/partners/{id}")]
pub async fn update_partner(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdatePartner>,
) -> Reply {
    kit::update::<Partner, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}
