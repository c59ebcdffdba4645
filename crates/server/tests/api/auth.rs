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

on_both!(
    parallel_wrong_passwords_lock_a_user_like_an_unknown_email,
    |app| {
        // Ten wrong passwords at once, for a real user and for an email nobody has: every failure
        // counts, so both end up locked alike (test settings lock after 3).
        let real = app.a.email(Role::Agent);
        let ghost = "ghost@alpha.example".to_owned();
        for email in [&real, &ghost] {
            let attempts: Vec<_> = (0..10)
                .map(|i| {
                    let request = app
                        .request(Method::POST, "/api/v1/auth/login", None)
                        .json(&json!({ "email": email, "password": format!("wrong guess {i}") }));
                    actix_web::rt::spawn(request.send())
                })
                .collect();
            for attempt in attempts {
                let response = attempt
                    .await
                    .unwrap_or_else(|e| panic!("{e}"))
                    .unwrap_or_else(|e| panic!("{e}"));
                let status = response.status();
                assert!(
                    status == StatusCode::UNAUTHORIZED || status == StatusCode::TOO_MANY_REQUESTS,
                    "{email}: {status}"
                );
            }
        }
        let locked_real = login(&app, &real, PASSWORD).await;
        let locked_ghost = login(&app, &ghost, PASSWORD).await;
        assert_eq!(
            problem_code(locked_real, StatusCode::TOO_MANY_REQUESTS).await,
            "login_locked"
        );
        assert_eq!(
            problem_code(locked_ghost, StatusCode::TOO_MANY_REQUESTS).await,
            "login_locked"
        );
        // When the lock has passed, the right password works and clears the count.
        app.clock.advance(chrono::Duration::hours(1));
        expect_status(login(&app, &real, PASSWORD).await, StatusCode::OK).await;
        for _ in 0..2 {
            login(&app, &real, "wrong again").await;
        }
        expect_status(login(&app, &real, PASSWORD).await, StatusCode::OK).await;
    }
);

fn three_a_minute_behind_a_proxy(settings: &mut server::Settings) {
    settings.sign_in_per_minute = 3;
    settings.trusted_proxies = vec!["127.0.0.1".parse().unwrap_or_else(|e| panic!("{e}"))];
}

fn three_a_minute(settings: &mut server::Settings) {
    settings.sign_in_per_minute = 3;
}

async fn login_from(app: &TestApp, forwarded_for: &str) -> reqwest::Response {
    app.request(Method::POST, "/api/v1/auth/login", None)
        .header("x-forwarded-for", forwarded_for)
        // A new email each time, so that only the address limit can refuse it.
        .json(&json!({ "email": format!("{}@alpha.example", uuid::Uuid::now_v7().simple()), "password": "a guess" }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

#[actix_web::test]
async fn sign_in_is_rate_limited_per_client_address() {
    use crate::support::{spawn_configured, Backend};
    let app = spawn_configured(Backend::Sqlite, None, three_a_minute_behind_a_proxy).await;
    // Behind a trusted proxy the client is the forwarded address (a spoofed first entry
    // does not help: the nearest untrusted address counts).
    for _ in 0..3 {
        let response = login_from(&app, "198.51.100.7, 203.0.113.1").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let limited = login_from(&app, "192.0.2.99, 203.0.113.1").await;
    let wait: i64 = limited
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    assert!((1..=60).contains(&wait), "Retry-After: {wait}");
    assert_eq!(
        problem_code(limited, StatusCode::TOO_MANY_REQUESTS).await,
        "rate_limited"
    );
    // Refreshing counts against the same share.
    let refresh = app
        .request(Method::POST, "/api/v1/auth/refresh", None)
        .header("x-forwarded-for", "203.0.113.1")
        .json(&json!({ "refresh_token": "rt_nothing" }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(refresh.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another client behind the proxy has its own share.
    assert_eq!(
        login_from(&app, "203.0.113.2").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Without a trusted proxy the header is ignored: the peer address counts.
    let direct = spawn_configured(Backend::Sqlite, None, three_a_minute).await;
    for i in 0..3 {
        let response = login_from(&direct, &format!("203.0.113.{i}")).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        login_from(&direct, "203.0.113.200").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

on_both!(only_access_tokens_are_accepted, |app| {
    // Another kind of JWT signed with the same key (no `typ: at+jwt`) is refused.
    let token = app.token(&app.a, Role::Admin);
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.insecure_disable_signature_validation();
    validation.validate_aud = false;
    validation.validate_exp = false;
    let claims = jsonwebtoken::decode::<server::auth::tokens::Claims>(
        &token,
        &jsonwebtoken::DecodingKey::from_secret(b""),
        &validation,
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .claims;
    let secret = crate::support::test_settings("").jwt_secret;
    let plain_jwt = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        problem_code(
            app.get("/api/v1/me", &plain_jwt).await,
            StatusCode::UNAUTHORIZED
        )
        .await,
        "unauthenticated"
    );
    expect_status(app.get("/api/v1/me", &token).await, StatusCode::OK).await;
});

on_both!(changing_ones_own_password_needs_the_current_one, |app| {
    let email = app.a.email(Role::Sales);
    let other_session = expect_status(login(&app, &email, PASSWORD).await, StatusCode::OK).await;
    let this_session = expect_status(login(&app, &email, PASSWORD).await, StatusCode::OK).await;
    let access = this_session["access_token"].as_str().unwrap_or_default();
    let new_password = "an entirely new passphrase";
    let wrong = app
        .post(
            "/api/v1/me/password",
            access,
            &json!({"current_password": "not it at all", "new_password": new_password}),
        )
        .await;
    let problem = expect_status(wrong, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        (
            problem["errors"][0]["pointer"].as_str(),
            problem["errors"][0]["code"].as_str()
        ),
        (Some("/current_password"), Some("wrong_password"))
    );
    let changed = app
        .post(
            "/api/v1/me/password",
            access,
            &json!({"current_password": PASSWORD, "new_password": new_password}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    // This session goes on; the other one has ended; the new password logs in.
    expect_status(app.get("/api/v1/me", access).await, StatusCode::OK).await;
    let other_refresh = other_session["refresh_token"].as_str().unwrap_or_default();
    assert_eq!(
        refresh(&app, other_refresh).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&app, &email, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    expect_status(login(&app, &email, new_password).await, StatusCode::OK).await;

    // An admin changing their own password through the users API gives the current one too.
    let admin = app.token(&app.a, Role::Admin);
    let me = format!("/api/v1/users/{}", app.a.user(Role::Admin));
    let refused = app
        .patch(&me, &admin, None, &json!({"password": new_password}))
        .await;
    let problem = expect_status(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["pointer"], "/current_password");
    let accepted = app
        .patch(
            &me,
            &admin,
            None,
            &json!({"password": new_password, "current_password": PASSWORD}),
        )
        .await;
    expect_status(accepted, StatusCode::OK).await;
    expect_status(app.get("/api/v1/me", &admin).await, StatusCode::OK).await;

    // Setting another user's password ends all of that user's sessions.
    let agent_email = app.a.email(Role::Agent);
    let agent = expect_status(login(&app, &agent_email, PASSWORD).await, StatusCode::OK).await;
    let agent_access = agent["access_token"].as_str().unwrap_or_default();
    let reset = app
        .patch(
            &format!("/api/v1/users/{}", app.a.user(Role::Agent)),
            &admin,
            None,
            &json!({"password": "set by the admin for you"}),
        )
        .await;
    expect_status(reset, StatusCode::OK).await;
    assert_eq!(
        app.get("/api/v1/me", agent_access).await.status(),
        StatusCode::UNAUTHORIZED
    );
});

on_both!(ended_sessions_are_pruned, |app| {
    use diesel::prelude::*;
    let email = app.a.email(Role::Sales);
    let ended = expect_status(login(&app, &email, PASSWORD).await, StatusCode::OK).await;
    let live = expect_status(login(&app, &email, PASSWORD).await, StatusCode::OK).await;
    let logout = app
        .request(Method::POST, "/api/v1/auth/logout", None)
        .json(&json!({"refresh_token": ended["refresh_token"]}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    let count = |conn: &mut db::AnyConnection| -> (i64, i64) {
        let sessions = db::schema::sessions::table
            .count()
            .get_result(conn)
            .unwrap_or_else(|e| panic!("{e}"));
        let tokens = db::schema::refresh_tokens::table
            .count()
            .get_result(conn)
            .unwrap_or_else(|e| panic!("{e}"));
        (sessions, tokens)
    };
    let mut conn = app.state.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let before = count(&mut conn);
    // Today nothing is old enough; two days after the logout the ended session goes.
    let now = chrono::Utc::now();
    assert_eq!(
        db::sessions::prune(&mut conn, now).map(|(s, _)| s).ok(),
        Some(0)
    );
    let (sessions, tokens) = db::sessions::prune(&mut conn, now + chrono::Duration::days(2))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((sessions, tokens), (1, 1));
    assert_eq!(count(&mut conn), (before.0 - 1, before.1 - 1));
    drop(conn);
    // The live session still refreshes.
    let live_refresh = live["refresh_token"].as_str().unwrap_or_default();
    expect_status(refresh(&app, live_refresh).await, StatusCode::OK).await;
});
