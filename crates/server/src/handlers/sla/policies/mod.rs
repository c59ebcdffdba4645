//! `/api/v1/sla/policies`: SLA policies, in the order they are evaluated (admins and managers).

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod restore;
pub mod update;

use api_types::sla::Policy as PolicyBody;
use db::sla::Policy;
use db::AnyConnection;
use domain::OrgId;

use super::documents;
use crate::error::ApiError;
use crate::kit::View;

impl View for Policy {
    type Body = PolicyBody;

    fn view(_: &mut AnyConnection, _: OrgId, policy: &Policy) -> Result<PolicyBody, ApiError> {
        let document = documents::policy_document(policy)?;
        Ok(PolicyBody {
            id: policy.id.to_string(),
            name: policy.name.clone(),
            description: document.description,
            calendar_id: policy.calendar_id.to_string(),
            position: policy.position,
            conditions: document.conditions,
            targets: document.targets,
            warning_percent: document.warning_percent,
            pausing_statuses: document.pausing_statuses,
            escalations: document.escalations,
            created_at: policy.created_at,
            updated_at: policy.updated_at,
            deleted_at: policy.deleted_at,
            version: policy.version,
        })
    }
}
