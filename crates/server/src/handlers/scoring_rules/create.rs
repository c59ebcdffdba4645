use crate::extract::Json;
use actix_web::post;
use api_types::scoring::{CreateScoringRule, ScoringRule};

use super::input;
use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Invalid};

/// Create a lead scoring rule.
///
/// The organization's open leads are scored again in the background (a `lead.rescore` job
/// per 1,000 leads).
#[utoipa::path(
    tag = "scoring-rules",
    request_body = CreateScoringRule,
    responses(
        (status = 201, description = "Created", body = ScoringRule, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/scoring-rules")]
pub async fn create_scoring_rule(
    state: State,
    caller: Caller,
    body: Json<CreateScoringRule>,
) -> Reply {
    let fields = input::parse(body.into_inner())?;
    let now = state.now();
    let rule = state
        .run(caller, move |conn, p| {
            Ok(db::scoring_rules::create(conn, p.org, &fields, now)?)
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/scoring-rules/{}", rule.id),
        rule.version,
        &super::body(&rule),
    ))
}
