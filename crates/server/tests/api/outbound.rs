//! Outgoing mail against a real SMTP server (MailDev, started by `make test`): the settings
//! and templates, and a conversation that threads both ways.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{count, eventually, expect_status, problem_code, TestApp};
use domain::Role;

/// MailDev's SMTP host and port and its API, from scripts/mail-servers.sh; `None` (said
/// loudly) outside `make test`, a failure under CI.
pub(crate) fn maildev() -> Option<(String, u16, String)> {
    let smtp = std::env::var("RAPPORT_TEST_SMTP").ok();
    let api = std::env::var("RAPPORT_TEST_MAILDEV").ok();
    match (smtp.as_deref().and_then(|s| s.rsplit_once(':')), api) {
        (Some((host, port)), Some(api)) => Some((host.to_owned(), port.parse().ok()?, api)),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but no MailDev: run the tests through make test"
            );
            eprintln!("!! no MailDev (RAPPORT_TEST_SMTP, RAPPORT_TEST_MAILDEV): mail test skipped; run make test");
            None
        }
    }
}

/// The mail MailDev holds for `to`, oldest first.
pub(crate) async fn mail_to(api: &str, to: &str) -> Value {
    let all: Vec<Value> = reqwest::get(format!("{api}/email"))
        .await
        .unwrap_or_else(|e| panic!("MailDev: {e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("MailDev: {e}"));
    let mine: Vec<Value> = all
        .into_iter()
        .filter(|m| {
            m["to"]
                .as_array()
                .is_some_and(|to_list| to_list.iter().any(|t| t["address"] == to))
        })
        .collect();
    Value::Array(mine)
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

pub(crate) async fn settings(
    app: &TestApp,
    admin: &str,
    host: &str,
    port: u16,
    reply_to: Option<&str>,
) {
    let body = json!({"enabled": true, "smtp_host": host, "smtp_port": port,
                      "smtp_security": "none", "from_address": "help@acme.example",
                      "from_name": "Acme Help", "reply_to_mailbox_id": reply_to});
    let response = app
        .request(Method::PUT, "/api/v1/email-settings", Some(admin))
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect_status(response, StatusCode::OK).await;
}

/// A support mailbox, and mail sent through MailDev with answers going to that mailbox.
async fn support_desk(app: &TestApp, admin: &str, host: &str, port: u16) -> Value {
    let body = json!({"name": "Support", "address": "support@acme.example"});
    let mailbox = app.post("/api/v1/mailboxes", admin, &body).await;
    let mailbox = expect_status(mailbox, StatusCode::CREATED).await;
    settings(app, admin, host, port, Some(&text(&mailbox["id"]))).await;
    mailbox
}

async fn post_mail(app: &TestApp, path: &str, raw: String) -> Value {
    let response = app
        .request(Method::POST, path, None)
        .header("content-type", "message/rfc822")
        .body(raw)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect_status(response, StatusCode::CREATED).await
}

on_both!(a_conversation_by_mail_threads_both_ways, |app| {
    let Some((host, port, api)) = maildev() else {
        return;
    };
    let admin = app.token(&app.a, Role::Admin);
    let agent = app.token(&app.a, Role::Agent);
    let mailbox = support_desk(&app, &admin, &host, port).await;
    // Each run writes from its own address: both databases' runs share one MailDev.
    let customer = format!("ann-{}@customer.example", uuid::Uuid::now_v7().simple());

    let first = format!(
        "From: Ann <{customer}>\r\nTo: support@acme.example\r\nSubject: Printer on fire\r\n\
         Message-ID: <first-{customer}>\r\nContent-Type: text/plain\r\n\r\nIt burns.\r\n"
    );
    let opened = post_mail(&app, &text(&mailbox["inbound_path"]), first).await;
    let ticket = text(&opened["ticket_id"]);
    let number = expect_status(
        app.get(&format!("/api/v1/tickets/{ticket}"), &agent).await,
        StatusCode::OK,
    )
    .await["number"]
        .as_i64()
        .unwrap_or_default();

    // The customer is told the ticket is open, in the thread of their own mail.
    let received = eventually(
        "the ticket-received mail",
        async || mail_to(&api, &customer).await,
        |m| m.as_array().is_some_and(|l| l.len() == 1),
    )
    .await;
    let received = &received[0];
    assert_eq!(
        text(&received["subject"]),
        format!("We received your request: Printer on fire [#{number}]")
    );
    let headers = &received["headers"];
    assert_eq!(text(&headers["in-reply-to"]), format!("<first-{customer}>"));
    assert_eq!(text(&headers["auto-submitted"]), "auto-replied");
    assert_eq!(
        text(&headers["reply-to"]),
        format!("support+{number}@acme.example")
    );
    assert!(
        text(&received["from"][0]["address"]) == "help@acme.example",
        "{received}"
    );

    // The agent answers; the mail carries the words, threaded after both earlier mails.
    let reply = json!({"body": "We are sending a technician.\n\nSam", "public": true});
    expect_status(
        app.post(
            &format!("/api/v1/tickets/{ticket}/messages"),
            &agent,
            &reply,
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let both = eventually(
        "the agent's reply by mail",
        async || mail_to(&api, &customer).await,
        |m| m.as_array().is_some_and(|l| l.len() == 2),
    )
    .await;
    let answer = both
        .as_array()
        .and_then(|l| l.iter().find(|m| text(&m["text"]).contains("technician")))
        .cloned()
        .unwrap_or_else(|| panic!("no reply among {both}"));
    assert_eq!(
        text(&answer["subject"]),
        format!("Re: Printer on fire [#{number}]")
    );
    assert!(answer["headers"]["auto-submitted"].is_null(), "{answer}");
    let references = text(&answer["headers"]["references"]);
    assert!(
        references.contains(&format!("<first-{customer}>"))
            && references.contains(&text(&received["messageId"])),
        "{references}"
    );
    assert!(text(&answer["html"]).contains("<p>We are sending a technician.</p>"));

    // The customer answers the reply from a mail program that drops the subject's reference:
    // the reply's Message-ID alone threads it onto the ticket.
    let again = format!(
        "From: Ann <{customer}>\r\nTo: support@acme.example\r\nSubject: Thanks\r\n\
         Message-ID: <second-{customer}>\r\nIn-Reply-To: {}\r\nContent-Type: text/plain\r\n\r\n\
         Great, thank you.\r\n",
        text(&answer["messageId"])
    );
    let answered = post_mail(&app, &text(&mailbox["inbound_path"]), again).await;
    assert_eq!(
        (text(&answered["outcome"]), text(&answered["ticket_id"])),
        ("replied".to_owned(), ticket.clone())
    );
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM tickets"), 1);
    let sent = count(
        &app,
        "SELECT COUNT(*) AS n FROM outbound_emails WHERE status = 'sent'",
    );
    assert_eq!(sent, 2);
});

on_both!(mail_that_cannot_go_out_is_retried_and_kept, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let agent = app.token(&app.a, Role::Agent);
    // Nothing listens on a port just freed: every delivery fails, and is tried again later.
    let closed = crate::support::free_port();
    settings(&app, &admin, "127.0.0.1", closed, None).await;
    let contact = app
        .contact(
            &agent,
            json!({"last_name": "Doe", "email": "doe@customer.example"}),
        )
        .await;
    let body = json!({"subject": "Help", "description": "Please",
                      "requester_id": contact["id"], "priority": "normal"});
    let ticket = app.post("/api/v1/tickets", &agent, &body).await;
    let ticket = text(&expect_status(ticket, StatusCode::CREATED).await["id"]);
    // An agent opened it: no "received" mail; their reply is mailed.
    let reply = json!({"body": "On it.", "public": true});
    let messages = format!("/api/v1/tickets/{ticket}/messages");
    expect_status(
        app.post(&messages, &agent, &reply).await,
        StatusCode::CREATED,
    )
    .await;
    eventually(
        "a failed first attempt",
        async || {
            json!(count(
                &app,
                "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'mail.send' AND status = 'queued' \
                 AND attempts = 1 AND last_error IS NOT NULL"
            ))
        },
        |n| *n == json!(1),
    )
    .await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM outbound_emails WHERE status = 'queued' AND detail IS NOT NULL"
        ),
        1
    );

    // Mail turned off: nothing more is queued.
    let off = json!({"enabled": false, "smtp_host": "127.0.0.1", "smtp_port": closed,
                     "smtp_security": "none", "from_address": "help@acme.example"});
    let response = app
        .request(Method::PUT, "/api/v1/email-settings", Some(&admin))
        .json(&off)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let saved = expect_status(response, StatusCode::OK).await;
    assert_eq!(saved["enabled"], json!(false));
    expect_status(
        app.post(&messages, &agent, &reply).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM outbound_emails"), 1);
});

on_both!(templates_are_checked_previewed_and_reset, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let listed = expect_status(
        app.get("/api/v1/email-templates", &admin).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed.as_array().map(Vec::len), Some(12));
    assert!(listed
        .as_array()
        .is_some_and(|l| l.iter().all(|t| t["customized"] == json!(false))));

    let path = "/api/v1/email-templates/agent_reply";
    let broken = json!({"subject": "Re: {{ tiket.subject }}", "body_text": "{{ message.text }}",
                        "body_html": "{% if %}"});
    let response = app
        .request(Method::PUT, path, Some(&admin))
        .json(&broken)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let problem = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let pointers: Vec<String> = problem["errors"]
        .as_array()
        .map(|l| l.iter().map(|e| text(&e["pointer"])).collect())
        .unwrap_or_default();
    assert_eq!(pointers, ["/subject", "/body_html"], "{problem}");

    let own = json!({"subject": "Re: {{ ticket.subject }}",
                     "body_text": "{{ message.text }}\n-- {{ organization.name }}",
                     "body_html": "<div>{{ message.text | paragraphs }}</div>"});
    let response = app
        .request(Method::PUT, path, Some(&admin))
        .json(&own)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let saved = expect_status(response, StatusCode::OK).await;
    assert_eq!(
        (saved["customized"].clone(), saved["version"].clone()),
        (json!(true), json!(1))
    );

    // The preview escapes what the customer could have written.
    let preview = expect_status(
        app.post(&format!("{path}/preview"), &admin, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        text(&preview["subject"]),
        "Re: The export stops at 80% [#1042]"
    );
    assert!(
        text(&preview["body_html"]).contains("&lt;script&gt;"),
        "{preview}"
    );

    // Another admin's change meanwhile is not overwritten.
    let stale = app
        .request(Method::PUT, path, Some(&admin))
        .header("if-match", "\"0\"")
        .json(&own)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        problem_code(stale, StatusCode::PRECONDITION_FAILED).await,
        "version_mismatch"
    );

    let reset = expect_status(app.delete(path, &admin, None).await, StatusCode::OK).await;
    assert_eq!(reset["customized"], json!(false));
    let unknown = app.get("/api/v1/email-templates/newsletter", &admin).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    // Agents may not change what the organization sends.
    let agent = app.token(&app.a, Role::Agent);
    assert_eq!(app.get(path, &agent).await.status(), StatusCode::FORBIDDEN);
});

/// Dovecot's address, from scripts/mail-servers.sh (as [`maildev`] for its absence).
fn imap_server() -> Option<String> {
    let found = std::env::var("RAPPORT_TEST_IMAP").ok();
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but no IMAP server: run the tests through make test"
        );
        eprintln!("!! no IMAP server (RAPPORT_TEST_IMAP): IMAP test skipped; run make test");
    }
    found
}

/// Puts a message into `user`'s INBOX, as a mail server delivering it would.
async fn deliver(imap: &str, user: &str, raw: &str) {
    let tcp = tokio::net::TcpStream::connect(imap)
        .await
        .unwrap_or_else(|e| panic!("IMAP: {e}"));
    let mut client = async_imap::Client::new(tcp);
    client
        .read_response()
        .await
        .unwrap_or_else(|e| panic!("IMAP greeting: {e}"));
    let mut session = client
        .login(user, "imap-secret")
        .await
        .unwrap_or_else(|(e, _)| panic!("IMAP login: {e}"));
    session
        .append("INBOX", None, None, raw.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("IMAP append: {e}"));
    let _ = session.logout().await;
}

on_both!(a_whole_conversation_over_imap_and_smtp, |app| {
    let (Some((host, port, api)), Some(imap)) = (maildev(), imap_server()) else {
        return;
    };
    let admin = app.token(&app.a, Role::Admin);
    let agent = app.token(&app.a, Role::Agent);
    let mailbox = support_desk(&app, &admin, &host, port).await;
    let mailbox_id = text(&mailbox["id"]);
    // Each run reads a mailbox of its own on the one Dovecot, and writes from its own address.
    let run = uuid::Uuid::now_v7().simple().to_string();
    let user = format!("support-{run}");
    let customer = format!("grace-{run}@customer.example");
    let (imap_host, imap_port) = imap.rsplit_once(':').unwrap_or_default();
    let source = json!({"host": imap_host, "port": imap_port.parse::<u16>().unwrap_or(0),
                        "security": "none", "username": user, "password": "imap-secret"});
    let response = app
        .request(
            Method::PUT,
            &format!("/api/v1/mailboxes/{mailbox_id}/imap"),
            Some(&admin),
        )
        .json(&source)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let saved = expect_status(response, StatusCode::OK).await;
    assert_eq!(
        (saved["folder"].clone(), saved["last_uid"].clone()),
        (json!("INBOX"), json!(0))
    );

    // The customer's mail reaches the IMAP server; Rapport fetches it and opens a ticket.
    let first = format!(
        "From: Grace <{customer}>\r\nTo: support@acme.example\r\nSubject: Cannot log in\r\n\
         Message-ID: <first-{customer}>\r\nContent-Type: text/plain\r\n\r\nMy password fails.\r\n"
    );
    deliver(&imap, &user, &first).await;
    let emails_path = format!("/api/v1/mailboxes/{mailbox_id}/emails");
    let got = eventually(
        "the fetched mail",
        async || {
            app.get(&emails_path, &admin)
                .await
                .json::<Value>()
                .await
                .unwrap_or_default()
        },
        |page| page["items"].as_array().is_some_and(|l| l.len() == 1),
    )
    .await;
    assert_eq!(text(&got["items"][0]["outcome"]), "opened");
    let ticket = text(&got["items"][0]["ticket_id"]);

    // The agent's reply reaches the customer by SMTP, threaded.
    let reply = json!({"body": "Your password is reset.", "public": true});
    expect_status(
        app.post(
            &format!("/api/v1/tickets/{ticket}/messages"),
            &agent,
            &reply,
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let mails = eventually(
        "the agent's reply by mail",
        async || mail_to(&api, &customer).await,
        |m| {
            m.as_array()
                .is_some_and(|l| l.iter().any(|m| text(&m["text"]).contains("reset")))
        },
    )
    .await;
    let answer = mails
        .as_array()
        .and_then(|l| l.iter().find(|m| text(&m["text"]).contains("reset")))
        .cloned()
        .unwrap_or_default();
    assert!(
        text(&answer["headers"]["references"]).contains(&format!("<first-{customer}>")),
        "{answer}"
    );

    // The customer answers it; the answer comes in over IMAP and lands on the same ticket.
    let again = format!(
        "From: Grace <{customer}>\r\nTo: support@acme.example\r\nSubject: {}\r\n\
         Message-ID: <second-{customer}>\r\nIn-Reply-To: {}\r\nReferences: <first-{customer}> {}\r\n\
         Content-Type: text/plain\r\n\r\nIt works now, thanks.\r\n",
        text(&answer["subject"]),
        text(&answer["messageId"]),
        text(&answer["messageId"])
    );
    deliver(&imap, &user, &again).await;
    let got = eventually(
        "the fetched answer",
        async || {
            app.get(&emails_path, &admin)
                .await
                .json::<Value>()
                .await
                .unwrap_or_default()
        },
        |page| page["items"].as_array().is_some_and(|l| l.len() == 2),
    )
    .await;
    let answered = got["items"]
        .as_array()
        .and_then(|l| l.iter().find(|e| e["outcome"] == json!("replied")))
        .cloned()
        .unwrap_or_else(|| panic!("no reply among {got}"));
    assert_eq!(text(&answered["ticket_id"]), ticket);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM tickets"), 1);
    // The mailbox's place is written after the message it fetched.
    let polled = eventually(
        "the mailbox's place after the answer",
        async || {
            app.get(&format!("/api/v1/mailboxes/{mailbox_id}/imap"), &admin)
                .await
                .json::<Value>()
                .await
                .unwrap_or_default()
        },
        |state| state["last_uid"] == json!(2),
    )
    .await;
    assert_eq!(polled["error"], Value::Null);
});

on_both!(a_saved_password_goes_to_its_own_server_only, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let put = async |body: Value| {
        app.request(Method::PUT, "/api/v1/email-settings", Some(&admin))
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let mut body = json!({"enabled": false, "smtp_host": "smtp.acme.example", "smtp_port": 587,
                          "smtp_security": "starttls", "smtp_username": "desk",
                          "smtp_password": "s3cret", "from_address": "help@acme.example"});
    let saved = expect_status(put(body.clone()).await, StatusCode::OK).await;
    assert_eq!(saved["password_set"], json!(true));
    assert!(!saved.to_string().contains("s3cret"), "{saved}");
    // Left out, the password is kept for the same server and account...
    body["smtp_password"] = Value::Null;
    body["from_name"] = json!("Acme Help");
    let kept = expect_status(put(body.clone()).await, StatusCode::OK).await;
    assert_eq!(kept["password_set"], json!(true));
    // ...but never handed to another server.
    body["smtp_host"] = json!("smtp.elsewhere.example");
    let problem = expect_status(put(body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        problem["errors"][0]["pointer"],
        json!("/smtp_password"),
        "{problem}"
    );
});
