//! The shapes of error answers, pinned. Both backends answer byte-for-byte the same.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::on_both;
use crate::support::expect_status;
use domain::Role;

on_both!(problem_shapes, |app| {
    let token = app.token(&app.a, Role::Sales);
    let validation = app
        .post(
            "/api/v1/accounts",
            &token,
            &json!({"name": "", "tier": "diamond", "tags": ["a b"]}),
        )
        .await;
    insta::assert_json_snapshot!(
        "validation_failed",
        expect_status(validation, StatusCode::UNPROCESSABLE_ENTITY).await
    );

    let unknown_field = app
        .post(
            "/api/v1/accounts",
            &token,
            &json!({"name": "X", "colour": "red"}),
        )
        .await;
    insta::assert_json_snapshot!(
        "malformed_body",
        expect_status(unknown_field, StatusCode::BAD_REQUEST).await
    );

    let missing = app
        .get(&format!("/api/v1/accounts/acc_{}", "0".repeat(26)), &token)
        .await;
    insta::assert_json_snapshot!(
        "not_found",
        expect_status(missing, StatusCode::NOT_FOUND).await
    );

    let forbidden = app.get("/api/v1/teams", &token).await;
    insta::assert_json_snapshot!(
        "forbidden",
        expect_status(forbidden, StatusCode::FORBIDDEN).await
    );

    let anonymous = app
        .request(Method::GET, "/api/v1/accounts", None)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    insta::assert_json_snapshot!(
        "unauthenticated",
        expect_status(anonymous, StatusCode::UNAUTHORIZED).await
    );

    let account = app.account(&token, json!({"name": "Versioned"})).await;
    let path = format!(
        "/api/v1/accounts/{}",
        account["id"].as_str().unwrap_or_default()
    );
    let stale = app
        .patch(&path, &token, Some("\"7\""), &json!({"name": "Late"}))
        .await;
    insta::assert_json_snapshot!(
        "version_mismatch",
        expect_status(stale, StatusCode::PRECONDITION_FAILED).await
    );

    let huge = json!({"name": "x".repeat(20_000)});
    let too_large = app.post("/api/v1/accounts", &token, &huge).await;
    insta::assert_json_snapshot!(
        "payload_too_large",
        expect_status(too_large, StatusCode::PAYLOAD_TOO_LARGE).await
    );

    let not_json = app
        .request(Method::POST, "/api/v1/accounts", Some(&token))
        .header("content-type", "text/plain")
        .body("name=x")
        .send()
        .await;
    let not_json = not_json.unwrap_or_else(|e| panic!("{e}"));
    insta::assert_json_snapshot!(
        "unsupported_media_type",
        expect_status(not_json, StatusCode::UNSUPPORTED_MEDIA_TYPE).await
    );

    let bad_query = app.get("/api/v1/contacts?limit=500&sort=age", &token).await;
    insta::assert_json_snapshot!(
        "invalid_parameters",
        expect_status(bad_query, StatusCode::BAD_REQUEST).await
    );
});

on_both!(hostile_parameters_answer_400_never_500, |app| {
    let token = app.token(&app.a, Role::Sales);
    let long = "x".repeat(501);
    for query in [
        "/api/v1/accounts?q=%00abc",
        "/api/v1/accounts?q=a%01b",
        "/api/v1/contacts?q=tab%09",
        "/api/v1/accounts?industry=%00",
        &format!("/api/v1/accounts?q={long}"),
        "/api/v1/accounts?cursor=%00",
        "/api/v1/accounts?cursor=eyJ2IjoxfQ",
        "/api/v1/accounts?cursor=not-a-cursor-at-all",
        "/api/v1/accounts?created_from=-5000-01-01T00:00:00Z",
        "/api/v1/accounts?updated_to=10000-01-01T00:00:00Z",
        "/api/v1/accounts?limit=0",
        "/api/v1/accounts?limit=101",
        "/api/v1/accounts?sort=%00",
    ] {
        let response = app.get(query, &token).await;
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert!(body.contains("invalid_parameters"), "{query}: {body}");
    }
});

#[actix_web::test]
async fn other_methods_are_refused_naming_the_allowed_ones() {
    let app = crate::support::spawn(crate::support::Backend::Sqlite).await;
    let token = app.token(&app.a, Role::Sales);
    let id = format!("acc_{}", "0".repeat(26));
    for (method, path, allowed) in [
        ("TRACE", "/api/v1/accounts".to_owned(), "GET, POST, HEAD"),
        (
            "PUT",
            format!("/api/v1/accounts/{id}"),
            "GET, PATCH, DELETE, HEAD",
        ),
        ("DELETE", "/api/v1/me".to_owned(), "GET, HEAD"),
    ] {
        let method = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
        let response = app
            .request(method.clone(), &path, Some(&token))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            response
                .headers()
                .get("allow")
                .and_then(|v| v.to_str().ok()),
            Some(allowed),
            "{method} {path}"
        );
        let problem = expect_status(response, StatusCode::METHOD_NOT_ALLOWED).await;
        assert_eq!(problem["code"], "method_not_allowed");
    }
}

on_both!(
    a_body_is_an_object_and_whole_numbers_may_carry_a_zero_fraction,
    |app| {
        let token = app.token(&app.a, Role::Sales);
        // serde would read a struct from an array; the API takes objects only.
        for path in ["/api/v1/auth/logout", "/api/v1/accounts"] {
            let response = app.post(path, &token, &json!([])).await;
            let problem = expect_status(response, StatusCode::BAD_REQUEST).await;
            assert_eq!(problem["code"], "malformed_body", "{path}");
        }
        // JSON Schema counts 125000.0 as an integer, and so does the API.
        let account = app
        .account(
            &token,
            json!({"name": "Fraction", "annual_revenue": {"amount_minor": 125000.0, "currency": "EUR"}}),
        )
        .await;
        assert_eq!(account["annual_revenue"]["amount_minor"], 125_000);
        let fractional = app
        .post(
            "/api/v1/accounts",
            &token,
            &json!({"name": "Half", "annual_revenue": {"amount_minor": 0.5, "currency": "EUR"}}),
        )
        .await;
        expect_status(fractional, StatusCode::BAD_REQUEST).await;
    }
);
