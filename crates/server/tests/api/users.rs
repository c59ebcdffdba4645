use reqwest::StatusCode;
use serde_json::json;

use crate::on_both;
use crate::support::{expect_status, problem_code};
use domain::Role;

on_both!(admins_manage_users_and_teams, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let team = expect_status(
        app.post("/api/v1/teams", &admin, &json!({"name": "EMEA Support"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let team_id = team["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(
        problem_code(
            app.post("/api/v1/teams", &admin, &json!({"name": "emea support"}))
                .await,
            StatusCode::CONFLICT
        )
        .await,
        "team_name_taken"
    );

    let body = json!({"email": "New.Hire@Alpha.example", "name": "New Hire", "role": "agent", "password": "a long passphrase", "team_ids": [team_id]});
    let user = expect_status(
        app.post("/api/v1/users", &admin, &body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (
            user["role"].clone(),
            user["active"].clone(),
            user["team_ids"].clone()
        ),
        (json!("agent"), json!(true), json!([team_id]))
    );
    assert!(user.get("password").is_none() && user.get("password_hash").is_none());
    assert_eq!(
        problem_code(
            app.post("/api/v1/users", &admin, &body).await,
            StatusCode::CONFLICT
        )
        .await,
        "email_taken"
    );
    let weak = json!({"email": "weak@alpha.example", "name": "Weak", "role": "agent", "password": "short"});
    let problem = expect_status(
        app.post("/api/v1/users", &admin, &weak).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["errors"][0]["code"], "password_too_short");

    let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap_or_default());
    let changed = expect_status(
        app.patch(
            &path,
            &admin,
            Some("\"1\""),
            &json!({"role": "manager", "team_ids": []}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            changed["role"].clone(),
            changed["team_ids"].clone(),
            changed["version"].clone()
        ),
        (json!("manager"), json!([]), json!(2))
    );
    let teams = expect_status(app.get("/api/v1/teams", &admin).await, StatusCode::OK).await;
    assert_eq!(teams["items"][0]["member_count"], 0);

    let renamed = expect_status(
        app.patch(
            &format!("/api/v1/teams/{team_id}"),
            &admin,
            Some("\"1\""),
            &json!({"name": "EMEA"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed["name"], "EMEA");
    expect_status(
        app.delete(&format!("/api/v1/teams/{team_id}"), &admin, None)
            .await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(
        problem_code(
            app.delete(&format!("/api/v1/teams/{team_id}"), &admin, None)
                .await,
            StatusCode::NOT_FOUND
        )
        .await,
        "not_found"
    );

    // Admins cannot lock themselves out.
    let me = format!("/api/v1/users/{}", app.a.user(Role::Admin));
    let problem = expect_status(
        app.patch(
            &me,
            &admin,
            None,
            &json!({"active": false, "role": "sales"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["errors"].as_array().map(Vec::len), Some(2));

    let list = expect_status(
        app.get("/api/v1/users?limit=100", &admin).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(7));
});

on_both!(concurrent_user_and_team_edits_queue, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let user = format!("/api/v1/users/{}", app.a.user(Role::Sales));
    let bodies = [
        json!({"name": "First"}),
        json!({"role": "agent"}),
        json!({"name": "Third"}),
    ];
    let (a, b, c) = tokio::join!(
        app.patch(&user, &admin, None, &bodies[0]),
        app.patch(&user, &admin, None, &bodies[1]),
        app.patch(&user, &admin, None, &bodies[2]),
    );
    for response in [a, b, c] {
        expect_status(response, StatusCode::OK).await;
    }
    let after = expect_status(app.get(&user, &admin).await, StatusCode::OK).await;
    assert_eq!(after["role"], "agent");
    assert_eq!(after["version"].as_i64(), Some(4));
    let team = expect_status(
        app.post("/api/v1/teams", &admin, &json!({"name": "Racers"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("/api/v1/teams/{}", team["id"].as_str().unwrap_or_default());
    let names = [json!({"name": "Racers A"}), json!({"name": "Racers B"})];
    let (a, b) = tokio::join!(
        app.patch(&path, &admin, None, &names[0]),
        app.patch(&path, &admin, None, &names[1]),
    );
    for response in [a, b] {
        expect_status(response, StatusCode::OK).await;
    }
});
