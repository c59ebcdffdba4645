//! `/api/v1/callbacks`: the queue of customers waiting to be called back.

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, HttpResponse};
use api_types::phone::{Callback as CallbackBody, CallbackFilters, CreateCallback, UpdateCallback};
use api_types::{Page, Patch, RecordQuery};
use chrono::{DateTime, Utc};
use db::callbacks::{Callback, CallbackFilter};
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::activity::{ActivityStatus, MAX_DESCRIPTION};
use domain::callback::CallbackFields;
use domain::contact::Contact;
use domain::{text, AccountId, ActivityId, ContactId, FieldError, OrgId, UserId, Violations};

use crate::auth::{Caller, Principal};
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, Listing};
use crate::kit::{self, Reply, State, View};
use crate::openapi::{self, Conflict, Id, Invalid};

fn body(c: &Callback, now: DateTime<Utc>) -> CallbackBody {
    let f = &c.fields;
    CallbackBody {
        id: c.id.to_string(),
        number: f.number.clone(),
        contact_id: f.contact_id.map(|i| i.to_string()),
        account_id: f.account_id.map(|i| i.to_string()),
        call_id: f.call_id.map(|i| i.to_string()),
        assignee_id: f.assignee_id.map(|i| i.to_string()),
        due_at: f.due_at,
        status: f.status.as_str().to_owned(),
        overdue: f.status == ActivityStatus::Open && f.due_at < now,
        notes: f.notes.clone(),
        completed_at: c.completed_at,
        created_by: c.created_by.map(|i| i.to_string()),
        created_at: c.created_at,
        updated_at: c.updated_at,
        deleted: c.deleted,
        version: c.version,
    }
}

impl View for Callback {
    type Body = CallbackBody;

    fn view(_: &mut AnyConnection, _: OrgId, c: &Callback) -> Result<CallbackBody, ApiError> {
        Ok(body(c, Utc::now()))
    }
}

/// The live record a field names; one that is not is the field's `unknown_reference`.
fn referenced<R: db::record::Record>(
    conn: &mut AnyConnection,
    org: OrgId,
    id: domain::Id<R::Kind>,
    field: &'static str,
) -> Result<R, ApiError> {
    record::get::<R>(conn, org, id, Visibility::Live).map_err(|e| match e {
        db::Error::NotFound => db::Error::UnknownReference(field).into(),
        other => other.into(),
    })
}

/// Validates a new request; the number defaults to the contact's first, else the call's
/// caller, the account to the contact's.
fn parse(
    conn: &mut AnyConnection,
    org: OrgId,
    body: CreateCallback,
) -> Result<CallbackFields, ApiError> {
    let mut v = Violations::new();
    let contact_id = v.check_opt(body.contact_id.as_deref(), |c| {
        ContactId::parse("/contact_id", c)
    });
    let account_id = v.check_opt(body.account_id.as_deref(), |a| {
        AccountId::parse("/account_id", a)
    });
    let call_id = v.check_opt(body.call_id.as_deref(), |c| {
        ActivityId::parse("/call_id", c)
    });
    let assignee_id = v.check_opt(body.assignee_id.as_deref(), |u| {
        UserId::parse("/assignee_id", u)
    });
    let notes = v
        .check_opt(body.notes, |n| {
            text::optional("/notes", &n, MAX_DESCRIPTION)
        })
        .flatten();
    v.finish(|| Some(()))?;
    let contact = match contact_id {
        Some(id) => Some(referenced::<Contact>(conn, org, id, "contact_id")?),
        None => None,
    };
    let call_number = match call_id {
        Some(call) => {
            let call: db::activities::Call = referenced(conn, org, call, "call_id")?;
            let fields = call.0.fields;
            fields.call.customer(fields.direction).map(str::to_owned)
        }
        None => None,
    };
    let number = body
        .number
        .or_else(|| {
            contact
                .as_ref()
                .and_then(|c| c.fields.phones.first())
                .map(|p| p.number.clone())
        })
        .or(call_number)
        .ok_or_else(|| {
            ApiError::Validation(vec![FieldError::new(
                "/number",
                "required",
                "give the number to call (or a contact with one, or the call it was asked in)",
            )])
        })?;
    let fields = CallbackFields {
        number,
        contact_id,
        account_id: account_id.or(contact.and_then(|c| c.fields.account_id)),
        call_id,
        assignee_id,
        due_at: body.due_at,
        status: ActivityStatus::Open,
        notes,
    };
    fields.check()?;
    Ok(CallbackFields {
        number: fields.number.trim().to_owned(),
        ..fields
    })
}

fn merge(
    current: &Callback,
    patch: UpdateCallback,
    _: &Principal,
) -> Result<CallbackFields, ApiError> {
    let mut v = Violations::new();
    let mut f = current.fields.clone();
    if let Some(number) = patch.number {
        f.number = number.trim().to_owned();
    }
    match patch.assignee_id {
        Patch::Absent => {}
        Patch::Null => f.assignee_id = None,
        Patch::Value(u) => f.assignee_id = v.check(UserId::parse("/assignee_id", &u)),
    }
    if let Some(due) = patch.due_at {
        f.due_at = due;
    }
    if let Some(status) = patch.status {
        if let Some(s) = v.check(ActivityStatus::parse("/status", &status)) {
            f.status = s;
        }
    }
    match patch.notes {
        Patch::Absent => {}
        Patch::Null => f.notes = None,
        Patch::Value(n) => {
            f.notes = v
                .check(text::optional("/notes", &n, MAX_DESCRIPTION))
                .flatten()
        }
    }
    if let Some(call) = patch.call_id {
        f.call_id = v.check(ActivityId::parse("/call_id", &call));
    }
    v.finish(|| Some(()))?;
    f.check()?;
    Ok(f)
}

fn filter(f: &CallbackFilters) -> Result<CallbackFilter, ApiError> {
    let mut v = Violations::new();
    let (assignee_id, unassigned) = match f.assignee_id.as_deref() {
        Some("none") => (None, true),
        Some(u) => (v.check(UserId::parse("/query/assignee_id", u)), false),
        None => (None, false),
    };
    let filter = CallbackFilter {
        status: v.check_opt(f.status.as_deref(), |s| {
            ActivityStatus::parse("/query/status", s)
        }),
        assignee_id,
        unassigned,
        due_before: f.due_before,
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(ApiError::InvalidParameters(v.into_errors()))
    }
}

/// List callback requests: the queue.
///
/// Soonest due first (`due_at`; also `created_at`, `updated_at`). Filter by status (the
/// queue is `status=open`), agent (`assignee_id`, or `none` for those waiting for whoever
/// takes them) and due time.
#[utoipa::path(
    tag = "phone",
    params(api_types::ListQuery, CallbackFilters),
    responses((status = 200, description = "A page of callback requests", body = Page<CallbackBody>)),
)]
#[get("/callbacks")]
pub async fn list_callbacks(
    state: State,
    caller: Caller,
    listing: Listing<CallbackFilters>,
) -> Reply {
    let params = kit::list_params(&listing.list, &db::callbacks::SORTS)?;
    let filter = filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::callbacks::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Ask for a callback.
///
/// The number defaults to the contact's first, else the caller's of `call_id`; it is kept in
/// E.164 when it reads as a number. Without `assignee_id` it waits in the queue for whoever
/// takes it (`PATCH` the `assignee_id`).
#[utoipa::path(
    tag = "phone",
    request_body = CreateCallback,
    responses(
        (status = 201, description = "Created", body = CallbackBody, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/callbacks")]
pub async fn create_callback(state: State, caller: Caller, body: Json<CreateCallback>) -> Reply {
    let body = body.into_inner();
    let now = state.now();
    let created = state
        .run(caller, move |conn, p| {
            let fields = parse(conn, p.org, body)?;
            Ok(db::callbacks::create(
                conn,
                p.org,
                &fields,
                Some(p.user),
                now,
            )?)
        })
        .await?;
    let body = self::body(&created, now);
    Ok(kit::created(
        format!("/api/v1/callbacks/{}", body.id),
        body.version,
        &body,
    ))
}

/// Get a callback request.
#[utoipa::path(
    tag = "phone",
    params(Id, RecordQuery),
    responses((status = 200, description = "The request", body = CallbackBody, headers(("ETag" = String)))),
)]
#[get("/callbacks/{id}")]
pub async fn get_callback(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Callback>(&state, caller, &id, &query).await
}

/// Change a callback request: take it (`assignee_id`), move it, mark it done (with the
/// `call_id` that answered it) or cancelled.
#[utoipa::path(
    tag = "phone",
    params(Id, openapi::IfMatch),
    request_body = UpdateCallback,
    responses(
        (status = 200, description = "The changed request", body = CallbackBody, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/callbacks/{id}")]
pub async fn update_callback(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateCallback>,
) -> Reply {
    kit::update::<Callback, _>(&state, caller, &id, if_match, body.into_inner(), merge).await
}

/// Delete a callback request (to the trash).
#[utoipa::path(
    tag = "phone",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/callbacks/{id}")]
pub async fn delete_callback(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Callback>(&state, caller, &id, if_match).await
}

/// Restore a deleted callback request.
#[utoipa::path(
    tag = "phone",
    params(Id),
    responses((status = 200, description = "The restored request", body = CallbackBody, headers(("ETag" = String)))),
)]
#[post("/callbacks/{id}/restore")]
pub async fn restore_callback(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Callback>(&state, caller, &id).await
}
