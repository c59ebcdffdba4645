//! Notes on records: listing and adding them through their record, changing and deleting one.

use api_types::notes::{CreateNote, Note};
use api_types::Page;

use super::{call, get, ApiError, Resource, Session};

/// A record's notes, newest first.
pub async fn of<R: Resource>(session: &Session, id: &str) -> Result<Page<Note>, ApiError> {
    let path = format!("/api/v1/{}/{id}/notes?limit=50", R::PATH);
    Ok(get(session, &path).await?.body)
}

/// Adds a note to a record.
pub async fn add<R: Resource>(session: &Session, id: &str, body: &str) -> Result<Note, ApiError> {
    let path = format!("/api/v1/{}/{id}/notes", R::PATH);
    let note = CreateNote {
        body: body.to_owned(),
    };
    Ok(call(session, "POST", &path, Some(&note), None).await?.body)
}

/// Changes a note's text, if it is still at the version shown.
pub async fn update(session: &Session, note: &Note, body: &str) -> Result<Note, ApiError> {
    let path = format!("/api/v1/notes/{}", note.id);
    let change = api_types::notes::UpdateNote {
        body: body.to_owned(),
    };
    let etag = format!("\"{}\"", note.version);
    Ok(call(session, "PATCH", &path, Some(&change), Some(&etag))
        .await?
        .body)
}

/// Deletes a note, if it is still at the version shown.
pub async fn delete(session: &Session, note: &Note) -> Result<(), ApiError> {
    let path = format!("/api/v1/notes/{}", note.id);
    let etag = format!("\"{}\"", note.version);
    call::<serde_json::Value>(session, "DELETE", &path, None::<&()>, Some(&etag)).await?;
    Ok(())
}
