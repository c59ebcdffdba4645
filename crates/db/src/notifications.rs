//! What each staff user is told: assignments, mentions, SLA warnings and breaches.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::outbound::TemplateKind;
use domain::{ActivityId, LeadId, NotificationId, OrgId, TicketId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::Record;
use crate::schema::notifications;

/// A notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Its id.
    pub id: NotificationId,
    /// Who is told.
    pub user_id: UserId,
    /// `assigned`, `mentioned`, `sla_warning`, `sla_breached`, `lead_assigned` or `reminder`.
    pub kind: String,
    /// The ticket it is about.
    pub ticket_id: Option<TicketId>,
    /// The lead it is about.
    pub lead_id: Option<LeadId>,
    /// The activity it is about (a reminder).
    pub activity_id: Option<ActivityId>,
    /// What happened, for people.
    pub message: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When the user read it.
    pub read_at: Option<DateTime<Utc>>,
}

/// Newest first.
pub const SORTS: Sorts = Sorts {
    options: &[("created_at", SortKey::Created)],
    default: (SortKey::Created, true),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = notifications)]
struct NotificationRow {
    id: Vec<u8>,
    user_id: Vec<u8>,
    kind: String,
    ticket_id: Option<Vec<u8>>,
    lead_id: Option<Vec<u8>>,
    activity_id: Option<Vec<u8>>,
    message: String,
    created_at: NaiveDateTime,
    read_at: Option<NaiveDateTime>,
}

impl Positioned for NotificationRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, _key: SortKey) -> KeyValue {
        KeyValue::None
    }
}

fn to_notification(row: NotificationRow) -> Notification {
    Notification {
        id: id(&row.id),
        user_id: id(&row.user_id),
        kind: row.kind,
        ticket_id: opt_id(row.ticket_id.as_ref()),
        lead_id: opt_id(row.lead_id.as_ref()),
        activity_id: opt_id(row.activity_id.as_ref()),
        message: row.message,
        created_at: from_db(row.created_at),
        read_at: row.read_at.map(from_db),
    }
}

impl Record for Notification {
    type Kind = kind::Notification;
    const TABLE: &'static str = "notifications";
    const SOFT_DELETE: bool = false;

    fn read(conn: &mut AnyConnection, org: OrgId, notification: NotificationId) -> Result<Self> {
        let row: NotificationRow = notifications::table
            .filter(notifications::org_id.eq(bytes(&org)))
            .filter(notifications::id.eq(bytes(&notification)))
            .select(NotificationRow::as_select())
            .first(conn)?;
        Ok(to_notification(row))
    }

    fn version(&self) -> i64 {
        1
    }

    fn is_deleted(&self) -> bool {
        false
    }

    fn trash(
        _conn: &mut AnyConnection,
        _org: OrgId,
        _id: NotificationId,
        _expected: Option<i64>,
        _deleted: bool,
        _now: DateTime<Utc>,
    ) -> Result<()> {
        Err(Error::Conflict("notifications_are_kept"))
    }
}

/// The record a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    /// A ticket.
    Ticket(TicketId),
    /// A lead.
    Lead(LeadId),
    /// An activity.
    Activity(ActivityId),
}

/// Tells `user` about something that happened to a record, and queues it as a mail when the
/// user has that kind emailed (and the organization sends mail).
pub fn notify(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    kind: &str,
    about: About,
    message: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let (ticket, lead, activity) = match about {
        About::Ticket(t) => (Some(t), None, None),
        About::Lead(l) => (None, Some(l), None),
        About::Activity(a) => (None, None, Some(a)),
    };
    let notification = NotificationId::mint();
    diesel::insert_into(notifications::table)
        .values((
            notifications::org_id.eq(bytes(&org)),
            notifications::id.eq(bytes(&notification)),
            notifications::user_id.eq(bytes(&user)),
            notifications::kind.eq(kind),
            notifications::ticket_id.eq(ticket.as_ref().map(bytes)),
            notifications::lead_id.eq(lead.as_ref().map(bytes)),
            notifications::activity_id.eq(activity.as_ref().map(bytes)),
            notifications::message.eq(message),
            notifications::created_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    let template = TemplateKind::of_notification(kind);
    if let Some(template) = template {
        if crate::users::email_notifications(conn, org, user)?
            .iter()
            .any(|k| k == kind)
        {
            let about = crate::outbound_emails::About {
                kind: template,
                // Staff mail stays out of the ticket's thread: the notification names it.
                ticket_id: None,
                ticket_message_id: None,
                user_id: Some(user),
                notification_id: Some(notification),
            };
            crate::outbound_emails::queue(conn, org, &about, now)?;
        }
    }
    Ok(())
}

/// One page of a user's notifications, only the unread ones when asked.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    unread_only: bool,
    params: &ListParams,
) -> Result<Page<Notification>> {
    let build = || {
        let mut query = notifications::table
            .filter(notifications::org_id.eq(bytes(&org)))
            .filter(notifications::user_id.eq(bytes(&user)))
            .select(NotificationRow::as_select())
            .into_boxed();
        if unread_only {
            query = query.filter(notifications::read_at.is_null());
        }
        query
    };
    let page = list::load_page::<Notification, _, _>(conn, build, None, params)?;
    Ok(page.map(to_notification))
}

/// Marks the user's notifications read: those named, or all. Returns how many changed.
pub fn mark_read(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    ids: Option<&[NotificationId]>,
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut update = diesel::update(notifications::table)
        .filter(notifications::org_id.eq(bytes(&org)))
        .filter(notifications::user_id.eq(bytes(&user)))
        .filter(notifications::read_at.is_null())
        .into_boxed();
    if let Some(ids) = ids {
        update = update.filter(notifications::id.eq_any(ids.iter().map(bytes)));
    }
    Ok(update
        .set(notifications::read_at.eq(to_db(now)))
        .execute(conn)?)
}
