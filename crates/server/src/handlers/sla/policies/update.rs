use actix_web::{patch, web, HttpResponse};
use api_types::sla::{Policy, UpdatePolicy};
use api_types::Problem;
use domain::SlaPolicyId;

use super::super::documents;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, IfMatch};
use crate::state::AppState;

/// Change an SLA policy.
///
/// The fields given replace the stored ones whole. A new `position` moves the policy in the
/// evaluation order; the policies in between move by one.
#[utoipa::path(
    tag = "sla",
    params(
        ("id" = String, Path, description = "Policy id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdatePolicy,
    responses(
        (status = 200, description = "The changed policy", body = Policy, headers(("ETag" = String))),
        (status = 404, description = "No such policy", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Name already used", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed by someone else", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid policy or unknown calendar", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/sla/policies/{id}")]
pub async fn update_policy(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: web::Json<UpdatePolicy>,
) -> Result<HttpResponse, ApiError> {
    let policy_id: SlaPolicyId = path_id(&id)?;
    let patch = body.into_inner();
    let now = state.now();
    let policy = state
        .db(move |conn| {
            Ok(db::sla::modify_policy(
                conn,
                principal.org,
                policy_id,
                now,
                |current| {
                    if if_match.0.is_some_and(|v| v != current.version) {
                        return Err(ApiError::VersionMismatch);
                    }
                    documents::patched_policy(current, patch)
                },
            )?)
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        policy.version,
        &super::view(&policy)?,
    ))
}
