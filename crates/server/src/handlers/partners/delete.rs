use actix_web::delete;
use actix_web::web::Path;
use db::portal::partners::Partner;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete a partner (it goes to the trash and can be restored). Its portal stops at once:
/// its customers' sessions end at their next request.
#[utoipa::path(
    tag = "partners",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/partners/{id}")]
pub async fn delete_partner(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Partner>(&state, caller, &id, if_match).await
}
