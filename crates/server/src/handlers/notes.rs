//! What account, contact and lead notes share: validation, the subject check and the response shape;
//! and the routes of a note itself, which its author (or an admin) changes or deletes.

use actix_web::web::Path;
use actix_web::{delete, patch, HttpResponse};
use api_types::notes::{CreateNote, Note as NoteBody, UpdateNote};
use api_types::PageQuery;
use db::notes::{Note, NoteSubject};
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::account::Account;
use domain::contact::Contact;
use domain::lead::Lead;
use domain::Permission::WriteCustomers;
use domain::{text, OrgId, Role};

use crate::auth::{Access::Permission as Can, Caller, Principal, Routes};
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, IfMatch, Json};
use crate::kit::{self, Reply, View};
use crate::openapi::{self, Id, Invalid};
use crate::state::AppState;

/// The routes of one note. Writers may call them; the handler then lets only the note's author
/// or an admin through.
pub fn routes(r: &mut Routes) {
    r.add(update_note, Can(WriteCustomers))
        .add(delete_note, Can(WriteCustomers));
}

impl View for Note {
    type Body = NoteBody;

    fn view(_: &mut AnyConnection, _: OrgId, note: &Note) -> Result<NoteBody, ApiError> {
        Ok(NoteBody {
            id: note.id.to_string(),
            body: note.body.clone(),
            author_id: note.author_id.map(|a| a.to_string()),
            account_id: note.account_id.map(|a| a.to_string()),
            contact_id: note.contact_id.map(|c| c.to_string()),
            lead_id: note.lead_id.map(|l| l.to_string()),
            created_at: note.created_at,
            version: note.version,
        })
    }
}

/// Fails with 404 unless the subject is a live record of the organization.
fn ensure_subject(
    conn: &mut AnyConnection,
    org: OrgId,
    subject: NoteSubject,
) -> Result<(), ApiError> {
    match subject {
        NoteSubject::Account(a) => {
            record::get::<Account>(conn, org, a, Visibility::Live).map(|_| ())
        }
        NoteSubject::Contact(c) => {
            record::get::<Contact>(conn, org, c, Visibility::Live).map(|_| ())
        }
        NoteSubject::Lead(l) => record::get::<Lead>(conn, org, l, Visibility::Live).map(|_| ()),
    }
    .map_err(ApiError::from)
}

/// Writes a note on a live subject of the caller's organization.
pub async fn add(
    state: &AppState,
    caller: Caller,
    subject: NoteSubject,
    body: CreateNote,
) -> Reply {
    let text = text::required("/body", &body.body, 20_000)?;
    let now = state.now();
    let note = state
        .run(caller, move |conn, p| {
            ensure_subject(conn, p.org, subject)?;
            let note = db::notes::create(conn, p.org, subject, Some(p.user), &text, now)?;
            Note::view(conn, p.org, &note)
        })
        .await?;
    Ok(HttpResponse::Created().json(note))
}

/// A page of the subject's notes, newest first.
pub async fn list(
    state: &AppState,
    caller: Caller,
    subject: NoteSubject,
    query: &PageQuery,
) -> Reply {
    let params = kit::page_params(query, &db::notes::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            ensure_subject(conn, p.org, subject)?;
            let page = db::notes::list(conn, p.org, subject, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The live note `id`, if the caller may change it: its record must be live (a record in the
/// trash is read-only), and the caller its author or an admin (403 otherwise).
fn changeable(
    conn: &mut AnyConnection,
    p: &Principal,
    id: domain::NoteId,
) -> Result<Note, ApiError> {
    let note: Note = record::get(conn, p.org, id, Visibility::Live)?;
    let subject = match (note.account_id, note.contact_id, note.lead_id) {
        (Some(account), _, _) => Some(NoteSubject::Account(account)),
        (None, Some(contact), _) => Some(NoteSubject::Contact(contact)),
        (None, None, Some(lead)) => Some(NoteSubject::Lead(lead)),
        (None, None, None) => None,
    };
    if let Some(subject) = subject {
        ensure_subject(conn, p.org, subject)?;
    }
    if note.author_id != Some(p.user) && p.role != Role::Admin {
        return Err(ApiError::Forbidden);
    }
    Ok(note)
}

/// Change a note's text (its author, or an admin).
#[utoipa::path(
    tag = "notes",
    params(Id, openapi::IfMatch),
    request_body = UpdateNote,
    responses((status = 200, description = "The note", body = NoteBody, headers(("ETag" = String))), Invalid),
)]
#[patch("/notes/{id}")]
pub async fn update_note(
    state: kit::State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateNote>,
) -> Reply {
    let id = path_id(&id)?;
    let text = text::required("/body", &body.body, 20_000)?;
    let now = state.now();
    let note = state
        .run(caller, move |conn, p| {
            changeable(conn, &p, id)?;
            let note = record::modify::<Note, ApiError>(conn, p.org, id, now, |current| {
                if if_match.0.is_some_and(|v| v != current.version) {
                    return Err(ApiError::VersionMismatch);
                }
                Ok(text)
            })?;
            Note::view(conn, p.org, &note)
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), note.version, &note))
}

/// Delete a note (its author, or an admin).
#[utoipa::path(
    tag = "notes",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/notes/{id}")]
pub async fn delete_note(
    state: kit::State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    let id = path_id(&id)?;
    let now = state.now();
    state
        .run(caller, move |conn, p| {
            changeable(conn, &p, id)?;
            Ok(<Note as db::record::Record>::trash(
                conn, p.org, id, if_match.0, true, now,
            )?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
