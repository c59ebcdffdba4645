//! A policy's escalations: the first warning or breach of a clock raises the priority, moves
//! the ticket to a team and tells the users the policy names, once.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{eventually, expect_status, TestApp};
use domain::Role;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The kinds of the notifications of `role`'s user, newest first.
async fn told(app: &TestApp, role: Role) -> Value {
    let list = app
        .get("/api/v1/notifications", &app.token(&app.a, role))
        .await;
    let list = expect_status(list, StatusCode::OK).await;
    let kinds: Vec<Value> = list["items"]
        .as_array()
        .map(|i| i.iter().map(|n| n["kind"].clone()).collect())
        .unwrap_or_default();
    json!(kinds)
}

on_both!(a_policy_escalates_a_ticket_once_per_clock_event, |app| {
    let admin = || app.token(&app.a, Role::Admin);
    let calendar = json!({"name": "Always", "time_zone": "UTC", "always_open": true});
    let calendar = app.post("/api/v1/sla/calendars", &admin(), &calendar).await;
    let calendar = expect_status(calendar, StatusCode::CREATED).await;
    let team = app
        .post("/api/v1/teams", &admin(), &json!({"name": "Second line"}))
        .await;
    let team = expect_status(team, StatusCode::CREATED).await;
    let manager = app.a.user(Role::Manager).to_string();
    let escalations = json!([
        {"on": "warning", "notify_user_id": app.a.user(Role::Admin).to_string()},
        {"on": "breach", "clock": "first_response", "raise_priority": true,
         "team_id": team["id"], "notify_user_id": manager},
        {"on": "breach", "clock": "resolution", "raise_priority": true}
    ]);
    let targets = json!([
        {"priority": "normal", "first_response_minutes": 60, "resolution_minutes": 480},
        {"priority": "high", "first_response_minutes": 30, "resolution_minutes": 240}
    ]);

    // Broken escalations are pointed at; a team of another organization is unknown.
    let broken = json!({"name": "Broken", "calendar_id": calendar["id"], "targets": targets,
                        "escalations": [{"on": "soon", "clock": "lunch"}]});
    let broken = app.post("/api/v1/sla/policies", &admin(), &broken).await;
    let broken = expect_status(broken, StatusCode::UNPROCESSABLE_ENTITY).await;
    let pointers: Vec<&str> = broken["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["pointer"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(pointers, ["/escalations/0/on", "/escalations/0/clock"]);
    let theirs = app
        .post(
            "/api/v1/teams",
            &app.token(&app.b, Role::Admin),
            &json!({"name": "Theirs"}),
        )
        .await;
    let theirs = expect_status(theirs, StatusCode::CREATED).await;
    let foreign = json!({"name": "Foreign", "calendar_id": calendar["id"], "targets": targets,
                         "escalations": [{"on": "breach", "team_id": theirs["id"]}]});
    let foreign = app.post("/api/v1/sla/policies", &admin(), &foreign).await;
    let foreign = expect_status(foreign, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(foreign["errors"][0]["pointer"], "/escalations");

    let policy = json!({"name": "Escalating", "calendar_id": calendar["id"], "targets": targets,
                        "escalations": escalations});
    let policy = app.post("/api/v1/sla/policies", &admin(), &policy).await;
    let policy = expect_status(policy, StatusCode::CREATED).await;
    assert_eq!(policy["escalations"][1]["raise_priority"], true);

    app.clock.pin(at("2026-12-07T09:00:00Z"));
    let agent = app.a.user(Role::Agent).to_string();
    let body = json!({"subject": "Printer on fire", "description": "D",
                      "requester_email": "a@x.example", "assignee_id": agent});
    let ticket = app
        .post("/api/v1/tickets", &app.token(&app.a, Role::Manager), &body)
        .await;
    let ticket = expect_status(ticket, StatusCode::CREATED).await;
    let path = format!(
        "/api/v1/tickets/{}",
        ticket["id"].as_str().unwrap_or_default()
    );

    // The warning tells the admin the policy names, beside the assignee.
    app.clock.advance(Duration::minutes(46));
    eventually(
        "the warning",
        async || told(&app, Role::Admin).await,
        |k| k == &json!(["sla_escalated"]),
    )
    .await;
    // The breach raises the priority and moves the ticket to the team, where the agent is not
    // a member: it waits there unassigned. The manager hears of it.
    app.clock.advance(Duration::minutes(15));
    eventually(
        "the breach",
        async || told(&app, Role::Manager).await,
        |k| k == &json!(["sla_escalated"]),
    )
    .await;
    let agent_token = || app.token(&app.a, Role::Agent);
    let moved = expect_status(app.get(&path, &agent_token()).await, StatusCode::OK).await;
    assert_eq!(
        (
            moved["priority"].clone(),
            moved["team_id"].clone(),
            moved["assignee_id"].clone()
        ),
        (json!("high"), team["id"].clone(), Value::Null)
    );
    // The raise retargeted the clock (30 minutes at high), which is breached anew: recorded,
    // but not escalated again.
    actix_web::rt::time::sleep(StdDuration::from_millis(600)).await;
    let later = expect_status(app.get(&path, &agent_token()).await, StatusCode::OK).await;
    assert_eq!(later["priority"], "high", "escalated once: {later}");
    assert_eq!(told(&app, Role::Manager).await, json!(["sla_escalated"]));
    assert_eq!(told(&app, Role::Admin).await, json!(["sla_escalated"]));
});

on_both!(
    a_team_deleted_since_holds_back_neither_the_policy_nor_the_sweep,
    |app| {
        let admin = || app.token(&app.a, Role::Admin);
        let calendar = json!({"name": "Always", "time_zone": "UTC", "always_open": true});
        let calendar = app.post("/api/v1/sla/calendars", &admin(), &calendar).await;
        let calendar = expect_status(calendar, StatusCode::CREATED).await;
        let team = app
            .post("/api/v1/teams", &admin(), &json!({"name": "Gone soon"}))
            .await;
        let team = expect_status(team, StatusCode::CREATED).await;
        let policy = json!({"name": "Escalating", "calendar_id": calendar["id"],
                        "targets": [{"priority": "normal", "first_response_minutes": 60}],
                        "escalations": [{"on": "breach", "raise_priority": true, "team_id": team["id"]}]});
        let policy = app.post("/api/v1/sla/policies", &admin(), &policy).await;
        let policy = expect_status(policy, StatusCode::CREATED).await;
        let team_path = format!("/api/v1/teams/{}", team["id"].as_str().unwrap_or_default());
        let gone = app.delete(&team_path, &admin(), None).await;
        assert_eq!(gone.status(), StatusCode::NO_CONTENT);
        // The policy still changes.
        let policy_path = format!(
            "/api/v1/sla/policies/{}",
            policy["id"].as_str().unwrap_or_default()
        );
        let renamed = app
            .patch(&policy_path, &admin(), None, &json!({"name": "Renamed"}))
            .await;
        expect_status(renamed, StatusCode::OK).await;

        // Two tickets breach: both are escalated (the priority), neither moves to the gone team.
        app.clock.pin(at("2026-12-07T09:00:00Z"));
        let agent = || app.token(&app.a, Role::Agent);
        let mut paths = Vec::new();
        for subject in ["First", "Second"] {
            let body =
                json!({"subject": subject, "description": "D", "requester_email": "a@x.example"});
            let ticket = expect_status(
                app.post("/api/v1/tickets", &agent(), &body).await,
                StatusCode::CREATED,
            )
            .await;
            paths.push(format!(
                "/api/v1/tickets/{}",
                ticket["id"].as_str().unwrap_or_default()
            ));
        }
        app.clock.advance(Duration::minutes(61));
        for path in &paths {
            let raised = eventually(
                "the escalation",
                async || expect_status(app.get(path, &agent()).await, StatusCode::OK).await,
                |t| t["priority"] == "high",
            )
            .await;
            assert_eq!(raised["team_id"], Value::Null);
        }
    }
);
