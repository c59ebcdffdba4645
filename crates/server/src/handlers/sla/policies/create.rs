use actix_web::{post, web, HttpResponse};
use api_types::sla::{CreatePolicy, Policy};
use api_types::Problem;

use super::super::documents;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::json_with_etag;
use crate::state::AppState;

/// Create an SLA policy.
///
/// Policies are evaluated in order and the first whose conditions all hold applies. A new
/// policy goes last unless `position` says otherwise; the policies from that position on
/// move down by one.
#[utoipa::path(
    tag = "sla",
    request_body = CreatePolicy,
    responses(
        (status = 201, description = "Created", body = Policy, headers(("ETag" = String), ("Location" = String))),
        (status = 409, description = "Name already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid policy or unknown calendar", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sla/policies")]
pub async fn create_policy(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<CreatePolicy>,
) -> Result<HttpResponse, ApiError> {
    let fields = documents::policy(body.into_inner())?;
    let now = state.now();
    let policy = state
        .db(move |conn| Ok(db::sla::create_policy(conn, principal.org, &fields, now)?))
        .await?;
    let mut response = HttpResponse::Created();
    response.insert_header(("Location", format!("/api/v1/sla/policies/{}", policy.id)));
    Ok(json_with_etag(
        response,
        policy.version,
        &super::view(&policy)?,
    ))
}
