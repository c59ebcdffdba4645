//! Tickets: numbers, the status machine, the conversation and the SLA clocks on real tickets.

use chrono::{DateTime, Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{expect_status, problem_code, TestApp};
use domain::Role;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A policy around the clock for every ticket: normal tickets get a first response within
/// an hour, a next response within two and a resolution within eight; urgent ones a quarter
/// of that. Pending and on-hold tickets pause.
async fn round_the_clock_policy(app: &TestApp) {
    let admin = app.token(&app.a, Role::Admin);
    let calendar = json!({"name": "Always", "time_zone": "UTC", "always_open": true});
    let calendar = expect_status(
        app.post("/api/v1/sla/calendars", &admin, &calendar).await,
        StatusCode::CREATED,
    )
    .await;
    let targets = json!([
        {"priority": "normal", "first_response_minutes": 60, "next_response_minutes": 120, "resolution_minutes": 480},
        {"priority": "urgent", "first_response_minutes": 15, "next_response_minutes": 30, "resolution_minutes": 120}
    ]);
    let policy = json!({"name": "Standard", "calendar_id": calendar["id"], "targets": targets});
    expect_status(
        app.post("/api/v1/sla/policies", &admin, &policy).await,
        StatusCode::CREATED,
    )
    .await;
}

fn clock<'a>(ticket: &'a Value, kind: &str) -> &'a Value {
    ticket["clocks"]
        .as_array()
        .and_then(|clocks| clocks.iter().find(|c| c["kind"] == kind))
        .unwrap_or_else(|| panic!("no {kind} clock: {ticket}"))
}

fn state(ticket: &Value, kind: &str) -> (String, Value) {
    let c = clock(ticket, kind);
    (
        c["status"].as_str().unwrap_or_default().to_owned(),
        c["deadline"].clone(),
    )
}

async fn set_status(app: &TestApp, token: &str, path: &str, status: &str) -> Value {
    expect_status(
        app.patch(path, token, None, &json!({"status": status}))
            .await,
        StatusCode::OK,
    )
    .await
}

on_both!(
    a_ticket_is_worked_from_new_to_closed_with_its_clocks,
    |app| {
        round_the_clock_policy(&app).await;
        // Time moves in hours here: each request takes a token made at the clock's time.
        let agent = || app.token(&app.a, Role::Agent);
        app.clock.pin(at("2026-12-07T09:00:00Z"));
        let body = json!({"subject": "Invoice charged twice", "description": "We were billed twice.",
                      "requester_email": "Ada@Northwind.example", "channel": "email",
                      "category": "Billing", "tags": ["VIP"]});
        let created = expect_status(
            app.post("/api/v1/tickets", &agent(), &body).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(
            (
                created["number"].clone(),
                created["status"].clone(),
                created["category"].clone(),
                created["tags"].clone()
            ),
            (json!(1), json!("new"), json!("billing"), json!(["vip"]))
        );
        assert!(created["id"]
            .as_str()
            .unwrap_or_default()
            .starts_with("tkt_"));
        assert_eq!(
            state(&created, "first_response"),
            ("running".into(), json!("2026-12-07T10:00:00Z"))
        );
        assert_eq!(
            state(&created, "resolution"),
            ("running".into(), json!("2026-12-07T17:00:00Z"))
        );
        assert_eq!(created["sla_due_at"], "2026-12-07T10:00:00Z");
        // The requester was unknown: a contact now holds the address.
        let contacts = expect_status(
            app.get("/api/v1/contacts?email=ada@northwind.example", &agent())
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(contacts["items"][0]["id"], created["requester_id"]);
        let path = format!(
            "/api/v1/tickets/{}",
            created["id"].as_str().unwrap_or_default()
        );

        // A public reply opens the ticket and meets the first response.
        app.clock.advance(Duration::minutes(30));
        let reply = json!({"body": "We are looking into it."});
        let reply = expect_status(
            app.post(&format!("{path}/messages"), &agent(), &reply)
                .await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(reply["public"], true);
        let ticket = expect_status(app.get(&path, &agent()).await, StatusCode::OK).await;
        assert_eq!(ticket["status"], "open");
        assert_eq!(ticket["first_responded_at"], "2026-12-07T09:30:00Z");
        assert_eq!(state(&ticket, "first_response").0, "met");
        assert_eq!(ticket["sla_due_at"], "2026-12-07T17:00:00Z");

        // Waiting on the customer stops the resolution clock; 2 hours later it runs again with the
        // deadline moved by those 2 hours.
        app.clock.advance(Duration::minutes(30));
        let pending = set_status(&app, &agent(), &path, "pending").await;
        assert_eq!(
            state(&pending, "resolution"),
            ("paused".into(), Value::Null)
        );
        assert_eq!(pending["sla_due_at"], Value::Null);
        app.clock.advance(Duration::hours(2));
        let refused = app
            .patch(&path, &agent(), None, &json!({"status": "closed"}))
            .await;
        let refused = expect_status(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(
            (
                refused["errors"][0]["code"].clone(),
                refused["errors"][0]["detail"].clone()
            ),
            (
                json!("invalid_transition"),
                json!("a pending ticket can move to open, on_hold, solved")
            )
        );
        let open = set_status(&app, &agent(), &path, "open").await;
        assert_eq!(
            state(&open, "resolution"),
            ("running".into(), json!("2026-12-07T19:00:00Z"))
        );

        // Urgent: the resolution target shrinks to 2 hours, of which 1 is spent.
        let urgent = expect_status(
            app.patch(&path, &agent(), None, &json!({"priority": "urgent"}))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            state(&urgent, "resolution"),
            ("running".into(), json!("2026-12-07T13:00:00Z"))
        );

        // Solved meets the resolution with 50 minutes left; a reopen an hour later resumes it.
        app.clock.advance(Duration::minutes(10));
        let solved = set_status(&app, &agent(), &path, "solved").await;
        assert_eq!(state(&solved, "resolution").0, "met");
        assert_eq!(solved["solved_at"], "2026-12-07T12:10:00Z");
        app.clock.advance(Duration::hours(1));
        let reopened = set_status(&app, &agent(), &path, "open").await;
        assert_eq!(
            state(&reopened, "resolution"),
            ("running".into(), json!("2026-12-07T14:00:00Z"))
        );
        assert_eq!(reopened["solved_at"], Value::Null);

        // An internal note stays apart from the replies; the conversation reads in order.
        let note =
            json!({"body": "Refund approved by finance.", "public": false, "status": "solved"});
        expect_status(
            app.post(&format!("{path}/messages"), &agent(), &note).await,
            StatusCode::CREATED,
        )
        .await;
        let messages = expect_status(
            app.get(&format!("{path}/messages"), &agent()).await,
            StatusCode::OK,
        )
        .await;
        let said: Vec<(Value, Value)> = messages["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|m| (m["body"].clone(), m["public"].clone()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            said,
            vec![
                (json!("We are looking into it."), json!(true)),
                (json!("Refund approved by finance."), json!(false))
            ]
        );

        // Closed is final: no more messages, no more moves.
        let closed = set_status(&app, &agent(), &path, "closed").await;
        assert_eq!(closed["closed_at"], "2026-12-07T13:10:00Z");
        assert_eq!(closed["next_statuses"], json!([]));
        assert_eq!(
            problem_code(
                app.post(
                    &format!("{path}/messages"),
                    &agent(),
                    &json!({"body": "Hello?"})
                )
                .await,
                StatusCode::CONFLICT
            )
            .await,
            "ticket_closed"
        );
        let final_ = expect_status(
            app.patch(&path, &agent(), None, &json!({"status": "open"}))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(final_["errors"][0]["detail"], "a closed ticket is final");
        let listed = expect_status(
            app.get("/api/v1/tickets?status=closed,solved&q=%231", &agent())
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(listed["items"][0]["id"], created["id"]);
    }
);

on_both!(
    ticket_numbers_stay_unique_under_concurrent_creation,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let contact = app.contact(&agent, json!({"last_name": "Babbage"})).await;
        let body = json!({"subject": "Engine jammed", "description": "Again.", "requester_id": contact["id"]});
        let creations: Vec<_> = (0..30)
            .map(|_| {
                let request = app
                    .request(Method::POST, "/api/v1/tickets", Some(&agent))
                    .json(&body);
                actix_web::rt::spawn(async move { request.send().await })
            })
            .collect();
        let mut numbers = Vec::new();
        for creation in creations {
            let response = creation
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|e| panic!("{e}"));
            let ticket = expect_status(response, StatusCode::CREATED).await;
            numbers.push(ticket["number"].as_i64().unwrap_or_default());
        }
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=30).collect::<Vec<i64>>());
        // Each organization counts on its own.
        let theirs = app.token(&app.b, Role::Agent);
        let body =
            json!({"subject": "First", "description": "One.", "requester_email": "x@y.example"});
        let first = expect_status(
            app.post("/api/v1/tickets", &theirs, &body).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(first["number"], 1);
    }
);

on_both!(
    bad_ticket_input_is_refused_field_by_field_and_leaves_nothing,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let body = json!({"subject": " ", "description": "", "requester_id": "con_0",
                      "requester_email": "not-an-email", "priority": "asap", "status": "closed",
                      "channel": "fax", "type": "bug"});
        let refused = expect_status(
            app.post("/api/v1/tickets", &agent, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        let pointers: Vec<&str> = refused["errors"]
            .as_array()
            .map(|e| e.iter().filter_map(|e| e["pointer"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(
            pointers,
            vec![
                "/requester_email",
                "/subject",
                "/description",
                "/channel",
                "/priority",
                "/type",
                "/status"
            ]
        );
        // A valid ticket whose team does not exist creates neither the ticket nor its requester.
        let body = json!({"subject": "S", "description": "D", "requester_email": "new@x.example",
                      "team_id": "team_00000000000000000000000000"});
        let refused = expect_status(
            app.post("/api/v1/tickets", &agent, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(refused["errors"][0]["pointer"], "/team_id");
        let contacts = expect_status(
            app.get("/api/v1/contacts?email=new@x.example", &agent)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(contacts["items"], json!([]));
        let tickets = expect_status(app.get("/api/v1/tickets", &agent).await, StatusCode::OK).await;
        assert_eq!(tickets["items"], json!([]));
        // Filters are checked too.
        assert_eq!(
            problem_code(
                app.get("/api/v1/tickets?status=open,shut&sla=late", &agent)
                    .await,
                StatusCode::BAD_REQUEST
            )
            .await,
            "invalid_parameters"
        );
        // Marketing reads tickets but does not write them.
        let marketing = app.token(&app.a, Role::Marketing);
        expect_status(app.get("/api/v1/tickets", &marketing).await, StatusCode::OK).await;
        assert_eq!(
            problem_code(
                app.post("/api/v1/tickets", &marketing, &body).await,
                StatusCode::FORBIDDEN
            )
            .await,
            "forbidden"
        );
    }
);

on_both!(lists_filter_by_sla_state_and_sort_by_deadline, |app| {
    round_the_clock_policy(&app).await;
    // Time moves in hours here: each request takes a token made at the clock's time.
    let agent = || app.token(&app.a, Role::Agent);
    app.clock.pin(at("2026-12-07T09:00:00Z"));
    let mut ids = Vec::new();
    for (subject, priority) in [("Slow", "normal"), ("Fast", "urgent"), ("Later", "normal")] {
        let body = json!({"subject": subject, "description": "D", "priority": priority,
                          "requester_email": "ada@x.example"});
        let ticket = expect_status(
            app.post("/api/v1/tickets", &agent(), &body).await,
            StatusCode::CREATED,
        )
        .await;
        ids.push(ticket["id"].clone());
        app.clock.advance(Duration::minutes(1));
    }
    let subjects = |list: &Value| -> Vec<String> {
        list["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|t| t["subject"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let by_deadline = expect_status(
        app.get("/api/v1/tickets?sort=sla_due_at&limit=2", &agent())
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(subjects(&by_deadline), ["Fast", "Slow"]);
    let cursor = by_deadline["next_cursor"].as_str().unwrap_or_default();
    let rest = expect_status(
        app.get(
            &format!("/api/v1/tickets?sort=sla_due_at&limit=2&cursor={cursor}"),
            &agent(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(subjects(&rest), ["Later"]);
    // At 09:13 the urgent ticket's first response (15 min, warning at 75%) warns; at 09:20 it
    // is breached, the others not yet.
    app.clock.pin(at("2026-12-07T09:13:00Z"));
    let warning = expect_status(
        app.get("/api/v1/tickets?sla=warning", &agent()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(subjects(&warning), ["Fast"]);
    app.clock.pin(at("2026-12-07T09:20:00Z"));
    let breached = expect_status(
        app.get("/api/v1/tickets?sla=breached", &agent()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(subjects(&breached), ["Fast"]);
    let urgent_first = expect_status(
        app.get(
            "/api/v1/tickets?sort=-priority&priority=urgent,normal&assignee_id=none",
            &agent(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(subjects(&urgent_first)[0], "Fast");
});

on_both!(deleting_and_restoring_a_ticket_is_on_its_timeline, |app| {
    round_the_clock_policy(&app).await;
    let agent = app.token(&app.a, Role::Agent);
    let body = json!({"subject": "Wrong queue", "description": "D",
                          "requester_email": "ada@northwind.example"});
    let created = expect_status(
        app.post("/api/v1/tickets", &agent, &body).await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!(
        "/api/v1/tickets/{}",
        created["id"].as_str().unwrap_or_default()
    );
    // A stale If-Match deletes nothing and writes nothing.
    let stale = app.delete(&path, &agent, Some("\"7\"")).await;
    assert_eq!(
        problem_code(stale, StatusCode::PRECONDITION_FAILED).await,
        "version_mismatch"
    );
    expect_status(
        app.delete(&path, &agent, Some("\"1\"")).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    expect_status(app.get(&path, &agent).await, StatusCode::NOT_FOUND).await;
    let restored = expect_status(
        app.post(&format!("{path}/restore"), &agent, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(restored["subject"], "Wrong queue");
    assert_eq!(clock(&restored, "first_response")["status"], "running");
    // The timeline reads created, deleted, restored, the last two by the agent.
    let in_place: i64 = crate::support::count(
        &app,
        "SELECT count(*) AS n FROM ticket_events WHERE actor_id IS NOT NULL AND \
             ((kind = 'created' AND seq = 1) OR (kind = 'deleted' AND seq = 2) \
              OR (kind = 'restored' AND seq = 3))",
    );
    assert_eq!(in_place, 3);
});
