//! `/api/v1/calls`: phone calls, the activities of kind `call` with their telephony details
//! (a ticket from a call: `call_ticket.rs`).

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, HttpResponse};
use api_types::phone::{Call as CallBody, CallFilters, CreateCall, UpdateCall};
use api_types::{Page, RecordQuery};
use chrono::{DateTime, Utc};
use db::activities::{Activity, ActivityFilter, Call};
use db::AnyConnection;
use domain::activity::{
    ActivityFields, ActivityKind, ActivityStatus, CallLine, CallOutcome, Direction, Links,
    MAX_DESCRIPTION, MAX_SUBJECT,
};
use domain::call::CallState;
use domain::{
    text, AccountId, ContactId, LeadId, OpportunityId, OrgId, TicketId, UserId, Violations,
};

use crate::auth::{Caller, Principal};
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, Listing};
use crate::kit::{self, Reply, State, View};
use crate::openapi::{self, Conflict, Id, Invalid};

/// A call as the API shows it.
pub fn body(a: &Activity) -> CallBody {
    let f = &a.fields;
    let id = |i: Option<String>| i;
    CallBody {
        id: a.id.to_string(),
        direction: f
            .direction
            .unwrap_or(Direction::Inbound)
            .as_str()
            .to_owned(),
        state: CallState::of(f).as_str().to_owned(),
        from: f.call.from.clone(),
        to: f.call.to.clone(),
        started_at: f.occurred_at.unwrap_or(a.created_at),
        answered_at: f.call.answered_at,
        ended_at: f.call.ended_at,
        duration_seconds: f.duration_seconds,
        outcome: f.outcome.map(|o| o.as_str().to_owned()),
        recording_url: f.call.recording_url.clone(),
        subject: f.subject.clone(),
        notes: f.description.clone(),
        contact_id: id(f.links.contact_id.map(|c| c.to_string())),
        account_id: id(f.links.account_id.map(|c| c.to_string())),
        ticket_id: id(f.links.ticket_id.map(|c| c.to_string())),
        lead_id: id(f.links.lead_id.map(|c| c.to_string())),
        opportunity_id: id(f.links.opportunity_id.map(|c| c.to_string())),
        agent_id: f.assignee_id.to_string(),
        created_at: a.created_at,
        updated_at: a.updated_at,
        deleted: a.deleted,
        version: a.version,
    }
}

impl View for Call {
    type Body = CallBody;

    fn view(_: &mut AnyConnection, _: OrgId, call: &Call) -> Result<CallBody, ApiError> {
        Ok(body(&call.0))
    }
}

/// Validates a call logged by hand: an absent start is now; a call with an end is done
/// (answered at its start when it ended connected and no answer time was given), one
/// without is going on.
fn parse(
    body: CreateCall,
    caller: &Principal,
    now: DateTime<Utc>,
) -> Result<ActivityFields, ApiError> {
    let mut v = Violations::new();
    let direction = v.check(Direction::parse("/direction", &body.direction));
    let outcome = v.check_opt(body.outcome.as_deref(), |o| {
        CallOutcome::parse("/outcome", o)
    });
    let optional = |v: &mut Violations, pointer: &str, raw: Option<String>, max: usize| {
        v.check_opt(raw, |r| text::optional(pointer, &r, max))
            .flatten()
    };
    let notes = optional(&mut v, "/notes", body.notes, MAX_DESCRIPTION);
    let subject = optional(&mut v, "/subject", body.subject, MAX_SUBJECT);
    let links = Links {
        account_id: v.check_opt(body.account_id.as_deref(), |a| {
            AccountId::parse("/account_id", a)
        }),
        contact_id: v.check_opt(body.contact_id.as_deref(), |c| {
            ContactId::parse("/contact_id", c)
        }),
        lead_id: v.check_opt(body.lead_id.as_deref(), |l| LeadId::parse("/lead_id", l)),
        opportunity_id: v.check_opt(body.opportunity_id.as_deref(), |o| {
            OpportunityId::parse("/opportunity_id", o)
        }),
        ticket_id: v.check_opt(body.ticket_id.as_deref(), |t| {
            TicketId::parse("/ticket_id", t)
        }),
    };
    let agent = match body.agent_id.as_deref() {
        Some(a) => v.check(UserId::parse("/agent_id", a)),
        None => Some(caller.user),
    };
    let fields = v.finish(|| {
        let direction = direction?;
        let started = body.started_at.unwrap_or(now);
        let ended = body.ended_at;
        let answered = body.answered_at.or_else(|| {
            (ended.is_some() && outcome.is_none_or(|o| o == CallOutcome::Connected))
                .then_some(started)
        });
        let customer = domain::call::customer_number(
            Some(direction),
            body.from.as_deref(),
            body.to.as_deref(),
        );
        let subject = subject.unwrap_or_else(|| domain::call::default_subject(direction, customer));
        let duration = match (answered, ended) {
            (Some(from), Some(to)) if to >= from => Some((to - from).num_seconds()),
            (_, Some(_)) => Some(0),
            _ => None,
        };
        Some(ActivityFields {
            kind: ActivityKind::Call,
            subject,
            description: notes,
            links,
            assignee_id: agent?,
            status: if ended.is_some() {
                ActivityStatus::Done
            } else {
                ActivityStatus::Open
            },
            priority: None,
            due_at: None,
            reminder_at: None,
            direction: Some(direction),
            occurred_at: Some(started),
            duration_seconds: duration,
            outcome: outcome.or(ended.map(|_| match answered {
                Some(_) => CallOutcome::Connected,
                None => CallOutcome::NoAnswer,
            })),
            starts_at: None,
            ends_at: None,
            location: None,
            attendees: vec![],
            call: CallLine {
                from: body.from,
                to: body.to,
                answered_at: answered,
                ended_at: ended,
                recording_url: body.recording_url,
            },
        })
    })?;
    fields.check()?;
    Ok(fields)
}

/// The fields of `current` with `patch` applied: what a person adds after the call (notes,
/// links, outcome, recording); its times stay as they were.
fn merge(
    current: &Call,
    patch: UpdateCall,
    _caller: &Principal,
) -> Result<ActivityFields, ApiError> {
    let mut v = Violations::new();
    let mut f = current.0.fields.clone();
    if let Some(subject) = patch.subject {
        f.subject = v
            .check(text::required("/subject", &subject, MAX_SUBJECT))
            .unwrap_or_default();
    }
    if let Some(notes) = patch.notes {
        f.description = v
            .check(text::optional("/notes", &notes, MAX_DESCRIPTION))
            .flatten();
    }
    if let Some(outcome) = patch.outcome {
        f.outcome = v.check(CallOutcome::parse("/outcome", &outcome));
    }
    if let Some(url) = patch.recording_url {
        f.call.recording_url = Some(url);
    }
    let links = &mut f.links;
    if let Some(c) = patch.contact_id {
        links.contact_id = v.check(ContactId::parse("/contact_id", &c));
    }
    if let Some(a) = patch.account_id {
        links.account_id = v.check(AccountId::parse("/account_id", &a));
    }
    if let Some(t) = patch.ticket_id {
        links.ticket_id = v.check(TicketId::parse("/ticket_id", &t));
    }
    if let Some(l) = patch.lead_id {
        links.lead_id = v.check(LeadId::parse("/lead_id", &l));
    }
    if let Some(o) = patch.opportunity_id {
        links.opportunity_id = v.check(OpportunityId::parse("/opportunity_id", &o));
    }
    if let Some(agent) = patch.agent_id {
        if let Some(user) = v.check(UserId::parse("/agent_id", &agent)) {
            f.assignee_id = user;
        }
    }
    v.finish(|| Some(()))?;
    f.check()?;
    Ok(f)
}

fn filter(f: &CallFilters) -> Result<ActivityFilter, ApiError> {
    let mut v = Violations::new();
    let filter = ActivityFilter {
        kind: Some(ActivityKind::Call),
        status: v.check_opt(f.status.as_deref(), |s| {
            ActivityStatus::parse("/query/status", s)
        }),
        assignee_id: v.check_opt(f.agent_id.as_deref(), |u| {
            UserId::parse("/query/agent_id", u)
        }),
        links: Links {
            account_id: v.check_opt(f.account_id.as_deref(), |a| {
                AccountId::parse("/query/account_id", a)
            }),
            contact_id: v.check_opt(f.contact_id.as_deref(), |c| {
                ContactId::parse("/query/contact_id", c)
            }),
            ticket_id: v.check_opt(f.ticket_id.as_deref(), |t| {
                TicketId::parse("/query/ticket_id", t)
            }),
            ..Links::default()
        },
        due_from: None,
        due_to: None,
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(ApiError::InvalidParameters(v.into_errors()))
    }
}

/// List calls.
///
/// Latest first (`at`: when each started); also `created_at`, `updated_at`. Filter by
/// status (`open`: ringing or going on; `done`: ended), agent, contact, account, ticket.
#[utoipa::path(
    tag = "phone",
    params(api_types::ListQuery, CallFilters),
    responses((status = 200, description = "A page of calls", body = Page<CallBody>)),
)]
#[get("/calls")]
pub async fn list_calls(state: State, caller: Caller, listing: Listing<CallFilters>) -> Reply {
    let params = kit::list_params(&listing.list, &db::activities::SORTS)?;
    let filter = filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::activities::list(conn, p.org, filter, &params)?;
            Ok(Page {
                items: page.items.iter().map(body).collect(),
                next_cursor: page.next_cursor,
                total: page
                    .total
                    .and_then(|n| u64::try_from(n.min(db::list::COUNT_CAP)).ok()),
                total_capped: page.total.is_some_and(|n| n > db::list::COUNT_CAP),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Log a call.
///
/// A call taken or made outside a connected telephony provider. With `ended_at` it is
/// done (its duration counted from when it was answered); without, it is going on. It may be
/// on no record yet (a number nobody has); `contact_id`, `account_id`, `ticket_id`,
/// `lead_id` and `opportunity_id` link it, and it shows on their timelines.
#[utoipa::path(
    tag = "phone",
    request_body = CreateCall,
    responses(
        (status = 201, description = "Logged", body = CallBody, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/calls")]
pub async fn create_call(state: State, caller: Caller, body: Json<CreateCall>) -> Reply {
    let body = body.into_inner();
    let now = state.now();
    let call = state
        .run(caller, move |conn, p| {
            let fields = parse(body, &p, now)?;
            Ok(db::activities::create(
                conn,
                p.org,
                &fields,
                Some(p.user),
                now,
            )?)
        })
        .await?;
    let body = self::body(&call);
    Ok(kit::created(
        format!("/api/v1/calls/{}", body.id),
        body.version,
        &body,
    ))
}

/// Get a call.
#[utoipa::path(
    tag = "phone",
    params(Id, RecordQuery),
    responses((status = 200, description = "The call", body = CallBody, headers(("ETag" = String)))),
)]
#[get("/calls/{id}")]
pub async fn get_call(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Call>(&state, caller, &id, &query).await
}

/// Change a call: its notes, subject, outcome, recording, agent and the records it is on.
#[utoipa::path(
    tag = "phone",
    params(Id, openapi::IfMatch),
    request_body = UpdateCall,
    responses(
        (status = 200, description = "The changed call", body = CallBody, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/calls/{id}")]
pub async fn update_call(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateCall>,
) -> Reply {
    kit::update::<Call, _>(&state, caller, &id, if_match, body.into_inner(), merge).await
}

/// Delete a call (to the trash; it leaves timelines meanwhile).
#[utoipa::path(
    tag = "phone",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/calls/{id}")]
pub async fn delete_call(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Call>(&state, caller, &id, if_match).await
}

/// Restore a deleted call.
#[utoipa::path(
    tag = "phone",
    params(Id),
    responses((status = 200, description = "The restored call", body = CallBody, headers(("ETag" = String)))),
)]
#[post("/calls/{id}/restore")]
pub async fn restore_call(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Call>(&state, caller, &id).await
}
