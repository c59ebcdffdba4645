//! The resource kit: what every resource's handlers do the same way, so that a get, delete or
//! restore handler is its OpenAPI annotation plus one call, and an update or a list is little
//! more than its own merge or filters.
//!
//! Each call makes one trip to the blocking pool with one pooled connection, in which the
//! caller's session is confirmed first ([`AppState::run`]).

use actix_web::{web, HttpResponse};
use api_types::{ListQuery, Page, PageQuery, RecordQuery};
use db::list::{ListParams, ListRequest, Sorts, TimeRanges};
use db::record::{self, Record, Store, Visibility};
use db::AnyConnection;
use domain::id::Id;
use domain::OrgId;
use serde::Serialize;

use crate::auth::{Caller, Principal};
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, IfMatch};
use crate::state::AppState;

/// The application state as handlers receive it.
pub type State = web::Data<AppState>;

/// What a handler answers.
pub type Reply = Result<HttpResponse, ApiError>;

/// How a stored record is shown in responses.
pub trait View: Record + Send + 'static {
    /// The response body.
    type Body: Serialize + Send + 'static;

    /// The body of `record`; `conn` reads what the body shows beside the record's own columns
    /// (most views need nothing).
    fn view(conn: &mut AnyConnection, org: OrgId, record: &Self) -> Result<Self::Body, ApiError>;

    /// The bodies of a page of records; a view that reads more than the record overrides it
    /// to read that once for the page.
    fn view_page(
        conn: &mut AnyConnection,
        org: OrgId,
        records: &[Self],
    ) -> Result<Vec<Self::Body>, ApiError> {
        records.iter().map(|r| Self::view(conn, org, r)).collect()
    }
}

/// A body with the record's version as a strong ETag, as every single-record answer has.
fn with_version<R: View>(
    conn: &mut AnyConnection,
    org: OrgId,
    record: &R,
) -> Result<(i64, R::Body), ApiError> {
    Ok((record.version(), R::view(conn, org, record)?))
}

/// `GET …/{id}`: the record and its ETag; a deleted one only when `query` asks for it.
pub async fn get<R: View>(
    state: &AppState,
    caller: Caller,
    raw_id: &str,
    query: &RecordQuery,
) -> Reply {
    let id = path_id::<R::Kind>(raw_id)?;
    let visibility = visibility(query);
    let (version, body) = state
        .run(caller, move |conn, p| {
            let record: R = record::get(conn, p.org, id, visibility)?;
            with_version(conn, p.org, &record)
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), version, &body))
}

/// Which records a read of one record finds.
pub fn visibility(query: &RecordQuery) -> Visibility {
    if query.include_deleted == Some(true) {
        Visibility::Any
    } else {
        Visibility::Live
    }
}

/// `DELETE …/{id}`: deletes the live record (soft where it has a trash), refusing with 412
/// when `If-Match` names another version.
pub async fn delete<R: Record + 'static>(
    state: &AppState,
    caller: Caller,
    raw_id: &str,
    if_match: IfMatch,
) -> Reply {
    let id = path_id::<R::Kind>(raw_id)?;
    let now = state.now();
    state
        .run(caller, move |conn, p| {
            Ok(R::trash(conn, p.org, id, if_match.0, true, now)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST …/{id}/restore`: brings a deleted record back and answers it with its ETag.
pub async fn restore<R: View>(state: &AppState, caller: Caller, raw_id: &str) -> Reply {
    let id = path_id::<R::Kind>(raw_id)?;
    let now = state.now();
    let (version, body) = state
        .run(caller, move |conn, p| {
            R::trash(conn, p.org, id, None, false, now)?;
            let record: R = record::get(conn, p.org, id, Visibility::Live)?;
            with_version(conn, p.org, &record)
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), version, &body))
}

/// `PATCH …/{id}`: under the record's lock, turns the current record and the patch into the
/// new fields with `merge` (which validates them exactly as a creation would; 422), refuses a
/// stale `If-Match` (412) and stores them.
pub async fn update<R, P>(
    state: &AppState,
    caller: Caller,
    raw_id: &str,
    if_match: IfMatch,
    patch: P,
    merge: fn(&R, P, &Principal) -> Result<R::Fields, ApiError>,
) -> Reply
where
    R: View + Store,
    P: Send + 'static,
{
    update_with(
        state,
        caller,
        raw_id,
        if_match,
        patch,
        |_, _, _, _| Ok(()),
        merge,
    )
    .await
}

/// What [`update_with`] runs first: the record's id and the patch in hand.
pub type Prepare<K, P> = fn(&mut AnyConnection, OrgId, Id<K>, &P) -> Result<(), ApiError>;

/// [`update`], with `prepare` run first in the change's transaction: a resource whose change
/// must take more locks than its own, in an order it can only know from the patch (an asset
/// moving to another account), takes them there.
pub async fn update_with<R, P>(
    state: &AppState,
    caller: Caller,
    raw_id: &str,
    if_match: IfMatch,
    patch: P,
    prepare: Prepare<R::Kind, P>,
    merge: fn(&R, P, &Principal) -> Result<R::Fields, ApiError>,
) -> Reply
where
    R: View + Store,
    P: Send + 'static,
{
    let id = path_id::<R::Kind>(raw_id)?;
    let now = state.now();
    let (version, body) = state
        .run(caller, move |conn, p| {
            record::in_transaction(conn, |conn| {
                prepare(conn, p.org, id, &patch)?;
                let record = record::modify::<R, ApiError>(conn, p.org, id, now, |current| {
                    // Invalid input is reported before a stale version: it needs fixing
                    // either way.
                    let fields = merge(current, patch, &p)?;
                    if if_match.0.is_some_and(|v| v != current.version()) {
                        return Err(ApiError::VersionMismatch);
                    }
                    Ok(fields)
                })?;
                with_version(conn, p.org, &record)
            })
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), version, &body))
}

/// `201 Created` with the new record's `Location` and ETag.
pub fn created<B: Serialize>(location: String, version: i64, body: &B) -> HttpResponse {
    let mut response = HttpResponse::Created();
    response.insert_header((actix_web::http::header::LOCATION, location));
    json_with_etag(response, version, body)
}

/// A page of records as a response body.
pub fn page<R: View>(
    conn: &mut AnyConnection,
    org: OrgId,
    page: db::Page<R>,
) -> Result<Page<R::Body>, ApiError> {
    Ok(Page {
        items: R::view_page(conn, org, &page.items)?,
        next_cursor: page.next_cursor,
        total: page
            .total
            .and_then(|n| u64::try_from(n.min(db::list::COUNT_CAP)).ok()),
        total_capped: page.total.is_some_and(|n| n > db::list::COUNT_CAP),
    })
}

/// Checks the shared list parameters against the orders a list offers.
pub fn list_params(query: &ListQuery, sorts: &Sorts) -> Result<ListParams, ApiError> {
    let request = ListRequest {
        limit: query.limit,
        cursor: query.cursor.as_deref(),
        sort: query.sort.as_deref(),
        times: TimeRanges {
            created_from: query.created_from,
            created_to: query.created_to,
            updated_from: query.updated_from,
            updated_to: query.updated_to,
        },
        deleted: query.deleted.unwrap_or(false),
        count: query.count.unwrap_or(false),
    };
    ListParams::parse(&request, sorts).map_err(ApiError::InvalidParameters)
}

/// Checks paging parameters for a list with one order.
pub fn page_params(query: &PageQuery, sorts: &Sorts) -> Result<ListParams, ApiError> {
    let request = ListRequest {
        limit: query.limit,
        cursor: query.cursor.as_deref(),
        ..ListRequest::default()
    };
    ListParams::parse(&request, sorts).map_err(ApiError::InvalidParameters)
}
