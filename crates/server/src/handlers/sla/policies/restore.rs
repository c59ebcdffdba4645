use actix_web::{post, web, HttpResponse};
use api_types::sla::Policy;
use api_types::Problem;
use domain::SlaPolicyId;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id};
use crate::state::AppState;

/// Restore a deleted SLA policy; it comes back last in the evaluation order.
#[utoipa::path(
    tag = "sla",
    params(("id" = String, Path, description = "Policy id")),
    responses(
        (status = 200, description = "The restored policy", body = Policy, headers(("ETag" = String))),
        (status = 404, description = "No deleted policy with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Its calendar is deleted, or a live policy has its name now", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sla/policies/{id}/restore")]
pub async fn restore_policy(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let policy_id: SlaPolicyId = path_id(&id)?;
    let now = state.now();
    let policy = state
        .db(move |conn| {
            Ok(db::sla::set_policy_deleted(
                conn,
                principal.org,
                policy_id,
                None,
                false,
                now,
            )?)
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        policy.version,
        &super::view(&policy)?,
    ))
}
