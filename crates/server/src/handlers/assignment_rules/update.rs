use actix_web::patch;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::assignment::UpdateAssignmentRule;
use db::assignment_rules::AssignmentRule;

use super::input;
use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id, Invalid};

/// Change a lead assignment rule.
///
/// Fields left out stay; `conditions` given replaces the stored ones whole. A new `position`
/// moves the rule in the order; the rules in between move by one. Changing `assign_to`
/// drops the user or team of the old kind.
#[utoipa::path(
    tag = "assignment-rules",
    params(Id, openapi::IfMatch),
    request_body = UpdateAssignmentRule,
    responses(
        (status = 200, description = "The changed rule", body = api_types::assignment::AssignmentRule, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/assignment-rules/{id}")]
pub async fn update_assignment_rule(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateAssignmentRule>,
) -> Reply {
    kit::update::<AssignmentRule, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}
