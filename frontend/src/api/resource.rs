//! The calls every kind of record shares, generic over [`Resource`]: one record with its
//! version, a page of a list, create, change, delete and restore.

use api_types::{ListQuery, Page};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{call, get, query_string, ApiError, Session};

/// A kind of record the API serves at `/api/v1/{PATH}`, with the usual routes: list, get
/// (with its `ETag`), create, change, delete, restore, notes.
pub trait Resource: DeserializeOwned + Clone + Send + Sync + 'static {
    /// The collection's path segment, such as `accounts`.
    const PATH: &'static str;
    /// The record's kind in a sentence, such as `account`.
    const KIND: &'static str;
    /// The collection's title, such as `Accounts`.
    const TITLE: &'static str;
    /// What a user's role needs to create, change or delete one.
    const WRITE: domain::Permission;
    /// What creating one takes.
    type Create: Serialize + Clone + Send + Sync + 'static;
    /// What changing one takes.
    type Update: Serialize + 'static;
    /// The list's own filters.
    type Filters: Serialize + DeserializeOwned + Default + Clone + PartialEq + Send + Sync + 'static;

    /// The record's id.
    fn id(&self) -> &str;
    /// When it was moved to the trash, if it is there.
    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>>;
    /// The app's page of the record `id`, where a saved form goes.
    fn page_of(id: &str) -> String {
        format!("/{}/{id}", Self::PATH)
    }
    /// What people call the record.
    fn title(&self) -> String;
}

/// A record as read, with the `ETag` that changing or deleting it sends back.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<R> {
    /// The record.
    pub record: R,
    /// Its `ETag`.
    pub etag: String,
}

/// One record and its `ETag`, from the trash too (its `deleted_at` says so).
pub async fn one<R: Resource>(session: &Session, id: &str) -> Result<Versioned<R>, ApiError> {
    let path = format!("/api/v1/{}/{id}?include_deleted=true", R::PATH);
    let answer = get(session, &path).await?;
    Ok(Versioned {
        record: answer.body,
        etag: answer.etag.unwrap_or_default(),
    })
}

/// One page of a list.
pub async fn list<R: Resource>(
    session: &Session,
    list: &ListQuery,
    filters: &R::Filters,
) -> Result<Page<R>, ApiError> {
    let path = format!("/api/v1/{}{}", R::PATH, query_string(list, filters));
    Ok(get(session, &path).await?.body)
}

/// Creates a record.
pub async fn create<R: Resource>(session: &Session, body: &R::Create) -> Result<R, ApiError> {
    let path = format!("/api/v1/{}", R::PATH);
    Ok(call(session, "POST", &path, Some(body), None).await?.body)
}

/// Changes a record, if it is still at version `etag`.
pub async fn update<R: Resource>(
    session: &Session,
    id: &str,
    etag: &str,
    body: &R::Update,
) -> Result<R, ApiError> {
    let path = format!("/api/v1/{}/{id}", R::PATH);
    Ok(call(session, "PATCH", &path, Some(body), Some(etag))
        .await?
        .body)
}

/// Moves a record to the trash, if it is still at version `etag`.
pub async fn delete<R: Resource>(session: &Session, id: &str, etag: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/{}/{id}", R::PATH);
    call::<serde_json::Value>(session, "DELETE", &path, None::<&()>, Some(etag)).await?;
    Ok(())
}

/// Brings a record back from the trash.
pub async fn restore<R: Resource>(session: &Session, id: &str) -> Result<R, ApiError> {
    let path = format!("/api/v1/{}/{id}/restore", R::PATH);
    Ok(
        call(session, "POST", &path, Some(&serde_json::json!({})), None)
            .await?
            .body,
    )
}
