//! The installed base: an account's tree of assets, serial numbers, warranty, moving an asset
//! with its parts to another account, the history, tickets about an asset, and two changes at
//! once never making a loop.

use chrono::{Days, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{account_body, errors, expect_status, problem_code, TestApp};
use domain::Role;

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_owned()
}

fn day(days: i64) -> String {
    let today = Utc::now().date_naive();
    let shifted = if days >= 0 {
        today.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    shifted.unwrap_or(today).to_string()
}

async fn asset(app: &TestApp, token: &str, body: Value) -> Value {
    expect_status(
        app.post("/api/v1/assets", token, &body).await,
        StatusCode::CREATED,
    )
    .await
}

async fn history_kinds(app: &TestApp, token: &str, asset: &str) -> Vec<String> {
    let history = expect_status(
        app.get(&format!("/api/v1/assets/{asset}/history"), token)
            .await,
        StatusCode::OK,
    )
    .await;
    history["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["kind"].as_str().unwrap_or_default().to_owned())
        .collect()
}

on_both!(an_installed_base_is_a_tree_with_a_history, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let acme = id(&app.account(&agent, account_body("Acme Plant")).await);
    let beta = id(&app.account(&agent, account_body("Beta Works")).await);
    let site = asset(
        &app,
        &agent,
        json!({"account_id": acme, "name": "Hamburg site", "serial_number": "SITE-1"}),
    )
    .await;
    let site_id = id(&site);
    let machine = asset(
        &app,
        &agent,
        json!({"account_id": acme, "name": "Press 4",
        "parent_id": site_id, "serial_number": "PR-4", "warranty_starts_on": day(-10),
        "warranty_ends_on": day(100)}),
    )
    .await;
    assert_eq!(
        (&machine["under_warranty"], &machine["status"]),
        (&json!(true), &json!("installed"))
    );
    let machine_id = id(&machine);
    let module = asset(
        &app,
        &agent,
        json!({"account_id": acme, "name": "Hydraulics", "parent_id": machine_id}),
    )
    .await;
    let module_id = id(&module);

    // A serial number names one live asset; a parent is of the same account and not below.
    let taken = json!({"account_id": beta, "name": "Copy", "serial_number": "PR-4"});
    assert_eq!(
        problem_code(
            app.post("/api/v1/assets", &agent, &taken).await,
            StatusCode::CONFLICT
        )
        .await,
        "serial_number_taken"
    );
    let elsewhere = json!({"account_id": beta, "name": "Stray", "parent_id": site_id});
    assert_eq!(
        errors(app.post("/api/v1/assets", &agent, &elsewhere).await).await,
        vec![("/parent_id".into(), "not_of_account".into())]
    );
    let site_path = format!("/api/v1/assets/{site_id}");
    for parent in [&module_id, &site_id] {
        assert_eq!(
            errors(
                app.patch(&site_path, &agent, None, &json!({"parent_id": parent}))
                    .await
            )
            .await,
            vec![("/parent_id".into(), "parent_cycle".into())]
        );
    }
    let inverted = json!({"warranty_starts_on": day(5), "warranty_ends_on": day(1)});
    assert_eq!(
        errors(app.patch(&site_path, &agent, None, &inverted).await).await,
        vec![("/warranty_ends_on".into(), "inverted_dates".into())]
    );

    // The machine moves to another customer with its module; the site stays.
    let moved = json!({"account_id": beta, "parent_id": null, "status": "in_repair"});
    let moved = expect_status(
        app.patch(
            &format!("/api/v1/assets/{machine_id}"),
            &agent,
            None,
            &moved,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["account_id"], json!(beta));
    let module = expect_status(
        app.get(&format!("/api/v1/assets/{module_id}"), &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (&module["account_id"], &module["version"]),
        (&json!(beta), &json!(2))
    );
    let of_beta = expect_status(
        app.get(&format!("/api/v1/assets?account_id={beta}"), &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = of_beta["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(names, vec!["Hydraulics", "Press 4"]);

    // Tickets are about an asset of their own account.
    let requester = id(&app
        .contact(&agent, json!({"last_name": "Fixit", "account_id": beta}))
        .await);
    let about = json!({"subject": "Leaking", "description": "Oil on the floor",
        "requester_id": requester, "account_id": acme, "asset_id": module_id});
    assert_eq!(
        errors(app.post("/api/v1/tickets", &agent, &about).await).await,
        vec![("/asset_id".into(), "not_of_account".into())]
    );
    let about = json!({"subject": "Leaking", "description": "Oil on the floor",
        "requester_id": requester, "account_id": beta, "asset_id": module_id});
    let ticket = expect_status(
        app.post("/api/v1/tickets", &agent, &about).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(ticket["asset_id"], json!(module_id));
    let listed = expect_status(
        app.get(&format!("/api/v1/tickets?asset_id={module_id}"), &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"][0]["id"], ticket["id"]);

    // The history: who changed what, latest first, with the tickets about it.
    let history = expect_status(
        app.get(&format!("/api/v1/assets/{machine_id}/history"), &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    let changed: Vec<&str> = history["items"][0]["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["field"].as_str())
        .collect();
    assert_eq!(changed, vec!["account_id", "parent_id", "status"]);
    assert_eq!(
        history["items"][0]["changes"][2]["from"],
        json!("installed")
    );
    assert!(history["items"][0]["actor_id"].is_string());
    assert_eq!(
        history_kinds(&app, &agent, &module_id).await,
        vec!["ticket", "updated", "created"]
    );

    // The ticket closed and the module deleted, the customer's reply still opens a
    // follow-up, about no asset; the deletion says who made it.
    let ticket_path = format!("/api/v1/tickets/{}", id(&ticket));
    for status in ["solved", "closed"] {
        expect_status(
            app.patch(&ticket_path, &agent, None, &json!({"status": status}))
                .await,
            StatusCode::OK,
        )
        .await;
    }
    let module_path = format!("/api/v1/assets/{module_id}");
    expect_status(
        app.delete(&module_path, &agent, None).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    let reply = expect_status(
        app.post(
            &format!("{ticket_path}/customer-replies"),
            &agent,
            &json!({"body": "Still leaking"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let follow_up = expect_status(
        app.get(
            &format!(
                "/api/v1/tickets/{}",
                reply["ticket_id"].as_str().unwrap_or_default()
            ),
            &agent,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (&follow_up["follow_up_of_id"], &follow_up["asset_id"]),
        (&ticket["id"], &Value::Null)
    );
    let deleted = expect_status(
        app.get(&format!("{module_path}/history"), &agent).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            &deleted["items"][0]["kind"],
            deleted["items"][0]["actor_id"].is_string()
        ),
        (&json!("deleted"), true)
    );

    // Deleted, its serial number is free; taken meanwhile, it cannot come back.
    expect_status(
        app.delete(&site_path, &agent, None).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    asset(
        &app,
        &agent,
        json!({"account_id": acme, "name": "New site", "serial_number": "SITE-1"}),
    )
    .await;
    assert_eq!(
        problem_code(
            app.post(&format!("{site_path}/restore"), &agent, &json!({}))
                .await,
            StatusCode::CONFLICT
        )
        .await,
        "serial_number_taken"
    );
    assert_eq!(
        history_kinds(&app, &agent, &site_id).await,
        vec!["deleted", "created"]
    );
    // Read-only users read but never write.
    let reader = app.token(&app.a, Role::ReadOnly);
    expect_status(
        app.get(&format!("/api/v1/assets/{machine_id}"), &reader)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        app.patch(
            &format!("/api/v1/assets/{machine_id}"),
            &reader,
            None,
            &json!({"name": "Mine"})
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
});

on_both!(two_changes_at_once_never_make_a_loop, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let account = id(&app.account(&agent, account_body("Loop GmbH")).await);
    for round in 0..5 {
        let a = id(&asset(
            &app,
            &agent,
            json!({"account_id": account, "name": format!("A{round}")}),
        )
        .await);
        let b = id(&asset(
            &app,
            &agent,
            json!({"account_id": account, "name": format!("B{round}")}),
        )
        .await);
        let (under_b, under_a) = (json!({"parent_id": b}), json!({"parent_id": a}));
        let (path_a, path_b) = (format!("/api/v1/assets/{a}"), format!("/api/v1/assets/{b}"));
        let (first, second) = tokio::join!(
            app.patch(&path_a, &agent, None, &under_b),
            app.patch(&path_b, &agent, None, &under_a),
        );
        let mut statuses = [first.status(), second.status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY],
            "round {round}"
        );
    }
    // Two moves in opposite directions at once both go through (neither waits on the other).
    let other = id(&app.account(&agent, account_body("Gegenueber AG")).await);
    for round in 0..5 {
        let here = id(&asset(
            &app,
            &agent,
            json!({"account_id": account, "name": format!("Here {round}")}),
        )
        .await);
        let there = id(&asset(
            &app,
            &agent,
            json!({"account_id": other, "name": format!("There {round}")}),
        )
        .await);
        let (to_other, to_account) = (json!({"account_id": other}), json!({"account_id": account}));
        let (path_here, path_there) = (
            format!("/api/v1/assets/{here}"),
            format!("/api/v1/assets/{there}"),
        );
        let (first, second) = tokio::join!(
            app.patch(&path_here, &agent, None, &to_other),
            app.patch(&path_there, &agent, None, &to_account),
        );
        assert_eq!(
            [first.status(), second.status()],
            [StatusCode::OK, StatusCode::OK],
            "round {round}"
        );
    }
});

on_both!(a_ticket_about_an_asset_is_for_its_owner, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let owner = id(&app.account(&agent, account_body("Owner KG")).await);
    let unit = id(&asset(&app, &agent, json!({"account_id": owner, "name": "Kiln"})).await);
    let walk_in = id(&app.contact(&agent, json!({"last_name": "Walk-in"})).await);
    let about = json!({"subject": "Kiln cold", "description": "No heat",
        "requester_id": walk_in, "asset_id": unit});
    let ticket = expect_status(
        app.post("/api/v1/tickets", &agent, &about).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(ticket["account_id"], json!(owner));
});
