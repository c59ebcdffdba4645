//! Live: the event stream carries each committed ticket change of the caller's organization,
//! whichever server process made it, and nothing of another organization; a ticket's viewers
//! are who said so lately.

use std::time::Duration;

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{expect_status, free_port, problem_code, server_process, until_up, TestApp};
use domain::Role;

/// An open event stream and what it has sent that was not read yet.
pub(crate) struct Stream {
    response: Response,
    buffer: String,
}

impl Stream {
    pub(crate) async fn open(app: &TestApp, token: &str) -> Stream {
        let response = app.get("/api/v1/events", token).await;
        assert_eq!(response.status(), StatusCode::OK);
        let kind = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(kind.starts_with("text/event-stream"), "{kind}");
        Stream {
            response,
            buffer: String::new(),
        }
    }

    /// The next event's name and data (comments skipped); panics after ten seconds.
    pub(crate) async fn next(&mut self) -> (String, Value) {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let field = |name: &str| {
                    block
                        .lines()
                        .find_map(|l| l.strip_prefix(name))
                        .map(str::trim)
                        .map(str::to_owned)
                };
                if let Some(event) = field("event:") {
                    let data = field("data:").unwrap_or_default();
                    let data =
                        serde_json::from_str(&data).unwrap_or_else(|e| panic!("{data}: {e}"));
                    return (event, data);
                }
                continue;
            }
            let chunk =
                actix_web::rt::time::timeout(Duration::from_secs(10), self.response.chunk())
                    .await
                    .unwrap_or_else(|_| {
                        panic!("no event within ten seconds; read: {}", self.buffer)
                    })
                    .unwrap_or_else(|e| panic!("stream: {e}"))
                    .unwrap_or_else(|| panic!("the stream ended"));
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The next event, which must be a `ticket` event.
    async fn ticket(&mut self) -> Value {
        let (event, data) = self.next().await;
        assert_eq!(event, "ticket", "{data}");
        data
    }
}

async fn create(base: &str, client: &reqwest::Client, token: &str, subject: &str) -> Value {
    let body =
        json!({"subject": subject, "description": "D", "requester_email": "r@customer.example"});
    let response = client
        .post(format!("{base}/api/v1/tickets"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect_status(response, StatusCode::CREATED).await
}

on_both!(
    the_stream_carries_committed_changes_of_the_own_organization_from_any_process,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let other = app.token(&app.b, Role::Agent);
        // Whatever commits once the stream has answered comes through it.
        let mut stream = Stream::open(&app, &agent).await;

        let theirs = create(&app.address, &app.client, &other, "Not yours").await;
        let ours = create(&app.address, &app.client, &agent, "Printer jam").await;
        let created = stream.ticket().await;
        assert_eq!(
            created["ticket_id"], ours["id"],
            "another organization's change came through"
        );
        assert_eq!(created["kind"], "created");
        assert_eq!(created["actor_id"], app.a.user(Role::Agent).to_string());

        // A change made by another server process on the same database arrives too.
        let port = free_port();
        let mut process = server_process(
            &app.state.settings.database_url,
            port,
            &app.state.settings.jwt_secret,
        );
        let base = format!("http://127.0.0.1:{port}");
        until_up(&app.client, &base).await;
        let elsewhere = create(&base, &app.client, &agent, "Made elsewhere").await;
        let _ = process.kill();
        let _ = process.wait();
        assert_eq!(stream.ticket().await["ticket_id"], elsewhere["id"]);

        let path = format!(
            "/api/v1/tickets/{}",
            ours["id"].as_str().unwrap_or_default()
        );
        expect_status(
            app.patch(
                &path,
                &agent,
                None,
                &json!({"status": "pending", "tags": ["jam"]}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        let kinds = [stream.ticket().await, stream.ticket().await].map(|e| e["kind"].clone());
        assert_eq!(kinds, [json!("status_changed"), json!("edited")]);

        // A change refused as a whole (one ticket of the bulk is not theirs to change) sends
        // nothing: the next event is the change after it.
        let bulk = json!({"ids": [ours["id"], theirs["id"]], "priority": "low"});
        let refused = app.post("/api/v1/tickets/bulk", &agent, &bulk).await;
        assert!(refused.status().is_client_error(), "{}", refused.status());
        expect_status(
            app.patch(&path, &agent, None, &json!({"category": "Hardware"}))
                .await,
            StatusCode::OK,
        )
        .await;
        let next = stream.ticket().await;
        assert_eq!(
            (&next["ticket_id"], &next["kind"]),
            (&ours["id"], &json!("edited"))
        );
    }
);

on_both!(the_stream_needs_a_signed_in_reader_of_tickets, |app| {
    let anonymous = app.client.get(app.url("/api/v1/events")).send().await;
    let anonymous = anonymous.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        problem_code(anonymous, StatusCode::UNAUTHORIZED).await,
        "unauthenticated"
    );
});

on_both!(
    viewers_are_who_said_so_lately_within_the_organization,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let manager = app.token(&app.a, Role::Manager);
        let ticket = create(&app.address, &app.client, &agent, "Who is on it").await;
        let path = format!(
            "/api/v1/tickets/{}/viewers",
            ticket["id"].as_str().unwrap_or_default()
        );
        let names = |body: Value| -> Vec<String> {
            body["viewers"]
                .as_array()
                .map(|v| {
                    v.iter()
                        .map(|v| v["name"].as_str().unwrap_or_default().to_owned())
                        .collect()
                })
                .unwrap_or_default()
        };
        let put = |token: &str| {
            app.request(reqwest::Method::PUT, &format!("{path}/me"), Some(token))
                .send()
        };
        let first = expect_status(
            put(&agent).await.unwrap_or_else(|e| panic!("{e}")),
            StatusCode::OK,
        )
        .await;
        assert_eq!(names(first), ["agent alpha"]);
        let both = expect_status(
            put(&manager).await.unwrap_or_else(|e| panic!("{e}")),
            StatusCode::OK,
        )
        .await;
        assert_eq!(names(both), ["agent alpha", "manager alpha"]);

        expect_status(
            app.delete(&format!("{path}/me"), &agent, None).await,
            StatusCode::NO_CONTENT,
        )
        .await;
        let left = expect_status(app.get(&path, &manager).await, StatusCode::OK).await;
        assert_eq!(names(left), ["manager alpha"]);

        // Thirty-one seconds without a word, and the manager is gone too.
        app.clock.advance(chrono::Duration::seconds(31));
        let later = expect_status(app.get(&path, &agent).await, StatusCode::OK).await;
        assert_eq!(names(later), Vec::<String>::new());

        // Another organization cannot see the ticket, nor say it views it.
        let outsider = app.token(&app.b, Role::Agent);
        assert_eq!(
            problem_code(app.get(&path, &outsider).await, StatusCode::NOT_FOUND).await,
            "not_found"
        );
        let response = put(&outsider).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            problem_code(response, StatusCode::NOT_FOUND).await,
            "not_found"
        );
    }
);
