use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{account_body, expect_status, problem_code};
use domain::Role;

on_both!(contact_lifecycle, |app| {
    let token = app.token(&app.a, Role::Agent);
    let account = app
        .account(&token, account_body("Analytical Engines"))
        .await;
    let account_id = account["id"].as_str().unwrap_or_default();
    let created = app
        .contact(
            &token,
            json!({"first_name": "Ada", "last_name": "Lovelace", "email": "Ada@Engines.EXAMPLE", "title": "Analyst",
                   "phones": [{"kind": "mobile", "number": "+44 7700 900123"}], "account_id": account_id,
                   "preferred_channel": "email", "consent": {"email": true}, "tags": ["Pioneer"]}),
        )
        .await;
    assert_eq!(created["email"], "Ada@engines.example");
    assert_eq!(
        created["consent"],
        json!({"email": true, "phone": false, "sms": false, "do_not_contact": false})
    );
    assert_eq!(created["tags"], json!(["pioneer"]));
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    assert!(id.starts_with("con_"));
    let path = format!("/api/v1/contacts/{id}");

    let patched = expect_status(
        app.patch(
            &path,
            &token,
            Some("\"1\""),
            &json!({"title": null, "account_id": null, "phones": []}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            patched["title"].clone(),
            patched["account_id"].clone(),
            patched["phones"].clone()
        ),
        (Value::Null, Value::Null, json!([]))
    );
    assert_eq!(patched["first_name"], "Ada");
    assert_eq!(
        problem_code(
            app.patch(&path, &token, Some("\"1\""), &json!({"title": "Lost"}))
                .await,
            StatusCode::PRECONDITION_FAILED
        )
        .await,
        "version_mismatch"
    );

    expect_status(
        app.delete(&path, &token, None).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(
        problem_code(app.get(&path, &token).await, StatusCode::NOT_FOUND).await,
        "not_found"
    );
    expect_status(
        app.post(&format!("{path}/restore"), &token, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    expect_status(app.get(&path, &token).await, StatusCode::OK).await;
});

on_both!(contacts_are_found_by_name_email_phone_and_filters, |app| {
    let token = app.token(&app.a, Role::Sales);
    let account = app.account(&token, account_body("Bell Labs")).await;
    let account_id = account["id"].as_str().unwrap_or_default();
    app.contact(&token, json!({"first_name": "Dennis", "last_name": "Ritchie", "email": "dmr@bell-labs.example", "account_id": account_id,
        "phones": [{"kind": "work", "number": "+1 908 582 3000"}], "tags": ["unix"]})).await;
    app.contact(&token, json!({"first_name": "Ken", "last_name": "Thompson", "email": "ken@bell-labs.example", "account_id": account_id})).await;
    app.contact(
        &token,
        json!({"first_name": "Grace", "last_name": "Hopper", "email": "grace@navy.example",
        "owner_id": app.a.user(Role::Manager).to_string()}),
    )
    .await;
    let names = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["last_name"].as_str().map(str::to_owned))
            .collect()
    };
    for (query, expected) in [
        ("q=denn".to_owned(), vec!["Ritchie"]),
        ("q=bell-labs".to_owned(), vec!["Ritchie", "Thompson"]),
        ("q=9085823".to_owned(), vec!["Ritchie"]),
        ("email=KEN@bell-labs.example".to_owned(), vec!["Thompson"]),
        (
            format!("account_id={account_id}"),
            vec!["Ritchie", "Thompson"],
        ),
        (
            format!("owner_id={}", app.a.user(Role::Manager)),
            vec!["Hopper"],
        ),
        ("tag=unix".to_owned(), vec!["Ritchie"]),
        (
            "sort=-name".to_owned(),
            vec!["Thompson", "Ritchie", "Hopper"],
        ),
    ] {
        let sort = if query.contains("sort=") {
            ""
        } else {
            "sort=name&"
        };
        let page = expect_status(
            app.get(&format!("/api/v1/contacts?{sort}{query}"), &token)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(names(page), expected, "{query}");
    }
});

on_both!(contacts_cannot_join_deleted_or_foreign_accounts, |app| {
    let token = app.token(&app.a, Role::Sales);
    let other = app.token(&app.b, Role::Sales);
    let foreign = app.account(&other, account_body("Elsewhere")).await;
    let body = json!({"last_name": "Spy", "account_id": foreign["id"]});
    let problem = expect_status(
        app.post("/api/v1/contacts", &token, &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        (
            problem["errors"][0]["pointer"].clone(),
            problem["errors"][0]["code"].clone()
        ),
        (json!("/account_id"), json!("unknown_reference"))
    );
    let gone = app.account(&token, account_body("Gone")).await;
    let gone_id = gone["id"].as_str().unwrap_or_default();
    expect_status(
        app.delete(&format!("/api/v1/accounts/{gone_id}"), &token, None)
            .await,
        StatusCode::NO_CONTENT,
    )
    .await;
    let body = json!({"last_name": "Late", "account_id": gone_id});
    expect_status(
        app.post("/api/v1/contacts", &token, &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
});
