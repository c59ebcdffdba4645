use crate::extract::Json;
use actix_web::post;
use api_types::contacts::CreateContact;
use domain::ContactId;

use super::{input, view};
use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Invalid;

/// Create a contact.
///
/// The owner defaults to the caller. The answer carries the new contact's `ETag` and
/// `Location`.
#[utoipa::path(
    tag = "contacts",
    request_body = CreateContact,
    responses(
        (status = 201, description = "Created", body = api_types::contacts::Contact, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/contacts")]
pub async fn create_contact(state: State, caller: Caller, body: Json<CreateContact>) -> Reply {
    let body = body.into_inner();
    let now = state.now();
    let contact = state
        .run(caller, move |conn, p| {
            let fields = input::parse(body, Some(p.user))?;
            Ok(db::contacts::create(
                conn,
                p.org,
                ContactId::mint(),
                &fields,
                now,
            )?)
        })
        .await?;
    let location = format!("/api/v1/contacts/{}", contact.id);
    Ok(kit::created(
        location,
        contact.version,
        &view::contact(&contact),
    ))
}
