//! Lead scoring: rules give points for fields and for events that fade; the score follows
//! the lead, its notes and the rules, and explains itself.

use chrono::{DateTime, Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{eventually, expect_status, problem_code, TestApp};
use domain::Role;

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    expect_status(app.post(path, token, &body).await, StatusCode::CREATED).await
}

async fn explained(app: &TestApp, token: &str, lead: &str) -> Value {
    let path = format!("/api/v1/leads/{lead}/score");
    expect_status(app.get(&path, token).await, StatusCode::OK).await
}

fn parts(score: &Value) -> Vec<(String, i64)> {
    score["parts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or_default().to_owned(),
                p["points"].as_i64().unwrap_or_default(),
            )
        })
        .collect()
}

on_both!(a_score_follows_its_lead_and_explains_itself, |app| {
    let start = DateTime::parse_from_rfc3339("2026-12-07T09:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{e}"));
    app.clock.pin(start);
    let manager = app.token(&app.a, Role::Manager);
    let sales = app.token(&app.a, Role::Sales);
    let rules = "/api/v1/scoring-rules";
    for rule in [
        json!({"name": "Decision maker", "field": "title", "values": ["vp", "director"], "points": 20}),
        json!({"name": "Company email", "field": "business_email", "points": 10}),
        json!({"name": "Germany", "field": "country", "values": ["de"], "points": 5}),
        json!({"name": "Talked to us", "event": "note", "half_life_days": 30, "points": 8}),
        json!({"name": "Filled in a form", "event": "form_submission", "points": 15}),
        json!({"name": "Students", "field": "industry", "values": ["Education"], "points": -50, "active": false}),
    ] {
        created(&app, &manager, rules, rule).await;
    }

    let lead = created(
        &app,
        &sales,
        "/api/v1/leads",
        json!({"last_name": "Vogel", "title": "VP Sales",
        "email": "anna@vogel.example", "address": {"country": "DE"}, "industry": "education"}),
    )
    .await;
    assert_eq!(lead["score"], 35);
    let id = lead["id"].as_str().unwrap_or_default().to_owned();
    let score = explained(&app, &sales, &id).await;
    assert_eq!(
        parts(&score),
        [
            ("Decision maker".into(), 20),
            ("Company email".into(), 10),
            ("Germany".into(), 5)
        ]
    );
    assert_eq!(score["parts"][0]["reason"], "title is VP Sales");

    // A note earns points, fading by half in 30 days; deleting it takes them back.
    let note = created(
        &app,
        &sales,
        &format!("/api/v1/leads/{id}/notes"),
        json!({"body": "Called, keen."}),
    )
    .await;
    let lead_path = format!("/api/v1/leads/{id}");
    let read = || async { expect_status(app.get(&lead_path, &sales).await, StatusCode::OK).await };
    assert_eq!(read().await["score"], 43);
    app.clock.advance(Duration::days(30));
    // Tokens made before the jump in time have expired.
    let (sales, manager) = (
        app.token(&app.a, Role::Sales),
        app.token(&app.a, Role::Manager),
    );
    let read = || async { expect_status(app.get(&lead_path, &sales).await, StatusCode::OK).await };
    let later = explained(&app, &sales, &id).await;
    assert_eq!(later["score"], 39);
    assert_eq!(later["parts"][3]["reason"], "1 note, halving every 30 days");
    let note_path = format!("/api/v1/notes/{}", note["id"].as_str().unwrap_or_default());
    expect_status(
        app.delete(&note_path, &sales, None).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(read().await["score"], 35);

    // A change to the lead scores it again; so does a change to the rules, in the background.
    let changed = expect_status(
        app.patch(
            &lead_path,
            &sales,
            None,
            &json!({"title": "Intern", "email": "anna@gmail.com"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed["score"], 5);
    let students = expect_status(
        app.get(&format!("{rules}?sort=name"), &manager).await,
        StatusCode::OK,
    )
    .await;
    let students = students["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["name"] == "Students")
        .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    expect_status(
        app.patch(
            &format!("{rules}/{students}"),
            &manager,
            None,
            &json!({"active": true}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    eventually("rescored after the rule changed", read, |l| {
        l["score"] == -45
    })
    .await;

    // Hottest first.
    let hot = created(
        &app,
        &sales,
        "/api/v1/leads",
        json!({"last_name": "Hot", "title": "Director",
        "email": "h@hot.example"}),
    )
    .await;
    assert_eq!(hot["score"], 30);
    let listed = expect_status(
        app.get("/api/v1/leads?sort=-score&limit=2", &sales).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"][0]["id"], hot["id"]);

    // A submission is an event; a capture form's lead starts with its points.
    let admin = app.token(&app.a, Role::Admin);
    let form = created(
        &app,
        &admin,
        "/api/v1/lead-forms",
        json!({"name": "Demo", "fields": [{"field": "email", "required": true}]}),
    )
    .await;
    let submission = form["submission_path"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let answer = app
        .request(Method::POST, &submission, None)
        .json(&json!({"email": "visitor@gmail.com"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect_status(answer, StatusCode::CREATED).await;
    let found = expect_status(
        app.get("/api/v1/leads?email=visitor@gmail.com", &sales)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found["items"][0]["score"], 15);

    // Bad rules are refused whole; only managers and admins change them.
    let bad = expect_status(
        app.post(
            rules,
            &manager,
            &json!({"name": "Bad", "field": "phone", "values": ["1"],
            "half_life_days": 3, "points": 5000}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let pointers: Vec<&str> = bad["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["pointer"].as_str())
        .collect();
    assert_eq!(pointers, ["/half_life_days", "/values", "/points"], "{bad}");
    let both = app
        .post(
            rules,
            &manager,
            &json!({"name": "Both", "field": "tag", "event": "note", "points": 1}),
        )
        .await;
    expect_status(both, StatusCode::UNPROCESSABLE_ENTITY).await;
    let taken = app
        .post(
            rules,
            &manager,
            &json!({"name": "germany", "field": "country", "points": 1}),
        )
        .await;
    assert_eq!(
        problem_code(taken, StatusCode::CONFLICT).await,
        "rule_name_taken"
    );
    let forbidden = app
        .post(
            rules,
            &sales,
            &json!({"name": "Mine", "field": "tag", "points": 1}),
        )
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
});
