//! Working tickets together: merging a duplicate (its conversation moves, it closes linked to
//! the other, its requester is told) and mentioning colleagues in internal notes.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{expect_status, problem_code, TestApp};
use domain::Role;

async fn ticket(app: &TestApp, token: &str, subject: &str) -> Value {
    let body =
        json!({"subject": subject, "description": "D", "requester_email": "r@customer.example"});
    expect_status(
        app.post("/api/v1/tickets", token, &body).await,
        StatusCode::CREATED,
    )
    .await
}

fn path(ticket: &Value, rest: &str) -> String {
    format!(
        "/api/v1/tickets/{}{rest}",
        ticket["id"].as_str().unwrap_or_default()
    )
}

async fn bodies(app: &TestApp, token: &str, ticket: &Value) -> Vec<(String, bool)> {
    let page = expect_status(
        app.get(&path(ticket, "/messages"), token).await,
        StatusCode::OK,
    )
    .await;
    page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|m| {
                    (
                        m["body"].as_str().unwrap_or_default().to_owned(),
                        m["public"] == true,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

on_both!(
    a_merged_ticket_moves_its_conversation_and_closes_linked,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let target = ticket(&app, &agent, "Printer on fire").await;
        let duplicate = ticket(&app, &agent, "Printer smoking").await;
        for (t, body) in [(&target, "First answer"), (&duplicate, "Second answer")] {
            let reply = json!({"body": body, "public": true});
            expect_status(
                app.post(&path(t, "/messages"), &agent, &reply).await,
                StatusCode::CREATED,
            )
            .await;
        }
        let merged = app
            .post(
                &path(&duplicate, "/merge"),
                &agent,
                &json!({"into_id": target["id"]}),
            )
            .await;
        let merged = expect_status(merged, StatusCode::OK).await;
        assert_eq!(merged["id"], target["id"]);
        let on_target = bodies(&app, &agent, &target).await;
        assert_eq!(on_target[0], ("First answer".to_owned(), true));
        assert_eq!(
            on_target[1],
            ("Second answer".to_owned(), true),
            "in time order"
        );
        assert!(
            on_target[2].0.contains("was merged into this ticket") && !on_target[2].1,
            "{on_target:?}"
        );
        let closed =
            expect_status(app.get(&path(&duplicate, ""), &agent).await, StatusCode::OK).await;
        assert_eq!(closed["status"], "closed");
        assert_eq!(closed["merged_into_id"], target["id"]);
        let told = bodies(&app, &agent, &duplicate).await;
        assert_eq!(told.len(), 1);
        assert!(
            told[0].1 && told[0].0.contains(&format!("#{}", target["number"])),
            "{told:?}"
        );
        // Done once: merging it again, or anything into it, is refused.
        let again = app
            .post(
                &path(&duplicate, "/merge"),
                &agent,
                &json!({"into_id": target["id"]}),
            )
            .await;
        assert_eq!(
            problem_code(again, StatusCode::CONFLICT).await,
            "ticket_closed"
        );
        let other = ticket(&app, &agent, "Toner").await;
        let into_closed = app
            .post(
                &path(&other, "/merge"),
                &agent,
                &json!({"into_id": duplicate["id"]}),
            )
            .await;
        let into_closed = expect_status(into_closed, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(into_closed["errors"][0]["code"], "ticket_closed");
        let itself = app
            .post(
                &path(&other, "/merge"),
                &agent,
                &json!({"into_id": other["id"]}),
            )
            .await;
        let itself = expect_status(itself, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(itself["errors"][0]["code"], "same_ticket");
        // Another customer's words arrive as internal notes: this requester must not read them.
        let body = json!({"subject": "Printer", "description": "D", "requester_email": "someone@else.example"});
        let stranger = expect_status(
            app.post("/api/v1/tickets", &agent, &body).await,
            StatusCode::CREATED,
        )
        .await;
        let reply = json!({"body": "Private to someone else", "public": true});
        expect_status(
            app.post(&path(&stranger, "/messages"), &agent, &reply)
                .await,
            StatusCode::CREATED,
        )
        .await;
        let merged = app
            .post(
                &path(&stranger, "/merge"),
                &agent,
                &json!({"into_id": target["id"]}),
            )
            .await;
        expect_status(merged, StatusCode::OK).await;
        let on_target = bodies(&app, &agent, &target).await;
        assert!(
            on_target.contains(&("Private to someone else".to_owned(), false)),
            "{on_target:?}"
        );
        // Another organization's ticket is not there to merge into.
        let theirs = ticket(&app, &app.token(&app.b, Role::Agent), "Theirs").await;
        let across = app
            .post(
                &path(&other, "/merge"),
                &agent,
                &json!({"into_id": theirs["id"]}),
            )
            .await;
        let across = expect_status(across, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(across["errors"][0]["code"], "unknown_reference");
        assert_eq!(
            expect_status(app.get(&path(&other, ""), &agent).await, StatusCode::OK).await["status"],
            "new"
        );
    }
);

on_both!(a_note_mentioning_colleagues_tells_them_once, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let t = ticket(&app, &agent, "Printer on fire").await;
    // The manager by their email's local part, twice; the author and unknown handles not.
    let body = json!({"body": "@manager please look, and @Manager again. @agent @nobody", "public": false});
    expect_status(
        app.post(&path(&t, "/messages"), &agent, &body).await,
        StatusCode::CREATED,
    )
    .await;
    let public = json!({"body": "Hello @sales", "public": true});
    expect_status(
        app.post(&path(&t, "/messages"), &agent, &public).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(mentions(&app, app.token(&app.a, Role::Manager)).await, 1);
    assert_eq!(
        mentions(&app, app.token(&app.a, Role::Agent)).await,
        0,
        "not the author"
    );
    assert_eq!(
        mentions(&app, app.token(&app.a, Role::Sales)).await,
        0,
        "a public reply mentions nobody"
    );
    assert_eq!(
        mentions(&app, app.token(&app.b, Role::Manager)).await,
        0,
        "nobody of another organization"
    );
});

/// How many unread "mentioned" notifications the token's user has.
async fn mentions(app: &TestApp, token: String) -> usize {
    let page = app.get("/api/v1/notifications?unread=true", &token).await;
    let page = expect_status(page, StatusCode::OK).await;
    page["items"]
        .as_array()
        .map(|items| items.iter().filter(|n| n["kind"] == "mentioned").count())
        .unwrap_or_default()
}
