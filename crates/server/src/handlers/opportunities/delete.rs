use actix_web::delete;
use actix_web::web::Path;
use db::opportunities::Opportunity;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete an opportunity (it goes to the trash and can be restored); it leaves boards and
/// forecasts meanwhile.
#[utoipa::path(
    tag = "opportunities",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/opportunities/{id}")]
pub async fn delete_opportunity(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Opportunity>(&state, caller, &id, if_match).await
}
