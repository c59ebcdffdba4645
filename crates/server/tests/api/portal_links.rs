//! Proving an address by mail, through a real SMTP server (MailDev): a sign-in link signs a
//! portal user in once, and a customer at a known account's domain signs themselves up.

use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::outbound::{mail_to, maildev, settings};
use crate::portal::branding;
use crate::support::{count, errors, eventually, expect_status, problem_code, TestApp};
use domain::Role;

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// A new partner of the organization `admin` is in: its key.
async fn partner_key(app: &TestApp, admin: &str) -> String {
    let body = json!({"name": "Northwind Shop", "allowed_origins": []});
    let made = app.post("/api/v1/partners", admin, &body).await;
    text(&expect_status(made, StatusCode::CREATED).await["key"])
}

/// Sends `body` to a public portal route.
async fn public(app: &TestApp, path: &str, body: Value) -> Response {
    app.request(Method::POST, path, None)
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The `nth` mail (from 1) `address` got whose subject starts with `subject`: the token of
/// its link to the portal's `page`.
async fn mailed_token(
    api: &str,
    (address, subject, nth): (&str, &str, usize),
    page: &str,
) -> String {
    let matching = |all: &Value| -> Vec<Value> {
        all.as_array()
            .into_iter()
            .flatten()
            .filter(|m| text(&m["subject"]).starts_with(subject))
            .cloned()
            .collect()
    };
    let all = eventually(
        subject,
        async || mail_to(api, address).await,
        |all| matching(all).len() >= nth,
    )
    .await;
    let mail = matching(&all).swap_remove(nth - 1);
    let body = text(&mail["text"]);
    let token = body
        .split(&format!("/{page}?token="))
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no {page} link in {body}"))
        .to_owned();
    assert!(token.starts_with("pl_"), "{token}");
    token
}

/// Who a portal access token signs in.
async fn me(app: &TestApp, signed_in: Value) -> Value {
    let token = text(&signed_in["access_token"]);
    expect_status(app.get("/api/v1/portal/me", &token).await, StatusCode::OK).await
}

on_both!(a_sign_in_link_signs_in_once_without_a_password, |app| {
    let Some((host, port, api)) = maildev() else {
        return;
    };
    let admin = app.token(&app.a, Role::Admin);
    settings(&app, &admin, &host, port, None).await;
    let key = partner_key(&app, &admin).await;
    // Each run its own address: both databases' runs share one MailDev.
    let address = format!("ida-{}@roth.example", uuid::Uuid::now_v7().simple());
    let contact = app
        .contact(
            &admin,
            json!({"first_name": "Ida", "last_name": "Roth", "email": address}),
        )
        .await;
    // Invited, never accepted: no password, and the link still signs in.
    let invited = app
        .post(
            "/api/v1/portal-users",
            &admin,
            &json!({"contact_id": contact["id"]}),
        )
        .await;
    let user = text(&expect_status(invited, StatusCode::CREATED).await["id"]);

    let ask = json!({"partner_key": key, "email": address});
    let unknown = json!({"partner_key": key, "email": format!("nobody-{address}")});
    for body in [unknown, ask.clone()] {
        let asked = public(&app, "/api/v1/portal/auth/magic-link", body).await;
        assert_eq!(asked.status(), StatusCode::ACCEPTED);
    }
    let token = mailed_token(&api, (&address, "Sign in to", 1), "sign-in-link").await;

    // A sign-up's page does not spend it.
    let wrong = json!({"partner_key": key, "token": token, "password": "a long portal password"});
    let refused = public(&app, "/api/v1/portal/auth/sign-up/complete", wrong).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    // It signs in once.
    let sign_in = json!({"partner_key": key, "token": token});
    let answer = public(
        &app,
        "/api/v1/portal/auth/magic-link/sign-in",
        sign_in.clone(),
    )
    .await;
    let signed_in = expect_status(answer, StatusCode::OK).await;
    assert_eq!(me(&app, signed_in).await["email"], json!(address));
    let again = public(&app, "/api/v1/portal/auth/magic-link/sign-in", sign_in).await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);

    // At most three links wait at an address: a fourth request keeps and sends nothing.
    for _ in 0..4 {
        let asked = public(&app, "/api/v1/portal/auth/magic-link", ask.clone()).await;
        assert_eq!(asked.status(), StatusCode::ACCEPTED);
    }
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM portal_links"), 3);
    let queued = "SELECT COUNT(*) AS n FROM outbound_emails WHERE kind = 'portal_sign_in_link'";
    assert_eq!(count(&app, queued), 4);

    // Another organization's portal cannot take a waiting link; its own can, while the user
    // may sign in. (Every mail after the first carries a waiting link.)
    let waiting = mailed_token(&api, (&address, "Sign in to", 2), "sign-in-link").await;
    let other = partner_key(&app, &app.token(&app.b, Role::Admin)).await;
    let sign_in = json!({"partner_key": other, "token": waiting});
    let refused = public(&app, "/api/v1/portal/auth/magic-link/sign-in", sign_in).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let sign_in = json!({"partner_key": key, "token": waiting});
    let answer = public(&app, "/api/v1/portal/auth/magic-link/sign-in", sign_in).await;
    expect_status(answer, StatusCode::OK).await;
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM portal_links"), 2);

    // Switched off, a waiting link no longer signs in.
    let waiting = mailed_token(&api, (&address, "Sign in to", 3), "sign-in-link").await;
    let off = app
        .patch(
            &format!("/api/v1/portal-users/{user}"),
            &admin,
            None,
            &json!({"active": false}),
        )
        .await;
    expect_status(off, StatusCode::OK).await;
    let sign_in = json!({"partner_key": key, "token": waiting});
    let refused = public(&app, "/api/v1/portal/auth/magic-link/sign-in", sign_in).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
});

on_both!(a_customer_at_a_known_accounts_domain_signs_up, |app| {
    let Some((host, port, api)) = maildev() else {
        return;
    };
    let admin = app.token(&app.a, Role::Admin);
    settings(&app, &admin, &host, port, None).await;
    let key = partner_key(&app, &admin).await;
    let domain = format!("k{}.example", uuid::Uuid::now_v7().simple());
    app.account(
        &admin,
        json!({"name": "Keller AG", "type": "customer", "domain": domain}),
    )
    .await;
    // A prospect's domain lets nobody in.
    let prospects = format!("p{domain}");
    app.account(
        &admin,
        json!({"name": "Maybe GmbH", "type": "prospect", "domain": prospects}),
    )
    .await;
    let address = format!("uma@{domain}");
    let sign_up =
        |email: &str| json!({"partner_key": key, "email": email, "name": " Uma  Keller "});

    // Off until an admin turns it on.
    let off = public(&app, "/api/v1/portal/auth/sign-up", sign_up(&address)).await;
    assert_eq!(problem_code(off, StatusCode::CONFLICT).await, "sign_up_off");
    let turned_on = app
        .patch(
            "/api/v1/organization",
            &admin,
            None,
            &json!({"portal_self_sign_up": true}),
        )
        .await;
    assert_eq!(
        expect_status(turned_on, StatusCode::OK).await["portal_self_sign_up"],
        true
    );
    assert_eq!(branding(&app, &key).await["self_sign_up"], true);

    // Bad input is refused by field.
    let bad = json!({"partner_key": key, "email": "not an address", "name": " "});
    let refused = public(&app, "/api/v1/portal/auth/sign-up", bad).await;
    let pointers: Vec<String> = errors(refused).await.into_iter().map(|e| e.0).collect();
    assert_eq!(pointers, ["/email", "/name"]);
    // Only the known domain gets mail; a public mail service's and an unknown one do not.
    let prospect = format!("uma@{prospects}");
    for email in ["uma@gmail.com", "uma@unknown.example", &prospect, &address] {
        let asked = public(&app, "/api/v1/portal/auth/sign-up", sign_up(email)).await;
        assert_eq!(asked.status(), StatusCode::ACCEPTED, "{email}");
    }
    let queued = "SELECT COUNT(*) AS n FROM outbound_emails WHERE kind = 'portal_sign_up'";
    assert_eq!(count(&app, queued), 1);
    let token = mailed_token(&api, (&address, "Confirm your address", 1), "sign-up").await;

    // Too short a password is refused and spends nothing; of two finishes at once, one wins.
    let finish = |password: &str| json!({"partner_key": key, "token": token, "password": password});
    let short = public(
        &app,
        "/api/v1/portal/auth/sign-up/complete",
        finish("short"),
    )
    .await;
    assert_eq!(errors(short).await[0].0, "/password");
    let (first, second) = tokio::join!(
        public(
            &app,
            "/api/v1/portal/auth/sign-up/complete",
            finish("a long portal password")
        ),
        public(
            &app,
            "/api/v1/portal/auth/sign-up/complete",
            finish("another long password")
        ),
    );
    let mut statuses = [first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::UNAUTHORIZED]);
    let won = if first.status() == StatusCode::OK {
        first
    } else {
        second
    };
    let who = me(&app, expect_status(won, StatusCode::OK).await).await;
    assert_eq!(who["name"], "Uma Keller");
    assert_eq!(who["role"], "user");
    assert_eq!(who["account_name"], "Keller AG");

    // Signing up again mails a sign-in link instead.
    let asked = public(&app, "/api/v1/portal/auth/sign-up", sign_up(&address)).await;
    assert_eq!(asked.status(), StatusCode::ACCEPTED);
    mailed_token(&api, (&address, "Sign in to", 1), "sign-in-link").await;
    // Once an admin takes the access away, signing up does not give it back.
    let user = text(&who["id"]);
    let taken = app
        .delete(&format!("/api/v1/portal-users/{user}"), &admin, None)
        .await;
    assert_eq!(taken.status(), StatusCode::NO_CONTENT);
    let asked = public(&app, "/api/v1/portal/auth/sign-up", sign_up(&address)).await;
    assert_eq!(asked.status(), StatusCode::ACCEPTED);
    assert_eq!(count(&app, queued), 1);
});
