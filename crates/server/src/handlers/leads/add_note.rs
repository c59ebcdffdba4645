use actix_web::post;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::notes::{CreateNote, Note};
use db::notes::NoteSubject;

use crate::auth::Caller;
use crate::extract::path_id;
use crate::handlers::notes;
use crate::kit::{Reply, State};
use crate::openapi::{Id, Invalid};

/// Add a note to a lead.
#[utoipa::path(
    tag = "leads",
    params(Id),
    request_body = CreateNote,
    responses((status = 201, description = "The note", body = Note), Invalid),
)]
#[post("/leads/{id}/notes")]
pub async fn add_lead_note(
    state: State,
    caller: Caller,
    id: Path<String>,
    body: Json<CreateNote>,
) -> Reply {
    let subject = NoteSubject::Lead(path_id(&id)?);
    notes::add(&state, caller, subject, body.into_inner()).await
}
