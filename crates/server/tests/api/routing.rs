//! Routing: teams as queues handing out tickets in turn, by load or by skills, only to
//! available agents below capacity; waiting tickets go out when someone becomes free; and no
//! race across two server processes passes a capacity or skews the turns.

use std::time::{Duration as StdDuration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{
    count, expect_status, fixture_hash, free_port, server_process, spawn_configured, until_up,
    Backend, TestApp,
};
use domain::Role;

async fn team(app: &TestApp, admin: &str, body: Value) -> String {
    let team = expect_status(
        app.post("/api/v1/teams", admin, &body).await,
        StatusCode::CREATED,
    )
    .await;
    team["id"].as_str().unwrap_or_default().to_owned()
}

/// A new agent in `team`, with the given routing settings.
async fn agent(app: &TestApp, admin: &str, name: &str, team: &str, extra: Value) -> String {
    let mut body = json!({"email": format!("{name}@routing.example"), "name": name, "role": "agent",
                          "password": "a long enough password", "team_ids": [team]});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    let user = expect_status(
        app.post("/api/v1/users", admin, &body).await,
        StatusCode::CREATED,
    )
    .await;
    user["id"].as_str().unwrap_or_default().to_owned()
}

async fn set_user(app: &TestApp, admin: &str, user: &str, body: Value) -> Value {
    let path = format!("/api/v1/users/{user}");
    expect_status(app.patch(&path, admin, None, &body).await, StatusCode::OK).await
}

async fn ticket(app: &TestApp, token: &str, team: &str, extra: Value) -> Value {
    let mut body = json!({"subject": "Help", "description": "D", "requester_email": "r@customer.example",
                          "team_id": team});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    expect_status(
        app.post("/api/v1/tickets", token, &body).await,
        StatusCode::CREATED,
    )
    .await
}

/// The code of the first field error of a 422.
async fn field_code(response: reqwest::Response) -> Value {
    expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await["errors"][0]["code"].clone()
}

fn assignee(ticket: &Value) -> Option<String> {
    ticket["assignee_id"].as_str().map(str::to_owned)
}

async fn read(app: &TestApp, token: &str, id: &Value) -> Value {
    let path = format!("/api/v1/tickets/{}", id.as_str().unwrap_or_default());
    expect_status(app.get(&path, token).await, StatusCode::OK).await
}

/// Polls until the ticket has an assignee (the workers poll every 100 ms).
async fn assigned_eventually(app: &TestApp, token: &str, id: &Value) -> String {
    let started = Instant::now();
    loop {
        if let Some(user) = assignee(&read(app, token, id).await) {
            return user;
        }
        assert!(
            started.elapsed() < StdDuration::from_secs(20),
            "never assigned"
        );
        actix_web::rt::time::sleep(StdDuration::from_millis(50)).await;
    }
}

on_both!(
    round_robin_takes_turns_within_capacity_and_waits_for_someone_free,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let desk = team(
            &app,
            &admin,
            json!({"name": "Desk", "routing_mode": "round_robin"}),
        )
        .await;
        let first = agent(&app, &admin, "first", &desk, json!({"capacity": 2})).await;
        let second = agent(&app, &admin, "second", &desk, json!({"capacity": 2})).await;
        let away = agent(&app, &admin, "away", &desk, json!({})).await;
        for user in [&first, &second] {
            set_user(&app, &admin, user, json!({"availability": "available"})).await;
        }
        set_user(&app, &admin, &away, json!({"availability": "away"})).await;
        let agent_token = app.token(&app.a, Role::Agent);
        let mut given = Vec::new();
        for _ in 0..4 {
            let created = ticket(&app, &agent_token, &desk, json!({})).await;
            // Routed in the creating transaction: nobody saw it unassigned, so still version 1.
            let stored = read(&app, &agent_token, &created["id"]).await;
            assert_eq!(
                (&stored["assignee_id"], &stored["version"]),
                (&created["assignee_id"], &json!(1))
            );
            given.push(assignee(&created).unwrap_or_default());
        }
        // In turn: each of the two available agents twice, alternating; never the away one.
        assert_eq!(given[0], given[2]);
        assert_eq!(given[1], given[3]);
        assert_ne!(given[0], given[1]);
        assert!(given.iter().all(|u| *u == first || *u == second));
        // Both are full: the fifth waits in the queue.
        let waiting = ticket(&app, &agent_token, &desk, json!({"priority": "urgent"})).await;
        assert_eq!(assignee(&waiting), None);
        // A ticket solved frees a place, and the waiting ticket goes there without anyone asking.
        let freed = given[1].clone();
        let solved = app.get("/api/v1/tickets?sort=created_at", &admin).await;
        let solved = expect_status(solved, StatusCode::OK).await;
        let theirs = solved["items"]
            .as_array()
            .and_then(|items| {
                items
                    .iter()
                    .find(|t| assignee(t).as_deref() == Some(freed.as_str()))
            })
            .cloned()
            .unwrap_or_default();
        let path = format!(
            "/api/v1/tickets/{}",
            theirs["id"].as_str().unwrap_or_default()
        );
        expect_status(
            app.patch(&path, &agent_token, None, &json!({"status": "solved"}))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            assigned_eventually(&app, &agent_token, &waiting["id"]).await,
            freed
        );
        // Its timeline says how, and the agent was told.
        let page = read(&app, &agent_token, &waiting["id"]).await;
        assert!(page["version"].as_i64().unwrap_or_default() >= 2);
        let events: i64 = count(
            &app,
            "SELECT count(*) AS n FROM ticket_events WHERE kind = 'routed'",
        );
        assert_eq!(events, 5);
        // Each timeline reads "created", then "routed".
        let out_of_order: i64 = count(
            &app,
            "SELECT count(*) AS n FROM ticket_events WHERE (kind = 'routed') <> (seq = 2)",
        );
        assert_eq!(out_of_order, 0);
    }
);

on_both!(
    an_agent_becoming_available_takes_the_waiting_tickets_at_once,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let agent_token = app.token(&app.a, Role::Agent);
        let me = app.a.user(Role::Agent).to_string();
        let desk = team(
            &app,
            &admin,
            json!({"name": "Desk", "routing_mode": "load_balanced"}),
        )
        .await;
        set_user(
            &app,
            &admin,
            &me,
            json!({"team_ids": [desk], "capacity": 2}),
        )
        .await;
        let mut tickets = Vec::new();
        for _ in 0..3 {
            let created = ticket(&app, &admin, &desk, json!({})).await;
            assert_eq!(assignee(&created), None, "nobody is available yet");
            tickets.push(created);
        }
        let body = json!({"availability": "available"});
        let answer = app
            .request(
                reqwest::Method::PUT,
                "/api/v1/me/availability",
                Some(&agent_token),
            )
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(expect_status(answer, StatusCode::OK).await, body);
        // Up to capacity, at once: two of the three are theirs when the answer comes.
        let mut mine = 0;
        for t in &tickets {
            if assignee(&read(&app, &agent_token, &t["id"]).await).as_deref() == Some(me.as_str()) {
                mine += 1;
            }
        }
        assert_eq!(mine, 2);
        let me_now = expect_status(app.get("/api/v1/me", &agent_token).await, StatusCode::OK).await;
        assert_eq!(me_now["availability"], "available");
        let notified = app
            .get("/api/v1/notifications?unread=true", &agent_token)
            .await;
        let notified = expect_status(notified, StatusCode::OK).await;
        assert_eq!(notified["items"].as_array().map(Vec::len), Some(2));
        // Read-only users work no tickets, so they have no availability to set.
        let reader = app.token(&app.a, Role::ReadOnly);
        let refused = app
            .request(
                reqwest::Method::PUT,
                "/api/v1/me/availability",
                Some(&reader),
            )
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let wrong = app
            .request(
                reqwest::Method::PUT,
                "/api/v1/me/availability",
                Some(&agent_token),
            )
            .json(&json!({"availability": "asleep"}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(field_code(wrong).await, "invalid_availability");
    }
);

on_both!(load_and_skills_choose_the_least_busy_able_agent, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let balanced = team(
        &app,
        &admin,
        json!({"name": "Balanced", "routing_mode": "load_balanced"}),
    )
    .await;
    let busy = agent(&app, &admin, "busy", &balanced, json!({})).await;
    let idle = agent(&app, &admin, "idle", &balanced, json!({})).await;
    for user in [&busy, &idle] {
        set_user(&app, &admin, user, json!({"availability": "available"})).await;
    }
    // Two tickets given to `busy` by hand: the next two go to `idle`, then they alternate.
    for _ in 0..2 {
        let body = json!({"subject": "Manual", "description": "D", "requester_email": "r@customer.example",
                          "assignee_id": busy});
        expect_status(
            app.post("/api/v1/tickets", &admin, &body).await,
            StatusCode::CREATED,
        )
        .await;
    }
    let mut given = Vec::new();
    for _ in 0..4 {
        given.push(assignee(&ticket(&app, &admin, &balanced, json!({})).await).unwrap_or_default());
    }
    assert_eq!(given[0], idle);
    assert_eq!(given[1], idle);
    assert_ne!(given[2], given[3]);

    let skilled = team(
        &app,
        &admin,
        json!({"name": "Skilled", "routing_mode": "skills"}),
    )
    .await;
    let billing = agent(
        &app,
        &admin,
        "billing",
        &skilled,
        json!({"skills": [" Billing ", "billing"]}),
    )
    .await;
    let generalist = agent(&app, &admin, "generalist", &skilled, json!({"skills": []})).await;
    for user in [&billing, &generalist] {
        let changed = set_user(&app, &admin, user, json!({"availability": "available"})).await;
        assert_eq!(changed["availability"], "available");
    }
    let shown = expect_status(
        app.get(&format!("/api/v1/users/{billing}"), &admin).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(shown["skills"], json!(["billing"]));
    // A control character is refused, not stored (PostgreSQL takes no NUL in text).
    let path = format!("/api/v1/users/{billing}");
    let refused = app
        .patch(&path, &admin, None, &json!({"skills": ["bill\u{0}ing"]}))
        .await;
    assert_eq!(field_code(refused).await, "invalid_characters");
    for _ in 0..2 {
        let routed = ticket(&app, &admin, &skilled, json!({"category": "billing"})).await;
        assert_eq!(assignee(&routed).as_deref(), Some(billing.as_str()));
    }
    // Nobody holds the skill: it waits, even with agents free.
    let unskilled = ticket(&app, &admin, &skilled, json!({"category": "hardware"})).await;
    assert_eq!(assignee(&unskilled), None);
    // No skill needed: the least busy takes it.
    let plain = ticket(&app, &admin, &skilled, json!({})).await;
    assert_eq!(assignee(&plain).as_deref(), Some(generalist.as_str()));
    // Giving the skill lets the waiting ticket go out.
    set_user(&app, &admin, &generalist, json!({"skills": ["hardware"]})).await;
    assert_eq!(
        assigned_eventually(&app, &admin, &unskilled["id"]).await,
        generalist
    );
    // The customer's language is a skill too, with the category's: the language, whatever
    // the region.
    set_user(&app, &admin, &billing, json!({"skills": ["billing", "pt"]})).await;
    let portuguese = json!({"category": "billing", "language": " pt-BR "});
    let routed = ticket(&app, &admin, &skilled, portuguese).await;
    assert_eq!(routed["language"], "pt-br");
    assert_eq!(assignee(&routed).as_deref(), Some(billing.as_str()));
    let german = ticket(
        &app,
        &admin,
        &skilled,
        json!({"category": "billing", "language": "de"}),
    )
    .await;
    assert_eq!(assignee(&german), None, "nobody reads German yet");
    let refused = app
        .post(
            "/api/v1/tickets",
            &admin,
            &json!({"subject": "S", "description": "D", "requester_email": "r@customer.example", "language": "German"}),
        )
        .await;
    assert_eq!(field_code(refused).await, "invalid_language");
});

on_both!(a_team_of_hundreds_is_routed_by_load, |app| {
    // More agents than SQLite takes SELECTs in one compound statement (500).
    let admin = app.token(&app.a, Role::Admin);
    let everyone = team(
        &app,
        &admin,
        json!({"name": "Everyone", "routing_mode": "load_balanced"}),
    )
    .await;
    let team_id = domain::TeamId::parse("/team", &everyone).unwrap_or_else(|e| panic!("{e:?}"));
    let mut conn = app.state.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let now = db::convert::truncate(chrono::Utc::now());
    for n in 0..520 {
        let new = db::users::NewUser {
            email: domain::Email::parse("", &format!("agent{n}@a.example"))
                .unwrap_or_else(|e| panic!("{e:?}")),
            name: format!("Agent {n}"),
            role: Role::Agent,
            password_hash: fixture_hash().to_owned(),
            team_ids: vec![team_id],
            agent: db::users::AgentSettings {
                availability: domain::routing::Availability::Available,
                capacity: if n % 2 == 0 { Some(3) } else { None },
                skills: Vec::new(),
            },
        };
        db::users::create(&mut conn, app.a.id, &new, now).unwrap_or_else(|e| panic!("{e}"));
    }
    drop(conn);
    let routed = ticket(&app, &admin, &everyone, json!({})).await;
    assert!(assignee(&routed).is_some(), "{routed}");
});

on_both!(moving_a_ticket_into_a_routed_queue_routes_it, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let manual = team(&app, &admin, json!({"name": "Triage"})).await;
    let desk = team(
        &app,
        &admin,
        json!({"name": "Desk", "routing_mode": "round_robin"}),
    )
    .await;
    let only = agent(&app, &admin, "only", &desk, json!({})).await;
    set_user(&app, &admin, &only, json!({"availability": "available"})).await;
    let created = ticket(&app, &admin, &manual, json!({})).await;
    assert_eq!(assignee(&created), None, "a manual queue assigns nobody");
    let path = format!(
        "/api/v1/tickets/{}",
        created["id"].as_str().unwrap_or_default()
    );
    let moved = app
        .patch(&path, &admin, None, &json!({"team_id": desk}))
        .await;
    let moved = expect_status(moved, StatusCode::OK).await;
    assert_eq!(assignee(&moved).as_deref(), Some(only.as_str()));
    // A team's routing and lead are changed like its name; a lead from elsewhere is refused.
    let team_path = format!("/api/v1/teams/{manual}");
    let lead = app.a.user(Role::Manager).to_string();
    let changed = app
        .patch(
            &team_path,
            &admin,
            None,
            &json!({"name": "Triage", "routing_mode": "load_balanced", "lead_id": lead}),
        )
        .await;
    let changed = expect_status(changed, StatusCode::OK).await;
    assert_eq!(changed["routing_mode"], "load_balanced");
    assert_eq!(changed["lead_id"], json!(lead));
    let renamed = app
        .patch(&team_path, &admin, None, &json!({"name": "Triage 2"}))
        .await;
    let renamed = expect_status(renamed, StatusCode::OK).await;
    assert_eq!(
        renamed["routing_mode"], "load_balanced",
        "absent fields stay"
    );
    let stranger = app.b.user(Role::Manager).to_string();
    let refused = app
        .patch(
            &team_path,
            &admin,
            None,
            &json!({"name": "Triage", "lead_id": stranger}),
        )
        .await;
    assert_eq!(field_code(refused).await, "unknown_reference");
    let refused = app
        .patch(
            &team_path,
            &admin,
            None,
            &json!({"name": "Triage", "routing_mode": "random"}),
        )
        .await;
    assert_eq!(field_code(refused).await, "invalid_routing_mode");
    let refused = app
        .patch(
            &format!("/api/v1/users/{only}"),
            &admin,
            None,
            &json!({"capacity": -1}),
        )
        .await;
    assert_eq!(field_code(refused).await, "invalid_capacity");
    // Deleting a team takes its tickets out of its queue.
    expect_status(
        app.delete(&format!("/api/v1/teams/{desk}"), &admin, None)
            .await,
        StatusCode::NO_CONTENT,
    )
    .await;
    let after = read(&app, &admin, &created["id"]).await;
    assert_eq!(after["team_id"], Value::Null);
    assert!(after["version"].as_i64() > moved["version"].as_i64());
});

#[actix_web::test]
async fn two_hundred_tickets_through_two_processes_keep_capacity_and_turns() {
    let app = spawn_configured(Backend::Postgres, None, |s| s.job_poll_millis = 0).await;
    let admin = app.token(&app.a, Role::Admin);
    let full = team(
        &app,
        &admin,
        json!({"name": "Full", "routing_mode": "round_robin"}),
    )
    .await;
    let fair = team(
        &app,
        &admin,
        json!({"name": "Fair", "routing_mode": "round_robin"}),
    )
    .await;
    let mut capped = Vec::new();
    for i in 0..4 {
        capped.push(
            agent(
                &app,
                &admin,
                &format!("capped{i}"),
                &full,
                json!({"capacity": 45}),
            )
            .await,
        );
    }
    let mut unlimited = Vec::new();
    for i in 0..3 {
        unlimited.push(agent(&app, &admin, &format!("free{i}"), &fair, json!({})).await);
    }
    for user in capped.iter().chain(&unlimited) {
        set_user(&app, &admin, user, json!({"availability": "available"})).await;
    }
    let url = app.state.settings.database_url.clone();
    let secret = app.state.settings.jwt_secret.clone();
    let ports = [free_port(), free_port()];
    let mut processes: Vec<_> = ports
        .iter()
        .map(|p| server_process(&url, *p, &secret))
        .collect();
    let client = reqwest::Client::new();
    let bases: Vec<String> = ports
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}"))
        .collect();
    for base in &bases {
        until_up(&client, base).await;
    }
    let token = app.token(&app.a, Role::Agent);
    // 200 tickets into each queue at once, alternating between the processes.
    let requests = (0..400).map(|i| {
        let team = if i % 2 == 0 { &full } else { &fair };
        let body = json!({"subject": format!("Rush {i}"), "description": "D",
                          "requester_email": "rush@customer.example", "team_id": team});
        client
            .post(format!("{}/api/v1/tickets", bases[(i / 2) % 2]))
            .bearer_auth(&token)
            .json(&body)
            .send()
    });
    let handles: Vec<_> = requests.map(actix_web::rt::spawn).collect();
    for handle in handles {
        let answer = handle.await.unwrap_or_else(|e| panic!("{e}"));
        let answer = answer.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(answer.status(), StatusCode::CREATED);
    }
    for process in &mut processes {
        process.kill().unwrap_or_else(|e| panic!("{e}"));
        process.wait().unwrap_or_else(|e| panic!("{e}"));
    }
    let held = |user: &str| {
        count(
            &app,
            &format!(
                "SELECT count(*) AS n FROM tickets WHERE assignee_id = decode('{}', 'hex')",
                hex_of(user)
            ),
        )
    };
    // Capacity: four agents of 45 hold exactly 45 each; the other 20 tickets wait.
    for user in &capped {
        assert_eq!(held(user), 45, "{user}");
    }
    let waiting = "SELECT count(*) AS n FROM tickets WHERE assignee_id IS NULL";
    assert_eq!(count(&app, waiting), 20);
    // Turns: 200 among three equal agents is 66, 67 and 67.
    let counts: Vec<i64> = unlimited.iter().map(|u| held(u)).collect();
    assert_eq!(counts.iter().sum::<i64>(), 200);
    let (most, least) = (counts.iter().max(), counts.iter().min());
    assert!(
        most.zip(least).is_some_and(|(m, l)| m - l <= 1),
        "{counts:?}"
    );
}

/// The bytes of an id (`usr_…`) as hex, to find it in SQL.
fn hex_of(id: &str) -> String {
    let user: domain::UserId = domain::UserId::parse("", id).unwrap_or_else(|e| panic!("{e}"));
    user.as_bytes().iter().map(|b| format!("{b:02x}")).collect()
}
