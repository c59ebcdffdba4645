use actix_web::{post, web, HttpResponse};
use api_types::sla::{ClockBody, ClockTimelineEntry, SimulateRequest, SimulateResponse};
use api_types::Problem;
use domain::sla::simulation::{simulate, ClockReport, Priority, TicketEvent};
use domain::sla::{ClockEvent, ClockStatus};
use domain::{FieldError, Violations};

use super::input;
use crate::auth::Principal;
use crate::error::ApiError;

/// Simulate a ticket's SLA clocks.
///
/// Give a calendar, targets per priority, a priority, the opening instant and what happens to
/// the ticket (status changes, priority changes, replies); get every clock's deadlines,
/// state and timeline, so a policy can be checked before it is used. Nothing is stored.
#[utoipa::path(
    tag = "sla",
    request_body = SimulateRequest,
    responses(
        (status = 200, description = "The clocks", body = SimulateResponse),
        (status = 422, description = "Invalid calendar, targets or events", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sla/simulate")]
pub async fn simulate_sla(
    _principal: Principal,
    body: web::Json<SimulateRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let calendar = input::calendar("/calendar", &body.calendar)?;
    let policy = input::policy_targets(
        &body.targets,
        body.warning_percent,
        body.pausing_statuses.as_deref(),
    )?;
    let mut v = Violations::new();
    let priority = v.check(Priority::parse("/priority", &body.priority));
    let events: Vec<_> = body
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let event = match e.event_type.as_str() {
                "status_changed" => v
                    .check_opt(e.status.as_deref().or(Some("")), |s| domain::sla::simulation::status_name(&format!("/events/{i}/status"), s))
                    .map(TicketEvent::StatusChanged),
                "priority_changed" => v
                    .check(Priority::parse(&format!("/events/{i}/priority"), e.priority.as_deref().unwrap_or("")))
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
    if body.events.len() > 1000 {
        v.push(FieldError::new(
            "/events",
            "too_many",
            "at most 1000 events",
        ));
    }
    let priority = v.finish(|| priority).map_err(ApiError::from)?;
    let as_of = body.as_of.unwrap_or_else(|| {
        events
            .last()
            .map_or(body.opened_at, |(at, _)| *at)
            .max(body.opened_at)
    });
    let clocks = simulate(&calendar, &policy, priority, body.opened_at, &events, as_of);
    Ok(HttpResponse::Ok().json(SimulateResponse {
        as_of,
        clocks: clocks.iter().map(view).collect(),
    }))
}

fn view(report: &ClockReport) -> ClockBody {
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
