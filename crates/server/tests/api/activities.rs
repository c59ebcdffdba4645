//! Activities and timelines: each kind with its own fields, reminders arriving through the
//! jobs, the timelines of records merging their sources page by page, "my tasks" in the
//! caller's day, and the calendar feed.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{account_body, errors, eventually, expect_status, problem_code, TestApp};
use domain::Role;

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_owned()
}

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    expect_status(app.post(path, token, &body).await, StatusCode::CREATED).await
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{e}"))
}

on_both!(
    each_kind_takes_its_own_fields_and_a_reminder_arrives_once,
    |app| {
        app.clock.pin(at("2026-12-07T08:00:00Z"));
        let sales = app.token(&app.a, Role::Sales);
        let account = app.account(&sales, account_body("Initech")).await;
        let activities = "/api/v1/activities";

        // A task: defaults to open, normal priority, the caller.
        let task = created(
            &app,
            &sales,
            activities,
            json!({
                "kind": "task", "subject": "Send the proposal", "account_id": id(&account),
                "due_at": "2026-12-07T16:00:00Z", "reminder_at": "2026-12-07T15:30:00Z"
            }),
        )
        .await;
        assert_eq!(task["status"], "open");
        assert_eq!(task["priority"], "normal");
        assert_eq!(task["assignee_id"], app.a.user(Role::Sales).to_string());
        assert_eq!(task["at"], "2026-12-07T16:00:00Z");

        // Nothing half-right is kept: no record, another kind's field, a logged call not done.
        let before = expect_status(app.get(activities, &sales).await, StatusCode::OK).await;
        let wrong = app
            .post(
                activities,
                &sales,
                &json!({"kind": "task", "subject": "Floating"}),
            )
            .await;
        assert_eq!(
            errors(wrong).await,
            vec![("/account_id".into(), "link_required".into())]
        );
        let wrong = app.post(activities, &sales, &json!({
        "kind": "task", "subject": "Odd", "account_id": id(&account), "duration_seconds": 60
    })).await;
        assert_eq!(
            errors(wrong).await,
            vec![("/duration_seconds".into(), "not_for_kind".into())]
        );
        let wrong = app
            .post(
                activities,
                &sales,
                &json!({
                    "kind": "email", "subject": "Planned email", "account_id": id(&account),
                    "direction": "outbound", "status": "open"
                }),
            )
            .await;
        assert_eq!(
            errors(wrong).await,
            vec![("/status".into(), "logged_is_done".into())]
        );
        // An attendee of another organization is no attendee.
        let theirs = app.token(&app.b, Role::Sales);
        let stranger = app.contact(&theirs, json!({"last_name": "Stranger"})).await;
        let wrong = app
            .post(
                activities,
                &sales,
                &json!({
                    "kind": "meeting", "subject": "Kick-off", "account_id": id(&account),
                    "starts_at": "2026-12-08T09:00:00Z", "ends_at": "2026-12-08T10:00:00Z",
                    "attendees": [{"contact_id": id(&stranger)}]
                }),
            )
            .await;
        assert_eq!(
            errors(wrong).await,
            vec![("/attendees".into(), "unknown_reference".into())]
        );
        let after = expect_status(app.get(activities, &sales).await, StatusCode::OK).await;
        assert_eq!(before["items"], after["items"]);

        // A call is logged as done, now unless told when.
        let call = created(
            &app,
            &sales,
            activities,
            json!({
                "kind": "call", "subject": "Budget call", "account_id": id(&account),
                "direction": "outbound", "duration_seconds": 540, "outcome": "connected"
            }),
        )
        .await;
        assert_eq!(
            (call["status"].as_str(), call["occurred_at"].as_str()),
            (Some("done"), Some("2026-12-07T08:00:00Z"))
        );
        assert_eq!(call["completed_at"], "2026-12-07T08:00:00Z");

        // The reminder is moved before it is due: only the new time reminds, once.
        let path = format!("{activities}/{}", id(&task));
        let moved = app
            .patch(
                &path,
                &sales,
                None,
                &json!({"reminder_at": "2026-12-07T15:45:00Z"}),
            )
            .await;
        expect_status(moved, StatusCode::OK).await;
        app.clock.advance(Duration::hours(8));
        let sales = app.token(&app.a, Role::Sales);
        let reminders = async || {
            let page = expect_status(
                app.get("/api/v1/notifications", &sales).await,
                StatusCode::OK,
            )
            .await;
            let mine: Vec<Value> = page["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|n| n["kind"] == "reminder")
                .cloned()
                .collect();
            json!(mine)
        };
        let got = eventually("the reminder", reminders, |r| {
            r.as_array().is_some_and(|r| !r.is_empty())
        })
        .await;
        actix_web::rt::time::sleep(std::time::Duration::from_millis(400)).await;
        let got_later = reminders().await;
        assert_eq!(got_later, got, "a reminder arrives once");
        assert_eq!(got[0]["activity_id"], id(&task));
        assert!(got[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Send the proposal")));

        // Done: the completion time is kept; a done task reminds of nothing more.
        let done = app
            .patch(&path, &sales, None, &json!({"status": "done"}))
            .await;
        let done = expect_status(done, StatusCode::OK).await;
        assert_eq!(done["completed_at"], "2026-12-07T16:00:00Z");

        // Read-only users and marketing read activities but write none.
        let viewer = app.token(&app.a, Role::ReadOnly);
        expect_status(app.get(&path, &viewer).await, StatusCode::OK).await;
        let refused = app
            .post(
                activities,
                &app.token(&app.a, Role::Marketing),
                &json!({
                    "kind": "task", "subject": "x", "account_id": id(&account)
                }),
            )
            .await;
        assert_eq!(
            problem_code(refused, StatusCode::FORBIDDEN).await,
            "forbidden"
        );
    }
);

/// Every key of a timeline, read page by page with `limit`.
async fn read_all(app: &TestApp, token: &str, path: &str, limit: usize) -> Vec<Value> {
    let mut entries = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}limit={limit}&cursor={c}"),
            None => format!("{path}{sep}limit={limit}"),
        };
        let page = expect_status(app.get(&url, token).await, StatusCode::OK).await;
        let items = page["items"].as_array().cloned().unwrap_or_default();
        assert!(items.len() <= limit);
        entries.extend(items);
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return entries,
        }
    }
}

fn what(entry: &Value) -> String {
    let kind = entry["kind"].as_str().unwrap_or_default();
    let detail = match kind {
        "note" => entry["note"]["body"].clone(),
        "stage_change" => entry["stage_change"]["to_stage_name"].clone(),
        "ticket_event" => entry["ticket_event"]["event"].clone(),
        _ => entry["activity"]["subject"].clone(),
    };
    format!("{kind}: {}", detail.as_str().unwrap_or_default())
}

on_both!(
    an_account_timeline_merges_its_records_newest_first_page_by_page,
    |app| {
        // Everything at one instant: the order then rests on the keys alone, and pages must
        // neither lose nor repeat entries of the same time.
        app.clock.pin(at("2026-12-07T09:00:00Z"));
        let sales = app.token(&app.a, Role::Sales);
        let manager = app.token(&app.a, Role::Manager);
        let agent = app.token(&app.a, Role::Agent);
        let account = app.account(&sales, account_body("Globex")).await;
        let contact = app
            .contact(
                &sales,
                json!({"last_name": "Scorpio", "account_id": id(&account)}),
            )
            .await;
        let elsewhere = app.account(&sales, account_body("Elsewhere")).await;
        created(
            &app,
            &sales,
            &format!("/api/v1/contacts/{}/notes", id(&contact)),
            json!({"body": "Prefers mornings"}),
        )
        .await;
        created(
            &app,
            &sales,
            &format!("/api/v1/accounts/{}/notes", id(&account)),
            json!({"body": "Renewal in spring"}),
        )
        .await;
        created(
            &app,
            &sales,
            &format!("/api/v1/accounts/{}/notes", id(&elsewhere)),
            json!({"body": "Not Globex"}),
        )
        .await;
        for n in 0..5 {
            created(&app, &sales, "/api/v1/activities", json!({
            "kind": "call", "subject": format!("Call {n}"), "contact_id": id(&contact), "direction": "inbound"
        })).await;
        }
        app.clock.advance(Duration::minutes(5));
        let pipeline = created(&app, &manager, "/api/v1/pipelines", json!({
        "name": "Direct", "stages": [{"name": "Qualify", "probability": 10}, {"name": "Won", "kind": "won"}, {"name": "Lost", "kind": "lost"}],
        "won_reasons": ["Fit"], "lost_reasons": ["Price"]
    })).await;
        let deal = created(&app, &sales, "/api/v1/opportunities", json!({
        "name": "Globex: 40 seats", "account_id": id(&account), "pipeline_id": id(&pipeline), "close_date": "2026-12-31"
    })).await;
        app.clock.advance(Duration::minutes(5));
        let meeting = created(&app, &sales, "/api/v1/activities", json!({
        "kind": "meeting", "subject": "Demo", "opportunity_id": id(&deal),
        "starts_at": "2026-12-07T09:20:00Z", "ends_at": "2026-12-07T10:00:00Z",
        "attendees": [{"contact_id": id(&contact)}, {"user_id": app.a.user(Role::Manager).to_string()}]
    })).await;
        assert_eq!(
            meeting["attendees"][1]["user_id"],
            app.a.user(Role::Manager).to_string()
        );
        created(&app, &agent, "/api/v1/tickets", json!({
        "subject": "Cannot log in", "description": "Since Monday", "requester_id": id(&contact), "account_id": id(&account)
    })).await;

        let path = format!("/api/v1/accounts/{}/timeline", id(&account));
        let whole = read_all(&app, &sales, &path, 100).await;
        let seen: Vec<String> = whole.iter().map(what).collect();
        assert_eq!(seen.len(), 10, "{seen:?}");
        assert_eq!(seen[0], "meeting: Demo");
        assert_eq!(seen[1], "ticket_event: created");
        assert_eq!(seen[2], "stage_change: Qualify");
        assert!(seen.contains(&"note: Prefers mornings".to_owned()));
        assert!(!seen.iter().any(|s| s.contains("Not Globex")));
        let times: Vec<&str> = whole.iter().filter_map(|e| e["at"].as_str()).collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
        // Small pages give the same entries in the same order.
        for limit in [1, 2, 3] {
            let paged: Vec<String> = read_all(&app, &sales, &path, limit)
                .await
                .iter()
                .map(what)
                .collect();
            assert_eq!(paged, seen, "pages of {limit}");
        }

        // Filtered by kind.
        let calls = read_all(&app, &sales, &format!("{path}?kind=call,note"), 100).await;
        let kinds: BTreeSet<String> = calls
            .iter()
            .map(|e| e["kind"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(
            kinds,
            BTreeSet::from(["call".to_owned(), "note".to_owned()])
        );

        // The contact's timeline: its calls, its note, its ticket, the meeting it attends; not
        // the account's note.
        let contact_path = format!("/api/v1/contacts/{}/timeline", id(&contact));
        let of_contact: Vec<String> = read_all(&app, &sales, &contact_path, 100)
            .await
            .iter()
            .map(what)
            .collect();
        assert_eq!(of_contact.len(), 8, "{of_contact:?}");
        assert_eq!(of_contact[0], "meeting: Demo");
        assert!(!of_contact.contains(&"note: Renewal in spring".to_owned()));
        // The deal's: the meeting and its first stage.
        let deal_path = format!("/api/v1/opportunities/{}/timeline", id(&deal));
        let of_deal: Vec<String> = read_all(&app, &sales, &deal_path, 100)
            .await
            .iter()
            .map(what)
            .collect();
        assert_eq!(
            of_deal,
            vec![
                "meeting: Demo".to_owned(),
                "stage_change: Qualify".to_owned()
            ]
        );

        // A bad kind or cursor is the caller's error; another organization's record is not there.
        let bad = app.get(&format!("{path}?kind=fax"), &sales).await;
        assert_eq!(
            problem_code(bad, StatusCode::BAD_REQUEST).await,
            "invalid_parameters"
        );
        let bad = app
            .get(&format!("{path}?cursor=bm90IGEgY3Vyc29y"), &sales)
            .await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        let theirs = app.token(&app.b, Role::Sales);
        assert_eq!(
            app.get(&path, &theirs).await.status(),
            StatusCode::NOT_FOUND
        );
        let their_feed = format!("/api/v1/activities?account_id={}", id(&account));
        let listed = expect_status(app.get(&their_feed, &theirs).await, StatusCode::OK).await;
        assert_eq!(listed["items"], json!([]));
    }
);

on_both!(
    my_tasks_fall_into_the_callers_day_and_the_calendar_feed_holds_the_meetings,
    |app| {
        // 23:30 UTC is already tomorrow in Zürich (UTC+1).
        app.clock.pin(at("2026-12-07T23:30:00Z"));
        let sales = app.token(&app.a, Role::Sales);
        let account = app.account(&sales, account_body("Umbrella")).await;
        for (subject, due) in [
            ("Yesterday's", Some("2026-12-06T12:00:00Z")),
            ("This evening", Some("2026-12-07T22:00:00Z")),
            ("Tomorrow morning", Some("2026-12-08T09:00:00Z")),
            ("Someday", None),
        ] {
            let mut body = json!({"kind": "task", "subject": subject, "account_id": id(&account)});
            if let Some(due) = due {
                body["due_at"] = json!(due);
            }
            created(&app, &sales, "/api/v1/activities", body).await;
        }
        let subjects = |list: &Value| -> Vec<String> {
            list.as_array()
                .into_iter()
                .flatten()
                .map(|t| t["subject"].as_str().unwrap_or_default().to_owned())
                .collect()
        };
        let utc = expect_status(app.get("/api/v1/me/tasks", &sales).await, StatusCode::OK).await;
        assert_eq!(subjects(&utc["overdue"]), ["Yesterday's"]);
        assert_eq!(subjects(&utc["today"]), ["This evening"]);
        assert_eq!(subjects(&utc["upcoming"]), ["Tomorrow morning", "Someday"]);
        let zurich = expect_status(
            app.get("/api/v1/me/tasks?utc_offset_minutes=60", &sales)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            subjects(&zurich["overdue"]),
            ["Yesterday's", "This evening"]
        );
        assert_eq!(subjects(&zurich["today"]), ["Tomorrow morning"]);
        let bad = app
            .get("/api/v1/me/tasks?utc_offset_minutes=900", &sales)
            .await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        // Someone else's tasks are not mine.
        let manager = app.token(&app.a, Role::Manager);
        let theirs =
            expect_status(app.get("/api/v1/me/tasks", &manager).await, StatusCode::OK).await;
        assert_eq!(theirs, json!({"overdue": [], "today": [], "upcoming": []}));

        // The feed: the meeting the manager attends, with text escaped for iCalendar.
        created(&app, &sales, "/api/v1/activities", json!({
        "kind": "meeting", "subject": "Review, then sign", "account_id": id(&account),
        "starts_at": "2026-12-09T14:00:00Z", "ends_at": "2026-12-09T15:00:00Z", "location": "Room 4",
        "attendees": [{"user_id": app.a.user(Role::Manager).to_string()}]
    })).await;
        let feed = expect_status(
            app.post("/api/v1/me/calendar-feed", &manager, &json!({}))
                .await,
            StatusCode::CREATED,
        )
        .await;
        let url = feed["url"].as_str().unwrap_or_default().to_owned();
        let path = url
            .split_once("/api/v1/")
            .map(|(_, p)| format!("/api/v1/{p}"))
            .unwrap_or_default();
        let response = app
            .request(reqwest::Method::GET, &path, None)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/calendar"));
        let ics = response.text().await.unwrap_or_default();
        assert!(ics.contains("SUMMARY:Review\\, then sign\r\n"), "{ics}");
        assert!(ics.contains("DTSTART:20261209T140000Z\r\n"));
        assert!(
            !ics.contains("Tomorrow morning"),
            "the seller's tasks are not the manager's"
        );

        // A new address retires the old one; stopping the feed retires it too.
        expect_status(
            app.post("/api/v1/me/calendar-feed", &manager, &json!({}))
                .await,
            StatusCode::CREATED,
        )
        .await;
        let old = app
            .request(reqwest::Method::GET, &path, None)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(old.status(), StatusCode::NOT_FOUND);
        let tampered = path.replace("cal_", "cal_A");
        let forged = app
            .request(reqwest::Method::GET, &tampered, None)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(forged.status(), StatusCode::NOT_FOUND);
    }
);
