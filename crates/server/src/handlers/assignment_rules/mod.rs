//! `/api/v1/assignment-rules`: who receives new leads, in the order the rules are tried
//! (admins and managers change them; everyone in sales reads them).

pub mod create;
pub mod delete;
pub mod get;
pub mod input;
pub mod list;
pub mod restore;
pub mod update;

use api_types::assignment::{AssignmentRule as RuleBody, RuleConditions};
use db::assignment_rules::AssignmentRule;
use db::AnyConnection;
use domain::assignment::AssignTo;
use domain::OrgId;
use domain::Permission::{ManageSales, ReadSales};

use crate::auth::{Access::Permission as Can, Routes};
use crate::error::ApiError;
use crate::kit::View;

/// The assignment-rule routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_assignment_rules, Can(ReadSales))
        .add(create::create_assignment_rule, Can(ManageSales))
        .add(get::get_assignment_rule, Can(ReadSales))
        .add(update::update_assignment_rule, Can(ManageSales))
        .add(delete::delete_assignment_rule, Can(ManageSales))
        .add(restore::restore_assignment_rule, Can(ManageSales));
}

impl View for AssignmentRule {
    type Body = RuleBody;

    fn view(_: &mut AnyConnection, _: OrgId, rule: &AssignmentRule) -> Result<RuleBody, ApiError> {
        Ok(body(rule))
    }
}

/// A rule as a response body.
pub fn body(rule: &AssignmentRule) -> RuleBody {
    let f = &rule.fields;
    let c = &f.conditions;
    let names = |list: Vec<&'static str>| list.into_iter().map(str::to_owned).collect();
    RuleBody {
        id: rule.id.to_string(),
        name: f.name.clone(),
        position: rule.position(),
        active: f.active,
        conditions: RuleConditions {
            sources: names(c.sources.iter().map(|s| s.as_str()).collect()),
            countries: c.countries.clone(),
            industries: c.industries.clone(),
            company_sizes: names(c.company_sizes.iter().map(|s| s.as_str()).collect()),
            territory_ids: c.territory_ids.iter().map(ToString::to_string).collect(),
        },
        assign_to: f.assign_to.kind().as_str().to_owned(),
        user_id: match f.assign_to {
            AssignTo::User(user) => Some(user.to_string()),
            _ => None,
        },
        team_id: match f.assign_to {
            AssignTo::Team(team) => Some(team.to_string()),
            _ => None,
        },
        created_at: rule.created_at,
        updated_at: rule.updated_at,
        deleted_at: rule.deleted_at,
        version: rule.version,
    }
}
