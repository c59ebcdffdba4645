//! Pipelines and opportunities: stages checked against the pipeline, closing with a reason,
//! reopening, the stage history, amounts priced in the base currency at dated rates, and a
//! lead converted into an opportunity.

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{count, eventually, expect_status, problem_code, TestApp};
use domain::Role;

pub(crate) fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_owned()
}

pub(crate) async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    expect_status(app.post(path, token, &body).await, StatusCode::CREATED).await
}

/// The pipeline the tests sell through.
pub(crate) async fn pipeline(app: &TestApp, token: &str, name: &str) -> Value {
    created(
        app,
        token,
        "/api/v1/pipelines",
        json!({
            "name": name,
            "stages": [
                {"name": "Qualify", "probability": 10},
                {"name": "Propose", "probability": 50},
                {"name": "Won", "kind": "won"},
                {"name": "Lost", "kind": "lost"}
            ],
            "won_reasons": ["Price", "Best fit"],
            "lost_reasons": ["No budget", "Went with a competitor"]
        }),
    )
    .await
}

pub(crate) fn stage(pipeline: &Value, name: &str) -> String {
    pipeline["stages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["name"] == name)
        .map(id)
        .unwrap_or_default()
}

/// A pipeline board's columns as (count, amount, weighted), narrowed by `query`.
pub(crate) async fn board(
    app: &TestApp,
    token: &str,
    pipeline: &str,
    query: &str,
) -> Vec<(i64, i64, i64)> {
    let path = format!("/api/v1/pipelines/{pipeline}/board?{query}");
    let board = expect_status(app.get(&path, token).await, StatusCode::OK).await;
    board["columns"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let n = |f: &str| c[f].as_i64().unwrap_or(-1);
            (
                n("count"),
                n("amount_base_minor"),
                n("weighted_amount_minor"),
            )
        })
        .collect()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{e}"))
}

on_both!(
    a_deal_moves_through_its_pipeline_closes_with_a_reason_and_reopens,
    |app| {
        app.clock.pin(at("2026-12-07T09:00:00Z"));
        let manager = app.token(&app.a, Role::Manager);
        let mut sales = app.token(&app.a, Role::Sales);
        let bad = json!({"name": "Half", "won_reasons": ["x"], "lost_reasons": ["y"],
        "stages": [{"name": "Open", "probability": 10}, {"name": "Won", "kind": "won"}]});
        let response = app.post("/api/v1/pipelines", &manager, &bad).await;
        assert_eq!(
            problem_code(response, StatusCode::UNPROCESSABLE_ENTITY).await,
            "validation_failed"
        );
        let p = pipeline(&app, &manager, "New business").await;
        let other = pipeline(&app, &manager, "Renewals").await;
        let taken = app.post("/api/v1/pipelines", &manager, &json!({"name": "new BUSINESS",
        "stages": [{"name": "A", "probability": 5}, {"name": "W", "kind": "won"}, {"name": "L", "kind": "lost"}],
        "won_reasons": ["x"], "lost_reasons": ["y"]})).await;
        assert_eq!(
            problem_code(taken, StatusCode::CONFLICT).await,
            "pipeline_name_taken"
        );
        let account = id(&app.account(&sales, json!({"name": "Northwind"})).await);

        let deal = created(&app, &sales, "/api/v1/opportunities", json!({
        "name": "Northwind: 250 seats", "account_id": account, "pipeline_id": id(&p),
        "amount": {"amount_minor": 4_500_000, "currency": "EUR"}, "close_date": "2027-03-31",
        "competitors": ["Acme CRM"], "next_step": "Demo on Friday"
    })).await;
        let deal_id = id(&deal);
        assert_eq!(
            (
                deal["stage_id"].as_str(),
                deal["status"].as_str(),
                deal["probability"].as_i64()
            ),
            (Some(stage(&p, "Qualify").as_str()), Some("open"), Some(10))
        );
        assert_eq!(deal["owner_id"], json!(app.a.user(Role::Sales).to_string()));
        assert_eq!(deal["account_name"], "Northwind");
        assert_eq!(
            (
                deal["amount_base_minor"].as_i64(),
                deal["weighted_amount_minor"].as_i64()
            ),
            (Some(4_500_000), Some(450_000))
        );
        assert_eq!(deal["forecast_category"], "pipeline");
        let path = format!("/api/v1/opportunities/{deal_id}");

        // A stage of another pipeline is refused and changes nothing.
        let elsewhere = json!({"stage_id": stage(&other, "Qualify")});
        let response = app.patch(&path, &sales, None, &elsewhere).await;
        let problem = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(problem["errors"][0]["code"], "stage_not_in_pipeline");

        app.clock.advance(Duration::hours(5));
        sales = app.token(&app.a, Role::Sales);
        let moved = app
            .patch(
                &path,
                &sales,
                None,
                &json!({"stage_id": stage(&p, "Propose")}),
            )
            .await;
        let moved = expect_status(moved, StatusCode::OK).await;
        assert_eq!(
            (
                moved["probability"].as_i64(),
                moved["forecast_category"].as_str()
            ),
            (Some(50), Some("best_case"))
        );

        // Winning needs one of the pipeline's won reasons, and closes the deal today.
        let won = stage(&p, "Won");
        for (reason, code) in [(None, "required"), (Some("No budget"), "unknown_reason")] {
            let body = json!({"stage_id": won, "close_reason": reason});
            let problem = expect_status(
                app.patch(&path, &sales, None, &body).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
            assert_eq!(problem["errors"][0]["code"], code, "{problem}");
        }
        app.clock.advance(Duration::days(2));
        let (sales, manager) = (
            app.token(&app.a, Role::Sales),
            app.token(&app.a, Role::Manager),
        );
        let body = json!({"stage_id": won, "close_reason": "best FIT"});
        let closed =
            expect_status(app.patch(&path, &sales, None, &body).await, StatusCode::OK).await;
        assert_eq!(
            (
                closed["status"].as_str(),
                closed["close_reason"].as_str(),
                closed["close_date"].as_str()
            ),
            (Some("won"), Some("Best fit"), Some("2026-12-09"))
        );
        assert_eq!(
            (
                closed["forecast_category"].as_str(),
                closed["probability"].as_i64()
            ),
            (Some("closed"), Some(100))
        );
        assert!(closed["closed_at"].is_string());

        // A closed deal changes only through reopening.
        let response = app
            .patch(&path, &sales, None, &json!({"next_step": "Kick-off"}))
            .await;
        assert_eq!(
            problem_code(response, StatusCode::CONFLICT).await,
            "opportunity_closed"
        );
        let reopen = format!("{path}/reopen");
        let response = app.post(&reopen, &sales, &json!({"stage_id": won})).await;
        let problem = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(problem["errors"][0]["code"], "not_an_open_stage");
        let reopened =
            expect_status(app.post(&reopen, &sales, &json!({})).await, StatusCode::OK).await;
        assert_eq!(
            (
                reopened["stage_id"].as_str(),
                reopened["status"].as_str(),
                reopened["close_reason"].clone()
            ),
            (
                Some(stage(&p, "Propose").as_str()),
                Some("open"),
                Value::Null
            )
        );
        let response = app.post(&reopen, &sales, &json!({})).await;
        assert_eq!(
            problem_code(response, StatusCode::CONFLICT).await,
            "opportunity_not_closed"
        );

        // The history tells every stage, who moved it and how long it stayed before.
        let history = expect_status(
            app.get(&format!("{path}/stage-history"), &sales).await,
            StatusCode::OK,
        )
        .await;
        let steps: Vec<(String, Option<i64>, Value)> = history
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                (
                    c["to_stage_name"].as_str().unwrap_or_default().to_owned(),
                    c["seconds_in_previous_stage"].as_i64(),
                    c["reason"].clone(),
                )
            })
            .collect();
        assert_eq!(
            steps,
            [
                ("Qualify".to_owned(), None, Value::Null),
                ("Propose".to_owned(), Some(5 * 3600), Value::Null),
                ("Won".to_owned(), Some(2 * 86_400), json!("Best fit")),
                ("Propose".to_owned(), Some(0), Value::Null),
            ]
        );
        assert_eq!(
            history[1]["changed_by"],
            json!(app.a.user(Role::Sales).to_string())
        );

        // A stage with a deal in it stays; a new probability reaches the deal at once.
        let pipeline_path = format!("/api/v1/pipelines/{}", id(&p));
        let kept: Vec<Value> = p["stages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["name"] != "Propose")
            .cloned()
            .collect();
        let response = app
            .patch(&pipeline_path, &manager, None, &json!({"stages": kept}))
            .await;
        assert_eq!(
            problem_code(response, StatusCode::CONFLICT).await,
            "stage_in_use"
        );
        let mut stages = p["stages"].clone();
        stages[1]["probability"] = json!(60);
        stages[1]["name"] = json!("Proposal");
        let changed = app
            .patch(&pipeline_path, &manager, None, &json!({"stages": stages}))
            .await;
        expect_status(changed, StatusCode::OK).await;
        let now = expect_status(app.get(&path, &sales).await, StatusCode::OK).await;
        assert_eq!(
            (
                now["probability"].as_i64(),
                now["forecast_category"].as_str()
            ),
            (Some(60), Some("best_case"))
        );
        let response = app.delete(&pipeline_path, &manager, None).await;
        assert_eq!(
            problem_code(response, StatusCode::CONFLICT).await,
            "pipeline_in_use"
        );

        // Agents read deals but do not move them.
        let agent = app.token(&app.a, Role::Agent);
        let response = app
            .patch(&path, &agent, None, &json!({"name": "Mine"}))
            .await;
        assert_eq!(
            problem_code(response, StatusCode::FORBIDDEN).await,
            "forbidden"
        );

        // The board's column and the period filters.
        created(&app, &sales, "/api/v1/opportunities", json!({
        "name": "Later deal", "account_id": account, "pipeline_id": id(&p), "close_date": "2027-09-30"
    })).await;
        let column = format!("/api/v1/opportunities?stage_id={}", stage(&p, "Qualify"));
        let column = expect_status(app.get(&column, &sales).await, StatusCode::OK).await;
        assert_eq!(column["items"].as_array().map(Vec::len), Some(1));
        let quarter = "/api/v1/opportunities?close_from=2026-10-01&close_to=2026-12-31&status=open";
        let quarter = expect_status(app.get(quarter, &sales).await, StatusCode::OK).await;
        assert_eq!(quarter["items"][0]["id"], json!(deal_id));
        let found = expect_status(
            app.get("/api/v1/opportunities?q=acme", &sales).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(found["items"].as_array().map(Vec::len), Some(1));
        let columns = board(&app, &sales, &id(&p), "").await;
        assert_eq!(
            columns,
            [(1, 0, 0), (1, 4_500_000, 2_700_000), (0, 0, 0), (0, 0, 0)]
        );
        let by_amount = expect_status(
            app.get("/api/v1/opportunities?sort=-amount", &sales).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(by_amount["items"][0]["id"], json!(deal_id));
    }
);

on_both!(
    amounts_are_priced_in_the_base_currency_at_the_rate_of_the_close_date,
    |app| {
        let manager = app.token(&app.a, Role::Manager);
        let sales = app.token(&app.a, Role::Sales);
        let p = pipeline(&app, &manager, "New business").await;
        let account = id(&app.account(&sales, json!({"name": "Contoso"})).await);
        let deal = |close: &str| {
            json!({
                "name": "Contoso renewal", "account_id": account, "pipeline_id": id(&p),
                "amount": {"amount_minor": 100_000, "currency": "usd"}, "close_date": close
            })
        };
        let response = app
            .post("/api/v1/opportunities", &sales, &deal("2026-06-30"))
            .await;
        let problem = expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(
            (
                problem["errors"][0]["pointer"].as_str(),
                problem["errors"][0]["code"].as_str()
            ),
            (Some("/amount/currency"), Some("no_exchange_rate"))
        );
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM opportunities"), 0);

        let rates = "/api/v1/exchange-rates";
        let response = app
            .post(
                rates,
                &manager,
                &json!({"currency": "EUR", "valid_from": "2026-01-01", "rate": "1"}),
            )
            .await;
        assert_eq!(
            expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await["errors"][0]["code"],
            "base_currency"
        );
        let january = created(
            &app,
            &manager,
            rates,
            json!({"currency": "USD", "valid_from": "2026-01-01", "rate": "0.9"}),
        )
        .await;
        assert_eq!(january["rate"], "0.9");
        let again = app
            .post(
                rates,
                &manager,
                &json!({"currency": "USD", "valid_from": "2026-01-01", "rate": "0.8"}),
            )
            .await;
        assert_eq!(
            problem_code(again, StatusCode::CONFLICT).await,
            "exchange_rate_exists"
        );
        let response = app
            .post(
                rates,
                &sales,
                &json!({"currency": "USD", "valid_from": "2026-02-01", "rate": "0.8"}),
            )
            .await;
        assert_eq!(
            problem_code(response, StatusCode::FORBIDDEN).await,
            "forbidden"
        );

        let summer = created(&app, &sales, "/api/v1/opportunities", deal("2026-06-30")).await;
        assert_eq!(summer["amount_base_minor"], 90_000);
        // Closing before every rate takes the earliest.
        let early = created(&app, &sales, "/api/v1/opportunities", deal("2025-06-30")).await;
        assert_eq!(early["amount_base_minor"], 90_000);

        // A new rate from June reprices the summer deal in the background, not the early one.
        let june = created(
            &app,
            &manager,
            rates,
            json!({"currency": "USD", "valid_from": "2026-06-01", "rate": "0.8"}),
        )
        .await;
        let summer_path = format!("/api/v1/opportunities/{}", id(&summer));
        let repriced = eventually(
            "the summer deal repriced",
            async || expect_status(app.get(&summer_path, &sales).await, StatusCode::OK).await,
            |d| d["amount_base_minor"] == 80_000,
        )
        .await;
        assert_eq!(repriced["version"], summer["version"]);
        let early_path = format!("/api/v1/opportunities/{}", id(&early));
        assert_eq!(
            expect_status(app.get(&early_path, &sales).await, StatusCode::OK).await
                ["amount_base_minor"],
            90_000
        );

        // Removing it brings the January rate back; the last rate of a currency in use stays.
        let june_path = format!("{rates}/{}", id(&june));
        expect_status(
            app.delete(&june_path, &manager, None).await,
            StatusCode::NO_CONTENT,
        )
        .await;
        eventually(
            "the summer deal priced at January's rate again",
            async || expect_status(app.get(&summer_path, &sales).await, StatusCode::OK).await,
            |d| d["amount_base_minor"] == 90_000,
        )
        .await;
        let response = app
            .delete(&format!("{rates}/{}", id(&january)), &manager, None)
            .await;
        assert_eq!(
            problem_code(response, StatusCode::CONFLICT).await,
            "exchange_rate_in_use"
        );
        let listed = expect_status(
            app.get(&format!("{rates}?currency=usd"), &sales).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));

        // The base currency stays while anything is priced against it; a fresh organization
        // chooses its own.
        let admin = app.token(&app.a, Role::Admin);
        let response = app
            .patch(
                "/api/v1/organization",
                &admin,
                None,
                &json!({"base_currency": "USD"}),
            )
            .await;
        assert_eq!(
            problem_code(response, StatusCode::CONFLICT).await,
            "base_currency_in_use"
        );
        let theirs = app.token(&app.b, Role::Admin);
        let changed = app
            .patch(
                "/api/v1/organization",
                &theirs,
                None,
                &json!({"base_currency": "usd"}),
            )
            .await;
        assert_eq!(
            expect_status(changed, StatusCode::OK).await["base_currency"],
            "USD"
        );
    }
);

on_both!(
    a_converted_lead_becomes_an_opportunity_or_nothing_at_all,
    |app| {
        let manager = app.token(&app.a, Role::Manager);
        let sales = app.token(&app.a, Role::Sales);
        let p = pipeline(&app, &manager, "New business").await;
        let lead = created(
            &app,
            &sales,
            "/api/v1/leads",
            json!({
                "first_name": "Ada", "last_name": "Byrne", "company": "Byrne Analytics",
                "email": "ada@byrne.example", "campaign": "Autumn webinar"
            }),
        )
        .await;
        let convert = format!("/api/v1/leads/{}/convert", id(&lead));

        // A won stage is no place to start; the failure leaves the lead as it was.
        let body = json!({"opportunity": {"pipeline_id": id(&p), "stage_id": stage(&p, "Won"), "close_date": "2027-01-31"}});
        let problem = expect_status(
            app.post(&convert, &sales, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(problem["errors"][0]["pointer"], "/opportunity/close_reason");
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM accounts"), 0);
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM opportunities"), 0);

        let body = json!({"opportunity": {"pipeline_id": id(&p), "close_date": "2027-01-31",
        "amount": {"amount_minor": 1_200_000, "currency": "EUR"}}});
        let converted =
            expect_status(app.post(&convert, &sales, &body).await, StatusCode::OK).await;
        let deal_id = converted["opportunity_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let deal = expect_status(
            app.get(&format!("/api/v1/opportunities/{deal_id}"), &sales)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (
                deal["name"].clone(),
                deal["account_id"].clone(),
                deal["primary_contact_id"].clone()
            ),
            (
                json!("Byrne Analytics"),
                converted["account_id"].clone(),
                converted["contact_id"].clone()
            )
        );
        assert_eq!(
            (deal["source_lead_id"].clone(), deal["campaign"].clone()),
            (lead["id"].clone(), json!("Autumn webinar"))
        );
        assert_eq!(deal["stage_id"], json!(stage(&p, "Qualify")));
        let response = app.post(&convert, &sales, &body).await;
        assert_eq!(
            problem_code(response, StatusCode::CONFLICT).await,
            "lead_converted"
        );
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM opportunities"), 1);
    }
);

on_both!(a_forecast_sums_a_period_by_category_against_quotas, |app| {
    app.clock.pin(at("2026-11-10T09:00:00Z"));
    let admin = app.token(&app.a, Role::Admin);
    let manager = app.token(&app.a, Role::Manager);
    let sales = app.token(&app.a, Role::Sales);
    let p = pipeline(&app, &manager, "New business").await;
    let account = id(&app.account(&sales, json!({"name": "Fabrikam"})).await);
    let seller = app.a.user(Role::Sales).to_string();
    let boss = app.a.user(Role::Manager).to_string();
    let deal = |minor: i64, stage: &str, close: &str, extra: Value| {
        let mut body = json!({"name": format!("Deal {minor}"), "account_id": account, "pipeline_id": id(&p),
            "stage_id": stage, "amount": {"amount_minor": minor, "currency": "EUR"}, "close_date": close});
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        body
    };
    let deals = "/api/v1/opportunities";
    let (qualify, propose) = (stage(&p, "Qualify"), stage(&p, "Propose"));
    created(
        &app,
        &sales,
        deals,
        deal(
            1_000_000,
            &stage(&p, "Won"),
            "2026-11-05",
            json!({"close_reason": "Price"}),
        ),
    )
    .await;
    created(
        &app,
        &sales,
        deals,
        deal(2_000_000, &propose, "2026-12-15", json!({})),
    )
    .await;
    created(
        &app,
        &sales,
        deals,
        deal(
            500_000,
            &qualify,
            "2026-10-20",
            json!({"forecast_category": "commit"}),
        ),
    )
    .await;
    created(
        &app,
        &manager,
        deals,
        deal(
            700_000,
            &stage(&p, "Lost"),
            "2026-11-01",
            json!({"close_reason": "No budget"}),
        ),
    )
    .await;
    created(
        &app,
        &manager,
        deals,
        deal(
            800_000,
            &propose,
            "2026-12-01",
            json!({"forecast_category": "omitted"}),
        ),
    )
    .await;
    created(
        &app,
        &sales,
        deals,
        deal(9_900_000, &propose, "2027-01-15", json!({})),
    )
    .await;

    // Quotas: a quarter starts on its first day; one per seller and period.
    let quotas = "/api/v1/quotas";
    let response = app.post(quotas, &manager, &json!({"user_id": seller, "period": "quarter", "period_start": "2026-11-01", "amount_minor": 4_000_000})).await;
    assert_eq!(
        expect_status(response, StatusCode::UNPROCESSABLE_ENTITY).await["errors"][0]["code"],
        "not_a_period_start"
    );
    created(&app, &manager, quotas, json!({"user_id": seller, "period": "quarter", "period_start": "2026-10-01", "amount_minor": 4_000_000})).await;
    let again = app.post(quotas, &manager, &json!({"user_id": seller, "period": "quarter", "period_start": "2026-10-01", "amount_minor": 1})).await;
    assert_eq!(
        problem_code(again, StatusCode::CONFLICT).await,
        "quota_exists"
    );
    let response = app.post(quotas, &sales, &json!({"user_id": seller, "period": "year", "period_start": "2026-01-01", "amount_minor": 1})).await;
    assert_eq!(
        problem_code(response, StatusCode::FORBIDDEN).await,
        "forbidden"
    );

    let forecast = expect_status(
        app.get("/api/v1/forecast?period=quarter&date=2026-11-10", &sales)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            forecast["period_start"].as_str(),
            forecast["period_end"].as_str()
        ),
        (Some("2026-10-01"), Some("2026-12-31"))
    );
    let mine = &forecast["groups"][0];
    assert_eq!(
        (mine["id"].as_str(), mine["name"].as_str()),
        (Some(seller.as_str()), Some("sales alpha"))
    );
    let sums = |t: &Value| -> Vec<i64> {
        [
            "deals",
            "closed_minor",
            "commit_minor",
            "best_case_minor",
            "pipeline_minor",
            "weighted_minor",
            "commit_forecast_minor",
            "best_case_forecast_minor",
        ]
        .iter()
        .map(|f| t[*f].as_i64().unwrap_or(-1))
        .collect()
    };
    assert_eq!(
        sums(&mine["totals"]),
        [
            3,
            1_000_000,
            500_000,
            2_000_000,
            0,
            1_000_000 + 1_000_000 + 50_000,
            1_500_000,
            3_500_000
        ]
    );
    assert_eq!(
        (
            mine["quota_minor"].as_i64(),
            mine["attainment_percent"].as_i64()
        ),
        (Some(4_000_000), Some(25))
    );
    let boss_group = &forecast["groups"][1];
    assert_eq!(boss_group["id"], json!(boss));
    assert_eq!(
        (
            boss_group["totals"]["lost_minor"].as_i64(),
            boss_group["totals"]["commit_forecast_minor"].as_i64()
        ),
        (Some(700_000), Some(0))
    );
    assert_eq!(forecast["totals"]["deals"], 5);
    assert_eq!(forecast["totals"]["open_minor"], 3_300_000);

    // By team: a deal counts in its owner's team; by territory, deals of unplaced accounts
    // stand together.
    let team = created(
        &app,
        &admin,
        "/api/v1/teams",
        json!({"name": "Field sales"}),
    )
    .await;
    let user = format!("/api/v1/users/{seller}");
    expect_status(
        app.patch(&user, &admin, None, &json!({"team_ids": [id(&team)]}))
            .await,
        StatusCode::OK,
    )
    .await;
    let quota = created(&app, &manager, quotas, json!({"team_id": id(&team), "period": "quarter", "period_start": "2026-10-01", "amount_minor": 2_000_000})).await;
    let by_team = expect_status(
        app.get("/api/v1/forecast?group_by=team&date=2026-12-31", &sales)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(by_team["groups"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        (
            by_team["groups"][0]["name"].as_str(),
            by_team["groups"][0]["attainment_percent"].as_i64()
        ),
        (Some("Field sales"), Some(50))
    );
    let by_place = expect_status(
        app.get(
            "/api/v1/forecast?group_by=territory&period=year&date=2026-03-01",
            &sales,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            by_place["groups"][0]["id"].clone(),
            by_place["groups"][0]["totals"]["deals"].as_i64()
        ),
        (Value::Null, Some(5))
    );
    // A team with a quota stays until the quota goes.
    let team_path = format!("/api/v1/teams/{}", id(&team));
    assert_eq!(
        problem_code(
            app.delete(&team_path, &admin, None).await,
            StatusCode::CONFLICT
        )
        .await,
        "team_has_quotas"
    );
    let gone = app
        .delete(&format!("/api/v1/quotas/{}", id(&quota)), &manager, None)
        .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.delete(&team_path, &admin, None).await.status(),
        StatusCode::NO_CONTENT
    );
});
