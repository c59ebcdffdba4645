//! `/api/v1/sla`: business calendars and SLA policies.

use api_types::sla::{Calendar, CreateCalendar, UpdateCalendar};

use super::Resource;

impl Resource for Calendar {
    const PATH: &'static str = "sla/calendars";
    const KIND: &'static str = "calendar";
    const TITLE: &'static str = "Business calendars";
    const WRITE: domain::Permission = domain::Permission::ManageSla;
    type Create = CreateCalendar;
    type Update = UpdateCalendar;
    type Filters = ();

    fn id(&self) -> &str {
        &self.id
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }
}

impl Resource for api_types::sla::Policy {
    const PATH: &'static str = "sla/policies";
    const KIND: &'static str = "policy";
    const TITLE: &'static str = "SLA policies";
    const WRITE: domain::Permission = domain::Permission::ManageSla;
    type Create = api_types::sla::CreatePolicy;
    type Update = api_types::sla::UpdatePolicy;
    type Filters = ();

    fn id(&self) -> &str {
        &self.id
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }
}

/// Every live calendar (for choosing a policy's and naming it), by name.
pub async fn calendars(session: &super::Session) -> Result<Vec<Calendar>, super::ApiError> {
    let list = api_types::ListQuery {
        limit: Some(100),
        ..Default::default()
    };
    Ok(super::list::<Calendar>(session, &list, &()).await?.items)
}

/// Runs a ticket's life against a policy.
pub async fn simulate(
    session: &super::Session,
    request: &api_types::sla::SimulateRequest,
) -> Result<api_types::sla::SimulateResponse, super::ApiError> {
    Ok(
        super::call(session, "POST", "/api/v1/sla/simulate", Some(request), None)
            .await?
            .body,
    )
}

/// Moves a policy to `position` in the evaluation order, if still at the version shown.
pub async fn move_policy(
    session: &super::Session,
    policy: &api_types::sla::Policy,
    position: i64,
) -> Result<(), super::ApiError> {
    let change = api_types::sla::UpdatePolicy {
        position: api_types::Patch::Value(position),
        ..Default::default()
    };
    let etag = format!("\"{}\"", policy.version);
    super::update::<api_types::sla::Policy>(session, &policy.id, &etag, &change).await?;
    Ok(())
}
