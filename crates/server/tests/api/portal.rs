//! The customer portal: partners, portal users invited by staff, portal sign-in, and what a
//! customer sees of tickets: their own (or their account's), never another's, and only the
//! public conversation.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{account_body, errors, expect_status, problem_code, TestApp};
use domain::Role;

/// A partner of the organization whose admin token is `admin`: its key.
pub async fn partner(app: &TestApp, admin: &str, body: Value) -> String {
    let created = expect_status(
        app.post("/api/v1/partners", admin, &body).await,
        StatusCode::CREATED,
    )
    .await;
    created["key"].as_str().unwrap_or_default().to_owned()
}

/// A contact of `account` with portal access in `role`, signed in through the partner
/// `key` by accepting their invitation: the contact's id and the portal tokens.
pub async fn customer(
    app: &TestApp,
    admin: &str,
    (key, account, email, role): (&str, &str, &str, &str),
) -> (String, Value) {
    let contact = app
        .contact(
            admin,
            json!({"first_name": "Pat", "last_name": email, "email": email, "account_id": account}),
        )
        .await;
    let contact = contact["id"].as_str().unwrap_or_default().to_owned();
    let invited = expect_status(
        app.post(
            "/api/v1/portal-users",
            admin,
            &json!({"contact_id": contact, "role": role}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(invited["status"], json!("invited"), "{invited}");
    assert_eq!(invited["email"], json!(email));
    let accept = json!({"partner_key": key, "token": invited["invitation_token"],
                        "password": "portal password 2026"});
    let tokens = app
        .client
        .post(app.url("/api/v1/portal/auth/invitation"))
        .json(&accept)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let tokens = expect_status(tokens, StatusCode::OK).await;
    // The link works once.
    let again = app
        .client
        .post(app.url("/api/v1/portal/auth/invitation"))
        .json(&accept)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        problem_code(again, StatusCode::UNAUTHORIZED).await,
        "unauthenticated"
    );
    (contact, tokens)
}

/// How partner `key`'s portal looks to anyone (`GET /api/v1/portal/partners/{key}`).
pub async fn branding(app: &TestApp, key: &str) -> Value {
    let branding = app
        .request(Method::GET, &format!("/api/v1/portal/partners/{key}"), None)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect_status(branding, StatusCode::OK).await
}

/// The access token of portal `tokens`.
pub fn access(tokens: &Value) -> String {
    tokens["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i["id"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A ticket staff open for contact `requester`: its id.
pub async fn ticket_for(app: &TestApp, staff: &str, requester: &str, subject: &str) -> String {
    let body =
        json!({"subject": subject, "description": "Asked by phone", "requester_id": requester});
    let created = expect_status(
        app.post("/api/v1/tickets", staff, &body).await,
        StatusCode::CREATED,
    )
    .await;
    created["id"].as_str().unwrap_or_default().to_owned()
}

on_both!(
    customers_see_their_own_tickets_and_their_account_admin_sees_the_account,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let agent = app.token(&app.a, Role::Agent);
        let key = partner(
            &app,
            &admin,
            json!({"name": "Northwind Shop",
        "allowed_origins": ["https://shop.northwind.example"]}),
        )
        .await;
        assert!(key.starts_with("pk_"), "{key}");
        let ours = app.account(&admin, account_body("Meier AG")).await["id"].clone();
        let ours = ours.as_str().unwrap_or_default();
        let theirs = app.account(&admin, account_body("Other GmbH")).await["id"].clone();
        let theirs = theirs.as_str().unwrap_or_default();
        let (pat, pat_tokens) =
            customer(&app, &admin, (&key, ours, "pat@meier.example", "user")).await;
        let (boss, boss_tokens) = customer(
            &app,
            &admin,
            (&key, ours, "boss@meier.example", "account_admin"),
        )
        .await;
        let (_, other_tokens) =
            customer(&app, &admin, (&key, theirs, "olga@other.example", "user")).await;
        let (pat_token, boss_token, other_token) = (
            access(&pat_tokens),
            access(&boss_tokens),
            access(&other_tokens),
        );

        // Pat opens a ticket in the portal: theirs, their company's, through the portal channel.
        let opened = app
            .post(
                "/api/v1/portal/tickets",
                &pat_token,
                &json!({"subject": "The press stops", "description": "Error E42 since Monday"}),
            )
            .await;
        let opened = expect_status(opened, StatusCode::CREATED).await;
        assert_eq!(
            (
                &opened["status"],
                &opened["mine"],
                &opened["requester_name"]
            ),
            (
                &json!("open"),
                &json!(true),
                &json!("Pat pat@meier.example")
            )
        );
        let pats = opened["id"].as_str().unwrap_or_default().to_owned();
        let staff_view = expect_status(
            app.get(&format!("/api/v1/tickets/{pats}"), &agent).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (
                &staff_view["channel"],
                &staff_view["requester_id"],
                &staff_view["account_id"]
            ),
            (&json!("portal"), &json!(pat), &json!(ours))
        );
        let bosss = ticket_for(&app, &agent, &boss, "Invoice question").await;
        let others = {
            let olga = app.get("/api/v1/contacts?q=olga", &agent).await;
            let olga = expect_status(olga, StatusCode::OK).await["items"][0]["id"].clone();
            ticket_for(
                &app,
                &agent,
                olga.as_str().unwrap_or_default(),
                "Other's secret",
            )
            .await
        };

        // Lists: Pat their own; the account admin the account's (or their own); Olga hers.
        let list = |token: String, query: &'static str| {
            let app = &app;
            async move {
                ids(&expect_status(
                    app.get(&format!("/api/v1/portal/tickets{query}"), &token)
                        .await,
                    StatusCode::OK,
                )
                .await)
            }
        };
        assert_eq!(list(pat_token.clone(), "").await, vec![pats.clone()]);
        let mut account_wide = list(boss_token.clone(), "").await;
        account_wide.sort();
        let mut expected = vec![pats.clone(), bosss.clone()];
        expected.sort();
        assert_eq!(account_wide, expected);
        assert_eq!(
            list(boss_token.clone(), "?scope=mine").await,
            vec![bosss.clone()]
        );
        assert_eq!(list(other_token.clone(), "").await, vec![others.clone()]);
        assert_eq!(
            list(pat_token.clone(), "?state=closed").await,
            Vec::<String>::new()
        );
        assert_eq!(
            problem_code(
                app.get("/api/v1/portal/tickets?state=maybe", &pat_token)
                    .await,
                StatusCode::BAD_REQUEST
            )
            .await,
            "invalid_parameters"
        );

        // Nobody reaches a ticket that is not theirs, by any route.
        for (token, ticket) in [
            (&pat_token, &bosss),
            (&pat_token, &others),
            (&other_token, &pats),
            (&boss_token, &others),
        ] {
            for path in [
                format!("/api/v1/portal/tickets/{ticket}"),
                format!("/api/v1/portal/tickets/{ticket}/messages"),
            ] {
                assert_eq!(
                    app.get(&path, token).await.status(),
                    StatusCode::NOT_FOUND,
                    "{path}"
                );
            }
            let reply = app
                .post(
                    &format!("/api/v1/portal/tickets/{ticket}/messages"),
                    token,
                    &json!({"body": "let me in"}),
                )
                .await;
            assert_eq!(reply.status(), StatusCode::NOT_FOUND);
        }
        expect_status(
            app.get(&format!("/api/v1/portal/tickets/{pats}"), &boss_token)
                .await,
            StatusCode::OK,
        )
        .await;

        // The conversation: the agent's public reply by name, never the internal note or the
        // agent's address.
        for (body, public) in [
            ("Internal: customer is on the old firmware", false),
            ("Please update the firmware.", true),
        ] {
            let said = app
                .post(
                    &format!("/api/v1/tickets/{pats}/messages"),
                    &agent,
                    &json!({"body": body, "public": public}),
                )
                .await;
            expect_status(said, StatusCode::CREATED).await;
        }
        let conversation = app
            .get(
                &format!("/api/v1/portal/tickets/{pats}/messages"),
                &pat_token,
            )
            .await;
        let text = conversation.text().await.unwrap_or_default();
        assert!(!text.contains("Internal:"), "{text}");
        assert!(!text.contains("@alpha.example"), "{text}");
        let conversation: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(
            conversation["items"].as_array().map(Vec::len),
            Some(1),
            "{conversation}"
        );
        assert_eq!(
            (
                &conversation["items"][0]["from"],
                &conversation["items"][0]["author_name"]
            ),
            (&json!("support"), &json!("agent alpha"))
        );

        // Pat answers; the account admin adds a word as a colleague. Both reach the agents as
        // the customer's.
        for (token, body) in [
            (&pat_token, "Updated, still stops."),
            (&boss_token, "Please hurry."),
        ] {
            let reply = app
                .post(
                    &format!("/api/v1/portal/tickets/{pats}/messages"),
                    token,
                    &json!({"body": body}),
                )
                .await;
            let reply = expect_status(reply, StatusCode::CREATED).await;
            assert_eq!(reply["from"], json!("customer"));
        }
        let staff_side = expect_status(
            app.get(&format!("/api/v1/tickets/{pats}/messages"), &agent)
                .await,
            StatusCode::OK,
        )
        .await;
        let authors: Vec<Value> = staff_side["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|m| m["author_contact_id"].clone())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(&authors[2..], &[json!(pat), json!(boss)]);
        // Merged into another customer's ticket, Pat's ticket takes no reply there.
        let merged = app
            .post(
                &format!("/api/v1/tickets/{pats}/merge"),
                &agent,
                &json!({"into_id": others}),
            )
            .await;
        expect_status(merged, StatusCode::OK).await;
        let reply = app
            .post(
                &format!("/api/v1/portal/tickets/{pats}/messages"),
                &pat_token,
                &json!({"body": "Hello?"}),
            )
            .await;
        assert_eq!(
            problem_code(reply, StatusCode::CONFLICT).await,
            "ticket_merged"
        );
        let theirs = expect_status(
            app.get(&format!("/api/v1/tickets/{others}/messages"), &agent)
                .await,
            StatusCode::OK,
        )
        .await;
        assert!(!theirs.to_string().contains("Hello?"), "{theirs}");
        let me = expect_status(
            app.get("/api/v1/portal/me", &boss_token).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (&me["role"], &me["account_name"], &me["portal"]["name"]),
            (
                &json!("account_admin"),
                &json!("Meier AG"),
                &json!("Northwind Shop")
            )
        );
    }
);

on_both!(
    portal_sign_ins_follow_the_staff_rules_and_end_with_access,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let key = partner(&app, &admin, json!({"name": "Shop", "allowed_origins": []})).await;
        let account = app.account(&admin, account_body("Meier AG")).await["id"].clone();
        let (contact, tokens) = customer(
            &app,
            &admin,
            (
                &key,
                account.as_str().unwrap_or_default(),
                "pat@meier.example",
                "user",
            ),
        )
        .await;
        let login = |email: &'static str, password: &'static str, key: String| {
            let app = &app;
            async move {
                app.client
                    .post(app.url("/api/v1/portal/auth/login"))
                    .json(&json!({"partner_key": key, "email": email, "password": password}))
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{e}"))
            }
        };
        let signed_in = expect_status(
            login("PAT@meier.example", "portal password 2026", key.clone()).await,
            StatusCode::OK,
        )
        .await;
        assert!(signed_in["refresh_token"].is_string());
        for (email, password) in [
            ("pat@meier.example", "wrong password 2026"),
            ("nobody@meier.example", "portal password 2026"),
        ] {
            assert_eq!(
                problem_code(
                    login(email, password, key.clone()).await,
                    StatusCode::UNAUTHORIZED
                )
                .await,
                "invalid_credentials"
            );
        }
        assert_eq!(
            problem_code(
                login(
                    "pat@meier.example",
                    "portal password 2026",
                    "pk_nothing".into()
                )
                .await,
                StatusCode::UNAUTHORIZED
            )
            .await,
            "unauthenticated"
        );
        // A staff user's password is not a portal password: the two are separate identities.
        assert_eq!(
            problem_code(
                login("admin@alpha.example", "portal password 2026", key.clone()).await,
                StatusCode::UNAUTHORIZED
            )
            .await,
            "invalid_credentials"
        );
        // Failures at the portal lock the portal sign-in only: the staff user with the same
        // address still signs in to the web app, and a staff sign-in clears nothing here.
        for _ in 0..2 {
            login("admin@alpha.example", "portal password 2026", key.clone()).await;
        }
        assert_eq!(
            problem_code(
                login("admin@alpha.example", "portal password 2026", key.clone()).await,
                StatusCode::TOO_MANY_REQUESTS
            )
            .await,
            "login_locked"
        );
        let staff = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": "admin@alpha.example", "password": crate::support::PASSWORD}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        expect_status(staff, StatusCode::OK).await;
        assert_eq!(
            problem_code(
                login("admin@alpha.example", "portal password 2026", key.clone()).await,
                StatusCode::TOO_MANY_REQUESTS
            )
            .await,
            "login_locked"
        );

        // Refresh tokens rotate; the replaced one, presented again, ends the session.
        let refresh = |token: Value| {
            let app = &app;
            async move {
                app.client
                    .post(app.url("/api/v1/portal/auth/refresh"))
                    .json(&json!({"refresh_token": token}))
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{e}"))
            }
        };
        let first = signed_in["refresh_token"].clone();
        let next = expect_status(refresh(first.clone()).await, StatusCode::OK).await;
        let session_token = access(&next);
        expect_status(
            app.get("/api/v1/portal/me", &session_token).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            problem_code(refresh(first).await, StatusCode::UNAUTHORIZED).await,
            "invalid_refresh_token"
        );
        assert_eq!(
            app.get("/api/v1/portal/me", &session_token).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            refresh(next["refresh_token"].clone()).await.status(),
            StatusCode::UNAUTHORIZED
        );

        // Taking access away ends the sessions at their next request.
        let token = access(&tokens);
        expect_status(app.get("/api/v1/portal/me", &token).await, StatusCode::OK).await;
        let user = expect_status(
            app.get(
                &format!("/api/v1/portal-users?contact_id={contact}"),
                &admin,
            )
            .await,
            StatusCode::OK,
        )
        .await["items"][0]["id"]
            .clone();
        let user = user.as_str().unwrap_or_default();
        let off = app
            .patch(
                &format!("/api/v1/portal-users/{user}"),
                &admin,
                None,
                &json!({"active": false}),
            )
            .await;
        expect_status(off, StatusCode::OK).await;
        assert_eq!(
            app.get("/api/v1/portal/me", &token).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            problem_code(
                login("pat@meier.example", "portal password 2026", key.clone()).await,
                StatusCode::UNAUTHORIZED
            )
            .await,
            "invalid_credentials"
        );
        let on = app
            .patch(
                &format!("/api/v1/portal-users/{user}"),
                &admin,
                None,
                &json!({"active": true}),
            )
            .await;
        expect_status(on, StatusCode::OK).await;
        // Switched on again, the old session stays ended: only a new sign-in works.
        assert_eq!(
            app.get("/api/v1/portal/me", &token).await.status(),
            StatusCode::UNAUTHORIZED
        );
        let again = expect_status(
            login("pat@meier.example", "portal password 2026", key.clone()).await,
            StatusCode::OK,
        )
        .await;
        let token = access(&again);
        expect_status(app.get("/api/v1/portal/me", &token).await, StatusCode::OK).await;
        // A partner in the trash serves no portal.
        let partners =
            expect_status(app.get("/api/v1/partners", &admin).await, StatusCode::OK).await;
        let partner_id = partners["items"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let gone = app
            .delete(&format!("/api/v1/partners/{partner_id}"), &admin, None)
            .await;
        assert_eq!(gone.status(), StatusCode::NO_CONTENT);
        let back = app
            .post(
                &format!("/api/v1/partners/{partner_id}/restore"),
                &admin,
                &json!({}),
            )
            .await;
        expect_status(back, StatusCode::OK).await;
        assert_eq!(
            app.get("/api/v1/portal/me", &token).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
);

on_both!(portal_tickets_respect_the_partner_and_the_account, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let key = partner(
        &app,
        &admin,
        json!({"name": "Info site", "allowed_origins": [],
        "features": {"ticket_creation": false, "knowledge_base": true, "assets": false}}),
    )
    .await;
    let ours = app.account(&admin, account_body("Meier AG")).await["id"].clone();
    let (_, tokens) = customer(
        &app,
        &admin,
        (
            &key,
            ours.as_str().unwrap_or_default(),
            "pat@meier.example",
            "user",
        ),
    )
    .await;
    let token = access(&tokens);
    let ask = json!({"subject": "Help", "description": "Please"});
    assert_eq!(
        problem_code(
            app.post("/api/v1/portal/tickets", &token, &ask).await,
            StatusCode::CONFLICT
        )
        .await,
        "ticket_creation_off"
    );
    let open = partner(
        &app,
        &admin,
        json!({"name": "Shop", "allowed_origins": ["https://shop.example"]}),
    )
    .await;
    let login = app
        .client
        .post(app.url("/api/v1/portal/auth/login"))
        .json(&json!({"partner_key": open, "email": "pat@meier.example", "password": "portal password 2026"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let token = access(&expect_status(login, StatusCode::OK).await);
    // Another company's machine is not one to ask about.
    let other = app.account(&admin, account_body("Other GmbH")).await["id"].clone();
    let machine = json!({"account_id": other, "name": "Their press"});
    let machine = expect_status(
        app.post("/api/v1/assets", &admin, &machine).await,
        StatusCode::CREATED,
    )
    .await;
    let ask = json!({"subject": "Help", "description": "Please", "asset_id": machine["id"]});
    assert_eq!(
        errors(app.post("/api/v1/portal/tickets", &token, &ask).await).await,
        vec![("/asset_id".to_owned(), "unknown_asset".to_owned())]
    );
    let mine = json!({"account_id": ours, "name": "Our press"});
    let mine = expect_status(
        app.post("/api/v1/assets", &admin, &mine).await,
        StatusCode::CREATED,
    )
    .await;
    let ask = json!({"subject": "Help", "description": "Please", "asset_id": mine["id"], "category": "Repairs"});
    let opened = expect_status(
        app.post("/api/v1/portal/tickets", &token, &ask).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (&opened["asset_id"], &opened["category"]),
        (&mine["id"], &json!("repairs"))
    );
    // Bad partner settings are refused at their fields.
    let bad = json!({"name": "", "allowed_origins": ["http://shop.example", "https://a.example/path"],
                     "accent_color": "blue", "logo_url": "ftp://x"});
    let refused: Vec<String> = errors(app.post("/api/v1/partners", &admin, &bad).await)
        .await
        .into_iter()
        .map(|(pointer, _)| pointer)
        .collect();
    assert_eq!(
        refused,
        [
            "/name",
            "/allowed_origins/0",
            "/allowed_origins/1",
            "/accent_color",
            "/logo_url"
        ]
    );
    // A contact has one portal user; an address signs in one.
    let contact = app
        .contact(
            &admin,
            json!({"last_name": "Twice", "email": "pat@meier.example"}),
        )
        .await;
    let twice = app
        .post(
            "/api/v1/portal-users",
            &admin,
            &json!({"contact_id": contact["id"]}),
        )
        .await;
    assert_eq!(
        problem_code(twice, StatusCode::CONFLICT).await,
        "portal_email_taken"
    );
    let no_email = app.contact(&admin, json!({"last_name": "Nomail"})).await;
    let refused = app
        .post(
            "/api/v1/portal-users",
            &admin,
            &json!({"contact_id": no_email["id"]}),
        )
        .await;
    assert_eq!(
        errors(refused).await,
        vec![("/email".to_owned(), "required".to_owned())]
    );
});

on_both!(
    customers_read_the_public_knowledge_base_and_what_their_company_has,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let key = partner(&app, &admin, json!({"name": "Shop", "allowed_origins": []})).await;
        let ours = app.account(&admin, account_body("Meier AG")).await["id"].clone();
        let theirs = app.account(&admin, account_body("Other GmbH")).await["id"].clone();
        let (_, tokens) = customer(
            &app,
            &admin,
            (
                &key,
                ours.as_str().unwrap_or_default(),
                "pat@meier.example",
                "user",
            ),
        )
        .await;
        let token = access(&tokens);

        // Only published public articles are found and read.
        let mut articles = Vec::new();
        for (title, visibility, status) in [
            ("Resetting the press", "public", "published"),
            ("Press internals for agents", "internal", "published"),
            ("Press draft", "public", "draft"),
        ] {
            let article = json!({"title": title, "body": "How the press works.",
                             "visibility": visibility, "status": status});
            let article = app.post("/api/v1/kb/articles", &admin, &article).await;
            articles.push(expect_status(article, StatusCode::CREATED).await["id"].clone());
        }
        let found = expect_status(
            app.get("/api/v1/portal/kb/search?q=press", &token).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(ids(&found), vec![articles[0].as_str().unwrap_or_default()]);
        // Suggestions while a ticket is written: public ones only, found by any telling word.
        let suggested = expect_status(
            app.get(
                "/api/v1/portal/kb/suggest?text=my%20press%20jammed%20again",
                &token,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            ids(&suggested),
            vec![articles[0].as_str().unwrap_or_default()]
        );
        assert_eq!(suggested["next_offset"], Value::Null);
        let read = expect_status(
            app.get(
                &format!(
                    "/api/v1/portal/kb/articles/{}",
                    articles[0].as_str().unwrap_or_default()
                ),
                &token,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(read["title"], json!("Resetting the press"));
        for hidden in &articles[1..] {
            let path = format!(
                "/api/v1/portal/kb/articles/{}",
                hidden.as_str().unwrap_or_default()
            );
            assert_eq!(app.get(&path, &token).await.status(), StatusCode::NOT_FOUND);
        }

        // The company's assets and contracts, never another's.
        for (account, name) in [(&ours, "Our press"), (&theirs, "Their press")] {
            let asset = json!({"account_id": account, "name": name, "serial_number": name});
            expect_status(
                app.post("/api/v1/assets", &admin, &asset).await,
                StatusCode::CREATED,
            )
            .await;
            let contract = json!({"account_id": account, "type": "support", "status": "active",
                              "starts_on": "2026-01-01", "ends_on": "2030-12-31"});
            let contract = expect_status(
                app.post("/api/v1/contracts", &admin, &contract).await,
                StatusCode::CREATED,
            )
            .await;
            let entitlement =
                json!({"name": format!("{name} incidents"), "allowance": 5, "period": "year"});
            let entitlement = app
                .post(
                    &format!(
                        "/api/v1/contracts/{}/entitlements",
                        contract["id"].as_str().unwrap_or_default()
                    ),
                    &admin,
                    &entitlement,
                )
                .await;
            expect_status(entitlement, StatusCode::CREATED).await;
        }
        let assets = expect_status(
            app.get("/api/v1/portal/assets", &token).await,
            StatusCode::OK,
        )
        .await;
        let names: Vec<Value> = assets["items"]
            .as_array()
            .map(|items| items.iter().map(|a| a["name"].clone()).collect())
            .unwrap_or_default();
        assert_eq!(names, vec![json!("Our press")]);
        let contracts = expect_status(
            app.get("/api/v1/portal/contracts", &token).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            contracts["items"].as_array().map(Vec::len),
            Some(1),
            "{contracts}"
        );
        let entitlement = &contracts["items"][0]["entitlements"][0];
        assert_eq!(
            (
                &entitlement["name"],
                &entitlement["allowance"],
                &entitlement["remaining"]
            ),
            (&json!("Our press incidents"), &json!(5), &json!(5))
        );
        let text = contracts.to_string();
        assert!(
            !text.contains("Their press") && !text.contains("notes"),
            "{text}"
        );

        // A partner may turn these parts off.
        let bare = partner(
            &app,
            &admin,
            json!({"name": "Bare", "allowed_origins": [],
        "features": {"ticket_creation": true, "knowledge_base": false, "assets": false}}),
        )
        .await;
        let login = app
        .client
        .post(app.url("/api/v1/portal/auth/login"))
        .json(&json!({"partner_key": bare, "email": "pat@meier.example", "password": "portal password 2026"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        let bare_token = access(&expect_status(login, StatusCode::OK).await);
        for (path, code) in [
            ("/api/v1/portal/kb/search?q=press", "knowledge_base_off"),
            ("/api/v1/portal/kb/suggest?text=press", "knowledge_base_off"),
            ("/api/v1/portal/assets", "assets_off"),
            ("/api/v1/portal/contracts", "assets_off"),
        ] {
            assert_eq!(
                problem_code(app.get(path, &bare_token).await, StatusCode::CONFLICT).await,
                code,
                "{path}"
            );
        }
    }
);
