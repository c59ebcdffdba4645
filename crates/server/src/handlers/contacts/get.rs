use actix_web::{get, web, HttpResponse};
use api_types::contacts::Contact;
use api_types::Problem;
use domain::ContactId;

use super::view;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id};
use crate::state::AppState;

/// Get a contact.
#[utoipa::path(
    tag = "contacts",
    params(("id" = String, Path, description = "Contact id (`con_…`)")),
    responses(
        (status = 200, description = "The contact", body = Contact, headers(("ETag" = String))),
        (status = 404, description = "No such contact", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/contacts/{id}")]
pub async fn get_contact(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let contact_id: ContactId = path_id(&id)?;
    let contact = state
        .db(move |conn| Ok(db::contacts::get(conn, principal.org, contact_id, false)?))
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        contact.version,
        &view::contact(&contact),
    ))
}
