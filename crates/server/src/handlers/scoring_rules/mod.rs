//! `/api/v1/scoring-rules`: what earns a lead points (admins and managers change them;
//! everyone in sales reads them).

pub mod create;
pub mod delete;
pub mod get;
pub mod input;
pub mod list;
pub mod restore;
pub mod update;

use api_types::scoring::ScoringRule as RuleBody;
use db::scoring_rules::StoredScoringRule;
use db::AnyConnection;
use domain::scoring::Criterion;
use domain::OrgId;
use domain::Permission::{ManageSales, ReadSales};

use crate::auth::{Access::Permission as Can, Routes};
use crate::error::ApiError;
use crate::kit::View;

/// The scoring-rule routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_scoring_rules, Can(ReadSales))
        .add(create::create_scoring_rule, Can(ManageSales))
        .add(get::get_scoring_rule, Can(ReadSales))
        .add(update::update_scoring_rule, Can(ManageSales))
        .add(delete::delete_scoring_rule, Can(ManageSales))
        .add(restore::restore_scoring_rule, Can(ManageSales));
}

impl View for StoredScoringRule {
    type Body = RuleBody;

    fn view(
        _: &mut AnyConnection,
        _: OrgId,
        rule: &StoredScoringRule,
    ) -> Result<RuleBody, ApiError> {
        Ok(body(rule))
    }
}

/// A rule as a response body.
pub fn body(rule: &StoredScoringRule) -> RuleBody {
    let f = &rule.fields;
    let (field, values, event, half_life_days) = match &f.criterion {
        Criterion::Field { field, values } => {
            (Some(field.as_str().to_owned()), values.clone(), None, None)
        }
        Criterion::Event {
            event,
            half_life_days,
        } => (
            None,
            Vec::new(),
            Some(event.as_str().to_owned()),
            *half_life_days,
        ),
    };
    RuleBody {
        id: rule.id.to_string(),
        name: f.name.clone(),
        active: f.active,
        field,
        values,
        event,
        half_life_days,
        points: f.points,
        created_at: rule.created_at,
        updated_at: rule.updated_at,
        deleted_at: rule.deleted_at,
        version: rule.version,
    }
}
