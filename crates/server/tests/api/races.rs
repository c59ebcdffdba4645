//! Changes that meet: whatever the interleaving, exactly one wins and every answer matches
//! what is stored.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both;
use crate::support::{account_body, expect_status};
use domain::Role;

on_both!(delete_racing_a_patch_exactly_one_wins, |app| {
    let token = app.token(&app.a, Role::Sales);
    for round in 0..25 {
        let account = app
            .account(&token, account_body(&format!("Racer {round}")))
            .await;
        let id = account["id"].as_str().unwrap_or_default().to_owned();
        let path = format!("/api/v1/accounts/{id}");
        let renamed = json!({"name": format!("Renamed {round}")});
        let (patched, deleted) = tokio::join!(
            app.patch(&path, &token, Some("\"1\""), &renamed),
            app.delete(&path, &token, Some("\"1\"")),
        );
        let (patched, deleted) = (patched.status(), deleted.status());
        let stored = app.get(&path, &token).await;
        match (patched, deleted) {
            (StatusCode::OK, StatusCode::PRECONDITION_FAILED) => {
                let stored = expect_status(stored, StatusCode::OK).await;
                assert_eq!(
                    (stored["name"].clone(), stored["version"].clone()),
                    (renamed["name"].clone(), json!(2)),
                    "round {round}"
                );
            }
            // The PATCH lost to the deletion: the record is gone (404), or was not yet when
            // its version was checked (412).
            (StatusCode::NOT_FOUND | StatusCode::PRECONDITION_FAILED, StatusCode::NO_CONTENT) => {
                expect_status(stored, StatusCode::NOT_FOUND).await;
                let trash = expect_status(
                    app.get("/api/v1/accounts?deleted=true&limit=1", &token)
                        .await,
                    StatusCode::OK,
                )
                .await;
                let gone = &trash["items"][0];
                assert_eq!(
                    (
                        gone["id"].clone(),
                        gone["name"].clone(),
                        gone["version"].clone()
                    ),
                    (json!(id), account["name"].clone(), json!(2)),
                    "round {round}"
                );
            }
            other => panic!("round {round}: PATCH and DELETE answered {other:?}"),
        }
    }
});

on_both!(
    deals_changing_while_their_pipeline_changes_never_deadlock,
    |app| {
        let manager = app.token(&app.a, Role::Manager);
        let sales = app.token(&app.a, Role::Sales);
        let pipeline = expect_status(
        app.post("/api/v1/pipelines", &manager, &json!({
            "name": "Contended",
            "stages": [{"name": "Qualify", "probability": 10}, {"name": "Won", "kind": "won"}, {"name": "Lost", "kind": "lost"}],
            "won_reasons": ["Fit"], "lost_reasons": ["Price"]
        }))
        .await,
        StatusCode::CREATED,
    )
    .await;
        let account = app.account(&sales, account_body("Contended Inc")).await;
        let mut deals = Vec::new();
        for n in 0..6 {
            let deal = app.post("/api/v1/opportunities", &sales, &json!({
            "name": format!("Deal {n}"), "account_id": account["id"], "pipeline_id": pipeline["id"],
            "close_date": "2026-12-31"
        })).await;
            deals.push(
                expect_status(deal, StatusCode::CREATED).await["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
        let pipeline_path = format!(
            "/api/v1/pipelines/{}",
            pipeline["id"].as_str().unwrap_or_default()
        );
        let mut stages = pipeline["stages"].clone();
        for round in 0..12_i64 {
            // The pipeline's change updates every open deal while each deal is being changed.
            stages[0]["probability"] = json!(10 + round);
            let pipeline_change = json!({"stages": stages.clone()});
            let change_pipeline = app.patch(&pipeline_path, &manager, None, &pipeline_change);
            let app = &app;
            let change_deals = futures_util::future::join_all(deals.iter().map(|d| {
                let path = format!("/api/v1/opportunities/{d}");
                let sales = sales.clone();
                let body = json!({"next_step": format!("Round {round}")});
                async move { app.patch(&path, &sales, None, &body).await.status() }
            }));
            let (pipeline_answer, deal_answers) = tokio::join!(change_pipeline, change_deals);
            assert_eq!(pipeline_answer.status(), StatusCode::OK, "round {round}");
            assert!(
                deal_answers.iter().all(|s| *s == StatusCode::OK),
                "round {round}: {deal_answers:?}"
            );
        }
        // Every deal carries the stage's last probability.
        for d in &deals {
            let deal = expect_status(
                app.get(&format!("/api/v1/opportunities/{d}"), &sales).await,
                StatusCode::OK,
            )
            .await;
            assert_eq!(deal["probability"], json!(21));
            assert_eq!(deal["next_step"], json!("Round 11"));
        }
    }
);
