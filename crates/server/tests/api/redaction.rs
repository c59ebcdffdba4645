//! Redaction: an admin blanks a message for good; who and when stay.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both;
use crate::support::{count, expect_status, problem_code};
use domain::Role;

on_both!(
    an_admin_redacts_a_message_for_good_and_the_timeline_says_who,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let admin = app.token(&app.a, Role::Admin);
        let body = json!({"subject": "Card", "description": "D", "requester_email": "a@x.example"});
        let ticket = expect_status(
            app.post("/api/v1/tickets", &agent, &body).await,
            StatusCode::CREATED,
        )
        .await;
        let path = format!(
            "/api/v1/tickets/{}",
            ticket["id"].as_str().unwrap_or_default()
        );
        let said = json!({"body": "My card is 4111 1111 1111 1111"});
        let said = app
            .post(&format!("{path}/customer-replies"), &agent, &said)
            .await;
        let said = expect_status(said, StatusCode::CREATED).await;
        let redact = format!(
            "{path}/messages/{}/redact",
            said["id"].as_str().unwrap_or_default()
        );

        let refused = app.post(&redact, &agent, &json!({})).await;
        assert_eq!(
            problem_code(refused, StatusCode::FORBIDDEN).await,
            "forbidden"
        );
        let redacted =
            expect_status(app.post(&redact, &admin, &json!({})).await, StatusCode::OK).await;
        assert_eq!(redacted["body"], "");
        assert_eq!(redacted["redacted_by"], app.a.user(Role::Admin).to_string());
        assert!(redacted["redacted_at"].is_string());
        let again =
            expect_status(app.post(&redact, &admin, &json!({})).await, StatusCode::OK).await;
        assert_eq!(
            again["redacted_at"], redacted["redacted_at"],
            "the first redaction stands"
        );
        let listed = expect_status(
            app.get(&format!("{path}/messages"), &agent).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(listed["items"][0]["body"], "");
        assert!(
            !listed.to_string().contains("4111"),
            "the text is gone: {listed}"
        );
        let entries = "SELECT count(*) AS n FROM ticket_events WHERE kind = 'redacted'";
        assert_eq!(count(&app, entries), 1, "the timeline records it once");

        // A message of another ticket, or of nowhere, is not there.
        let other = expect_status(
            app.post("/api/v1/tickets", &agent, &body).await,
            StatusCode::CREATED,
        )
        .await;
        let elsewhere = format!(
            "/api/v1/tickets/{}/messages/{}/redact",
            other["id"].as_str().unwrap_or_default(),
            said["id"].as_str().unwrap_or_default()
        );
        let missing = app.post(&elsewhere, &admin, &json!({})).await;
        assert_eq!(
            problem_code(missing, StatusCode::NOT_FOUND).await,
            "not_found"
        );
    }
);
