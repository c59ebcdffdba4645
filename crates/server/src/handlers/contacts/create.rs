use actix_web::{post, web, HttpResponse};
use api_types::contacts::{Contact, CreateContact};
use api_types::Problem;

use super::{input, view};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::json_with_etag;
use crate::state::AppState;

/// Create a contact.
///
/// The owner defaults to the caller. The answer carries the new contact's `ETag` and
/// `Location`.
#[utoipa::path(
    tag = "contacts",
    request_body = CreateContact,
    responses(
        (status = 201, description = "Created", body = Contact, headers(("ETag" = String), ("Location" = String))),
        (status = 400, description = "Malformed body or unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/contacts")]
pub async fn create_contact(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<CreateContact>,
) -> Result<HttpResponse, ApiError> {
    let fields = input::parse(body.into_inner(), Some(principal.user))?;
    let now = state.now();
    let contact = state
        .db(move |conn| {
            Ok(db::contacts::create(
                conn,
                principal.org,
                db::convert::new_id(),
                &fields,
                now,
            )?)
        })
        .await?;
    let mut response = HttpResponse::Created();
    response.insert_header(("Location", format!("/api/v1/contacts/{}", contact.id)));
    Ok(json_with_etag(
        response,
        contact.version,
        &view::contact(&contact),
    ))
}
