use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use domain::contact::Contact;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a contact.
#[utoipa::path(
    tag = "contacts",
    params(Id, RecordQuery),
    responses((status = 200, description = "The contact", body = api_types::contacts::Contact, headers(("ETag" = String)))),
)]
#[get("/contacts/{id}")]
pub async fn get_contact(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Contact>(&state, caller, &id, &query).await
}
