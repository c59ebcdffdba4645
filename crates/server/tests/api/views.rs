//! Saved ticket views: personal or shared with a team, counted for whoever looks.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{expect_status, TestApp};
use domain::Role;

async fn view(app: &TestApp, token: &str, body: Value) -> Value {
    expect_status(
        app.post("/api/v1/ticket-views", token, &body).await,
        StatusCode::CREATED,
    )
    .await
}

async fn ticket(app: &TestApp, token: &str, body: Value) {
    let mut full =
        json!({"subject": "Help", "description": "D", "requester_email": "r@customer.example"});
    if let (Some(full), Some(body)) = (full.as_object_mut(), body.as_object()) {
        full.extend(body.clone());
    }
    expect_status(
        app.post("/api/v1/tickets", token, &full).await,
        StatusCode::CREATED,
    )
    .await;
}

async fn field_error(response: reqwest::Response) -> (Value, Value) {
    let problem = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    (
        problem["errors"][0]["pointer"].clone(),
        problem["errors"][0]["code"].clone(),
    )
}

on_both!(a_personal_view_counts_what_it_shows_its_owner, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let me = app.a.user(Role::Agent).to_string();
    let body = json!({"name": "My urgent", "filters": {"priority": "urgent", "assignee_id": "me", "status": "new,open"},
                      "sort": "sla_due_at"});
    let saved = view(&app, &agent, body).await;
    assert_eq!(saved["count"], 0);
    assert_eq!(saved["owner_id"], json!(me));
    assert_eq!(saved["filters"]["priority"], "urgent");
    for priority in ["urgent", "urgent", "normal"] {
        ticket(
            &app,
            &agent,
            json!({"priority": priority, "assignee_id": me}),
        )
        .await;
    }
    let id = saved["id"].as_str().unwrap_or_default();
    let path = format!("/api/v1/ticket-views/{id}");
    let read = expect_status(app.get(&path, &agent).await, StatusCode::OK).await;
    assert_eq!(read["count"], 2);
    let list = expect_status(
        app.get("/api/v1/ticket-views?counts=true", &agent).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"][0]["count"], 2);
    assert_eq!(list["items"][0]["count_capped"], false);
    // Counting stops at its cap (100 in the API; 2 here).
    let params =
        db::list::ListParams::parse(&db::list::ListRequest::default(), &db::tickets::SORTS)
            .unwrap_or_else(|e| panic!("{e:?}"));
    let urgent = db::tickets::TicketFilter {
        priorities: vec![domain::sla::simulation::Priority::Urgent],
        ..Default::default()
    };
    let mut conn = app.state.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let mut counted = |cap| db::tickets::count_up_to(&mut conn, app.a.id, &urgent, &params, cap);
    assert_eq!(counted(1).ok(), Some(1));
    assert_eq!(counted(3).ok(), Some(2));
    drop(conn);
    let list = expect_status(
        app.get("/api/v1/ticket-views", &agent).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        list["items"][0]["count"],
        Value::Null,
        "counted only when asked"
    );
    // Changed: the count follows; a stale version is refused.
    let changed = app
        .patch(
            &path,
            &agent,
            Some(&format!("\"{}\"", saved["version"])),
            &json!({"filters": {"assignee_id": "me"}}),
        )
        .await;
    let changed = expect_status(changed, StatusCode::OK).await;
    assert_eq!(changed["count"], 3);
    assert_eq!(changed["sort"], "sla_due_at", "absent fields stay");
    let stale = app
        .patch(
            &path,
            &agent,
            Some(&format!("\"{}\"", saved["version"])),
            &json!({"name": "Old"}),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    // Nobody else sees a personal view; another organization not at all.
    for token in [
        app.token(&app.a, Role::Manager),
        app.token(&app.b, Role::Agent),
    ] {
        assert_eq!(app.get(&path, &token).await.status(), StatusCode::NOT_FOUND);
        let theirs = expect_status(
            app.get("/api/v1/ticket-views", &token).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(theirs["items"], json!([]));
    }
    expect_status(
        app.delete(&path, &agent, None).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(app.get(&path, &agent).await.status(), StatusCode::NOT_FOUND);
});

on_both!(
    a_view_shared_with_a_team_is_counted_for_each_member,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let team = expect_status(
            app.post("/api/v1/teams", &admin, &json!({"name": "Desk"}))
                .await,
            StatusCode::CREATED,
        )
        .await;
        for role in [Role::Agent, Role::Manager] {
            let path = format!("/api/v1/users/{}", app.a.user(role));
            expect_status(
                app.patch(&path, &admin, None, &json!({"team_ids": [team["id"]]}))
                    .await,
                StatusCode::OK,
            )
            .await;
        }
        let agent = app.token(&app.a, Role::Agent);
        let manager = app.token(&app.a, Role::Manager);
        let shared = view(
            &app,
            &agent,
            json!({"name": "Mine", "team_id": team["id"], "filters": {"assignee_id": "me"}}),
        )
        .await;
        ticket(
            &app,
            &agent,
            json!({"assignee_id": app.a.user(Role::Manager).to_string()}),
        )
        .await;
        let path = format!(
            "/api/v1/ticket-views/{}",
            shared["id"].as_str().unwrap_or_default()
        );
        // `me` is whoever looks.
        assert_eq!(
            expect_status(app.get(&path, &agent).await, StatusCode::OK).await["count"],
            0
        );
        assert_eq!(
            expect_status(app.get(&path, &manager).await, StatusCode::OK).await["count"],
            1
        );
        // A manager may change a shared view; someone outside the team does not even see it.
        let renamed = app
            .patch(&path, &manager, None, &json!({"name": "Assigned to me"}))
            .await;
        assert_eq!(
            expect_status(renamed, StatusCode::OK).await["name"],
            "Assigned to me"
        );
        let sales = app.token(&app.a, Role::Sales);
        assert_eq!(app.get(&path, &sales).await.status(), StatusCode::NOT_FOUND);
        // Sharing with a team one is not in is refused; an unknown team too.
        let stranger_team = expect_status(
            app.post("/api/v1/teams", &admin, &json!({"name": "Other"}))
                .await,
            StatusCode::CREATED,
        )
        .await;
        let refused = app
            .post(
                "/api/v1/ticket-views",
                &agent,
                &json!({"name": "X", "team_id": stranger_team["id"]}),
            )
            .await;
        assert_eq!(
            field_error(refused).await,
            (json!("/team_id"), json!("not_a_member"))
        );
        let admin_b = app.token(&app.b, Role::Admin);
        let elsewhere = expect_status(
            app.post("/api/v1/teams", &admin_b, &json!({"name": "B desk"}))
                .await,
            StatusCode::CREATED,
        )
        .await;
        let refused = app
            .post(
                "/api/v1/ticket-views",
                &admin,
                &json!({"name": "X", "team_id": elsewhere["id"]}),
            )
            .await;
        assert_eq!(
            field_error(refused).await,
            (json!("/team_id"), json!("unknown_reference"))
        );
        // Filters and sort follow the ticket list's rules.
        let refused = app
            .post(
                "/api/v1/ticket-views",
                &agent,
                &json!({"name": "X", "filters": {"status": "lost"}}),
            )
            .await;
        assert_eq!(
            field_error(refused).await,
            (json!("/filters/status"), json!("invalid_status"))
        );
        let refused = app
            .post(
                "/api/v1/ticket-views",
                &agent,
                &json!({"name": "X", "sort": "colour"}),
            )
            .await;
        assert_eq!(field_error(refused).await.0, json!("/sort"));
        // Deleting the team leaves the view to its owner alone.
        let team_path = format!("/api/v1/teams/{}", team["id"].as_str().unwrap_or_default());
        expect_status(
            app.delete(&team_path, &admin, None).await,
            StatusCode::NO_CONTENT,
        )
        .await;
        assert_eq!(
            app.get(&path, &manager).await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            expect_status(app.get(&path, &agent).await, StatusCode::OK).await["team_id"],
            Value::Null
        );
    }
);
