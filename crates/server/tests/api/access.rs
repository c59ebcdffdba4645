//! Every route declares who may call it; roles get exactly what their policy says.

use actix_web::{get, HttpResponse};
use reqwest::{Method, StatusCode};
use serde_json::json;
use server::auth::Access;

use crate::on_both;
use crate::support::{expect_status, problem_code, spawn_with, Backend};
use domain::Role;

/// The prefix of the ids a path names, such as `acc` for `/api/v1/accounts/{id}`.
pub fn id_kind(path: &str) -> &'static str {
    server::openapi::id_prefix(path)
}

/// A placeholder id of the right kind for a path: it names nothing, which is fine.
pub fn sample_path(path: &str) -> String {
    let path = path.replace("{file}", "swagger-ui.css");
    if path.contains("{id}") {
        let id = format!("{}_{}", id_kind(&path), "0".repeat(26));
        let message = format!("msg_{}", "0".repeat(26));
        path.replace("{id}", &id)
            .replace("{linked_id}", &id)
            .replace("{message_id}", &message)
            .replace("{version}", "1")
    } else {
        path
    }
}

/// Every declared route: method, path and access.
pub fn declared() -> Vec<(Method, String, Access)> {
    server::app::api()
        .routes
        .all()
        .iter()
        .map(|r| {
            let method = Method::from_bytes(r.method.as_bytes()).unwrap_or(Method::GET);
            (method, r.path.clone(), r.access)
        })
        .collect()
}

on_both!(role_route_matrix, |app| {
    // A customer signed in to the portal, first: the sign-in routes below use up this
    // address's share of sign-in requests.
    let admin = app.token(&app.a, Role::Admin);
    let key =
        crate::portal::partner(&app, &admin, json!({"name": "Shop", "allowed_origins": []})).await;
    let account = app
        .account(&admin, crate::support::account_body("Meier AG"))
        .await;
    let account = account["id"].as_str().unwrap_or_default().to_owned();
    let (_, tokens) = crate::portal::customer(
        &app,
        &admin,
        (&key, &account, "pat@meier.example", "account_admin"),
    )
    .await;
    let portal = tokens["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for role in Role::ALL {
        let token = app.token(&app.a, role);
        for (method, path, access) in declared()
            .into_iter()
            .filter(|(_, p, _)| p.starts_with("/api/v1/"))
        {
            let mut request = app.request(method.clone(), &sample_path(&path), Some(&token));
            if method != Method::GET && method != Method::DELETE {
                request = request.json(&json!({}));
            }
            let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
            let status = response.status();
            assert!(
                !status.is_server_error(),
                "{role:?} {method} {path}: {status} {}",
                response.text().await.unwrap_or_default()
            );
            if access.is_portal() {
                // A staff token is no portal token, whatever the role.
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{role:?} {method} {path}");
                continue;
            }
            let allowed = match access {
                Access::Public | Access::Staff => true,
                Access::Permission(p) => role.allows(p),
                Access::Portal | Access::PortalAdmin => false,
            };
            if allowed {
                // A public route's 401 is about the credentials in its body, not about access.
                let refused = status == StatusCode::FORBIDDEN
                    || (status == StatusCode::UNAUTHORIZED && access != Access::Public);
                assert!(!refused, "{role:?} {method} {path}: {status}");
            } else {
                assert_eq!(
                    problem_code(response, StatusCode::FORBIDDEN).await,
                    "forbidden",
                    "{role:?} {method} {path}"
                );
            }
        }
    }
    // A portal token reaches the portal's routes and nothing else.
    for (method, path, access) in declared()
        .into_iter()
        .filter(|(_, p, a)| p.starts_with("/api/v1/") && *a != Access::Public)
    {
        let mut request = app.request(method.clone(), &sample_path(&path), Some(&portal));
        if method != Method::GET && method != Method::DELETE {
            request = request.json(&json!({}));
        }
        let status = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .status();
        assert!(
            !status.is_server_error(),
            "portal {method} {path}: {status}"
        );
        let refused = status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
        assert_eq!(
            refused,
            !access.is_portal(),
            "portal {method} {path}: {status}"
        );
    }
    // Anonymous callers reach only public routes.
    for (method, path, access) in declared()
        .into_iter()
        .filter(|(_, _, a)| *a != Access::Public)
    {
        let response = app
            .request(method.clone(), &sample_path(&path), None)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {path} ({access:?})"
        );
    }
});

#[utoipa::path(tag = "test", responses((status = 200, description = "A route nobody declared")))]
#[get("/test/undeclared")]
async fn undeclared() -> HttpResponse {
    HttpResponse::Ok().body("should never be served")
}

fn add_undeclared(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(undeclared).route(
        "/test/plain-route",
        actix_web::web::get().to(|| async { HttpResponse::Ok().body("should never be served") }),
    );
}

#[actix_web::test]
async fn a_route_without_a_declaration_is_refused_even_for_admins() {
    let app = spawn_with(Backend::Sqlite, Some(add_undeclared)).await;
    let token = app.token(&app.a, Role::Admin);
    let response = app.get("/test/undeclared", &token).await;
    assert_eq!(
        problem_code(response, StatusCode::FORBIDDEN).await,
        "route_not_declared"
    );
    // A route registered with plain actix `.route()` is not in the spec, and refused too.
    let plain = app.get("/test/plain-route", &token).await;
    assert_eq!(
        problem_code(plain, StatusCode::FORBIDDEN).await,
        "route_not_declared"
    );
    let anonymous = app
        .request(Method::GET, "/test/undeclared", None)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        problem_code(anonymous, StatusCode::FORBIDDEN).await,
        "route_not_declared"
    );
}

/// The router decodes `%75` to `u`; the access check must see the same route, or a spelling
/// of a path would reach its handler without the route's policy.
#[actix_web::test]
async fn percent_encoded_paths_meet_the_same_policy() {
    let app = crate::support::spawn(Backend::Sqlite).await;
    let reader = app.token(&app.a, Role::ReadOnly);
    for (plain, encoded) in [
        ("/api/v1/users", "/api/v1/%75sers"),
        ("/api/v1/users", "/api/v1/u%73ers"),
        ("/api/v1/sla/calendars", "/api/%76%31/sla/calendars"),
    ] {
        let expected = app.get(plain, &reader).await.status();
        let response = app.get(encoded, &reader).await;
        assert_eq!(response.status(), expected, "{encoded}");
    }
    let admin = app.token(&app.a, Role::Admin);
    expect_status(app.get("/api/v1/%75sers", &admin).await, StatusCode::OK).await;
}

#[actix_web::test]
async fn read_only_users_read_but_never_write() {
    let app = crate::support::spawn(Backend::Sqlite).await;
    let writer = app.token(&app.a, Role::Sales);
    let reader = app.token(&app.a, Role::ReadOnly);
    let account = app.account(&writer, json!({"name": "Readable"})).await;
    let path = format!(
        "/api/v1/accounts/{}",
        account["id"].as_str().unwrap_or_default()
    );
    expect_status(app.get(&path, &reader).await, StatusCode::OK).await;
    assert_eq!(
        problem_code(
            app.patch(&path, &reader, None, &json!({"name": "No"}))
                .await,
            StatusCode::FORBIDDEN
        )
        .await,
        "forbidden"
    );
    assert_eq!(
        problem_code(
            app.delete(&path, &reader, None).await,
            StatusCode::FORBIDDEN
        )
        .await,
        "forbidden"
    );
}

fn allow_partner_origin(settings: &mut server::Settings) {
    settings.cors_origins = vec!["https://partner.example".to_owned()];
}

#[actix_web::test]
async fn cors_answers_only_allowlisted_origins() {
    let app = crate::support::spawn_configured(Backend::Sqlite, None, allow_partner_origin).await;
    let preflight = |origin: &'static str| {
        app.request(Method::OPTIONS, "/api/v1/accounts", None)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authorization")
            .send()
    };
    let allowed = preflight("https://partner.example")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        allowed
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("https://partner.example")
    );
    let refused = preflight("https://evil.example")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}
