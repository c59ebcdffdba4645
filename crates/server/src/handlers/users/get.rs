use actix_web::get;
use actix_web::web::Path;
use api_types::users::User;
use api_types::RecordQuery;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a staff user.
#[utoipa::path(
    tag = "users",
    params(Id),
    responses((status = 200, description = "The user", body = User, headers(("ETag" = String)))),
)]
#[get("/users/{id}")]
pub async fn get_user(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::get::<db::users::User>(&state, caller, &id, &RecordQuery::default()).await
}
