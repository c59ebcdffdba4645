//! Telephony providers: their connections (admins), and the public route each posts its
//! signed call events to.

use actix_web::web::{Path, Payload, Query};
use actix_web::{delete, get, patch, post, HttpRequest, HttpResponse};
use api_types::phone::{
    Call as CallBody, CreateTelephonyProvider, TelephonyEvent, TelephonyProvider,
    UpdateTelephonyProvider,
};
use api_types::{ListQuery, Page, Problem, RecordQuery};
use db::record::{self, Visibility};
use db::telephony::{Provider, ProviderFields};
use db::AnyConnection;
use domain::activity::{CallOutcome, Direction};
use domain::call::{CallEvent, CallEventKind};
use domain::{text, Email, OrgId, TelephonyProviderId, Violations};

use crate::auth::tokens::new_secret;
use crate::auth::{Caller, Principal};
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, IfMatch, Json};
use crate::kit::{self, Reply, State, View};
use crate::openapi::{self, Conflict, Id, Invalid};
use crate::phone::{self, Report};

/// The largest event body taken.
const MAX_EVENT_BYTES: usize = 64 * 1024;
/// The longest provider call id.
const MAX_CALL_ID: usize = 200;

/// A provider as the API shows it.
fn view(org: OrgId, p: &Provider) -> TelephonyProvider {
    TelephonyProvider {
        id: p.id.to_string(),
        name: p.fields.name.clone(),
        active: p.fields.active,
        events_path: format!("/api/v1/telephony/{}/events", phone::events_key(org, p.id)),
        signing_secret: p.secret.clone(),
        created_at: p.created_at,
        updated_at: p.updated_at,
        deleted: p.deleted,
        version: p.version,
    }
}

impl View for Provider {
    type Body = TelephonyProvider;

    fn view(
        _: &mut AnyConnection,
        org: OrgId,
        p: &Provider,
    ) -> Result<TelephonyProvider, ApiError> {
        Ok(view(org, p))
    }
}

fn parse(body: CreateTelephonyProvider) -> Result<ProviderFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::required("/name", &body.name, 100));
    v.finish(|| {
        Some(ProviderFields {
            name: name?,
            active: body.active.unwrap_or(true),
        })
    })
    .map_err(ApiError::from)
}

fn merge(
    current: &Provider,
    patch: UpdateTelephonyProvider,
    _: &Principal,
) -> Result<ProviderFields, ApiError> {
    parse(CreateTelephonyProvider {
        name: patch.name.unwrap_or_else(|| current.fields.name.clone()),
        active: Some(patch.active.unwrap_or(current.fields.active)),
    })
}

/// List telephony providers.
#[utoipa::path(
    tag = "phone",
    params(ListQuery),
    responses((status = 200, description = "A page of providers", body = Page<TelephonyProvider>)),
)]
#[get("/telephony/providers")]
pub async fn list_telephony_providers(
    state: State,
    caller: Caller,
    query: Query<ListQuery>,
) -> Reply {
    let params = kit::list_params(&query, &db::telephony::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::telephony::list(conn, p.org, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Connect a telephony provider.
///
/// Give the provider (or the small bridge that speaks its webhooks) the answer's
/// `events_path` and `signing_secret`: it posts each call's events there, signed.
#[utoipa::path(
    tag = "phone",
    request_body = CreateTelephonyProvider,
    responses(
        (status = 201, description = "Created", body = TelephonyProvider, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/telephony/providers")]
pub async fn create_telephony_provider(
    state: State,
    caller: Caller,
    body: Json<CreateTelephonyProvider>,
) -> Reply {
    let fields = parse(body.into_inner())?;
    let now = state.now();
    let secret = new_secret();
    let (org, provider) = state
        .run(caller, move |conn, p| {
            let id = TelephonyProviderId::mint();
            Ok((
                p.org,
                db::telephony::create(conn, p.org, (id, secret), &fields, now)?,
            ))
        })
        .await?;
    let body = view(org, &provider);
    Ok(kit::created(
        format!("/api/v1/telephony/providers/{}", body.id),
        body.version,
        &body,
    ))
}

/// Get a telephony provider.
#[utoipa::path(
    tag = "phone",
    params(Id, RecordQuery),
    responses((status = 200, description = "The provider", body = TelephonyProvider, headers(("ETag" = String)))),
)]
#[get("/telephony/providers/{id}")]
pub async fn get_telephony_provider(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Provider>(&state, caller, &id, &query).await
}

/// Change a telephony provider: its name, whether its events are taken.
#[utoipa::path(
    tag = "phone",
    params(Id, openapi::IfMatch),
    request_body = UpdateTelephonyProvider,
    responses(
        (status = 200, description = "The changed provider", body = TelephonyProvider, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/telephony/providers/{id}")]
pub async fn update_telephony_provider(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateTelephonyProvider>,
) -> Reply {
    kit::update::<Provider, _>(&state, caller, &id, if_match, body.into_inner(), merge).await
}

/// Delete a telephony provider (its events answer 404 meanwhile; its calls stay).
#[utoipa::path(
    tag = "phone",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/telephony/providers/{id}")]
pub async fn delete_telephony_provider(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Provider>(&state, caller, &id, if_match).await
}

/// Restore a deleted telephony provider.
#[utoipa::path(
    tag = "phone",
    params(Id),
    responses((status = 200, description = "The restored provider", body = TelephonyProvider, headers(("ETag" = String)))),
)]
#[post("/telephony/providers/{id}/restore")]
pub async fn restore_telephony_provider(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Provider>(&state, caller, &id).await
}

/// Give a telephony provider a new signing secret; events signed with the old one are
/// refused at once.
#[utoipa::path(
    tag = "phone",
    params(Id),
    responses((status = 200, description = "The provider with its new secret", body = TelephonyProvider, headers(("ETag" = String)))),
)]
#[post("/telephony/providers/{id}/rotate-secret")]
pub async fn rotate_telephony_secret(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    let now = state.now();
    let (org, provider) = state
        .run(caller, move |conn, p| {
            let current: Provider = record::get(conn, p.org, id, Visibility::Live)?;
            let rotated = db::telephony::rotate_secret(conn, p.org, &current, new_secret(), now)?;
            Ok((p.org, rotated))
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        provider.version,
        &view(org, &provider),
    ))
}

fn report(event: TelephonyEvent, now: chrono::DateTime<chrono::Utc>) -> Result<Report, ApiError> {
    let mut v = Violations::new();
    let kind = v.check(CallEventKind::parse("/event", &event.event));
    let call_id = v.check(text::required("/call_id", &event.call_id, MAX_CALL_ID));
    let direction = match event.direction.as_deref() {
        Some(d) => v.check(Direction::parse("/direction", d)),
        None => Some(Direction::Inbound),
    };
    let outcome = v.check_opt(event.outcome.as_deref(), |o| {
        CallOutcome::parse("/outcome", o)
    });
    let agent_email = v.check_opt(event.agent_email.as_deref(), |e| {
        Email::parse("/agent_email", e)
    });
    let number = |v: &mut Violations, pointer: &str, raw: Option<String>| {
        v.check_opt(raw, |n| {
            text::optional(pointer, &n, domain::activity::MAX_NUMBER)
        })
        .flatten()
    };
    let from = number(&mut v, "/from", event.from);
    let to = number(&mut v, "/to", event.to);
    v.finish(|| {
        Some(Report {
            call_id: call_id?,
            direction: direction?,
            from,
            to,
            agent_email,
            event: CallEvent {
                kind: kind?,
                at: event.at.unwrap_or(now),
                outcome,
                recording_url: event.recording_url,
            },
        })
    })
    .map_err(ApiError::from)
}

/// Post a call event (telephony providers).
///
/// Public: the provider signs each event with its `signing_secret`. `Rapport-Timestamp` is
/// the time of sending in Unix seconds (within 5 minutes of ours), `Rapport-Signature` is
/// `v1=` and the hex HMAC-SHA256 of `"<timestamp>.<body>"` (several, space-separated, while
/// the provider moves to a new secret). A missing or wrong signature answers 401; an unknown,
/// deleted or inactive provider 404.
///
/// The first event of a `call_id` creates the call (201), linked to the contact and account
/// with the customer's number; `ringing` pops it up on the agent's screen (the event
/// stream's `call` events), `answered` gives it to the agent who picked up, `ended` completes
/// it with its outcome, duration and recording. Events may come twice or out of order: a
/// repeat changes nothing (200).
#[utoipa::path(
    tag = "phone",
    params(
        ("key" = String, Path, description = "The key in the provider's `events_path`"),
        ("Rapport-Timestamp" = String, Header, description = "Unix seconds when the event was sent"),
        ("Rapport-Signature" = String, Header, description = "`v1=<hex HMAC-SHA256>`"),
    ),
    request_body = TelephonyEvent,
    responses(
        (status = 201, description = "The call it created", body = CallBody),
        (status = 200, description = "The call it completed (or left as it was)", body = CallBody),
        (status = 401, description = "No valid signature", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider, or it takes no events", body = Problem, content_type = "application/problem+json"),
        Invalid,
    ),
    security(()),
)]
#[post("/telephony/{key}/events")]
pub async fn receive_telephony_event(
    state: State,
    req: HttpRequest,
    key: Path<String>,
    body: Payload,
) -> Reply {
    let (org, provider) = phone::parse_events_key(&key).ok_or(ApiError::NotFound)?;
    let provider = state
        .db(move |conn| {
            let provider: Provider = record::get(conn, org, provider, Visibility::Live)?;
            if !provider.fields.active {
                return Err(ApiError::NotFound);
            }
            Ok(provider)
        })
        .await?;
    // Only now, with a provider to check the signature against, is the body read.
    let body = match body.to_bytes_limited(MAX_EVENT_BYTES).await {
        Ok(Ok(body)) => body,
        Ok(Err(e)) => return Err(ApiError::MalformedBody(e.to_string())),
        Err(_) => return Err(ApiError::PayloadTooLarge(MAX_EVENT_BYTES)),
    };
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    let now = state.now();
    let signed = (header("Rapport-Timestamp"), header("Rapport-Signature"));
    if !phone::verify(&provider.secret, signed, &body, now) {
        return Err(ApiError::Unauthenticated(
            "the event's signature is missing, wrong or too old",
        ));
    }
    let event: TelephonyEvent =
        serde_json::from_slice(&body).map_err(|e| ApiError::MalformedBody(e.to_string()))?;
    let report = report(event, now)?;
    let reported = state
        .db(move |conn| phone::report(conn, (org, &provider), &report, now))
        .await?;
    let body = super::calls::body(&reported.call);
    Ok(if reported.created {
        HttpResponse::Created()
            .insert_header((
                actix_web::http::header::LOCATION,
                format!("/api/v1/calls/{}", body.id),
            ))
            .json(body)
    } else {
        HttpResponse::Ok().json(body)
    })
}
