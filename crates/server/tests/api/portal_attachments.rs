//! A customer's files in the portal: uploaded, sent with a reply and read by staff; the
//! files of public replies downloaded by who sees the ticket, never an internal note's,
//! never another account's, and never through the other kind of token.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::portal::{access, customer, partner, ticket_for};
use crate::support::{account_body, errors, expect_status, problem_code, TestApp};
use domain::Role;

const PORTAL_FILES: &str = "/api/v1/portal/attachments";

async fn upload(app: &TestApp, at: &str, token: &str, name: &str, content: &[u8]) -> Value {
    let sent = app
        .upload_to(at, token, (name, "image/jpeg"), content.to_vec())
        .await;
    expect_status(sent, StatusCode::CREATED).await
}

fn text(value: &Value, field: &str) -> String {
    value[field].as_str().unwrap_or_default().to_owned()
}

/// The content at `url` as `token` sees it, or the status when refused.
async fn download(app: &TestApp, url: &str, token: &str) -> Result<Vec<u8>, StatusCode> {
    let answer = app.get(url, token).await;
    if answer.status() != StatusCode::OK {
        return Err(answer.status());
    }
    let disposition = answer
        .headers()
        .get("content-disposition")
        .and_then(|d| d.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    Ok(answer.bytes().await.map(|b| b.to_vec()).unwrap_or_default())
}

/// Staff, and the customers of two companies signed in to one partner's portal.
struct Customers {
    agent: String,
    /// Pat of Meier AG: their contact's id and portal token.
    pat: (String, String),
    /// Meier AG's account admin's portal token.
    boss: String,
    /// Olga of Other GmbH's portal token.
    olga: String,
}

async fn customers(app: &TestApp) -> Customers {
    let admin = app.token(&app.a, Role::Admin);
    let key = partner(app, &admin, json!({"name": "Shop", "allowed_origins": []})).await;
    let ours = text(&app.account(&admin, account_body("Meier AG")).await, "id");
    let theirs = text(&app.account(&admin, account_body("Other GmbH")).await, "id");
    let signed_in = |account: String, email: &'static str, role: &'static str| {
        let (admin, key) = (admin.clone(), key.clone());
        async move {
            let (contact, tokens) = customer(app, &admin, (&key, &account, email, role)).await;
            (contact, access(&tokens))
        }
    };
    let pat = signed_in(ours.clone(), "pat@meier.example", "user").await;
    let (_, boss) = signed_in(ours, "boss@meier.example", "account_admin").await;
    let (_, olga) = signed_in(theirs, "olga@other.example", "user").await;
    Customers {
        agent: app.token(&app.a, Role::Agent),
        pat,
        boss,
        olga,
    }
}

on_both!(
    a_customer_sends_files_and_downloads_only_what_the_conversation_shows,
    |app| {
        let Customers {
            agent,
            pat: (pat, pat_token),
            boss,
            olga,
            ..
        } = customers(&app).await;
        let ticket = ticket_for(&app, &agent, &pat, "Printer jams").await;
        let messages = format!("/api/v1/portal/tickets/{ticket}/messages");

        // An upload waits for its uploader alone, and shows no staff fields.
        let photo = b"\xff\xd8\xff the jammed tray".to_vec();
        let up = upload(&app, PORTAL_FILES, &pat_token, "tray.jpg", &photo).await;
        assert_eq!(up["filename"], "tray.jpg");
        assert_eq!(up["size"], photo.len());
        let url = text(&up, "url");
        assert_eq!(url, format!("{PORTAL_FILES}/{}", text(&up, "id")));
        assert!(up.get("uploaded_by").is_none() && up.get("sha256").is_none());
        assert_eq!(download(&app, &url, &pat_token).await, Ok(photo.clone()));
        assert_eq!(
            download(&app, &url, &boss).await,
            Err(StatusCode::NOT_FOUND)
        );
        let staff_url = format!("/api/v1/attachments/{}", text(&up, "id"));
        assert_eq!(
            download(&app, &staff_url, &agent).await,
            Err(StatusCode::NOT_FOUND),
            "a customer's upload is theirs until sent"
        );

        // Sent with a reply: on the message for the customer, and for staff, who see who.
        let body = json!({"body": "A photo of the tray", "attachment_ids": [text(&up, "id")]});
        let sent = expect_status(
            app.post(&messages, &pat_token, &body).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(sent["attachments"][0]["filename"], "tray.jpg", "{sent}");
        let staff_view = app
            .get(&format!("/api/v1/tickets/{ticket}/messages"), &agent)
            .await;
        let staff_view = expect_status(staff_view, StatusCode::OK).await;
        let reply = staff_view["items"]
            .as_array()
            .and_then(|items| items.iter().find(|m| m["id"] == sent["id"]))
            .cloned()
            .unwrap_or_default();
        let file = &reply["attachments"][0];
        assert!(file["uploaded_by"].is_null(), "{file}");
        assert!(
            text(file, "uploaded_by_portal_user").starts_with("pusr_"),
            "{file}"
        );
        assert_eq!(download(&app, &staff_url, &agent).await, Ok(photo.clone()));
        // Sent once only.
        let again = json!({"body": "Again", "attachment_ids": [text(&up, "id")]});
        let refused = errors(app.post(&messages, &pat_token, &again).await).await;
        assert_eq!(
            refused,
            vec![("/attachment_ids".into(), "unavailable".into())]
        );
        // Nor can it be discarded any more.
        let discard = app
            .request(Method::DELETE, &url, Some(&pat_token))
            .send()
            .await;
        let discard = discard.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            problem_code(discard, StatusCode::CONFLICT).await,
            "attachment_sent"
        );

        // The agent answers with a file, and notes another internally.
        let staff_files = "/api/v1/attachments";
        let manual = upload(&app, staff_files, &agent, "manual.pdf", b"%PDF manual").await;
        let secret = upload(&app, staff_files, &agent, "notes.pdf", b"%PDF internal").await;
        let staff_messages = format!("/api/v1/tickets/{ticket}/messages");
        for (file, public) in [(&manual, true), (&secret, false)] {
            let body =
                json!({"body": "Here", "public": public, "attachment_ids": [text(file, "id")]});
            expect_status(
                app.post(&staff_messages, &agent, &body).await,
                StatusCode::CREATED,
            )
            .await;
        }
        let seen = expect_status(app.get(&messages, &pat_token).await, StatusCode::OK).await;
        let shown: Vec<String> = seen["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .flat_map(|m| m["attachments"].as_array().cloned().unwrap_or_default())
                    .map(|a| text(&a, "filename"))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(shown, ["tray.jpg", "manual.pdf"], "no internal note's file");
        let manual_url = format!("{PORTAL_FILES}/{}", text(&manual, "id"));
        let secret_url = format!("{PORTAL_FILES}/{}", text(&secret, "id"));
        assert_eq!(
            download(&app, &manual_url, &pat_token).await,
            Ok(b"%PDF manual".to_vec())
        );
        assert_eq!(
            download(&app, &manual_url, &boss).await,
            Ok(b"%PDF manual".to_vec()),
            "the account admin sees the account's tickets"
        );
        for (url, token, who) in [
            (&secret_url, &pat_token, "an internal note's file"),
            (&manual_url, &olga, "another account's ticket"),
            (&url, &olga, "another account's upload"),
        ] {
            assert_eq!(
                download(&app, url, token).await,
                Err(StatusCode::NOT_FOUND),
                "{who}"
            );
        }
        // Each kind of token on its own routes only.
        assert_eq!(
            download(&app, &manual_url, &agent).await,
            Err(StatusCode::UNAUTHORIZED)
        );
        assert_eq!(
            download(&app, &staff_url, &pat_token).await,
            Err(StatusCode::UNAUTHORIZED)
        );
        // Staff uploads are not the customer's to send.
        let staff_upload = upload(&app, staff_files, &agent, "x.pdf", b"%PDF x").await;
        let body = json!({"body": "Mine?", "attachment_ids": [text(&staff_upload, "id")]});
        let refused = errors(app.post(&messages, &pat_token, &body).await).await;
        assert_eq!(
            refused,
            vec![("/attachment_ids".into(), "unavailable".into())]
        );
    }
);

on_both!(
    a_customer_discards_an_upload_and_bad_files_are_refused_by_field,
    |app| {
        let Customers {
            agent,
            pat: (pat, token),
            ..
        } = customers(&app).await;
        let up = upload(&app, PORTAL_FILES, &token, "a.jpg", b"a").await;
        let url = text(&up, "url");
        let gone = app.request(Method::DELETE, &url, Some(&token)).send().await;
        let gone = gone.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(gone.status(), StatusCode::NO_CONTENT);
        assert_eq!(
            download(&app, &url, &token).await,
            Err(StatusCode::NOT_FOUND)
        );

        let empty = app
            .upload_to(
                PORTAL_FILES,
                &token,
                ("empty.txt", "text/plain"),
                Vec::new(),
            )
            .await;
        assert_eq!(errors(empty).await, vec![("/body".into(), "empty".into())]);
        let ticket = ticket_for(&app, &agent, &pat, "Printer jams").await;
        let messages = format!("/api/v1/portal/tickets/{ticket}/messages");
        let eleven: Vec<String> = (0..11).map(|i| format!("att_{i}")).collect();
        for (ids, field, code) in [
            (json!(["nonsense"]), "/attachment_ids/0", "invalid_id"),
            (json!(eleven), "/attachment_ids", "too_many"),
        ] {
            let body = json!({"body": "", "attachment_ids": ids});
            let refused = errors(app.post(&messages, &token, &body).await).await;
            assert!(
                refused.contains(&("/body".into(), "required".into()))
                    && refused.iter().any(|(f, c)| f == field && c == code),
                "{refused:?}"
            );
        }
        let conversation = expect_status(app.get(&messages, &token).await, StatusCode::OK).await;
        assert_eq!(conversation["items"], json!([]), "nothing was sent");

        // At most 20 wait at once; sending or discarding makes room.
        let mut waiting = Vec::new();
        for i in 0..20 {
            waiting.push(upload(&app, PORTAL_FILES, &token, &format!("{i}.jpg"), b"x").await);
        }
        let more = app
            .upload_to(
                PORTAL_FILES,
                &token,
                ("21.jpg", "image/jpeg"),
                b"x".to_vec(),
            )
            .await;
        assert_eq!(
            problem_code(more, StatusCode::CONFLICT).await,
            "too_many_uploads"
        );
        let one = text(&waiting[0], "url");
        let gone = app.request(Method::DELETE, &one, Some(&token)).send().await;
        let gone = gone.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(gone.status(), StatusCode::NO_CONTENT);
        upload(&app, PORTAL_FILES, &token, "21.jpg", b"x").await;
    }
);

on_both!(
    a_ticket_opened_with_files_shows_them_with_its_description_and_a_merge_keeps_them,
    |app| {
        let Customers {
            agent,
            pat: (pat, token),
            olga,
            ..
        } = customers(&app).await;
        let photo = upload(&app, PORTAL_FILES, &token, "display.png", b"E42").await;

        // Another's upload refuses the ticket: none is opened, and the photo still waits.
        let staff_upload = upload(&app, "/api/v1/attachments", &agent, "x.pdf", b"%PDF").await;
        let ask = |files: Vec<String>| json!({"subject": "Press stops", "description": "See the photo", "attachment_ids": files});
        let both = vec![text(&photo, "id"), text(&staff_upload, "id")];
        let refused = errors(app.post("/api/v1/portal/tickets", &token, &ask(both)).await).await;
        assert_eq!(
            refused,
            vec![("/attachment_ids".into(), "unavailable".into())]
        );
        let mine = expect_status(
            app.get("/api/v1/portal/tickets", &token).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(mine["items"], json!([]), "nothing half-written");

        let opened = app
            .post(
                "/api/v1/portal/tickets",
                &token,
                &ask(vec![text(&photo, "id")]),
            )
            .await;
        let opened = expect_status(opened, StatusCode::CREATED).await;
        assert_eq!(
            opened["attachments"][0]["filename"], "display.png",
            "{opened}"
        );
        let ticket = text(&opened, "id");
        let listed = app.get("/api/v1/portal/tickets", &token).await;
        let listed = expect_status(listed, StatusCode::OK).await;
        assert_eq!(listed["items"][0]["attachments"], opened["attachments"]);
        let url = text(&photo, "url");
        assert_eq!(download(&app, &url, &token).await, Ok(b"E42".to_vec()));
        assert_eq!(
            download(&app, &url, &olga).await,
            Err(StatusCode::NOT_FOUND)
        );

        // Staff see it with the description, in the ticket and in lists.
        let seen = app.get(&format!("/api/v1/tickets/{ticket}"), &agent).await;
        let seen = expect_status(seen, StatusCode::OK).await;
        assert_eq!(seen["attachments"][0]["filename"], "display.png");
        assert!(text(&seen["attachments"][0], "uploaded_by_portal_user").starts_with("pusr_"));
        let list = expect_status(app.get("/api/v1/tickets", &agent).await, StatusCode::OK).await;
        let item = list["items"]
            .as_array()
            .and_then(|items| items.iter().find(|t| t["id"] == json!(ticket)))
            .cloned()
            .unwrap_or_default();
        assert_eq!(item["attachments"], seen["attachments"]);

        // Merged into another ticket, the photo goes with the note that quotes the description.
        let other = ticket_for(&app, &agent, &pat, "Press again").await;
        let merge = json!({"into_id": other});
        let merged = app
            .post(&format!("/api/v1/tickets/{ticket}/merge"), &agent, &merge)
            .await;
        expect_status(merged, StatusCode::OK).await;
        let notes = app
            .get(&format!("/api/v1/tickets/{other}/messages"), &agent)
            .await;
        let notes = expect_status(notes, StatusCode::OK).await;
        let files: Vec<String> = notes["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .flat_map(|m| m["attachments"].as_array().cloned().unwrap_or_default())
                    .map(|a| text(&a, "filename"))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(files, ["display.png"]);
        assert_eq!(
            download(&app, &url, &token).await,
            Ok(b"E42".to_vec()),
            "the customer's own file stays theirs, on an internal note now"
        );
        assert_eq!(
            download(&app, &url, &olga).await,
            Err(StatusCode::NOT_FOUND)
        );
        let target = app.get(&format!("/api/v1/tickets/{other}"), &agent).await;
        let target = expect_status(target, StatusCode::OK).await;
        assert_eq!(
            target["attachments"],
            json!([]),
            "not the target's description's"
        );
    }
);
