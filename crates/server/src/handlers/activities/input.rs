//! Turning activity request bodies into validated domain fields.

use api_types::activities::{AttendeeBody, CreateActivity, UpdateActivity};
use chrono::{DateTime, Utc};
use db::activities::Activity;
use domain::activity::{
    ActivityFields, ActivityKind, ActivityStatus, Attendee, CallLine, CallOutcome, Direction,
    Links, Priority, MAX_DESCRIPTION, MAX_LOCATION, MAX_SUBJECT,
};
use domain::{
    text, AccountId, ContactId, FieldError, LeadId, OpportunityId, TicketId, UserId, Violations,
};

use crate::auth::Principal;
use crate::error::ApiError;

fn attendee(i: usize, body: &AttendeeBody) -> Result<Attendee, FieldError> {
    let at = |field: &str| format!("/attendees/{i}/{field}");
    match (&body.user_id, &body.contact_id) {
        (Some(u), None) => UserId::parse(&at("user_id"), u).map(Attendee::User),
        (None, Some(c)) => ContactId::parse(&at("contact_id"), c).map(Attendee::Contact),
        _ => Err(FieldError::new(
            format!("/attendees/{i}"),
            "one_of_user_or_contact",
            "an attendee is a user_id or a contact_id",
        )),
    }
}

/// Validates a whole activity: an absent assignee is the caller, an absent status open for
/// tasks and meetings and done for calls and emails, an absent priority normal for tasks,
/// an absent time of a call or email `now`.
pub fn parse(
    body: CreateActivity,
    caller: &Principal,
    now: DateTime<Utc>,
) -> Result<ActivityFields, ApiError> {
    let mut v = Violations::new();
    let kind = v.check(ActivityKind::parse("/kind", &body.kind));
    let logged = matches!(kind, Some(ActivityKind::Call | ActivityKind::Email));
    let optional = |v: &mut Violations, pointer: &str, raw: Option<String>, max: usize| {
        v.check_opt(raw, |r| text::optional(pointer, &r, max))
            .flatten()
    };
    let subject = v.check(text::required("/subject", &body.subject, MAX_SUBJECT));
    let description = optional(&mut v, "/description", body.description, MAX_DESCRIPTION);
    let location = optional(&mut v, "/location", body.location, MAX_LOCATION);
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
    let assignee_id = match body.assignee_id.as_deref() {
        Some(a) => v.check(UserId::parse("/assignee_id", a)),
        None => Some(caller.user),
    };
    let status = match body.status.as_deref() {
        Some(s) => v.check(ActivityStatus::parse("/status", s)),
        None if logged => Some(ActivityStatus::Done),
        None => Some(ActivityStatus::Open),
    };
    let priority = match body.priority.as_deref() {
        Some(p) => v.check(Priority::parse("/priority", p)),
        None if kind == Some(ActivityKind::Task) => Some(Priority::Normal),
        None => None,
    };
    let direction = v.check_opt(body.direction.as_deref(), |d| {
        Direction::parse("/direction", d)
    });
    let outcome = v.check_opt(body.outcome.as_deref(), |o| {
        CallOutcome::parse("/outcome", o)
    });
    let attendees = body
        .attendees
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, a)| v.check(attendee(i, a)))
        .collect::<Vec<_>>();
    let fields = v.finish(|| {
        Some(ActivityFields {
            kind: kind?,
            subject: subject?,
            description,
            links,
            assignee_id: assignee_id?,
            status: status?,
            priority,
            due_at: body.due_at,
            reminder_at: body.reminder_at,
            direction,
            occurred_at: body.occurred_at.or(logged.then_some(now)),
            duration_seconds: body.duration_seconds,
            outcome,
            starts_at: body.starts_at,
            ends_at: body.ends_at,
            location,
            attendees: attendees.into_iter().collect::<Option<Vec<_>>>()?,
            call: CallLine::default(),
        })
    })?;
    fields.check()?;
    Ok(fields)
}

/// The fields of `current` with `patch` applied, validated exactly like a creation; a call's
/// telephony details stay as they are (`/api/v1/calls` changes them).
pub fn merge(
    current: &Activity,
    patch: UpdateActivity,
    caller: &Principal,
) -> Result<ActivityFields, ApiError> {
    let now = super::body(current);
    let body = CreateActivity {
        kind: now.kind,
        subject: patch.subject.unwrap_or(now.subject),
        description: patch.description.or(now.description),
        account_id: patch.account_id.or(now.account_id),
        contact_id: patch.contact_id.or(now.contact_id),
        lead_id: patch.lead_id.or(now.lead_id),
        opportunity_id: patch.opportunity_id.or(now.opportunity_id),
        ticket_id: patch.ticket_id.or(now.ticket_id),
        assignee_id: Some(patch.assignee_id.unwrap_or(now.assignee_id)),
        status: Some(patch.status.unwrap_or(now.status)),
        priority: patch.priority.or(now.priority),
        due_at: patch.due_at.or(now.due_at),
        reminder_at: patch.reminder_at.or(now.reminder_at),
        direction: patch.direction.or(now.direction),
        occurred_at: patch.occurred_at.or(now.occurred_at),
        duration_seconds: patch.duration_seconds.or(now.duration_seconds),
        outcome: patch.outcome.or(now.outcome),
        starts_at: patch.starts_at.or(now.starts_at),
        ends_at: patch.ends_at.or(now.ends_at),
        location: patch.location.or(now.location),
        attendees: Some(patch.attendees.unwrap_or(now.attendees)),
    };
    let mut fields = parse(body, caller, current.created_at)?;
    fields.call = current.fields.call.clone();
    fields.check()?;
    Ok(fields)
}
