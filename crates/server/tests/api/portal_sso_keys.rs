//! Single sign-on with a partner's own key pair: the backend signs with its private key
//! (RS256 or ES256) and the admin registers only the public key. Tokens signed by another
//! key, for another algorithm family, or with the public key used as an HMAC secret, are
//! refused; a private key is never taken for registration.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::on_both;
use crate::portal::partner;
use crate::support::{account_body, errors, expect_status, TestApp};
use domain::Role;

const RSA_PRIVATE: &str = include_str!("keys/partner_rsa.pem");
const RSA_PUBLIC: &str = include_str!("keys/partner_rsa.pub");
const EC_PRIVATE: &str = include_str!("keys/partner_ec.pem");
const EC_PUBLIC: &str = include_str!("keys/partner_ec.pub");
const STRANGER_RSA: &str = include_str!("keys/stranger_rsa.pem");
const SHORT_RSA_PUBLIC: &str = include_str!("keys/short_rsa.pub");
const P521_PUBLIC: &str = include_str!("keys/p521.pub");

/// A token for `key`'s portal about `email`, signed with `algorithm` and `signing`.
fn token(key: &str, jti: &str, (algorithm, signing): (Algorithm, &EncodingKey)) -> String {
    let claims = json!({"iss": key, "aud": "rapport-portal", "email": "grace@meier.example",
                        "jti": jti, "exp": chrono::Utc::now().timestamp() + 120});
    jsonwebtoken::encode(&Header::new(algorithm), &claims, signing)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn pem_key(algorithm: Algorithm, pem: &str) -> EncodingKey {
    let made = match algorithm {
        Algorithm::ES256 => EncodingKey::from_ec_pem(pem.as_bytes()),
        _ => EncodingKey::from_rsa_pem(pem.as_bytes()),
    };
    made.unwrap_or_else(|e| panic!("{e}"))
}

async fn sign_in(app: &TestApp, key: &str, token: String) -> StatusCode {
    app.client
        .post(app.url("/api/v1/portal/auth/sso"))
        .json(&json!({"partner_key": key, "token": token}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .status()
}

async fn register(app: &TestApp, admin: &str, id: &str, pem: &str) -> reqwest::Response {
    app.request(
        Method::PUT,
        &format!("/api/v1/partners/{id}/sso-public-key"),
        Some(admin),
    )
    .json(&json!({"public_key": pem}))
    .send()
    .await
    .unwrap_or_else(|e| panic!("{e}"))
}

on_both!(
    a_partner_signs_in_with_its_own_key_pair_and_nothing_else_passes,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let key = partner(&app, &admin, json!({"name": "Shop", "allowed_origins": []})).await;
        let partners =
            expect_status(app.get("/api/v1/partners", &admin).await, StatusCode::OK).await;
        let id = partners["items"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let ours = app.account(&admin, account_body("Meier AG")).await["id"].clone();
        app.contact(
            &admin,
            json!({"first_name": "Grace", "last_name": "Meier",
                   "email": "grace@meier.example", "account_id": ours}),
        )
        .await;
        let rsa = pem_key(Algorithm::RS256, RSA_PRIVATE);
        let ec = pem_key(Algorithm::ES256, EC_PRIVATE);

        // Nothing registered: no sign-in.
        let early = token(&key, "early", (Algorithm::RS256, &rsa));
        assert_eq!(sign_in(&app, &key, early).await, StatusCode::UNAUTHORIZED);

        // A private key, a scrap, two keys at once, keys that could not check a token (RSA of
        // 1024 bits, EC on P-521) or a novel are refused by field.
        for wrong in [
            RSA_PRIVATE.to_owned(),
            RSA_PRIVATE.replace("PRIVATE KEY", "PUBLIC KEY"),
            SHORT_RSA_PUBLIC.to_owned(),
            P521_PUBLIC.to_owned(),
            "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----".to_owned(),
            format!("{RSA_PUBLIC}{EC_PUBLIC}"),
            "x".repeat(10_001),
        ] {
            let refused = errors(register(&app, &admin, &id, &wrong).await).await;
            assert_eq!(refused, vec![("/public_key".into(), "invalid_key".into())]);
        }

        // The RSA public key: RS256 tokens pass, once each.
        let set = expect_status(
            register(&app, &admin, &id, RSA_PUBLIC).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(set["sso_enabled"], json!(true));
        assert_eq!(set["sso_secret_set"], json!(false));
        assert_eq!(
            set["sso_public_key"].as_str().map(str::trim),
            Some(RSA_PUBLIC.trim())
        );
        let good = token(&key, "one", (Algorithm::RS256, &rsa));
        assert_eq!(sign_in(&app, &key, good.clone()).await, StatusCode::OK);
        assert_eq!(
            sign_in(&app, &key, good).await,
            StatusCode::UNAUTHORIZED,
            "used twice"
        );
        // Signed by a key nobody registered, by the EC key, or with the public key used
        // as an HMAC secret (the algorithm confusion attack, with a secret set so that HS256
        // is checked at all): refused.
        let secret_path = format!("/api/v1/partners/{id}/sso-secret");
        let made = app.post(&secret_path, &admin, &json!({})).await;
        expect_status(made, StatusCode::OK).await;
        let stranger = pem_key(Algorithm::RS256, STRANGER_RSA);
        let hmac = EncodingKey::from_secret(RSA_PUBLIC.as_bytes());
        for (jti, signed) in [
            ("stranger", (Algorithm::RS256, &stranger)),
            ("ec", (Algorithm::ES256, &ec)),
            ("confused", (Algorithm::HS256, &hmac)),
        ] {
            let bad = token(&key, jti, signed);
            assert_eq!(
                sign_in(&app, &key, bad).await,
                StatusCode::UNAUTHORIZED,
                "{jti}"
            );
        }

        // The EC key replaces it: ES256 passes, RS256 no more.
        expect_status(register(&app, &admin, &id, EC_PUBLIC).await, StatusCode::OK).await;
        let es = token(&key, "two", (Algorithm::ES256, &ec));
        assert_eq!(sign_in(&app, &key, es).await, StatusCode::OK);
        let rs = token(&key, "three", (Algorithm::RS256, &rsa));
        assert_eq!(sign_in(&app, &key, rs).await, StatusCode::UNAUTHORIZED);

        // Forgotten: refused from then on.
        let path = format!("/api/v1/partners/{id}/sso-public-key");
        let gone = app
            .request(Method::DELETE, &path, Some(&admin))
            .send()
            .await;
        let gone = gone.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(gone.status(), StatusCode::NO_CONTENT);
        let late = token(&key, "four", (Algorithm::ES256, &ec));
        assert_eq!(sign_in(&app, &key, late).await, StatusCode::UNAUTHORIZED);
        let seen = app.get(&format!("/api/v1/partners/{id}"), &admin).await;
        let seen = expect_status(seen, StatusCode::OK).await;
        assert_eq!(
            (&seen["sso_enabled"], &seen["sso_secret_set"]),
            (&json!(true), &json!(true)),
            "the secret still signs"
        );
        assert!(seen["sso_public_key"].is_null());

        // Only admins register keys.
        let agent = app.token(&app.a, Role::Agent);
        let forbidden = register(&app, &agent, &id, RSA_PUBLIC).await;
        assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    }
);
