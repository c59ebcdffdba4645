//! Attachments: uploaded, sent with a message, downloaded by whoever may see the ticket as a
//! download only, kept once per content, and gone for good with a redaction or when never
//! sent.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{count, expect_status, problem_code, TestApp};
use domain::Role;

async fn upload(app: &TestApp, token: &str, name: &str, content: &[u8]) -> Value {
    let uploaded = app
        .upload(token, name, "application/pdf", content.to_vec())
        .await;
    expect_status(uploaded, StatusCode::CREATED).await
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_default().to_owned()
}

/// Where the test app keeps `hash` for organization a.
fn stored(app: &TestApp, hash: &str) -> std::path::PathBuf {
    std::path::Path::new(&app.state.settings.attachments_dir)
        .join(app.a.id.to_string())
        .join(&hash[..2])
        .join(hash)
}

async fn ticket(app: &TestApp, token: &str) -> String {
    let body = json!({"subject": "Invoice", "description": "-", "requester_email": "f@x.example"});
    id(&expect_status(
        app.post("/api/v1/tickets", token, &body).await,
        StatusCode::CREATED,
    )
    .await)
}

on_both!(
    a_file_is_sent_with_a_message_and_downloaded_as_a_download_by_staff_only,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let colleague = app.token(&app.a, Role::Manager);
        let content = b"%PDF-1.4 the March invoice".to_vec();
        let first = upload(&app, &agent, "C:\\scans\\Invoice März.pdf", &content).await;
        assert_eq!(first["filename"], "Invoice März.pdf");
        assert_eq!(first["content_type"], "application/pdf");
        assert_eq!(first["size"], content.len());
        assert!(first["message_id"].is_null() && first["ticket_id"].is_null());
        let url = first["url"].as_str().unwrap_or_default().to_owned();
        assert_eq!(url, format!("/api/v1/attachments/{}", id(&first)));
        let waiting = app.get(&url, &colleague).await;
        assert_eq!(
            waiting.status(),
            StatusCode::NOT_FOUND,
            "an upload is its uploader's until sent"
        );
        assert_eq!(app.get(&url, &agent).await.status(), StatusCode::OK);

        let second = upload(&app, &agent, "copy.pdf", &content).await;
        assert_eq!(second["sha256"], first["sha256"]);
        let hash = first["sha256"].as_str().unwrap_or_default().to_owned();
        assert_eq!(
            count(&app, "SELECT COUNT(*) AS n FROM attachment_blobs"),
            1,
            "kept once"
        );
        assert!(stored(&app, &hash).exists());

        let ticket = ticket(&app, &agent).await;
        let messages = format!("/api/v1/tickets/{ticket}/messages");
        let body = json!({"body": "Both attached", "public": true,
                          "attachment_ids": [id(&first), id(&second)]});
        let sent = expect_status(
            app.post(&messages, &agent, &body).await,
            StatusCode::CREATED,
        )
        .await;
        let names: Vec<&str> = sent["attachments"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["filename"].as_str())
            .collect();
        assert_eq!(names, ["Invoice März.pdf", "copy.pdf"]);
        assert_eq!(sent["attachments"][0]["ticket_id"], json!(ticket));
        let listed = expect_status(app.get(&messages, &colleague).await, StatusCode::OK).await;
        assert_eq!(listed["items"][0]["attachments"][1]["id"], second["id"]);

        let download = app.get(&url, &colleague).await;
        assert_eq!(download.status(), StatusCode::OK);
        let header = |name: &str| {
            download
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(header("content-type"), "application/pdf");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert!(header("content-security-policy").starts_with("sandbox"));
        let disposition = header("content-disposition");
        assert!(
            disposition.starts_with("attachment;")
                && disposition.contains("UTF-8''Invoice%20M%C3%A4rz.pdf"),
            "{disposition}"
        );
        let etag = header("etag");
        assert_eq!(
            download.bytes().await.map(|b| b.to_vec()).ok(),
            Some(content.clone())
        );
        // Held already: 304, no file; any other validator gets the file.
        for (held, status) in [
            (etag.clone(), StatusCode::NOT_MODIFIED),
            (format!("\"other\", W/{etag}"), StatusCode::NOT_MODIFIED),
            ("\"other\"".to_owned(), StatusCode::OK),
        ] {
            let again = app
                .request(Method::GET, &url, Some(&colleague))
                .header("If-None-Match", held.as_str())
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(again.status(), status, "{held}");
            let body = again.bytes().await.map(|b| b.len()).unwrap_or_default();
            assert_eq!(body == 0, status == StatusCode::NOT_MODIFIED, "{held}");
        }
        // The validator does not stand in for access: a stranger still gets 404.
        let outsider = app.token(&app.b, Role::Agent);
        let stranger = app
            .request(Method::GET, &url, Some(&outsider))
            .header("If-None-Match", etag.as_str())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(stranger.status(), StatusCode::NOT_FOUND);

        // Sent once, for good.
        let again = json!({"body": "Again", "attachment_ids": [id(&first)]});
        let refused = app.post(&messages, &agent, &again).await;
        assert_eq!(
            problem_code(refused, StatusCode::UNPROCESSABLE_ENTITY).await,
            "validation_failed"
        );
        let theirs = upload(&app, &colleague, "theirs.txt", b"not yours").await;
        let borrowed = json!({"body": "Borrowed", "attachment_ids": [id(&theirs)]});
        let refused = app.post(&messages, &agent, &borrowed).await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "another's upload"
        );
        let discard = app
            .request(reqwest::Method::DELETE, &url, Some(&agent))
            .send()
            .await;
        let discard = discard.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            problem_code(discard, StatusCode::CONFLICT).await,
            "attachment_sent"
        );
        let eleven: Vec<String> = (0..11).map(|_| id(&theirs)).collect();
        let refused = app
            .post(
                &messages,
                &agent,
                &json!({"body": "Many", "attachment_ids": eleven}),
            )
            .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let notes = expect_status(app.get(&messages, &agent).await, StatusCode::OK).await;
        assert_eq!(
            notes["items"].as_array().map(Vec::len),
            Some(1),
            "nothing half-written"
        );

        // A redaction takes the files with the words, from the disk too.
        let admin = app.token(&app.a, Role::Admin);
        let redact = format!("{messages}/{}/redact", id(&sent));
        let redacted =
            expect_status(app.post(&redact, &admin, &json!({})).await, StatusCode::OK).await;
        assert_eq!(redacted["attachments"], json!([]));
        assert_eq!(app.get(&url, &agent).await.status(), StatusCode::NOT_FOUND);
        assert!(!stored(&app, &hash).exists(), "the content is gone");
        let named = format!("SELECT COUNT(*) AS n FROM attachment_blobs WHERE sha256 = '{hash}'");
        assert_eq!(count(&app, &named), 0);
    }
);

on_both!(
    uploads_are_limited_by_the_organization_and_unsent_ones_are_tidied_away,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let admin = app.token(&app.a, Role::Admin);
        let one_mib = 1024 * 1024;
        let small = json!({"max_attachment_mib": 1});
        let changed = app
            .patch("/api/v1/organization", &admin, None, &small)
            .await;
        expect_status(changed, StatusCode::OK).await;
        let over = app
            .upload(
                &agent,
                "big.bin",
                "application/octet-stream",
                vec![7; one_mib + 1],
            )
            .await;
        assert_eq!(
            problem_code(over, StatusCode::PAYLOAD_TOO_LARGE).await,
            "payload_too_large"
        );
        // Without a length given, the limit stops the upload as it arrives.
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            (0..5).map(|_| Ok(vec![7; one_mib / 4 + 1])).collect();
        let streamed = app
            .request(
                reqwest::Method::POST,
                "/api/v1/attachments?filename=big.bin",
                Some(&agent),
            )
            .header("content-type", "application/octet-stream")
            .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
                chunks,
            )))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            problem_code(streamed, StatusCode::PAYLOAD_TOO_LARGE).await,
            "payload_too_large"
        );
        let at = app
            .upload(
                &agent,
                "big.bin",
                "application/octet-stream",
                vec![7; one_mib],
            )
            .await;
        let at = expect_status(at, StatusCode::CREATED).await;
        let empty = app
            .upload(&agent, "empty.txt", "text/plain", Vec::new())
            .await;
        assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let blank = app.upload(&agent, "  ", "text/plain", b"x".to_vec()).await;
        assert_eq!(blank.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let odd = app
            .upload(&agent, "notes", "not a type", b"x".to_vec())
            .await;
        let odd = expect_status(odd, StatusCode::CREATED).await;
        assert_eq!(odd["content_type"], "application/octet-stream");

        // Discarded at once, or tidied away a day later.
        let discard = app
            .request(
                reqwest::Method::DELETE,
                odd["url"].as_str().unwrap_or_default(),
                Some(&agent),
            )
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(discard.status(), StatusCode::NO_CONTENT);
        let hash = at["sha256"].as_str().unwrap_or_default().to_owned();
        assert!(stored(&app, &hash).exists());
        app.clock.advance(chrono::Duration::hours(25));
        let now = app.state.now();
        let mut conn = app.state.pool.get().unwrap_or_else(|e| panic!("{e}"));
        server::housekeeping::tidy_attachments(&mut conn, &app.state.files, now)
            .unwrap_or_else(|e| panic!("{e}"));
        drop(conn);
        assert_eq!(
            count(&app, "SELECT COUNT(*) AS n FROM ticket_attachments"),
            0
        );
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM attachment_blobs"), 0);
        assert!(!stored(&app, &hash).exists());
        // Refused uploads, whole or part received, left no file behind.
        let incoming = std::path::Path::new(&app.state.settings.attachments_dir).join(".incoming");
        let left = std::fs::read_dir(incoming).map(|d| d.count()).unwrap_or(0);
        assert_eq!(left, 0);
    }
);

on_both!(
    a_customers_file_travels_with_the_reply_to_its_follow_up_and_a_merge,
    |app| {
        let agent = app.token(&app.a, Role::Agent);
        let first = ticket(&app, &agent).await;
        for status in ["solved", "closed"] {
            let moved = app
                .patch(
                    &format!("/api/v1/tickets/{first}"),
                    &agent,
                    None,
                    &json!({"status": status}),
                )
                .await;
            expect_status(moved, StatusCode::OK).await;
        }
        let photo = upload(&app, &agent, "photo.jpg", b"\xFF\xD8\xFF jpeg").await;
        let reply = json!({"body": "Here is a photo", "attachment_ids": [id(&photo)]});
        let said = app
            .post(
                &format!("/api/v1/tickets/{first}/customer-replies"),
                &agent,
                &reply,
            )
            .await;
        let said = expect_status(said, StatusCode::CREATED).await;
        let follow_up = said["ticket_id"].as_str().unwrap_or_default().to_owned();
        assert_ne!(follow_up, first);
        assert_eq!(said["attachments"][0]["ticket_id"], json!(follow_up));

        let target = ticket(&app, &agent).await;
        let merged = app
            .post(
                &format!("/api/v1/tickets/{follow_up}/merge"),
                &agent,
                &json!({"into_id": target}),
            )
            .await;
        expect_status(merged, StatusCode::OK).await;
        let moved = expect_status(
            app.get(&format!("/api/v1/tickets/{target}/messages"), &agent)
                .await,
            StatusCode::OK,
        )
        .await;
        let files: Vec<&Value> = moved["items"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|m| m["attachments"].as_array().into_iter().flatten())
            .collect();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0]["ticket_id"], json!(target));
        let url = files[0]["url"].as_str().unwrap_or_default();
        assert_eq!(app.get(url, &agent).await.status(), StatusCode::OK);
    }
);
