//! Turning scoring-rule request bodies into validated domain fields.

use api_types::scoring::{CreateScoringRule, UpdateScoringRule};
use db::scoring_rules::StoredScoringRule;
use domain::scoring::{
    Criterion, ScoreEvent, ScoreField, ScoringRuleFields, MAX_HALF_LIFE_DAYS, MAX_POINTS,
};
use domain::text;
use domain::validation::list;
use domain::{FieldError, Violations};

use crate::auth::Principal;
use crate::error::ApiError;

fn criterion(v: &mut Violations, body: &CreateScoringRule) -> Option<Criterion> {
    let not_allowed = |pointer: &str, why: &str| FieldError::new(pointer, "not_allowed", why);
    match (&body.field, &body.event) {
        (Some(_), Some(_)) => {
            v.push(not_allowed(
                "/event",
                "a rule reads a field or counts an event, not both",
            ));
            None
        }
        (None, None) => {
            v.push(FieldError::new(
                "/field",
                "required",
                "a rule reads a field or counts an event",
            ));
            None
        }
        (Some(field), None) => {
            let field = v.check(ScoreField::parse("/field", field));
            if body.half_life_days.is_some() {
                v.push(not_allowed("/half_life_days", "only event points fade"));
            }
            let words = |pointer: &str, raw: &str| text::required(pointer, raw, 100);
            let values = v.check(list("/values", &body.values, 100, words));
            if field.is_some_and(|f| !f.takes_values()) && !body.values.is_empty() {
                v.push(not_allowed(
                    "/values",
                    "this field takes no values: the lead has it or not",
                ));
            }
            Some(Criterion::Field {
                field: field?,
                values: values?,
            })
        }
        (None, Some(event)) => {
            let event = v.check(ScoreEvent::parse("/event", event));
            if !body.values.is_empty() {
                v.push(not_allowed(
                    "/values",
                    "an event rule counts events; it takes no values",
                ));
            }
            let half_life_days = match body.half_life_days {
                Some(days) if !(1..=MAX_HALF_LIFE_DAYS).contains(&days) => {
                    v.push(FieldError::new(
                        "/half_life_days",
                        "out_of_range",
                        format!("must be 1 to {MAX_HALF_LIFE_DAYS}"),
                    ));
                    None
                }
                other => Some(other),
            };
            Some(Criterion::Event {
                event: event?,
                half_life_days: half_life_days?,
            })
        }
    }
}

/// Validates a whole rule.
pub fn parse(body: CreateScoringRule) -> Result<ScoringRuleFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::required("/name", &body.name, 100));
    let criterion = criterion(&mut v, &body);
    if !(-MAX_POINTS..=MAX_POINTS).contains(&body.points) {
        v.push(FieldError::new(
            "/points",
            "out_of_range",
            format!("must be -{MAX_POINTS} to {MAX_POINTS}"),
        ));
    }
    v.finish(|| {
        Some(ScoringRuleFields {
            name: name?,
            active: body.active.unwrap_or(true),
            criterion: criterion?,
            points: body.points,
        })
    })
    .map_err(ApiError::from)
}

/// The fields of `current` with `patch` applied, validated exactly like a creation. Naming a
/// field makes an event rule a field rule, and the other way round.
pub fn merge(
    current: &StoredScoringRule,
    patch: UpdateScoringRule,
    _caller: &Principal,
) -> Result<ScoringRuleFields, ApiError> {
    let now = super::body(current);
    let (field, event, half_life) = match (&patch.field, &patch.event) {
        (api_types::Patch::Value(_), api_types::Patch::Absent) => {
            (patch.field.or(None), None, patch.half_life_days.or(None))
        }
        (api_types::Patch::Absent, api_types::Patch::Value(_)) => (
            None,
            patch.event.or(None),
            patch.half_life_days.or(now.half_life_days),
        ),
        _ => (
            patch.field.or(now.field),
            patch.event.or(now.event),
            patch.half_life_days.or(now.half_life_days),
        ),
    };
    let values = match patch.values {
        Some(values) => values,
        None if event.is_some() => Vec::new(),
        None => now.values,
    };
    parse(CreateScoringRule {
        name: patch.name.unwrap_or(now.name),
        active: Some(patch.active.unwrap_or(now.active)),
        field,
        values,
        event,
        half_life_days: half_life,
        points: patch.points.unwrap_or(now.points),
    })
}
