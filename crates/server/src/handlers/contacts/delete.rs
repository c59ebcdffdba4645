use actix_web::delete;
use actix_web::web::Path;
use domain::contact::Contact;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete a contact (soft: it can be restored).
#[utoipa::path(
    tag = "contacts",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/contacts/{id}")]
pub async fn delete_contact(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Contact>(&state, caller, &id, if_match).await
}
