//! One organization never sees or touches another's data.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::on_both;
use crate::support::{account_body, expect_status, problem_code};
use domain::Role;

on_both!(another_organizations_ids_answer_404_on_every_route, |app| {
    let mine = app.token(&app.a, Role::Admin);
    let theirs = app.token(&app.b, Role::Admin);
    let account = app
        .account(&theirs, account_body("Their Secret Account"))
        .await;
    let account_id = account["id"].as_str().unwrap_or_default().to_owned();
    let contact = app
        .contact(
            &theirs,
            json!({"last_name": "Their Secret Contact", "account_id": account_id}),
        )
        .await;
    let contact_id = contact["id"].as_str().unwrap_or_default().to_owned();
    let team = expect_status(
        app.post("/api/v1/teams", &theirs, &json!({"name": "Their Team"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let team_id = team["id"].as_str().unwrap_or_default().to_owned();
    let user_id = app.b.user(Role::Sales).to_string();

    let attempts: Vec<(Method, String, serde_json::Value)> = vec![
        (
            Method::GET,
            format!("/api/v1/accounts/{account_id}"),
            json!(null),
        ),
        (
            Method::PATCH,
            format!("/api/v1/accounts/{account_id}"),
            json!({"name": "Mine now"}),
        ),
        (
            Method::DELETE,
            format!("/api/v1/accounts/{account_id}"),
            json!(null),
        ),
        (
            Method::POST,
            format!("/api/v1/accounts/{account_id}/restore"),
            json!({}),
        ),
        (
            Method::GET,
            format!("/api/v1/accounts/{account_id}/overview"),
            json!(null),
        ),
        (
            Method::GET,
            format!("/api/v1/accounts/{account_id}/notes"),
            json!(null),
        ),
        (
            Method::POST,
            format!("/api/v1/accounts/{account_id}/notes"),
            json!({"body": "hi"}),
        ),
        (
            Method::GET,
            format!("/api/v1/contacts/{contact_id}"),
            json!(null),
        ),
        (
            Method::PATCH,
            format!("/api/v1/contacts/{contact_id}"),
            json!({"last_name": "Mine"}),
        ),
        (
            Method::DELETE,
            format!("/api/v1/contacts/{contact_id}"),
            json!(null),
        ),
        (
            Method::POST,
            format!("/api/v1/contacts/{contact_id}/restore"),
            json!({}),
        ),
        (
            Method::GET,
            format!("/api/v1/contacts/{contact_id}/notes"),
            json!(null),
        ),
        (
            Method::POST,
            format!("/api/v1/contacts/{contact_id}/notes"),
            json!({"body": "hi"}),
        ),
        (Method::GET, format!("/api/v1/users/{user_id}"), json!(null)),
        (
            Method::PATCH,
            format!("/api/v1/users/{user_id}"),
            json!({"active": false}),
        ),
        (
            Method::PATCH,
            format!("/api/v1/teams/{team_id}"),
            json!({"name": "Mine"}),
        ),
        (
            Method::DELETE,
            format!("/api/v1/teams/{team_id}"),
            json!(null),
        ),
    ];
    for (method, path, body) in attempts {
        let mut request = app.request(method.clone(), &path, Some(&mine));
        if !body.is_null() {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
        let text_status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_eq!(
            text_status,
            StatusCode::NOT_FOUND,
            "{method} {path}: {body}"
        );
        assert!(
            !body.contains("Their Secret"),
            "{method} {path} leaked: {body}"
        );
    }
    // Nothing of theirs shows up in lists, searches or filters, and nothing changed.
    for path in [
        "/api/v1/accounts?q=secret".to_owned(),
        "/api/v1/contacts?q=secret".to_owned(),
        format!("/api/v1/contacts?account_id={account_id}"),
        "/api/v1/accounts?deleted=true".to_owned(),
        "/api/v1/teams".to_owned(),
    ] {
        let page = expect_status(app.get(&path, &mine).await, StatusCode::OK).await;
        assert_eq!(page["items"], json!([]), "{path}");
    }
    let users = expect_status(
        app.get("/api/v1/users?limit=100", &mine).await,
        StatusCode::OK,
    )
    .await;
    assert!(!users.to_string().contains("bravo"), "{users}");
    let still = expect_status(
        app.get(&format!("/api/v1/accounts/{account_id}"), &theirs)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (still["name"].clone(), still["version"].clone()),
        (json!("Their Secret Account"), json!(1))
    );
    // References across organizations are refused too.
    let body = json!({"name": "Child", "parent_id": account_id});
    assert_eq!(
        problem_code(
            app.post("/api/v1/accounts", &mine, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY
        )
        .await,
        "validation_failed"
    );
    let body = json!({"email": "x@alpha.example", "name": "X", "role": "sales", "password": "long enough password", "team_ids": [team_id]});
    assert_eq!(
        problem_code(
            app.post("/api/v1/users", &mine, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY
        )
        .await,
        "validation_failed"
    );
});
