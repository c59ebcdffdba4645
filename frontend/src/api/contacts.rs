//! `/api/v1/contacts`.

use api_types::contacts::{Contact, CreateContact, UpdateContact};
use api_types::notes::{CreateNote, Note};
use api_types::Page;

use super::{call, get, query, Answer, ApiError, Session};

/// What the contact list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactQuery {
    /// Search words.
    pub q: String,
    /// Only the contacts of this account.
    pub account_id: String,
    /// Sort key.
    pub sort: String,
    /// The trash instead of the live contacts.
    pub deleted: bool,
    /// The page's cursor.
    pub cursor: String,
    /// Page size.
    pub limit: u32,
}

/// One page of contacts.
pub async fn list(session: &Session, q: &ContactQuery) -> Result<Page<Contact>, ApiError> {
    let limit = q.limit.max(1).to_string();
    let path = format!(
        "/api/v1/contacts{}",
        query(&[
            ("q", q.q.trim()),
            ("account_id", &q.account_id),
            ("sort", &q.sort),
            ("deleted", if q.deleted { "true" } else { "" }),
            ("cursor", &q.cursor),
            ("limit", &limit),
        ])
    );
    Ok(get(session, &path).await?.body)
}

/// One contact with its `ETag`.
pub async fn one(session: &Session, id: &str) -> Result<Answer<Contact>, ApiError> {
    get(session, &format!("/api/v1/contacts/{id}")).await
}

/// The contact's notes, newest first.
pub async fn notes(session: &Session, id: &str) -> Result<Page<Note>, ApiError> {
    Ok(
        get(session, &format!("/api/v1/contacts/{id}/notes?limit=50"))
            .await?
            .body,
    )
}

/// Creates a contact.
pub async fn create(session: &Session, body: &CreateContact) -> Result<Contact, ApiError> {
    Ok(
        call(session, "POST", "/api/v1/contacts", Some(body), None)
            .await?
            .body,
    )
}

/// Changes a contact, if it is still at version `etag`.
pub async fn update(
    session: &Session,
    id: &str,
    etag: &str,
    body: &UpdateContact,
) -> Result<Contact, ApiError> {
    let path = format!("/api/v1/contacts/{id}");
    Ok(call(session, "PATCH", &path, Some(body), Some(etag))
        .await?
        .body)
}

/// Moves a contact to the trash.
pub async fn delete(session: &Session, id: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/contacts/{id}");
    call::<serde_json::Value>(session, "DELETE", &path, None::<&()>, None).await?;
    Ok(())
}

/// Brings a contact back from the trash.
pub async fn restore(session: &Session, id: &str) -> Result<Contact, ApiError> {
    let path = format!("/api/v1/contacts/{id}/restore");
    Ok(call(
        session,
        "POST",
        &path,
        Some(&serde_json::json!({})),
        None,
    )
    .await?
    .body)
}

/// Adds a note to a contact.
pub async fn add_note(session: &Session, id: &str, body: &str) -> Result<Note, ApiError> {
    let path = format!("/api/v1/contacts/{id}/notes");
    let note = CreateNote {
        body: body.to_owned(),
    };
    Ok(call(session, "POST", &path, Some(&note), None)
        .await?
        .body)
}
