//! Portal invitations by mail, through a real SMTP server (MailDev): the link in the mail
//! opens the partner's portal and sets the password once; the token is not kept once sent.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::outbound::{mail_to, maildev, settings};
use crate::support::{count, errors, eventually, expect_status, TestApp};
use domain::Role;

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// A partner of the organization `admin` is in: its id and key.
async fn partner(app: &TestApp, admin: &str) -> (String, String) {
    let body = json!({"name": "Northwind Shop", "allowed_origins": []});
    let made = expect_status(
        app.post("/api/v1/partners", admin, &body).await,
        StatusCode::CREATED,
    )
    .await;
    (text(&made["id"]), text(&made["key"]))
}

on_both!(
    an_invitation_is_mailed_with_a_link_into_the_partners_portal,
    |app| {
        let Some((host, port, api)) = maildev() else {
            return;
        };
        let admin = app.token(&app.a, Role::Admin);
        settings(&app, &admin, &host, port, None).await;
        let (partner_id, key) = partner(&app, &admin).await;
        // Each run invites its own address: both databases' runs share one MailDev.
        let address = format!("uma-{}@keller.example", uuid::Uuid::now_v7().simple());
        let contact = app
            .contact(
                &admin,
                json!({"first_name": "Uma", "last_name": "Keller", "email": address}),
            )
            .await;
        let body = json!({"contact_id": contact["id"], "partner_id": partner_id});
        let invited = expect_status(
            app.post("/api/v1/portal-users", &admin, &body).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(invited["invitation_emailed"], true);
        let token = text(&invited["invitation_token"]);

        let mail = eventually(
            "the invitation mail",
            async || mail_to(&api, &address).await,
            |m| m.as_array().is_some_and(|l| l.len() == 1),
        )
        .await;
        let mail = &mail[0];
        assert!(
            text(&mail["subject"]).ends_with("support portal"),
            "{}",
            mail["subject"]
        );
        let link = format!("/portal/{key}/invitation?token={token}");
        assert!(text(&mail["text"]).contains(&link), "{}", mail["text"]);
        // In HTML, the link's slashes are escaped as every value is (&#x2f;).
        let html = text(&mail["html"]).replace("&#x2f;", "/");
        assert!(
            html.contains("href=\"http") && html.contains(&link),
            "{html}"
        );
        assert!(text(&mail["text"]).contains("Hello Uma Keller"));
        // Once sent, the job no longer holds the token.
        eventually(
            "the job's payload forgotten",
            async || {
                json!(count(
                    &app,
                    "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'mail.send' AND payload <> '{}'"
                ))
            },
            |n| n == &json!(0),
        )
        .await;

        // The mailed link sets the password, once.
        let accept =
            json!({"partner_key": key, "token": token, "password": "a long portal password"});
        let answer = app
            .request(Method::POST, "/api/v1/portal/auth/invitation", None)
            .json(&accept)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        expect_status(answer, StatusCode::OK).await;

        // Again, without a body (or with null): a token, and nothing mailed.
        let user = text(&invited["id"]);
        let path = format!("/api/v1/portal-users/{user}/invitation");
        let again = app
            .request(Method::POST, &path, Some(&admin))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let again = expect_status(again, StatusCode::OK).await;
        assert_eq!(again["invitation_emailed"], false);
        assert_ne!(text(&again["invitation_token"]), token);
        let again =
            expect_status(app.post(&path, &admin, &Value::Null).await, StatusCode::OK).await;
        assert_eq!(again["invitation_emailed"], false);
        // With the partner: mailed again.
        let again = app
            .post(&path, &admin, &json!({"partner_id": partner_id}))
            .await;
        assert_eq!(
            expect_status(again, StatusCode::OK).await["invitation_emailed"],
            true
        );
        eventually(
            "the second invitation mail",
            async || mail_to(&api, &address).await,
            |m| m.as_array().is_some_and(|l| l.len() == 2),
        )
        .await;
    }
);

on_both!(
    an_invitation_names_a_live_partner_of_the_organization,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let other_admin = app.token(&app.b, Role::Admin);
        let (theirs, _) = partner(&app, &other_admin).await;
        let contact = app
            .contact(
                &admin,
                json!({"first_name": "Ida", "last_name": "Roth", "email": "ida@roth.example"}),
            )
            .await;
        // Another organization's partner, a malformed id: refused, and no access is given.
        for partner_id in [json!(theirs), json!("ptn_nope")] {
            let body = json!({"contact_id": contact["id"], "partner_id": partner_id});
            let refused = app.post("/api/v1/portal-users", &admin, &body).await;
            assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let fields: Vec<String> = errors(refused).await.into_iter().map(|e| e.0).collect();
            assert_eq!(fields, ["/partner_id"]);
        }
        let listed = expect_status(
            app.get(
                &format!("/api/v1/portal-users?contact_id={}", text(&contact["id"])),
                &admin,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(listed["items"], json!([]));
        // An organization that sends no mail invites without a mail.
        let (ours, _) = partner(&app, &admin).await;
        let body = json!({"contact_id": contact["id"], "partner_id": ours});
        let invited = expect_status(
            app.post("/api/v1/portal-users", &admin, &body).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(invited["invitation_emailed"], false);
        let path = format!("/api/v1/portal-users/{}/invitation", text(&invited["id"]));
        let refused = app
            .post(&path, &admin, &json!({"partner_id": "nope", "other": 1}))
            .await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
        let refused = app
            .post(&path, &admin, &json!({"partner_id": "nope"}))
            .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused = app
            .post(&path, &admin, &json!({"partner_id": theirs}))
            .await;
        assert_eq!(
            errors(refused).await,
            [("/partner_id".to_owned(), "unknown_reference".to_owned())]
        );
        // A body left empty is a body left out, whatever the headers say; text is not JSON.
        for (content_type, body, status) in [
            ("application/json", "", StatusCode::OK),
            ("text/plain", " ", StatusCode::OK),
            ("text/plain", "{}", StatusCode::UNSUPPORTED_MEDIA_TYPE),
            ("application/json", "[]", StatusCode::BAD_REQUEST),
        ] {
            let answer = app
                .request(Method::POST, &path, Some(&admin))
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(answer.status(), status, "{content_type} {body:?}");
        }
    }
);

on_both!(
    a_forgotten_password_is_replaced_through_a_mailed_link,
    |app| {
        let Some((host, port, api)) = maildev() else {
            return;
        };
        let admin = app.token(&app.a, Role::Admin);
        settings(&app, &admin, &host, port, None).await;
        let (_, key) = partner(&app, &admin).await;
        let address = format!("rob-{}@keller.example", uuid::Uuid::now_v7().simple());
        let contact = app
            .contact(
                &admin,
                json!({"first_name": "Rob", "last_name": "Keller", "email": address}),
            )
            .await;
        let invited = expect_status(
            app.post(
                "/api/v1/portal-users",
                &admin,
                &json!({"contact_id": contact["id"]}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let public =
            |path: &str, body: Value| app.request(Method::POST, path, None).json(&body).send();
        let accept = |token: &str, password: &str| json!({"partner_key": key, "token": token, "password": password});
        let old = "the first long password";
        let answer = public(
            "/api/v1/portal/auth/invitation",
            accept(&text(&invited["invitation_token"]), old),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        expect_status(answer, StatusCode::OK).await;

        // Locked out by wrong guesses; the reset below ends the lock.
        for attempt in 0..4 {
            let login = public(
                "/api/v1/portal/auth/login",
                json!({"partner_key": key, "email": address, "password": "a wrong guess"}),
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
            let expected = if attempt < 3 {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            assert_eq!(login.status(), expected, "attempt {attempt}");
        }
        // Unknown and known addresses get the same answer; only the known one gets mail.
        for email in [format!("nobody-{address}"), address.clone()] {
            let asked = public(
                "/api/v1/portal/auth/password-reset",
                json!({"partner_key": key, "email": email}),
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(asked.status(), StatusCode::ACCEPTED);
        }
        let mail = eventually(
            "the reset mail",
            async || mail_to(&api, &address).await,
            |m| m.as_array().is_some_and(|l| l.len() == 1),
        )
        .await;
        assert!(text(&mail[0]["subject"]).starts_with("Choose a new password"));
        let body = text(&mail[0]["text"]);
        let token = body
            .split("token=")
            .nth(1)
            .and_then(|rest| rest.split('&').next())
            .unwrap_or_default()
            .to_owned();
        assert!(body.contains(&format!("/portal/{key}/invitation?token={token}&reset=1")));

        // The link sets a new password once; the old one no longer signs in.
        let new = "the second long password";
        let answer = public("/api/v1/portal/auth/invitation", accept(&token, new))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        expect_status(answer, StatusCode::OK).await;
        let again = public("/api/v1/portal/auth/invitation", accept(&token, new))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
        for (password, status) in [(old, StatusCode::UNAUTHORIZED), (new, StatusCode::OK)] {
            let login = public(
                "/api/v1/portal/auth/login",
                json!({"partner_key": key, "email": address, "password": password}),
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(login.status(), status, "{password}");
        }

        // A switched-off user gets no mail; an unknown partner key is refused.
        let user = text(&invited["id"]);
        let off = app
            .patch(
                &format!("/api/v1/portal-users/{user}"),
                &admin,
                None,
                &json!({"active": false}),
            )
            .await;
        expect_status(off, StatusCode::OK).await;
        let asked = public(
            "/api/v1/portal/auth/password-reset",
            json!({"partner_key": key, "email": address}),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(asked.status(), StatusCode::ACCEPTED);
        let unknown = public(
            "/api/v1/portal/auth/password-reset",
            json!({"partner_key": "pk_nope", "email": address}),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
        // Mail is queued with the request, so none queued now means none sent.
        let queued =
            "SELECT COUNT(*) AS n FROM outbound_emails WHERE kind = 'portal_password_reset'";
        assert_eq!(count(&app, queued), 1);
    }
);
