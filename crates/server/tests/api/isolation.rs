//! One organization never sees or touches another's data.

use std::collections::HashMap;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::access::{declared, id_kind};
use crate::on_both;
use crate::support::{account_body, expect_status, is_stream, problem_code, TestApp};
use domain::Role;

/// A body that reads well for a route, so that what answers is the isolation check and not
/// the body's shape; routes not named take `{}`.
fn body_for(method: &Method, path: &str) -> Option<Value> {
    match (method.as_str(), path) {
        ("GET" | "DELETE", _) => None,
        (_, p)
            if p.ends_with("/notes")
                || p.ends_with("/messages")
                || p.ends_with("/customer-replies")
                || p.starts_with("/api/v1/notes/") =>
        {
            Some(json!({"body": "Mine now"}))
        }
        ("PATCH", "/api/v1/teams/{id}") | ("POST", "/api/v1/contracts/{id}/entitlements") => {
            Some(json!({"name": "Mine now"}))
        }
        ("PUT", "/api/v1/mailboxes/{id}/imap") => Some(json!({"host": "imap.mine.example",
            "port": 993, "security": "tls", "username": "mine", "password": "mine"})),
        ("PUT", "/api/v1/partners/{id}/sso-public-key") => {
            Some(json!({"public_key": include_str!("keys/partner_ec.pub")}))
        }
        (_, "/api/v1/tickets/{id}/merge") => {
            let nowhere = domain::TicketId::from_bytes(&[7; 16]).map(|t| t.to_string());
            Some(json!({ "into_id": nowhere }))
        }
        _ => Some(json!({})),
    }
}

on_both!(
    another_organizations_records_answer_404_on_every_declared_route,
    |app| {
        let mine = app.token(&app.a, Role::Admin);
        let theirs = app.token(&app.b, Role::Admin);
        let records = their_records(&app, &theirs).await;
        for (method, route, access) in declared() {
            // The portal's routes have isolation tests of their own (portal.rs).
            if !route.starts_with("/api/v1/")
                || access == server::auth::Access::Public
                || access.is_portal()
            {
                continue;
            }
            if route.contains("{id}") {
                let kind = id_kind(&route);
                let id = records
                .get(kind)
                .unwrap_or_else(|| panic!("{method} {route}: the fixture has no record of kind {kind}; add one to their_records"));
                let path = route
                    .replace("{id}", id)
                    .replace("{linked_id}", id)
                    .replace("{message_id}", &records["msg"])
                    .replace("{entitlement_id}", &records["ent"])
                    .replace("{version}", "1");
                let mut request = app.request(method.clone(), &path, Some(&mine));
                if let Some(body) = body_for(&method, &route) {
                    request = request.json(&body);
                }
                let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
                let status = response.status();
                let body = response.text().await.unwrap_or_default();
                assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{method} {path}: {body} (a 400 or 422 means body_for needs a body for this route)"
            );
                assert!(
                    !body.contains("Their Secret"),
                    "{method} {path} leaked: {body}"
                );
            } else if method == Method::GET {
                // Lists, live and in the trash, show nothing of theirs.
                for query in ["", "?deleted=true", "?q=secret"] {
                    let response = app.get(&format!("{route}{query}"), &mine).await;
                    let status = response.status();
                    if is_stream(&response) {
                        // It never ends; `live.rs` proves it carries nothing of theirs.
                        assert_eq!(status, StatusCode::OK, "GET {route}{query}");
                        break;
                    }
                    let body = response.text().await.unwrap_or_default();
                    assert!(
                        !status.is_server_error(),
                        "GET {route}{query}: {status} {body}"
                    );
                    for id in records.values() {
                        assert!(
                            !body.contains(id.as_str()),
                            "GET {route}{query} leaked {id}: {body}"
                        );
                    }
                    assert!(
                        !body.contains("Their Secret"),
                        "GET {route}{query} leaked: {body}"
                    );
                }
            }
        }
        // Nothing of theirs changed.
        for (kind, path) in [
            ("acc", "accounts"),
            ("con", "contacts"),
            ("cal", "sla/calendars"),
            ("slapol", "sla/policies"),
            ("tkt", "tickets"),
            ("lead", "leads"),
            ("lform", "lead-forms"),
            ("terr", "territories"),
            ("arule", "assignment-rules"),
            ("srule", "scoring-rules"),
            ("pipe", "pipelines"),
            ("opp", "opportunities"),
            ("prod", "products"),
            ("xrate", "exchange-rates"),
            ("quota", "quotas"),
            ("act", "activities"),
            ("mbox", "mailboxes"),
            ("cbk", "callbacks"),
            ("tel", "telephony/providers"),
            ("ctr", "contracts"),
            ("ast", "assets"),
            ("rma", "rmas"),
            ("kba", "kb/articles"),
            ("kbc", "kb/categories"),
            ("ptn", "partners"),
            ("pusr", "portal-users"),
        ] {
            let id = records.get(kind).map(String::as_str).unwrap_or_default();
            let still = expect_status(
                app.get(&format!("/api/v1/{path}/{id}"), &theirs).await,
                StatusCode::OK,
            )
            .await;
            // The ticket's fixture note made it version 2.
            let version = if kind == "tkt" { 2 } else { 1 };
            assert_eq!(still["version"], json!(version), "{path}: {still}");
        }
        let ticket_id = records.get("tkt").cloned().unwrap_or_default();
        let said = expect_status(
            app.get(&format!("/api/v1/tickets/{ticket_id}/messages"), &theirs)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (
                said["items"][0]["body"].clone(),
                said["items"][0]["redacted_at"].clone()
            ),
            (json!("Their Secret Note"), Value::Null)
        );
        let account_id = records.get("acc").cloned().unwrap_or_default();
        let notes = expect_status(
            app.get(&format!("/api/v1/accounts/{account_id}/notes"), &theirs)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (
                notes["items"][0]["body"].clone(),
                notes["items"][0]["version"].clone()
            ),
            (json!("Their Secret Note"), json!(1))
        );
        // References across organizations are refused too.
        let body = json!({"name": "Child", "parent_id": account_id});
        assert_eq!(
            problem_code(
                app.post("/api/v1/accounts", &mine, &body).await,
                StatusCode::UNPROCESSABLE_ENTITY
            )
            .await,
            "validation_failed"
        );
        let contact_id = records.get("con").cloned().unwrap_or_default();
        let body = json!({"subject": "S", "description": "D", "requester_id": contact_id});
        assert_eq!(
            problem_code(
                app.post("/api/v1/tickets", &mine, &body).await,
                StatusCode::UNPROCESSABLE_ENTITY
            )
            .await,
            "validation_failed"
        );
        let team_id = records.get("team").cloned().unwrap_or_default();
        let body = json!({"email": "x@alpha.example", "name": "X", "role": "sales", "password": "long enough password", "team_ids": [team_id]});
        assert_eq!(
            problem_code(
                app.post("/api/v1/users", &mine, &body).await,
                StatusCode::UNPROCESSABLE_ENTITY
            )
            .await,
            "validation_failed"
        );
    }
);

/// One record of every kind in the second organization, by id prefix, named "Their Secret…";
/// and a deleted account, so the trash has something of theirs too.
async fn their_records(app: &TestApp, theirs: &str) -> HashMap<&'static str, String> {
    let id = |v: Value| v["id"].as_str().unwrap_or_default().to_owned();
    let mut records = HashMap::new();
    let account = id(app
        .account(theirs, account_body("Their Secret Account"))
        .await);
    let contact = app
        .contact(
            theirs,
            json!({"last_name": "Their Secret Contact", "account_id": account}),
        )
        .await;
    let contact = id(contact);
    // Solved, so a job (its automatic closing) waits too.
    let ticket = json!({"subject": "Their Secret Ticket", "description": "Their Secret Request",
                        "requester_id": contact, "status": "solved",
                        "assignee_id": app.b.user(Role::Agent).to_string()});
    let ticket = app.post("/api/v1/tickets", theirs, &ticket).await;
    let ticket = id(expect_status(ticket, StatusCode::CREATED).await);
    let file = app
        .upload(
            theirs,
            "Their Secret File.txt",
            "text/plain",
            b"Their Secret".to_vec(),
        )
        .await;
    let file = id(expect_status(file, StatusCode::CREATED).await);
    let note = json!({"body": "Their Secret Note", "public": false, "attachment_ids": [file]});
    let note = app
        .post(&format!("/api/v1/tickets/{ticket}/messages"), theirs, &note)
        .await;
    records.insert("msg", id(expect_status(note, StatusCode::CREATED).await));
    records.insert("tkt", ticket);
    records.insert("att", file);
    records.insert("con", contact);
    let jobs = expect_status(app.get("/api/v1/admin/jobs", theirs).await, StatusCode::OK).await;
    records.insert("job", id(jobs["items"][0].clone()));
    let deleted = id(app
        .account(theirs, account_body("Their Secret Deleted"))
        .await);
    expect_status(
        app.delete(&format!("/api/v1/accounts/{deleted}"), theirs, None)
            .await,
        StatusCode::NO_CONTENT,
    )
    .await;
    let note = app
        .post(
            &format!("/api/v1/accounts/{account}/notes"),
            theirs,
            &json!({"body": "Their Secret Note"}),
        )
        .await;
    records.insert("note", id(expect_status(note, StatusCode::CREATED).await));
    records.insert("acc", account);
    let team = app
        .post(
            "/api/v1/teams",
            theirs,
            &json!({"name": "Their Secret Team"}),
        )
        .await;
    records.insert("team", id(expect_status(team, StatusCode::CREATED).await));
    let view = json!({"name": "Their Secret View", "filters": {"q": "Their Secret"}});
    let view = app.post("/api/v1/ticket-views", theirs, &view).await;
    records.insert("tview", id(expect_status(view, StatusCode::CREATED).await));
    records.insert("usr", app.b.user(Role::Sales).to_string());
    let calendar =
        json!({"name": "Their Secret Calendar", "time_zone": "UTC", "always_open": true});
    let calendar = app.post("/api/v1/sla/calendars", theirs, &calendar).await;
    let calendar = id(expect_status(calendar, StatusCode::CREATED).await);
    let policy = json!({
        "name": "Their Secret Policy",
        "calendar_id": calendar,
        "targets": [{"priority": "normal", "first_response_minutes": 60}]
    });
    let policy = app.post("/api/v1/sla/policies", theirs, &policy).await;
    records.insert(
        "slapol",
        id(expect_status(policy, StatusCode::CREATED).await),
    );
    records.insert("cal", calendar);
    let lead = json!({"last_name": "Their Secret Lead", "email": "secret@their.example",
                      "company": "Their Secret Company"});
    let lead = app.post("/api/v1/leads", theirs, &lead).await;
    records.insert("lead", id(expect_status(lead, StatusCode::CREATED).await));
    let form =
        json!({"name": "Their Secret Form", "fields": [{"field": "email", "required": true}]});
    let form = app.post("/api/v1/lead-forms", theirs, &form).await;
    records.insert("lform", id(expect_status(form, StatusCode::CREATED).await));
    let territory = json!({"name": "Their Secret Territory", "countries": ["DE"]});
    let territory = app.post("/api/v1/territories", theirs, &territory).await;
    records.insert(
        "terr",
        id(expect_status(territory, StatusCode::CREATED).await),
    );
    let rule = json!({"name": "Their Secret Rule", "assign_to": "territory"});
    let rule = app.post("/api/v1/assignment-rules", theirs, &rule).await;
    records.insert("arule", id(expect_status(rule, StatusCode::CREATED).await));
    let scoring =
        json!({"name": "Their Secret Score", "field": "country", "values": ["DE"], "points": 5});
    let scoring = app.post("/api/v1/scoring-rules", theirs, &scoring).await;
    records.insert(
        "srule",
        id(expect_status(scoring, StatusCode::CREATED).await),
    );
    let pipeline = json!({"name": "Their Secret Pipeline", "won_reasons": ["Secret"], "lost_reasons": ["Secret"],
        "stages": [{"name": "Open", "probability": 20}, {"name": "Won", "kind": "won"}, {"name": "Lost", "kind": "lost"}]});
    let pipeline = app.post("/api/v1/pipelines", theirs, &pipeline).await;
    let pipeline = id(expect_status(pipeline, StatusCode::CREATED).await);
    let rate = json!({"currency": "USD", "valid_from": "2026-01-01", "rate": "0.9"});
    let rate = app.post("/api/v1/exchange-rates", theirs, &rate).await;
    records.insert("xrate", id(expect_status(rate, StatusCode::CREATED).await));
    let product = json!({"name": "Their Secret Product", "code": "SECRET-1",
        "prices": [{"amount_minor": 50000, "currency": "USD"}]});
    let product = app.post("/api/v1/products", theirs, &product).await;
    records.insert(
        "prod",
        id(expect_status(product, StatusCode::CREATED).await),
    );
    let deal = json!({"name": "Their Secret Deal", "account_id": records["acc"], "pipeline_id": pipeline,
        "amount": {"amount_minor": 100000, "currency": "USD"}, "close_date": "2026-12-31",
        "line_items": [{"product_id": records["prod"], "quantity": 2}]});
    let deal = app.post("/api/v1/opportunities", theirs, &deal).await;
    records.insert("opp", id(expect_status(deal, StatusCode::CREATED).await));
    records.insert("pipe", pipeline);
    let quota = json!({"user_id": app.b.user(Role::Sales).to_string(), "period": "year",
        "period_start": "2026-01-01", "amount_minor": 100_000});
    let quota = app.post("/api/v1/quotas", theirs, &quota).await;
    records.insert("quota", id(expect_status(quota, StatusCode::CREATED).await));
    let meeting = json!({"kind": "meeting", "subject": "Their Secret Meeting", "opportunity_id": records["opp"],
        "starts_at": "2026-12-01T09:00:00Z", "ends_at": "2026-12-01T10:00:00Z",
        "attendees": [{"contact_id": records["con"]}]});
    let meeting = app.post("/api/v1/activities", theirs, &meeting).await;
    records.insert("act", id(expect_status(meeting, StatusCode::CREATED).await));
    let mailbox = json!({"name": "Their Secret Mailbox", "address": "secret@their.example"});
    let mailbox = expect_status(
        app.post("/api/v1/mailboxes", theirs, &mailbox).await,
        StatusCode::CREATED,
    )
    .await;
    let inbound = mailbox["inbound_path"].as_str().unwrap_or_default();
    let mail = "From: secret@their.example\r\nSubject: Their Secret Mail\r\nMessage-ID: <secret@their.example>\r\n\r\nTheir Secret text\r\n";
    let mail = app
        .request(Method::POST, inbound, None)
        .header("content-type", "message/rfc822")
        .body(mail)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    records.insert("inmail", id(expect_status(mail, StatusCode::CREATED).await));
    let source = json!({"host": "imap.their.example", "port": 993, "security": "tls",
        "username": "their-secret-user", "password": "Their Secret password"});
    let source = app
        .request(
            Method::PUT,
            &format!("/api/v1/mailboxes/{}/imap", id(mailbox.clone())),
            Some(theirs),
        )
        .json(&source)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect_status(source, StatusCode::OK).await;
    // Their mail settings and wording, which our lists of them must not show.
    let settings = json!({"enabled": false, "smtp_host": "smtp.their.example", "smtp_port": 587,
        "smtp_security": "starttls", "from_address": "help@their.example",
        "from_name": "Their Secret Sender"});
    let settings = app
        .request(Method::PUT, "/api/v1/email-settings", Some(theirs))
        .json(&settings)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect_status(settings, StatusCode::OK).await;
    let wording = json!({"subject": "Their Secret subject", "body_text": "Their Secret text",
        "body_html": "<p>Their Secret text</p>"});
    let wording = app
        .request(
            Method::PUT,
            "/api/v1/email-templates/agent_reply",
            Some(theirs),
        )
        .json(&wording)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect_status(wording, StatusCode::OK).await;
    records.insert("mbox", id(mailbox));
    let callback = json!({"number": "+41 44 555 77 77", "due_at": "2026-12-24T09:00:00Z", "notes": "Their Secret callback"});
    let callback = app.post("/api/v1/callbacks", theirs, &callback).await;
    records.insert(
        "cbk",
        id(expect_status(callback, StatusCode::CREATED).await),
    );
    let provider = json!({"name": "Their Secret line"});
    let provider = app
        .post("/api/v1/telephony/providers", theirs, &provider)
        .await;
    records.insert(
        "tel",
        id(expect_status(provider, StatusCode::CREATED).await),
    );
    let contract = json!({"account_id": records["acc"], "type": "support", "starts_on": "2026-01-01",
        "ends_on": "2026-12-31", "notes": "Their Secret contract"});
    let contract = app.post("/api/v1/contracts", theirs, &contract).await;
    let contract = id(expect_status(contract, StatusCode::CREATED).await);
    let entitlement = json!({"name": "Their Secret entitlement", "allowance": 3});
    let entitlement = app
        .post(
            &format!("/api/v1/contracts/{contract}/entitlements"),
            theirs,
            &entitlement,
        )
        .await;
    records.insert(
        "ent",
        id(expect_status(entitlement, StatusCode::CREATED).await),
    );
    records.insert("ctr", contract);
    let asset = json!({"account_id": records["acc"], "name": "Their Secret machine",
        "serial_number": "SECRET-1"});
    let asset = app.post("/api/v1/assets", theirs, &asset).await;
    let asset = id(expect_status(asset, StatusCode::CREATED).await);
    let rma =
        json!({"ticket_id": records["tkt"], "asset_id": asset, "reason": "Their Secret fault"});
    let rma = app.post("/api/v1/rmas", theirs, &rma).await;
    records.insert("rma", id(expect_status(rma, StatusCode::CREATED).await));
    records.insert("ast", asset);
    let category = json!({"name": "Their Secret category"});
    let category = app.post("/api/v1/kb/categories", theirs, &category).await;
    let category = id(expect_status(category, StatusCode::CREATED).await);
    let article = json!({"title": "Their Secret article", "body": "Their Secret text",
        "category_id": category, "status": "published"});
    let article = app.post("/api/v1/kb/articles", theirs, &article).await;
    records.insert("kba", id(expect_status(article, StatusCode::CREATED).await));
    records.insert("kbc", category);
    let partner =
        json!({"name": "Their Secret shop", "allowed_origins": ["https://secret.example"]});
    let partner = app.post("/api/v1/partners", theirs, &partner).await;
    records.insert("ptn", id(expect_status(partner, StatusCode::CREATED).await));
    let portal_user = json!({"contact_id": records["con"], "email": "secret@their.example"});
    let portal_user = app.post("/api/v1/portal-users", theirs, &portal_user).await;
    records.insert(
        "pusr",
        id(expect_status(portal_user, StatusCode::CREATED).await),
    );
    records
}
