use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::on_both;
use crate::support::{expect_status, problem_code, TestApp, PASSWORD};
use domain::Role;

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.request(Method::POST, "/api/v1/auth/login", None)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.request(Method::POST, "/api/v1/auth/refresh", None)
        .json(&json!({ "refresh_token": token }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

on_both!(login_then_me, |app| {
    let tokens = expect_status(
        login(&app, &app.a.email(Role::Sales).to_uppercase(), PASSWORD).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert!(tokens["expires_in"].as_i64().is_some_and(|s| s <= 900));
    let access = tokens["access_token"].as_str().unwrap_or_default();
    let me = expect_status(app.get("/api/v1/me", access).await, StatusCode::OK).await;
    assert_eq!(me["email"], app.a.email(Role::Sales));
    assert_eq!(me["role"], "sales");
    assert_eq!(me["org_id"], app.a.id.to_string());
});

on_both!(
    unknown_email_and_wrong_password_get_the_same_answer,
    |app| {
        let wrong = login(&app, &app.a.email(Role::Sales), "not the password").await;
        let unknown = login(&app, "nobody@nowhere.example", PASSWORD).await;
        let malformed = login(&app, "not an email", PASSWORD).await;
        let a = expect_status(wrong, StatusCode::UNAUTHORIZED).await;
        let b = expect_status(unknown, StatusCode::UNAUTHORIZED).await;
        let c = expect_status(malformed, StatusCode::UNAUTHORIZED).await;
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert_eq!(a["code"], "invalid_credentials");
    }
);

on_both!(unknown_emails_lock_like_real_ones, |app| {
    // Concurrent failures for a new email are all counted (and none is a 500).
    let ghost = "nobody@alpha.example";
    let (a, b) = tokio::join!(
        login(&app, ghost, "guess one"),
        login(&app, ghost, "guess two")
    );
    for response in [a, b] {
        assert_eq!(
            problem_code(response, StatusCode::UNAUTHORIZED).await,
            "invalid_credentials"
        );
    }
    assert_eq!(
        problem_code(
            login(&app, ghost, "guess three").await,
            StatusCode::UNAUTHORIZED
        )
        .await,
        "invalid_credentials"
    );
    // The fourth attempt meets the same lock a real user would.
    let locked = login(&app, ghost, "guess four").await;
    assert!(locked.headers().get("retry-after").is_some());
    assert_eq!(
        problem_code(locked, StatusCode::TOO_MANY_REQUESTS).await,
        "login_locked"
    );
    assert_eq!(
        problem_code(
            login(&app, "someone-else@alpha.example", "guess").await,
            StatusCode::UNAUTHORIZED
        )
        .await,
        "invalid_credentials"
    );
});

on_both!(repeated_failures_lock_the_user_for_a_while, |app| {
    let email = app.a.email(Role::Agent);
    for _ in 0..3 {
        assert_eq!(
            problem_code(
                login(&app, &email, "wrong wrong wrong").await,
                StatusCode::UNAUTHORIZED
            )
            .await,
            "invalid_credentials"
        );
    }
    // Now even the right password is refused until the lock expires.
    let locked = login(&app, &email, PASSWORD).await;
    assert!(locked.headers().get("retry-after").is_some());
    assert_eq!(
        problem_code(locked, StatusCode::TOO_MANY_REQUESTS).await,
        "login_locked"
    );
    // Other users are not affected.
    expect_status(
        login(&app, &app.a.email(Role::Sales), PASSWORD).await,
        StatusCode::OK,
    )
    .await;
});

on_both!(refresh_rotates_and_reuse_revokes_the_family, |app| {
    let first = expect_status(
        login(&app, &app.a.email(Role::Manager), PASSWORD).await,
        StatusCode::OK,
    )
    .await;
    let r1 = first["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let second = expect_status(refresh(&app, &r1).await, StatusCode::OK).await;
    let r2 = second["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_ne!(r1, r2);
    let access2 = second["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    expect_status(app.get("/api/v1/me", &access2).await, StatusCode::OK).await;

    // Someone replays the first token: the whole session ends.
    assert_eq!(
        problem_code(refresh(&app, &r1).await, StatusCode::UNAUTHORIZED).await,
        "invalid_refresh_token"
    );
    assert_eq!(
        problem_code(refresh(&app, &r2).await, StatusCode::UNAUTHORIZED).await,
        "invalid_refresh_token"
    );
    assert_eq!(
        problem_code(
            app.get("/api/v1/me", &access2).await,
            StatusCode::UNAUTHORIZED
        )
        .await,
        "unauthenticated"
    );
    // A new login still works.
    expect_status(
        login(&app, &app.a.email(Role::Manager), PASSWORD).await,
        StatusCode::OK,
    )
    .await;
});

on_both!(logout_ends_the_session_at_once, |app| {
    let tokens = expect_status(
        login(&app, &app.a.email(Role::Sales), PASSWORD).await,
        StatusCode::OK,
    )
    .await;
    let access = tokens["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let refresh_token = tokens["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let response = app
        .request(Method::POST, "/api/v1/auth/logout", None)
        .json(&json!({ "refresh_token": refresh_token }))
        .send()
        .await;
    expect_status(
        response.unwrap_or_else(|e| panic!("{e}")),
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(
        problem_code(
            app.get("/api/v1/me", &access).await,
            StatusCode::UNAUTHORIZED
        )
        .await,
        "unauthenticated"
    );
    assert_eq!(
        problem_code(
            refresh(&app, &refresh_token).await,
            StatusCode::UNAUTHORIZED
        )
        .await,
        "invalid_refresh_token"
    );
});

on_both!(deactivated_users_tokens_stop_working_at_once, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let sales = app.token(&app.a, Role::Sales);
    expect_status(app.get("/api/v1/me", &sales).await, StatusCode::OK).await;
    let path = format!("/api/v1/users/{}", app.a.user(Role::Sales));
    expect_status(
        app.patch(&path, &admin, None, &json!({ "active": false }))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        problem_code(
            app.get("/api/v1/me", &sales).await,
            StatusCode::UNAUTHORIZED
        )
        .await,
        "unauthenticated"
    );
    assert_eq!(
        problem_code(
            login(&app, &app.a.email(Role::Sales), PASSWORD).await,
            StatusCode::UNAUTHORIZED
        )
        .await,
        "invalid_credentials"
    );
});

on_both!(forged_and_missing_tokens_are_refused, |app| {
    let missing = app
        .request(Method::GET, "/api/v1/me", None)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(missing.headers().get("www-authenticate").is_some());
    assert_eq!(
        problem_code(missing, StatusCode::UNAUTHORIZED).await,
        "unauthenticated"
    );
    let token = app.token(&app.a, Role::Admin);
    // Change a signature character that is not in the last (partly padding) position.
    let at = token.len() - 6;
    let replacement = if &token[at..=at] == "x" { "y" } else { "x" };
    let forged = format!("{}{replacement}{}", &token[..at], &token[at + 1..]);
    assert_eq!(
        problem_code(
            app.get("/api/v1/me", &forged).await,
            StatusCode::UNAUTHORIZED
        )
        .await,
        "unauthenticated"
    );
    let other_keys = server::auth::tokens::TokenKeys::new(
        "a different secret that is long enough",
        "rapport",
        900,
    );
    let foreign = other_keys
        .issue(
            server::auth::Caller::new(
                app.a.id,
                app.a.user(Role::Admin),
                domain::SessionId::mint(),
                Role::Admin,
            ),
            chrono::Utc::now(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        problem_code(
            app.get("/api/v1/me", &foreign).await,
            StatusCode::UNAUTHORIZED
        )
        .await,
        "unauthenticated"
    );
});

on_both!(access_tokens_expire_by_the_applications_clock, |app| {
    let pinned = chrono::DateTime::parse_from_rfc3339("2031-03-30T01:30:00Z")
        .map(|at| at.with_timezone(&chrono::Utc))
        .unwrap_or_else(|e| panic!("{e}"));
    app.clock.pin(pinned);
    let token = app.token(&app.a, Role::Sales);
    let account = app.account(&token, json!({"name": "Pinned"})).await;
    assert_eq!(account["created_at"], "2031-03-30T01:30:00Z");
    // Sixteen minutes later by the application's clock the access token has expired.
    app.clock.advance(chrono::Duration::minutes(16));
    let me = app.get("/api/v1/me", &token).await;
    assert_eq!(
        problem_code(me, StatusCode::UNAUTHORIZED).await,
        "unauthenticated"
    );
});
