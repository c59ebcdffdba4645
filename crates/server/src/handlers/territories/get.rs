use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use db::territories::Territory;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a territory.
#[utoipa::path(
    tag = "territories",
    params(Id, RecordQuery),
    responses((status = 200, description = "The territory", body = api_types::territories::Territory, headers(("ETag" = String)))),
)]
#[get("/territories/{id}")]
pub async fn get_territory(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Territory>(&state, caller, &id, &query).await
}
