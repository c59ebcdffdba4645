//! Customers mark their tickets solved, reopen them within the window, and rate them once;
//! staff read the sum of the ratings.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::portal::{access, customer, partner};
use crate::support::{account_body, errors, expect_status, problem_code};
use domain::Role;

on_both!(customers_solve_reopen_and_rate_their_tickets, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let key = partner(&app, &admin, json!({"name": "Shop", "allowed_origins": []})).await;
    let ours = app.account(&admin, account_body("Meier AG")).await["id"].clone();
    let ours = ours.as_str().unwrap_or_default();
    let (_, pat) = customer(&app, &admin, (&key, ours, "pat@meier.example", "user")).await;
    let (_, boss) = customer(
        &app,
        &admin,
        (&key, ours, "boss@meier.example", "account_admin"),
    )
    .await;
    let (pat, boss) = (access(&pat), access(&boss));
    let opened = app
        .post(
            "/api/v1/portal/tickets",
            &pat,
            &json!({"subject": "Press stops", "description": "Again"}),
        )
        .await;
    let ticket = expect_status(opened, StatusCode::CREATED).await["id"].clone();
    let ticket = ticket.as_str().unwrap_or_default().to_owned();
    let act = |what: &'static str, token: String, body: Value| {
        let app = &app;
        let path = format!("/api/v1/portal/tickets/{ticket}/{what}");
        async move { app.post(&path, &token, &body).await }
    };
    let rating = json!({"score": 4, "comment": "Fixed the same day."});
    assert_eq!(
        problem_code(
            act("rating", pat.clone(), rating.clone()).await,
            StatusCode::CONFLICT
        )
        .await,
        "not_solved"
    );
    assert_eq!(
        problem_code(
            act("reopen", pat.clone(), json!({})).await,
            StatusCode::CONFLICT
        )
        .await,
        "ticket_not_solved"
    );
    let solved = expect_status(act("close", pat.clone(), json!({})).await, StatusCode::OK).await;
    assert_eq!(solved["status"], json!("solved"));
    assert_eq!(
        problem_code(
            act("close", pat.clone(), json!({})).await,
            StatusCode::CONFLICT
        )
        .await,
        "ticket_solved"
    );
    let reopened = expect_status(act("reopen", pat.clone(), json!({})).await, StatusCode::OK).await;
    assert_eq!(reopened["status"], json!("open"));
    expect_status(act("close", pat.clone(), json!({})).await, StatusCode::OK).await;

    // Rated once, by the requester, 1 to 5.
    assert_eq!(
        errors(act("rating", pat.clone(), json!({"score": 6})).await).await,
        vec![("/score".to_owned(), "out_of_range".to_owned())]
    );
    assert_eq!(
        problem_code(
            act("rating", boss.clone(), rating.clone()).await,
            StatusCode::CONFLICT
        )
        .await,
        "not_requester"
    );
    let rated = expect_status(
        act("rating", pat.clone(), rating.clone()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (&rated["rating"]["score"], &rated["rating"]["comment"]),
        (&json!(4), &json!("Fixed the same day."))
    );
    assert_eq!(
        problem_code(
            act("rating", pat.clone(), rating.clone()).await,
            StatusCode::CONFLICT
        )
        .await,
        "already_rated"
    );
    let agent = app.token(&app.a, Role::Agent);
    let summary = expect_status(
        app.get("/api/v1/satisfaction", &agent).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        summary,
        json!({"count": 1, "average": 4.0, "satisfied_percent": 100.0, "scores": [0, 0, 0, 1, 0]})
    );
    let year_zero = "/api/v1/satisfaction?from=0000-12-01T00:00:00Z";
    assert_eq!(
        problem_code(app.get(year_zero, &agent).await, StatusCode::BAD_REQUEST).await,
        "invalid_parameters"
    );
    let backwards = "/api/v1/satisfaction?from=2030-12-01T00:00:00Z&to=2026-11-01T00:00:00Z";
    let none = expect_status(app.get(backwards, &agent).await, StatusCode::OK).await;
    assert_eq!(none["count"], json!(0));
    let other = app.token(&app.b, Role::Admin);
    let theirs = expect_status(
        app.get("/api/v1/satisfaction", &other).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(theirs["count"], json!(0));

    // Past the reopen window a solved ticket stays solved; a reply opens a follow-up.
    app.clock.advance(chrono::Duration::days(400));
    let late = act("reopen", pat.clone(), json!({})).await;
    assert!(late.status().is_client_error(), "{}", late.status());
});
