//! Ticket search reaches the conversation: whole words of replies and notes, beside the
//! number and subject; redaction and merge keep what it finds true.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{expect_status, TestApp};
use domain::Role;

async fn ticket(app: &TestApp, token: &str, subject: &str) -> String {
    let body = json!({"subject": subject, "description": "-", "requester_email": "s@x.example"});
    let made = expect_status(
        app.post("/api/v1/tickets", token, &body).await,
        StatusCode::CREATED,
    )
    .await;
    made["id"].as_str().unwrap_or_default().to_owned()
}

async fn say(app: &TestApp, token: &str, ticket: &str, body: &str, public: bool) -> String {
    let said = app
        .post(
            &format!("/api/v1/tickets/{ticket}/messages"),
            token,
            &json!({"body": body, "public": public}),
        )
        .await;
    let said = expect_status(said, StatusCode::CREATED).await;
    said["id"].as_str().unwrap_or_default().to_owned()
}

/// The subjects of the tickets `q` finds, in both the walked (creation) order and another.
async fn found(app: &TestApp, token: &str, q: &str) -> Vec<String> {
    let mut subjects = Vec::new();
    for sort in ["created_at", "updated_at"] {
        let page: Value = expect_status(
            app.get(&format!("/api/v1/tickets?q={q}&sort={sort}"), token)
                .await,
            StatusCode::OK,
        )
        .await;
        let mut these: Vec<String> = page["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| t["subject"].as_str().unwrap_or_default().to_owned())
            .collect();
        these.sort();
        if sort == "created_at" {
            subjects = these;
        } else {
            assert_eq!(these, subjects, "{q}: both orders find the same tickets");
        }
    }
    subjects
}

on_both!(
    search_finds_tickets_by_their_conversation_and_forgets_what_is_redacted_or_moved,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let admin = app.token(&app.a, Role::Admin);
        let printer = ticket(&app, &agent, "Printer jam").await;
        let login = ticket(&app, &agent, "Login issue").await;
        let charge = say(
            &app,
            &agent,
            &login,
            "The invoice for March was charged twice.",
            true,
        )
        .await;
        say(&app, &agent, &printer, "Refund approved by @nobody", false).await;

        assert_eq!(found(&app, &agent, "invoice").await, ["Login issue"]);
        assert_eq!(
            found(&app, &agent, "CHARGED%20twice").await,
            ["Login issue"]
        );
        assert_eq!(
            found(&app, &agent, "printer%20refund").await,
            ["Printer jam"],
            "a subject word and a note's"
        );
        assert_eq!(
            found(&app, &agent, "print").await,
            ["Printer jam"],
            "subject words by their start"
        );
        assert!(
            found(&app, &agent, "invo").await.is_empty(),
            "conversation words whole"
        );
        assert!(
            found(&app, &agent, "invoice%20refund").await.is_empty(),
            "every word, one ticket"
        );
        let elsewhere = app.token(&app.b, Role::Admin);
        assert!(
            found(&app, &elsewhere, "invoice").await.is_empty(),
            "another organization's"
        );

        let redact = format!("/api/v1/tickets/{login}/messages/{charge}/redact");
        expect_status(app.post(&redact, &admin, &json!({})).await, StatusCode::OK).await;
        assert!(
            found(&app, &agent, "invoice").await.is_empty(),
            "redacted words are gone"
        );

        let warranty = ticket(&app, &agent, "Warranty claim").await;
        say(
            &app,
            &agent,
            &warranty,
            "Serial 77-A, warranty expired",
            true,
        )
        .await;
        let merged = app
            .post(
                &format!("/api/v1/tickets/{warranty}/merge"),
                &agent,
                &json!({"into_id": printer}),
            )
            .await;
        expect_status(merged, StatusCode::OK).await;
        assert_eq!(
            found(&app, &agent, "expired").await,
            ["Printer jam"],
            "a merge moves the words with the messages; the duplicate keeps its subject only"
        );
        assert_eq!(
            found(&app, &agent, "warranty").await,
            ["Printer jam", "Warranty claim"]
        );

        // A database whose messages are older than the words' table gets them when it starts.
        let mut conn = app.state.pool.get().unwrap_or_else(|e| panic!("{e}"));
        db::sql::Sql::new("DELETE FROM ticket_conversation_terms")
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(found(&app, &agent, "expired").await.is_empty());
        let indexed = db::tickets::messages::index_if_unindexed(&mut conn);
        assert!(
            indexed.is_ok_and(|tickets| tickets >= 3),
            "every ticket with messages"
        );
        assert_eq!(
            db::tickets::messages::index_if_unindexed(&mut conn).ok(),
            Some(0),
            "once"
        );
        drop(conn);
        assert_eq!(found(&app, &agent, "expired").await, ["Printer jam"]);
    }
);
