//! Reading, changing, deleting and restoring one portal user.

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post};
use api_types::portal::{PortalUser as PortalUserBody, UpdatePortalUser};
use api_types::RecordQuery;
use db::portal::users::PortalUser;

use super::input;
use crate::auth::Caller;
use crate::extract::{IfMatch, Json};
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id, Invalid};

/// Get a portal user.
#[utoipa::path(
    tag = "portal-users",
    params(Id, RecordQuery),
    responses((status = 200, description = "The portal user", body = PortalUserBody, headers(("ETag" = String)))),
)]
#[get("/portal-users/{id}")]
pub async fn get_portal_user(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<PortalUser>(&state, caller, &id, &query).await
}

/// Change a portal user: the address they sign in with, their role, or whether they may
/// sign in. A deactivated one's sessions end at their next request.
#[utoipa::path(
    tag = "portal-users",
    params(Id, openapi::IfMatch),
    request_body = UpdatePortalUser,
    responses(
        (status = 200, description = "The changed portal user", body = PortalUserBody, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/portal-users/{id}")]
pub async fn update_portal_user(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdatePortalUser>,
) -> Reply {
    kit::update::<PortalUser, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}

/// Take a contact's portal access away (it goes to the trash and can be restored); their
/// sessions end at their next request.
#[utoipa::path(
    tag = "portal-users",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/portal-users/{id}")]
pub async fn delete_portal_user(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<PortalUser>(&state, caller, &id, if_match).await
}

/// Restore a deleted portal user; their address must not have been given to another
/// meanwhile (409 `portal_email_taken`).
#[utoipa::path(
    tag = "portal-users",
    params(Id),
    responses(
        (status = 200, description = "The restored portal user", body = PortalUserBody, headers(("ETag" = String))),
        Conflict,
    ),
)]
#[post("/portal-users/{id}/restore")]
pub async fn restore_portal_user(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<PortalUser>(&state, caller, &id).await
}
