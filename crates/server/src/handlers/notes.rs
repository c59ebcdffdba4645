//! What account and contact notes share: validation, the subject check and the response shape.

use actix_web::HttpResponse;
use api_types::notes::{CreateNote, Note as NoteBody};
use api_types::PageQuery;
use db::notes::{Note, NoteSubject};
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::account::Account;
use domain::contact::Contact;
use domain::{text, OrgId};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::kit::{self, Reply, View};
use crate::state::AppState;

impl View for Note {
    type Body = NoteBody;

    fn view(_: &mut AnyConnection, _: OrgId, note: &Note) -> Result<NoteBody, ApiError> {
        Ok(NoteBody {
            id: note.id.to_string(),
            body: note.body.clone(),
            author_id: note.author_id.map(|a| a.to_string()),
            account_id: note.account_id.map(|a| a.to_string()),
            contact_id: note.contact_id.map(|c| c.to_string()),
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
            let note = db::notes::create(conn, p.org, subject, p.user, &text, now)?;
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
