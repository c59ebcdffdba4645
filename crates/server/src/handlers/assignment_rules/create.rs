use crate::extract::Json;
use actix_web::post;
use api_types::assignment::{AssignmentRule, CreateAssignmentRule};

use super::input;
use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Invalid};

/// Create a lead assignment rule.
///
/// A new rule goes last unless `position` says otherwise; the rules from that position on
/// move down by one.
#[utoipa::path(
    tag = "assignment-rules",
    request_body = CreateAssignmentRule,
    responses(
        (status = 201, description = "Created", body = AssignmentRule, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/assignment-rules")]
pub async fn create_assignment_rule(
    state: State,
    caller: Caller,
    body: Json<CreateAssignmentRule>,
) -> Reply {
    let fields = input::parse(body.into_inner())?;
    let now = state.now();
    let rule = state
        .run(caller, move |conn, p| {
            Ok(db::assignment_rules::create(conn, p.org, &fields, now)?)
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/assignment-rules/{}", rule.id),
        rule.version,
        &super::body(&rule),
    ))
}
