//! Who may call which route, declared where each resource registers its routes, and enforced
//! before any handler runs.
//!
//! A served route without a declaration is refused for everyone, so a route added without
//! one (or with plain actix `.route()`) fails closed.

use std::collections::HashMap;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{HttpServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::AUTHORIZATION;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use domain::portal::PortalRole;
use domain::Permission;
use utoipa::openapi::path::HttpMethod;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::OpenApiFactory;

use crate::auth::{Caller, PortalCaller};
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
    /// A customer signed in to the portal (a portal token; staff tokens never pass).
    Portal,
    /// A portal user who administers their account's portal access.
    PortalAdmin,
}

impl Access {
    /// Whether the route is the portal's, reached with portal tokens only.
    pub fn is_portal(self) -> bool {
        matches!(self, Access::Portal | Access::PortalAdmin)
    }
}

/// One declared route: method, path pattern as the spec and actix write it, and its access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// `GET`, `POST`, `PATCH`, `DELETE`…
    pub method: &'static str,
    /// Such as `/api/v1/accounts/{id}`.
    pub path: String,
    /// Who may call it.
    pub access: Access,
}

/// Every declared route.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<Route>,
    /// Path pattern → the methods declared on it and their access.
    by_path: HashMap<String, Vec<(&'static str, Access)>>,
}

impl RouteTable {
    fn declare(&mut self, method: &'static str, path: String, access: Access) {
        self.by_path
            .entry(path.clone())
            .or_default()
            .push((method, access));
        self.routes.push(Route {
            method,
            path,
            access,
        });
    }

    /// The access of a route, if declared.
    pub fn access(&self, method: &str, path: &str) -> Option<Access> {
        self.by_path
            .get(path)?
            .iter()
            .find_map(|(m, access)| (*m == method).then_some(*access))
    }

    /// The methods declared on a path pattern, for an `Allow` header (`None` when the path
    /// has none).
    fn allowed_methods(&self, path: &str) -> Option<String> {
        let methods = self.by_path.get(path)?;
        let mut names: Vec<&str> = methods.iter().map(|(m, _)| *m).collect();
        if names.contains(&"GET") {
            names.push("HEAD");
        }
        Some(names.join(", "))
    }

    /// Every declared route, in registration order.
    pub fn all(&self) -> &[Route] {
        &self.routes
    }
}

fn method_name(method: &HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Delete => "DELETE",
        HttpMethod::Head => "HEAD",
        HttpMethod::Options => "OPTIONS",
        HttpMethod::Trace => "TRACE",
    }
}

/// Registers handlers and declares who may call each, in one step.
pub struct Routes<'a, 's> {
    cfg: &'a mut ServiceConfig<'s>,
    prefix: &'static str,
    table: &'a mut RouteTable,
}

impl<'a, 's> Routes<'a, 's> {
    /// Routes under `prefix` (the scope the configuration belongs to).
    pub fn new(
        cfg: &'a mut ServiceConfig<'s>,
        prefix: &'static str,
        table: &'a mut RouteTable,
    ) -> Self {
        Self { cfg, prefix, table }
    }

    /// Serves `handler` (its OpenAPI annotation says method and path) to callers with `access`.
    pub fn add<H>(&mut self, handler: H, access: Access) -> &mut Self
    where
        H: HttpServiceFactory + OpenApiFactory + utoipa::Path + 'static,
    {
        for method in H::methods() {
            let path = format!("{}{}", self.prefix, H::path());
            self.table.declare(method_name(&method), path, access);
        }
        self.cfg.service(handler);
        self
    }
}

/// Who a checked token names.
enum Checked {
    /// Nobody needed (a public route, or none matched).
    Anyone,
    /// A staff user.
    Staff(Caller),
    /// A portal user.
    Portal(PortalCaller),
}

/// Middleware: finds the route's declared access, checks the bearer token (a staff token on
/// staff routes, a portal token on portal routes) and the role it names, and hands the
/// [`Caller`] or [`PortalCaller`] to the handler, which confirms the session in its own
/// database trip.
pub async fn enforce(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    match check(&req) {
        Ok(checked) => {
            match checked {
                Checked::Anyone => {}
                Checked::Staff(caller) => {
                    req.extensions_mut().insert(caller);
                }
                Checked::Portal(caller) => {
                    req.extensions_mut().insert(caller);
                }
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

fn check(req: &ServiceRequest) -> Result<Checked, ApiError> {
    // Resolved from the percent-decoded path, as the router resolves it (`/api/v1/%75sers`
    // is `/api/v1/users`). Requests no route matches go to the fallback (the web app, or a
    // 404).
    let Some(pattern) = req.resource_map().match_pattern(req.match_info().as_str()) else {
        return Ok(Checked::Anyone);
    };
    let table = req
        .app_data::<web::Data<RouteTable>>()
        .ok_or_else(|| ApiError::Internal("route table missing".into()))?;
    let method = match req.method().as_str() {
        "HEAD" => "GET",
        other => other,
    };
    let access = match table.access(method, &pattern) {
        Some(access) => access,
        None => {
            return Err(match table.allowed_methods(&pattern) {
                Some(allowed) => ApiError::MethodNotAllowed(allowed),
                None => ApiError::RouteNotDeclared,
            })
        }
    };
    let (token, state) = match access {
        Access::Public => return Ok(Checked::Anyone),
        _ => bearer(req)?,
    };
    let now = state.now();
    match access {
        Access::Portal | Access::PortalAdmin => {
            let caller = state.tokens.verify_portal(token, now)?;
            if access == Access::PortalAdmin && caller.role() != PortalRole::AccountAdmin {
                return Err(ApiError::Forbidden);
            }
            Ok(Checked::Portal(caller))
        }
        _ => {
            let caller = state.tokens.verify(token, now)?;
            if let Access::Permission(permission) = access {
                if !caller.role().allows(permission) {
                    return Err(ApiError::Forbidden);
                }
            }
            Ok(Checked::Staff(caller))
        }
    }
}

/// The request's bearer token and the application state.
fn bearer(req: &ServiceRequest) -> Result<(&str, &web::Data<AppState>), ApiError> {
    let missing = || ApiError::Unauthenticated("send Authorization: Bearer <access token>");
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(missing)?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .ok_or_else(missing)?;
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Internal("application state missing".into()))?;
    Ok((token.trim(), state))
}
