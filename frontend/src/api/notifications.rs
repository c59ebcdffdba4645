//! `/api/v1/notifications`: what the signed-in user is told.

use api_types::jobs::{MarkRead, Notification};
use api_types::Page;

use super::{call, get, ApiError, Session};

/// The latest notifications (ten), and how many are unread.
pub async fn latest(session: &Session) -> Result<(Vec<Notification>, u64), ApiError> {
    let unread: Page<Notification> = get(
        session,
        "/api/v1/notifications?unread=true&count=true&limit=1",
    )
    .await?
    .body;
    let latest: Page<Notification> = get(session, "/api/v1/notifications?limit=10").await?.body;
    Ok((latest.items, unread.total.unwrap_or(0)))
}

/// Marks every notification read.
pub async fn mark_all_read(session: &Session) -> Result<(), ApiError> {
    let body = MarkRead {
        ids: Vec::new(),
        all: true,
    };
    call::<serde_json::Value>(
        session,
        "POST",
        "/api/v1/notifications/read",
        Some(&body),
        None,
    )
    .await?;
    Ok(())
}
