//! `/api/v1/organization`: the organization's name and its service-desk rules.

use api_types::organization::{Organization, UpdateOrganization};

use super::{call, get, ApiError, Session, Versioned};

/// The organization, with the `ETag` to change it by.
pub async fn organization(session: &Session) -> Result<Versioned<Organization>, ApiError> {
    let answer = get(session, "/api/v1/organization").await?;
    Ok(Versioned {
        etag: answer.etag.unwrap_or_default(),
        record: answer.body,
    })
}

/// Changes it, if it is still at `etag`.
pub async fn update(
    session: &Session,
    etag: &str,
    change: &UpdateOrganization,
) -> Result<Versioned<Organization>, ApiError> {
    let answer = call(
        session,
        "PATCH",
        "/api/v1/organization",
        Some(change),
        Some(etag),
    )
    .await?;
    Ok(Versioned {
        etag: answer.etag.unwrap_or_default(),
        record: answer.body,
    })
}
