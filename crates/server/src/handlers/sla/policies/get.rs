use actix_web::{get, web, HttpResponse};
use api_types::sla::Policy;
use api_types::Problem;
use domain::SlaPolicyId;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id};
use crate::state::AppState;

/// Get an SLA policy.
#[utoipa::path(
    tag = "sla",
    params(("id" = String, Path, description = "Policy id (`slapol_…`)")),
    responses(
        (status = 200, description = "The policy", body = Policy, headers(("ETag" = String))),
        (status = 404, description = "No such policy", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sla/policies/{id}")]
pub async fn get_policy(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let policy_id: SlaPolicyId = path_id(&id)?;
    let policy = state
        .db(move |conn| Ok(db::sla::get_policy(conn, principal.org, policy_id, false)?))
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        policy.version,
        &super::view(&policy)?,
    ))
}
