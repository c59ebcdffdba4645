//! The phone: a provider's signed events make a call that pops up on the agent's event
//! stream, linked to the caller found by number; a ticket is made from it in one step; a
//! callback waits in the queue. Another organization sees none of it.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::live::Stream;
use crate::on_both;
use crate::support::{count, errors, expect_status, problem_code, urlencode, TestApp};
use domain::Role;

/// Posts `event` to the provider's events path, signed with `secret` (now).
async fn post_event(
    app: &TestApp,
    provider: &Value,
    secret: &str,
    event: &Value,
) -> reqwest::Response {
    let body = serde_json::to_vec(event).unwrap_or_default();
    let timestamp = chrono::Utc::now().timestamp().to_string();
    let signature = format!("v1={}", server::phone::signature(secret, &timestamp, &body));
    let path = provider["events_path"].as_str().unwrap_or_default();
    app.client
        .post(app.url(path))
        .header("content-type", "application/json")
        .header("Rapport-Timestamp", timestamp)
        .header("Rapport-Signature", signature)
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn id(v: &Value) -> &str {
    v["id"].as_str().unwrap_or_default()
}

on_both!(
    a_signed_call_pops_up_becomes_a_ticket_and_a_callback,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let agent = app.token(&app.a, Role::Agent);
        let stranger = app.token(&app.b, Role::Admin);
        // Numbers without a country code are Swiss here.
        expect_status(
            app.patch(
                "/api/v1/organization",
                &admin,
                None,
                &json!({"phone_region": "ch"}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        let account = app
            .account(
                &agent,
                json!({"name": "Zürich Optics", "type": "customer", "phone": "+41 44 555 00 00"}),
            )
            .await;
        let contact = app
            .contact(
                &agent,
                json!({
                    "last_name": "Meier", "account_id": id(&account),
                    "phones": [{"kind": "work", "number": "044 555 12 34"}]
                }),
            )
            .await;
        let ticket = expect_status(
        app.post("/api/v1/tickets", &agent, &json!({
            "subject": "Lens order", "description": "Where is it?", "requester_id": id(&contact)
        }))
        .await,
        StatusCode::CREATED,
    )
    .await;

        // Looked up however it is written.
        for written in ["+41445551234", "0041 44 555 12 34", "044-555-12-34"] {
            let path = format!("/api/v1/lookup/phone?number={}", urlencode(written));
            let found = expect_status(app.get(&path, &agent).await, StatusCode::OK).await;
            assert_eq!(found["number"], "+41445551234");
            assert_eq!(found["contacts"][0]["id"], contact["id"], "{written}");
            assert_eq!(found["accounts"][0]["id"], account["id"]);
            assert_eq!(found["open_tickets"][0]["id"], ticket["id"]);
        }
        let theirs = app
            .get(
                &format!("/api/v1/lookup/phone?number={}", urlencode("+41445551234")),
                &stranger,
            )
            .await;
        let theirs = expect_status(theirs, StatusCode::OK).await;
        assert_eq!(
            theirs["contacts"],
            json!([]),
            "another organization's contact was found"
        );
        let junk = app
            .get("/api/v1/lookup/phone?number=call%20me", &agent)
            .await;
        let junk = expect_status(junk, StatusCode::BAD_REQUEST).await;
        assert_eq!(junk["errors"][0]["code"], "invalid_number");

        let provider = expect_status(
            app.post(
                "/api/v1/telephony/providers",
                &admin,
                &json!({"name": "Main line"}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let secret = provider["signing_secret"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let mut stream = Stream::open(&app, &agent).await;
        let ringing = json!({
            "event": "ringing", "call_id": "CA-1", "from": "+41 44 555 12 34", "to": "+41445550000",
            "agent_email": app.a.email(Role::Agent)
        });
        // Unsigned, or signed with another secret: refused, nothing made.
        assert_eq!(
            problem_code(
                post_event(&app, &provider, "wrong", &ringing).await,
                StatusCode::UNAUTHORIZED
            )
            .await,
            "unauthenticated"
        );
        let call = expect_status(
            post_event(&app, &provider, &secret, &ringing).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(call["state"], "ringing");
        assert_eq!(call["contact_id"], contact["id"]);
        assert_eq!(call["account_id"], account["id"]);
        assert_eq!(call["agent_id"], app.a.user(Role::Agent).to_string());
        let (event, data) = stream.next().await;
        assert_eq!(
            (event.as_str(), &data["call_id"], &data["kind"]),
            ("call", &call["id"], &json!("ringing"))
        );
        assert_eq!(data["agent_id"], app.a.user(Role::Agent).to_string());

        // The same event again changes nothing; answered and ended complete the call.
        let again = expect_status(
            post_event(&app, &provider, &secret, &ringing).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(again["id"], call["id"]);
        let mut answered = ringing.clone();
        answered["event"] = json!("answered");
        expect_status(
            post_event(&app, &provider, &secret, &answered).await,
            StatusCode::OK,
        )
        .await;
        let (_, data) = stream.next().await;
        assert_eq!(
            data["kind"], "answered",
            "a repeated event was announced again"
        );
        let ended = json!({"event": "ended", "call_id": "CA-1", "recording_url": "https://rec.example/CA-1"});
        let done = expect_status(
            post_event(&app, &provider, &secret, &ended).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (&done["state"], &done["outcome"]),
            (&json!("ended"), &json!("connected"))
        );
        assert_eq!(done["recording_url"], "https://rec.example/CA-1");
        assert!(
            done["duration_seconds"].as_i64().is_some_and(|s| s >= 0),
            "{done}"
        );
        assert_eq!(stream.next().await.1["kind"], "ended");

        // One click: a ticket from the call, the caller its requester; once only.
        let call_path = format!("/api/v1/calls/{}", id(&call));
        let made = expect_status(
            app.post(
                &format!("{call_path}/ticket"),
                &agent,
                &json!({"subject": "Lens broken"}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(
            (&made["requester_id"], &made["channel"]),
            (&contact["id"], &json!("phone"))
        );
        let linked = expect_status(app.get(&call_path, &agent).await, StatusCode::OK).await;
        assert_eq!(linked["ticket_id"], made["id"]);
        assert_eq!(
            problem_code(
                app.post(&format!("{call_path}/ticket"), &agent, &json!({}))
                    .await,
                StatusCode::CONFLICT
            )
            .await,
            "call_has_ticket"
        );
        assert_eq!(
            app.get(&call_path, &stranger).await.status(),
            StatusCode::NOT_FOUND
        );

        // A call from a number nobody has is on no record; its ticket's requester is new.
        let unknown = json!({"event": "ended", "call_id": "CA-2", "from": "+41 31 555 99 99"});
        let missed = expect_status(
            post_event(&app, &provider, &secret, &unknown).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(
            (&missed["contact_id"], &missed["outcome"]),
            (&Value::Null, &json!("no_answer"))
        );
        let made = expect_status(
            app.post(
                &format!("/api/v1/calls/{}/ticket", id(&missed)),
                &agent,
                &json!({}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let requester = format!(
            "/api/v1/contacts/{}",
            made["requester_id"].as_str().unwrap_or_default()
        );
        let requester = expect_status(app.get(&requester, &agent).await, StatusCode::OK).await;
        assert_eq!(requester["phones"][0]["number"], "+41 31 555 99 99");

        // The caller asks to be called back: the number comes from the call.
        let callback = expect_status(
            app.post(
                "/api/v1/callbacks",
                &agent,
                &json!({"call_id": id(&missed), "due_at": "2026-12-24T09:00:00Z"}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(
            (&callback["number"], &callback["assignee_id"]),
            (&json!("+41 31 555 99 99"), &Value::Null)
        );
        let queue = expect_status(
            app.get("/api/v1/callbacks?status=open&assignee_id=none", &agent)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(queue["items"][0]["id"], callback["id"]);
        let theirs = expect_status(
            app.get("/api/v1/callbacks", &stranger).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(theirs["items"], json!([]));
        let path = format!("/api/v1/callbacks/{}", id(&callback));
        // What a callback was asked in must be a call.
        let task = expect_status(
            app.post(
                "/api/v1/activities",
                &agent,
                &json!({"kind": "task", "subject": "Not a call", "account_id": id(&account)}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let not_a_call = app
            .patch(&path, &agent, None, &json!({"call_id": id(&task)}))
            .await;
        assert_eq!(
            errors(not_a_call).await,
            vec![("/call_id".into(), "unknown_reference".into())]
        );
        let taken = app
            .patch(
                &path,
                &agent,
                None,
                &json!({"assignee_id": app.a.user(Role::Agent).to_string(), "status": "done"}),
            )
            .await;
        let taken = expect_status(taken, StatusCode::OK).await;
        assert!(taken["completed_at"].is_string(), "{taken}");

        // A deactivated provider's events find nothing.
        let provider_path = format!("/api/v1/telephony/providers/{}", id(&provider));
        expect_status(
            app.patch(&provider_path, &admin, None, &json!({"active": false}))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            post_event(&app, &provider, &secret, &ringing)
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
    }
);

on_both!(one_call_is_made_of_first_events_arriving_at_once, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let provider = expect_status(
        app.post(
            "/api/v1/telephony/providers",
            &admin,
            &json!({"name": "Busy line"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let secret = provider["signing_secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // A provider retrying at once, and `answered` overtaking `ringing`.
    let events = [
        "ringing", "ringing", "answered", "ringing", "answered", "ringing",
    ]
    .map(|kind| json!({"event": kind, "call_id": "CA-race", "from": "+41 44 555 00 01"}));
    let answers = futures_util::future::join_all(
        events
            .iter()
            .map(|e| post_event(&app, &provider, &secret, e)),
    )
    .await;
    let mut created = 0;
    for answer in answers {
        match answer.status() {
            StatusCode::CREATED => created += 1,
            StatusCode::OK => {}
            other => panic!("{other}: {}", answer.text().await.unwrap_or_default()),
        }
    }
    assert_eq!(created, 1, "one call, made by whichever event came first");
    let calls = expect_status(app.get("/api/v1/calls", &admin).await, StatusCode::OK).await;
    let calls = calls["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0]["state"], "in_progress",
        "the answer was kept whatever came first"
    );
});

on_both!(
    numbers_written_before_they_were_kept_are_found_after_the_next_start,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let contact = app
        .contact(&agent, json!({"last_name": "Early", "phones": [{"kind": "work", "number": "+1 (415) 555-0177"}]}))
        .await;
        // As a database from before the numbers were kept: none is.
        let mut conn = app.state.pool.get().unwrap_or_else(|e| panic!("{e}"));
        for table in ["contact_phones", "account_phones", "lead_phones"] {
            db::sql::Sql::new(format!("DELETE FROM {table}"))
                .execute(&mut conn)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let lookup = format!("/api/v1/lookup/phone?number={}", urlencode("+14155550177"));
        let before = expect_status(app.get(&lookup, &agent).await, StatusCode::OK).await;
        assert_eq!(before["contacts"], json!([]));
        db::migrations::run_pending(&mut conn).unwrap_or_else(|e| panic!("{e}"));
        assert!(count(&app, "SELECT COUNT(*) AS n FROM contact_phones") > 0);
        let after = expect_status(app.get(&lookup, &agent).await, StatusCode::OK).await;
        assert_eq!(after["contacts"][0]["id"], contact["id"]);
    }
);
