//! `POST /api/v1/sla/simulate`.

use reqwest::StatusCode;
use serde_json::json;

use serde_json::Value;

use crate::on_both;
use crate::support::{expect_status, problem_code, spawn, Backend, TestApp};
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

/// The engine's work grows with the days a simulation covers: dates, span, events, holidays
/// and intervals are bounded, so no request can hold a worker for long.
#[actix_web::test]
async fn simulate_bounds_what_it_computes() {
    let app = crate::support::spawn_configured(Backend::Sqlite, None, |s| {
        s.max_body_bytes = 256 * 1024;
    })
    .await;
    let admin = app.token(&app.a, Role::Admin);
    let always = json!({"time_zone": "UTC", "always_open": true, "weekly": []});
    let targets = json!([{"priority": "low", "resolution_minutes": 60}]);
    let far = json!({"calendar": always, "targets": targets, "priority": "low",
                     "opened_at": "1970-01-01T00:00:00Z",
                     "events": [{"at": "2099-12-31T00:00:00Z", "type": "agent_replied"}],
                     "as_of": "+200000-01-01T00:00:00Z"});
    let problem = expect_status(
        app.post("/api/v1/sla/simulate", &admin, &far).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/as_of");
    let long = json!({"calendar": always, "targets": targets, "priority": "low",
                      "opened_at": "1969-12-31T23:59:59Z",
                      "events": [{"at": "2100-01-01T00:00:00Z", "type": "agent_replied"}],
                      "as_of": "2099-12-31T23:59:59Z"});
    let problem = expect_status(
        app.post("/api/v1/sla/simulate", &admin, &long).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let pointers: Vec<_> = problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| (e["pointer"].as_str(), e["code"].as_str()))
        .collect();
    assert_eq!(
        pointers,
        [
            (Some("/opened_at"), Some("out_of_range")),
            (Some("/events/0/at"), Some("out_of_range")),
            (Some("/as_of"), Some("span_too_long")),
        ]
    );
    let holidays: Vec<_> = (0..501)
        .map(|i| json!({"name": format!("Day {i}"), "date": "2026-12-24"}))
        .collect();
    let crowded = json!({"time_zone": "UTC", "weekly": office_week(), "holidays": holidays});
    let busy = json!({"calendar": crowded, "targets": targets, "priority": "low",
                      "opened_at": "2026-01-01T00:00:00Z"});
    let problem = expect_status(
        app.post("/api/v1/sla/simulate", &admin, &busy).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/calendar/holidays");
    // The largest simulation allowed: ten years, 500 holidays, 1000 events.
    let mut crowded = crowded;
    if let Some(holidays) = crowded["holidays"].as_array_mut() {
        holidays.truncate(500);
    }
    let events: Vec<_> = (0..1000)
        .map(|i| {
            let kind = if i % 2 == 0 {
                "customer_replied"
            } else {
                "agent_replied"
            };
            json!({"at": format!("2027-01-{:02}T10:00:00Z", 1 + i / 40), "type": kind})
        })
        .collect();
    let largest = json!({"calendar": crowded, "targets": targets, "priority": "low",
                         "opened_at": "2026-01-01T00:00:00Z", "events": events,
                         "as_of": "2036-01-01T00:00:00Z"});
    let answer = expect_status(
        app.post("/api/v1/sla/simulate", &admin, &largest).await,
        StatusCode::OK,
    )
    .await;
    let resolution = &answer["clocks"][0];
    assert_eq!(
        (resolution["kind"].as_str(), resolution["status"].as_str()),
        (Some("resolution"), Some("breached"))
    );
    // Read ten years later, the deadline is still the hour it was missed.
    assert_eq!(resolution["deadline"], "2026-01-01T10:00:00Z");
}

/// Creates a calendar in the caller's organization and returns its JSON.
async fn calendar(app: &TestApp, token: &str, name: &str) -> Value {
    let body = json!({"name": name, "time_zone": "Europe/Berlin", "weekly": office_week()});
    expect_status(
        app.post("/api/v1/sla/calendars", token, &body).await,
        StatusCode::CREATED,
    )
    .await
}

/// Creates a policy and returns its JSON.
async fn policy(app: &TestApp, token: &str, body: Value) -> Value {
    expect_status(
        app.post("/api/v1/sla/policies", token, &body).await,
        StatusCode::CREATED,
    )
    .await
}

fn id_of(record: &Value) -> String {
    record["id"].as_str().unwrap_or_default().to_owned()
}

on_both!(calendars_are_created_changed_deleted_and_restored, |app| {
    let manager = app.token(&app.a, Role::Manager);
    let body = json!({
        "name": " Berlin office ", "time_zone": "Europe/Berlin", "weekly": office_week(),
        "holidays": [{"name": "Christmas Eve", "date": "2026-12-24", "closed": {"start": "12:00", "end": "24:00"}}]
    });
    let response = app.post("/api/v1/sla/calendars", &manager, &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response
        .headers()
        .get("Location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let created: Value = response.json().await.unwrap_or_default();
    let id = id_of(&created);
    assert!(id.starts_with("cal_"), "{created}");
    assert_eq!(location, format!("/api/v1/sla/calendars/{id}"));
    assert_eq!(
        (created["name"].clone(), created["version"].clone()),
        (json!("Berlin office"), json!(1))
    );
    assert_eq!(created["holidays"][0]["closed"]["start"], "12:00");
    let path = format!("/api/v1/sla/calendars/{id}");
    let fetched = expect_status(app.get(&path, &manager).await, StatusCode::OK).await;
    assert_eq!(fetched, created);

    // A PATCH replaces the holidays whole and bumps the version; a stale one is refused.
    let patch = json!({"holidays": [{"name": "New Year", "date": "2027-01-01", "yearly": true}]});
    let changed = expect_status(
        app.patch(&path, &manager, Some("\"1\""), &patch).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            changed["version"].clone(),
            changed["holidays"].as_array().map(Vec::len)
        ),
        (json!(2), Some(1))
    );
    assert_eq!(changed["weekly"], created["weekly"]);
    assert_eq!(
        problem_code(
            app.patch(&path, &manager, Some("\"1\""), &json!({"name": "Lost"}))
                .await,
            StatusCode::PRECONDITION_FAILED
        )
        .await,
        "version_mismatch"
    );
    // Every invalid field is reported at once, and nothing is written.
    let bad = json!({"name": null, "time_zone": "Mars/Olympus", "weekly": [[{"start": "9", "end": "17:00"}]]});
    let problem = expect_status(
        app.patch(&path, &manager, None, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let pointers: Vec<&str> = problem["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["pointer"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        pointers,
        ["/name", "/weekly", "/weekly/0/0/start"],
        "{problem}"
    );
    let unknown_zone = json!({"time_zone": "Mars/Olympus"});
    let problem = expect_status(
        app.patch(&path, &manager, None, &unknown_zone).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/time_zone", "{problem}");
    let closed =
        json!({"name": "Never open", "time_zone": "UTC", "weekly": [[], [], [], [], [], [], []]});
    let problem = expect_status(
        app.post("/api/v1/sla/calendars", &manager, &closed).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        problem["errors"][0]["code"], "no_business_time",
        "{problem}"
    );
    let still = expect_status(app.get(&path, &manager).await, StatusCode::OK).await;
    assert_eq!(still, changed);

    // Names are unique, ignoring case.
    assert_eq!(
        problem_code(
            app.post(
                "/api/v1/sla/calendars",
                &manager,
                &json!({"name": "BERLIN OFFICE", "time_zone": "UTC", "always_open": true})
            )
            .await,
            StatusCode::CONFLICT
        )
        .await,
        "calendar_name_taken"
    );
    let always = expect_status(
        app.post(
            "/api/v1/sla/calendars",
            &manager,
            &json!({"name": "Around the clock", "time_zone": "UTC", "always_open": true, "weekly": office_week()}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(always["weekly"], json!([]));
    let list = expect_status(
        app.get("/api/v1/sla/calendars", &manager).await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .map(|i| i.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["Around the clock", "Berlin office"]);

    // Deleting moves it to the trash; restoring brings it back.
    assert_eq!(
        problem_code(
            app.delete(&path, &manager, Some("\"1\"")).await,
            StatusCode::PRECONDITION_FAILED
        )
        .await,
        "version_mismatch"
    );
    let response = app.delete(&path, &manager, Some("\"2\"")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&path, &manager).await.status(),
        StatusCode::NOT_FOUND
    );
    let trash = expect_status(
        app.get("/api/v1/sla/calendars?deleted=true", &manager)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(trash["items"][0]["id"], json!(id));
    assert!(trash["items"][0]["deleted_at"].is_string());
    let restored = expect_status(
        app.post(&format!("{path}/restore"), &manager, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (restored["version"].clone(), restored["deleted_at"].clone()),
        (json!(4), json!(null))
    );
});

fn names_in_order(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|p| {
                    format!(
                        "{}:{}",
                        p["position"],
                        p["name"].as_str().unwrap_or_default()
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

on_both!(policies_keep_their_order_and_drive_the_simulation, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let berlin = calendar(&app, &admin, "Berlin office").await;
    let calendar_id = id_of(&berlin);
    let targets =
        json!([{"priority": "high", "first_response_minutes": 240, "resolution_minutes": 600}]);
    let mut created = Vec::new();
    for name in ["Platinum", "Gold", "Default"] {
        let body = json!({"name": name, "calendar_id": calendar_id, "targets": targets});
        created.push(policy(&app, &admin, body).await);
    }
    let platinum = &created[0];
    assert_eq!(
        (
            platinum["warning_percent"].clone(),
            platinum["pausing_statuses"].clone()
        ),
        (json!(75), json!(["pending", "on_hold"]))
    );
    let first = policy(
        &app,
        &admin,
        json!({"name": "Outage", "calendar_id": calendar_id, "position": 0, "targets": targets,
               "conditions": {"categories": ["Outage"], "tiers": ["platinum", "gold"], "channels": ["Phone"]}}),
    )
    .await;
    assert_eq!(first["conditions"]["channels"], json!(["phone"]));
    let list = expect_status(
        app.get("/api/v1/sla/policies", &admin).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        names_in_order(&list),
        ["0:Outage", "1:Platinum", "2:Gold", "3:Default"]
    );

    // Moving one shifts those in between; deleting closes the gap; restoring appends.
    let default_path = format!("/api/v1/sla/policies/{}", id_of(&created[2]));
    let moved = expect_status(
        app.patch(
            &default_path,
            &admin,
            Some("\"1\""),
            &json!({"position": 1}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (moved["position"].clone(), moved["version"].clone()),
        (json!(1), json!(2))
    );
    let list = expect_status(
        app.get("/api/v1/sla/policies", &admin).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        names_in_order(&list),
        ["0:Outage", "1:Default", "2:Platinum", "3:Gold"]
    );
    let outage_path = format!("/api/v1/sla/policies/{}", id_of(&first));
    let response = app.delete(&outage_path, &admin, None).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let list = expect_status(
        app.get("/api/v1/sla/policies", &admin).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names_in_order(&list), ["0:Default", "1:Platinum", "2:Gold"]);
    let trash = expect_status(
        app.get("/api/v1/sla/policies?deleted=true", &admin).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names_in_order(&trash), ["-1:Outage"]);
    expect_status(
        app.post(&format!("{outage_path}/restore"), &admin, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    let list = expect_status(
        app.get("/api/v1/sla/policies", &admin).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        names_in_order(&list),
        ["0:Default", "1:Platinum", "2:Gold", "3:Outage"]
    );

    // A calendar in use cannot be deleted.
    let calendar_path = format!("/api/v1/sla/calendars/{calendar_id}");
    let used = expect_status(app.get(&calendar_path, &admin).await, StatusCode::OK).await;
    assert_eq!(used["policy_count"], 4);
    assert_eq!(
        problem_code(
            app.delete(&calendar_path, &admin, None).await,
            StatusCode::CONFLICT
        )
        .await,
        "calendar_in_use"
    );

    // Invalid policies: every error at once, nothing written.
    let bad = json!({"name": "", "calendar_id": "acc_00000000000000000000000000", "position": -1,
                     "conditions": {"tiers": ["diamond"], "priorities": ["asap"]},
                     "targets": [{"priority": "high", "first_response_minutes": 0},
                                 {"priority": "high"}],
                     "warning_percent": 0});
    let problem = expect_status(
        app.post("/api/v1/sla/policies", &admin, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let codes: Vec<String> = problem["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|e| {
                    format!(
                        "{} {}",
                        e["pointer"].as_str().unwrap_or(""),
                        e["code"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        codes,
        [
            "/name required",
            "/calendar_id invalid_id",
            "/position out_of_range",
            "/conditions/tiers/0 invalid_tier",
            "/conditions/priorities/0 invalid_priority",
            "/targets/0/first_response_minutes out_of_range",
            "/targets/1/priority duplicate_priority",
            "/warning_percent out_of_range",
        ],
        "{problem}"
    );
    let unknown_calendar = json!({"name": "Orphan", "calendar_id": "cal_7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "targets": targets});
    let problem = expect_status(
        app.post("/api/v1/sla/policies", &admin, &unknown_calendar)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["errors"][0]["pointer"], "/calendar_id");
    let list = expect_status(
        app.get("/api/v1/sla/policies", &admin).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names_in_order(&list).len(), 4);

    // The simulation runs a stored policy: Friday 16:30 Berlin + 4 business hours is Monday 12:30.
    let simulation = json!({"policy_id": id_of(platinum), "priority": "high", "opened_at": "2026-11-20T15:30:00Z"});
    let answer = expect_status(
        app.post("/api/v1/sla/simulate", &admin, &simulation).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(answer["clocks"][0]["deadline"], "2026-11-23T11:30:00Z");
    // ... or a stored calendar with targets given inline.
    let inline = json!({"calendar_id": calendar_id, "targets": [{"priority": "low", "resolution_minutes": 60}],
                        "priority": "low", "opened_at": "2026-11-20T15:30:00Z"});
    let answer = expect_status(
        app.post("/api/v1/sla/simulate", &admin, &inline).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(answer["clocks"][0]["deadline"], "2026-11-23T08:30:00Z");
    // A policy and targets together are ambiguous.
    let both = json!({"policy_id": id_of(platinum), "targets": [], "calendar_id": calendar_id,
                      "priority": "high", "opened_at": "2026-11-20T15:30:00Z"});
    let problem = expect_status(
        app.post("/api/v1/sla/simulate", &admin, &both).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem["errors"][0]["code"], "conflicts_with_policy");
    assert_eq!(problem["errors"].as_array().map(Vec::len), Some(2));
});

on_both!(
    another_organizations_calendars_and_policies_stay_hidden,
    |app| {
        let mine = app.token(&app.a, Role::Admin);
        let theirs = app.token(&app.b, Role::Admin);
        let their_calendar = calendar(&app, &theirs, "Their Secret Calendar").await;
        let their_policy = policy(
            &app,
            &theirs,
            json!({"name": "Their Secret Policy", "calendar_id": id_of(&their_calendar),
               "targets": [{"priority": "low", "resolution_minutes": 60}]}),
        )
        .await;
        for (kind, record) in [("calendars", &their_calendar), ("policies", &their_policy)] {
            let path = format!("/api/v1/sla/{kind}/{}", id_of(record));
            let attempts = [
                app.get(&path, &mine).await,
                app.patch(&path, &mine, None, &json!({"name": "Mine now"}))
                    .await,
                app.delete(&path, &mine, None).await,
                app.post(&format!("{path}/restore"), &mine, &json!({}))
                    .await,
            ];
            for response in attempts {
                let status = response.status();
                let body = response.text().await.unwrap_or_default();
                assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
                assert!(!body.contains("Their Secret"), "{path} leaked: {body}");
            }
            for list in ["", "?deleted=true"] {
                let page = expect_status(
                    app.get(&format!("/api/v1/sla/{kind}{list}"), &mine).await,
                    StatusCode::OK,
                )
                .await;
                assert_eq!(page["items"], json!([]));
            }
        }
        // Their ids cannot be used as references either.
        let borrowed = json!({"name": "Borrowed", "calendar_id": id_of(&their_calendar),
                          "targets": [{"priority": "low", "resolution_minutes": 60}]});
        let problem = expect_status(
            app.post("/api/v1/sla/policies", &mine, &borrowed).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(problem["errors"][0]["code"], "unknown_reference");
        for simulation in [
            json!({"policy_id": id_of(&their_policy), "priority": "low", "opened_at": "2026-11-20T15:30:00Z"}),
            json!({"calendar_id": id_of(&their_calendar), "targets": [], "priority": "low", "opened_at": "2026-11-20T15:30:00Z"}),
        ] {
            let problem = expect_status(
                app.post("/api/v1/sla/simulate", &mine, &simulation).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
            assert_eq!(
                problem["errors"][0]["code"], "unknown_reference",
                "{problem}"
            );
        }
        let still = expect_status(
            app.get(
                &format!("/api/v1/sla/policies/{}", id_of(&their_policy)),
                &theirs,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(still["version"], 1);
    }
);

on_both!(concurrent_changes_keep_the_policy_order_dense, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let calendar_id = id_of(&calendar(&app, &admin, "Office").await);
    let create = |i: i64| {
        let body = json!({"name": format!("Policy {i}"), "calendar_id": calendar_id, "position": i % 3,
                          "targets": [{"priority": "low", "resolution_minutes": 60}]});
        let (app, admin) = (&app, &admin);
        async move {
            app.post("/api/v1/sla/policies", admin, &body)
                .await
                .status()
        }
    };
    for offset in 0..2 {
        let statuses = tokio::join!(
            create(offset),
            create(offset + 2),
            create(offset + 4),
            create(offset + 6)
        );
        assert_eq!(
            statuses,
            (
                StatusCode::CREATED,
                StatusCode::CREATED,
                StatusCode::CREATED,
                StatusCode::CREATED
            )
        );
    }
    let list = expect_status(
        app.get("/api/v1/sla/policies", &admin).await,
        StatusCode::OK,
    )
    .await;
    let positions: Vec<i64> = list["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|p| p["position"].as_i64())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(positions, (0..8).collect::<Vec<_>>());

    // A deleted policy whose calendar went to the trash too cannot come back until it does.
    let doomed = policy(
        &app,
        &admin,
        json!({"name": "Doomed", "calendar_id": id_of(&calendar(&app, &admin, "Doomed office").await),
               "targets": [{"priority": "low", "resolution_minutes": 60}]}),
    )
    .await;
    let policy_path = format!("/api/v1/sla/policies/{}", id_of(&doomed));
    let calendar_path = format!(
        "/api/v1/sla/calendars/{}",
        doomed["calendar_id"].as_str().unwrap_or_default()
    );
    assert_eq!(
        app.delete(&policy_path, &admin, None).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete(&calendar_path, &admin, None).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        problem_code(
            app.post(&format!("{policy_path}/restore"), &admin, &json!({}))
                .await,
            StatusCode::CONFLICT
        )
        .await,
        "calendar_deleted"
    );
    expect_status(
        app.post(&format!("{calendar_path}/restore"), &admin, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    let restored = expect_status(
        app.post(&format!("{policy_path}/restore"), &admin, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(restored["position"], 8);
});
