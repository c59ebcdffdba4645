//! `GET /api/v1/{accounts|contacts|leads|opportunities|tickets}/{id}/timeline`: a record's
//! activities, notes, stage changes and ticket events, newest first, one page at a time.

use actix_web::web::{Path, Query};
use actix_web::{get, HttpResponse};
use api_types::activities::{
    Timeline, TimelineEntry, TimelineQuery, TimelineStageChange, TimelineTicketEvent,
};
use db::record::{self, Visibility};
use db::timeline::{EntryKind, Item, Subject};
use db::AnyConnection;
use domain::Permission::{ReadCustomers, ReadSales, ReadTickets};
use domain::{FieldError, OrgId};

use crate::auth::{Access::Permission as Can, Caller, Routes};
use crate::error::ApiError;
use crate::extract::path_id;
use crate::kit::{Reply, State, View};
use crate::openapi::Id;

/// The timeline routes and who may call them: whoever may read the record.
pub fn routes(r: &mut Routes) {
    r.add(account_timeline, Can(ReadCustomers))
        .add(contact_timeline, Can(ReadCustomers))
        .add(lead_timeline, Can(ReadSales))
        .add(opportunity_timeline, Can(ReadSales))
        .add(ticket_timeline, Can(ReadTickets));
}

/// The most entries on one page.
const MAX_LIMIT: i64 = 100;
const DEFAULT_LIMIT: i64 = 25;

fn kinds(raw: Option<&str>) -> Result<Vec<EntryKind>, FieldError> {
    raw.into_iter()
        .flat_map(|r| r.split(','))
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| EntryKind::parse("/query/kind", k))
        .collect()
}

fn limit(raw: Option<i64>) -> Result<i64, FieldError> {
    match raw {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(FieldError::new(
            "/query/limit",
            "out_of_range",
            format!("must be 1 to {MAX_LIMIT}"),
        )),
    }
}

/// Fails with 404 unless the subject is a live record of the organization.
fn ensure_live(conn: &mut AnyConnection, org: OrgId, subject: Subject) -> Result<(), ApiError> {
    let live = Visibility::Live;
    match subject {
        Subject::Account(a) => {
            record::get::<domain::account::Account>(conn, org, a, live).map(drop)
        }
        Subject::Contact(c) => {
            record::get::<domain::contact::Contact>(conn, org, c, live).map(drop)
        }
        Subject::Lead(l) => record::get::<domain::lead::Lead>(conn, org, l, live).map(drop),
        Subject::Opportunity(o) => {
            record::get::<db::opportunities::Opportunity>(conn, org, o, live).map(drop)
        }
        Subject::Ticket(t) => record::get::<domain::ticket::Ticket>(conn, org, t, live).map(drop),
    }
    .map_err(ApiError::from)
}

fn entry(
    conn: &mut AnyConnection,
    org: OrgId,
    e: db::timeline::Entry,
) -> Result<TimelineEntry, ApiError> {
    let mut out = TimelineEntry {
        kind: String::new(),
        at: e.at,
        actor_id: None,
        activity: None,
        note: None,
        stage_change: None,
        ticket_event: None,
    };
    match e.item {
        Item::Activity(a) => {
            out.kind = a.fields.kind.as_str().to_owned();
            out.actor_id = a.created_by.map(|u| u.to_string());
            out.activity = Some(Box::new(super::body(&a)));
        }
        Item::Note(n) => {
            out.kind = "note".into();
            out.actor_id = n.author_id.map(|u| u.to_string());
            out.note = Some(db::notes::Note::view(conn, org, &n)?);
        }
        Item::Stage(s) => {
            out.kind = "stage_change".into();
            out.actor_id = s.by.map(|u| u.to_string());
            out.stage_change = Some(TimelineStageChange {
                opportunity_id: s.opportunity_id.to_string(),
                opportunity_name: s.opportunity_name,
                from_stage_name: s.from_stage.map(|(_, n)| n),
                to_stage_name: s.to_stage.1,
                reason: s.reason,
            });
        }
        Item::Ticket(t) => {
            out.kind = "ticket_event".into();
            out.actor_id = t.actor_id.map(|u| u.to_string());
            out.ticket_event = Some(TimelineTicketEvent {
                ticket_id: t.ticket_id.to_string(),
                ticket_number: t.number,
                ticket_subject: t.subject,
                event: t.kind,
                data: serde_json::from_str(&t.data).unwrap_or(serde_json::Value::Null),
            });
        }
    }
    Ok(out)
}

async fn timeline(state: State, caller: Caller, subject: Subject, query: TimelineQuery) -> Reply {
    let mut errors = Vec::new();
    let kinds = kinds(query.kind.as_deref()).unwrap_or_else(|e| {
        errors.push(e);
        vec![]
    });
    let limit = limit(query.limit).unwrap_or_else(|e| {
        errors.push(e);
        DEFAULT_LIMIT
    });
    if !errors.is_empty() {
        return Err(ApiError::InvalidParameters(errors));
    }
    let body = state
        .run(caller, move |conn, p| {
            ensure_live(conn, p.org, subject)?;
            let (entries, next_cursor) =
                db::timeline::page(conn, p.org, subject, &kinds, query.cursor.as_deref(), limit)?;
            let items = entries
                .into_iter()
                .map(|e| entry(conn, p.org, e))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Timeline { items, next_cursor })
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// An account's timeline.
///
/// Its activities and those on its contacts, deals and tickets; its notes and its contacts';
/// its deals' stage changes; the tickets opened for it. Newest first (a task due later sits
/// above today); `kind` narrows it, e.g. `?kind=call,meeting`.
#[utoipa::path(
    tag = "activities",
    params(Id, TimelineQuery),
    responses((status = 200, description = "A page of the timeline", body = Timeline)),
)]
#[get("/accounts/{id}/timeline")]
pub async fn account_timeline(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<TimelineQuery>,
) -> Reply {
    let subject = Subject::Account(path_id(&id)?);
    timeline(state, caller, subject, query.into_inner()).await
}

/// A contact's timeline: its activities, its notes and the tickets it opened.
#[utoipa::path(
    tag = "activities",
    params(Id, TimelineQuery),
    responses((status = 200, description = "A page of the timeline", body = Timeline)),
)]
#[get("/contacts/{id}/timeline")]
pub async fn contact_timeline(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<TimelineQuery>,
) -> Reply {
    let subject = Subject::Contact(path_id(&id)?);
    timeline(state, caller, subject, query.into_inner()).await
}

/// A lead's timeline: its activities and notes.
#[utoipa::path(
    tag = "activities",
    params(Id, TimelineQuery),
    responses((status = 200, description = "A page of the timeline", body = Timeline)),
)]
#[get("/leads/{id}/timeline")]
pub async fn lead_timeline(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<TimelineQuery>,
) -> Reply {
    let subject = Subject::Lead(path_id(&id)?);
    timeline(state, caller, subject, query.into_inner()).await
}

/// An opportunity's timeline: its activities and stage changes.
#[utoipa::path(
    tag = "activities",
    params(Id, TimelineQuery),
    responses((status = 200, description = "A page of the timeline", body = Timeline)),
)]
#[get("/opportunities/{id}/timeline")]
pub async fn opportunity_timeline(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<TimelineQuery>,
) -> Reply {
    let subject = Subject::Opportunity(path_id(&id)?);
    timeline(state, caller, subject, query.into_inner()).await
}

/// A ticket's timeline: its activities and everything that happened to it.
#[utoipa::path(
    tag = "activities",
    params(Id, TimelineQuery),
    responses((status = 200, description = "A page of the timeline", body = Timeline)),
)]
#[get("/tickets/{id}/timeline")]
pub async fn ticket_timeline(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<TimelineQuery>,
) -> Reply {
    let subject = Subject::Ticket(path_id(&id)?);
    timeline(state, caller, subject, query.into_inner()).await
}
