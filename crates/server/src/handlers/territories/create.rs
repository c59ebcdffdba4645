use crate::extract::Json;
use actix_web::post;
use api_types::territories::{CreateTerritory, Territory};

use super::input;
use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Invalid};

/// Create a territory.
///
/// Accounts are placed again in the background (a `territory.place_accounts` job per 2,000
/// accounts): each in the deepest territory whose rules, and its ancestors', it meets.
#[utoipa::path(
    tag = "territories",
    request_body = CreateTerritory,
    responses(
        (status = 201, description = "Created", body = Territory, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/territories")]
pub async fn create_territory(state: State, caller: Caller, body: Json<CreateTerritory>) -> Reply {
    let fields = input::parse(body.into_inner())?;
    let now = state.now();
    let territory = state
        .run(caller, move |conn, p| {
            Ok(db::territories::create(conn, p.org, &fields, now)?)
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/territories/{}", territory.id),
        territory.version,
        &super::body(&territory),
    ))
}
