use actix_web::patch;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::scoring::UpdateScoringRule;
use db::scoring_rules::StoredScoringRule;

use super::input;
use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id, Invalid};

/// Change a lead scoring rule.
///
/// Fields left out stay; `null` clears. Setting `field` makes it a field rule (no event),
/// setting `event` an event rule. Any change but the name scores the leads again.
#[utoipa::path(
    tag = "scoring-rules",
    params(Id, openapi::IfMatch),
    request_body = UpdateScoringRule,
    responses(
        (status = 200, description = "The changed rule", body = api_types::scoring::ScoringRule, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/scoring-rules/{id}")]
pub async fn update_scoring_rule(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateScoringRule>,
) -> Reply {
    kit::update::<StoredScoringRule, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}
