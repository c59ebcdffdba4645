//! Background work: solved tickets close on their own, SLA clocks escalate once, admins see
//! and steer the jobs, and several processes share the jobs without losing or doubling one.

use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{
    count, eventually, expect_status, problem_code, spawn_configured, Backend, TestApp,
};
use domain::Role;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn new_ticket(app: &TestApp, token: &str, body: Value) -> Value {
    expect_status(
        app.post("/api/v1/tickets", token, &body).await,
        StatusCode::CREATED,
    )
    .await
}

on_both!(solved_tickets_close_on_their_own_unless_reopened, |app| {
    app.clock.pin(at("2026-12-07T09:00:00Z"));
    let agent = || app.token(&app.a, Role::Agent);
    let body = json!({"subject": "Close me", "description": "D", "requester_email": "a@x.example", "status": "solved"});
    let solved = new_ticket(&app, &agent(), body).await;
    let body = json!({"subject": "Keep me", "description": "D", "requester_email": "a@x.example", "status": "solved"});
    let reopened = new_ticket(&app, &agent(), body).await;
    let reopened_path = format!(
        "/api/v1/tickets/{}",
        reopened["id"].as_str().unwrap_or_default()
    );
    expect_status(
        app.patch(&reopened_path, &agent(), None, &json!({"status": "open"}))
            .await,
        StatusCode::OK,
    )
    .await;
    let admin = || app.token(&app.a, Role::Admin);
    let queued = expect_status(
        app.get("/api/v1/admin/jobs?status=queued", &admin()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        queued["items"].as_array().map(Vec::len),
        Some(2),
        "{queued}"
    );
    assert_eq!(queued["items"][0]["kind"], "ticket.auto_close");
    assert_eq!(queued["items"][0]["run_at"], "2026-12-11T09:00:00Z");

    // Four days later both jobs run: one closes its ticket, the other finds it reopened.
    app.clock.advance(Duration::days(4) + Duration::seconds(1));
    let path = format!(
        "/api/v1/tickets/{}",
        solved["id"].as_str().unwrap_or_default()
    );
    let closed = eventually(
        "auto-close",
        async || expect_status(app.get(&path, &agent()).await, StatusCode::OK).await,
        |t| t["status"] == "closed",
    )
    .await;
    assert_eq!(closed["closed_at"], "2026-12-11T09:00:01Z");
    eventually(
        "both jobs done",
        async || {
            expect_status(
                app.get("/api/v1/admin/jobs?status=done", &admin()).await,
                StatusCode::OK,
            )
            .await
        },
        |list| list["items"].as_array().map(Vec::len) == Some(2),
    )
    .await;
    let kept = expect_status(app.get(&reopened_path, &agent()).await, StatusCode::OK).await;
    assert_eq!(kept["status"], "open");

    // Admins steer jobs: a done one is neither retried nor cancelled; others may not look.
    let done = expect_status(
        app.get("/api/v1/admin/jobs?status=done&limit=1", &admin())
            .await,
        StatusCode::OK,
    )
    .await;
    let job = format!(
        "/api/v1/admin/jobs/{}",
        done["items"][0]["id"].as_str().unwrap_or_default()
    );
    assert_eq!(
        problem_code(
            app.post(&format!("{job}/retry"), &admin(), &json!({}))
                .await,
            StatusCode::CONFLICT
        )
        .await,
        "job_not_retryable"
    );
    assert_eq!(
        problem_code(
            app.post(&format!("{job}/cancel"), &admin(), &json!({}))
                .await,
            StatusCode::CONFLICT
        )
        .await,
        "job_not_cancellable"
    );
    assert_eq!(
        problem_code(
            app.get("/api/v1/admin/jobs", &agent()).await,
            StatusCode::FORBIDDEN
        )
        .await,
        "forbidden"
    );
    // A job waiting to run is cancelled, then queued again.
    let body = json!({"subject": "Later", "description": "D", "requester_email": "a@x.example", "status": "solved"});
    new_ticket(&app, &agent(), body).await;
    let waiting = expect_status(
        app.get("/api/v1/admin/jobs?status=queued", &admin()).await,
        StatusCode::OK,
    )
    .await;
    let job = format!(
        "/api/v1/admin/jobs/{}",
        waiting["items"][0]["id"].as_str().unwrap_or_default()
    );
    let cancelled = expect_status(
        app.post(&format!("{job}/cancel"), &admin(), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cancelled["status"], "cancelled");
    let again = expect_status(
        app.post(&format!("{job}/retry"), &admin(), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (again["status"].clone(), again["attempts"].clone()),
        (json!("queued"), json!(0))
    );
});

on_both!(
    sla_warnings_and_breaches_fire_once_and_notify_the_assignee,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let calendar = json!({"name": "Always", "time_zone": "UTC", "always_open": true});
        let calendar = expect_status(
            app.post("/api/v1/sla/calendars", &admin, &calendar).await,
            StatusCode::CREATED,
        )
        .await;
        let policy = json!({"name": "Standard", "calendar_id": calendar["id"],
                        "targets": [{"priority": "normal", "first_response_minutes": 60}]});
        expect_status(
            app.post("/api/v1/sla/policies", &admin, &policy).await,
            StatusCode::CREATED,
        )
        .await;
        app.clock.pin(at("2026-12-07T09:00:00Z"));
        let agent_id = app.a.user(Role::Agent).to_string();
        let body = json!({"subject": "Printer on fire", "description": "D", "requester_email": "a@x.example",
                      "assignee_id": agent_id});
        let ticket = new_ticket(&app, &app.token(&app.a, Role::Manager), body).await;
        let agent = || app.token(&app.a, Role::Agent);
        let kinds = async || -> Value {
            let list = expect_status(
                app.get("/api/v1/notifications", &agent()).await,
                StatusCode::OK,
            )
            .await;
            let kinds: Vec<Value> = list["items"]
                .as_array()
                .map(|i| i.iter().map(|n| n["kind"].clone()).collect())
                .unwrap_or_default();
            json!(kinds)
        };
        assert_eq!(kinds().await, json!(["assigned"]));
        // 45 minutes in, the warning (75%); past the hour, the breach. Each fires once.
        app.clock.advance(Duration::minutes(45));
        eventually(
            "the warning",
            async || kinds().await,
            |k| k == &json!(["sla_warning", "assigned"]),
        )
        .await;
        app.clock.advance(Duration::minutes(16));
        eventually(
            "the breach",
            async || kinds().await,
            |k| k == &json!(["sla_breached", "sla_warning", "assigned"]),
        )
        .await;
        actix_web::rt::time::sleep(StdDuration::from_millis(400)).await;
        assert_eq!(
            kinds().await,
            json!(["sla_breached", "sla_warning", "assigned"]),
            "fired once"
        );
        let path = format!(
            "/api/v1/tickets/{}",
            ticket["id"].as_str().unwrap_or_default()
        );
        let read = expect_status(app.get(&path, &agent()).await, StatusCode::OK).await;
        assert_eq!(read["clocks"][0]["status"], "breached");
        // The bell: three unread, then none.
        let unread = expect_status(
            app.get(
                "/api/v1/notifications?unread=true&count=true&limit=1",
                &agent(),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(unread["total"], 3);
        let marked = expect_status(
            app.post(
                "/api/v1/notifications/read",
                &agent(),
                &json!({"all": true}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(marked["marked"], 3);
        let unread = expect_status(
            app.get("/api/v1/notifications?unread=true&count=true", &agent())
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(unread["total"], 0);
        // Nobody else sees them.
        let theirs = expect_status(
            app.get("/api/v1/notifications", &app.token(&app.a, Role::Manager))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(theirs["items"], json!([]));
    }
);

/// A `rapport serve` process working the jobs of `url` (its HTTP side is not used).
fn worker_process(url: &str) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("serve")
        .env("RAPPORT_DATABASE_URL", url)
        .env("RAPPORT_BIND", "127.0.0.1:0")
        .env(
            "RAPPORT_JWT_SECRET",
            "worker-secret-worker-secret-0123456789",
        )
        .env("RAPPORT_JOB_POLL_MILLIS", "20")
        .env("RAPPORT_JOB_LEASE_SECONDS", "2")
        .env("RAPPORT_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting rapport: {e}"))
}

#[actix_web::test]
async fn two_processes_share_a_thousand_jobs_and_one_is_killed_midway() {
    // This process serves the API but runs no background work: the two others do.
    let app = spawn_configured(Backend::Postgres, None, |s| s.job_poll_millis = 0).await;
    let agent = app.token(&app.a, Role::Agent);
    let contact = app.contact(&agent, json!({"last_name": "Babbage"})).await;
    for i in 0..1000 {
        let body = json!({"subject": format!("Job {i}"), "description": "D", "requester_id": contact["id"],
                          "status": "solved"});
        new_ticket(&app, &agent, body).await;
    }
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM jobs WHERE status = 'queued'"
        ),
        1000
    );
    // Due now rather than in four days.
    let mut conn = app.state.pool.get().unwrap_or_else(|e| panic!("{e}"));
    db::sql::Sql::new("UPDATE jobs SET run_at = created_at")
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(conn);
    let url = app.state.settings.database_url.clone();
    let mut first = worker_process(&url);
    let mut second = worker_process(&url);
    let started = Instant::now();
    let done = || count(&app, "SELECT count(*) AS n FROM jobs WHERE status = 'done'");
    while done() < 250 {
        assert!(
            started.elapsed() < StdDuration::from_secs(60),
            "the workers stalled at {}",
            done()
        );
        actix_web::rt::time::sleep(StdDuration::from_millis(20)).await;
    }
    // SIGKILL: whatever it held is left running until its lease ends.
    first.kill().unwrap_or_else(|e| panic!("{e}"));
    first.wait().unwrap_or_else(|e| panic!("{e}"));
    let at_kill = done();
    while done() < 1000 {
        assert!(
            started.elapsed() < StdDuration::from_secs(120),
            "stalled at {} of 1000",
            done()
        );
        actix_web::rt::time::sleep(StdDuration::from_millis(50)).await;
    }
    second.kill().unwrap_or_else(|e| panic!("{e}"));
    second.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(at_kill < 1000, "the kill came after the work was done");
    // Every job's effect happened exactly once: one automatic close per ticket, none lost.
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM tickets WHERE status = 'closed'"
        ),
        1000
    );
    let closes = "SELECT count(*) AS n FROM ticket_events WHERE kind = 'status_changed' AND actor_id IS NULL";
    assert_eq!(count(&app, closes), 1000);
    let tickets_closed = "SELECT count(DISTINCT ticket_id) AS n FROM ticket_events WHERE kind = 'status_changed' AND actor_id IS NULL";
    assert_eq!(count(&app, tickets_closed), 1000);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM jobs WHERE status <> 'done'"
        ),
        0
    );
    let rerun = count(&app, "SELECT count(*) AS n FROM jobs WHERE attempts > 1");
    eprintln!("{at_kill} jobs done at the kill; {rerun} taken over after it");
}

on_both!(a_count_stops_at_ten_thousand, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let unread = async || {
        expect_status(
            app.get(
                "/api/v1/notifications?unread=true&count=true&limit=1",
                &agent,
            )
            .await,
            StatusCode::OK,
        )
        .await
    };
    // Unread notifications numbered `from` to `to`, written straight to the database.
    let fill = |from: i64, to: i64| {
        let mut conn = app.state.pool.get().unwrap_or_else(|e| panic!("{e}"));
        let id = match *conn {
            db::AnyConnection::Postgresql(_) => "int8send(i) || int8send(i)",
            db::AnyConnection::Sqlite(_) => "randomblob(16)",
        };
        db::sql::Sql::new(format!(
            "INSERT INTO notifications (org_id, id, user_id, kind, message, created_at) \
             WITH RECURSIVE n(i) AS (SELECT {from} UNION ALL SELECT i + 1 FROM n WHERE i < {to}) \
             SELECT "
        ))
        .value(db::sql::Value::Bytes(app.a.id.as_bytes().to_vec()))
        .push(format!(", {id}, "))
        .value(db::sql::Value::Bytes(
            app.a.user(Role::Agent).as_bytes().to_vec(),
        ))
        .push(", 'assigned', 'A ticket was assigned to you', CURRENT_TIMESTAMP FROM n")
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("{e}"));
    };
    fill(1, 10_000);
    let exact = unread().await;
    assert_eq!(
        (exact["total"].clone(), exact.get("total_capped")),
        (json!(10_000), None),
        "counted exactly"
    );
    fill(10_001, 10_001);
    let capped = unread().await;
    assert_eq!(
        (capped["total"].clone(), capped["total_capped"].clone()),
        (json!(10_000), json!(true)),
        "counted no further"
    );
});
