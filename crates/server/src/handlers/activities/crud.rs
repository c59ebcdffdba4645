//! Listing, writing down, reading, changing, deleting and restoring activities.

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, HttpResponse};
use api_types::activities::{
    Activity as ActivityBody, ActivityFilters, CreateActivity, UpdateActivity,
};
use api_types::{ListQuery, Page, RecordQuery};
use db::activities::{Activity, ActivityFilter};
use domain::activity::{ActivityKind, ActivityStatus, Links};
use domain::{AccountId, ContactId, LeadId, OpportunityId, TicketId, UserId, Violations};

use super::input;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, Listing};
use crate::kit::{self, Reply, State, View};
use crate::openapi::{self, Conflict, Id, Invalid};

/// List activities.
///
/// Sorts: `at` (the default, latest first: a task's due time, a call's or email's time, a
/// meeting's start), `created_at`, `updated_at`. Filter by kind, status, assignee, the record
/// it is on, and a due range (tasks).
#[utoipa::path(
    tag = "activities",
    params(ListQuery, ActivityFilters),
    responses((status = 200, description = "A page of activities", body = Page<ActivityBody>)),
)]
#[get("/activities")]
pub async fn list_activities(
    state: State,
    caller: Caller,
    listing: Listing<ActivityFilters>,
) -> Reply {
    let params = kit::list_params(&listing.list, &db::activities::SORTS)?;
    let filter = filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::activities::list(conn, p.org, filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

fn filter(f: &ActivityFilters) -> Result<ActivityFilter, ApiError> {
    let mut v = Violations::new();
    let filter = ActivityFilter {
        kind: v.check_opt(f.kind.as_deref(), |k| ActivityKind::parse("/query/kind", k)),
        status: v.check_opt(f.status.as_deref(), |s| {
            ActivityStatus::parse("/query/status", s)
        }),
        assignee_id: v.check_opt(f.assignee_id.as_deref(), |u| {
            UserId::parse("/query/assignee_id", u)
        }),
        links: Links {
            account_id: v.check_opt(f.account_id.as_deref(), |a| {
                AccountId::parse("/query/account_id", a)
            }),
            contact_id: v.check_opt(f.contact_id.as_deref(), |c| {
                ContactId::parse("/query/contact_id", c)
            }),
            lead_id: v.check_opt(f.lead_id.as_deref(), |l| LeadId::parse("/query/lead_id", l)),
            opportunity_id: v.check_opt(f.opportunity_id.as_deref(), |o| {
                OpportunityId::parse("/query/opportunity_id", o)
            }),
            ticket_id: v.check_opt(f.ticket_id.as_deref(), |t| {
                TicketId::parse("/query/ticket_id", t)
            }),
        },
        due_from: f.due_from,
        due_to: f.due_to,
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(ApiError::InvalidParameters(v.into_errors()))
    }
}

/// Write an activity down.
///
/// A task (due time, priority, reminder), a call (direction, duration, outcome; logged, so
/// done), a meeting (start, end, location, attendees among users and contacts, reminder) or
/// an email (direction; logged). It is on at least one account, contact, lead, opportunity
/// or ticket (422 `link_required`); a field of another kind is 422 `not_for_kind`; a record
/// or attendee that is not the organization's is 422 `unknown_reference`. A reminder still
/// to come notifies the assignee at its time.
#[utoipa::path(
    tag = "activities",
    request_body = CreateActivity,
    responses(
        (status = 201, description = "Created", body = ActivityBody, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/activities")]
pub async fn create_activity(state: State, caller: Caller, body: Json<CreateActivity>) -> Reply {
    let body = body.into_inner();
    let now = state.now();
    let body = state
        .run(caller, move |conn, p| {
            let fields = input::parse(body, &p, now)?;
            let activity = db::activities::create(conn, p.org, &fields, Some(p.user), now)?;
            Activity::view(conn, p.org, &activity)
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/activities/{}", body.id),
        body.version,
        &body,
    ))
}

/// Get an activity.
#[utoipa::path(
    tag = "activities",
    params(Id, RecordQuery),
    responses((status = 200, description = "The activity", body = ActivityBody, headers(("ETag" = String)))),
)]
#[get("/activities/{id}")]
pub async fn get_activity(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Activity>(&state, caller, &id, &query).await
}

/// Change an activity.
///
/// Fields left out stay, `null` clears; the kind stays. Marking a task done records when;
/// a new reminder time still to come is scheduled (the old one then reminds of nothing).
#[utoipa::path(
    tag = "activities",
    params(Id, openapi::IfMatch),
    request_body = UpdateActivity,
    responses(
        (status = 200, description = "The changed activity", body = ActivityBody, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/activities/{id}")]
pub async fn update_activity(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateActivity>,
) -> Reply {
    kit::update::<Activity, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}

/// Delete an activity (it goes to the trash and can be restored); it leaves timelines, task
/// lists and calendars meanwhile, and reminds of nothing.
#[utoipa::path(
    tag = "activities",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/activities/{id}")]
pub async fn delete_activity(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Activity>(&state, caller, &id, if_match).await
}

/// Restore a deleted activity.
#[utoipa::path(
    tag = "activities",
    params(Id),
    responses((status = 200, description = "The restored activity", body = ActivityBody, headers(("ETag" = String)))),
)]
#[post("/activities/{id}/restore")]
pub async fn restore_activity(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Activity>(&state, caller, &id).await
}
