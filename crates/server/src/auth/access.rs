//! Who may call which route, declared in one table and enforced before any handler runs.
//!
//! A route missing from [`ACCESS_POLICIES`] is refused for everyone, so forgetting to declare
//! a new route fails closed. Tests check the table against the served routes and the spec.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::AUTHORIZATION;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use domain::Permission;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// What a caller needs to reach a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone.
    Public,
    /// Any signed-in staff user.
    Staff,
    /// A staff user whose role holds the permission.
    Permission(Permission),
}

use Access::{Permission as Can, Public, Staff};
use Permission::{ManageSla, ManageUsers, ReadCustomers, WriteCustomers};

/// Every route: method, path pattern as actix matches it, and who may call it.
pub const ACCESS_POLICIES: &[(&str, &str, Access)] = &[
    ("GET", "/healthz", Public),
    ("GET", "/readyz", Public),
    ("GET", "/openapi.json", Public),
    ("GET", "/docs", Public),
    ("GET", "/docs/{file}", Public),
    ("POST", "/api/v1/auth/login", Public),
    ("POST", "/api/v1/auth/refresh", Public),
    ("POST", "/api/v1/auth/logout", Public),
    ("GET", "/api/v1/me", Staff),
    ("GET", "/api/v1/users", Can(ManageUsers)),
    ("POST", "/api/v1/users", Can(ManageUsers)),
    ("GET", "/api/v1/users/{id}", Can(ManageUsers)),
    ("PATCH", "/api/v1/users/{id}", Can(ManageUsers)),
    ("GET", "/api/v1/teams", Can(ManageUsers)),
    ("POST", "/api/v1/teams", Can(ManageUsers)),
    ("PATCH", "/api/v1/teams/{id}", Can(ManageUsers)),
    ("DELETE", "/api/v1/teams/{id}", Can(ManageUsers)),
    ("GET", "/api/v1/accounts", Can(ReadCustomers)),
    ("POST", "/api/v1/accounts", Can(WriteCustomers)),
    ("GET", "/api/v1/accounts/{id}", Can(ReadCustomers)),
    ("PATCH", "/api/v1/accounts/{id}", Can(WriteCustomers)),
    ("DELETE", "/api/v1/accounts/{id}", Can(WriteCustomers)),
    ("POST", "/api/v1/accounts/{id}/restore", Can(WriteCustomers)),
    ("GET", "/api/v1/accounts/{id}/overview", Can(ReadCustomers)),
    ("GET", "/api/v1/accounts/{id}/notes", Can(ReadCustomers)),
    ("POST", "/api/v1/accounts/{id}/notes", Can(WriteCustomers)),
    ("GET", "/api/v1/contacts", Can(ReadCustomers)),
    ("POST", "/api/v1/contacts", Can(WriteCustomers)),
    ("GET", "/api/v1/contacts/{id}", Can(ReadCustomers)),
    ("PATCH", "/api/v1/contacts/{id}", Can(WriteCustomers)),
    ("DELETE", "/api/v1/contacts/{id}", Can(WriteCustomers)),
    ("POST", "/api/v1/contacts/{id}/restore", Can(WriteCustomers)),
    ("GET", "/api/v1/contacts/{id}/notes", Can(ReadCustomers)),
    ("POST", "/api/v1/contacts/{id}/notes", Can(WriteCustomers)),
    ("POST", "/api/v1/sla/simulate", Can(ManageSla)),
    ("GET", "/api/v1/sla/calendars", Can(ManageSla)),
    ("POST", "/api/v1/sla/calendars", Can(ManageSla)),
    ("GET", "/api/v1/sla/calendars/{id}", Can(ManageSla)),
    ("PATCH", "/api/v1/sla/calendars/{id}", Can(ManageSla)),
    ("DELETE", "/api/v1/sla/calendars/{id}", Can(ManageSla)),
    ("POST", "/api/v1/sla/calendars/{id}/restore", Can(ManageSla)),
    ("GET", "/api/v1/sla/policies", Can(ManageSla)),
    ("POST", "/api/v1/sla/policies", Can(ManageSla)),
    ("GET", "/api/v1/sla/policies/{id}", Can(ManageSla)),
    ("PATCH", "/api/v1/sla/policies/{id}", Can(ManageSla)),
    ("DELETE", "/api/v1/sla/policies/{id}", Can(ManageSla)),
    ("POST", "/api/v1/sla/policies/{id}/restore", Can(ManageSla)),
];

/// The policy of a route, if declared.
pub fn policy_for(method: &str, pattern: &str) -> Option<Access> {
    ACCESS_POLICIES
        .iter()
        .find(|(m, p, _)| *m == method && *p == pattern)
        .map(|(_, _, access)| *access)
}

/// Middleware: finds the route's policy, authenticates the bearer token when needed, checks
/// the role and hands the [`Principal`] to the handler.
pub async fn enforce(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    match check(&req).await {
        Ok(principal) => {
            if let Some(principal) = principal {
                req.extensions_mut().insert(principal);
            }
            next.call(req)
                .await
                .map(ServiceResponse::map_into_left_body)
        }
        Err(error) => {
            let response = error.error_response();
            Ok(req.into_response(response).map_into_right_body())
        }
    }
}

async fn check(req: &ServiceRequest) -> Result<Option<Principal>, ApiError> {
    let routes = req
        .app_data::<web::Data<SpecRoutes>>()
        .ok_or_else(|| ApiError::Internal("route table missing".into()))?;
    // Paths that match no documented route fall through to the 404 handler.
    let Some(pattern) = req.match_pattern().filter(|p| routes.has_path(p)) else {
        return Ok(None);
    };
    let method = if req.method().as_str() == "HEAD" {
        "GET"
    } else {
        req.method().as_str()
    };
    // Only what the spec documents is served; anything else on a known path is 405.
    if !routes.has(method, &pattern) {
        return Err(ApiError::MethodNotAllowed);
    }
    let access = policy_for(method, &pattern).ok_or(ApiError::RouteNotDeclared)?;
    if access == Access::Public {
        return Ok(None);
    }
    let principal = authenticate(req).await?;
    if let Access::Permission(permission) = access {
        principal.require(permission)?;
    }
    Ok(Some(principal))
}

/// The (method, path) pairs of the OpenAPI document the app was built with.
#[derive(Debug, Clone, Default)]
pub struct SpecRoutes {
    operations: std::collections::HashSet<(String, String)>,
    paths: std::collections::HashSet<String>,
}

impl SpecRoutes {
    /// Collects the operations of a spec.
    pub fn of(spec: &utoipa::openapi::OpenApi) -> Self {
        let mut routes = std::collections::HashSet::new();
        for (path, item) in &spec.paths.paths {
            let ops = [
                ("GET", item.get.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ];
            for (method, present) in ops {
                if present {
                    routes.insert((method.to_owned(), path.clone()));
                }
            }
        }
        let paths = routes.iter().map(|(_, path)| path.clone()).collect();
        Self {
            operations: routes,
            paths,
        }
    }

    /// Whether the spec has this operation.
    pub fn has(&self, method: &str, path: &str) -> bool {
        self.operations
            .contains(&(method.to_owned(), path.to_owned()))
    }

    fn has_path(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// Every operation, sorted.
    pub fn all(&self) -> Vec<(String, String)> {
        let mut all: Vec<_> = self.operations.iter().cloned().collect();
        all.sort();
        all
    }
}

async fn authenticate(req: &ServiceRequest) -> Result<Principal, ApiError> {
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::Unauthenticated(
            "send Authorization: Bearer <access token>",
        ))?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .ok_or(ApiError::Unauthenticated(
            "send Authorization: Bearer <access token>",
        ))?;
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Internal("application state missing".into()))?
        .clone();
    let (org, user, session) = state.tokens.verify(token.trim())?;
    let now = state.now();
    let found = state
        .db(move |conn| Ok(db::users::session_user(conn, org, user, session, now)?))
        .await?;
    let session_user = found.ok_or(ApiError::Unauthenticated(
        "the session has ended; log in again",
    ))?;
    Ok(Principal {
        org,
        user,
        role: session_user.role,
        session,
    })
}
