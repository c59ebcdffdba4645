//! Liveness and readiness probes.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;

use crate::auth::{Access, Routes};
use crate::error::ApiError;
use crate::state::AppState;

/// The probes, open to everyone.
pub fn routes(r: &mut Routes) {
    r.add(healthz, Access::Public).add(readyz, Access::Public);
}

/// Health answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
    /// `sqlite` or `postgresql` (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<&'static str>,
}

/// The process is alive.
#[utoipa::path(tag = "health", responses((status = 200, description = "Alive", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok",
        database: None,
    })
}

/// The database answers.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "The database does not answer", body = api_types::Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state
        .db(|conn| db::connection::ping(conn).map_err(|e| ApiError::Unavailable(e.to_string())))
        .await?;
    Ok(HttpResponse::Ok().json(Health {
        status: "ok",
        database: Some(state.backend.name()),
    }))
}
