//! `/api/v1/sla/policies`: SLA policies, in the order they are evaluated (admins and managers).

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod restore;
pub mod update;

use api_types::sla::Policy;

use super::documents;
use crate::error::ApiError;

/// A stored policy as a response body.
pub fn view(policy: &db::sla::Policy) -> Result<Policy, ApiError> {
    let document = documents::policy_document(policy)?;
    Ok(Policy {
        id: policy.id.to_string(),
        name: policy.name.clone(),
        description: document.description,
        calendar_id: policy.calendar_id.to_string(),
        position: policy.position,
        conditions: document.conditions,
        targets: document.targets,
        warning_percent: document.warning_percent,
        pausing_statuses: document.pausing_statuses,
        created_at: policy.created_at,
        updated_at: policy.updated_at,
        deleted_at: policy.deleted_at,
        version: policy.version,
    })
}
