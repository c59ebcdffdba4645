//! Single sign-on with a partner's secret: a token its backend signs lets a customer in once,
//! and every fault of the token (signature, audience, issuer, expiry, reuse) is refused.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::portal::partner;
use crate::support::{account_body, expect_status, problem_code};
use domain::Role;

/// A single sign-on token as a partner's backend signs it.
fn sso_token(secret: &str, claims: &Value) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

on_both!(
    partners_sign_their_customers_in_once_with_a_signed_token,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let created = expect_status(
            app.post(
                "/api/v1/partners",
                &admin,
                &json!({"name": "Shop", "allowed_origins": []}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let (key, partner_id) = (
            created["key"].as_str().unwrap_or_default().to_owned(),
            created["id"].as_str().unwrap_or_default().to_owned(),
        );
        assert_eq!(created["sso_enabled"], json!(false));
        let ours = app.account(&admin, account_body("Meier AG")).await["id"].clone();
        app.contact(
        &admin,
        json!({"first_name": "Grace", "last_name": "Meier", "email": "grace@meier.example", "account_id": ours}),
    )
    .await;
        let sso = |token: String, key: String| {
            let app = &app;
            async move {
                app.client
                    .post(app.url("/api/v1/portal/auth/sso"))
                    .json(&json!({"partner_key": key, "token": token}))
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{e}"))
            }
        };
        let now = chrono::Utc::now().timestamp();
        let claims = |jti: &str| {
            json!({"iss": key, "aud": "rapport-portal", "email": "Grace@Meier.example",
               "jti": jti, "exp": now + 120})
        };
        // No secret yet: no single sign-on.
        let unsigned = sso_token("no secret yet", &claims("a"));
        assert_eq!(
            sso(unsigned, key.clone()).await.status(),
            StatusCode::UNAUTHORIZED
        );
        let secret = expect_status(
            app.post(
                &format!("/api/v1/partners/{partner_id}/sso-secret"),
                &admin,
                &json!({}),
            )
            .await,
            StatusCode::OK,
        )
        .await["secret"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(secret.len() >= 64);

        // A good token signs Grace in (portal access made for her contact), once.
        let good = sso_token(&secret, &claims("first"));
        let tokens = expect_status(sso(good.clone(), key.clone()).await, StatusCode::OK).await;
        let me = expect_status(
            app.get(
                "/api/v1/portal/me",
                tokens["access_token"].as_str().unwrap_or_default(),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (&me["name"], &me["account_name"]),
            (&json!("Grace Meier"), &json!("Meier AG"))
        );
        assert_eq!(
            sso(good, key.clone()).await.status(),
            StatusCode::UNAUTHORIZED
        );
        let again = sso_token(&secret, &claims("second"));
        expect_status(sso(again, key.clone()).await, StatusCode::OK).await;

        // Every other token is refused.
        let mut wrong_audience = claims("3");
        wrong_audience["aud"] = json!("rapport-staff");
        let mut wrong_issuer = claims("4");
        wrong_issuer["iss"] = json!("pk_someone_else");
        let mut expired = claims("5");
        expired["exp"] = json!(now - 60);
        let mut too_long = claims("6");
        too_long["exp"] = json!(now + 3600);
        let mut stranger = claims("7");
        stranger["email"] = json!("nobody@meier.example");
        let mut no_jti = claims("8");
        no_jti["jti"] = json!("");
        for (why, token) in [
            (
                "signature",
                sso_token("another secret entirely", &claims("1")),
            ),
            ("audience", sso_token(&secret, &wrong_audience)),
            ("issuer", sso_token(&secret, &wrong_issuer)),
            ("expired", sso_token(&secret, &expired)),
            ("lives too long", sso_token(&secret, &too_long)),
            ("unknown customer", sso_token(&secret, &stranger)),
            ("no jti", sso_token(&secret, &no_jti)),
            ("garbage", "not.a.token".to_owned()),
        ] {
            assert_eq!(
                problem_code(sso(token, key.clone()).await, StatusCode::UNAUTHORIZED).await,
                "unauthenticated",
                "{why}"
            );
        }
        // A token for this partner does not sign in through another.
        let other = partner(
            &app,
            &admin,
            json!({"name": "Other", "allowed_origins": []}),
        )
        .await;
        let token = sso_token(&secret, &claims("9"));
        assert_eq!(sso(token, other).await.status(), StatusCode::UNAUTHORIZED);
        // A token replayed just after its expiry, within the clocks' leeway, is still refused.
        let mut short = claims("late");
        short["exp"] = json!(now + 10);
        let short = sso_token(&secret, &short);
        expect_status(sso(short.clone(), key.clone()).await, StatusCode::OK).await;
        app.clock.advance(chrono::Duration::seconds(12));
        assert_eq!(
            sso(short, key.clone()).await.status(),
            StatusCode::UNAUTHORIZED
        );
        // Portal access an admin took away is not given back by single sign-on.
        let grace = expect_status(
            app.get("/api/v1/portal-users", &admin).await,
            StatusCode::OK,
        )
        .await["items"][0]["id"]
            .clone();
        let gone = app
            .delete(
                &format!(
                    "/api/v1/portal-users/{}",
                    grace.as_str().unwrap_or_default()
                ),
                &admin,
                None,
            )
            .await;
        assert_eq!(gone.status(), StatusCode::NO_CONTENT);
        let now = now + 12;
        let mut after = claims("after");
        after["exp"] = json!(now + 60);
        assert_eq!(
            sso(sso_token(&secret, &after), key.clone()).await.status(),
            StatusCode::UNAUTHORIZED
        );
        // Turned off, it signs nobody in.
        let off = app
            .delete(
                &format!("/api/v1/partners/{partner_id}/sso-secret"),
                &admin,
                None,
            )
            .await;
        assert_eq!(off.status(), StatusCode::NO_CONTENT);
        let token = sso_token(&secret, &claims("10"));
        assert_eq!(
            sso(token, key.clone()).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
);
