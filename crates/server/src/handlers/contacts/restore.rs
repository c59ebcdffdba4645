use actix_web::post;
use actix_web::web::Path;
use domain::contact::Contact;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Restore a deleted contact.
#[utoipa::path(
    tag = "contacts",
    params(Id),
    responses((status = 200, description = "The restored contact", body = api_types::contacts::Contact, headers(("ETag" = String)))),
)]
#[post("/contacts/{id}/restore")]
pub async fn restore_contact(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Contact>(&state, caller, &id).await
}
