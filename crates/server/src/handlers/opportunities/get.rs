use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use db::opportunities::Opportunity;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get an opportunity.
#[utoipa::path(
    tag = "opportunities",
    params(Id, RecordQuery),
    responses((status = 200, description = "The opportunity", body = api_types::opportunities::Opportunity, headers(("ETag" = String)))),
)]
#[get("/opportunities/{id}")]
pub async fn get_opportunity(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Opportunity>(&state, caller, &id, &query).await
}
