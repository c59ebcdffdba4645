//! `/api/v1/contacts`.

use api_types::contacts::{Contact, CreateContact, UpdateContact};
use api_types::notes::Note;
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

impl crate::components::list_nav::ListQuery for ContactQuery {
    fn cursor(&mut self) -> &mut String {
        &mut self.cursor
    }

    fn url(&self) -> String {
        format!(
            "/contacts{}",
            query(&[
                ("q", self.q.as_str()),
                ("sort", &self.sort),
                ("deleted", if self.deleted { "true" } else { "" }),
                ("cursor", &self.cursor),
            ])
        )
    }
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
    Ok(call(session, "POST", "/api/v1/contacts", Some(body), None)
        .await?
        .body)
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
