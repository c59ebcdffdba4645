//! Making the mail a queued record stands for: whom it goes to, its wording rendered from
//! the organization's template, and the headers that thread it in the customer's mail program.

use db::mail_settings::Sending;
use db::outbound_emails::OutboundEmail;
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::contact::Contact;
use domain::outbound::{notification_path, reply_address, subject_line, Audience, TemplateKind};
use domain::ticket::{Author, Ticket};
use domain::{JobId, OrgId};
use serde_json::{json, Value as Json};

use super::templates::{self, Rendered};
use crate::error::ApiError;

/// A mail ready to hand to the SMTP server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The recipient's name, when known.
    pub to_name: Option<String>,
    /// The recipient's address.
    pub to: String,
    /// The subject, one line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body, a whole document.
    pub html: String,
    /// Its Message-ID, without angle brackets.
    pub message_id: String,
    /// The message it answers.
    pub in_reply_to: Option<String>,
    /// The thread it belongs to, oldest first.
    pub references: Vec<String>,
    /// Where answers go.
    pub reply_to: Option<String>,
    /// RFC 3834: set on mail no person wrote, so auto-responders do not answer it.
    pub auto_submitted: Option<&'static str>,
}

/// What a queued mail comes to.
#[derive(Debug)]
pub enum Composed {
    /// Send it, with these settings.
    Send(Box<Sending>, Box<Outgoing>),
    /// Nothing to send, and why.
    Skip(String),
}

/// How many earlier Message-IDs a mail's `References` lists.
const THREAD: usize = 20;

/// Composes the queued mail `email`, with its job's `payload`, at `now`. Missing records and
/// turned-off mail are skips, not failures: retrying would not help.
pub fn compose(
    conn: &mut AnyConnection,
    org: OrgId,
    (email, payload): (JobId, &str),
    public_url: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Composed, ApiError> {
    let queued = db::outbound_emails::get(conn, org, email)?;
    let Some(settings) = db::mail_settings::sending(conn, org)? else {
        return Ok(Composed::Skip(
            "mail is turned off for the organization".into(),
        ));
    };
    let organization = db::orgs::name(conn, org)?;
    let kind = queued.about.kind;
    let found = match kind.audience() {
        Audience::Customer => to_customer(conn, org, &queued, &organization)?,
        Audience::Staff => to_staff(conn, org, &queued, &organization, public_url)?,
        Audience::PortalUser => {
            super::portal::recipient(conn, org, (kind, payload), (&organization, public_url), now)?
        }
    };
    let (recipient, context, ticket) = match found {
        Ok(found) => found,
        Err(skip) => return Ok(Composed::Skip(skip)),
    };
    if is_ours(conn, org, &recipient.1, &settings)? {
        return Ok(Composed::Skip(format!(
            "{} is one of the organization's own addresses",
            recipient.1
        )));
    }
    let rendered = render(conn, org, kind, &context)?;
    let (in_reply_to, references) = match ticket {
        Some(ticket) => {
            let before = queued.created_at;
            let mut thread = db::outbound_emails::thread(conn, org, ticket.0, before, THREAD + 1)?;
            // Not itself, and only real Message-IDs (a message without one is known by a
            // hash of its content).
            thread.retain(|m| *m != queued.message_id && m.contains('@'));
            let skip = thread.len().saturating_sub(THREAD);
            let thread: Vec<String> = thread.into_iter().skip(skip).collect();
            (thread.last().cloned(), thread)
        }
        None => (None, Vec::new()),
    };
    let reply_to = settings
        .reply_to
        .as_deref()
        .map(|mailbox| reply_address(mailbox, ticket.map(|t| t.1)));
    let outgoing = Outgoing {
        // A name goes into the `To` header on one line, whatever was typed into it.
        to_name: recipient
            .0
            .map(|name| one_line(&name))
            .filter(|n| !n.is_empty()),
        to: recipient.1,
        subject: subject_line(&rendered.subject, ticket.map(|t| t.1)),
        text: rendered.text,
        html: document(&rendered.html),
        message_id: queued.message_id,
        in_reply_to,
        references,
        reply_to,
        auto_submitted: match kind {
            TemplateKind::AgentReply => None,
            TemplateKind::TicketReceived | TemplateKind::TicketSolved => Some("auto-replied"),
            _ => Some("auto-generated"),
        },
    };
    Ok(Composed::Send(Box::new(settings), Box::new(outgoing)))
}

/// A recipient (name, address), the template's values, and the ticket (id, number) the mail
/// threads into; or why there is nothing to send.
pub(super) type Found = Result<
    (
        (Option<String>, String),
        Json,
        Option<(domain::TicketId, i64)>,
    ),
    String,
>;

fn to_customer(
    conn: &mut AnyConnection,
    org: OrgId,
    queued: &OutboundEmail,
    organization: &str,
) -> Result<Found, ApiError> {
    let Some(ticket_id) = queued.about.ticket_id else {
        return Ok(Err("no ticket".into()));
    };
    let ticket: Ticket = match record::get(conn, org, ticket_id, Visibility::Live) {
        Ok(ticket) => ticket,
        Err(db::Error::NotFound) => return Ok(Err("the ticket was deleted".into())),
        Err(e) => return Err(e.into()),
    };
    let contact: Contact =
        match record::get(conn, org, ticket.fields.requester_id, Visibility::Live) {
            Ok(contact) => contact,
            Err(db::Error::NotFound) => return Ok(Err("the requester was deleted".into())),
            Err(e) => return Err(e.into()),
        };
    let Some(address) = contact.fields.email.as_ref().map(|e| e.as_str().to_owned()) else {
        return Ok(Err("the requester has no email address".into()));
    };
    // A requester with portal access chose which of these they want.
    if let Some(wants) = db::portal::preferences::of_contact(conn, org, contact.id)? {
        let unwanted = match queued.about.kind {
            TemplateKind::AgentReply => !wants.replies,
            TemplateKind::TicketReceived | TemplateKind::TicketSolved => !wants.updates,
            _ => false,
        };
        if unwanted {
            return Ok(Err("the customer turned this mail off in the portal".into()));
        }
    }
    let name = contact.fields.display_name();
    let mut context = json!({
        "organization": {"name": organization},
        "recipient": {"name": name, "email": address},
        "ticket": {"number": ticket.number, "subject": ticket.fields.subject,
                   "status": ticket.fields.status.as_str(),
                   "priority": ticket.fields.priority.as_str()},
    });
    if let Some(message) = queued.about.ticket_message_id {
        let message = db::tickets::messages::get(conn, org, message)?;
        if message.redacted.is_some() || !message.public {
            return Ok(Err("the reply was redacted or made internal".into()));
        }
        let author = match message.author {
            Author::User(user) => {
                let user: db::users::User = record::get(conn, org, user, Visibility::Any)?;
                user.name
            }
            _ => organization.to_owned(),
        };
        context["message"] = json!({"text": message.body, "author": author});
    }
    Ok(Ok((
        (Some(name), address),
        context,
        Some((ticket.id, ticket.number)),
    )))
}

fn to_staff(
    conn: &mut AnyConnection,
    org: OrgId,
    queued: &OutboundEmail,
    organization: &str,
    public_url: &str,
) -> Result<Found, ApiError> {
    let (Some(user), Some(notification)) = (queued.about.user_id, queued.about.notification_id)
    else {
        return Ok(Err("no user or notification".into()));
    };
    let user = match record::get::<db::users::User>(conn, org, user, Visibility::Live) {
        Ok(user) if user.active => user,
        Ok(_) | Err(db::Error::NotFound) => {
            return Ok(Err("the user is deactivated or deleted".into()))
        }
        Err(e) => return Err(e.into()),
    };
    let notification: db::notifications::Notification =
        match record::get(conn, org, notification, Visibility::Any) {
            Ok(notification) => notification,
            Err(db::Error::NotFound) => return Ok(Err("the notification is gone".into())),
            Err(e) => return Err(e.into()),
        };
    if !db::users::email_notifications(conn, org, user.id)?.contains(&notification.kind) {
        return Ok(Err(format!(
            "the user no longer has {} notifications emailed",
            notification.kind
        )));
    }
    let link = notification_path(
        notification.ticket_id,
        notification.lead_id,
        notification.activity_id.is_some(),
    );
    let context = json!({
        "organization": {"name": organization},
        "recipient": {"name": user.name, "email": user.email},
        "notification": {"kind": notification.kind, "message": notification.message,
                         "url": format!("{}{link}", public_url.trim_end_matches('/'))},
    });
    Ok(Ok(((Some(user.name), user.email), context, None)))
}

/// Whether `address` is the organization's sender or one of its mailboxes: mail to it would
/// come back in and loop.
fn is_ours(
    conn: &mut AnyConnection,
    org: OrgId,
    address: &str,
    settings: &Sending,
) -> Result<bool, ApiError> {
    let address = address.to_ascii_lowercase();
    if settings
        .fields
        .from_address
        .as_str()
        .eq_ignore_ascii_case(&address)
    {
        return Ok(true);
    }
    Ok(db::mailboxes::addresses(conn, org)?
        .iter()
        .any(|mailbox| mailbox.eq_ignore_ascii_case(&address)))
}

/// The organization's template rendered; should its own fail on real values (a variable only
/// some mail has), the default is used, so the customer still hears from us.
fn render(
    conn: &mut AnyConnection,
    org: OrgId,
    kind: TemplateKind,
    context: &Json,
) -> Result<Rendered, ApiError> {
    let own = db::email_templates::get(conn, org, kind)?;
    match templates::render(&own.template, context) {
        Ok(rendered) => Ok(rendered),
        Err(errors) => {
            tracing::warn!(
                kind = kind.as_str(),
                ?errors,
                "an email template failed; the default is used"
            );
            templates::render(&kind.default_template(), context)
                .map_err(|e| ApiError::Internal(format!("default template {kind:?}: {e:?}")))
        }
    }
}

/// Text on one line: control characters (line breaks among them) become spaces.
fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The HTML body as a whole document, readable in every mail program.
fn document(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"font-family:\
         -apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;\
         color:#1f2328\">{body}</body></html>"
    )
}
