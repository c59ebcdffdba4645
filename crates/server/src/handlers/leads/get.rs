use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use domain::lead::Lead;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a lead.
#[utoipa::path(
    tag = "leads",
    params(Id, RecordQuery),
    responses((status = 200, description = "The lead", body = api_types::leads::Lead, headers(("ETag" = String)))),
)]
#[get("/leads/{id}")]
pub async fn get_lead(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Lead>(&state, caller, &id, &query).await
}
