use actix_web::{patch, web, HttpResponse};
use api_types::contacts::{Contact, UpdateContact};
use api_types::Problem;
use domain::ContactId;

use super::{input, view};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, IfMatch};
use crate::state::AppState;

/// Change a contact.
///
/// Fields left out stay as they are; `null` clears a field. Send the `ETag` you read in
/// `If-Match` to be told (412) when someone else changed the contact in the meantime.
#[utoipa::path(
    tag = "contacts",
    params(
        ("id" = String, Path, description = "Contact id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateContact,
    responses(
        (status = 200, description = "The changed contact", body = Contact, headers(("ETag" = String))),
        (status = 404, description = "No such contact", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed by someone else", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/contacts/{id}")]
pub async fn update_contact(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: web::Json<UpdateContact>,
) -> Result<HttpResponse, ApiError> {
    let contact_id: ContactId = path_id(&id)?;
    let patch = body.into_inner();
    let now = state.now();
    let contact = state
        .db(move |conn| {
            Ok(db::contacts::modify(
                conn,
                principal.org,
                contact_id,
                now,
                |current| {
                    if if_match.0.is_some_and(|v| v != current.version) {
                        return Err(ApiError::VersionMismatch);
                    }
                    input::parse(input::merge(&current.fields, patch), None)
                },
            )?)
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        contact.version,
        &view::contact(&contact),
    ))
}
