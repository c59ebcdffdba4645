use actix_web::get;
use actix_web::web::Path;
use domain::contact::Contact;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a contact.
#[utoipa::path(
    tag = "contacts",
    params(Id),
    responses((status = 200, description = "The contact", body = api_types::contacts::Contact, headers(("ETag" = String)))),
)]
#[get("/contacts/{id}")]
pub async fn get_contact(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::get::<Contact>(&state, caller, &id).await
}
