use actix_web::post;
use actix_web::web::Path;
use db::opportunities::Opportunity;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Restore a deleted opportunity.
#[utoipa::path(
    tag = "opportunities",
    params(Id),
    responses(
        (status = 200, description = "The restored opportunity", body = api_types::opportunities::Opportunity, headers(("ETag" = String))),
    ),
)]
#[post("/opportunities/{id}/restore")]
pub async fn restore_opportunity(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Opportunity>(&state, caller, &id).await
}
