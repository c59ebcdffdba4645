use actix_web::{get, web, HttpResponse};
use api_types::notes::Note;
use api_types::{Page, Problem};
use db::notes::NoteSubject;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::path_id;
use crate::handlers::notes::{self, NotesQuery};
use crate::state::AppState;

/// List a contact's notes, newest first.
#[utoipa::path(
    tag = "contacts",
    params(("id" = String, Path, description = "Contact id"), NotesQuery),
    responses(
        (status = 200, description = "A page of notes", body = Page<Note>),
        (status = 404, description = "No such contact", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/contacts/{id}/notes")]
pub async fn list_contact_notes(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    query: web::Query<NotesQuery>,
) -> Result<HttpResponse, ApiError> {
    let subject = NoteSubject::Contact(path_id(&id)?);
    let query = query.into_inner();
    let page = notes::list(&state, principal, subject, query.limit, query.cursor).await?;
    Ok(HttpResponse::Ok().json(page))
}
