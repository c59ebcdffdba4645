use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use db::portal::partners::Partner;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a partner.
#[utoipa::path(
    tag = "partners",
    params(Id, RecordQuery),
    responses((status = 200, description = "The partner", body = api_types::portal::Partner, headers(("ETag" = String)))),
)]
#[get("/partners/{id}")]
pub async fn get_partner(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Partner>(&state, caller, &id, &query).await
}
