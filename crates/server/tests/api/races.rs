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
