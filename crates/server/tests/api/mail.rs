//! Email-to-case: mailboxes, and what the mail posted to them becomes.

use rand::Rng;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{count, expect_status, problem_code, TestApp};
use domain::Role;

async fn mailbox(app: &TestApp, admin: &str) -> Value {
    let body = json!({"name": "Support", "address": "support@acme.example"});
    expect_status(
        app.post("/api/v1/mailboxes", admin, &body).await,
        StatusCode::CREATED,
    )
    .await
}

/// A message from `from` with `headers` (each a whole line) and `text`.
fn letter(from: &str, subject: &str, headers: &[&str], text: &str) -> String {
    let mut raw = format!("From: Ann Customer <{from}>\r\nTo: support@acme.example\r\nSubject: {subject}\r\nDate: Sat, 5 Dec 2026 10:00:00 +0000\r\n");
    for header in headers {
        raw.push_str(header);
        raw.push_str("\r\n");
    }
    raw.push_str("Content-Type: text/plain; charset=utf-8\r\n\r\n");
    raw.push_str(&text.replace('\n', "\r\n"));
    raw
}

async fn post_raw(app: &TestApp, path: &str, raw: impl Into<reqwest::Body>) -> reqwest::Response {
    app.request(Method::POST, path, None)
        .header("content-type", "message/rfc822")
        .body(raw)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

on_both!(a_conversation_by_mail_stays_on_one_ticket, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let agent = app.token(&app.a, Role::Agent);
    let inbound = text(&mailbox(&app, &admin).await["inbound_path"]);

    let first = letter(
        "ann@customer.example",
        "Printer on fire",
        &["Message-ID: <m1@customer.example>"],
        "It is on fire.\n\nAnn",
    );
    let opened = expect_status(
        post_raw(&app, &inbound, first.clone()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (
            opened["outcome"].clone(),
            opened["sender"].clone(),
            opened["message_id"].clone()
        ),
        (
            json!("opened"),
            json!("person"),
            json!("m1@customer.example")
        )
    );
    let ticket_id = text(&opened["ticket_id"]);
    let ticket = expect_status(
        app.get(&format!("/api/v1/tickets/{ticket_id}"), &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            ticket["subject"].clone(),
            ticket["channel"].clone(),
            ticket["description"].clone()
        ),
        (
            json!("Printer on fire"),
            json!("email"),
            json!("It is on fire.\n\nAnn")
        )
    );
    let requester = text(&ticket["requester_id"]);
    let contact = expect_status(
        app.get(&format!("/api/v1/contacts/{requester}"), &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            contact["email"].clone(),
            contact["first_name"].clone(),
            contact["last_name"].clone()
        ),
        (
            json!("ann@customer.example"),
            json!("Ann"),
            json!("Customer")
        )
    );

    // The provider delivers it again: kept once, nothing more opened.
    let again = expect_status(
        post_raw(&app, &inbound, first.clone()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["id"], opened["id"]);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM tickets"), 1);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM inbound_emails"), 1);

    // A reply, threaded by its headers; the quoted original is left out of the ticket.
    let reply = letter(
        "ann@customer.example",
        "Re: Printer on fire",
        &["Message-ID: <m2@customer.example>", "In-Reply-To: <m1@customer.example>", "References: <m1@customer.example>"],
        "Still burning.\n\nOn Sat, 5 Dec 2026 at 10:00, Support <support@acme.example> wrote:\n> It is on fire.\n",
    );
    let replied = expect_status(
        post_raw(&app, &inbound, reply.clone()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (replied["outcome"].clone(), replied["ticket_id"].clone()),
        (json!("replied"), json!(ticket_id))
    );
    // By the ticket's number in the subject, from its requester, with no threading headers.
    let number = ticket["number"].as_i64().unwrap_or_default();
    let by_subject = letter(
        "Ann@Customer.example",
        &format!("Re: [#{number}] Printer on fire"),
        &["Message-ID: <m3@customer.example>"],
        "Now it is out.",
    );
    let by_subject = expect_status(
        post_raw(&app, &inbound, by_subject).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(by_subject["ticket_id"], json!(ticket_id));
    // Someone else naming the number opens a ticket of their own.
    let stranger = letter(
        "mallory@elsewhere.example",
        &format!("[#{number}] Add me"),
        &["Message-ID: <m4@elsewhere.example>"],
        "Let me in.",
    );
    let stranger = expect_status(
        post_raw(&app, &inbound, stranger).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(stranger["outcome"], json!("opened"));
    assert_ne!(stranger["ticket_id"], json!(ticket_id));

    let messages = expect_status(
        app.get(&format!("/api/v1/tickets/{ticket_id}/messages"), &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    let bodies: Vec<Value> = messages["items"]
        .as_array()
        .map(|items| items.iter().map(|m| m["body"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        bodies,
        vec![json!("Still burning."), json!("Now it is out.")]
    );
    assert_eq!(messages["items"][0]["author_contact_id"], json!(requester));

    // The agent reads the reply whole, as it arrived.
    let kept = expect_status(
        app.get(
            &format!("/api/v1/inbound-emails/{}", text(&replied["id"])),
            &agent,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(kept["ticket_message_id"], messages["items"][0]["id"]);
    let original = app.get(&text(&kept["original_path"]), &agent).await;
    assert_eq!(
        original
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("message/rfc822")
    );
    assert_eq!(original.text().await.unwrap_or_default(), reply);

    // The ticket's mail, oldest first: the one that opened it, then the replies.
    let mail = expect_status(
        app.get(&format!("/api/v1/tickets/{ticket_id}/emails"), &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    let outcomes: Vec<Value> = mail["items"]
        .as_array()
        .map(|i| i.iter().map(|m| m["outcome"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        outcomes,
        vec![json!("opened"), json!("replied"), json!("replied")]
    );

    // A reply with a file: listed on the mail, downloaded from it.
    let with_file = "From: ann@customer.example\r\nSubject: Re: Printer on fire\r\nMessage-ID: <m5@customer.example>\r\nIn-Reply-To: <m2@customer.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nThe log, and my password is hunter2.\r\n--b\r\nContent-Type: text/plain; name=\"printer.log\"\r\nContent-Disposition: attachment; filename=\"printer.log\"\r\nContent-Transfer-Encoding: base64\r\n\r\nRmlyZSBhdCAxMDowMA==\r\n--b--\r\n";
    let with_file = expect_status(
        post_raw(&app, &inbound, with_file).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (
            with_file["outcome"].clone(),
            with_file["attachments"][0]["filename"].clone(),
            with_file["attachments"][0]["size"].clone()
        ),
        (json!("replied"), json!("printer.log"), json!(13))
    );
    let file = app
        .get(&text(&with_file["attachments"][0]["path"]), &agent)
        .await;
    assert_eq!(
        file.headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok()),
        Some("sandbox; default-src 'none'")
    );
    assert_eq!(file.text().await.unwrap_or_default(), "Fire at 10:00");
    let missing = app
        .get(
            &format!(
                "/api/v1/inbound-emails/{}/attachments/1",
                text(&with_file["id"])
            ),
            &agent,
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // Redacting the message it became blanks the mail too: the password is nowhere left.
    let message = text(&with_file["ticket_message_id"]);
    expect_status(
        app.post(
            &format!("/api/v1/tickets/{ticket_id}/messages/{message}/redact"),
            &admin,
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let blanked = expect_status(
        app.get(
            &format!("/api/v1/inbound-emails/{}", text(&with_file["id"])),
            &agent,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(blanked["redacted_at"].is_string(), "{blanked}");
    assert_eq!(blanked["attachments"], json!([]));
    let original = app.get(&text(&blanked["original_path"]), &agent).await;
    assert_eq!(original.text().await.unwrap_or_default(), "");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM inbound_emails WHERE raw LIKE '%hunter2%'"
        ),
        0
    );
});

on_both!(machines_blocked_senders_and_garbage_open_nothing, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let box_ = mailbox(&app, &admin).await;
    let inbound = text(&box_["inbound_path"]);
    let first = letter(
        "ann@customer.example",
        "Help",
        &["Message-ID: <h1@customer.example>"],
        "Help me.",
    );
    let opened = expect_status(post_raw(&app, &inbound, first).await, StatusCode::CREATED).await;
    let ticket_id = text(&opened["ticket_id"]);

    // An out-of-office answer to our mail: kept, never a reply (no loop), nothing reopened.
    let away = letter(
        "ann@customer.example",
        "Automatic reply: Help",
        &[
            "Message-ID: <ooo@customer.example>",
            "In-Reply-To: <h1@customer.example>",
            "Auto-Submitted: auto-replied",
        ],
        "I am away until Monday.",
    );
    let away = expect_status(post_raw(&app, &inbound, away).await, StatusCode::CREATED).await;
    assert_eq!(
        (
            away["outcome"].clone(),
            away["sender"].clone(),
            away["ticket_id"].clone()
        ),
        (json!("ignored"), json!("auto_reply"), Value::Null)
    );
    let newsletter = letter(
        "news@shop.example",
        "Deals",
        &["List-Unsubscribe: <mailto:u@shop.example>"],
        "Buy now",
    );
    let newsletter = expect_status(
        post_raw(&app, &inbound, newsletter).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (newsletter["outcome"].clone(), newsletter["sender"].clone()),
        (json!("ignored"), json!("bulk"))
    );
    // Without a Message-ID, the content is the id: the same bytes again are the same message.
    let again = expect_status(
        post_raw(
            &app,
            &inbound,
            letter(
                "news@shop.example",
                "Deals",
                &["List-Unsubscribe: <mailto:u@shop.example>"],
                "Buy now",
            ),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["id"], newsletter["id"]);

    // The block list, by domain.
    let org = expect_status(
        app.patch(
            "/api/v1/organization",
            &admin,
            None,
            &json!({"blocked_senders": ["@Spam.example", "x@y.example"]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        org["blocked_senders"],
        json!(["@spam.example", "x@y.example"])
    );
    let spam = letter(
        "bot@spam.example",
        "Win",
        &["Message-ID: <s1@spam.example>"],
        "Win a prize",
    );
    let spam = expect_status(post_raw(&app, &inbound, spam).await, StatusCode::CREATED).await;
    assert_eq!(
        (spam["outcome"].clone(), spam["ticket_id"].clone()),
        (json!("blocked"), Value::Null)
    );
    assert_eq!(
        problem_code(
            app.patch(
                "/api/v1/organization",
                &admin,
                None,
                &json!({"blocked_senders": ["@nodomain"]})
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY
        )
        .await,
        "validation_failed"
    );

    // Not a message at all, and one without a sender: kept for an admin, answered 201.
    let garbage = expect_status(
        post_raw(&app, &inbound, vec![0xff_u8, 0x00, 0x13, 0x37]).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(garbage["outcome"], json!("unreadable"));
    let anonymous = "Subject: who?\r\nMessage-ID: <anon@x.example>\r\n\r\nno sender\r\n";
    let anonymous = expect_status(
        post_raw(&app, &inbound, anonymous).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (anonymous["outcome"].clone(), anonymous["detail"].clone()),
        (json!("unreadable"), json!("no sender address"))
    );
    let waiting = expect_status(
        app.get(
            &format!(
                "/api/v1/mailboxes/{}/emails?outcome=unreadable",
                text(&box_["id"])
            ),
            &admin,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mut ids: Vec<String> = waiting["items"]
        .as_array()
        .map(|i| i.iter().map(|m| text(&m["id"])).collect())
        .unwrap_or_default();
    ids.sort();
    let mut expected = vec![text(&anonymous["id"]), text(&garbage["id"])];
    expected.sort();
    assert_eq!(ids, expected);
    let raw = app.get(&text(&garbage["original_path"]), &admin).await;
    assert_eq!(
        raw.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
        vec![0xff_u8, 0x00, 0x13, 0x37]
    );

    // The ticket saw none of it.
    let messages = expect_status(
        app.get(&format!("/api/v1/tickets/{ticket_id}/messages"), &admin)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(messages["items"], json!([]));
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM tickets"), 1);
});

on_both!(
    providers_post_json_and_forms_and_secrets_guard_the_route,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let box_ = mailbox(&app, &admin).await;
        let inbound = text(&box_["inbound_path"]);
        let raw = letter(
            "bea@customer.example",
            "By JSON",
            &["Message-ID: <j1@customer.example>"],
            "Sent as JSON.",
        );
        let as_json = app
            .request(Method::POST, &inbound, None)
            .json(&json!({"raw": raw}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let as_json = expect_status(as_json, StatusCode::CREATED).await;
        assert_eq!(as_json["outcome"], json!("opened"));

        let raw = letter(
            "cai@customer.example",
            "By form",
            &["Message-ID: <f1@customer.example>"],
            "Sent as a form field.",
        );
        let form = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\nsupport@acme.example\r\n--XyZ\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n{raw}\r\n--XyZ--\r\n"
    );
        let as_form = app
            .request(Method::POST, &inbound, None)
            .header("content-type", "multipart/form-data; boundary=XyZ")
            .body(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let as_form = expect_status(as_form, StatusCode::CREATED).await;
        assert_eq!(
            (as_form["outcome"].clone(), as_form["from"].clone()),
            (json!("opened"), json!("cai@customer.example"))
        );
        // Kept byte for byte as the field held it, 8-bit text in another charset too.
        let latin = b"From: eli@customer.example\r\nSubject: Caf\xe9\r\nMessage-ID: <f2@customer.example>\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCaf\xe9 cr\xe8me\r\n".to_vec();
        let mut form =
            b"--XyZ\r\nContent-Disposition: form-data; name=\"body-mime\"\r\n\r\n".to_vec();
        form.extend_from_slice(&latin);
        form.extend_from_slice(b"\r\n--XyZ--\r\n");
        let latin_form = app
            .request(Method::POST, &inbound, None)
            .header("content-type", "multipart/form-data; boundary=XyZ")
            .body(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let latin_form = expect_status(latin_form, StatusCode::CREATED).await;
        let kept = app.get(&text(&latin_form["original_path"]), &admin).await;
        let kept = kept.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        assert_eq!(kept, latin);
        // Its text read in its own charset.
        let opened = app
            .get(
                &format!("/api/v1/tickets/{}", text(&latin_form["ticket_id"])),
                &admin,
            )
            .await;
        let opened = expect_status(opened, StatusCode::OK).await;
        assert_eq!(opened["description"], json!("Caf\u{e9} cr\u{e8}me"));

        // A NUL in a decoded subject or text (PostgreSQL refuses it in text) is left out.
        let nul = "From: nul@customer.example\r\nSubject: =?utf-8?B?AEhp?=\r\nMessage-ID: <n1@customer.example>\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nAEhlbGxv\r\n";
        let nul = expect_status(post_raw(&app, &inbound, nul).await, StatusCode::CREATED).await;
        assert_eq!(
            (nul["outcome"].clone(), nul["subject"].clone()),
            (json!("opened"), json!("Hi"))
        );

        let unsupported = app
            .request(Method::POST, &inbound, None)
            .header("content-type", "image/png")
            .body("x")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(unsupported.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

        // A wrong secret, a rotated one, an inactive or deleted mailbox: 404, and nothing kept.
        let before = count(&app, "SELECT COUNT(*) AS n FROM inbound_emails");
        // Its last character changed (to one it is not: a secret may end in `x`).
        let last = if inbound.ends_with('x') { 'y' } else { 'x' };
        let wrong = format!("{}{last}", &inbound[..inbound.len() - 1]);
        let fresh = letter(
            "dan@customer.example",
            "Hi",
            &["Message-ID: <d1@customer.example>"],
            "Hi.",
        );
        assert_eq!(
            problem_code(
                post_raw(&app, &wrong, fresh.clone()).await,
                StatusCode::NOT_FOUND
            )
            .await,
            "not_found"
        );
        let id = text(&box_["id"]);
        let rotated = expect_status(
            app.post(
                &format!("/api/v1/mailboxes/{id}/rotate-secret"),
                &admin,
                &json!({}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_ne!(rotated["inbound_path"], box_["inbound_path"]);
        assert_eq!(
            post_raw(&app, &inbound, fresh.clone()).await.status(),
            StatusCode::NOT_FOUND
        );
        let inbound = text(&rotated["inbound_path"]);
        let off = app
            .patch(
                &format!("/api/v1/mailboxes/{id}"),
                &admin,
                None,
                &json!({"active": false}),
            )
            .await;
        expect_status(off, StatusCode::OK).await;
        assert_eq!(
            post_raw(&app, &inbound, fresh.clone()).await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) AS n FROM inbound_emails"),
            before
        );

        // Agents read messages but do not manage mailboxes.
        let agent = app.token(&app.a, Role::Agent);
        assert_eq!(
            problem_code(
                app.get("/api/v1/mailboxes", &agent).await,
                StatusCode::FORBIDDEN
            )
            .await,
            "forbidden"
        );
        expect_status(
            app.get(
                &format!("/api/v1/inbound-emails/{}", text(&as_form["id"])),
                &agent,
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
);

on_both!(the_same_message_posted_at_once_is_taken_once, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let inbound = text(&mailbox(&app, &admin).await["inbound_path"]);
    let raw = letter(
        "eve@customer.example",
        "Twice",
        &["Message-ID: <race@customer.example>"],
        "Posted by two retries at once.",
    );
    let posts = (0..6).map(|_| post_raw(&app, &inbound, raw.clone()));
    let answers = futures_util::future::join_all(posts).await;
    let mut statuses: Vec<u16> = answers.iter().map(|a| a.status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 200, 200, 200, 200, 201]);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM tickets"), 1);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM inbound_emails"), 1);
});

/// Messages as mail programs and providers write them: the seeds the fuzz test mutates.
fn seeds() -> Vec<Vec<u8>> {
    let plain = letter(
        "ann@customer.example",
        "Plain",
        &["Message-ID: <p@x.example>"],
        "Just text.",
    );
    let multipart = "From: bo@customer.example\r\nTo: support@acme.example\r\nSubject: =?utf-8?q?Caf=C3=A9_bill?=\r\nMessage-ID: <mp@x.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n--b2\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9 au lait =\r\nplease\r\n--b2\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Caf\u{e9} <b>au lait</b></p>\r\n--b2--\r\n--b1\r\nContent-Type: application/pdf; name=\"bill.pdf\"\r\nContent-Disposition: attachment; filename=\"bill.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcfsj6IK\r\n--b1\r\nContent-Type: message/rfc822\r\n\r\nFrom: inner@x.example\r\nSubject: inner\r\n\r\ninner body\r\n--b1--\r\n";
    let html_only = "From: \"Cy, Jr.\" <cy@customer.example>\r\nSubject: HTML\r\nMessage-ID: <h@x.example>\r\nContent-Type: text/html; charset=windows-1252\r\nContent-Transfer-Encoding: base64\r\n\r\nPGh0bWw+PGJvZHk+SGVsbG8gkyB3b3JsZJQ8L2JvZHk+PC9odG1sPg==\r\n";
    let japanese = "From: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?= <jp@customer.example>\r\nSubject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\r\nMessage-ID: <jp@x.example>\r\nIn-Reply-To: <p@x.example>\r\nReferences: <a@x> <b@x>\r\n\tcontinued\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n\u{1b}$B%F%9%H\u{1b}(B\r\n";
    let auto = letter(
        "away@customer.example",
        "Out of office",
        &["Auto-Submitted: auto-replied", "Precedence: bulk"],
        "Back Monday.",
    );
    vec![
        plain.into_bytes(),
        multipart.as_bytes().to_vec(),
        html_only.as_bytes().to_vec(),
        japanese.as_bytes().to_vec(),
        auto.into_bytes(),
    ]
}

/// A mutation of `seed`: bytes flipped, cut, repeated or inserted, headers added or mangled.
fn mutate(seed: &[u8], rng: &mut impl rand::Rng) -> Vec<u8> {
    let mut message = seed.to_vec();
    for _ in 0..rng.gen_range(1..4) {
        let at = rng.gen_range(0..=message.len());
        match rng.gen_range(0..7) {
            0 => message.truncate(at),
            1 if !message.is_empty() => {
                let i = rng.gen_range(0..message.len());
                message[i] = rng.gen();
            }
            2 => {
                let junk: Vec<u8> = (0..rng.gen_range(1..40)).map(|_| rng.gen()).collect();
                message.splice(at..at, junk);
            }
            3 => {
                let end = rng.gen_range(at..=message.len());
                let copy = message[at..end].to_vec();
                message.splice(at..at, copy);
            }
            4 => {
                let header = [
                    "Content-Type: multipart/mixed; boundary=\"",
                    "Subject: =?utf-8?B?",
                    "Subject: =?utf-8?B?AA==?=\r\n",
                    "From: <@>\r\n",
                    "Message-ID: <",
                    "Content-Transfer-Encoding: base64\r\n",
                    "\r\n\r\n--b1\r\n",
                ];
                let pick = header[rng.gen_range(0..header.len())].as_bytes().to_vec();
                message.splice(at..at, pick);
            }
            5 => message.retain(|b| *b != b'\r'),
            _ => {
                let id = format!("Message-ID: <fuzz{}@x.example>\r\n", rng.gen::<u32>());
                message.splice(0..0, id.into_bytes());
            }
        }
    }
    message
}

on_both!(
    thousands_of_mutated_messages_never_fail_and_none_is_lost,
    |app| {
        use rand::SeedableRng;
        let admin = app.token(&app.a, Role::Admin);
        let inbound = text(&mailbox(&app, &admin).await["inbound_path"]);
        let seeds = seeds();
        let mut rng = rand::rngs::StdRng::seed_from_u64(13);
        let messages: Vec<Vec<u8>> = (0..2000)
            .map(|i| match i {
                i if i < seeds.len() => seeds[i].clone(),
                _ => mutate(&seeds[rng.gen_range(0..seeds.len())], &mut rng),
            })
            .collect();
        let mut kept = std::collections::HashMap::new();
        for batch in messages.chunks(8) {
            let posts = batch.iter().map(|m| post_raw(&app, &inbound, m.clone()));
            for (message, answer) in batch
                .iter()
                .zip(futures_util::future::join_all(posts).await)
            {
                let status = answer.status();
                let body = answer.text().await.unwrap_or_default();
                assert!(
                    status == StatusCode::CREATED || status == StatusCode::OK,
                    "{status} {body} for {:?}",
                    String::from_utf8_lossy(message)
                );
                let record: Value =
                    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
                if status == StatusCode::CREATED {
                    kept.insert(text(&record["id"]), message.clone());
                }
            }
        }
        // Each message kept is stored whole, byte for byte.
        assert_eq!(
            count(&app, "SELECT COUNT(*) AS n FROM inbound_emails") as usize,
            kept.len()
        );
        for (id, message) in kept.iter().take(200) {
            let raw = app
                .get(&format!("/api/v1/inbound-emails/{id}/original"), &admin)
                .await;
            assert_eq!(
                raw.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
                *message
            );
        }
    }
);

on_both!(
    a_reply_by_mail_reopens_a_solved_ticket_and_follows_up_a_closed_one,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let agent = app.token(&app.a, Role::Agent);
        let inbound = text(&mailbox(&app, &admin).await["inbound_path"]);
        let first = letter(
            "ann@customer.example",
            "Refund",
            &["Message-ID: <r1@customer.example>"],
            "Refund me.",
        );
        let opened =
            expect_status(post_raw(&app, &inbound, first).await, StatusCode::CREATED).await;
        let ticket = text(&opened["ticket_id"]);
        let status = |ticket: String| {
            let (app, agent) = (&app, agent.clone());
            async move {
                let t = expect_status(
                    app.get(&format!("/api/v1/tickets/{ticket}"), &agent).await,
                    StatusCode::OK,
                )
                .await;
                t["status"].clone()
            }
        };
        let set = |status: &'static str| {
            let (app, agent, ticket) = (&app, agent.clone(), ticket.clone());
            async move {
                let changed = app
                    .patch(
                        &format!("/api/v1/tickets/{ticket}"),
                        &agent,
                        None,
                        &json!({"status": status}),
                    )
                    .await;
                expect_status(changed, StatusCode::OK).await;
            }
        };
        set("solved").await;
        let again = letter(
            "ann@customer.example",
            "Re: Refund",
            &[
                "Message-ID: <r2@customer.example>",
                "In-Reply-To: <r1@customer.example>",
            ],
            "Not refunded yet.",
        );
        let again = expect_status(post_raw(&app, &inbound, again).await, StatusCode::CREATED).await;
        assert_eq!(again["ticket_id"], json!(ticket));
        assert_eq!(status(ticket.clone()).await, json!("open"));

        set("solved").await;
        set("closed").await;
        let later = letter(
            "ann@customer.example",
            "Re: Refund",
            &[
                "Message-ID: <r3@customer.example>",
                "In-Reply-To: <r2@customer.example>",
            ],
            "It happened again.",
        );
        let later = expect_status(post_raw(&app, &inbound, later).await, StatusCode::CREATED).await;
        let follow_up = text(&later["ticket_id"]);
        assert_ne!(follow_up, ticket);
        let opened = expect_status(
            app.get(&format!("/api/v1/tickets/{follow_up}"), &agent)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(opened["follow_up_of_id"], json!(ticket));
        assert_eq!(status(ticket.clone()).await, json!("closed"));
        // A next reply in that thread joins the follow-up, as the mail it answers did.
        let next = letter(
            "ann@customer.example",
            "Re: Refund",
            &[
                "Message-ID: <r4@customer.example>",
                "In-Reply-To: <r3@customer.example>",
            ],
            "Any news?",
        );
        let next = expect_status(post_raw(&app, &inbound, next).await, StatusCode::CREATED).await;
        assert_eq!(next["ticket_id"], json!(follow_up));
    }
);

on_both!(
    a_colleague_copied_on_the_thread_replies_as_themselves,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let inbound = text(&mailbox(&app, &admin).await["inbound_path"]);
        let first = letter(
            "ann@customer.example",
            "Outage",
            &[
                "Message-ID: <o1@customer.example>",
                "Cc: Bob Colleague <bob@customer.example>",
            ],
            "Everything is down.",
        );
        let opened =
            expect_status(post_raw(&app, &inbound, first).await, StatusCode::CREATED).await;
        let ticket = text(&opened["ticket_id"]);
        let bob = "From: Bob Colleague <bob@customer.example>\r\nSubject: Re: Outage\r\nMessage-ID: <o2@customer.example>\r\nIn-Reply-To: <o1@customer.example>\r\n\r\nSame here.\r\n";
        let replied = expect_status(post_raw(&app, &inbound, bob).await, StatusCode::CREATED).await;
        assert_eq!(replied["ticket_id"], json!(ticket));
        let messages = expect_status(
            app.get(&format!("/api/v1/tickets/{ticket}/messages"), &admin)
                .await,
            StatusCode::OK,
        )
        .await;
        let writer = text(&messages["items"][0]["author_contact_id"]);
        let shown = expect_status(
            app.get(&format!("/api/v1/tickets/{ticket}"), &admin).await,
            StatusCode::OK,
        )
        .await;
        assert_ne!(json!(writer), shown["requester_id"]);
        let contact = expect_status(
            app.get(&format!("/api/v1/contacts/{writer}"), &admin).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (
                contact["email"].clone(),
                contact["first_name"].clone(),
                contact["last_name"].clone()
            ),
            (
                json!("bob@customer.example"),
                json!("Bob"),
                json!("Colleague")
            )
        );
    }
);
