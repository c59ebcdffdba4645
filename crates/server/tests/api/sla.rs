//! `POST /api/v1/sla/simulate`.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::{expect_status, spawn, Backend};
use domain::Role;

fn office_week() -> serde_json::Value {
    let day = json!([{"start": "09:00", "end": "17:00"}]);
    json!([day, day, day, day, day, [], []])
}

#[actix_web::test]
async fn simulate_a_ticket_over_a_weekend_and_a_pause() {
    let app = spawn(Backend::Sqlite).await;
    let manager = app.token(&app.a, Role::Manager);
    let body = json!({
        "calendar": {"time_zone": "Europe/Berlin", "weekly": office_week(),
                     "holidays": [{"name": "Day off", "date": "2026-11-24"}]},
        "targets": [{"priority": "high", "first_response_minutes": 240, "resolution_minutes": 600}],
        "priority": "high",
        "opened_at": "2026-11-20T15:30:00Z",
        "events": [
            {"at": "2026-11-23T10:00:00Z", "type": "agent_replied"},
            {"at": "2026-11-23T11:00:00Z", "type": "status_changed", "status": "pending"}
        ],
        "as_of": "2026-11-23T12:00:00Z"
    });
    let answer = expect_status(
        app.post("/api/v1/sla/simulate", &manager, &body).await,
        StatusCode::OK,
    )
    .await;
    let first = &answer["clocks"][0];
    // Opened Friday 16:30 Berlin; the reply came Monday 11:00 Berlin: 30 min + 2 h.
    assert_eq!(
        (first["kind"].as_str(), first["status"].as_str()),
        (Some("first_response"), Some("met"))
    );
    assert_eq!(first["elapsed_seconds"], 150 * 60);
    let resolution = &answer["clocks"][1];
    assert_eq!(resolution["status"], "paused");
    assert_eq!(resolution["elapsed_seconds"], (30 + 180) * 60);
    assert_eq!(resolution["timeline"][0]["event"], "paused");
    assert!(resolution["deadline"].is_null());
    // Opened Monday 16:00 Berlin: 1 h on Monday, Tuesday is a holiday, 3 h on Wednesday.
    let running = json!({"calendar": body["calendar"], "targets": body["targets"], "priority": "high",
                         "opened_at": "2026-11-23T15:00:00Z"});
    let answer = expect_status(
        app.post("/api/v1/sla/simulate", &manager, &running).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(answer["clocks"][0]["deadline"], "2026-11-25T11:00:00Z");
}

#[actix_web::test]
async fn simulate_rejects_bad_calendars_and_events_field_by_field() {
    let app = spawn(Backend::Sqlite).await;
    let admin = app.token(&app.a, Role::Admin);
    let body = json!({
        "calendar": {"time_zone": "Mars/Base", "weekly": [[{"start": "18:00", "end": "09:00"}], [], [], [], [], [], []]},
        "targets": [{"priority": "whenever", "resolution_minutes": 0}],
        "priority": "high",
        "opened_at": "2026-11-20T15:30:00Z",
        "events": [{"at": "2026-11-23T10:00:00Z", "type": "teleported"}]
    });
    let problem = expect_status(
        app.post("/api/v1/sla/simulate", &admin, &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/calendar/weekly/0/0");
    let empty = json!({"calendar": {"time_zone": "Europe/Berlin", "weekly": [[], [], [], [], [], [], []]},
                       "targets": [], "priority": "low", "opened_at": "2026-11-20T15:30:00Z"});
    let problem = expect_status(
        app.post("/api/v1/sla/simulate", &admin, &empty).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        (
            problem["errors"][0]["pointer"].as_str(),
            problem["errors"][0]["code"].as_str()
        ),
        (Some("/calendar/weekly"), Some("no_business_time"))
    );
}
