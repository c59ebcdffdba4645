//! The committed spec matches the code, and the spec, the access table and the served
//! routes name the same routes.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};

use crate::access::{declared, sample_path};
use crate::support::{is_stream, spawn, Backend};
use domain::Role;

fn committed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi/openapi.json")
}

#[test]
fn committed_spec_matches_the_code() {
    let generated = server::openapi::spec_json().unwrap_or_else(|e| panic!("{e}"));
    let committed = std::fs::read_to_string(committed_path()).unwrap_or_default();
    assert!(
        generated == committed,
        "openapi/openapi.json is out of date: run `make openapi` and commit the result"
    );
}

/// Every (method, path) of the spec.
fn spec_routes() -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for (path, item) in &server::openapi::spec().paths.paths {
        for (method, present) in [
            ("GET", item.get.is_some()),
            ("POST", item.post.is_some()),
            ("PUT", item.put.is_some()),
            ("PATCH", item.patch.is_some()),
            ("DELETE", item.delete.is_some()),
            ("OPTIONS", item.options.is_some()),
        ] {
            if present {
                routes.insert((method.to_owned(), path.clone()));
            }
        }
    }
    routes
}

#[test]
fn spec_and_access_table_name_the_same_routes() {
    let spec = spec_routes();
    let declared: BTreeSet<(String, String)> = declared()
        .into_iter()
        .map(|(m, p, _)| (m.to_string(), p))
        .collect();
    let undocumented: Vec<_> = declared.difference(&spec).collect();
    let undeclared: Vec<_> = spec.difference(&declared).collect();
    assert!(
        undocumented.is_empty(),
        "declared but not in the spec: {undocumented:?}"
    );
    assert!(
        undeclared.is_empty(),
        "in the spec but without an access policy: {undeclared:?}"
    );
}

#[actix_web::test]
async fn every_route_in_the_spec_is_served_and_nothing_else() {
    let app = spawn(Backend::Sqlite).await;
    let token = app.token(&app.a, Role::Admin);
    for (method, path) in spec_routes() {
        let method = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
        let mut request = app.request(method.clone(), &sample_path(&path), Some(&token));
        if method == Method::POST || method == Method::PATCH {
            request = request.json(&serde_json::json!({}));
        }
        let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
        let status = response.status();
        if is_stream(&response) {
            assert_eq!(status, StatusCode::OK, "{method} {path}");
            continue;
        }
        let body = response.text().await.unwrap_or_default();
        assert!(
            !body.contains("route_not_found")
                && status != StatusCode::METHOD_NOT_ALLOWED
                && !status.is_server_error(),
            "{method} {path}: {status} {body}"
        );
    }
    // A method the spec does not list for a known path is not served.
    let response = app
        .request(Method::PUT, "/api/v1/accounts", Some(&token))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let response = app.get("/api/v1/no-such-thing", &token).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
