//! The board and forecast sums kept by triggers on deals: after every kind of deal write
//! (create, move, close, reopen, owner, close date, override, amount, delete, restore, a
//! stage's new probability, many writes at once) the sums the readers add up equal the
//! deals counted one by one, before and after the worker folds the changes in.

use diesel::sql_types::{BigInt, Binary, Integer, Text};
use diesel::QueryableByName;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::opportunities::{board, created, id, pipeline, stage};
use crate::support::{expect_status, TestApp};
use domain::Role;

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Sums {
    #[diesel(sql_type = Binary)]
    stage_id: Vec<u8>,
    #[diesel(sql_type = Binary)]
    owner_id: Vec<u8>,
    #[diesel(sql_type = Text)]
    close_month: String,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Text)]
    forecast_category: String,
    #[diesel(sql_type = Integer)]
    probability: i32,
    #[diesel(sql_type = BigInt)]
    deals: i64,
    #[diesel(sql_type = BigInt)]
    amount: i64,
    #[diesel(sql_type = BigInt)]
    weighted: i64,
}

fn load(app: &TestApp, sql: &str) -> Vec<Sums> {
    let mut conn = app.state.pool.get().unwrap_or_else(|e| panic!("{e}"));
    let mut rows: Vec<Sums> = db::sql::Sql::new(sql)
        .load(&mut conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.sort();
    rows
}

/// Asserts that the kept sums (folded or not) are the live deals counted one by one.
fn assert_sums_match(app: &TestApp, when: &str) {
    const KEY: &str = "stage_id, owner_id, close_month, status, forecast_category, probability";
    let kept = load(
        app,
        &format!(
            "SELECT {KEY}, CAST(SUM(deals) AS BIGINT) AS deals, \
             CAST(SUM(amount_base_minor) AS BIGINT) AS amount, \
             CAST(SUM(weighted_minor) AS BIGINT) AS weighted FROM \
             (SELECT * FROM opportunity_totals UNION ALL \
              SELECT org_id, pipeline_id, stage_id, owner_id, close_month, status, \
              forecast_category, probability, deals, amount_base_minor, weighted_minor \
              FROM opportunity_total_changes) t \
             GROUP BY {KEY} HAVING SUM(deals) <> 0"
        ),
    );
    let counted = load(
        app,
        &format!(
            "SELECT {KEY}, CAST(COUNT(*) AS BIGINT) AS deals, \
             CAST(SUM(amount_base_minor) AS BIGINT) AS amount, \
             CAST(SUM(amount_base_minor * probability / 100) AS BIGINT) AS weighted FROM \
             (SELECT stage_id, COALESCE(owner_id, substr(id, 1, 0)) AS owner_id, \
              substr(close_date, 1, 7) AS close_month, status, \
              COALESCE(forecast_category, '') AS forecast_category, probability, \
              amount_base_minor FROM opportunities WHERE deleted_at IS NULL) d \
             GROUP BY {KEY}"
        ),
    );
    assert!(!counted.is_empty(), "{when}: no deals");
    assert_eq!(kept, counted, "{when}");
}

fn fold(app: &TestApp) {
    let mut conn = app.state.pool.get().unwrap_or_else(|e| panic!("{e}"));
    db::opportunities::totals::fold(&mut conn).unwrap_or_else(|e| panic!("{e}"));
}

on_both!(the_board_and_forecast_sums_follow_every_deal_write, |app| {
    let manager = app.token(&app.a, Role::Manager);
    let sales = app.token(&app.a, Role::Sales);
    let p = pipeline(&app, &manager, "New business").await;
    let account = id(&app.account(&sales, json!({"name": "Contoso"})).await);
    let deals = "/api/v1/opportunities";
    let mut made = Vec::new();
    for (n, close) in ["2026-11-05", "2026-11-30", "2026-12-15", "2027-01-02"]
        .iter()
        .enumerate()
    {
        let minor = 1_234_567 * (n as i64 + 1);
        let body = json!({"name": format!("Deal {n}"), "account_id": account, "pipeline_id": id(&p),
            "amount": {"amount_minor": minor, "currency": "EUR"}, "close_date": close});
        made.push(id(&created(
            &app,
            if n % 2 == 0 { &sales } else { &manager },
            deals,
            body,
        )
        .await));
    }
    assert_sums_match(&app, "created");

    let path = |deal: &str| format!("/api/v1/opportunities/{deal}");
    let patch = |deal: String, body: Value| {
        let app = &app;
        let manager = manager.clone();
        async move {
            let path = format!("/api/v1/opportunities/{deal}");
            expect_status(
                app.patch(&path, &manager, None, &body).await,
                StatusCode::OK,
            )
            .await
        }
    };
    let (propose, won, lost) = (stage(&p, "Propose"), stage(&p, "Won"), stage(&p, "Lost"));
    patch(made[0].clone(), json!({"stage_id": propose})).await;
    patch(
        made[1].clone(),
        json!({"close_date": "2027-02-01", "owner_id": null}),
    )
    .await;
    patch(made[2].clone(), json!({"forecast_category": "commit"})).await;
    patch(
        made[3].clone(),
        json!({"stage_id": won, "close_reason": "Price"}),
    )
    .await;
    patch(
        made[0].clone(),
        json!({"amount": {"amount_minor": 999_999, "currency": "EUR"}}),
    )
    .await;
    patch(
        made[0].clone(),
        json!({"name": "Renamed: no change to any sum"}),
    )
    .await;
    assert_sums_match(&app, "patched");

    let reopen = format!("{}/reopen", path(&made[3]));
    expect_status(
        app.post(&reopen, &manager, &json!({})).await,
        StatusCode::OK,
    )
    .await;
    let gone = app.delete(&path(&made[2]), &manager, None).await;
    expect_status(gone, StatusCode::NO_CONTENT).await;
    assert_sums_match(&app, "reopened and deleted");
    fold(&app);
    assert_eq!(
        crate::support::count(&app, "SELECT COUNT(*) AS n FROM opportunity_total_changes"),
        0
    );
    assert_sums_match(&app, "folded");
    let restore = format!("{}/restore", path(&made[2]));
    expect_status(
        app.post(&restore, &manager, &json!({})).await,
        StatusCode::OK,
    )
    .await;

    // A stage's new probability reaches every deal in it at once.
    let stages: Vec<Value> = p["stages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            let probability = if s["name"] == "Propose" {
                json!(65)
            } else {
                s["probability"].clone()
            };
            json!({"id": s["id"], "name": s["name"], "probability": probability, "kind": s["kind"]})
        })
        .collect();
    let body = json!({"stages": stages});
    let edit = format!("/api/v1/pipelines/{}", id(&p));
    let edited = app.patch(&edit, &manager, None, &body).await;
    expect_status(edited, StatusCode::OK).await;
    assert_sums_match(&app, "probability changed");

    // Many writes at once, while the worker folds.
    let moves = made.iter().enumerate().map(|(n, deal)| {
        let close = format!("2027-0{}-10", n + 1);
        let body = if n % 2 == 0 {
            json!({"close_date": close, "stage_id": propose})
        } else {
            json!({"close_date": close, "stage_id": lost, "close_reason": "No budget"})
        };
        patch(deal.clone(), body)
    });
    for response in join_all(moves).await {
        assert!(response["id"].is_string(), "{response}");
    }
    assert_sums_match(&app, "written at once");
    fold(&app);
    assert_sums_match(&app, "folded again");

    // The board from the sums (whole months) and from the deals (a day-exact end) agree.
    let from_sums = board(
        &app,
        &sales,
        &id(&p),
        "close_from=2026-11-01&close_to=2027-12-31",
    )
    .await;
    let from_deals = board(
        &app,
        &sales,
        &id(&p),
        "close_from=2026-11-01&close_to=2027-12-30",
    )
    .await;
    assert_eq!(from_sums, from_deals);
    assert_eq!(from_sums.iter().map(|c| c.0).sum::<i64>(), 4);
    let everything = board(&app, &sales, &id(&p), "").await;
    assert_eq!(everything, from_sums);
});
