//! The organization's settings: admins set the reopen window and the auto-close time, and
//! tickets follow them.

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{expect_status, problem_code, TestApp};
use domain::Role;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn change(
    app: &TestApp,
    token: &str,
    if_match: Option<&str>,
    body: Value,
) -> reqwest::Response {
    app.patch("/api/v1/organization", token, if_match, &body)
        .await
}

on_both!(
    admins_set_the_desk_rules_of_their_organization_only,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let admin = app.token(&app.a, Role::Admin);
        let read = expect_status(
            app.get("/api/v1/organization", &agent).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (
                read["reopen_window_days"].clone(),
                read["auto_close_after_days"].clone(),
                read["version"].clone()
            ),
            (json!(7), json!(4), json!(1))
        );
        assert_eq!(read["id"], app.a.id.to_string());

        let refused = change(&app, &agent, None, json!({"reopen_window_days": 1})).await;
        assert_eq!(
            problem_code(refused, StatusCode::FORBIDDEN).await,
            "forbidden"
        );
        let invalid = change(
            &app,
            &admin,
            None,
            json!({"name": " ", "reopen_window_days": 91, "auto_close_after_days": 0}),
        )
        .await;
        let invalid = expect_status(invalid, StatusCode::UNPROCESSABLE_ENTITY).await;
        let pointers: Vec<&str> = invalid["errors"]
            .as_array()
            .map(|e| e.iter().filter_map(|e| e["pointer"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(
            pointers,
            ["/name", "/reopen_window_days", "/auto_close_after_days"]
        );

        let changed = change(
            &app,
            &admin,
            Some("\"1\""),
            json!({"reopen_window_days": 0, "auto_close_after_days": 2}),
        )
        .await;
        let changed = expect_status(changed, StatusCode::OK).await;
        assert_eq!(
            (
                changed["reopen_window_days"].clone(),
                changed["auto_close_after_days"].clone(),
                changed["version"].clone()
            ),
            (json!(0), json!(2), json!(2))
        );
        assert_eq!(changed["name"], read["name"], "a field left out stays");
        let stale = change(&app, &admin, Some("\"1\""), json!({"name": "Late"})).await;
        assert_eq!(
            problem_code(stale, StatusCode::PRECONDITION_FAILED).await,
            "version_mismatch"
        );
        let theirs = app.token(&app.b, Role::Agent);
        let theirs = expect_status(
            app.get("/api/v1/organization", &theirs).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            theirs["reopen_window_days"], 7,
            "another organization keeps its own"
        );
    }
);

on_both!(
    tickets_follow_the_organizations_reopen_window_and_auto_close_time,
    |app| {
        app.clock.pin(at("2026-12-07T09:00:00Z"));
        let admin = || app.token(&app.a, Role::Admin);
        let agent = || app.token(&app.a, Role::Agent);
        let rules = json!({"reopen_window_days": 0, "auto_close_after_days": 2});
        expect_status(change(&app, &admin(), None, rules).await, StatusCode::OK).await;
        let body = json!({"subject": "Done", "description": "D", "requester_email": "a@x.example", "status": "solved"});
        let solved = expect_status(
            app.post("/api/v1/tickets", &agent(), &body).await,
            StatusCode::CREATED,
        )
        .await;
        let queued = app.get("/api/v1/admin/jobs?status=queued", &admin()).await;
        let queued = expect_status(queued, StatusCode::OK).await;
        assert_eq!(
            queued["items"][0]["run_at"], "2026-12-09T09:00:00Z",
            "{queued}"
        );

        // With no reopen window, neither an agent nor the customer reopens it.
        app.clock.advance(Duration::minutes(1));
        let path = format!(
            "/api/v1/tickets/{}",
            solved["id"].as_str().unwrap_or_default()
        );
        let reopen = app
            .patch(&path, &agent(), None, &json!({"status": "open"}))
            .await;
        let reopen = expect_status(reopen, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(reopen["errors"][0]["code"], "invalid_transition");
        let reply = json!({"body": "One more thing."});
        let reply = app
            .post(&format!("{path}/customer-replies"), &agent(), &reply)
            .await;
        let reply = expect_status(reply, StatusCode::CREATED).await;
        assert_ne!(reply["ticket_id"], solved["id"], "it opened a follow-up");
    }
);
