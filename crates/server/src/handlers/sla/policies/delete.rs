use actix_web::{delete, web, HttpResponse};
use api_types::Problem;
use domain::SlaPolicyId;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{path_id, IfMatch};
use crate::state::AppState;

/// Delete an SLA policy (it goes to the trash and can be restored); the policies after it
/// move up by one.
#[utoipa::path(
    tag = "sla",
    params(
        ("id" = String, Path, description = "Policy id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such policy", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed by someone else", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/sla/policies/{id}")]
pub async fn delete_policy(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let policy_id: SlaPolicyId = path_id(&id)?;
    let now = state.now();
    state
        .db(move |conn| {
            Ok(db::sla::set_policy_deleted(
                conn,
                principal.org,
                policy_id,
                if_match.0,
                true,
                now,
            )?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
