//! The mail Rapport sends: each queued with its job in the transaction of the change it tells
//! of, its Message-ID fixed then, and what became of it.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::outbound::{outbound_message_id, TemplateKind};
use domain::{JobId, MessageId, NotificationId, OrgId, TicketId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::jobs::{self, NewJob};
use crate::schema::{inbound_emails, outbound_emails};

/// The job kind that sends one mail.
pub const SEND: &str = "mail.send";

/// How often a delivery is tried: with the jobs' backoff, over about a day.
const ATTEMPTS: i64 = 12;

/// What a queued mail is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    /// Its kind (and template).
    pub kind: TemplateKind,
    /// The ticket it tells of.
    pub ticket_id: Option<TicketId>,
    /// The reply it carries.
    pub ticket_message_id: Option<MessageId>,
    /// The user it goes to (staff mail).
    pub user_id: Option<UserId>,
    /// The notification it repeats (staff mail).
    pub notification_id: Option<NotificationId>,
}

/// A mail, queued or sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundEmail {
    /// Its id, the id of the job that sends it.
    pub id: JobId,
    /// What it is about.
    pub about: About,
    /// Its Message-ID, without angle brackets.
    pub message_id: String,
    /// Whom it went to, once known.
    pub recipient: Option<String>,
    /// Its subject, once rendered.
    pub subject: Option<String>,
    /// `queued`, `sent`, `failed` (given up) or `skipped` (nobody to send it to).
    pub status: String,
    /// Why it failed or was skipped.
    pub detail: Option<String>,
    /// Queued.
    pub created_at: DateTime<Utc>,
    /// Accepted by the SMTP server.
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = outbound_emails)]
struct Row {
    id: Vec<u8>,
    kind: String,
    message_id: String,
    ticket_id: Option<Vec<u8>>,
    ticket_message_id: Option<Vec<u8>>,
    user_id: Option<Vec<u8>>,
    notification_id: Option<Vec<u8>>,
    recipient: Option<String>,
    subject: Option<String>,
    status: String,
    detail: Option<String>,
    created_at: NaiveDateTime,
    sent_at: Option<NaiveDateTime>,
}

fn to_email(row: Row) -> Result<OutboundEmail> {
    let kind = TemplateKind::parse(&row.kind)
        .ok_or_else(|| Error::Other(format!("stored mail kind {}", row.kind)))?;
    Ok(OutboundEmail {
        id: id(&row.id),
        about: About {
            kind,
            ticket_id: opt_id(row.ticket_id.as_ref()),
            ticket_message_id: opt_id(row.ticket_message_id.as_ref()),
            user_id: opt_id(row.user_id.as_ref()),
            notification_id: opt_id(row.notification_id.as_ref()),
        },
        message_id: row.message_id,
        recipient: row.recipient,
        subject: row.subject,
        status: row.status,
        detail: row.detail,
        created_at: from_db(row.created_at),
        sent_at: row.sent_at.map(from_db),
    })
}

/// Queues a mail, when the organization sends mail: its record and the job that sends it, in
/// the caller's transaction. Returns its id, or `None` when the organization sends no mail.
pub fn queue(
    conn: &mut AnyConnection,
    org: OrgId,
    about: &About,
    now: DateTime<Utc>,
) -> Result<Option<JobId>> {
    queue_with(conn, org, about, "{}", now)
}

/// [`queue`], with what the mail needs that no record keeps (the token of a one-time link) as
/// its job's `payload`, JSON; it is forgotten once the mail is sent, skipped or given up.
pub fn queue_with(
    conn: &mut AnyConnection,
    org: OrgId,
    about: &About,
    payload: &str,
    now: DateTime<Utc>,
) -> Result<Option<JobId>> {
    let from: Option<String> = crate::schema::mail_settings::table
        .filter(crate::schema::mail_settings::org_id.eq(bytes(&org)))
        .filter(crate::schema::mail_settings::enabled.eq(true))
        .select(crate::schema::mail_settings::from_address)
        .first(conn)
        .optional()?;
    let Some(from) = from else {
        return Ok(None);
    };
    let job = JobId::mint();
    diesel::insert_into(outbound_emails::table)
        .values((
            outbound_emails::org_id.eq(bytes(&org)),
            outbound_emails::id.eq(bytes(&job)),
            outbound_emails::kind.eq(about.kind.as_str()),
            outbound_emails::message_id.eq(outbound_message_id(&job.to_string(), &from)),
            outbound_emails::ticket_id.eq(about.ticket_id.as_ref().map(bytes)),
            outbound_emails::ticket_message_id.eq(about.ticket_message_id.as_ref().map(bytes)),
            outbound_emails::user_id.eq(about.user_id.as_ref().map(bytes)),
            outbound_emails::notification_id.eq(about.notification_id.as_ref().map(bytes)),
            outbound_emails::status.eq("queued"),
            outbound_emails::created_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    let send = NewJob {
        kind: SEND,
        payload: payload.to_owned(),
        run_at: now,
        max_attempts: ATTEMPTS,
        dedupe_key: None,
    };
    jobs::enqueue_as(conn, org, job, &send, now)?;
    Ok(Some(job))
}

/// One mail.
pub fn get(conn: &mut AnyConnection, org: OrgId, email: JobId) -> Result<OutboundEmail> {
    let row = outbound_emails::table
        .filter(outbound_emails::org_id.eq(bytes(&org)))
        .filter(outbound_emails::id.eq(bytes(&email)))
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    to_email(row)
}

/// The mail sent about a ticket, oldest first.
pub fn of_ticket(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
) -> Result<Vec<OutboundEmail>> {
    outbound_emails::table
        .filter(outbound_emails::org_id.eq(bytes(&org)))
        .filter(outbound_emails::ticket_id.eq(bytes(&ticket)))
        .order((outbound_emails::created_at, outbound_emails::id))
        .select(Row::as_select())
        .limit(500)
        .load(conn)?
        .into_iter()
        .map(to_email)
        .collect()
}

/// What became of a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery<'a> {
    /// `sent`, `failed` or `skipped`.
    pub status: &'static str,
    /// Whom it went to.
    pub recipient: Option<&'a str>,
    /// Its subject.
    pub subject: Option<&'a str>,
    /// Why it failed or was skipped.
    pub detail: Option<&'a str>,
}

/// Records what became of a mail.
pub fn record(
    conn: &mut AnyConnection,
    org: OrgId,
    email: JobId,
    delivery: &Delivery<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    diesel::update(outbound_emails::table)
        .filter(outbound_emails::org_id.eq(bytes(&org)))
        .filter(outbound_emails::id.eq(bytes(&email)))
        .set((
            outbound_emails::status.eq(delivery.status),
            outbound_emails::recipient.eq(delivery.recipient),
            outbound_emails::subject.eq(delivery.subject),
            outbound_emails::detail.eq(delivery.detail),
            outbound_emails::sent_at.eq((delivery.status == "sent").then(|| to_db(now))),
        ))
        .execute(conn)?;
    if delivery.status != "queued" {
        jobs::forget_payload(conn, org, email)?;
    }
    Ok(())
}

/// The Message-IDs of a ticket's mail both ways up to `until`, oldest first: what a reply's
/// `References` lists. At most the last `limit`.
pub fn thread(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    until: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<String>> {
    let received: Vec<(NaiveDateTime, String)> = inbound_emails::table
        .filter(inbound_emails::org_id.eq(bytes(&org)))
        .filter(inbound_emails::ticket_id.eq(bytes(&ticket)))
        .filter(inbound_emails::received_at.le(to_db(until)))
        .select((inbound_emails::received_at, inbound_emails::message_id))
        .load(conn)?;
    let sent: Vec<(NaiveDateTime, String)> = outbound_emails::table
        .filter(outbound_emails::org_id.eq(bytes(&org)))
        .filter(outbound_emails::ticket_id.eq(bytes(&ticket)))
        .filter(outbound_emails::status.eq_any(["queued", "sent"]))
        .filter(outbound_emails::created_at.le(to_db(until)))
        .select((outbound_emails::created_at, outbound_emails::message_id))
        .load(conn)?;
    let mut all: Vec<_> = received.into_iter().chain(sent).collect();
    all.sort();
    let skip = all.len().saturating_sub(limit);
    Ok(all.into_iter().skip(skip).map(|(_, m)| m).collect())
}

/// The tickets of those of `message_ids` that Rapport sent.
pub fn ticket_of(
    conn: &mut AnyConnection,
    org: OrgId,
    message_ids: &[String],
) -> Result<Vec<(String, TicketId)>> {
    if message_ids.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<(String, Vec<u8>)> = outbound_emails::table
        .filter(outbound_emails::org_id.eq(bytes(&org)))
        .filter(outbound_emails::message_id.eq_any(message_ids))
        .filter(outbound_emails::ticket_id.is_not_null())
        .select((
            outbound_emails::message_id,
            outbound_emails::ticket_id.assume_not_null(),
        ))
        .load(conn)?;
    Ok(found.into_iter().map(|(m, t)| (m, id(&t))).collect())
}
