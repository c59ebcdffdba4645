//! Turning assignment-rule request bodies into validated domain fields.

use api_types::assignment::{CreateAssignmentRule, RuleConditions, UpdateAssignmentRule};
use db::assignment_rules::AssignmentRule;
use domain::assignment::{AssignKind, AssignTo, Conditions, RuleFields};
use domain::lead::{CompanySize, LeadSource};
use domain::text;
use domain::validation::list;
use domain::{FieldError, TeamId, TerritoryId, UserId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;

fn conditions(v: &mut Violations, body: &RuleConditions) -> Option<Conditions> {
    let words = |pointer: &str, raw: &str| text::required(pointer, raw, 100);
    let sources = v.check(list(
        "/conditions/sources",
        &body.sources,
        11,
        LeadSource::parse,
    ));
    let countries = v.check(list(
        "/conditions/countries",
        &body.countries,
        250,
        text::country_code,
    ));
    let industries = v.check(list("/conditions/industries", &body.industries, 100, words));
    let company_sizes = v.check(list(
        "/conditions/company_sizes",
        &body.company_sizes,
        6,
        CompanySize::parse,
    ));
    let territory_ids = v.check(list(
        "/conditions/territory_ids",
        &body.territory_ids,
        100,
        TerritoryId::parse,
    ));
    Some(Conditions {
        sources: sources?,
        countries: countries?,
        industries: industries?,
        company_sizes: company_sizes?,
        territory_ids: territory_ids?,
    })
}

/// The user or team a rule names, present exactly when its kind needs it.
fn assign_to(
    v: &mut Violations,
    kind: Option<AssignKind>,
    user: Option<String>,
    team: Option<String>,
) -> Option<AssignTo> {
    let needed =
        |pointer: &str| FieldError::new(pointer, "required", "this kind of rule names one");
    let unwanted = |pointer: &str| {
        FieldError::new(pointer, "not_allowed", "only a rule of that kind names one")
    };
    let kind = kind?;
    if kind != AssignKind::User && user.is_some() {
        v.push(unwanted("/user_id"));
    }
    if kind != AssignKind::Team && team.is_some() {
        v.push(unwanted("/team_id"));
    }
    match kind {
        AssignKind::User => match user {
            Some(raw) => v.check(UserId::parse("/user_id", &raw)).map(AssignTo::User),
            None => {
                v.push(needed("/user_id"));
                None
            }
        },
        AssignKind::Team => match team {
            Some(raw) => v.check(TeamId::parse("/team_id", &raw)).map(AssignTo::Team),
            None => {
                v.push(needed("/team_id"));
                None
            }
        },
        AssignKind::Territory => Some(AssignTo::Territory),
    }
}

/// Validates a whole rule.
pub fn parse(body: CreateAssignmentRule) -> Result<RuleFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::required("/name", &body.name, 100));
    if body.position.is_some_and(|p| p < 0) {
        v.push(FieldError::new(
            "/position",
            "out_of_range",
            "must be 0 or more",
        ));
    }
    let conditions = conditions(&mut v, &body.conditions);
    let kind = v.check(AssignKind::parse("/assign_to", &body.assign_to));
    let assign_to = assign_to(&mut v, kind, body.user_id, body.team_id);
    v.finish(|| {
        Some(RuleFields {
            name: name?,
            position: body.position,
            active: body.active.unwrap_or(true),
            conditions: conditions?,
            assign_to: assign_to?,
        })
    })
    .map_err(ApiError::from)
}

/// The fields of `current` with `patch` applied, validated exactly like a creation; the
/// position stays unless the patch moves it.
pub fn merge(
    current: &AssignmentRule,
    patch: UpdateAssignmentRule,
    _caller: &Principal,
) -> Result<RuleFields, ApiError> {
    let now = super::body(current);
    let kind_changes = patch
        .assign_to
        .as_ref()
        .is_some_and(|k| *k != now.assign_to);
    // A rule changing kind drops the user or team of its old kind unless the patch names one.
    let (user, team) = if kind_changes {
        (patch.user_id.or(None), patch.team_id.or(None))
    } else {
        (patch.user_id.or(now.user_id), patch.team_id.or(now.team_id))
    };
    let mut fields = parse(CreateAssignmentRule {
        name: patch.name.unwrap_or(now.name),
        position: patch.position,
        active: Some(patch.active.unwrap_or(now.active)),
        conditions: patch.conditions.unwrap_or(now.conditions),
        assign_to: patch.assign_to.unwrap_or(now.assign_to),
        user_id: user,
        team_id: team,
    })?;
    fields.position = patch.position;
    Ok(fields)
}
