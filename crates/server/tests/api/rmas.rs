//! Returns of faulty units (RMA): opened from a ticket about an asset, moved along their
//! lifecycle with what each step needs, free of charge under warranty, and one decision when
//! two are taken at once.

use chrono::{Days, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{account_body, errors, expect_status, TestApp};
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

/// An account with a unit under warranty, one past it, and a ticket about the first.
async fn customer(app: &TestApp, token: &str) -> (String, String, String, String) {
    let account = id(&app.account(token, account_body("Pumpen Nord")).await);
    let mut units = Vec::new();
    for (name, ends) in [("Pump A", 100), ("Pump B", -1)] {
        let unit = json!({"account_id": account, "name": name, "warranty_starts_on": day(-400),
            "warranty_ends_on": day(ends)});
        units.push(id(&expect_status(
            app.post("/api/v1/assets", token, &unit).await,
            StatusCode::CREATED,
        )
        .await));
    }
    let requester = id(&app
        .contact(token, json!({"last_name": "Wendt", "account_id": account}))
        .await);
    let ticket = json!({"subject": "Pump leaks", "description": "At the seal",
        "requester_id": requester, "asset_id": units[0]});
    let ticket = id(&expect_status(
        app.post("/api/v1/tickets", token, &ticket).await,
        StatusCode::CREATED,
    )
    .await);
    (units[0].clone(), units[1].clone(), ticket, requester)
}

async fn move_to(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    expect_status(app.patch(path, token, None, &body).await, StatusCode::OK).await
}

on_both!(a_return_walks_its_lifecycle, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let (covered, expired, ticket, requester) = customer(&app, &agent).await;

    // From the ticket, for its asset: numbered, requested, under warranty, free of charge.
    let charged = json!({"ticket_id": ticket, "reason": "Leaks",
        "charge": {"amount_minor": 5000, "currency": "EUR"}});
    assert_eq!(
        errors(app.post("/api/v1/rmas", &agent, &charged).await).await,
        vec![("/charge".into(), "under_warranty".into())]
    );
    let opened = expect_status(
        app.post(
            "/api/v1/rmas",
            &agent,
            &json!({"ticket_id": ticket, "reason": "Leaks at the seal"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (
            &opened["number"],
            &opened["asset_id"],
            &opened["status"],
            &opened["under_warranty"],
            &opened["next_statuses"]
        ),
        (
            &json!("RMA-00001"),
            &json!(covered),
            &json!("requested"),
            &json!(true),
            &json!(["approved", "rejected"])
        )
    );
    let path = format!("/api/v1/rmas/{}", id(&opened));

    // Out of order: refused, naming the allowed moves.
    let early = app
        .patch(&path, &agent, None, &json!({"status": "received"}))
        .await;
    let problem = expect_status(early, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["code"], json!("invalid_transition"));
    assert_eq!(
        problem["errors"][0]["detail"],
        json!("a return requested can move to approved, rejected")
    );

    move_to(&app, &agent, &path, json!({"status": "approved"})).await;
    move_to(
        &app,
        &agent,
        &path,
        json!({"status": "awaiting_return", "carrier": "DHL",
        "tracking_number": "JD0146 0001 2345"}),
    )
    .await;
    move_to(&app, &agent, &path, json!({"status": "received"})).await;
    assert_eq!(
        errors(
            app.patch(&path, &agent, None, &json!({"status": "inspected"}))
                .await
        )
        .await,
        vec![("/inspection_notes".into(), "required".into())]
    );
    move_to(
        &app,
        &agent,
        &path,
        json!({"status": "inspected",
        "inspection_notes": "Seal worn; housing cracked"}),
    )
    .await;
    assert_eq!(
        errors(
            app.patch(&path, &agent, None, &json!({"status": "refunded"}))
                .await
        )
        .await,
        vec![("/credit".into(), "required".into())]
    );
    move_to(
        &app,
        &agent,
        &path,
        json!({"status": "refunded",
        "credit": {"amount_minor": 129_900, "currency": "EUR"}}),
    )
    .await;
    let closed = move_to(&app, &agent, &path, json!({"status": "closed"})).await;
    for step in [
        "decided_at",
        "received_at",
        "inspected_at",
        "resolved_at",
        "closed_at",
    ] {
        assert!(closed[step].is_string(), "{step}: {closed}");
    }
    assert_eq!(
        (&closed["next_statuses"], &closed["tracking_number"]),
        (&json!([]), &json!("JD0146 0001 2345"))
    );
    assert_eq!(
        errors(
            app.patch(&path, &agent, None, &json!({"status": "requested"}))
                .await
        )
        .await,
        vec![("/status".into(), "invalid_transition".into())]
    );

    // A unit past its warranty is charged; a ticket about nothing needs the unit named.
    let plain = json!({"subject": "Other pump", "description": "Noise", "requester_id": requester});
    let plain = id(&expect_status(
        app.post("/api/v1/tickets", &agent, &plain).await,
        StatusCode::CREATED,
    )
    .await);
    assert_eq!(
        errors(
            app.post(
                "/api/v1/rmas",
                &agent,
                &json!({"ticket_id": plain, "reason": "Noise"})
            )
            .await
        )
        .await,
        vec![("/asset_id".into(), "required".into())]
    );
    let paid = json!({"ticket_id": plain, "asset_id": expired, "reason": "Noise",
        "charge": {"amount_minor": 25_000, "currency": "EUR"}});
    let paid = expect_status(
        app.post("/api/v1/rmas", &agent, &paid).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (&paid["number"], &paid["under_warranty"]),
        (&json!("RMA-00002"), &json!(false))
    );
    let of_ticket = expect_status(
        app.get(&format!("/api/v1/rmas?ticket_id={ticket}"), &agent)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(of_ticket["items"].as_array().map(Vec::len), Some(1));
});

on_both!(two_decisions_at_once_one_wins, |app| {
    let agent = app.token(&app.a, Role::Agent);
    let (_, _, ticket, _) = customer(&app, &agent).await;
    for round in 0..4 {
        let opened = expect_status(
            app.post(
                "/api/v1/rmas",
                &agent,
                &json!({"ticket_id": ticket, "reason": format!("Round {round}")}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let path = format!("/api/v1/rmas/{}", id(&opened));
        let (approve, reject) = (json!({"status": "approved"}), json!({"status": "rejected"}));
        let (first, second) = tokio::join!(
            app.patch(&path, &agent, None, &approve),
            app.patch(&path, &agent, None, &reject),
        );
        let mut statuses = [first.status(), second.status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY],
            "round {round}"
        );
    }
});
