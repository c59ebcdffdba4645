use actix_web::{post, web, HttpResponse};
use api_types::notes::{CreateNote, Note};
use api_types::Problem;
use db::notes::NoteSubject;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::path_id;
use crate::handlers::notes;
use crate::state::AppState;

/// Add a note to an account.
#[utoipa::path(
    tag = "accounts",
    params(("id" = String, Path, description = "Account id")),
    request_body = CreateNote,
    responses(
        (status = 201, description = "The note", body = Note),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/accounts/{id}/notes")]
pub async fn add_account_note(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    body: web::Json<CreateNote>,
) -> Result<HttpResponse, ApiError> {
    let subject = NoteSubject::Account(path_id(&id)?);
    let note = notes::add(&state, principal, subject, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(note))
}
