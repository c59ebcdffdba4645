use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::notes::Note;
use api_types::{Page, PageQuery};
use db::notes::NoteSubject;

use crate::auth::Caller;
use crate::extract::path_id;
use crate::handlers::notes;
use crate::kit::{Reply, State};
use crate::openapi::Id;

/// List a lead's notes, newest first.
#[utoipa::path(
    tag = "leads",
    params(Id, PageQuery),
    responses((status = 200, description = "A page of notes", body = Page<Note>)),
)]
#[get("/leads/{id}/notes")]
pub async fn list_lead_notes(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<PageQuery>,
) -> Reply {
    let subject = NoteSubject::Lead(path_id(&id)?);
    notes::list(&state, caller, subject, &query).await
}
