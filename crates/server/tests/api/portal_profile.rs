//! A customer's profile: their name and title are their contact's, and the mail they chose
//! not to get is recorded as skipped instead of sent (through a real SMTP server, MailDev).

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::outbound::{maildev, settings};
use crate::portal::{customer, partner};
use crate::support::{count, errors, eventually, expect_status, TestApp};
use domain::Role;

/// How many mails of `kind` ended `status`.
fn mails(app: &TestApp, kind: &str, status: &str) -> i64 {
    count(
        app,
        &format!(
            "SELECT COUNT(*) AS n FROM outbound_emails WHERE kind = '{kind}' AND status = '{status}'"
        ),
    )
}

async fn wait_for(app: &TestApp, (kind, status): (&str, &str), n: i64) {
    eventually(
        &format!("{n} {kind} mail {status}"),
        async || json!(mails(app, kind, status)),
        |found| found == &json!(n),
    )
    .await;
}

async fn change(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.request(Method::PATCH, "/api/v1/portal/me", Some(token))
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

on_both!(
    a_customer_changes_their_profile_and_the_mail_they_get,
    |app| {
        let Some((host, port, _)) = maildev() else {
            return;
        };
        let admin = app.token(&app.a, Role::Admin);
        settings(&app, &admin, &host, port, None).await;
        let key = partner(&app, &admin, json!({"name": "Shop", "allowed_origins": []})).await;
        let account = app.account(&admin, json!({"name": "Meier Druck"})).await;
        let account = account["id"].as_str().unwrap_or_default().to_owned();
        let (contact, tokens) = customer(
            &app,
            &admin,
            (&key, &account, "grace@meier.example", "user"),
        )
        .await;
        let token = tokens["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();

        // The name and title are the contact's; no mail wanted.
        let body = json!({"name": " Grace  Meier ", "title": "Head of IT",
                      "mail": {"replies": false, "updates": false}});
        let me = expect_status(change(&app, &token, body).await, StatusCode::OK).await;
        assert_eq!(me["name"], "Grace Meier");
        assert_eq!(me["title"], "Head of IT");
        assert_eq!(me["mail"], json!({"replies": false, "updates": false}));
        let seen = app
            .get(&format!("/api/v1/contacts/{contact}"), &admin)
            .await;
        let seen = expect_status(seen, StatusCode::OK).await;
        assert_eq!(
            (&seen["first_name"], &seen["last_name"], &seen["title"]),
            (&json!("Grace"), &json!("Meier"), &json!("Head of IT"))
        );
        // A name sent as it already reads keeps how staff split it, and writes nothing.
        let staff_split = json!({"first_name": "Ludwig", "last_name": "van Beethoven"});
        let path = format!("/api/v1/contacts/{contact}");
        let edited = app.patch(&path, &admin, None, &staff_split).await;
        let version = expect_status(edited, StatusCode::OK).await["version"].clone();
        let same = json!({"name": "Ludwig van Beethoven", "title": "Head of IT"});
        expect_status(change(&app, &token, same).await, StatusCode::OK).await;
        let seen = expect_status(app.get(&path, &admin).await, StatusCode::OK).await;
        assert_eq!(
            (&seen["last_name"], &seen["version"]),
            (&json!("van Beethoven"), &version)
        );

        // Bad input changes nothing.
        let bad = change(&app, &token, json!({"name": " ", "title": "Boss"})).await;
        assert_eq!(errors(bad).await[0].0, "/name");
        let again = app.get("/api/v1/portal/me", &token).await;
        assert_eq!(
            expect_status(again, StatusCode::OK).await["title"],
            "Head of IT"
        );

        // The ticket's receipt and the agent's reply are skipped, not sent.
        let opened = app
            .post(
                "/api/v1/portal/tickets",
                &token,
                &json!({"subject": "The press stops", "description": "Since Monday."}),
            )
            .await;
        let ticket = expect_status(opened, StatusCode::CREATED).await;
        let ticket = ticket["id"].as_str().unwrap_or_default().to_owned();
        wait_for(&app, ("ticket_received", "skipped"), 1).await;
        let messages = format!("/api/v1/tickets/{ticket}/messages");
        let reply = json!({"body": "We are sending a technician.", "public": true});
        expect_status(
            app.post(&messages, &admin, &reply).await,
            StatusCode::CREATED,
        )
        .await;
        wait_for(&app, ("agent_reply", "skipped"), 1).await;
        // Replies wanted again: the next one is sent.
        let body = json!({"mail": {"replies": true, "updates": false}});
        let me = expect_status(change(&app, &token, body).await, StatusCode::OK).await;
        assert_eq!(me["name"], "Ludwig van Beethoven");
        expect_status(
            app.post(&messages, &admin, &reply).await,
            StatusCode::CREATED,
        )
        .await;
        wait_for(&app, ("agent_reply", "sent"), 1).await;
        assert_eq!(mails(&app, "agent_reply", "skipped"), 1);
        // Switched off, they cannot read the portal: the mail they turned off is sent again.
        let body = json!({"mail": {"replies": false, "updates": false}});
        let me = expect_status(change(&app, &token, body).await, StatusCode::OK).await;
        let user = me["id"].as_str().unwrap_or_default();
        let off = json!({"active": false});
        let switched = app
            .patch(&format!("/api/v1/portal-users/{user}"), &admin, None, &off)
            .await;
        expect_status(switched, StatusCode::OK).await;
        expect_status(
            app.post(&messages, &admin, &reply).await,
            StatusCode::CREATED,
        )
        .await;
        wait_for(&app, ("agent_reply", "sent"), 2).await;
    }
);
