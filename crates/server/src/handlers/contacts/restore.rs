use actix_web::{post, web, HttpResponse};
use api_types::contacts::Contact;
use api_types::Problem;
use domain::ContactId;

use super::view;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id};
use crate::state::AppState;

/// Restore a deleted contact.
#[utoipa::path(
    tag = "contacts",
    params(("id" = String, Path, description = "Contact id")),
    responses(
        (status = 200, description = "The restored contact", body = Contact, headers(("ETag" = String))),
        (status = 404, description = "No deleted contact with this id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/contacts/{id}/restore")]
pub async fn restore_contact(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let contact_id: ContactId = path_id(&id)?;
    let now = state.now();
    let contact = state
        .db(move |conn| {
            Ok(db::contacts::set_deleted(
                conn,
                principal.org,
                contact_id,
                None,
                false,
                now,
            )?)
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        contact.version,
        &view::contact(&contact),
    ))
}
