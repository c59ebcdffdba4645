//! Bulk changes to tickets: up to 100 at once, all or nothing, each refusal pointed at.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{expect_status, TestApp};
use domain::Role;

async fn ticket(app: &TestApp, token: &str, body: Value) -> Value {
    let mut full =
        json!({"subject": "Help", "description": "D", "requester_email": "r@customer.example"});
    if let (Some(full), Some(body)) = (full.as_object_mut(), body.as_object()) {
        full.extend(body.clone());
    }
    expect_status(
        app.post("/api/v1/tickets", token, &full).await,
        StatusCode::CREATED,
    )
    .await
}

async fn read(app: &TestApp, token: &str, ticket: &Value) -> Value {
    let path = format!(
        "/api/v1/tickets/{}",
        ticket["id"].as_str().unwrap_or_default()
    );
    expect_status(app.get(&path, token).await, StatusCode::OK).await
}

async fn bulk(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.post("/api/v1/tickets/bulk", token, &body).await
}

on_both!(a_bulk_update_changes_every_ticket_or_none, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let me = app.a.user(Role::Agent).to_string();
    let first = ticket(&app, &agent, json!({"tags": ["billing", "old"]})).await;
    let second = ticket(&app, &agent, json!({})).await;
    let closed = ticket(&app, &agent, json!({"status": "solved"})).await;
    let path = format!(
        "/api/v1/tickets/{}",
        closed["id"].as_str().unwrap_or_default()
    );
    let closing = app
        .patch(&path, &agent, None, &json!({"status": "closed"}))
        .await;
    expect_status(closing, StatusCode::OK).await;

    // One ticket refuses: nothing changes, and the refusal points at it.
    let ids = json!([first["id"], closed["id"], second["id"]]);
    let refused = bulk(
        &app,
        &agent,
        json!({"ids": ids, "status": "solved", "add_tags": ["outage"]}),
    )
    .await;
    let refused = expect_status(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        refused["errors"].as_array().map(Vec::len),
        Some(1),
        "{refused}"
    );
    assert_eq!(refused["errors"][0]["pointer"], "/ids/1");
    assert_eq!(refused["errors"][0]["code"], "invalid_transition");
    for t in [&first, &second] {
        let now = read(&app, &agent, t).await;
        assert_eq!(now["status"], "new");
        assert_eq!(now["version"], t["version"]);
    }

    // Without it, every ticket changes: assigned, tags added and taken off, status moved.
    let ids = json!([second["id"], first["id"]]);
    let body = json!({"ids": ids, "status": "open", "assignee_id": me, "priority": "high",
                      "add_tags": ["Outage"], "remove_tags": ["old"]});
    let done = expect_status(bulk(&app, &agent, body).await, StatusCode::OK).await;
    let items = done["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], second["id"], "in the order asked");
    assert_eq!(items[1]["tags"], json!(["billing", "outage"]));
    assert_eq!(items[0]["tags"], json!(["outage"]));
    for item in &items {
        assert_eq!(item["status"], "open");
        assert_eq!(item["priority"], "high");
        assert_eq!(item["assignee_id"], json!(me));
        assert!(item["clocks"].is_array());
    }
    // `null` unassigns.
    let body = json!({"ids": [first["id"]], "assignee_id": null});
    let done = expect_status(bulk(&app, &agent, body).await, StatusCode::OK).await;
    assert_eq!(done["items"][0]["assignee_id"], Value::Null);
});

on_both!(
    a_bulk_update_refuses_what_it_cannot_do_and_points_at_it,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let theirs = ticket(&app, &app.token(&app.b, Role::Agent), json!({})).await;
        let mine = ticket(&app, &agent, json!({})).await;
        let stranger = app.b.user(Role::Agent).to_string();
        let cases = [
            (json!({"ids": []}), "/ids", "invalid_count"),
            (
                json!({"ids": vec![mine["id"].clone(); 101]}),
                "/ids",
                "invalid_count",
            ),
            (
                json!({"ids": [mine["id"], mine["id"]]}),
                "/ids/1",
                "duplicate_id",
            ),
            (json!({"ids": ["tkt_nope"]}), "/ids/0", "invalid_id"),
            (
                json!({"ids": [mine["id"], theirs["id"]], "priority": "urgent"}),
                "/ids/1",
                "not_found",
            ),
            (
                json!({"ids": [mine["id"]], "assignee_id": stranger}),
                "/ids/0",
                "unknown_reference",
            ),
            (
                json!({"ids": [mine["id"]], "add_tags": ["not a tag"]}),
                "/add_tags/0",
                "invalid_tag",
            ),
        ];
        for (body, pointer, code) in cases {
            let refused = expect_status(
                bulk(&app, &agent, body.clone()).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
            let first = &refused["errors"][0];
            assert_eq!(
                (first["pointer"].as_str(), first["code"].as_str()),
                (Some(pointer), Some(code)),
                "{body}: {refused}"
            );
        }
        // Nothing of another organization changed, and nothing of ours.
        let other = app.token(&app.b, Role::Agent);
        assert_eq!(read(&app, &other, &theirs).await["priority"], "normal");
        assert_eq!(read(&app, &agent, &mine).await["version"], mine["version"]);
        // Read-only users change nothing.
        let reader = app.token(&app.a, Role::ReadOnly);
        let denied = bulk(
            &app,
            &reader,
            json!({"ids": [mine["id"]], "priority": "low"}),
        )
        .await;
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    }
);
