//! Calendars and policies as stored: the validated request bodies, kept as JSON documents.
//!
//! A document is written only after the SLA engine accepted it, and is read back through the
//! same validation, so what the engine runs on is always what the administrator saw.

use api_types::sla::{
    CalendarBody, CreateCalendar, CreatePolicy, PolicyConditionsBody, PolicyEscalation,
    PriorityTargets, UpdateCalendar, UpdatePolicy,
};
use domain::account::Tier;
use domain::sla::policy::{Escalation, PolicyConditions, SlaPolicy, Trigger, MAX_ESCALATIONS};
use domain::sla::simulation::{ClockKind, Priority};
use domain::sla::BusinessCalendar;
use domain::{FieldError, SlaCalendarId, TeamId, UserId, Violations};
use serde::{Deserialize, Serialize};

use super::input;
use crate::auth::Principal;
use crate::error::ApiError;

/// A policy's rules as stored (its name, calendar and position are columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDocument {
    /// What it is for.
    pub description: Option<String>,
    /// When it applies.
    pub conditions: PolicyConditionsBody,
    /// Targets per priority, lowest first, only priorities with a target.
    pub targets: Vec<PriorityTargets>,
    /// Warning threshold in percent.
    pub warning_percent: i64,
    /// Statuses that stop the clocks.
    pub pausing_statuses: Vec<String>,
    /// What happens when a clock warns or breaches (none in documents stored before them).
    #[serde(default)]
    pub escalations: Vec<PolicyEscalation>,
}

/// Moves field errors of `result` into `v`; other errors end validation at once.
fn gather<T>(v: &mut Violations, result: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(ApiError::Validation(errors)) => {
            errors.into_iter().for_each(|e| v.push(e));
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

fn finish<T>(v: Violations, value: Option<T>) -> Result<T, ApiError> {
    v.finish(|| value).map_err(ApiError::from)
}

/// A validated calendar: its name and the document to store (whitespace trimmed, the weekly
/// schedule dropped when open around the clock).
pub fn calendar(name: &str, body: CalendarBody) -> Result<(String, String), ApiError> {
    let mut v = Violations::new();
    let name = v.check(domain::text::required("/name", name, 100));
    let checked = gather(&mut v, input::calendar("", &body))?;
    let mut body = body;
    body.time_zone = body.time_zone.trim().to_owned();
    if body.always_open {
        body.weekly.clear();
    }
    for holiday in &mut body.holidays {
        holiday.name = holiday.name.trim().to_owned();
    }
    let name = finish(v, name.zip(checked))?.0;
    Ok((name, to_json(&body)?))
}

/// The calendar of a create request.
pub fn created_calendar(body: CreateCalendar) -> Result<(String, String), ApiError> {
    calendar(
        &body.name,
        CalendarBody {
            time_zone: body.time_zone,
            always_open: body.always_open,
            weekly: body.weekly,
            holidays: body.holidays,
        },
    )
}

/// The stored calendar with `patch` applied: given fields replace, `null` empties.
pub fn patched_calendar(
    current: &db::sla::Calendar,
    patch: UpdateCalendar,
    _caller: &Principal,
) -> Result<(String, String), ApiError> {
    let stored = calendar_body(current)?;
    calendar(
        &patch.name.or_default(current.name.clone()),
        CalendarBody {
            time_zone: patch.time_zone.or_default(stored.time_zone),
            always_open: patch.always_open.or_default(stored.always_open),
            weekly: patch.weekly.or_default(stored.weekly),
            holidays: patch.holidays.or_default(stored.holidays),
        },
    )
}

/// The stored calendar's document.
pub fn calendar_body(stored: &db::sla::Calendar) -> Result<CalendarBody, ApiError> {
    from_json(&stored.definition)
}

/// The stored calendar as the SLA engine's calendar.
pub fn business_calendar(stored: &db::sla::Calendar) -> Result<BusinessCalendar, ApiError> {
    input::calendar("/calendar", &calendar_body(stored)?)
}

fn tiers(v: &mut Violations, list: &[String]) -> Vec<Tier> {
    let mut out = Vec::new();
    for (i, raw) in list.iter().enumerate() {
        if let Some(tier) = v.check(Tier::parse(&format!("/conditions/tiers/{i}"), raw)) {
            if !out.contains(&tier) {
                out.push(tier);
            }
        }
    }
    out
}

fn priorities(v: &mut Violations, list: &[String]) -> Vec<Priority> {
    let mut out = Vec::new();
    for (i, raw) in list.iter().enumerate() {
        let pointer = format!("/conditions/priorities/{i}");
        if let Some(priority) = v.check(Priority::parse(&pointer, raw)) {
            if !out.contains(&priority) {
                out.push(priority);
            }
        }
    }
    out
}

/// Channels are short lower-case names (`email`, `phone`, `portal`, `chat`…).
fn channels(v: &mut Violations, list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, raw) in list.iter().enumerate() {
        let value = raw.trim().to_lowercase();
        if value.is_empty()
            || value.len() > 40
            || !value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            v.push(FieldError::new(
                format!("/conditions/channels/{i}"),
                "invalid_channel",
                "a channel is 1 to 40 letters, digits, - or _",
            ));
        } else if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

fn categories(v: &mut Violations, list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, raw) in list.iter().enumerate() {
        let pointer = format!("/conditions/categories/{i}");
        if let Some(value) = v.check(domain::text::required(&pointer, raw, 100)) {
            if !out.contains(&value) {
                out.push(value);
            }
        }
    }
    out
}

fn conditions(v: &mut Violations, body: &PolicyConditionsBody) -> PolicyConditions {
    PolicyConditions {
        tiers: tiers(v, &body.tiers),
        channels: channels(v, &body.channels),
        categories: categories(v, &body.categories),
        priorities: priorities(v, &body.priorities),
        has_contract: body.has_contract,
    }
}

fn conditions_body(conditions: &PolicyConditions) -> PolicyConditionsBody {
    PolicyConditionsBody {
        tiers: conditions
            .tiers
            .iter()
            .map(|t| t.as_str().to_owned())
            .collect(),
        channels: conditions.channels.clone(),
        categories: conditions.categories.clone(),
        priorities: conditions
            .priorities
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect(),
        has_contract: conditions.has_contract,
    }
}

/// The escalations as the engine runs them; each broken rule goes into `v`.
fn escalations(v: &mut Violations, list: &[PolicyEscalation]) -> Vec<Escalation> {
    if list.len() > MAX_ESCALATIONS {
        v.push(FieldError::new(
            "/escalations",
            "too_many",
            format!("a policy holds at most {MAX_ESCALATIONS} escalations"),
        ));
    }
    let mut checked = Vec::with_capacity(list.len());
    for (i, e) in list.iter().enumerate() {
        let at = |field: &str| format!("/escalations/{i}/{field}");
        let on = v.check(Trigger::parse(&at("on"), &e.on));
        let clock = v.check_opt(e.clock.as_deref(), |c| ClockKind::parse(&at("clock"), c));
        let team_id = v.check_opt(e.team_id.as_deref(), |t| {
            TeamId::parse(&at("team_id"), t.trim())
        });
        let notify_user_id = v.check_opt(e.notify_user_id.as_deref(), |u| {
            UserId::parse(&at("notify_user_id"), u.trim())
        });
        if let Some(on) = on {
            checked.push(Escalation {
                on,
                clock,
                raise_priority: e.raise_priority,
                team_id,
                notify_user_id,
            });
        }
    }
    checked
}

fn escalation_body(e: &Escalation) -> PolicyEscalation {
    PolicyEscalation {
        on: e.on.as_str().to_owned(),
        clock: e.clock.map(|c| c.as_str().to_owned()),
        raise_priority: e.raise_priority,
        team_id: e.team_id.map(|t| t.to_string()),
        notify_user_id: e.notify_user_id.map(|u| u.to_string()),
    }
}

/// A validated policy: the columns and the document to store.
pub fn policy(body: CreatePolicy) -> Result<db::sla::PolicyFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(domain::text::required("/name", &body.name, 100));
    let description = v.check(domain::text::optional(
        "/description",
        body.description.as_deref().unwrap_or(""),
        1000,
    ));
    let calendar_id = v.check(SlaCalendarId::parse(
        "/calendar_id",
        body.calendar_id.trim(),
    ));
    if body.position.is_some_and(|p| p < 0) {
        v.push(FieldError::new(
            "/position",
            "out_of_range",
            "must be 0 or more",
        ));
    }
    let conditions = conditions(&mut v, &body.conditions);
    let escalations = escalations(&mut v, &body.escalations);
    let targets = gather(
        &mut v,
        input::policy_targets(
            &body.targets,
            body.warning_percent,
            body.pausing_statuses.as_deref(),
        ),
    )?;
    if body.targets.iter().all(|t| {
        t.first_response_minutes.is_none()
            && t.next_response_minutes.is_none()
            && t.resolution_minutes.is_none()
    }) {
        v.push(FieldError::new(
            "/targets",
            "no_targets",
            "give at least one target for at least one priority",
        ));
    }
    let (name, (description, (calendar_id, targets))) =
        finish(v, name.zip(description.zip(calendar_id.zip(targets))))?;
    let document = PolicyDocument {
        description,
        conditions: conditions_body(&conditions),
        targets: targets
            .by_priority
            .iter()
            .filter(|(_, t)| {
                t.first_response.is_some() || t.next_response.is_some() || t.resolution.is_some()
            })
            .map(|(priority, t)| PriorityTargets {
                priority: priority.as_str().to_owned(),
                first_response_minutes: t.first_response.map(|d| d.num_minutes()),
                next_response_minutes: t.next_response.map(|d| d.num_minutes()),
                resolution_minutes: t.resolution.map(|d| d.num_minutes()),
            })
            .collect(),
        warning_percent: targets.warn_per_mille / 10,
        pausing_statuses: targets.pausing_statuses,
        escalations: escalations.iter().map(escalation_body).collect(),
    };
    let references = (
        escalations.iter().filter_map(|e| e.team_id).collect(),
        escalations
            .iter()
            .filter_map(|e| e.notify_user_id)
            .collect(),
    );
    Ok(db::sla::PolicyFields {
        name,
        calendar_id,
        position: body.position,
        definition: to_json(&document)?,
        references,
    })
}

/// The stored policy with `patch` applied: given fields replace, `null` resets to the default.
pub fn patched_policy(
    current: &db::sla::Policy,
    patch: UpdatePolicy,
    _caller: &Principal,
) -> Result<db::sla::PolicyFields, ApiError> {
    let stored = policy_document(current)?;
    let before = stored.escalations.clone();
    let moved = !patch.position.is_absent();
    let mut fields = policy(CreatePolicy {
        name: patch.name.or_default(current.name.clone()),
        description: patch.description.or(stored.description),
        calendar_id: patch
            .calendar_id
            .or_default(current.calendar_id.to_string()),
        position: patch.position.or(None),
        conditions: patch.conditions.or_default(stored.conditions),
        targets: patch.targets.or_default(stored.targets),
        warning_percent: patch.warning_percent.or(Some(stored.warning_percent)),
        pausing_statuses: patch.pausing_statuses.or(Some(stored.pausing_statuses)),
        escalations: patch.escalations.or_default(stored.escalations),
    })?;
    if !moved {
        fields.position = None;
    }
    // Only what the change names anew must exist: a team deleted since the policy named it
    // does not block other changes (the sweep passes it over).
    let kept = |team: &domain::TeamId| {
        before
            .iter()
            .any(|e| e.team_id.as_deref() == Some(team.to_string().as_str()))
    };
    let known = |user: &domain::UserId| {
        before
            .iter()
            .any(|e| e.notify_user_id.as_deref() == Some(user.to_string().as_str()))
    };
    fields.references.0.retain(|t| !kept(t));
    fields.references.1.retain(|u| !known(u));
    Ok(fields)
}

/// The stored policy's document.
pub fn policy_document(stored: &db::sla::Policy) -> Result<PolicyDocument, ApiError> {
    from_json(&stored.definition)
}

/// The stored policy as the SLA engine's policy.
pub fn sla_policy(stored: &db::sla::Policy) -> Result<SlaPolicy, ApiError> {
    let document = policy_document(stored)?;
    let mut v = Violations::new();
    let conditions = conditions(&mut v, &document.conditions);
    let targets = input::policy_targets(
        &document.targets,
        Some(document.warning_percent),
        Some(&document.pausing_statuses),
    )?;
    let escalations = escalations(&mut v, &document.escalations);
    finish(v, Some(()))?;
    Ok(SlaPolicy {
        name: stored.name.clone(),
        conditions,
        targets,
        escalations,
    })
}

fn to_json<T: Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| ApiError::Internal(e.to_string()))
}

fn from_json<T: for<'de> Deserialize<'de>>(raw: &str) -> Result<T, ApiError> {
    serde_json::from_str(raw).map_err(|e| ApiError::Internal(format!("stored SLA document: {e}")))
}
