//! What account and contact notes share: validation, checks and the response shape.

use api_types::notes::{CreateNote, Note as NoteBody};
use api_types::Page;
use db::notes::{Note, NoteSubject};
use domain::text;
use domain::NoteId;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// A note as a response body.
pub fn view(note: &Note) -> NoteBody {
    NoteBody {
        id: note.id.to_string(),
        body: note.body.clone(),
        author_id: note.author_id.map(|a| a.to_string()),
        account_id: note.account_id.map(|a| a.to_string()),
        contact_id: note.contact_id.map(|c| c.to_string()),
        created_at: note.created_at,
        version: note.version,
    }
}

fn ensure_subject(
    conn: &mut db::AnyConnection,
    principal: &Principal,
    subject: NoteSubject,
) -> Result<(), ApiError> {
    match subject {
        NoteSubject::Account(a) => db::accounts::get(conn, principal.org, a, false).map(|_| ()),
        NoteSubject::Contact(c) => db::contacts::get(conn, principal.org, c, false).map(|_| ()),
    }
    .map_err(ApiError::from)
}

/// Writes a note on a live subject of the caller's organization.
pub async fn add(
    state: &AppState,
    principal: Principal,
    subject: NoteSubject,
    body: CreateNote,
) -> Result<NoteBody, ApiError> {
    let text = text::required("/body", &body.body, 20_000)?;
    let now = state.now();
    let note = state
        .db(move |conn| {
            ensure_subject(conn, &principal, subject)?;
            Ok(db::notes::create(
                conn,
                principal.org,
                subject,
                principal.user,
                &text,
                now,
            )?)
        })
        .await?;
    Ok(view(&note))
}

/// A page of notes, newest first.
pub async fn list(
    state: &AppState,
    principal: Principal,
    subject: NoteSubject,
    limit: Option<i64>,
    cursor: Option<String>,
) -> Result<Page<NoteBody>, ApiError> {
    let limit =
        crate::extract::page_size(limit).map_err(|e| ApiError::InvalidParameters(vec![e]))?;
    let after = match cursor.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(
            NoteId::parse("/query/cursor", raw)
                .map_err(|e| ApiError::InvalidParameters(vec![e]))?,
        ),
    };
    let mut notes = state
        .db(move |conn| {
            ensure_subject(conn, &principal, subject)?;
            Ok(db::notes::list(
                conn,
                principal.org,
                subject,
                after,
                limit + 1,
            )?)
        })
        .await?;
    let more = notes.len() as i64 > limit;
    notes.truncate(limit as usize);
    let next_cursor = if more {
        notes.last().map(|n| n.id.to_string())
    } else {
        None
    };
    Ok(Page {
        items: notes.iter().map(view).collect(),
        next_cursor,
    })
}

/// Paging of a note list.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NotesQuery {
    /// Page size, 1 to 100 (default 25).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}
