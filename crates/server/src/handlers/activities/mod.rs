//! `/api/v1/activities`: tasks, calls, meetings and logged emails on records; the timelines of
//! records; "my tasks"; and each user's calendar feed. Everyone reads; all but read-only
//! users and marketing write (agents log calls on tickets).

pub mod calendar;
pub mod crud;
pub mod input;
pub mod tasks;
pub mod timeline;

use api_types::activities::{Activity as ActivityBody, AttendeeBody};
use db::activities::Activity;
use db::AnyConnection;
use domain::activity::Attendee;
use domain::OrgId;
use domain::Permission::{ReadCustomers, WriteTickets};

use crate::auth::{Access, Access::Permission as Can, Routes};
use crate::error::ApiError;
use crate::kit::View;

/// The activity routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(crud::list_activities, Can(ReadCustomers))
        .add(crud::create_activity, Can(WriteTickets))
        .add(crud::get_activity, Can(ReadCustomers))
        .add(crud::update_activity, Can(WriteTickets))
        .add(crud::delete_activity, Can(WriteTickets))
        .add(crud::restore_activity, Can(WriteTickets))
        .add(tasks::my_tasks, Can(ReadCustomers))
        .add(calendar::create_calendar_feed, Access::Staff)
        .add(calendar::delete_calendar_feed, Access::Staff)
        .add(calendar::calendar_feed, Access::Public);
    timeline::routes(r);
}

/// An activity as the API shows it.
pub fn body(a: &Activity) -> ActivityBody {
    let f = &a.fields;
    let text = |s: Option<&'static str>| s.map(str::to_owned);
    ActivityBody {
        id: a.id.to_string(),
        kind: f.kind.as_str().to_owned(),
        subject: f.subject.clone(),
        description: f.description.clone(),
        account_id: f.links.account_id.map(|i| i.to_string()),
        contact_id: f.links.contact_id.map(|i| i.to_string()),
        lead_id: f.links.lead_id.map(|i| i.to_string()),
        opportunity_id: f.links.opportunity_id.map(|i| i.to_string()),
        ticket_id: f.links.ticket_id.map(|i| i.to_string()),
        assignee_id: f.assignee_id.to_string(),
        status: f.status.as_str().to_owned(),
        priority: text(f.priority.map(|p| p.as_str())),
        due_at: f.due_at,
        reminder_at: f.reminder_at,
        direction: text(f.direction.map(|d| d.as_str())),
        occurred_at: f.occurred_at,
        duration_seconds: f.duration_seconds,
        outcome: text(f.outcome.map(|o| o.as_str())),
        starts_at: f.starts_at,
        ends_at: f.ends_at,
        location: f.location.clone(),
        attendees: f
            .attendees
            .iter()
            .map(|a| match a {
                Attendee::User(u) => AttendeeBody {
                    user_id: Some(u.to_string()),
                    contact_id: None,
                },
                Attendee::Contact(c) => AttendeeBody {
                    user_id: None,
                    contact_id: Some(c.to_string()),
                },
            })
            .collect(),
        at: f.placed_at(a.created_at),
        completed_at: a.completed_at,
        created_by: a.created_by.map(|u| u.to_string()),
        created_at: a.created_at,
        updated_at: a.updated_at,
        deleted: a.deleted,
        version: a.version,
    }
}

impl View for Activity {
    type Body = ActivityBody;

    fn view(
        _conn: &mut AnyConnection,
        _org: OrgId,
        a: &Activity,
    ) -> Result<ActivityBody, ApiError> {
        Ok(body(a))
    }
}
