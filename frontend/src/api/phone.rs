//! The phone: calls, who is calling, a ticket from a call, and the callback queue.

use api_types::phone::{Call, Callback, CreateCallback, PhoneLookup, TicketFromCall};
use api_types::tickets::Ticket;
use api_types::Page;

use super::{call, get, query_string, ApiError, Session};

/// A call.
pub async fn call_record(session: &Session, id: &str) -> Result<Call, ApiError> {
    Ok(get(session, &format!("/api/v1/calls/{id}")).await?.body)
}

/// Who has `number`, and what is open with them.
pub async fn lookup(session: &Session, number: &str) -> Result<PhoneLookup, ApiError> {
    let query = query_string(&serde_json::json!({"number": number}), &());
    Ok(get(session, &format!("/api/v1/lookup/phone{query}"))
        .await?
        .body)
}

/// A ticket made from a call.
pub async fn ticket_from_call(session: &Session, id: &str) -> Result<Ticket, ApiError> {
    let path = format!("/api/v1/calls/{id}/ticket");
    Ok(call(
        session,
        "POST",
        &path,
        Some(&TicketFromCall::default()),
        None,
    )
    .await?
    .body)
}

/// The open callback requests, soonest due first.
pub async fn open_callbacks(session: &Session) -> Result<Page<Callback>, ApiError> {
    Ok(get(session, "/api/v1/callbacks?status=open&limit=100")
        .await?
        .body)
}

/// Asks for a callback.
pub async fn request_callback(
    session: &Session,
    new: &CreateCallback,
) -> Result<Callback, ApiError> {
    Ok(call(session, "POST", "/api/v1/callbacks", Some(new), None)
        .await?
        .body)
}

/// Changes a callback request (`patch` as JSON), if it is still at `version`.
pub async fn change_callback(
    session: &Session,
    callback: &Callback,
    patch: &serde_json::Value,
) -> Result<Callback, ApiError> {
    let path = format!("/api/v1/callbacks/{}", callback.id);
    let etag = format!("\"{}\"", callback.version);
    Ok(call(session, "PATCH", &path, Some(patch), Some(&etag))
        .await?
        .body)
}
