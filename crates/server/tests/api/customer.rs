//! The customer's own replies (a waiting ticket comes back, a closed one gets a follow-up) and
//! the tickets linked to a ticket.

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{expect_status, problem_code, TestApp};
use domain::Role;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn path(ticket: &Value, rest: &str) -> String {
    format!(
        "/api/v1/tickets/{}{rest}",
        ticket["id"].as_str().unwrap_or_default()
    )
}

async fn ticket(app: &TestApp, token: &str, subject: &str) -> Value {
    let body = json!({"subject": subject, "description": "It broke.",
                      "requester_email": "ada@customer.example", "channel": "email",
                      "category": "Billing", "priority": "high"});
    expect_status(
        app.post("/api/v1/tickets", token, &body).await,
        StatusCode::CREATED,
    )
    .await
}

async fn say(app: &TestApp, token: &str, ticket: &Value, body: Value) -> Value {
    expect_status(
        app.post(&path(ticket, "/messages"), token, &body).await,
        StatusCode::CREATED,
    )
    .await
}

async fn read(app: &TestApp, token: &str, ticket: &Value) -> Value {
    expect_status(app.get(&path(ticket, ""), token).await, StatusCode::OK).await
}

async fn set_status(app: &TestApp, token: &str, ticket: &Value, status: &str) {
    let changed = app
        .patch(&path(ticket, ""), token, None, &json!({"status": status}))
        .await;
    expect_status(changed, StatusCode::OK).await;
}

/// The linked tickets as (kind, number) pairs.
async fn links(app: &TestApp, token: &str, ticket: &Value) -> Vec<(String, i64)> {
    let found = expect_status(
        app.get(&path(ticket, "/links"), token).await,
        StatusCode::OK,
    )
    .await;
    found["links"]
        .as_array()
        .map(|links| {
            links
                .iter()
                .map(|l| {
                    (
                        l["kind"].as_str().unwrap_or_default().to_owned(),
                        l["number"].as_i64().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Records the requester's `reply` on the ticket; answers the message.
async fn customer_says(app: &TestApp, token: &str, ticket: &Value, reply: &str) -> Value {
    let body = json!({ "body": reply });
    expect_status(
        app.post(&path(ticket, "/customer-replies"), token, &body)
            .await,
        StatusCode::CREATED,
    )
    .await
}

on_both!(
    a_customer_reply_brings_a_waiting_ticket_back_and_starts_the_next_response_clock,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let calendar = json!({"name": "Always", "time_zone": "UTC", "always_open": true});
        let calendar = app.post("/api/v1/sla/calendars", &admin, &calendar).await;
        let calendar = expect_status(calendar, StatusCode::CREATED).await;
        let targets = json!([{"priority": "high", "first_response_minutes": 60,
                              "next_response_minutes": 120, "resolution_minutes": 480}]);
        let policy = json!({"name": "Standard", "calendar_id": calendar["id"], "targets": targets});
        let policy = app.post("/api/v1/sla/policies", &admin, &policy).await;
        expect_status(policy, StatusCode::CREATED).await;

        app.clock.pin(at("2026-12-07T09:00:00Z"));
        let agent = || app.token(&app.a, Role::Agent);
        let created = ticket(&app, &agent(), "Invoice charged twice").await;
        let manager = app.a.user(Role::Manager).to_string();
        let assign = json!({"assignee_id": manager});
        let assigned = app
            .patch(&path(&created, ""), &agent(), None, &assign)
            .await;
        expect_status(assigned, StatusCode::OK).await;
        let asked = json!({"body": "Which invoice?", "status": "pending"});
        say(&app, &agent(), &created, asked).await;

        app.clock.advance(Duration::hours(1));
        let reply = customer_says(&app, &agent(), &created, "Invoice 1042.").await;
        assert_eq!(reply["ticket_id"], created["id"]);
        assert_eq!(reply["author_contact_id"], created["requester_id"]);
        assert_eq!(reply["author_user_id"], Value::Null);
        assert_eq!(reply["public"], true);
        let back = read(&app, &agent(), &created).await;
        assert_eq!(back["status"], "open", "a pending ticket comes back");
        let next = back["clocks"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["kind"] == "next_response"))
            .cloned()
            .unwrap_or_else(|| panic!("no next-response clock: {back}"));
        assert_eq!(
            (next["status"].clone(), next["deadline"].clone()),
            (json!("running"), json!("2026-12-07T12:00:00Z"))
        );
        // The assignee hears of it; the agent who recorded it is not the one told.
        let told = app
            .get(
                "/api/v1/notifications?unread=true",
                &app.token(&app.a, Role::Manager),
            )
            .await;
        let told = expect_status(told, StatusCode::OK).await;
        assert!(
            told["items"]
                .as_array()
                .is_some_and(|n| n.iter().any(|n| n["kind"] == "customer_replied")),
            "{told}"
        );
        // The agent's answer meets it.
        app.clock.advance(Duration::minutes(30));
        say(&app, &agent(), &created, json!({"body": "Refunded."})).await;
        let met = read(&app, &agent(), &created).await;
        let next = met["clocks"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["kind"] == "next_response"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(next["status"], "met", "{met}");
    }
);

on_both!(
    a_customer_reply_to_a_closed_ticket_opens_a_linked_follow_up,
    |app| {
        // Time moves in days here: each request takes a token made at the clock's time.
        let agent = || app.token(&app.a, Role::Agent);
        app.clock.pin(at("2026-12-07T09:00:00Z"));
        let first = ticket(&app, &agent(), "Invoice charged twice").await;
        say(
            &app,
            &agent(),
            &first,
            json!({"body": "Refunded.", "status": "solved"}),
        )
        .await;
        // Within the reopen window, the customer's reply reopens it.
        app.clock.advance(Duration::days(2));
        customer_says(&app, &agent(), &first, "Not yet there.").await;
        assert_eq!(read(&app, &agent(), &first).await["status"], "open");
        set_status(&app, &agent(), &first, "solved").await;
        set_status(&app, &agent(), &first, "closed").await;

        app.clock.advance(Duration::days(1));
        let reply = customer_says(&app, &agent(), &first, "Charged a third time!").await;
        assert_ne!(
            reply["ticket_id"], first["id"],
            "a closed ticket takes nothing"
        );
        let follow = json!({"id": reply["ticket_id"]});
        let opened = read(&app, &agent(), &follow).await;
        assert_eq!(opened["follow_up_of_id"], first["id"]);
        for field in ["subject", "requester_id", "channel", "priority", "category"] {
            assert_eq!(opened[field], first[field], "{field}");
        }
        assert_eq!(opened["status"], "new");
        assert!(
            opened["description"]
                .as_str()
                .is_some_and(|d| d.contains("#1")),
            "{opened}"
        );
        let said = expect_status(
            app.get(&path(&follow, "/messages"), &agent()).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(said["items"][0]["body"], "Charged a third time!");
        assert_eq!(said["items"][0]["author_contact_id"], first["requester_id"]);
        assert_eq!(read(&app, &agent(), &first).await["status"], "closed");
        let number = opened["number"].as_i64().unwrap_or_default();
        assert_eq!(
            links(&app, &agent(), &first).await,
            [("followed_up_by".to_owned(), number)]
        );
        assert_eq!(
            links(&app, &agent(), &follow).await,
            [("follow_up_of".to_owned(), 1)]
        );
        // A second reply to the closed ticket joins the follow-up still being worked on.
        let again = customer_says(&app, &agent(), &first, "And again.").await;
        assert_eq!(again["ticket_id"], follow["id"]);

        // Solved longer ago than the reopen window (7 days) is past reopening too.
        say(
            &app,
            &agent(),
            &follow,
            json!({"body": "Stopped.", "status": "solved"}),
        )
        .await;
        app.clock.advance(Duration::days(8));
        let later = customer_says(&app, &agent(), &follow, "Again.").await;
        assert_ne!(later["ticket_id"], follow["id"]);
        assert_eq!(read(&app, &agent(), &follow).await["status"], "solved");
    }
);

on_both!(a_customer_reply_needs_its_text_and_a_writer, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let t = ticket(&app, &agent, "Printer on fire").await;
    let replies = path(&t, "/customer-replies");
    let blank = app.post(&replies, &agent, &json!({"body": "  "})).await;
    let blank = expect_status(blank, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(blank["errors"][0]["pointer"], "/body", "{blank}");
    // The customer's words are public and move the ticket by themselves.
    let moved = json!({"body": "x", "status": "solved"});
    let moved = app.post(&replies, &agent, &moved).await;
    assert!(moved.status().is_client_error(), "{}", moved.status());
    let reader = app.token(&app.a, Role::ReadOnly);
    let refused = app.post(&replies, &reader, &json!({"body": "x"})).await;
    assert_eq!(
        problem_code(refused, StatusCode::FORBIDDEN).await,
        "forbidden"
    );
    let page = expect_status(
        app.get(&path(&t, "/messages"), &agent).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["items"], json!([]), "nothing was written");
    assert_eq!(read(&app, &agent, &t).await["version"], 1);
});

on_both!(related_tickets_are_linked_from_both_ends, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let one = ticket(&app, &agent, "Printer on fire").await;
    let two = ticket(&app, &agent, "Printer smoking").await;
    let three = ticket(&app, &agent, "Printer gone").await;
    let link = |a: &Value, b: &Value| {
        path(
            a,
            &format!("/links/{}", b["id"].as_str().unwrap_or_default()),
        )
    };
    let put = |p: String| {
        let token = agent.clone();
        let app = &app;
        async move {
            app.request(reqwest::Method::PUT, &p, Some(&token))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"))
        }
    };
    assert_eq!(put(link(&one, &two)).await.status(), StatusCode::CREATED);
    assert_eq!(
        put(link(&two, &one)).await.status(),
        StatusCode::NO_CONTENT,
        "already linked, from either end"
    );
    assert_eq!(links(&app, &agent, &one).await, [("related".to_owned(), 2)]);
    assert_eq!(links(&app, &agent, &two).await, [("related".to_owned(), 1)]);
    let refused = put(link(&one, &one)).await;
    let refused = expect_status(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(refused["errors"][0]["code"], "same_ticket");
    let nowhere = json!({"id": domain::TicketId::from_bytes(&[7; 16]).map(|t| t.to_string())});
    let refused = put(link(&one, &nowhere)).await;
    assert_eq!(
        problem_code(refused, StatusCode::NOT_FOUND).await,
        "not_found"
    );

    // A merge links the two ends; it is history, not something to unlink.
    let merged = app
        .post(
            &path(&three, "/merge"),
            &agent,
            &json!({"into_id": one["id"]}),
        )
        .await;
    expect_status(merged, StatusCode::OK).await;
    assert_eq!(
        links(&app, &agent, &one).await,
        [("related".to_owned(), 2), ("merged_from".to_owned(), 3)]
    );
    assert_eq!(
        links(&app, &agent, &three).await,
        [("merged_into".to_owned(), 1)]
    );
    // The customer writing to the duplicate reaches the ticket it was merged into.
    let reply = customer_says(&app, &agent, &three, "Any news?").await;
    assert_eq!(reply["ticket_id"], one["id"]);
    let kept = app.delete(&link(&one, &three), &agent, None).await;
    assert_eq!(problem_code(kept, StatusCode::NOT_FOUND).await, "not_found");

    let unlinked = app.delete(&link(&two, &one), &agent, None).await;
    assert_eq!(unlinked.status(), StatusCode::NO_CONTENT);
    assert_eq!(links(&app, &agent, &two).await, []);
    let again = app.delete(&link(&two, &one), &agent, None).await;
    assert_eq!(
        problem_code(again, StatusCode::NOT_FOUND).await,
        "not_found"
    );

    // Another organization's ticket is not there to link.
    let theirs = ticket(&app, &app.token(&app.b, Role::Agent), "Theirs").await;
    let refused = put(link(&one, &theirs)).await;
    assert_eq!(
        problem_code(refused, StatusCode::NOT_FOUND).await,
        "not_found"
    );
});
