use actix_web::patch;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::sla::{Policy, UpdatePolicy};

use super::super::documents;
use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id, Invalid};

/// Change an SLA policy.
///
/// The fields given replace the stored ones whole. A new `position` moves the policy in the
/// evaluation order; the policies in between move by one.
#[utoipa::path(
    tag = "sla",
    params(Id, openapi::IfMatch),
    request_body = UpdatePolicy,
    responses(
        (status = 200, description = "The changed policy", body = Policy, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/sla/policies/{id}")]
pub async fn update_policy(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdatePolicy>,
) -> Reply {
    let patch = body.into_inner();
    kit::update::<db::sla::Policy, _>(
        &state,
        caller,
        &id,
        if_match,
        patch,
        documents::patched_policy,
    )
    .await
}
