use actix_web::{post, web, HttpResponse};
use api_types::sla::{ClockBody, ClockTimelineEntry, SimulateRequest, SimulateResponse};
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::sla::simulation::PolicyTargets;
use domain::sla::simulation::{
    simulate, simulated_instant, simulated_span, ClockReport, Priority, TicketEvent, MAX_EVENTS,
};
use domain::sla::BusinessCalendar;
use domain::sla::{ClockEvent, ClockStatus};
use domain::{FieldError, OrgId, SlaCalendarId, SlaPolicyId, Violations};

use super::{documents, input};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::kit::{Reply, State};
use crate::openapi::Invalid;

/// Simulate a ticket's SLA clocks.
///
/// Give a stored policy (`policy_id`), or a calendar (stored as `calendar_id`, or inline) and
/// targets per priority; a priority, the opening instant and what happens to the ticket
/// (status changes, priority changes, replies). Get every clock's deadlines, state and
/// timeline, so a policy can be checked before it is used. Nothing is stored.
#[utoipa::path(
    tag = "sla",
    request_body = SimulateRequest,
    responses((status = 200, description = "The clocks", body = SimulateResponse), Invalid),
)]
#[post("/sla/simulate")]
pub async fn simulate_sla(
    state: State,
    caller: Caller,
    body: crate::extract::Json<SimulateRequest>,
) -> Reply {
    let body = body.into_inner();
    let (body, calendar, policy) = state
        .run(caller, move |conn, p| {
            let (calendar, policy) = rules(conn, p.org, &body)?;
            Ok((body, calendar, policy))
        })
        .await?;
    let mut v = Violations::new();
    let priority = v.check(Priority::parse("/priority", &body.priority));
    let events: Vec<_> = body
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let pointer = |field: &str| format!("/events/{i}/{field}");
            let event = match e.event_type.as_str() {
                "status_changed" => v
                    .check(present(&pointer("status"), e.status.as_deref()).and_then(|s| {
                        domain::sla::simulation::status_name(&pointer("status"), s)
                    }))
                    .map(TicketEvent::StatusChanged),
                "priority_changed" => v
                    .check(
                        present(&pointer("priority"), e.priority.as_deref())
                            .and_then(|s| Priority::parse(&pointer("priority"), s)),
                    )
                    .map(TicketEvent::PriorityChanged),
                "agent_replied" => Some(TicketEvent::AgentReplied),
                "customer_replied" => Some(TicketEvent::CustomerReplied),
                _ => {
                    v.push(FieldError::new(
                        format!("/events/{i}/type"),
                        "invalid_event",
                        "must be status_changed, priority_changed, agent_replied or customer_replied",
                    ));
                    None
                }
            };
            event.map(|event| (e.at, event))
        })
        .collect();
    if body.events.len() > MAX_EVENTS {
        v.push(FieldError::new(
            "/events",
            "too_many",
            format!("at most {MAX_EVENTS} events"),
        ));
    }
    v.check(simulated_instant("/opened_at", body.opened_at));
    for (i, event) in body.events.iter().enumerate() {
        v.check(simulated_instant(&format!("/events/{i}/at"), event.at));
    }
    if let Some(as_of) = body.as_of {
        v.check(simulated_instant("/as_of", as_of));
    }
    let as_of = body.as_of.unwrap_or_else(|| {
        events
            .last()
            .map_or(body.opened_at, |(at, _)| *at)
            .max(body.opened_at)
    });
    let span_pointer = if body.as_of.is_some() {
        "/as_of"
    } else {
        "/events"
    };
    v.check(simulated_span(span_pointer, body.opened_at, as_of));
    let priority = v.finish(|| priority).map_err(ApiError::from)?;
    let opened_at = body.opened_at;
    // The engine's work grows with the days a ticket spans: not on an async worker.
    let clocks =
        web::block(move || simulate(&calendar, &policy, priority, opened_at, &events, as_of))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok().json(SimulateResponse {
        as_of,
        clocks: clocks.iter().map(clock_body).collect(),
    }))
}

/// A clock as the API shows it, in a simulation and on a ticket.
pub fn clock_body(report: &ClockReport) -> ClockBody {
    let status = match report.reading.status {
        ClockStatus::Running => "running",
        ClockStatus::Warning => "warning",
        ClockStatus::Paused => "paused",
        ClockStatus::Breached => "breached",
        ClockStatus::Met => "met",
        ClockStatus::MetLate => "met_late",
    };
    ClockBody {
        kind: report.kind.as_str().to_owned(),
        status: status.to_owned(),
        started_at: report.started_at,
        target_minutes: report.target.num_minutes(),
        elapsed_seconds: report.reading.elapsed.num_seconds(),
        remaining_seconds: report.reading.remaining.num_seconds(),
        deadline: report.reading.deadline,
        warn_at: report.reading.warn_at,
        timeline: report
            .events
            .iter()
            .map(|(at, event)| {
                let (name, target) = match event {
                    ClockEvent::Paused => ("paused", None),
                    ClockEvent::Resumed => ("resumed", None),
                    ClockEvent::Retargeted(t) => ("retargeted", Some(t.num_minutes())),
                    ClockEvent::Met => ("met", None),
                    ClockEvent::Reopened => ("reopened", None),
                };
                ClockTimelineEntry {
                    at: *at,
                    event: name.to_owned(),
                    target_minutes: target,
                }
            })
            .collect(),
    }
}

/// The calendar and targets to simulate: a stored policy's, or the ones the request gives.
fn rules(
    conn: &mut AnyConnection,
    org: OrgId,
    body: &SimulateRequest,
) -> Result<(BusinessCalendar, PolicyTargets), ApiError> {
    let mut v = Violations::new();
    if let Some(raw) = &body.policy_id {
        let policy_id = v.check(SlaPolicyId::parse("/policy_id", raw.trim()));
        let given = [
            ("/calendar", body.calendar.is_some()),
            ("/calendar_id", body.calendar_id.is_some()),
            ("/targets", body.targets.is_some()),
            ("/warning_percent", body.warning_percent.is_some()),
            ("/pausing_statuses", body.pausing_statuses.is_some()),
        ];
        for (pointer, _) in given.iter().filter(|(_, present)| *present) {
            v.push(FieldError::new(
                *pointer,
                "conflicts_with_policy",
                "leave out: the policy gives it",
            ));
        }
        let policy_id = v.finish(|| policy_id).map_err(ApiError::from)?;
        let policy: db::sla::Policy = record::get(conn, org, policy_id, Visibility::Live)
            .map_err(|e| unknown(e, "policy_id"))?;
        let calendar: db::sla::Calendar =
            record::get(conn, org, policy.calendar_id, Visibility::Live)?;
        return Ok((
            documents::business_calendar(&calendar)?,
            documents::sla_policy(&policy)?.targets,
        ));
    }
    if body.targets.is_none() {
        v.push(FieldError::new(
            "/targets",
            "required",
            "give targets, or a policy_id",
        ));
    }
    let calendar = match (&body.calendar, &body.calendar_id) {
        (Some(inline), None) => Some(input::calendar("/calendar", inline)),
        (None, Some(raw)) => v
            .check(SlaCalendarId::parse("/calendar_id", raw.trim()))
            .map(|calendar_id| {
                record::get::<db::sla::Calendar>(conn, org, calendar_id, Visibility::Live)
                    .map_err(|e| unknown(e, "calendar_id"))
                    .and_then(|stored| documents::business_calendar(&stored))
            }),
        (Some(_), Some(_)) => {
            v.push(FieldError::new(
                "/calendar_id",
                "conflicts_with_calendar",
                "give calendar or calendar_id, not both",
            ));
            None
        }
        (None, None) => {
            v.push(FieldError::new(
                "/calendar",
                "required",
                "give a calendar, a calendar_id or a policy_id",
            ));
            None
        }
    };
    let calendar = calendar.transpose()?;
    let targets = v.finish(|| body.targets.as_ref()).map_err(ApiError::from)?;
    let policy = input::policy_targets(
        targets,
        body.warning_percent,
        body.pausing_statuses.as_deref(),
    )?;
    // Present whenever `v` was empty, which `finish` just proved.
    let calendar = calendar.ok_or_else(|| ApiError::Internal("calendar missing".into()))?;
    Ok((calendar, policy))
}

/// A missing record named in the body is a field error, not a missing resource.
fn unknown(error: db::Error, field: &'static str) -> ApiError {
    match error {
        db::Error::NotFound => db::Error::UnknownReference(field).into(),
        other => other.into(),
    }
}

/// The field an event of its type needs, or `required` when it is missing.
fn present<'a>(pointer: &str, value: Option<&'a str>) -> Result<&'a str, FieldError> {
    value.ok_or_else(|| FieldError::new(pointer, "required", "this event needs it"))
}
