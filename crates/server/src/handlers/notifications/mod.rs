//! `/api/v1/notifications`: what the signed-in user is told.

pub mod list;
pub mod read;

use api_types::jobs::Notification as NotificationBody;
use db::notifications::Notification;
use db::AnyConnection;
use domain::OrgId;

use crate::auth::{Access::Staff, Routes};
use crate::error::ApiError;
use crate::kit::View;

/// The notification routes: every staff user reads their own.
pub fn routes(r: &mut Routes) {
    r.add(list::list_notifications, Staff)
        .add(read::mark_notifications_read, Staff);
}

impl View for Notification {
    type Body = NotificationBody;

    fn view(
        _: &mut AnyConnection,
        _: OrgId,
        n: &Notification,
    ) -> Result<NotificationBody, ApiError> {
        Ok(NotificationBody {
            id: n.id.to_string(),
            kind: n.kind.clone(),
            ticket_id: n.ticket_id.map(|t| t.to_string()),
            lead_id: n.lead_id.map(|l| l.to_string()),
            activity_id: n.activity_id.map(|a| a.to_string()),
            message: n.message.clone(),
            created_at: n.created_at,
            read_at: n.read_at,
        })
    }
}
