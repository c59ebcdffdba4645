//! Returns of faulty units (RMA).

use api_types::rmas::{CreateRma, Rma, UpdateRma};
use api_types::Page;

use super::{call, get, ApiError, Session};

/// The returns opened from a ticket, latest change first.
pub async fn of_ticket(session: &Session, ticket: &str) -> Result<Vec<Rma>, ApiError> {
    let path = format!("/api/v1/rmas?ticket_id={ticket}&limit=100");
    let page: Page<Rma> = get(session, &path).await?.body;
    Ok(page.items)
}

/// Opens a return.
pub async fn create(session: &Session, new: &CreateRma) -> Result<Rma, ApiError> {
    Ok(call(session, "POST", "/api/v1/rmas", Some(new), None)
        .await?
        .body)
}

/// Changes a return read at `version` (412 when it changed since).
pub async fn update(session: &Session, rma: &Rma, change: &UpdateRma) -> Result<Rma, ApiError> {
    let path = format!("/api/v1/rmas/{}", rma.id);
    let etag = format!("\"{}\"", rma.version);
    Ok(call(session, "PATCH", &path, Some(change), Some(&etag))
        .await?
        .body)
}
