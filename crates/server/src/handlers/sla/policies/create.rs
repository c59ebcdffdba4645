use crate::extract::Json;
use actix_web::post;
use api_types::sla::{CreatePolicy, Policy};

use super::super::documents;
use crate::auth::Caller;
use crate::kit::{self, Reply, State, View};
use crate::openapi::{Conflict, Invalid};

/// Create an SLA policy.
///
/// Policies are evaluated in order and the first whose conditions all hold applies. A new
/// policy goes last unless `position` says otherwise; the policies from that position on
/// move down by one.
#[utoipa::path(
    tag = "sla",
    request_body = CreatePolicy,
    responses(
        (status = 201, description = "Created", body = Policy, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/sla/policies")]
pub async fn create_policy(state: State, caller: Caller, body: Json<CreatePolicy>) -> Reply {
    let fields = documents::policy(body.into_inner())?;
    let now = state.now();
    let (id, version, body) = state
        .run(caller, move |conn, p| {
            let policy = db::sla::create_policy(conn, p.org, &fields, now)?;
            let body = db::sla::Policy::view(conn, p.org, &policy)?;
            Ok((policy.id, policy.version, body))
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/sla/policies/{id}"),
        version,
        &body,
    ))
}
