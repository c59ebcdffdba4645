//! Service contracts and entitlements: the allowance used and given back, the refusal when
//! the organization says so, the contract's SLA policy on the tickets it covers, and the last
//! incident going to one of two tickets opened at once.

use chrono::{Days, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{account_body, count, errors, expect_status, problem_code, TestApp};
use domain::Role;

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_owned()
}

/// Today plus (or minus) `days`, as the API writes days.
fn day(days: i64) -> String {
    let today = Utc::now().date_naive();
    let shifted = if days >= 0 {
        today.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    shifted.unwrap_or(today).to_string()
}

/// An account with two contacts, and a policy the contract grants after a catch-all.
async fn customer(app: &TestApp, token: &str) -> (String, String, String, String) {
    let account = id(&app.account(token, account_body("Contracted AG")).await);
    let authorised = id(&app
        .contact(
            token,
            json!({"last_name": "Allowed", "account_id": account}),
        )
        .await);
    let other = id(&app
        .contact(token, json!({"last_name": "Other", "account_id": account}))
        .await);
    let calendar = json!({"name": "Always", "time_zone": "UTC", "always_open": true});
    let calendar = id(&expect_status(
        app.post("/api/v1/sla/calendars", token, &calendar).await,
        StatusCode::CREATED,
    )
    .await);
    let mut policies = Vec::new();
    for name in ["Everyone", "Gold"] {
        let policy = json!({"name": name, "calendar_id": calendar,
            "targets": [{"priority": "normal", "first_response_minutes": 60}]});
        policies.push(id(&expect_status(
            app.post("/api/v1/sla/policies", token, &policy).await,
            StatusCode::CREATED,
        )
        .await));
    }
    (account, authorised, other, policies[1].clone())
}

async fn ticket(app: &TestApp, token: &str, requester: &str, channel: &str) -> reqwest::Response {
    let body = json!({"subject": "It broke", "description": "Again", "requester_id": requester,
                      "channel": channel});
    app.post("/api/v1/tickets", token, &body).await
}

async fn remaining(app: &TestApp, token: &str, path: &str) -> Value {
    expect_status(app.get(path, token).await, StatusCode::OK).await["remaining"].clone()
}

on_both!(
    entitlements_count_incidents_give_them_back_and_refuse,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let agent = app.token(&app.a, Role::Agent);
        let (account, allowed, other, gold) = customer(&app, &admin).await;
        let contract = json!({"account_id": account, "type": "support", "status": "active",
        "starts_on": day(-30), "ends_on": day(300), "sla_policy_id": gold,
        "authorised_contact_ids": [allowed], "value": {"amount_minor": 1_200_000, "currency": "EUR"}});
        let created = expect_status(
            app.post("/api/v1/contracts", &admin, &contract).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(
            (&created["number"], &created["in_force"], &created["status"]),
            (&json!("CON-00001"), &json!(true), &json!("active"))
        );
        let contract_path = format!("/api/v1/contracts/{}", id(&created));

        // Bad dates, an overlap of the same type, a number taken, a move out of order.
        let mut inverted = contract.clone();
        inverted["type"] = json!("parts");
        inverted["starts_on"] = json!(day(10));
        inverted["ends_on"] = json!(day(5));
        assert_eq!(
            errors(app.post("/api/v1/contracts", &admin, &inverted).await).await,
            vec![("/ends_on".into(), "inverted_dates".into())]
        );
        let mut overlapping = contract.clone();
        overlapping["starts_on"] = json!(day(200));
        overlapping["ends_on"] = json!(day(600));
        assert_eq!(
            errors(app.post("/api/v1/contracts", &admin, &overlapping).await).await,
            vec![("/starts_on".into(), "overlapping_contract".into())]
        );
        let mut labour = overlapping.clone();
        labour["type"] = json!("labour");
        labour["number"] = json!("CON-00001");
        assert_eq!(
            problem_code(
                app.post("/api/v1/contracts", &admin, &labour).await,
                StatusCode::CONFLICT
            )
            .await,
            "contract_number_taken"
        );
        let mut elsewhere = labour.clone();
        elsewhere["number"] = json!("CON-9");
        let outsider = id(&app.contact(&admin, json!({"last_name": "Outsider"})).await);
        elsewhere["authorised_contact_ids"] = json!([outsider]);
        assert_eq!(
            errors(app.post("/api/v1/contracts", &admin, &elsewhere).await).await,
            vec![("/authorised_contact_ids".into(), "not_of_account".into())]
        );
        let back_to_draft = app
            .patch(&contract_path, &admin, None, &json!({"status": "draft"}))
            .await;
        let problem = expect_status(back_to_draft, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(
            problem["errors"][0]["detail"],
            "an active contract can move to expired, cancelled"
        );
        // Agents read contracts; they do not write them.
        expect_status(app.get(&contract_path, &agent).await, StatusCode::OK).await;
        assert_eq!(
            app.post("/api/v1/contracts", &agent, &labour)
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
        let counted = count(&app, "SELECT count(*) AS n FROM contracts");
        assert_eq!(counted, 1, "nothing refused was written");

        // Two incidents a month, by email and web, for the authorised contact.
        let entitlement = json!({"name": "Support", "channels": ["email", "web"], "allowance": 2,
                             "period": "month"});
        let entitlement = expect_status(
            app.post(
                &format!("{contract_path}/entitlements"),
                &admin,
                &entitlement,
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let entitlement_path = format!("{contract_path}/entitlements/{}", id(&entitlement));
        assert_eq!(
            (&entitlement["used"], &entitlement["remaining"]),
            (&json!(0), &json!(2))
        );

        let first = expect_status(
            ticket(&app, &agent, &allowed, "web").await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(
            (
                &first["entitlement"]["status"],
                &first["entitlement"]["contract_id"]
            ),
            (&json!("covered"), &created["id"])
        );
        assert_eq!(
            first["sla_policy_id"],
            json!(gold),
            "the contract's policy applies"
        );
        let second = expect_status(
            ticket(&app, &agent, &allowed, "email").await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(second["entitlement"]["status"], "covered");
        assert_eq!(remaining(&app, &admin, &entitlement_path).await, json!(0));
        // Spent: flagged, under the policies' own order.
        let third = expect_status(
            ticket(&app, &agent, &allowed, "web").await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(third["entitlement"]["status"], "not_covered");
        assert_ne!(third["sla_policy_id"], json!(gold));
        // Not a covered channel; not an authorised contact.
        let by_phone = expect_status(
            ticket(&app, &agent, &allowed, "phone").await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(by_phone["entitlement"]["status"], "not_covered");
        let stranger = expect_status(
            ticket(&app, &agent, &other, "web").await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(stranger["entitlement"]["status"], "not_covered");

        // A deleted ticket gives its incident back; the next one takes it.
        expect_status(
            app.delete(&format!("/api/v1/tickets/{}", id(&second)), &agent, None)
                .await,
            StatusCode::NO_CONTENT,
        )
        .await;
        assert_eq!(remaining(&app, &admin, &entitlement_path).await, json!(1));
        // Restored, it counts again; deleted, it gives it back again.
        let second_path = format!("/api/v1/tickets/{}", id(&second));
        expect_status(
            app.post(&format!("{second_path}/restore"), &agent, &json!({}))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(remaining(&app, &admin, &entitlement_path).await, json!(0));
        expect_status(
            app.delete(&second_path, &agent, None).await,
            StatusCode::NO_CONTENT,
        )
        .await;
        assert_eq!(remaining(&app, &admin, &entitlement_path).await, json!(1));
        let fourth = expect_status(
            ticket(&app, &agent, &allowed, "web").await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(fourth["entitlement"]["status"], "covered");
        // A duplicate merged away gives it back too.
        let merged = app
            .post(
                &format!("/api/v1/tickets/{}/merge", id(&fourth)),
                &agent,
                &json!({"into_id": id(&first)}),
            )
            .await;
        expect_status(merged, StatusCode::OK).await;
        let fourth = expect_status(
            app.get(&format!("/api/v1/tickets/{}", id(&fourth)), &agent)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(fourth["entitlement"]["status"], "returned");
        assert_eq!(remaining(&app, &admin, &entitlement_path).await, json!(1));

        // Where the organization refuses, nothing is written for a customer without cover.
        expect_status(
            app.patch(
                "/api/v1/organization",
                &admin,
                None,
                &json!({"entitlement_check": "refuse"}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        let before = count(&app, "SELECT count(*) AS n FROM tickets");
        assert_eq!(
            errors(ticket(&app, &agent, &other, "web").await).await,
            vec![("/account_id".into(), "not_entitled".into())]
        );
        assert_eq!(count(&app, "SELECT count(*) AS n FROM tickets"), before);
        expect_status(
            ticket(&app, &agent, &allowed, "web").await,
            StatusCode::CREATED,
        )
        .await;
        // A cancelled contract covers nothing.
        expect_status(
            app.patch(
                &contract_path,
                &admin,
                None,
                &json!({"status": "cancelled"}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            errors(ticket(&app, &agent, &allowed, "web").await).await,
            vec![("/account_id".into(), "not_entitled".into())]
        );
    }
);

on_both!(
    the_last_incident_goes_to_one_of_two_tickets_at_once,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let (account, allowed, _, _) = customer(&app, &admin).await;
        let contract = json!({"account_id": account, "type": "support", "status": "active",
        "starts_on": day(-1), "ends_on": day(30)});
        let contract = expect_status(
            app.post("/api/v1/contracts", &admin, &contract).await,
            StatusCode::CREATED,
        )
        .await;
        let entitlement = json!({"name": "One call", "allowance": 1});
        expect_status(
            app.post(
                &format!("/api/v1/contracts/{}/entitlements", id(&contract)),
                &admin,
                &entitlement,
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let (a, b) = tokio::join!(
            ticket(&app, &admin, &allowed, "web"),
            ticket(&app, &admin, &allowed, "email")
        );
        let a = expect_status(a, StatusCode::CREATED).await;
        let b = expect_status(b, StatusCode::CREATED).await;
        let mut found = vec![
            a["entitlement"]["status"].clone(),
            b["entitlement"]["status"].clone(),
        ];
        found.sort_by_key(|s| s.to_string());
        assert_eq!(found, vec![json!("covered"), json!("not_covered")]);
    }
);

on_both!(contracts_expire_renew_and_announce_their_end_once, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let account = id(&app.account(&admin, account_body("Ending GmbH")).await);
    let pipeline = json!({"name": "Renewals", "won_reasons": ["Renewed"], "lost_reasons": ["Gone"],
        "stages": [{"name": "Open", "probability": 50}, {"name": "Won", "kind": "won"},
                   {"name": "Lost", "kind": "lost"}]});
    expect_status(
        app.post("/api/v1/pipelines", &admin, &pipeline).await,
        StatusCode::CREATED,
    )
    .await;
    let org = expect_status(
        app.get("/api/v1/organization", &admin).await,
        StatusCode::OK,
    )
    .await;
    let mut made = Vec::new();
    for (kind, ends_on, auto_renew) in [
        ("support", day(-1), false),
        ("maintenance", day(-1), true),
        ("parts", day(10), false),
    ] {
        let mut contract = json!({"account_id": account, "type": kind, "status": "active",
            "starts_on": day(-365), "ends_on": ends_on, "auto_renew": auto_renew,
            "value": {"amount_minor": 500_000, "currency": org["base_currency"]}});
        if auto_renew {
            contract["renewal_term_months"] = json!(12);
        }
        let created = app.post("/api/v1/contracts", &admin, &contract).await;
        made.push(id(&expect_status(created, StatusCode::CREATED).await));
    }
    for _ in 0..2 {
        let mut conn = app.state.pool.get().unwrap_or_else(|e| panic!("{e}"));
        server::desk::contracts::sweep(&mut conn, Utc::now()).unwrap_or_else(|e| panic!("{e:?}"));
    }
    let read = |i: usize| {
        let path = format!("/api/v1/contracts/{}", made[i]);
        let admin = admin.clone();
        let app = &app;
        async move { expect_status(app.get(&path, &admin).await, StatusCode::OK).await }
    };
    let expired = read(0).await;
    assert_eq!(
        (&expired["status"], &expired["in_force"]),
        (&json!("expired"), &json!(false))
    );
    let renewed = read(1).await;
    assert_eq!(
        (&renewed["status"], &renewed["starts_on"]),
        (&json!("active"), &json!(day(0)))
    );
    assert_eq!(renewed["version"], json!(2), "renewed once");
    // Ten days before its end, within its 30 days' notice: one task, one notice, one deal.
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM activities WHERE subject LIKE 'Renew contract CON-00003%'"
        ),
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM notifications WHERE kind = 'contract_expiring'"
        ),
        1
    );
    let deals = expect_status(
        app.get(
            &format!("/api/v1/opportunities?account_id={account}"),
            &admin,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = deals["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(names, vec!["Renewal of CON-00003"]);
});

on_both!(
    a_restored_contract_may_not_overlap_one_written_meanwhile,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let account = id(&app.account(&admin, account_body("Twice AG")).await);
        let body = json!({"account_id": account, "type": "support", "starts_on": day(0),
                      "ends_on": day(90)});
        let first = id(&expect_status(
            app.post("/api/v1/contracts", &admin, &body).await,
            StatusCode::CREATED,
        )
        .await);
        let path = format!("/api/v1/contracts/{first}");
        expect_status(
            app.delete(&path, &admin, None).await,
            StatusCode::NO_CONTENT,
        )
        .await;
        // Deleted, it covers nothing and overlaps nothing.
        expect_status(
            app.post("/api/v1/contracts", &admin, &body).await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(
            errors(
                app.post(&format!("{path}/restore"), &admin, &json!({}))
                    .await
            )
            .await,
            vec![("/starts_on".into(), "overlapping_contract".into())]
        );
    }
);

on_both!(
    an_entitlement_for_products_or_assets_covers_tickets_about_them,
    |app| {
        let admin = app.token(&app.a, Role::Admin);
        let agent = app.token(&app.a, Role::Agent);
        let (account, allowed, _, _) = customer(&app, &admin).await;
        let created = |path: &'static str, body: Value| {
            let (app, admin) = (&app, &admin);
            async move {
                id(&expect_status(app.post(path, admin, &body).await, StatusCode::CREATED).await)
            }
        };
        let press = created(
            "/api/v1/products",
            json!({"name": "Press 40t", "code": "press-40"}),
        )
        .await;
        let site = created(
            "/api/v1/assets",
            json!({"account_id": account, "name": "Site", "serial_number": "S-1"}),
        )
        .await;
        let machine = created(
            "/api/v1/assets",
            json!({"account_id": account, "name": "Press", "serial_number": "P-1",
                "parent_id": site, "product_id": press}),
        )
        .await;
        let module = created(
            "/api/v1/assets",
            json!({"account_id": account, "name": "Controller", "serial_number": "C-1",
                "parent_id": machine}),
        )
        .await;
        let spare = created(
            "/api/v1/assets",
            json!({"account_id": account, "name": "Spare", "serial_number": "X-1"}),
        )
        .await;
        let theirs = id(&app.account(&admin, account_body("Someone else")).await);
        let foreign = created(
            "/api/v1/assets",
            json!({"account_id": theirs, "name": "Theirs", "serial_number": "T-1"}),
        )
        .await;
        let contract = created(
            "/api/v1/contracts",
            json!({"account_id": account, "type": "maintenance", "status": "active",
                "starts_on": day(-1), "ends_on": day(100)}),
        )
        .await;
        let entitlements = format!("/api/v1/contracts/{contract}/entitlements");

        // Only the account's live assets, each once; products that exist.
        assert_eq!(
            errors(
                app.post(
                    &entitlements,
                    &admin,
                    &json!({"name": "Theirs", "asset_ids": [foreign]})
                )
                .await
            )
            .await,
            vec![("/asset_ids".into(), "not_of_account".into())]
        );
        assert_eq!(
            errors(
                app.post(
                    &entitlements,
                    &admin,
                    &json!({"name": "Twice", "asset_ids": [site, site]})
                )
                .await
            )
            .await,
            vec![("/asset_ids/1".into(), "duplicate".into())]
        );
        let unknown = format!("prod_0000{}", &press[9..]);
        assert_eq!(
            errors(
                app.post(
                    &entitlements,
                    &admin,
                    &json!({"name": "Unknown", "product_ids": [unknown]}),
                )
                .await
            )
            .await,
            vec![("/product_ids".into(), "unknown_reference".into())]
        );

        // The press line covers the machine and its parts, not the spare nor a ticket about no asset.
        let by_product = expect_status(
            app.post(
                &entitlements,
                &admin,
                &json!({"name": "Press line", "product_ids": [press], "allowance": 10}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(by_product["product_ids"], json!([press]));
        assert_eq!(by_product["asset_ids"], json!([]));
        let about = |asset: Option<&str>| {
            let body = json!({"subject": "It broke", "description": "Again",
                "requester_id": allowed, "channel": "phone", "asset_id": asset});
            let (app, agent) = (&app, &agent);
            async move {
                expect_status(
                    app.post("/api/v1/tickets", agent, &body).await,
                    StatusCode::CREATED,
                )
                .await["entitlement"]
                    .clone()
            }
        };
        assert_eq!(
            about(Some(&module)).await["entitlement_id"],
            json!(id(&by_product))
        );
        assert_eq!(
            about(Some(&machine)).await["entitlement_id"],
            json!(id(&by_product))
        );
        assert_eq!(about(Some(&spare)).await["status"], json!("not_covered"));
        assert_eq!(about(None).await["status"], json!("not_covered"));

        // Naming the site covers everything on it; clearing both lists covers anything.
        let path = format!("{entitlements}/{}", id(&by_product));
        let site_wide = expect_status(
            app.patch(
                &path,
                &admin,
                None,
                &json!({"product_ids": [], "asset_ids": [site]}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(site_wide["asset_ids"], json!([site]));
        assert_eq!(
            about(Some(&module)).await["entitlement_id"],
            json!(id(&by_product))
        );
        assert_eq!(about(Some(&spare)).await["status"], json!("not_covered"));
        // A part whose machine is in the trash stands alone until the machine comes back.
        let machine_path = format!("/api/v1/assets/{machine}");
        expect_status(
            app.delete(&machine_path, &admin, None).await,
            StatusCode::NO_CONTENT,
        )
        .await;
        assert_eq!(about(Some(&module)).await["status"], json!("not_covered"));
        expect_status(
            app.post(&format!("{machine_path}/restore"), &admin, &json!({}))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            about(Some(&module)).await["entitlement_id"],
            json!(id(&by_product))
        );
        expect_status(
            app.patch(&path, &admin, None, &json!({"asset_ids": []}))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            about(Some(&spare)).await["entitlement_id"],
            json!(id(&by_product))
        );
        assert_eq!(about(None).await["entitlement_id"], json!(id(&by_product)));
    }
);
