use crate::extract::Json;
use actix_web::post;
use api_types::leads::CreateLead;
use domain::LeadId;

use super::{input, view};
use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Invalid;
use crate::sales::assignment;

/// Create a lead.
///
/// A lead needs a last name or an email address. Without an `owner_id` the assignment rules
/// choose the owner (see `/api/v1/assignment-rules`), then the organization's default lead
/// owner, then the caller. The status defaults to `new`. The answer carries the new lead's
/// `ETag` and `Location`.
#[utoipa::path(
    tag = "leads",
    request_body = CreateLead,
    responses(
        (status = 201, description = "Created", body = api_types::leads::Lead, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/leads")]
pub async fn create_lead(state: State, caller: Caller, body: Json<CreateLead>) -> Reply {
    let body = body.into_inner();
    let now = state.now();
    let lead = state
        .run(caller, move |conn, p| {
            let mut fields = input::parse(body, None)?;
            if fields.owner_id.is_none() {
                let owner = assignment::assign(conn, p.org, &fields, None)?;
                fields.owner_id = owner.or(Some(p.user));
            }
            Ok(db::leads::create(
                conn,
                p.org,
                (LeadId::mint(), None),
                &fields,
                now,
            )?)
        })
        .await?;
    let location = format!("/api/v1/leads/{}", lead.id);
    Ok(kit::created(location, lead.version, &view::lead(&lead)))
}
