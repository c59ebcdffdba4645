use actix_web::patch;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::contacts::UpdateContact;
use domain::contact::Contact;

use super::input;
use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id, Invalid};

/// Change a contact.
///
/// Fields left out stay as they are; `null` clears a field. Send the `ETag` you read in
/// `If-Match` to be told (412) when someone else changed the contact in the meantime.
#[utoipa::path(
    tag = "contacts",
    params(Id, openapi::IfMatch),
    request_body = UpdateContact,
    responses(
        (status = 200, description = "The changed contact", body = api_types::contacts::Contact, headers(("ETag" = String))),
        Invalid,
    ),
)]
#[patch("/contacts/{id}")]
pub async fn update_contact(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateContact>,
) -> Reply {
    kit::update::<Contact, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}
